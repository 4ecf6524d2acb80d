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

/// Text and binary messages that a receive path must hand over byte for byte and in order: empty text,
/// accents, emoji (4 bytes for 2 UTF-16 units: more bytes than a take first makes room for), binary
/// between texts (one past `INLINE_MAX`, kept in the browser), and texts bigger than the inbox's kept
/// byte array.
pub fn mixed_payloads() -> Vec<sockpit::core::payload::Payload> {
    use sockpit::core::payload::Payload;
    vec![
        Payload::Text(String::new()),
        Payload::Text("héllo".into()),
        Payload::Binary(vec![0, 1, 2, 255].into()),
        Payload::Text("😀".repeat(20_000)),
        Payload::Text("a".repeat(100_000)),
        Payload::Binary((0..5000u32).map(|i| i as u8).collect::<Vec<u8>>().into()),
        Payload::Text("日本語 ✓".into()),
        Payload::Text("x".repeat(70_000) + "é"),
    ]
}
