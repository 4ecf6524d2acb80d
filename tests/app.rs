//! The whole App mounted into a fresh element, driven through the contract's ids against the real
//! companion server, in headless Chromium.

#![cfg(target_arch = "wasm32")]

mod support;

use support::{fresh_root, wait_until, ws_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

wasm_bindgen_test_configure!(run_in_browser);

struct Page {
    root: Element,
    /// The mounted app; destroyed with the page so that no socket, timer or object URL outlives a test.
    app: Option<yew::AppHandle<sockpit::app::App>>,
}

impl Page {
    async fn mount() -> Page {
        let root = fresh_root();
        let app = yew::Renderer::<sockpit::app::App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        Page { root, app: Some(app) }
    }

    fn el(&self, id: &str) -> Element {
        self.root.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("no #{id}"))
    }

    fn text(&self, id: &str) -> String {
        self.el(id).text_content().unwrap_or_default()
    }

    fn state(&self) -> String {
        self.el("status").get_attribute("data-state").unwrap_or_default()
    }

    async fn type_into(&self, id: &str, value: &str) {
        let el = self.el(id);
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
        let init = EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        yew::scheduler::flush().await;
    }

    async fn choose(&self, id: &str, value: &str) {
        let el = self.el(id);
        el.dyn_ref::<HtmlSelectElement>().unwrap().set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
        yew::scheduler::flush().await;
    }

    async fn click(&self, id: &str) {
        self.el(id).dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    fn entries(&self, kind: &str) -> Vec<String> {
        let list =
            self.root.query_selector_all(&format!("#message-log .log-entry[data-kind={kind}]")).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    async fn connect(&self, path: &str) {
        self.type_into("url-input", &ws_url(path)).await;
        self.click("connect-button").await;
        wait_until("data-state=open", 5000, || self.state() == "open").await;
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

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

impl Page {
    async fn click_entry(&self, seq: u64) {
        let row = self
            .root
            .query_selector(&format!("#message-log .log-entry[data-seq=\"{seq}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no drawn entry {seq}"));
        row.dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    /// Clicks the `n`-th received entry (0 = oldest).
    async fn click_in(&self, n: u32) {
        let list = self.root.query_selector_all("#message-log .log-entry[data-kind=in]").unwrap();
        list.item(n).unwrap().dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    fn detail(&self) -> Element {
        self.el("entry-detail")
    }

    async fn send(&self, format: &str, text: &str) {
        self.choose("send-format", format).await;
        self.type_into("text-view", text).await;
        self.click("tsend-button").await;
    }
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
