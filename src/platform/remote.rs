//! The socket's worker, the page's side (`platform::socket_host` is the worker's): a dedicated worker
//! that runs this same WebAssembly and owns the connections' WebSockets, so that the browser's work for
//! each received message (its event, its data, the inbox) is done on the worker's thread, and the page
//! takes a batch at a time. The page's thread then never holds the flood's events, and their garbage is
//! collected on the worker's. Browser effect.
//!
//! The worker starts after the page's first paint (`start`); until it says it is ready, or if it cannot
//! start or stops, a connection opens on the page as before (`AnySocket`). Both give the app the same
//! events in the same order.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use js_sys::Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::core::connection::SocketEvent;
use crate::core::payload::Payload;
use crate::platform::socket::{count_socket, now_ms, Batch, Sink, Socket};

#[wasm_bindgen]
extern "C" {
    /// The glue's own address (`import.meta.url` in it), which the worker loads too.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsValue;
}

#[wasm_bindgen(module = "/src/platform/socket_worker.js")]
extern "C" {
    /// The worker script's address.
    #[wasm_bindgen(js_name = workerUrl)]
    fn worker_url() -> String;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Starting,
    Ready,
    Broken,
}

/// The worker and the connections it holds for the page.
struct Host {
    worker: Worker,
    state: Cell<State>,
    next_id: Cell<u32>,
    remotes: RefCell<Vec<Weak<Remote>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

thread_local! {
    static HOST: RefCell<Option<Rc<Host>>> = const { RefCell::new(None) };
}

fn host() -> Option<Rc<Host>> {
    HOST.with(|h| h.borrow().clone())
}

/// Starts the socket's worker, once; connections opened before it is ready open on the page.
pub fn start() {
    if host().is_some() {
        return;
    }
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let Ok(worker) = Worker::new_with_options(&worker_url(), &options) else { return };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(&e.data()));
    let on_error = Closure::<dyn FnMut(Event)>::new(|_: Event| broken());
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let host = Host {
        worker,
        state: Cell::new(State::Starting),
        next_id: Cell::new(1),
        remotes: RefCell::new(Vec::new()),
        _on_message: on_message,
        _on_error: on_error,
    };
    HOST.with(|h| *h.borrow_mut() = Some(Rc::new(host)));
}

/// Whether connections now open in the worker.
pub fn ready() -> bool {
    host().is_some_and(|h| h.state.get() == State::Ready)
}

/// The worker failed (it could not load, or threw): it is stopped, and each connection it held ends
/// as a dropped connection does; new ones open on the page.
fn broken() {
    let Some(host) = host() else { return };
    if host.state.replace(State::Broken) == State::Broken {
        return;
    }
    host.worker.terminate();
    mark("stopped");
    let remotes: Vec<Rc<Remote>> = host.remotes.borrow().iter().filter_map(Weak::upgrade).collect();
    for remote in remotes {
        let ended =
            SocketEvent::Closed { code: 1006, reason: "the socket's worker stopped".into(), clean: false };
        remote.end(now_ms(), [SocketEvent::Errored, ended]);
    }
}

/// Tells tools and tests where connections open: `<html data-socket-worker="ready">` (or `"stopped"`).
fn mark(state: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-socket-worker", state);
    }
}

fn on_message(data: &JsValue) {
    let Some(host) = host() else { return };
    let Some(data) = data.dyn_ref::<Array>() else { return };
    let kind = data.get(0).as_string().unwrap_or_default();
    match kind.as_str() {
        "hello" => {
            let start = Array::of3(&"start".into(), &GLUE_URL.with(JsValue::clone), &wasm_bindgen::module());
            let _ = host.worker.post_message(&start);
        }
        "ready" if host.state.get() == State::Starting => {
            host.state.set(State::Ready);
            mark("ready");
        }
        "broken" => broken(),
        _ => {
            let id = data.get(1).as_f64().unwrap_or(0.0) as u32;
            let remote = host.remotes.borrow().iter().filter_map(Weak::upgrade).find(|r| r.id == id);
            if let Some(remote) = remote {
                remote.report(&kind, data);
            }
        }
    }
}

