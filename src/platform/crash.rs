//! When the app panics, a plain message on the page itself (`#crash`, `role="alert"`) and on the
//! console: written with a few DOM calls and nothing of the app's own state, which may be broken by
//! then. Traps that are no panic (out of memory, stack overflow) are caught by `crash.js`, which needs
//! no Rust at all. Browser effect.

/// Makes every panic show `show`'s message before the app stops.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let why = info.to_string();
        web_sys::console::error_1(&why.as_str().into());
        show(&why);
    }));
}

/// Shows that Sockpit stopped, why, and how to report it (once: a later call leaves the first).
pub fn show(why: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(el) = document.create_element("div") else { return };
    el.set_id("crash");
    el.set_class_name("crash");
    let _ = el.set_attribute("role", "alert");
    el.set_text_content(Some(&format!(
        "Sockpit stopped: {why}. The page cannot go on: reload it to start again (this page's log is lost). \
         To report it, copy this message and write down the steps that led here."
    )));
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&el);
    }
}
