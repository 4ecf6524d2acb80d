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

/// Registers `./sw.js` (relative to the page, so the app works from any folder) when this is a release
/// build and the browser offers service workers (only in a secure context: https, or localhost).
pub fn register() {
    if version().is_none() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let registering = navigator.service_worker().register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(registering).await {
            // Registering an already registered worker does not look for a new one, and the browser's
            // own check after a navigation may come late: ask for it now, so a new deploy's worker
            // takes over on the load that shows the new page.
            Ok(registration) => {
                let update = js_sys::Reflect::get(&registration, &"update".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .and_then(|f| f.call0(&registration).ok())
                    .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
                if let Some(update) = update {
                    // A failed check (offline) changes nothing: the installed worker stays.
                    let _ = wasm_bindgen_futures::JsFuture::from(update).await;
                }
            }
            Err(e) => {
                web_sys::console::warn_2(&"Sockpit: the offline app shell was not installed:".into(), &e)
            }
        }
    });
}