/// A connection in the worker, as the page sees it.
struct Remote {
    id: u32,
    sink: Sink,
    wake: Rc<dyn Fn()>,
    fail: Rc<dyn Fn(String)>,
    /// Received batches not yet cut into messages (a batch leaves once cut to its end).
    queue: RefCell<VecDeque<Batch>>,
    opened: Cell<bool>,
    buffered: Cell<u32>,
}

impl Remote {
    fn report(&self, kind: &str, data: &Array) {
        let at = data.get(2).as_f64().unwrap_or(0.0) as u64;
        let text = |i: u32| data.get(i).as_string().unwrap_or_default();
        match kind {
            "opened" => {
                self.opened.set(true);
                (self.sink)(at, SocketEvent::Opened { protocol: text(3), extensions: text(4) });
            }
            "batch" => {
                let batch = Batch::from_taken(&data.slice(2, 6));
                let was_empty = self.queue.borrow().is_empty();
                self.queue.borrow_mut().push_back(batch);
                if was_empty {
                    (self.wake)();
                }
            }
            "closed" => {
                let code = data.get(3).as_f64().unwrap_or(1006.0) as u16;
                let clean = data.get(5).as_bool().unwrap_or(false);
                self.end(at, [SocketEvent::Closed { code, reason: text(4), clean }]);
            }
            "errored" => self.end(at, [SocketEvent::Errored]),
            "failed" => (self.fail)(text(2)),
            "buffered" => {
                self.buffered.set(data.get(2).as_f64().unwrap_or(0.0) as u32);
                (self.wake)();
            }
            _ => {}
        }
    }

    /// Hands over every message still waiting, then `events`: what came before a close or an error is
    /// applied before it, as on the page.
    fn end<const N: usize>(&self, at: u64, events: [SocketEvent; N]) {
        let batches: Vec<Batch> = self.queue.borrow_mut().drain(..).collect();
        for mut batch in batches {
            batch.cut(usize::MAX, &mut |at, payload| (self.sink)(at, SocketEvent::Message(payload)));
        }
        for event in events {
            (self.sink)(at, event);
        }
    }
}

/// A connection held by the socket's worker: the same calls as a `Socket`.
pub struct RemoteSocket {
    remote: Rc<Remote>,
}

impl RemoteSocket {
    /// Asks the worker, if it is ready, to open a connection to `url` offering `protocols`; events go
    /// to `sink`, and `fail` hears the constructor's exception if it throws.
    pub fn open(
        url: &str,
        protocols: &[String],
        sink: Sink,
        wake: Rc<dyn Fn()>,
        fail: Rc<dyn Fn(String)>,
    ) -> Option<RemoteSocket> {
        let host = host().filter(|h| h.state.get() == State::Ready)?;
        let id = host.next_id.get();
        host.next_id.set(id.wrapping_add(1));
        let list: Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
        let open = Array::of4(&"open".into(), &id.into(), &url.into(), &list);
        host.worker.post_message(&open).ok()?;
        let remote = Rc::new(Remote {
            id,
            sink,
            wake,
            fail,
            queue: RefCell::new(VecDeque::new()),
            opened: Cell::new(false),
            buffered: Cell::new(0),
        });
        let mut remotes = host.remotes.borrow_mut();
        remotes.retain(|r| r.strong_count() > 0);
        remotes.push(Rc::downgrade(&remote));
        count_socket(1);
        Some(RemoteSocket { remote })
    }

    fn post(&self, message: &Array, transfer: &Array) -> Result<(), String> {
        let host = host().filter(|h| h.state.get() != State::Broken).ok_or("the socket's worker stopped")?;
        host.worker
            .post_message_with_transfer(message, transfer)
            .map_err(|e| crate::platform::socket::js_error_text(&e))
    }

    /// How many received messages wait.
    pub fn waiting(&self) -> u32 {
        self.remote.queue.borrow().iter().map(Batch::left).sum::<usize>() as u32
    }

