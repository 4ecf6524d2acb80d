//! Shared helpers for the browser tests: the companion server's address and bounded waiting.

#![allow(dead_code)]

use gloo_timers::future::TimeoutFuture;

pub mod page;

/// The companion server the test command started (host:port), fixed at compile time.
pub fn server() -> &'static str {
    option_env!("SOCKPIT_TEST_SERVER").unwrap_or("127.0.0.1:9001")
}

/// `ws://<server><path>`.
pub fn ws_url(path: &str) -> String {
    format!("ws://{}{path}", server())
}

/// Polls `cond` every 20 ms until it holds; panics with `what` after `ms` milliseconds.
pub async fn wait_until(what: &str, ms: u32, mut cond: impl FnMut() -> bool) {
    let mut waited = 0;
    while !cond() {
        assert!(waited < ms, "timed out after {ms} ms waiting for: {what}");
        TimeoutFuture::new(20).await;
        waited += 20;
    }
}

/// A fresh element in the document's body for one test to mount into.
pub fn fresh_root() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}
