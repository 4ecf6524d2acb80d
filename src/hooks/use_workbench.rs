//! `use_workbench`: runs the core's `Model::update` in the browser and only runs effects. User actions
//! are applied at once; socket events are queued outside Yew and applied in one batch per animation
//! frame (or a fallback timer when the tab is hidden), followed by at most one re-render; commands run
//! in order, their outcomes fed back; timers follow `Model::subscriptions`. Browser effect.

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo_render::AnimationFrame;
use yew::prelude::*;

use super::timers::Timers;
use crate::core::app::{Model, Msg};
use crate::core::cmd::{Cmd, Outcome};
use crate::core::connection::SocketEvent;
pub(super) use crate::core::pace::Pace;
use crate::core::pace::{redraw_interval, Meter};
use crate::core::workspace::Msg as WorkspaceMsg;
use crate::platform::clock::{local_time_text, now_precise};
use crate::platform::download::{copy_text, download_bytes, download_parts};
use crate::platform::remote::AnySocket;
use crate::platform::socket::now_ms;
use crate::platform::timer::OwnedTimer;

/// How long queued socket events may wait when no animation frame comes (a hidden tab).
const FALLBACK_FLUSH_MS: u32 = 200;
/// In a flood, how long (ms) after a wake the queue is applied, on a timer rather than in an animation
/// frame: the page is redrawn only every `FLOOD_REDRAW_MS` then, and asking for a frame at each wake kept
/// the browser making frames sixty times a second with nothing new to show. Measured in the benchmark's
/// 20,000/s floods (browser CPU time against the bare page's, two runs): 1 KB 1.18x and 1.10x with frames,
/// 1.06x and 1.00x without; 100 B 0.96x and 1.05x, then 0.92x and 0.95x.
const FLOOD_FLUSH_MS: u32 = 16;
/// How much estimated work (ns) one frame may spend testing entries against a new filter.
const FILTER_BUDGET_NS: u64 = 6_000_000;
/// How long (ms) one flush may spend taking and applying received messages: a burst (a flood's first
/// frames, a tab coming back) is applied in steps of about this size, each its own task, rather than in
/// one long task. The number taken per step follows the measured cost per message.
const TAKE_BUDGET_MS: f64 = 10.0;
/// The fewest and most messages taken in one step.
const TAKE_MIN: u32 = 200;
const TAKE_MAX: u32 = 1_000_000;

struct Pending {
    /// `None` in a flood (`FLOOD_FLUSH_MS`).
    _frame: Option<AnimationFrame>,
    _timeout: OwnedTimer,
}

/// The state shared by the hook, its socket listeners, timers and frame callbacks.
pub struct Workbench {
    model: RefCell<Model>,
    socket: RefCell<Option<AnySocket>>,
    /// The connection the socket belongs to.
    socket_conn: Cell<u64>,
    /// Socket events not yet applied: (socket number, time, event).
    queue: RefCell<VecDeque<(u64, u64, SocketEvent)>>,
    /// How many received messages the next flush takes from the inbox (from their measured cost).
    take_max: Cell<u32>,
    /// The frame and fallback timer that will apply the queue; `None` when nothing is scheduled.
    pending: RefCell<Option<Pending>>,
    /// The timers `Model::subscriptions` asks for.
    timers: RefCell<Timers>,
    /// The pieces of the export being written.
    export: RefCell<js_sys::Array>,
    version: Cell<u64>,
    last_redraw: Cell<f64>,
    /// When a flush last took a message in: a flood's gaps are told from its end.
    last_taken: Cell<f64>,
    /// Received messages and bytes a second, averaged over a fifth of a second: a flood is known within
    /// a few frames, where the rate meter needs a second.
    meter: Cell<Meter>,
    redraw: RefCell<Option<Rc<dyn Fn()>>>,
}

impl Workbench {
    fn new(model: Model) -> Workbench {
        Workbench {
            model: RefCell::new(model),
            socket: RefCell::new(None),
            socket_conn: Cell::new(0),
            queue: RefCell::new(VecDeque::new()),
            // The first steps are small: a connection's first messages cost the most each (code and caches
            // still cold), and the step's size follows the measured cost from there.
            take_max: Cell::new(TAKE_MIN),
            pending: RefCell::new(None),
            timers: RefCell::new(Timers::default()),
            export: RefCell::new(js_sys::Array::new()),
            version: Cell::new(0),
            last_redraw: Cell::new(0.0),
            last_taken: Cell::new(0.0),
            meter: Cell::new(Meter::default()),
            redraw: RefCell::new(None),
        }
    }

