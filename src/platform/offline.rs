//! The offline app shell: registers the service worker that a release build ships (`sw.js`, made by
//! `scripts/post_build.py`) and remembers which build this browser ran last. Browser effect.

use crate::core::offline;
use wasm_bindgen::JsCast;

/// Where the last build this browser ran is remembered.
const BUILD_KEY: &str = "sockpit.build";

/// The running build's version: `<meta name="sockpit-build">`, which only a release build has.
pub fn version() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let meta = document.query_selector("meta[name=sockpit-build]").ok()??;
    meta.get_attribute("content")
}

/// What the page says about its build on this load (`core::offline::update_note`); this build is
/// remembered for the next one. Nothing when storage is unavailable.
pub fn update_note() -> Option<String> {
    let current = version()?;
    let storage = web_sys::window()?.local_storage().ok()??;
    let previous = storage.get_item(BUILD_KEY).ok().flatten();
    if previous.as_deref() != Some(current.as_str()) {
        let _ = storage.set_item(BUILD_KEY, &current);
    }
    offline::update_note(previous.as_deref(), &current)
}

/// Registers `./sw.js?v=<build>` (relative to the page, so the app works from any folder) when this is a
/// release build and the browser offers service workers (only in a secure context: https, or localhost).
///
/// The build in the script's address makes a new deploy's page install its own worker on the load that
/// shows it: a registration whose script address changed always fetches and installs the new script,
/// where an update check of an unchanged address can come late, or be answered `304 Not Modified` by a
/// static server whose file times have a one-second grain. The worker ignores the query.
///
/// A new worker that has installed waits until the old one has no work. Chromium asks a running old
/// worker to finish as soon as it is idle when the new one calls `skipWaiting()`, but not one that is
/// still starting (it then keeps its ordinary 30 s idle time): so while a worker waits, the page asks it
/// to skip waiting again, every half second for up to a minute.
pub fn register() {
    let Some(build) = version() else { return };
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let script = format!("./sw.js?v={}", js_sys::encode_uri_component(&build));
    let registering = navigator.service_worker().register(&script);
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(registering).await {
            Ok(registration) => hurry(registration.unchecked_into()).await,
            Err(e) => {
                web_sys::console::warn_2(&"Sockpit: the offline app shell was not installed:".into(), &e)
            }
        }
    });
}

/// Asks a waiting worker to take over now (`sw.js` answers the message with `skipWaiting()`), while one
/// is installing or waiting; a minute at most.
async fn hurry(registration: web_sys::ServiceWorkerRegistration) {
    for _ in 0..120 {
        if let Some(waiting) = registration.waiting() {
            let _ = waiting.post_message(&"sockpit-skip-waiting".into());
        } else if registration.installing().is_none() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(500).await;
    }
}
