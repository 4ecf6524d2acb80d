//! The browser's WebSocket, owned: one struct holds the `web_sys::WebSocket` and its four listeners;
//! dropping it removes them and closes the connection. Browser effect.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, CloseEvent, Event, WebSocket};

use std::borrow::Cow;

use crate::core::bytes::{ByteSource, Bytes};
use crate::core::connection::SocketEvent;
use crate::core::payload::Payload;

thread_local! {
    static LIVE_SOCKETS: Cell<usize> = const { Cell::new(0) };
}

/// Counts a socket made (`1`) or dropped (`-1`): this module's and `platform::remote`'s.
pub(crate) fn count_socket(delta: isize) {
    LIVE_SOCKETS.with(|c| c.set(c.get().wrapping_add_signed(delta)));
}

/// How many sockets (a `Socket`, owning four listeners, or a `RemoteSocket`) exist right now.
pub fn live_sockets() -> usize {
    LIVE_SOCKETS.with(Cell::get)
}

/// Where a socket reports its events, with the time each happened (ms since the epoch). Received
/// messages wait in the socket's inbox instead (`Socket::take_messages`), except that an error or a
/// close first hands over every message that came before it, so the order is kept.
pub type Sink = Rc<dyn Fn(u64, SocketEvent)>;

#[wasm_bindgen(module = "/src/platform/inbox.js")]
extern "C" {
    /// Received messages waiting in JS (data and time), taken once a frame.
    #[derive(Clone)]
    type Inbox;
    #[wasm_bindgen(constructor)]
    fn new(socket: &WebSocket, wake: &js_sys::Function) -> Inbox;
    #[wasm_bindgen(method)]
    fn take(this: &Inbox, max: u32) -> js_sys::Array;
    #[wasm_bindgen(method)]
    fn detach(this: &Inbox);
    #[wasm_bindgen(method, getter)]
    fn length(this: &Inbox) -> u32;
}

/// `Inbox.take`'s mark for a message that is not text.
const NOT_TEXT: u32 = u32::MAX;

/// Messages taken from an inbox in one go, copied into this module's memory and cut into payloads a
/// step at a time (`cut`): on the page from its own socket's inbox, or from a batch the socket's worker
/// sent (`platform::remote`).
pub struct Batch {
    lengths: Vec<u32>,
    bytes: Vec<u8>,
    others: js_sys::Array,
    at: Vec<f64>,
    /// The next message to cut, where its bytes start, and how many non-text messages came before it.
    next: usize,
    pos: usize,
    other: u32,
}

impl Batch {
    /// A batch from what `Inbox.take` hands over: `[lengths, bytes, others, at]` (see inbox.js). Anything
    /// of another shape is an empty batch.
    pub fn from_taken(taken: &js_sys::Array) -> Batch {
        let mut lengths = js_sys::Uint32Array::from(taken.get(0)).to_vec();
        let at = js_sys::Float64Array::from(taken.get(3)).to_vec();
        lengths.truncate(at.len());
        Batch {
            lengths,
            bytes: Uint8Array::from(taken.get(1)).to_vec(),
            others: js_sys::Array::from(&taken.get(2)),
            at,
            next: 0,
            pos: 0,
            other: 0,
        }
    }

    /// How many messages are left to cut.
    pub fn left(&self) -> usize {
        self.lengths.len() - self.next
    }

    /// Hands the (at most `max`) next messages to `each` as payloads, oldest first; returns how many.
    pub fn cut(&mut self, max: usize, each: &mut dyn FnMut(u64, Payload)) -> usize {
        let end = self.next.saturating_add(max).min(self.lengths.len());
        for i in self.next..end {
            let (len, at) = (self.lengths[i], self.at[i]);
            let payload = if len == NOT_TEXT {
                self.other += 1;
                payload_of(&self.others.get(self.other - 1))
            } else {
                let stop = self.pos.saturating_add(len as usize).min(self.bytes.len());
                let text = text_of(&self.bytes[self.pos..stop]);
                self.pos = stop;
                Some(Payload::Text(text))
            };
            if let Some(payload) = payload {
                each(at as u64, payload);
            }
        }
        let taken = end - self.next;
        self.next = end;
        taken
    }
}