    fn enqueue(self: &Rc<Self>, conn: u64, at: u64, event: SocketEvent) {
        self.queue.borrow_mut().push_back((conn, at, event));
        self.schedule();
    }

    /// Makes sure a frame (or the fallback timer) will flush.
    fn schedule(self: &Rc<Self>) {
        self.schedule_within(FALLBACK_FLUSH_MS);
    }

    /// Makes sure a frame, or a timer after `ms` if it comes first, will flush. In a flood, only the
    /// timer, after at most `FLOOD_FLUSH_MS`.
    fn schedule_within(self: &Rc<Self>, ms: u32) {
        let mut pending = self.pending.borrow_mut();
        if pending.is_some() {
            return;
        }
        let flood = self.meter.get().flood();
        let w = Rc::downgrade(self);
        let timeout =
            OwnedTimer::once(if flood { ms.min(FLOOD_FLUSH_MS) } else { ms }, move || flush_weak(&w));
        let frame = (!flood).then(|| {
            let w = Rc::downgrade(self);
            gloo_render::request_animation_frame(move |_| flush_weak(&w))
        });
        *pending = Some(Pending { _frame: frame, _timeout: timeout });
    }

    fn flush(self: &Rc<Self>) {
        // The frame or timer that called us has done its work; the other one is cancelled. (Dropping a
        // closure while it runs is safe: wasm-bindgen frees it when the call returns.)
        if self.pending.borrow_mut().take().is_none() {
            return;
        }
        let started = now_precise();
        let max = self.take_max.get() as usize;
        // What the socket's handlers queued (an open; a close or an error with the backlog the inbox held
        // before it), at most a step's worth: a close after a long backlog is applied in steps too.
        let (mut batch, queued_left) = {
            let mut queue = self.queue.borrow_mut();
            let n = queue.len().min(max);
            (queue.drain(..n).collect::<Vec<_>>(), !queue.is_empty())
        };
        // Then the messages waiting in the socket's inbox, which came after everything queued here. Not
        // in the step that opens the connection: the page's change to "open" (status, buttons, panels) is
        // drawn and laid out in a frame of its own, and the first rows in the next, rather than both in
        // one long frame.
        let opened = batch.iter().any(|(_, _, e)| matches!(e, SocketEvent::Opened { .. }));
        let mut more = queued_left;
        if let Some(socket) = self.socket.borrow().as_ref().filter(|_| !queued_left) {
            if !opened {
                let conn = self.socket_conn.get();
                let room = max.saturating_sub(batch.len()).max(1) as u32;
                socket
                    .take_messages(room, |at, payload| batch.push((conn, at, SocketEvent::Message(payload))));
            }
            more = socket.waiting() > 0;
        }
        let taken = batch.len();
        if taken > 0 {
            self.last_taken.set(js_sys::Date::now());
        }
        // A frame that brought nothing new is a gap in a flood, or its end: once nothing has come for
        // `Meter::quiet_ms`, what it left is drawn at the ordinary pace (core/pace.rs).
        let pace = if batch.is_empty() { Pace::Quiet } else { Pace::Socket };
        if more {
            // Messages still wait (no wake comes for them): the next step comes in the next task. Asked
            // before `apply`, whose redraw throttle would otherwise ask first, for a frame or 200 ms.
            self.schedule_within(0);
        }
        let msgs = batch.into_iter().map(|(conn, at, event)| (Msg::Socket { conn, event }, at));
        self.apply(msgs, pace);
        if taken >= TAKE_MIN as usize {
            // The next step's size: what fits the budget at this step's cost a message (halfway there
            // from the last size, so one slow step does not swing it).
            let per_message = (now_precise() - started).max(0.01) / taken as f64;
            let fits = (TAKE_BUDGET_MS / per_message).clamp(TAKE_MIN as f64, TAKE_MAX as f64);
            self.take_max.set(((self.take_max.get() as f64 + fits) / 2.0) as u32);
        }
    }

