//! The whole App mounted into a fresh element, driven through the contract's ids against the real
//! companion server, in headless Chromium.

#![cfg(target_arch = "wasm32")]

mod support;

use support::page::Page;
use support::wait_until;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn starts_idle_with_every_contract_id() {
    let page = Page::mount().await;
    assert_eq!(page.state(), "idle");
    for id in [
        "text-view",
        "tsend-button",
        "stop-button",
        "url-input",
        "protocols-input",
        "connect-button",
        "status",
        "close-code",
        "close-reason",
        "send-format",
        "file-input",
        "message-log",
        "log-count",
        "log-filter",
        "clear-log-button",
        "export-button",
        "notice",
        "reconnect-toggle",
        "stats",
        "entry-detail",
    ] {
        page.el(id);
    }
    assert_eq!(page.text("notice"), "");
    assert_eq!(page.el("notice").get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(page.el("close-code").dyn_into::<HtmlInputElement>().unwrap().value(), "1000");
    assert_eq!(page.text("log-count"), "0");
}

/// The options of `url-history`, in order.
fn suggestions(page: &Page) -> Vec<String> {
    let list = page.root.query_selector_all("#url-history option").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok()?.get_attribute("value"))
        .collect()
}

#[wasm_bindgen_test]
async fn addresses_that_opened_are_suggested_most_recent_first() {
    let page = Page::mount().await;
    assert_eq!(page.el("url-input").get_attribute("list").as_deref(), Some("url-history"));
    let (echo, binary) = (support::ws_url("/echo"), support::ws_url("/binary"));
    page.connect("/echo").await;
    // Added a moment after the open, not in the frames that open it.
    assert!(!suggestions(&page).contains(&echo), "added at once: {:?}", suggestions(&page));
    wait_until("the echo address suggested", 3000, || suggestions(&page).first() == Some(&echo)).await;
    page.click("stop-button").await;
    wait_until("closed", 5000, || page.state() == "closed").await;
    page.connect("/binary").await;
    // Focusing the field brings the suggestions up to date at once.
    let focus = web_sys::FocusEvent::new("focus").unwrap();
    page.el("url-input").dispatch_event(&focus).unwrap();
    yew::scheduler::flush().await;
    let shown = suggestions(&page);
    assert_eq!(shown.iter().position(|u| *u == binary), Some(0), "{shown:?}");
    assert!(shown.iter().position(|u| *u == echo) > Some(0), "{shown:?}");
}

#[wasm_bindgen_test]
async fn sends_and_receives_text_through_the_page() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.type_into("text-view", "hello from the test").await;
    page.click("tsend-button").await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    assert_eq!(page.entries("out"), vec![page.entries("out")[0].clone()]);
    assert!(page.entries("out")[0].contains("hello from the test"));
    assert!(page.entries("in")[0].contains("hello from the test"));
    let area = page.el("text-view").dyn_into::<HtmlTextAreaElement>().unwrap();
    assert_eq!(area.value(), "", "a sent message leaves the composer");
    let stats = page.el("stats");
    assert_eq!(stats.get_attribute("data-out-count").as_deref(), Some("1"));
    assert_eq!(stats.get_attribute("data-in-bytes").as_deref(), Some("19"));
}

#[wasm_bindgen_test]
async fn bad_json_stays_in_the_composer_with_a_notice() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.choose("send-format", "json").await;
    page.type_into("text-view", "{\"a\": ").await;
    page.click("tsend-button").await;
    assert!(page.text("notice").contains("Not valid JSON"), "{}", page.text("notice"));
    let area = page.el("text-view").dyn_into::<HtmlTextAreaElement>().unwrap();
    assert_eq!(area.value(), "{\"a\": ");
    assert!(page.entries("out").is_empty());
}

#[wasm_bindgen_test]
async fn hex_goes_out_as_binary_and_comes_back_as_binary() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.choose("send-format", "hex").await;
    page.type_into("text-view", "de ad be ef").await;
    page.click("tsend-button").await;
    wait_until("the binary echo", 5000, || !page.entries("in").is_empty()).await;
    let row = page.root.query_selector("#message-log .log-entry[data-kind=in]").unwrap().unwrap();
    assert_eq!(row.get_attribute("data-format").as_deref(), Some("binary"));
    assert!(row.text_content().unwrap().contains("4 bytes: de ad be ef"));
}

#[wasm_bindgen_test]
async fn send_while_closed_says_why_and_keeps_the_text() {
    let page = Page::mount().await;
    page.type_into("text-view", "not yet").await;
    page.click("tsend-button").await;
    assert!(page.text("notice").contains("not connected"), "{}", page.text("notice"));
    assert_eq!(page.el("text-view").dyn_into::<HtmlTextAreaElement>().unwrap().value(), "not yet");
}