/// Hands the (at most `max`) oldest messages waiting in `inbox` to `each` as payloads, oldest first.
/// The batch's text comes over in one copy (`Inbox.take`), and is cut into messages here.
fn drain(inbox: &Inbox, max: u32, each: &mut dyn FnMut(u64, Payload)) {
    Batch::from_taken(&inbox.take(max)).cut(usize::MAX, each);
}

/// Plays a text and a binary message through an inbox on a stand-in socket (a plain object) and takes
/// them, so that the browser compiles the receive path's first step (its JS and the code that cuts a batch
/// into payloads) before a real connection needs it; returns how many payloads came out (2).
pub fn rehearse() -> usize {
    let stand_in = js_sys::Object::new();
    let wake = Closure::<dyn FnMut()>::new(|| {});
    let inbox = Inbox::new(stand_in.unchecked_ref(), wake.as_ref().unchecked_ref());
    let Ok(onmessage) = js_sys::Reflect::get(&stand_in, &"onmessage".into()) else { return 0 };
    let onmessage: js_sys::Function = onmessage.unchecked_into();
    for data in [JsValue::from_str("rehearsal"), ArrayBuffer::new(4).into()] {
        let event = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&event, &"data".into(), &data);
        let _ = onmessage.call1(&JsValue::NULL, &event);
    }
    let mut taken = 0;
    drain(&inbox, u32::MAX, &mut |_, _| taken += 1);
    taken
}

