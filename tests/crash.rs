//! The panic hook's message, in headless Chromium: a plain, visible `#crash` alert that names what
//! happened and how to report it, shown once.

#![cfg(target_arch = "wasm32")]

use sockpit::platform::crash;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_panic_is_said_on_the_page_once() {
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(document.get_element_by_id("crash").is_none());
    crash::show("panicked at src/core/log.rs:1:1: <b>not markup</b>");
    crash::show("a second panic");
    let el = document.get_element_by_id("crash").expect("a #crash banner");
    let text = el.text_content().unwrap_or_default();
    assert!(text.starts_with("Sockpit stopped: panicked at src/core/log.rs"), "{text}");
    assert!(text.contains("<b>not markup</b>"), "the message is text, never HTML");
    assert!(text.contains("To report it"));
    assert!(!text.contains("a second panic"), "the first cause stays");
    assert_eq!(el.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(document.query_selector_all("#crash").unwrap().length(), 1);
    el.remove();
}