    /// Applies messages in order, runs the commands they produce (feeding their outcomes back), brings
    /// the timers in line with the state, then re-renders once.
    pub(super) fn apply(self: &Rc<Self>, msgs: impl IntoIterator<Item = (Msg, u64)>, pace: Pace) {
        for (msg, at) in msgs {
            let cmds = self.model.borrow_mut().update(msg, at);
            if cmds.is_empty() {
                continue; // the common case for received messages: no allocation here
            }
            // A command's outcome is applied before the next message, so the log keeps the order in
            // which things happened.
            let mut todo: VecDeque<Cmd> = cmds.into();
            while let Some(cmd) = todo.pop_front() {
                if let Some(outcome) = self.run(cmd) {
                    todo.extend(self.model.borrow_mut().update(Msg::Done(outcome), now_ms()));
                }
            }
        }
        if !self.model.borrow_mut().refresh_filter(FILTER_BUDGET_NS) {
            self.schedule();
        }
        let subs = self.model.borrow().subscriptions();
        self.timers.borrow_mut().follow(subs, self);
        self.version.set(self.version.get() + 1);
        let now = js_sys::Date::now();
        let stats = self.model.borrow().stats;
        let mut meter = self.meter.get();
        meter.count(now, stats.in_count, stats.in_bytes);
        self.meter.set(meter);
        let interval = redraw_interval(pace, &meter, now - self.last_taken.get());
        if now - self.last_redraw.get() < interval {
            self.schedule();
            return;
        }
        self.last_redraw.set(now);
        let redraw = self.redraw.borrow().clone();
        if let Some(redraw) = redraw {
            redraw();
        }
    }

    fn run(self: &Rc<Self>, cmd: Cmd) -> Option<Outcome> {
        match cmd {
            Cmd::Open { conn, url, protocols } => {
                // The old socket, if any, is dropped first: its listeners go and it closes.
                drop(self.socket.borrow_mut().take());
                let weak = Rc::downgrade(self);
                let sink = Rc::new(move |at: u64, event: SocketEvent| {
                    if let Some(wb) = weak.upgrade() {
                        wb.enqueue(conn, at, event);
                    }
                });
                let weak = Rc::downgrade(self);
                let wake = Rc::new(move || {
                    if let Some(wb) = weak.upgrade() {
                        wb.schedule();
                    }
                });
                // From the socket's worker, the constructor's exception comes later.
                let weak = Rc::downgrade(self);
                let fail = Rc::new(move |error: String| {
                    if let Some(wb) = weak.upgrade() {
                        wb.apply([(Msg::Done(Outcome::OpenFailed { conn, error }), now_ms())], Pace::Now);
                    }
                });
                match AnySocket::open(&url, &protocols, sink, wake, fail) {
                    Ok(socket) => {
                        *self.socket.borrow_mut() = Some(socket);
                        self.socket_conn.set(conn);
                        None
                    }
                    Err(error) => Some(Outcome::OpenFailed { conn, error }),
                }
            }
            Cmd::Send { payload, origin } => {
                let result = match self.socket.borrow().as_ref() {
                    Some(socket) => socket.send(&payload),
                    None => Err("there is no connection".to_owned()),
                };
                Some(match result {
                    Ok(()) => Outcome::Sent { payload, origin },
                    Err(error) => Outcome::SendFailed { error, payload, origin },
                })
            }
            Cmd::ReleaseSocket => {
                drop(self.socket.borrow_mut().take());
                None
            }
            Cmd::Close { code, reason } => {
                let result = match self.socket.borrow().as_ref() {
                    Some(socket) => socket.close(code, &reason),
                    None => Err("there is no connection".to_owned()),
                };
                result.err().map(|error| Outcome::CloseFailed { error })
            }
            Cmd::DownloadBytes { name, bytes } => download_bytes(&name, "application/octet-stream", &bytes)
                .err()
                .map(|error| Outcome::DownloadFailed { error }),
            Cmd::CopyText(text) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = copy_text(&text).await {
                        if let Some(wb) = weak.upgrade() {
                            wb.apply([(Msg::Done(Outcome::CopyFailed { error }), now_ms())], Pace::Now);
                        }
                    }
                });
                None
            }
            Cmd::ExportPiece { text, first } => {
                if first {
                    *self.export.borrow_mut() = js_sys::Array::new();
                }
                self.export.borrow().push(&wasm_bindgen::JsValue::from_str(&text));
                None
            }
            Cmd::ExportSave { name, format } => {
                let parts = std::mem::replace(&mut *self.export.borrow_mut(), js_sys::Array::new());
                Some(match download_parts(&name, format.mime(), &parts) {
                    Ok(()) => Outcome::ExportSaved,
                    Err(error) => Outcome::ExportFailed { error },
                })
            }
            Cmd::ExportDiscard => {
                *self.export.borrow_mut() = js_sys::Array::new();
                None
            }
            Cmd::Deflate(bytes) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    let deflated = crate::platform::deflate::deflate(&bytes).await;
                    if let Some(wb) = weak.upgrade() {
                        wb.apply([(Msg::from(WorkspaceMsg::Deflated(deflated)), now_ms())], Pace::Now);
                    }
                });
                None
            }
            Cmd::Inflate { bytes, max } => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    let inflated = crate::platform::deflate::inflate(&bytes, max).await;
                    if let Some(wb) = weak.upgrade() {
                        wb.apply([(Msg::from(WorkspaceMsg::Inflated(inflated)), now_ms())], Pace::Now);
                    }
                });
                None
            }
        }
    }

    fn shutdown(&self) {
        self.timers.borrow_mut().stop();
        self.redraw.borrow_mut().take();
        self.pending.borrow_mut().take();
        self.socket.borrow_mut().take();
    }
}