/// Text from UTF-8 bytes (the browser's encoder makes only valid UTF-8; anything else is shown with
/// U+FFFD rather than trusted).
fn text_of(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// An open (or opening) browser WebSocket and the listeners it owns.
pub struct Socket {
    ws: WebSocket,
    inbox: Inbox,
    _wake: Closure<dyn FnMut()>,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

/// Milliseconds since the Unix epoch, from the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A readable message for a thrown JS value (a DOMException's name and message when it is one).
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let message: String = err.message().into();
        return if name.is_empty() { message } else { format!("{name}: {message}") };
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Binary messages up to this size are copied into wasm memory; bigger ones stay in the browser and are
/// read on demand (copying megabytes per message was a measurable share of the receive path).
pub const INLINE_MAX: u32 = 4096;

/// Bytes that stay in a browser `Uint8Array`.
struct JsBytes(Uint8Array);

impl ByteSource for JsBytes {
    fn len(&self) -> usize {
        self.0.length() as usize
    }

    fn read(&self, start: usize, end: usize) -> Cow<'_, [u8]> {
        Cow::Owned(self.0.subarray(start as u32, end as u32).to_vec())
    }
}

/// A received message's data as a payload: strings are text, ArrayBuffers are binary.
pub fn payload_of(data: &JsValue) -> Option<Payload> {
    if let Some(text) = data.as_string() {
        return Some(Payload::Text(text));
    }
    let buf = data.dyn_ref::<ArrayBuffer>()?;
    let array = Uint8Array::new(buf);
    Some(Payload::Binary(if array.length() <= INLINE_MAX {
        array.to_vec().into()
    } else {
        Bytes::new(JsBytes(array))
    }))
}

impl Socket {
    /// Opens a connection to `url` offering `protocols`; events go to `sink`. An exception from the
    /// constructor comes back as its message.
    pub fn open(url: &str, protocols: &[String], sink: Sink, wake: Rc<dyn Fn()>) -> Result<Socket, String> {
        let to_sink = sink.clone();
        let backlog = Rc::new(move |taken: js_sys::Array| {
            Batch::from_taken(&taken)
                .cut(usize::MAX, &mut |at, payload| to_sink(at, SocketEvent::Message(payload)));
        });
        Socket::open_with_backlog(url, protocols, sink, wake, backlog)
    }

    /// `open`, except that the messages still waiting when the connection closes or fails go to
    /// `backlog` as the inbox hands them over (`Inbox.take`), just before that event goes to `sink`.
    pub fn open_with_backlog(
        url: &str,
        protocols: &[String],
        sink: Sink,
        wake: Rc<dyn Fn()>,
        backlog: Rc<dyn Fn(js_sys::Array)>,
    ) -> Result<Socket, String> {
        let ws = if protocols.is_empty() {
            WebSocket::new(url)
        } else {
            let list = js_sys::Array::new();
            for p in protocols {
                list.push(&JsValue::from_str(p));
            }
            WebSocket::new_with_str_sequence(url, &list)
        }
        .map_err(|e| js_error_text(&e))?;
        ws.set_binary_type(BinaryType::Arraybuffer);

        let on_open = {
            let (ws, sink) = (ws.clone(), sink.clone());
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                let (protocol, extensions) = (ws.protocol(), ws.extensions());
                sink(now_ms(), SocketEvent::Opened { protocol, extensions })
            })
        };
        let wake = Closure::<dyn FnMut()>::new(move || wake());
        let inbox = Inbox::new(&ws, wake.as_ref().unchecked_ref());
        let on_close = {
            let (sink, inbox, backlog) = (sink.clone(), inbox.clone(), backlog.clone());
            Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
                backlog(inbox.take(u32::MAX));
                let closed = SocketEvent::Closed { code: e.code(), reason: e.reason(), clean: e.was_clean() };
                sink(now_ms(), closed)
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                backlog(inbox.take(u32::MAX));
                sink(now_ms(), SocketEvent::Errored)
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        count_socket(1);
        Ok(Socket { ws, inbox, _wake: wake, _on_open: on_open, _on_close: on_close, _on_error: on_error })
    }

    /// How many received messages wait in the inbox.
    pub fn waiting(&self) -> u32 {
        self.inbox.length()
    }

    /// Hands the (at most `max`) oldest received messages waiting in the inbox to `each` (time,
    /// payload), oldest first; the rest keep waiting (`waiting`), and no new wake comes for them.
    pub fn take_messages(&self, max: u32, mut each: impl FnMut(u64, Payload)) {
        drain(&self.inbox, max, &mut each);
    }

    /// Takes the (at most `max`) oldest received messages waiting in the inbox as the inbox hands them
    /// over (`Inbox.take`), for the socket's worker to pass on whole (`platform::socket_host`).
    pub fn take_raw(&self, max: u32) -> js_sys::Array {
        self.inbox.take(max)
    }

    /// Sends text as a text frame, bytes as one binary frame.
    pub fn send(&self, payload: &Payload) -> Result<(), String> {
        match payload {
            Payload::Text(t) => self.ws.send_with_str(t),
            Payload::Binary(b) => self.ws.send_with_u8_array(&b.all()),
        }
        .map_err(|e| js_error_text(&e))
    }

    /// Sends a string as a text frame, an `ArrayBuffer` as a binary one (the page's data as the socket's
    /// worker receives it).
    pub fn send_raw(&self, data: &JsValue) -> Result<(), String> {
        match data.as_string() {
            Some(text) => self.ws.send_with_str(&text),
            None => self.ws.send_with_array_buffer(data.unchecked_ref()),
        }
        .map_err(|e| js_error_text(&e))
    }

    /// Starts the closing handshake with `code` and `reason`.
    pub fn close(&self, code: u16, reason: &str) -> Result<(), String> {
        self.ws.close_with_code_and_reason(code, reason).map_err(|e| js_error_text(&e))
    }

    /// Bytes queued by `send` but not yet handed to the network.
    pub fn buffered_amount(&self) -> u32 {
        self.ws.buffered_amount()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        count_socket(-1);
        self.ws.set_onopen(None);
        self.inbox.detach();
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        if matches!(self.ws.ready_state(), WebSocket::CONNECTING | WebSocket::OPEN) {
            let _ = self.ws.close();
        }
    }
}