    /// Hands the (at most `max`) oldest received messages to `each`, oldest first.
    pub fn take_messages(&self, max: u32, mut each: impl FnMut(u64, Payload)) {
        let mut left = max as usize;
        let mut queue = self.remote.queue.borrow_mut();
        while left > 0 {
            let Some(batch) = queue.front_mut() else { break };
            let taken = batch.cut(left, &mut each);
            left -= taken;
            if batch.left() == 0 {
                queue.pop_front();
            }
        }
    }

    /// Sends text as a text frame, bytes as one binary frame. Refused, as the browser refuses it, before
    /// the connection has opened.
    pub fn send(&self, payload: &Payload) -> Result<(), String> {
        if !self.remote.opened.get() {
            return Err(
                "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state."
                    .into(),
            );
        }
        let id = JsValue::from(self.remote.id);
        match payload {
            Payload::Text(t) => self.post(&Array::of3(&"send".into(), &id, &t.into()), &Array::new()),
            Payload::Binary(b) => {
                let buffer = js_sys::Uint8Array::from(&b.all()[..]).buffer();
                self.post(&Array::of3(&"send".into(), &id, &buffer), &Array::of1(&buffer))
            }
        }
    }

    /// Starts the closing handshake with `code` and `reason`, refused as the browser refuses a code it
    /// does not allow or a reason longer than 123 bytes.
    pub fn close(&self, code: u16, reason: &str) -> Result<(), String> {
        if code != 1000 && !(3000..=4999).contains(&code) {
            return Err(format!(
                "InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either \
                 1000, or between 3000 and 4999. {code} is neither."
            ));
        }
        if reason.len() > 123 {
            return Err(
                "SyntaxError: Failed to execute 'close' on 'WebSocket': The close reason must not be \
                        greater than 123 UTF-8 bytes."
                    .into(),
            );
        }
        let close = Array::of4(&"close".into(), &self.remote.id.into(), &code.into(), &reason.into());
        self.post(&close, &Array::new())
    }

    /// Bytes queued by `send` but not yet handed to the network, as the worker last reported them.
    pub fn buffered_amount(&self) -> u32 {
        self.remote.buffered.get()
    }
}

impl Drop for RemoteSocket {
    fn drop(&mut self) {
        count_socket(-1);
        let _ = self.post(&Array::of2(&"drop".into(), &self.remote.id.into()), &Array::new());
    }
}

/// A connection on the page (`Socket`) or in the socket's worker (`RemoteSocket`).
pub enum AnySocket {
    Page(Socket),
    Worker(RemoteSocket),
}

impl AnySocket {
    /// Opens in the worker when it is ready, else on the page (where the constructor's exception comes
    /// back at once; from the worker it comes to `fail`).
    pub fn open(
        url: &str,
        protocols: &[String],
        sink: Sink,
        wake: Rc<dyn Fn()>,
        fail: Rc<dyn Fn(String)>,
    ) -> Result<AnySocket, String> {
        if let Some(remote) = RemoteSocket::open(url, protocols, sink.clone(), wake.clone(), fail) {
            return Ok(AnySocket::Worker(remote));
        }
        Socket::open(url, protocols, sink, wake).map(AnySocket::Page)
    }

    pub fn waiting(&self) -> u32 {
        match self {
            AnySocket::Page(s) => s.waiting(),
            AnySocket::Worker(s) => s.waiting(),
        }
    }

    pub fn take_messages(&self, max: u32, each: impl FnMut(u64, Payload)) {
        match self {
            AnySocket::Page(s) => s.take_messages(max, each),
            AnySocket::Worker(s) => s.take_messages(max, each),
        }
    }

    pub fn send(&self, payload: &Payload) -> Result<(), String> {
        match self {
            AnySocket::Page(s) => s.send(payload),
            AnySocket::Worker(s) => s.send(payload),
        }
    }

    pub fn close(&self, code: u16, reason: &str) -> Result<(), String> {
        match self {
            AnySocket::Page(s) => s.close(code, reason),
            AnySocket::Worker(s) => s.close(code, reason),
        }
    }

    pub fn buffered_amount(&self) -> u32 {
        match self {
            AnySocket::Page(s) => s.buffered_amount(),
            AnySocket::Worker(s) => s.buffered_amount(),
        }
    }
}
