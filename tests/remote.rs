//! Connections held by the socket's worker (`platform::remote` on the page, `platform::socket_host` in the
//! worker) against the real companion server, in headless Chromium: the worker runs this test's own
//! WebAssembly, and each test checks that what reaches the page is what a socket on the page gives.

#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use sockpit::core::connection::SocketEvent;
use sockpit::core::payload::Payload;
use sockpit::platform::remote::{self, AnySocket, RemoteSocket};
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type Events = Rc<RefCell<Vec<SocketEvent>>>;
type Failures = Rc<RefCell<Vec<String>>>;

async fn worker_ready() {
    remote::start();
    wait_until("the socket's worker ready", 20_000, remote::ready).await;
}

/// A connection through the worker, its events (messages only as taken by `pump`) and its refusals.
async fn open(url: &str, protocols: &[&str]) -> (RemoteSocket, Events, Failures) {
    worker_ready().await;
    let (events, failures): (Events, Failures) = Default::default();
    let protocols: Vec<String> = protocols.iter().map(|p| p.to_string()).collect();
    let sink = {
        let events = events.clone();
        Rc::new(move |_at: u64, e: SocketEvent| events.borrow_mut().push(e))
    };
    let fail = {
        let failures = failures.clone();
        Rc::new(move |error: String| failures.borrow_mut().push(error))
    };
    let socket =
        RemoteSocket::open(url, &protocols, sink, Rc::new(|| {}), fail).expect("the worker is ready");
    (socket, events, failures)
}

fn has(events: &Events, f: impl Fn(&SocketEvent) -> bool) -> bool {
    events.borrow().iter().any(f)
}

