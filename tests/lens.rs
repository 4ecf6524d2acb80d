//! Protocol lenses in the whole App, in headless Chromium, against the companion server's real peers:
//! socketioxide (Socket.IO), async-graphql (both GraphQL over WebSocket protocols) and jsonrpsee.

#![cfg(target_arch = "wasm32")]

mod support;

use gloo_timers::future::TimeoutFuture;
use support::page::Page;
use support::wait_until;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn lens_of(page: &Page) -> String {
    page.el("status").get_attribute("data-lens").unwrap_or_default()
}

fn has_entry(page: &Page, kind: &str, needle: &str) -> bool {
    page.entries(kind).iter().any(|t| t.contains(needle))
}

/// Drawn rows matching a CSS selector inside the log.
fn rows(page: &Page, selector: &str) -> u32 {
    page.root.query_selector_all(&format!("#message-log .log-entry{selector}")).unwrap().length()
}

async fn click_selector(page: &Page, selector: &str) {
    let el = page.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    el.dyn_ref::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn socketio_connects_emits_gets_acks_and_binary_and_outlives_the_ping_timeout() {
    let page = Page::mount().await;
    assert_eq!(lens_of(&page), "raw");
    page.type_into("lens-namespace", "/admin").await;
    page.type_into("lens-auth", r#"{"token":"t1"}"#).await;
    page.connect("/socket.io/?EIO=4&transport=websocket").await;
    assert_eq!(lens_of(&page), "socket.io", "auto picks Socket.IO from the URL");
    wait_until("the namespace CONNECT", 5000, || has_entry(&page, "in", "CONNECT /admin")).await;
    assert!(
        has_entry(&page, "out", r#"CONNECT /admin · 40/admin,{"token":"t1"}"#),
        "{:?}",
        page.entries("out")
    );
    wait_until("the welcome event with the auth", 5000, || has_entry(&page, "in", "EVENT welcome /admin"))
        .await;
    assert!(has_entry(&page, "in", "t1"));
    assert!(rows(&page, "[data-kind=in][data-lens=\"socket.io\"]") > 0);

    // Emit with an ack: the echo and the server's ACK, joined to the event.
    click_selector(&page, "#lens-ack").await;
    page.send("socket.io", r#"["chat", "hi"]"#).await;
    wait_until("the chat echo", 5000, || has_entry(&page, "in", "EVENT chat /admin")).await;
    assert!(has_entry(&page, "out", "EVENT chat /admin ack 1"), "{:?}", page.entries("out"));
    wait_until("the ack", 5000, || has_entry(&page, "in", "ACK /admin ack 1 · reply to #")).await;

    // A binary event: the placeholder packet and its attachment joined to it.
    page.send("socket.io", r#"["bin", 7]"#).await;
    wait_until("the binary event", 5000, || has_entry(&page, "in", "BINARY_EVENT bin /admin · 1 attachment"))
        .await;
    wait_until("its attachment", 5000, || has_entry(&page, "in", "attachment 1 of #")).await;
    assert!(has_entry(&page, "in", "6 bytes: de ad be ef 00 ff"));

    // The server asks for an ack: its event shows the ack id.
    page.send("socket.io", r#"["ask"]"#).await;
    wait_until("the question", 5000, || has_entry(&page, "in", "EVENT question /admin ack")).await;

    // Past pingInterval + pingTimeout (1 s + 1 s): still open, pings answered with pongs.
    TimeoutFuture::new(3500).await;
    assert_eq!(page.state(), "open", "{:?}", page.entries("close"));
    wait_until("answered pings", 3000, || rows(&page, "[data-kind=out][data-heartbeat=\"true\"]") >= 1).await;
    assert!(has_entry(&page, "out", "PONG · 3"));
    assert!(page.text("status").contains("pongs"), "{}", page.text("status"));

    // hide-heartbeats hides them from the view; they stay counted.
    let count = page.text("log-count");
    click_selector(&page, "#hide-heartbeats").await;
    wait_until("heartbeats hidden", 2000, || rows(&page, "[data-heartbeat=\"true\"]") == 0).await;
    assert!(page.text("log-count").parse::<u64>().unwrap() >= count.parse::<u64>().unwrap());
    assert!(has_entry(&page, "in", "EVENT chat /admin"));
    page.click("stop-button").await;
}

#[wasm_bindgen_test]
async fn without_lens_auto_socketio_drops_the_connection() {
    let page = Page::mount().await;
    click_selector(&page, "#lens-auto").await;
    page.connect("/socket.io/?EIO=4&transport=websocket").await;
    // No CONNECT is sent and no ping answered: the server gives up after pingInterval + pingTimeout.
    wait_until("the server's close", 8000, || page.state() == "closed").await;
    assert!(page.entries("out").is_empty(), "{:?}", page.entries("out"));
    assert!(has_entry(&page, "in", "PING"));
}

#[wasm_bindgen_test]
async fn graphql_subscription_yields_its_values_and_completes() {
    let page = Page::mount().await;
    page.type_into("protocols-input", "graphql-transport-ws").await;
    page.connect("/graphql").await;
    assert_eq!(lens_of(&page), "graphql-transport-ws", "auto picks by the negotiated subprotocol");
    wait_until("connection_ack", 5000, || has_entry(&page, "in", "connection_ack")).await;
    assert!(has_entry(&page, "out", "connection_init"));
    page.send("graphql", "subscription { ticks(count: 3, everyMs: 20) }").await;
    wait_until("complete", 5000, || has_entry(&page, "in", "complete 1 of subscription ticks")).await;
    let nexts: Vec<String> =
        page.entries("in").into_iter().filter(|t| t.contains("next 1 of subscription ticks")).collect();
    assert_eq!(nexts.len(), 3, "{nexts:?}");
    assert!(nexts[2].contains(r#"{"ticks":3}"#), "{nexts:?}");
    let op = page.root.query_selector("#lens-operations .lens-op[data-op-id=\"1\"]").unwrap().unwrap();
    assert_eq!(op.get_attribute("data-op-state").as_deref(), Some("completed"));
    assert!(op.text_content().unwrap().contains("3 results"));

    // A long subscription ended from the operations list.
    page.send("graphql", "subscription Slow { ticks(count: 1000, everyMs: 50) }").await;
    wait_until("a first value", 5000, || has_entry(&page, "in", "next 2 of subscription Slow")).await;
    click_selector(&page, ".lens-op[data-op-id=\"2\"] .lens-op-complete").await;
    wait_until("completed", 3000, || {
        page.root.query_selector(".lens-op[data-op-id=\"2\"][data-op-state=\"completed\"]").unwrap().is_some()
    })
    .await;
    assert!(has_entry(&page, "out", "complete 2 of subscription Slow"));

    // The detail view shows the decoded message beside the raw frame.
    let seq: u64 = page
        .root
        .query_selector("#message-log .log-entry[data-kind=in][data-lens]")
        .unwrap()
        .unwrap()
        .get_attribute("data-seq")
        .unwrap()
        .parse()
        .unwrap();
    page.click_entry(seq).await;
    let protocol = page.el("detail-protocol");
    assert_eq!(protocol.get_attribute("data-lens").as_deref(), Some("graphql-transport-ws"));
    assert!(protocol.query_selector(".json-tree, .j-str").unwrap().is_some(), "a JSON tree");
    page.click("stop-button").await;
}

#[wasm_bindgen_test]
async fn graphql_ws_legacy_query_gets_its_data() {
    let page = Page::mount().await;
    page.choose("url-preset", "graphql-ws").await;
    let url = page.el("url-input").dyn_into::<web_sys::HtmlInputElement>().unwrap().value();
    assert!(url.ends_with("/graphql"), "{url}");
    assert_eq!(
        page.el("protocols-input").dyn_into::<web_sys::HtmlInputElement>().unwrap().value(),
        "graphql-ws"
    );
    page.type_into("url-input", &support::ws_url("/graphql")).await;
    page.click("connect-button").await;
    wait_until("open", 5000, || page.state() == "open").await;
    assert_eq!(lens_of(&page), "graphql-ws");
    wait_until("connection_ack", 5000, || has_entry(&page, "in", "connection_ack")).await;
    page.send("graphql", "{ hello(name: \"lens\") }").await;
    wait_until("data", 5000, || has_entry(&page, "in", "data 1 of query hello")).await;
    assert!(has_entry(&page, "in", "Hello, lens!"));
    page.click("stop-button").await;
}

#[wasm_bindgen_test]
async fn jsonrpc_call_is_matched_to_its_result() {
    let page = Page::mount().await;
    page.connect("/jsonrpc").await;
    assert_eq!(lens_of(&page), "raw", "nothing seen yet");
    page.send("json-rpc", "add [2, 3]").await;
    wait_until("the result", 5000, || has_entry(&page, "in", "result id 1 for add · reply to #")).await;
    assert_eq!(lens_of(&page), "json-rpc");
    assert!(has_entry(&page, "out", "request add id 1"));
    assert!(has_entry(&page, "in", r#""result":5"#));
    page.send("json-rpc", "nope").await;
    wait_until("the error", 5000, || has_entry(&page, "in", "error -32601 Method not found id 2 for nope"))
        .await;
    // A bad draft stays in the composer with a notice.
    page.send("json-rpc", "add 5").await;
    assert!(page.text("notice").contains("array or an object"), "{}", page.text("notice"));
    let draft = page.el("text-view").dyn_into::<web_sys::HtmlTextAreaElement>().unwrap().value();
    assert_eq!(draft, "add 5");
    page.click("stop-button").await;
}

#[wasm_bindgen_test]
async fn a_plain_echo_stays_raw() {
    let page = Page::mount().await;
    page.connect("/echo").await;
    page.send("text", r#"{"hello":1}"#).await;
    wait_until("the echo", 5000, || !page.entries("in").is_empty()).await;
    assert_eq!(lens_of(&page), "raw");
    assert_eq!(rows(&page, "[data-lens]"), 0);
    page.send("socket.io", r#"["x"]"#).await;
    assert!(page.text("notice").contains("lens"), "{}", page.text("notice"));
    page.click("stop-button").await;
}
