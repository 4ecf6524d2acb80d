//! The worst inputs found, through the real page and the real companion server: a binary message that
//! once froze the tab for 14 s when clicked, JSON text that pretty-printed to 537 MB, and regex filters
//! that took minutes. Each must come back drawn (bounded, the cut said) or refused, with the page alive.

#![cfg(target_arch = "wasm32")]

mod support;

use support::page::Page;
use support::wait_until;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// MessagePack: `depth` one-element arrays around an array of `width` nils.
fn deep_around_wide(depth: usize, width: usize) -> String {
    let mut hex = "91".repeat(depth);
    hex.push_str(&format!("dd{width:08x}"));
    hex.push_str(&"c0".repeat(width));
    hex
}

#[wasm_bindgen_test]
async fn a_deep_and_wide_binary_message_is_drawn_within_bounds() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    // ~500 KB, the size that once froze the tab for 14 s: nesting past the decoder's limit, then within.
    for depth in [1000, 100] {
        page.send("hex", &deep_around_wide(depth, 500_000)).await;
    }
    wait_until("two echoes", 20_000, || page.entries("in").len() >= 2).await;
    page.click_in(0).await;
    assert!(page.text("entry-detail").contains("Hex"), "too deep to decode: the raw views stay");
    page.choose("detail-decode", "msgpack").await;
    let text = page.text("entry-detail");
    assert!(
        text.contains("depth limit"),
        "too deep is said, not a crash: {}",
        text.chars().take(400).collect::<String>()
    );
    page.choose("detail-decode", "auto").await;
    page.click_in(1).await;
    let decoded =
        page.detail().query_selector("#detail-decoded").unwrap().expect("decoded").text_content().unwrap();
    assert!(decoded.len() <= 256 * 1024, "{}", decoded.len());
    assert!(page.text("entry-detail").contains("Cut at"), "the cut is said");
    let document = web_sys::window().unwrap().document().unwrap();
    assert!(document.get_element_by_id("crash").is_none(), "no panic");
}

#[wasm_bindgen_test]
async fn deeply_nested_json_text_is_shown_cut() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    // ~2 MB: 120 brackets around a million zeros (pretty-printed whole it was hundreds of MB).
    let json = format!("{}{}0{}", "[".repeat(120), "0,".repeat(1_000_000), "]".repeat(120));
    page.send("json", &json).await;
    wait_until("the echo", 20_000, || !page.entries("in").is_empty()).await;
    page.click_in(0).await;
    let shown =
        page.detail().query_selector(".detail-json").unwrap().expect("JSON as text").text_content().unwrap();
    assert!(shown.len() <= 256 * 1024, "{}", shown.len());
    assert!(page.text("entry-detail").contains("Cut at"));
}

#[wasm_bindgen_test]
async fn a_costly_regex_over_many_lines_finishes_in_steps() {
    let page = Page::mount().await;
    // Lines of 200 bytes from the companion server, like the 1 MB that `.{300}` once froze for 10 s
    // (fewer here: these tests run unoptimised wasm, where the regex engine is many times slower).
    page.connect("/flood?n=300&size=200").await;
    wait_until("the flood", 30_000, || page.text("log-count").trim() == "302").await;
    page.click("filter-regex").await;
    page.type_into("log-filter", ".{300}").await;
    assert_eq!(page.text("notice"), "");
    wait_until("the scan, in steps", 60_000, || {
        page.root.query_selector(".log-searching").unwrap().is_none()
            && page.text("log-matches").contains("0 matching")
    })
    .await;
}

#[wasm_bindgen_test]
async fn costly_filters_are_refused_or_searched_in_bounded_steps() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.send("text", &"a".repeat(64 * 1024)).await;
    wait_until("the echo", 10_000, || !page.entries("in").is_empty()).await;
    page.click("filter-regex").await;
    page.type_into("log-filter", "a{65535}").await;
    assert!(page.text("notice").contains("too slow"), "{}", page.text("notice"));
    page.type_into("log-filter", ".{300}").await;
    assert_eq!(page.text("notice"), "");
    assert!(page.text("log-window").contains("of each message"));
    wait_until("the filter's scan", 10_000, || page.text("log-matches").contains("matching")).await;
}

/// Share links are deflated and inflated by the browser (`platform::deflate`): a round trip, a link made
/// before (by a compressor in the page: the same raw DEFLATE), bytes that are not DEFLATE, and a small
/// link that would inflate past the cap, stopped there.
#[wasm_bindgen_test]
async fn the_browsers_deflate_round_trips_reads_older_links_and_stops_at_its_cap() {
    use sockpit::platform::deflate::{deflate, inflate};
    let text = "ws://127.0.0.1:9001/echo ".repeat(200);
    let deflated = deflate(text.as_bytes()).await.unwrap();
    assert!(deflated.len() < text.len() / 10, "{} bytes", deflated.len());
    assert_eq!(inflate(&deflated, 1 << 20).await.unwrap(), text.as_bytes());

    // Raw DEFLATE as zlib and miniz_oxide write it at level 9.
    let before: [u8; 52] = [
        171, 86, 202, 206, 204, 75, 81, 178, 82, 42, 206, 72, 44, 74, 85, 210, 81, 42, 45, 202, 1, 242, 202,
        139, 173, 244, 245, 13, 141, 204, 245, 12, 128, 208, 208, 202, 210, 192, 192, 80, 63, 53, 57, 35, 31,
        162, 192, 8, 159, 138, 90, 0,
    ];
    let json = br#"{"kind":"share","url":"ws://127.0.0.1:9001/echo","url2":"ws://127.0.0.1:9001/echo"}"#;
    assert_eq!(inflate(&before, 1024).await.unwrap(), json.to_vec());

    assert!(inflate(&[0xff, 0xff, 0xff], 1024).await.is_err(), "not DEFLATE");
    let zeros = deflate(&vec![0u8; 1 << 20]).await.unwrap();
    assert!(zeros.len() < 4096, "{} bytes", zeros.len());
    let err = inflate(&zeros, 4096).await.unwrap_err();
    assert!(err.contains("over 4096 bytes"), "{err}");
}
