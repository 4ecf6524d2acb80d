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

/// A page-wide shortcut the page handles itself (the others belong to the focused control).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// `?` outside a text field: show or hide the list of shortcuts.
    Help,
    /// Escape: close the list.
    Escape,
}

/// Listens for page-wide keys while the returned listener lives: Ctrl+K (or ⌘K) focuses the library
/// search here; `?` and Escape are handed to `on`.
pub fn on_shortcut(on: impl Fn(Shortcut) + 'static) -> Option<gloo_events::EventListener> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    Some(gloo_events::EventListener::new(&document, "keydown", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
        let key = e.key();
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if (e.ctrl_key() || e.meta_key()) && key.eq_ignore_ascii_case("k") {
            e.prevent_default();
            if let Some(search) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("library-search"))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = search.focus();
            }
        } else if key == "?" && !typing && !e.ctrl_key() && !e.alt_key() {
            e.prevent_default();
            on(Shortcut::Help);
        } else if key == "Escape" {
            on(Shortcut::Escape);
        }
    }))
}

/// Marks `name` on the page's performance timeline (for the benchmark).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Removes the static loading frame of `index.html`, if it is still there.
fn remove_loading() {
    if let Some(loading) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading"))
    {
        loading.remove();
    }
}

thread_local! {
    /// The frame request made by `reveal`, owned here until it has run.
    static REVEAL: std::cell::RefCell<Option<gloo_render::AnimationFrame>> = const { std::cell::RefCell::new(None) };
}

/// Called once the app is mounted (its first render runs before the next frame): at the start of that
/// frame, before the page is laid out, the static loading frame goes. The first frame that draws the app
/// then draws it alone. Without this, when Yew put the first effects (which also remove it) after that
/// frame, the frame laid out both: the loading frame fills the window, so the app sat below the fold
/// until a later frame.
pub fn reveal() {
    let frame = gloo_render::request_animation_frame(|_| {
        remove_loading();
        // Done: the request is dropped (wasm-bindgen frees its closure once this call returns).
        REVEAL.with(|r| drop(r.borrow_mut().take()));
    });
    REVEAL.with(|r| *r.borrow_mut() = Some(frame));
}

/// The app's first effects have run: the static loading frame goes if `reveal`'s frame has not come
/// yet (a hidden tab draws no frames), and `performance` gets the mark `sockpit-interactive`
/// (milliseconds since navigation start). When the connect button was first on screen is another
/// figure: the browser's element timing of `connect-button` (its `elementtiming` attribute), which the
/// benchmark reads as "interactive".
pub fn interactive() {
    remove_loading();
    mark("sockpit-interactive");
}

/// Puts the app's WebAssembly memory on `window.sockpitMemory`, so that benchmarks can weigh it.
pub fn expose_memory() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"sockpitMemory".into(), &wasm_bindgen::memory());
    }
}