async fn opened(events: &Events) {
    wait_until("open", 5000, || has(events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
}

fn pump(socket: &RemoteSocket, events: &Events) {
    socket.take_messages(u32::MAX, |_at, payload| events.borrow_mut().push(SocketEvent::Message(payload)));
}

#[wasm_bindgen_test]
async fn text_and_binary_come_through_the_worker_byte_for_byte_in_order_and_a_step_at_a_time() {
    let (socket, events, _) = open(&ws_url("/echo"), &[]).await;
    opened(&events).await;
    let sent = support::mixed_payloads();
    for p in &sent {
        socket.send(p).unwrap();
    }
    wait_until("every echo waiting", 5000, || socket.waiting() as usize == sent.len()).await;
    socket.take_messages(3, |_at, payload| events.borrow_mut().push(SocketEvent::Message(payload)));
    assert_eq!(events.borrow().len(), 1 + 3);
    assert_eq!(socket.waiting() as usize, sent.len() - 3, "the rest still wait");
    pump(&socket, &events);
    let got: Vec<SocketEvent> = events.borrow()[1..].to_vec();
    assert!(
        got == sent.into_iter().map(SocketEvent::Message).collect::<Vec<_>>(),
        "the echoes came back changed"
    );
    assert_eq!(socket.waiting(), 0);
}

#[wasm_bindgen_test]
async fn the_open_carries_the_subprotocol_and_a_close_its_code_and_reason() {
    let (socket, events, _) = open(&ws_url("/protocols"), &["chat.v2", "chat.v1"]).await;
    opened(&events).await;
    assert!(has(&events, |e| matches!(e, SocketEvent::Opened { protocol, .. } if protocol == "chat.v2")));
    socket.close(4000, "Deliberate Connection").unwrap();
    wait_until("close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| *e
        == SocketEvent::Closed { code: 4000, reason: "Deliberate Connection".into(), clean: true }));
}

#[wasm_bindgen_test]
async fn what_the_browser_refuses_is_refused_on_the_page_at_once() {
    let (socket, events, _) = open(&ws_url("/echo"), &[]).await;
    let early = socket.send(&Payload::Text("too soon".into())).unwrap_err();
    assert!(early.contains("CONNECTING"), "{early}");
    opened(&events).await;
    let code = socket.close(1001, "").unwrap_err();
    assert!(code.starts_with("InvalidAccessError"), "{code}");
    let reason = socket.close(1000, &"r".repeat(124)).unwrap_err();
    assert!(reason.starts_with("SyntaxError"), "{reason}");
    // Nothing was closed by the refusals.
    socket.send(&Payload::Text("still open".into())).unwrap();
    wait_until("the echo", 5000, || socket.waiting() == 1).await;
}

#[wasm_bindgen_test]
async fn a_url_the_constructor_refuses_is_reported_with_its_exception() {
    let (_socket, events, failures) = open("ws://127.0.0.1:9001/#fragment", &[]).await;
    wait_until("the refusal", 5000, || !failures.borrow().is_empty()).await;
    assert!(failures.borrow()[0].contains("SyntaxError"), "{:?}", failures.borrow());
    assert!(events.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn server_close_drop_and_refusal_are_told_apart() {
    let (_closed, events, _) = open(&ws_url("/close?code=4001&reason=server%20says%20bye"), &[]).await;
    wait_until("server close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| *e
        == SocketEvent::Closed { code: 4001, reason: "server says bye".into(), clean: true }));

    let (_dropped, events, _) = open(&ws_url("/drop"), &[]).await;
    wait_until("drop", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| matches!(e, SocketEvent::Closed { code: 1006, clean: false, .. })));

    let (_refused, events, _) = open("ws://127.0.0.1:9/", &[]).await;
    wait_until("refused", 10_000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert_eq!(events.borrow()[0], SocketEvent::Errored);
    assert!(matches!(events.borrow()[1], SocketEvent::Closed { code: 1006, clean: false, .. }));
}

#[wasm_bindgen_test]
async fn a_close_hands_over_every_waiting_message_first_in_order() {
    let (socket, events, _) = open(&ws_url("/flood?n=500&size=20"), &[]).await;
    opened(&events).await;
    wait_until("500 messages waiting", 5000, || socket.waiting() == 500).await;
    socket.take_messages(7, |_at, payload| events.borrow_mut().push(SocketEvent::Message(payload)));
    socket.close(1000, "done").unwrap();
    wait_until("close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    let got = events.borrow();
    assert_eq!(got.len(), 502, "open, 500 messages, close");
    for i in 0..500 {
        let SocketEvent::Message(Payload::Text(t)) = &got[i + 1] else { panic!("{:?}", got[i + 1]) };
        assert!(t.starts_with(&format!("{:08} ", i + 1)), "message {i} in order: {t}");
    }
    assert!(matches!(got[501], SocketEvent::Closed { code: 1000, .. }));
    assert_eq!(socket.waiting(), 0);
}

#[wasm_bindgen_test]
async fn dropping_the_connection_stops_its_events_and_the_count_comes_back() {
    worker_ready().await;
    let before = sockpit::platform::socket::live_sockets();
    let (socket, events, _) = open(&ws_url("/echo"), &[]).await;
    assert_eq!(sockpit::platform::socket::live_sockets(), before + 1);
    opened(&events).await;
    socket.send(&Payload::Text("after drop".into())).unwrap();
    drop(socket);
    assert_eq!(sockpit::platform::socket::live_sockets(), before);
    // A second connection's round trip through the same worker goes after the first one's echo.
    let (probe, probe_events, _) = open(&ws_url("/echo"), &[]).await;
    opened(&probe_events).await;
    probe.send(&Payload::Text("probe".into())).unwrap();
    wait_until("probe echo", 5000, || probe.waiting() == 1).await;
    assert_eq!(events.borrow().len(), 1, "nothing after the drop: {:?}", events.borrow());
}

#[wasm_bindgen_test]
async fn any_socket_opens_in_the_worker_once_it_is_ready() {
    worker_ready().await;
    let sink = Rc::new(|_at: u64, _e: SocketEvent| {});
    let socket = AnySocket::open(&ws_url("/echo"), &[], sink, Rc::new(|| {}), Rc::new(|_| {})).unwrap();
    assert!(matches!(socket, AnySocket::Worker(_)));
}
