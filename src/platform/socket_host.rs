//! The worker's side of the socket's worker (`platform::remote` is the page's): each connection is a
//! `Socket`, the browser's WebSocket with its listeners and inbox, as on the page; what it receives goes
//! to the page a batch at a time, as the inbox hands it over. Browser effect, in the worker.
//!
//! Commands from the page (arrays): `["open", id, url, protocols]`, `["send", id, data]`,
//! `["close", id, code, reason]`, `["drop", id]`. Reports to it: `["opened", id, at, protocol,
//! extensions]`, `["batch", id, lengths, bytes, others, at]`, `["closed", id, at, code, reason, clean]`,
//! `["errored", id, at]`, `["failed", id, message]` (the constructor threw), `["buffered", id, bytes]`
//! (what `send` queued, while it drains). A send or close cannot throw here: the page refuses first what
//! the browser would refuse (a send before the open, a code or reason it does not allow), and the browser
//! throws for nothing else.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::connection::SocketEvent;
use crate::platform::socket::Socket;

/// How long the first message of a batch waits for others: a worker's batch costs the page one event.
const BATCH_MS: u32 = 4;
/// How often a send's queued bytes are looked at while they drain.
const BUFFERED_MS: u32 = 50;

#[wasm_bindgen]
extern "C" {
    /// The worker's `postMessage(message, transfer)`.
    #[wasm_bindgen(js_name = postMessage)]
    fn post_message(message: &JsValue, transfer: &Array);
}

/// One connection in the worker.
struct Hosted {
    id: u32,
    socket: Socket,
    /// The timer that sends the batch being gathered, and the one that follows a send's queued bytes.
    batch: Rc<RefCell<Option<Timeout>>>,
    buffered: RefCell<Option<Timeout>>,
    last_buffered: Cell<u32>,
}

thread_local! {
    static HOSTED: RefCell<Vec<Rc<Hosted>>> = const { RefCell::new(Vec::new()) };
}

fn find(id: u32) -> Option<Rc<Hosted>> {
    HOSTED.with(|h| h.borrow().iter().find(|c| c.id == id).cloned())
}

fn post(parts: &[JsValue], transfer: &Array) {
    let message: Array = parts.iter().collect();
    post_message(&message, transfer);
}

/// A batch as the inbox handed it over, with its text copied out of the inbox's kept buffer so that the
/// copy can be transferred.
fn post_batch(id: u32, taken: &Array) {
    let lengths = js_sys::Uint32Array::from(taken.get(0));
    if lengths.length() == 0 {
        return;
    }
    let bytes = Uint8Array::from(taken.get(1)).slice(0, u32::MAX);
    let others = Array::from(&taken.get(2));
    let at = js_sys::Float64Array::from(taken.get(3));
    let transfer = Array::of3(&lengths.buffer(), &bytes.buffer(), &at.buffer());
    for other in others.iter() {
        transfer.push(&other);
    }
    post(&["batch".into(), id.into(), lengths.into(), bytes.into(), others.into(), at.into()], &transfer);
}

fn post_event(id: u32, at: u64, event: SocketEvent) {
    let none = Array::new();
    match event {
        SocketEvent::Opened { protocol, extensions } => {
            post(&["opened".into(), id.into(), (at as f64).into(), protocol.into(), extensions.into()], &none)
        }
        SocketEvent::Closed { code, reason, clean } => post(
            &["closed".into(), id.into(), (at as f64).into(), code.into(), reason.into(), clean.into()],
            &none,
        ),
        SocketEvent::Errored => post(&["errored".into(), id.into(), (at as f64).into()], &none),
        // Messages go in batches (`post_batch`), never one by one.
        SocketEvent::Message(_) => {}
    }
}

/// Sends what waits in connection `id`'s inbox, and lets the next message start a new batch.
fn send_batch(id: u32) {
    let Some(hosted) = find(id) else { return };
    hosted.batch.borrow_mut().take();
    post_batch(id, &hosted.socket.take_raw(u32::MAX));
}

/// Reports the bytes a send queued, then again every `BUFFERED_MS` until they have gone.
fn follow_buffered(hosted: &Rc<Hosted>) {
    let now = hosted.socket.buffered_amount();
    if now != hosted.last_buffered.get() {
        hosted.last_buffered.set(now);
        post(&["buffered".into(), hosted.id.into(), now.into()], &Array::new());
    }
    let id = hosted.id;
    *hosted.buffered.borrow_mut() = (now > 0).then(|| {
        Timeout::new(BUFFERED_MS, move || {
            if let Some(hosted) = find(id) {
                follow_buffered(&hosted);
            }
        })
    });
}

fn open(id: u32, url: &str, protocols: &[String]) {
    let batch: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let sink = Rc::new(move |at: u64, event: SocketEvent| post_event(id, at, event));
    let wake = {
        let batch = batch.clone();
        Rc::new(move || {
            let mut pending = batch.borrow_mut();
            if pending.is_none() {
                *pending = Some(Timeout::new(BATCH_MS, move || send_batch(id)));
            }
        })
    };
    let backlog = {
        let batch = batch.clone();
        Rc::new(move |taken: Array| {
            batch.borrow_mut().take();
            post_batch(id, &taken);
        })
    };
    match Socket::open_with_backlog(url, protocols, sink, wake, backlog) {
        Ok(socket) => {
            let hosted =
                Hosted { id, socket, batch, buffered: RefCell::new(None), last_buffered: Cell::new(0) };
            HOSTED.with(|h| h.borrow_mut().push(Rc::new(hosted)));
        }
        Err(error) => post(&["failed".into(), id.into(), error.into()], &Array::new()),
    }
}

/// One command from the page (see the module's head); anything else is ignored.
#[wasm_bindgen]
pub fn socket_host_command(cmd: JsValue) {
    let Some(cmd) = cmd.dyn_ref::<Array>() else { return };
    let (kind, id) = (cmd.get(0).as_string().unwrap_or_default(), cmd.get(1).as_f64().unwrap_or(-1.0) as u32);
    match kind.as_str() {
        "open" => {
            let protocols: Vec<String> =
                Array::from(&cmd.get(3)).iter().filter_map(|p| p.as_string()).collect();
            open(id, &cmd.get(2).as_string().unwrap_or_default(), &protocols);
        }
        "send" => {
            let Some(hosted) = find(id) else { return };
            let _ = hosted.socket.send_raw(&cmd.get(2));
            follow_buffered(&hosted);
        }
        "close" => {
            let Some(hosted) = find(id) else { return };
            let code = cmd.get(2).as_f64().unwrap_or(1000.0) as u16;
            let _ = hosted.socket.close(code, &cmd.get(3).as_string().unwrap_or_default());
        }
        "drop" => HOSTED.with(|h| h.borrow_mut().retain(|c| c.id != id)),
        _ => {}
    }
}
