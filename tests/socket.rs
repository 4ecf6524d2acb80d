//! The owned browser socket (`platform::socket`) against the real companion server, in headless Chromium.

#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use sockpit::core::connection::SocketEvent;
use sockpit::core::payload::Payload;
use sockpit::platform::socket::Socket;
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

type Events = Rc<RefCell<Vec<SocketEvent>>>;

fn sink_into(events: &Events) -> Rc<dyn Fn(u64, SocketEvent)> {
    let events = events.clone();
    Rc::new(move |_at: u64, e: SocketEvent| events.borrow_mut().push(e))
}

fn no_wake() -> Rc<dyn Fn()> {
    Rc::new(|| {})
}

fn open(path: &str, protocols: &[&str]) -> (Socket, Events) {
    let events: Events = Rc::default();
    let protocols: Vec<String> = protocols.iter().map(|p| p.to_string()).collect();
    let socket = Socket::open(&ws_url(path), &protocols, sink_into(&events), no_wake())
        .expect("the constructor accepts the URL");
    (socket, events)
}

/// Moves the messages waiting in the socket's inbox into `events`.
fn pump(socket: &Socket, events: &Events) {
    socket.take_messages(u32::MAX, |_at, payload| events.borrow_mut().push(SocketEvent::Message(payload)));
}

