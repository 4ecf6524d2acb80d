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

/// The page's fragment, without `#` (a share link's workspace).
pub fn fragment() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_owned()
}

/// The page's address without its query and fragment: what a share link starts with.
pub fn address() -> String {
    let Some(l) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default())
}

/// Marks `name` on the page's performance timeline (for the benchmark).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The app is drawn and answers: the static loading frame goes, and `performance` gets the mark
/// `sockpit-interactive` (milliseconds since navigation start), which the benchmark reads.
pub fn interactive() {
    let Some(window) = web_sys::window() else { return };
    if let Some(loading) = window.document().and_then(|d| d.get_element_by_id("loading")) {
        loading.remove();
    }
    mark("sockpit-interactive");
}

/// Puts the app's WebAssembly memory on `window.sockpitMemory`, so that benchmarks can weigh it.
pub fn expose_memory() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"sockpitMemory".into(), &wasm_bindgen::memory());
    }
}