#[wasm_bindgen_test]
async fn server_text_is_never_html() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    let attack = "<img src=x onerror=\"window.__pwned=1\"><svg onload=\"window.__pwned=1\">";
    page.type_into("text-view", attack).await;
    page.click("tsend-button").await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    let log = page.el("message-log");
    assert!(log.query_selector("img").unwrap().is_none());
    assert!(log.query_selector("svg").unwrap().is_none());
    assert!(page.entries("in")[0].contains(attack));
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_png_from_the_server_shows_as_an_image_in_the_detail() {
    let page = Page::mount().await;
    page.connect("/binary").await;
    wait_until("two binary messages", 5000, || page.entries("in").len() >= 2).await;
    let first = page.root.query_selector("#message-log .log-entry[data-kind=in]").unwrap().unwrap();
    assert!(first.text_content().unwrap().contains("PNG image"));
    first.dyn_ref::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    wait_until("the preview", 5000, || page.el("entry-detail").query_selector("img").unwrap().is_some())
        .await;
    let img = page.el("entry-detail").query_selector("img").unwrap().unwrap();
    assert!(img.get_attribute("src").unwrap().starts_with("blob:"));
    assert!(page.text("entry-detail").contains("bytes"));
    assert!(page.text("entry-detail").contains("89 50 4e 47"));
}

#[wasm_bindgen_test]
async fn the_detail_shows_text_json_as_a_tree_and_binary_three_ways() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.send("text", "plain words").await;
    page.send("json", r#"{"user":{"id":7,"tags":["a","b"]},"ok":true}"#).await;
    page.send("hex", "48 69 ff 00").await;
    wait_until("three echoes", 5000, || page.entries("in").len() >= 3).await;
    page.click_in(0).await;
    let text = page.detail().query_selector("pre.detail-text").unwrap().unwrap().text_content().unwrap();
    assert_eq!(text, "plain words");
    assert!(page.text("entry-detail").contains("11 bytes"));
    page.click_in(1).await;
    let keys: Vec<String> = {
        let list = page.detail().query_selector_all(".json-tree .j-key").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(keys, vec!["\"user\"", "\"id\"", "\"tags\"", "\"ok\""]);
    assert_eq!(page.detail().query_selector_all("details.j-node").unwrap().length(), 3, "object, user, tags");
    page.click_in(2).await;
    let text = page.text("entry-detail");
    assert!(text.contains("4 bytes"));
    assert!(text.contains("00000000  48 69 ff 00"), "hex with offsets: {text}");
    assert!(text.contains("|Hi..|"), "ASCII column");
    assert!(text.contains("SGn/AA=="), "base64");
    assert!(text.contains("Not valid UTF-8 from byte 2"), "{text}");
}

#[wasm_bindgen_test]
async fn a_json_tree_draws_children_only_as_far_as_opened() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    let items: Vec<String> = (0..250).map(|i| i.to_string()).collect();
    page.send(
        "json",
        &format!("{{\"list\":[{}],\"deep\":{{\"a\":{{\"b\":{{\"c\":1}}}}}}}}", items.join(",")),
    )
    .await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    page.click_in(0).await;
    let leaves = |page: &Page| page.detail().query_selector_all(".j-num").unwrap().length();
    assert_eq!(leaves(&page), 100, "a hundred children at first");
    let more = page.detail().query_selector(".j-more").unwrap().expect("a 'more' button");
    assert!(more.text_content().unwrap().contains("Show 100 more of 250"));
    more.dyn_ref::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(leaves(&page), 200);
    // Beyond the first levels nothing is drawn until opened: "c" is at depth 3.
    assert!(!page.text("entry-detail").contains("\"c\""));
    let closed = page.detail().query_selector("details.j-node:not([open]) > summary").unwrap().unwrap();
    closed.dyn_ref::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert!(page.text("entry-detail").contains("\"c\""), "opened on click");
}

#[wasm_bindgen_test]
async fn messagepack_from_the_wire_is_decoded() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    // {"id": 7, "ok": true} in MessagePack.
    page.send("hex", "82 a2 69 64 07 a2 6f 6b c3").await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    page.click_entry(4).await;
    let decoded = page.el("detail-decoded").text_content().unwrap();
    assert_eq!(decoded, "{\n  \"id\": 7,\n  \"ok\": true\n}");
    assert!(page.text("entry-detail").contains("MessagePack decoded"));
}