fn flush_weak(weak: &Weak<Workbench>) {
    if let Some(wb) = weak.upgrade() {
        wb.flush();
    }
}

/// Plays one received message through a scratch workbench's step (queued, a frame asked for, taken,
/// applied, the redraw pace worked out) and drops it, so that this code is compiled before the first
/// connection's first frame needs it. `model` is a scratch (`core::app::rehearse`): nothing is drawn,
/// no socket opens. Returns how many messages the scratch model counted in (1).
pub fn rehearse(model: Model) -> u64 {
    let wb = Rc::new(Workbench::new(model));
    let (conn, before) = (wb.model.borrow().connection.conn, wb.model.borrow().stats.in_count);
    wb.enqueue(conn, now_ms(), SocketEvent::Message(crate::core::payload::Payload::Text("rehearsal".into())));
    wb.flush();
    wb.shutdown();
    let counted = wb.model.borrow().stats.in_count - before;
    counted
}

/// A handle to the running workbench; equal handles have seen the same state.
#[derive(Clone)]
pub struct WorkbenchHandle {
    inner: Rc<Workbench>,
    version: u64,
}

impl PartialEq for WorkbenchHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner) && self.version == other.version
    }
}

impl WorkbenchHandle {
    /// A workbench that runs without a component (for tests and tools): the same socket, queue and
    /// per-frame batching, with nothing to redraw.
    pub fn detached(model: Model) -> WorkbenchHandle {
        WorkbenchHandle { inner: Rc::new(Workbench::new(model)), version: 0 }
    }

    /// Ends a detached workbench: its socket closes and its timers stop.
    pub fn shutdown(&self) {
        self.inner.shutdown();
    }

    /// Applies a user request now.
    pub fn dispatch(&self, msg: impl Into<Msg>) {
        self.inner.apply([(msg.into(), now_ms())], Pace::Now);
    }

    /// A callback that turns its argument into a message and dispatches it.
    pub fn callback<E: 'static, M: Into<Msg>>(&self, f: impl Fn(E) -> M + 'static) -> Callback<E> {
        let inner = self.inner.clone();
        Callback::from(move |e: E| inner.apply([(f(e).into(), now_ms())], Pace::Now))
    }

    /// Whether both handles are of the same running workbench (whatever state each has seen).
    pub fn same_workbench(&self, other: &WorkbenchHandle) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// The current state, to draw.
    pub fn model(&self) -> Ref<'_, Model> {
        self.inner.model.borrow()
    }

    /// Received messages and bytes a second, averaged over the last fifth of a second or so.
    pub fn recent_rates(&self) -> (f64, f64) {
        self.inner.meter.get().per_second()
    }

    /// Bytes the current socket has queued but not yet sent.
    pub fn buffered_amount(&self) -> u32 {
        self.inner.socket.borrow().as_ref().map_or(0, AnySocket::buffered_amount)
    }

    /// `HH:MM:SS.mmm` of a time, in the browser's time zone.
    pub fn time_text(&self, at_ms: u64) -> String {
        local_time_text(at_ms)
    }

    /// The page's precise clock (ms since the page began, fractions included): what a view times its own
    /// work with.
    pub fn now_precise(&self) -> f64 {
        now_precise()
    }
}

/// Runs a workbench whose first state is `init()`; the socket and timers go when the component does.
#[hook]
pub fn use_workbench(init: impl FnOnce() -> Model) -> WorkbenchHandle {
    let force = use_force_update();
    let inner = use_memo((), move |_| Workbench::new(init()));
    *inner.redraw.borrow_mut() = Some(Rc::new(move || force.force_update()));
    {
        let inner = inner.clone();
        use_effect_with((), move |_| move || inner.shutdown());
    }
    let version = inner.version.get();
    WorkbenchHandle { inner, version }
}