#[wasm_bindgen_test]
async fn a_batch_of_text_and_binary_comes_over_in_one_take_byte_for_byte_and_in_order() {
    let (socket, events) = open("/echo", &[]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    let sent = support::mixed_payloads();
    for p in &sent {
        socket.send(p).unwrap();
    }
    wait_until("every echo waiting", 5000, || socket.waiting() as usize == sent.len()).await;
    // A take of at most 3 leaves the rest waiting, in order.
    socket.take_messages(3, |_at, payload| events.borrow_mut().push(SocketEvent::Message(payload)));
    assert_eq!(events.borrow().len(), 1 + 3);
    assert_eq!(socket.waiting() as usize, sent.len() - 3, "the rest still wait");
    pump(&socket, &events);
    let got: Vec<SocketEvent> = events.borrow()[1..].to_vec();
    assert_eq!(got, sent.into_iter().map(SocketEvent::Message).collect::<Vec<_>>());
    assert_eq!(socket.waiting(), 0, "the take left the inbox empty");
    // The next batch reuses the inbox's bytes: nothing of the last one shows through.
    socket.send(&Payload::Text("ok".into())).unwrap();
    wait_until("one more echo", 5000, || socket.waiting() == 1).await;
    pump(&socket, &events);
    assert_eq!(events.borrow().last(), Some(&SocketEvent::Message(Payload::Text("ok".into()))));
}

#[wasm_bindgen_test]
async fn batches_of_text_come_over_split_exactly_where_each_message_ends() {
    let (socket, events) = open("/echo", &[]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    let batches: [Vec<String>; 4] = [
        // All ASCII, of many lengths (the empty one too).
        vec![String::new(), "a".into(), "bc".into(), "x".repeat(5000), "{\"k\":[1,2]}".into(), "end".into()],
        // One message not ASCII among ASCII ones: none runs into the next.
        vec!["ab".into(), "é".into(), "cd".into(), "\u{7f}".into()],
        // Short ones copied as ASCII until a unit that is not (the encoder then writes the whole message
        // again), at and past the length up to which that is tried.
        vec![
            "abcé".into(),
            "x".repeat(255) + "é",
            "q".repeat(256),
            "r".repeat(257),
            "s".repeat(200) + "😀" + "t",
            "ok".into(),
        ],
        // Bigger than the kept byte array: made room for.
        vec!["y".repeat(3 << 20), "z".repeat(2 << 20)],
    ];
    for batch in batches {
        let before = events.borrow().len();
        for t in &batch {
            socket.send(&Payload::Text(t.clone())).unwrap();
        }
        wait_until("the batch waiting", 10_000, || socket.waiting() as usize == batch.len()).await;
        pump(&socket, &events);
        let got: Vec<SocketEvent> = events.borrow()[before..].to_vec();
        let want: Vec<SocketEvent> =
            batch.into_iter().map(|t| SocketEvent::Message(Payload::Text(t))).collect();
        assert_eq!(got.len(), want.len());
        assert!(got == want, "the batch came over changed");
    }
}

fn has(events: &Events, f: impl Fn(&SocketEvent) -> bool) -> bool {
    events.borrow().iter().any(f)
}

#[wasm_bindgen_test]
async fn echoes_text_and_binary() {
    let (socket, events) = open("/echo", &[]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    socket.send(&Payload::Text("héllo".into())).unwrap();
    socket.send(&Payload::Binary(vec![0, 1, 2, 255].into())).unwrap();
    wait_until("two echoes", 5000, || {
        pump(&socket, &events);
        events.borrow().len() >= 3
    })
    .await;
    let got = events.borrow();
    assert_eq!(got[1], SocketEvent::Message(Payload::Text("héllo".into())));
    assert_eq!(got[2], SocketEvent::Message(Payload::Binary(vec![0, 1, 2, 255].into())));
}

#[wasm_bindgen_test]
async fn closes_with_code_and_reason() {
    let (socket, events) = open("/echo", &[]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    socket.close(4000, "Deliberate Connection").unwrap();
    wait_until("close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| *e
        == SocketEvent::Closed { code: 4000, reason: "Deliberate Connection".into(), clean: true }));
}

#[wasm_bindgen_test]
async fn server_close_and_drop_are_told_apart() {
    let (_closed, events) = open("/close?code=4001&reason=server%20says%20bye", &[]);
    wait_until("server close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| *e
        == SocketEvent::Closed { code: 4001, reason: "server says bye".into(), clean: true }));

    let (_dropped, events) = open("/drop", &[]);
    wait_until("drop", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| matches!(e, SocketEvent::Closed { code: 1006, clean: false, .. })));
}

#[wasm_bindgen_test]
async fn negotiates_a_subprotocol() {
    let (_socket, events) = open("/protocols", &["chat.v2", "chat.v1"]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    assert!(has(&events, |e| matches!(e, SocketEvent::Opened { protocol, .. } if protocol == "chat.v2")));
}

#[wasm_bindgen_test]
async fn a_refused_connection_reports_error_then_1006() {
    // Port 9 (discard) is closed on the test machine: the handshake fails.
    let events: Events = Rc::default();
    let _socket = Socket::open("ws://127.0.0.1:9/", &[], sink_into(&events), no_wake()).unwrap();
    wait_until("close", 10000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    assert!(has(&events, |e| *e == SocketEvent::Errored));
    assert!(has(&events, |e| matches!(e, SocketEvent::Closed { code: 1006, clean: false, .. })));
}

#[wasm_bindgen_test]
fn the_constructor_refusal_comes_back_as_text() {
    let sink = Rc::new(|_at: u64, _e: SocketEvent| {});
    match Socket::open("ws://127.0.0.1:9001/#fragment", &[], sink, no_wake()) {
        Err(message) => assert!(message.contains("SyntaxError"), "{message}"),
        Ok(_) => panic!("a URL with a fragment must be refused"),
    }
}

#[wasm_bindgen_test]
async fn dropping_the_socket_stops_its_events() {
    let (socket, events) = open("/echo", &[]);
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    socket.send(&Payload::Text("after drop".into())).unwrap();
    drop(socket);
    // A second connection's round trip goes after the first one's echo would have come back.
    let (probe, probe_events) = open("/echo", &[]);
    wait_until("probe open", 5000, || has(&probe_events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    probe.send(&Payload::Text("probe".into())).unwrap();
    wait_until("probe echo", 5000, || {
        pump(&probe, &probe_events);
        has(&probe_events, |e| matches!(e, SocketEvent::Message(_)))
    })
    .await;
    assert_eq!(events.borrow().len(), 1, "no message or close after the drop: {:?}", events.borrow());
}

#[wasm_bindgen_test]
async fn messages_wait_in_the_inbox_and_a_close_hands_them_over_first() {
    let woken = Rc::new(std::cell::Cell::new(0u32));
    let events: Events = Rc::default();
    let wake: Rc<dyn Fn()> = {
        let woken = woken.clone();
        Rc::new(move || woken.set(woken.get() + 1))
    };
    // 50 messages from the server, none taken from the inbox: they reach the sink only when the close does.
    let socket = Socket::open(&ws_url("/flood?n=50&size=20"), &[], sink_into(&events), wake).unwrap();
    wait_until("open", 5000, || has(&events, |e| matches!(e, SocketEvent::Opened { .. }))).await;
    wait_until("50 messages waiting", 5000, || socket.waiting() == 50).await;
    assert_eq!(events.borrow().len(), 1, "only the open went to the sink");
    socket.close(1000, "done").unwrap();
    wait_until("close", 5000, || has(&events, |e| matches!(e, SocketEvent::Closed { .. }))).await;
    let got = events.borrow();
    assert_eq!(got.len(), 52, "{got:?}");
    assert!(matches!(got[0], SocketEvent::Opened { .. }));
    for i in 0..50 {
        let SocketEvent::Message(Payload::Text(t)) = &got[i + 1] else { panic!("{:?}", got[i + 1]) };
        assert!(t.starts_with(&format!("{:08} ", i + 1)), "message {i} in order: {t}");
    }
    assert!(matches!(got[51], SocketEvent::Closed { code: 1000, .. }));
    assert_eq!(woken.get(), 1, "one wake for the whole batch, which nothing took");
}

#[wasm_bindgen_test]
fn the_rehearsal_takes_its_text_and_binary_through_an_inbox_without_a_socket() {
    // Two messages go in on a stand-in object, and both come out of the take: the same code a real
    // socket's batch runs through, compiled before a real connection needs it.
    assert_eq!(sockpit::platform::socket::rehearse(), 2);
}
