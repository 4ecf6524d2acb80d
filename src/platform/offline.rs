//! The offline app shell: registers the service worker that a release build ships (`sw.js`, made by
//! `scripts/post_build.py`) and remembers which build this browser ran last. Browser effect.

use crate::core::offline;

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
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(registering).await {
            web_sys::console::warn_2(&"Sockpit: the offline app shell was not installed:".into(), &e)
        }
    });
}
