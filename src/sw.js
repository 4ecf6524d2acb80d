// Sockpit's service worker: keeps the app shell (the files of one release build) so the page opens with
// no network. scripts/post_build.py writes dist/sw.js from this file, filling VERSION (a hash of the
// build's files) and FILES (every file of the build, relative to this script).
//
// What it touches: only GET requests for those files and navigations to the app's own page, inside its
// own folder. Never WebSocket traffic (a service worker cannot see it), never another path of the same
// host (a companion server's endpoints, an API), never another origin.
"use strict";

const VERSION = "__VERSION__";
const FILES = [/* __FILES__ */];
const SCOPE = new URL("./", self.location.href).href;
// One cache per folder and build, so two deployments on one host never evict each other.
const PREFIX = "sockpit " + SCOPE + " ";
const CACHE = PREFIX + VERSION;
const SHELL = new Set(FILES.map((f) => new URL(f, SCOPE).href));
const PAGE = new URL("./index.html", SCOPE).href;
// A navigation waits this long for the network before the cached page is shown.
const NETWORK_WAIT_MS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "sockpit-version" && event.source) {
    event.source.postMessage({ sockpitVersion: VERSION });
  } else if (event.data === "sockpit-skip-waiting") {
    // The page sees this worker waiting: asking again makes the browser hurry the old one (see
    // src/platform/offline.rs, `register`).
    event.waitUntil(self.skipWaiting());
  }
});

function withoutQuery(href) {
  const url = new URL(href);
  url.search = "";
  url.hash = "";
  return url.href;
}

// The page itself: the network first (a new deploy is picked up on the next load), the cached page when
// the network fails or is slower than NETWORK_WAIT_MS.
async function page(request) {
  const cached = () => caches.open(CACHE).then((c) => c.match(PAGE)).then((r) => r || Response.error());
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), NETWORK_WAIT_MS);
  });
  try {
    const response = await Promise.race([fetch(request), late]);
    if (response && response.ok) return response;
    const shell = await cached();
    return shell.type === "error" && response ? response : shell;
  } catch (_) {
    return cached();
  } finally {
    clearTimeout(timer);
  }
}

// A file of this build: from the cache (its name is hashed, so it never changes), else the network.
async function file(request, href) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(href);
  return hit || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const href = withoutQuery(request.url);
  if (request.mode === "navigate") {
    if (href === SCOPE || href === PAGE) event.respondWith(page(request));
    return;
  }
  if (SHELL.has(href) && href !== SCOPE && href !== PAGE) event.respondWith(file(request, href));
});
