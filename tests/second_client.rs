//! What Sockpit sends is what a server gets, seen by an independent client: the app and a gloo-net
//! WebSocket join the same room of the companion server (`/room`, which relays each message to the
//! others unchanged), in headless Chromium.

#![cfg(target_arch = "wasm32")]

mod support;

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::{futures::WebSocket, Message, State};
use gloo_timers::future::TimeoutFuture;
use support::page::Page;
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The next message the independent client gets, within 5 s.
async fn next(client: &mut WebSocket) -> Message {
    let timeout = TimeoutFuture::new(5000);
    futures_util::pin_mut!(timeout);
    match futures_util::future::select(client.next(), timeout).await {
        futures_util::future::Either::Left((Some(Ok(m)), _)) => m,
        futures_util::future::Either::Left((other, _)) => panic!("the room ended: {other:?}"),
        futures_util::future::Either::Right(_) => panic!("nothing reached the independent client in 5 s"),
    }
}

#[wasm_bindgen_test]
async fn what_the_app_sends_reaches_another_client_byte_for_byte_and_back() {
    let room = format!("/room?name=second-client-{}", js_sys::Math::random().to_bits());
    let page = Page::mount().await;
    page.connect(&room).await;
    let mut client = WebSocket::open(&ws_url(&room)).expect("gloo-net opens");
    wait_until("the independent client is in", 5000, || matches!(client.state(), State::Open)).await;

    page.send("text", "héllo from Sockpit ✓").await;
    assert_eq!(next(&mut client).await, Message::Text("héllo from Sockpit ✓".into()));
    page.send("json", "{\"a\": [1, 2.5, null]}").await;
    assert_eq!(next(&mut client).await, Message::Text("{\"a\": [1, 2.5, null]}".into()));
    page.send("hex", "00 ff 10 80").await;
    assert_eq!(next(&mut client).await, Message::Bytes(vec![0x00, 0xff, 0x10, 0x80]));
    page.send("base64", "3q2+7w==").await;
    assert_eq!(next(&mut client).await, Message::Bytes(vec![0xde, 0xad, 0xbe, 0xef]));

    client.send(Message::Text("from the other side".into())).await.unwrap();
    client.send(Message::Bytes(vec![1, 2, 3, 254])).await.unwrap();
    wait_until("both relayed messages in the log", 5000, || page.entries("in").len() == 2).await;
    let got = page.entries("in");
    assert!(got[0].contains("from the other side"), "{got:?}");
    assert!(got[1].contains("4 bytes") && got[1].contains("01 02 03 fe"), "{got:?}");
    assert_eq!(page.entries("out").len(), 4, "the app heard nothing of its own");
    page.click("stop-button").await;
    wait_until("closed", 5000, || page.state() == "closed").await;
}