#[wasm_bindgen_test]
async fn markup_from_the_server_is_text_in_the_detail_too() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    let attack = r#"<img src=x onerror="window.__pwned2=1"><svg onload="window.__pwned2=1"></svg>"#;
    page.send("text", attack).await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    page.click_entry(4).await;
    let detail = page.detail();
    assert!(detail.query_selector("img").unwrap().is_none());
    assert!(detail.query_selector("svg").unwrap().is_none());
    assert!(detail.text_content().unwrap().contains(attack));
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned2".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn image_object_urls_are_revoked_when_the_preview_goes() {
    use sockpit::platform::object_url::live_object_urls;
    let page = Page::mount().await;
    page.connect("/binary").await;
    wait_until("two binary messages", 5000, || page.entries("in").len() >= 2).await;
    assert_eq!(live_object_urls(), 0);
    page.click_entry(3).await;
    wait_until("the preview", 5000, || page.detail().query_selector("img").unwrap().is_some()).await;
    assert_eq!(live_object_urls(), 1);
    page.click_entry(4).await;
    assert_eq!(live_object_urls(), 0, "another entry: revoked");
    page.click_entry(3).await;
    wait_until("the preview again", 5000, || page.detail().query_selector("img").unwrap().is_some()).await;
    assert_eq!(live_object_urls(), 1);
    page.click("detail-close").await;
    assert_eq!(live_object_urls(), 0, "closed: revoked");
    page.click_entry(3).await;
    wait_until("the preview once more", 5000, || page.detail().query_selector("img").unwrap().is_some())
        .await;
    page.click("clear-log-button").await;
    assert_eq!(live_object_urls(), 0, "log cleared: revoked");
    drop(page);
    let page = Page::mount().await;
    page.connect("/binary").await;
    wait_until("the PNG", 5000, || !page.entries("in").is_empty()).await;
    page.click_entry(3).await;
    wait_until("the preview in a new page", 5000, || page.detail().query_selector("img").unwrap().is_some())
        .await;
    assert_eq!(live_object_urls(), 1);
    drop(page);
    yew::scheduler::flush().await;
    assert_eq!(live_object_urls(), 0, "unmounted: revoked");
}

#[wasm_bindgen_test]
async fn a_16_mib_message_is_paged_not_drawn_whole() {
    let page = Page::mount().await;
    page.connect("/big?bytes=16777216").await;
    wait_until("the big message", 20_000, || !page.entries("in").is_empty()).await;
    assert!(page.entries("in")[0].contains("16777216 bytes"));
    page.click_entry(3).await;
    let pager = page.el("detail-pager").text_content().unwrap();
    assert!(pager.contains("Showing bytes 0–65536 of 16777216 bytes"), "{pager}");
    assert!(page.root.query_selector("#detail-show-all").unwrap().is_none(), "too big to show at once");
    let hex = page.detail().query_selector("pre.detail-hex").unwrap().unwrap().text_content().unwrap();
    assert_eq!(hex.lines().count(), 4096, "64 KB of 16-byte lines");
}

#[wasm_bindgen_test]
async fn a_filling_log_makes_its_rows_a_frames_allowance_a_frame_and_ends_with_the_newest() {
    let page = Page::mount().await;
    // A log tall enough for some 40 rows (the tests load no stylesheet), measured again on a resize.
    let log = page.el("message-log").dyn_into::<HtmlElement>().unwrap();
    log.style().set_property("height", "960px").unwrap();
    log.style().set_property("overflow-y", "auto").unwrap();
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("resize").unwrap()).unwrap();
    // The rows the log adds, by frame: a frame's callbacks all see the same `document.timeline` time.
    let watch = js_sys::Function::new_with_args(
        "rows",
        "const added = new Map(); new MutationObserver(ms => { const n = ms.reduce((n, m) => n + \
         [...m.addedNodes].filter(e => e.classList && e.classList.contains('log-entry')).length, 0); \
         const at = document.timeline.currentTime; if (n) added.set(at, (added.get(at) || 0) + n); }) \
         .observe(rows, { childList: true }); return added;",
    );
    let rows = page.root.query_selector("#message-log .log-rows").unwrap().unwrap();
    let added: js_sys::Map = watch.call1(&wasm_bindgen::JsValue::NULL, &rows).unwrap().into();
    page.connect("/flood?n=500&size=16").await;
    // The open, the flood's 500 messages and the one after its last.
    wait_until("the flood logged", 10_000, || page.text("log-count").trim() == "502").await;
    let drawn = || page.root.query_selector_all("#message-log .log-entry").unwrap().length();
    // Filled: the same number of rows over five polls (100 ms, some six frames).
    let (mut before, mut same) = (0, 0);
    wait_until("the rows filled in", 5000, || {
        let now = drawn();
        same = if now == before && now > 0 { same + 1 } else { 0 };
        before = now;
        same >= 5
    })
    .await;
    // In the order the frames came (a Map keeps its insertion order).
    let frames: Vec<u32> = added.values().into_iter().map(|n| n.unwrap().as_f64().unwrap() as u32).collect();
    assert!(drawn() >= 30, "a 960 px log draws some 40 rows, drew {}", drawn());
    // Before anything is measured a frame adds 8 rows at most, however many renders it has; then what
    // making rows was measured to cost here (core::viewport::RowPace), never more than 64.
    assert!(frames[0] <= 8, "rows added a frame: {frames:?}");
    assert!(frames.iter().all(|&n| n <= 64), "rows added a frame: {frames:?}");
    assert!(frames.len() >= 2, "filled over several frames: {frames:?}");
    // Following: the last row drawn is the newest entry (numbered from 1, nothing evicted).
    let last = page.root.query_selector("#message-log .log-rows > .log-entry:last-child").unwrap().unwrap();
    assert_eq!(last.get_attribute("data-seq").as_deref(), Some("502"));
}
