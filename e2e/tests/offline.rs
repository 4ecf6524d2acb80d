//! Offline, installable, deployable anywhere: the release `dist/` copied into a sub-folder
//! (`/tools/sockpit/`) of a plain static server (Python's `http.server`), opened in headless Chromium.
//! The WebSocket peer is the companion server, which stays up when the static server is stopped.

use std::path::{Path, PathBuf};

use serde_json::json;
use sockpit_e2e::{copy_dir, ws_url, Browser, StaticServer};

const FOLDER: &str = "tools/sockpit";

/// `dist/` copied under `<tmp>/tools/sockpit/`; returns the root to serve and the copy.
fn deploy(tag: &str) -> (PathBuf, PathBuf) {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    assert!(dist.join("sw.js").is_file(), "dist/ is a release build with its offline shell (sw.js)");
    let root = std::env::temp_dir().join(format!("sockpit-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let copy = root.join(FOLDER);
    copy_dir(&dist, &copy);
    (root, copy)
}

/// The build version written into a deployed copy's index.html.
fn version_of(copy: &Path) -> String {
    let html = std::fs::read_to_string(copy.join("index.html")).unwrap();
    let at = html.find("name=\"sockpit-build\" content=\"").expect("index.html has its build version") + 30;
    html[at..at + 16].to_owned()
}

/// Opens `url` and waits for the app to mount and for its service worker to control the page.
async fn load(b: &Browser, url: &str) {
    b.client.goto(url).await.unwrap();
    b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
    b.wait("the service worker controls the page", "return !!navigator.serviceWorker.controller").await;
}

/// The version the controlling service worker says it caches.
async fn worker_version(b: &Browser) -> serde_json::Value {
    b.js_async(
        "const sw = navigator.serviceWorker;
         const reply = new Promise(r => sw.addEventListener('message', e => r(e.data.sockpitVersion), { once: true }));
         sw.controller.postMessage('sockpit-version');
         return await reply;",
    )
    .await
}

#[tokio::test]
async fn from_a_sub_folder_the_app_installs_its_shell_then_opens_offline_and_connects() {
    let (root, copy) = deploy("offline");
    let server = StaticServer::start(&root).await;
    let base = format!("http://127.0.0.1:{}/{FOLDER}/", server.port);
    let b = Browser::start().await;
    load(&b, &base).await;

    // The service worker and the manifest live in the sub-folder and resolve there.
    let registration = b
        .js_async("const r = await navigator.serviceWorker.getRegistration(); return [r.scope, r.active.scriptURL];")
        .await;
    assert_eq!(registration, json!([base, format!("{base}sw.js?v={}", version_of(&copy))]));
    assert_eq!(worker_version(&b).await, json!(version_of(&copy)));
    let manifest = b
        .js_async(
            "const link = document.querySelector('link[rel=manifest]').href;
             const m = await (await fetch(link)).json();
             const icons = [];
             for (const i of m.icons) {
               const r = await fetch(new URL(i.src, link));
               icons.push([i.sizes, r.ok, r.headers.get('content-type')]);
             }
             return { link, start: new URL(m.start_url, link).href, scope: new URL(m.scope, link).href,
                      display: m.display, name: m.short_name, theme: !!m.theme_color, icons };",
        )
        .await;
    assert_eq!(manifest["link"], json!(format!("{base}manifest.webmanifest")));
    assert_eq!(manifest["start"], json!(base));
    assert_eq!(manifest["scope"], json!(base));
    assert_eq!(manifest["display"], json!("standalone"));
    assert_eq!(manifest["name"], json!("Sockpit"));
    assert_eq!(manifest["theme"], json!(true));
    let icons = manifest["icons"].as_array().unwrap();
    assert!(icons.iter().any(|i| i[0] == "512x512" && i[1] == true && i[2] == "image/png"), "{icons:?}");
    assert!(icons.iter().all(|i| i[1] == true), "every icon loads: {icons:?}");
    assert_eq!(b.js("return document.getElementById('app-update')").await, json!(null), "a first visit");

    // The static files become unreachable; the WebSocket server is still up.
    server.stop().await;
    let gone = b.js_async("try { await fetch('./not-in-the-shell.txt'); return 'reachable'; } catch (e) { return 'unreachable'; }").await;
    assert_eq!(gone, json!("unreachable"), "the static server is down");

    let echo = ws_url("/echo");
    b.client.goto(&format!("{base}?url={echo}&connect=1")).await.unwrap();
    b.wait("the app mounted offline", "return !!document.querySelector('main[data-settled]')").await;
    b.wait_state("open").await;
    b.fill("text-view", "sent from the offline page").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 1).await;
    assert!(b.entries("in").await[0].contains("sent from the offline page"));
    assert_eq!(b.js("return document.getElementById('app-update')").await, json!(null), "the same build");
    b.close().await;
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn a_new_deploy_is_picked_up_on_the_next_load_and_the_page_says_so() {
    let (root, copy) = deploy("update");
    let server = StaticServer::start(&root).await;
    let base = format!("http://127.0.0.1:{}/{FOLDER}/", server.port);
    let b = Browser::start().await;
    load(&b, &base).await;
    let before = version_of(&copy);
    assert_eq!(worker_version(&b).await, json!(before));

    // A new deploy: one file changed, and the build's post-build step run again over the copy.
    let crash = copy.join("crash.js");
    let mut text = std::fs::read_to_string(&crash).unwrap();
    text.push_str("\n// a new deploy\n");
    std::fs::write(&crash, text).unwrap();
    let status = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/post_build.py"))
        .env("TRUNK_STAGING_DIR", &copy)
        .env("TRUNK_PROFILE", "release")
        .status()
        .unwrap();
    assert!(status.success());
    let after = version_of(&copy);
    assert_ne!(before, after, "the changed file makes a new version");

    b.client.goto(&base).await.unwrap();
    b.wait("the update note", "return !!document.getElementById('app-update')").await;
    let note = b.text("app-update").await;
    assert!(note.contains("updated") && note.contains(&before) && note.contains(&after), "{note}");
    assert_eq!(
        b.js("return document.querySelector('meta[name=sockpit-build]').content").await,
        json!(after),
        "the page is the new build"
    );
    // The new build's worker installs, then waits for the old one to have no work before it activates
    // (skipWaiting); messages to the old worker are work, so this waits by reading the registration,
    // which sends the workers nothing, and asks the worker its version once it is active.
    let state = "const r = await navigator.serviceWorker.getRegistration();
                 const w = (x) => x && [x.scriptURL, x.state];
                 return { active: w(r.active), waiting: w(r.waiting), installing: w(r.installing),
                          controller: navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL };";
    let new_script = json!(format!("{base}sw.js?v={after}"));
    let mut seen = json!(null);
    for _ in 0..600 {
        seen = b.js_async(state).await;
        if seen["active"] == json!([new_script, "activated"]) && seen["controller"] == new_script {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        seen["active"] == json!([new_script, "activated"]) && seen["controller"] == new_script,
        "the new build's service worker took over within 60 s: {seen}"
    );
    assert_eq!(worker_version(&b).await, json!(after), "the worker in control caches the new build");
    // The old build's cache is deleted once the new worker has activated.
    let mut caches = Vec::new();
    for _ in 0..100 {
        let keys = b.js_async("return (await caches.keys()).filter(k => k.startsWith('sockpit '));").await;
        caches = keys.as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_owned()).collect::<Vec<_>>();
        if caches.len() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(caches.len() == 1 && caches[0].ends_with(&format!("{base} {after}")), "{caches:?}");

    // The note goes when dismissed, and the next load of the same build says nothing.
    b.client.find(fantoccini::Locator::Css("#app-update button")).await.unwrap().click().await.unwrap();
    b.wait("the note dismissed", "return !document.getElementById('app-update')").await;
    b.client.goto(&base).await.unwrap();
    b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
    assert_eq!(b.js("return document.getElementById('app-update')").await, json!(null));
    b.close().await;
    server.stop().await;
    let _ = std::fs::remove_dir_all(root);
}
