//! Facts about the page itself: where it was loaded from and its query string. Browser effect.

use crate::core::protocol::PageOrigin;
use crate::core::query::QueryParams;

/// The page's scheme and host (`http` and an empty host when unknown).
pub fn origin() -> PageOrigin {
    let location = web_sys::window().map(|w| w.location());
    let scheme = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .map(|p| p.trim_end_matches(':').to_owned())
        .unwrap_or_else(|| "http".to_owned());
    let host = location.as_ref().and_then(|l| l.host().ok()).unwrap_or_default();
    PageOrigin { scheme, host }
}

/// The page's `?url=…&protocols=…&connect=1`.
pub fn query() -> QueryParams {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    QueryParams::parse(&search)
}

/// Puts the app's WebAssembly memory on `window.sockpitMemory`, so that benchmarks can weigh it.
pub fn expose_memory() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"sockpitMemory".into(), &wasm_bindgen::memory());
    }
}
