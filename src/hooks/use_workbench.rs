//! `use_workbench`: runs the core's `Model::update` in the browser. User actions are applied at once;
//! socket events are queued outside Yew and applied in one batch per animation frame (or a fallback
//! timer when the tab is hidden), followed by one re-render. Browser effect.

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use crate::platform::timer::OwnedTimer;
use gloo_render::AnimationFrame;
use yew::prelude::*;

use crate::core::export::{export_part, ExportFormat};
use crate::core::filter::FilterIndex;
use crate::core::model::{Cmd, ConnState, Model, Msg, SocketEvent};
use crate::platform::download::{copy_text, download_bytes, download_parts};
use crate::platform::socket::{now_ms, Socket};

/// How long queued socket events may wait when no animation frame comes (a hidden tab).
const FALLBACK_FLUSH_MS: u32 = 200;
/// How many log entries one frame may test against a new filter.
const FILTER_BUDGET: usize = 150_000;
/// How often the rates are refreshed while a connection is live.
const TICK_MS: u32 = 500;
/// Socket-driven redraws come at most this often (user actions redraw at once): drawing costs the
/// browser style, layout and paint, and at high rates that, not the ingest, is the limit.
const MIN_REDRAW_MS: f64 = 33.0;

/// How many entries one step of an export writes (a step must stay well under a long task).
const EXPORT_STEP: usize = 20_000;

/// An export being written in steps.
struct ExportJob {
    name: String,
    format: ExportFormat,
    /// The log's epoch when it began: a clear ends it.
    epoch: u64,
    first: u64,
    next: u64,
    last: u64,
    parts: js_sys::Array,
    done: usize,
}

struct Pending {
    _frame: AnimationFrame,
    _timeout: OwnedTimer,
}

/// The state shared by the hook, its socket listeners and its frame callbacks.
pub struct Workbench {
    model: RefCell<Model>,
    socket: RefCell<Option<Socket>>,
    /// Socket events not yet applied: (socket number, time, event).
    queue: RefCell<Vec<(u64, u64, SocketEvent)>>,
    /// The frame and fallback timer that will apply the queue; replaced, never dropped from inside.
    pending: RefCell<Option<Pending>>,
    scheduled: Cell<bool>,
    /// The entries matching the current filter, refreshed once per frame.
    filter: RefCell<FilterIndex>,
    /// Ticks the rates and countdowns while a connection is live or a reconnect waits.
    ticker: RefCell<Option<OwnedTimer>>,
    /// Fires the next reconnect attempt.
    reconnect: RefCell<Option<OwnedTimer>>,
    /// Fires heartbeats while open.
    heartbeat: RefCell<Option<OwnedTimer>>,
    /// The export being written, and the timer for its next step.
    export: RefCell<Option<(ExportJob, Option<OwnedTimer>)>>,
    version: Cell<u64>,
    last_redraw: Cell<f64>,
    redraw: RefCell<Option<Rc<dyn Fn()>>>,
}

impl Workbench {
    fn new(model: Model) -> Workbench {
        Workbench {
            model: RefCell::new(model),
            socket: RefCell::new(None),
            queue: RefCell::new(Vec::new()),
            pending: RefCell::new(None),
            scheduled: Cell::new(false),
            filter: RefCell::new(FilterIndex::default()),
            ticker: RefCell::new(None),
            reconnect: RefCell::new(None),
            heartbeat: RefCell::new(None),
            export: RefCell::new(None),
            version: Cell::new(0),
            last_redraw: Cell::new(0.0),
            redraw: RefCell::new(None),
        }
    }

    fn enqueue(self: &Rc<Self>, conn: u64, at: u64, event: SocketEvent) {
        self.queue.borrow_mut().push((conn, at, event));
        self.schedule();
    }

    /// Makes sure a frame (or the fallback timer) will flush.
    fn schedule(self: &Rc<Self>) {
        if !self.scheduled.replace(true) {
            let (w1, w2) = (Rc::downgrade(self), Rc::downgrade(self));
            let frame = gloo_render::request_animation_frame(move |_| flush_weak(&w1));
            let timeout = OwnedTimer::once(FALLBACK_FLUSH_MS, move || flush_weak(&w2));
            *self.pending.borrow_mut() = Some(Pending { _frame: frame, _timeout: timeout });
        }
    }

    fn flush(self: &Rc<Self>) {
        if !self.scheduled.replace(false) {
            return;
        }
        // The frame or timer that called us has done its work; the other one is cancelled. (Dropping a
        // closure while it runs is safe: wasm-bindgen frees it when the call returns.)
        self.pending.borrow_mut().take();
        let batch = std::mem::take(&mut *self.queue.borrow_mut());
        self.apply(batch.into_iter().map(|(conn, at, event)| (Msg::Socket { conn, event }, at)), true);
    }

    /// Applies messages in order, runs the commands they produce (feeding their outcomes back), then
    /// re-renders once.
    fn apply(self: &Rc<Self>, msgs: impl IntoIterator<Item = (Msg, u64)>, throttled: bool) {
        for (msg, at) in msgs {
            let cmds = self.model.borrow_mut().update(msg, at);
            if cmds.is_empty() {
                continue; // the common case for received messages: no allocation here
            }
            // A command's outcome (Sent, SendFailed, ...) is applied before the next message, so the log
            // keeps the order in which things happened.
            let mut todo: VecDeque<Cmd> = cmds.into();
            while let Some(cmd) = todo.pop_front() {
                if let Some(outcome) = self.run(cmd) {
                    let more = self.model.borrow_mut().update(outcome, now_ms());
                    todo.extend(more);
                }
            }
        }
        let done = {
            let model = self.model.borrow();
            self.filter.borrow_mut().refresh(&model.log, &model.filter, FILTER_BUDGET)
        };
        if !done {
            self.schedule();
        }
        self.keep_ticker();
        self.version.set(self.version.get() + 1);
        let now = js_sys::Date::now();
        if throttled && now - self.last_redraw.get() < MIN_REDRAW_MS {
            self.schedule();
            return;
        }
        self.last_redraw.set(now);
        let redraw = self.redraw.borrow().clone();
        if let Some(redraw) = redraw {
            redraw();
        }
    }

    fn run(self: &Rc<Self>, cmd: Cmd) -> Option<Msg> {
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
                match Socket::open(&url, &protocols, sink) {
                    Ok(socket) => {
                        *self.socket.borrow_mut() = Some(socket);
                        None
                    }
                    Err(error) => Some(Msg::OpenFailed { conn, error }),
                }
            }
            Cmd::Send { payload, origin } => {
                let result = match self.socket.borrow().as_ref() {
                    Some(socket) => socket.send(&payload),
                    None => Err("there is no connection".to_owned()),
                };
                Some(match result {
                    Ok(()) => Msg::Sent { payload, origin },
                    Err(error) => Msg::SendFailed { error, payload, origin },
                })
            }
            Cmd::ReleaseSocket => {
                drop(self.socket.borrow_mut().take());
                None
            }
            Cmd::ScheduleReconnect { token, delay_ms } => {
                let weak = Rc::downgrade(self);
                let ms = u32::try_from(delay_ms).unwrap_or(u32::MAX);
                *self.reconnect.borrow_mut() = Some(OwnedTimer::once(ms, move || {
                    if let Some(wb) = weak.upgrade() {
                        wb.reconnect.borrow_mut().take();
                        wb.apply([(Msg::ReconnectDue { token }, now_ms())], false);
                    }
                }));
                None
            }
            Cmd::CancelReconnect => {
                self.reconnect.borrow_mut().take();
                None
            }
            Cmd::StartHeartbeat { every_ms } => {
                let weak = Rc::downgrade(self);
                let ms = u32::try_from(every_ms).unwrap_or(u32::MAX);
                *self.heartbeat.borrow_mut() = Some(OwnedTimer::every(ms, move || {
                    if let Some(wb) = weak.upgrade() {
                        wb.apply([(Msg::HeartbeatDue, now_ms())], false);
                    }
                }));
                None
            }
            Cmd::StopHeartbeat => {
                self.heartbeat.borrow_mut().take();
                None
            }
            Cmd::Close { code, reason } => {
                let result = match self.socket.borrow().as_ref() {
                    Some(socket) => socket.close(code, &reason),
                    None => Err("there is no connection".to_owned()),
                };
                result.err().map(|error| Msg::CloseFailed { error })
            }
            Cmd::DownloadBytes { name, bytes } => download_bytes(&name, "application/octet-stream", &bytes)
                .err()
                .map(|error| Msg::ExportFailed { error }),
            Cmd::CopyText(text) => {
                let weak = Rc::downgrade(self);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = copy_text(&text).await {
                        if let Some(wb) = weak.upgrade() {
                            wb.apply([(Msg::CopyFailed { error }, now_ms())], false);
                        }
                    }
                });
                None
            }
            Cmd::Export { name, format, first, last } => {
                let epoch = self.model.borrow().log.epoch();
                let job = ExportJob {
                    name,
                    format,
                    epoch,
                    first,
                    next: first,
                    last,
                    parts: js_sys::Array::new(),
                    done: 0,
                };
                *self.export.borrow_mut() = Some((job, None));
                self.export_step();
                None
            }
        }
    }

    /// Runs the rates' ticker exactly while a connection is live.
    fn keep_ticker(self: &Rc<Self>) {
        let live = {
            let m = self.model.borrow();
            matches!(m.state, ConnState::Connecting | ConnState::Open | ConnState::Closing)
                || m.session.reconnect_at.is_some()
        };
        let mut ticker = self.ticker.borrow_mut();
        if live && ticker.is_none() {
            let weak = Rc::downgrade(self);
            *ticker = Some(OwnedTimer::every(TICK_MS, move || {
                if let Some(wb) = weak.upgrade() {
                    wb.apply([(Msg::Tick, now_ms())], false);
                }
            }));
        } else if !live {
            ticker.take();
        }
    }

    /// Writes the next piece of the export, then yields to the page (a timer) before the one after.
    fn export_step(self: &Rc<Self>) {
        let Some((mut job, _timer)) = self.export.borrow_mut().take() else {
            return;
        };
        let outcome = {
            let model = self.model.borrow();
            let log = &model.log;
            match (log.epoch() == job.epoch, log.position(job.next), log.position(job.last)) {
                (false, ..) => Err("the log was cleared meanwhile".to_owned()),
                (true, Some(p0), Some(last)) => {
                    let p1 = (p0 + EXPORT_STEP).min(last + 1);
                    let piece = export_part(log, job.format, p0..p1, job.next == job.first, p1 == last + 1);
                    job.parts.push(&wasm_bindgen::JsValue::from_str(&piece));
                    job.done += p1 - p0;
                    let total = job.done + (last + 1 - p1);
                    match log.get(p1).map(|e| e.seq).filter(|_| p1 <= last) {
                        Some(next) => {
                            job.next = next;
                            Ok(Some(total))
                        }
                        None => Ok(None),
                    }
                }
                _ => Err("entries were evicted by the cap meanwhile; raise the cap or pause the feed, then export again"
                    .to_owned()),
            }
        };
        let msg = match outcome {
            Ok(Some(total)) => {
                let weak = Rc::downgrade(self);
                let timer = OwnedTimer::once(0, move || {
                    if let Some(wb) = weak.upgrade() {
                        wb.export_step();
                    }
                });
                let done = job.done;
                *self.export.borrow_mut() = Some((job, Some(timer)));
                Msg::ExportProgress { done, total }
            }
            Ok(None) => match download_parts(&job.name, job.format.mime(), &job.parts) {
                Ok(()) => Msg::ExportFinished,
                Err(error) => Msg::ExportFailed { error },
            },
            Err(error) => Msg::ExportFailed { error },
        };
        self.apply([(msg, now_ms())], false);
    }

    fn shutdown(&self) {
        self.export.borrow_mut().take();
        self.ticker.borrow_mut().take();
        self.reconnect.borrow_mut().take();
        self.heartbeat.borrow_mut().take();
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
    pub fn dispatch(&self, msg: Msg) {
        self.inner.apply([(msg, now_ms())], false);
    }

    /// A callback that turns its argument into a message and dispatches it.
    pub fn callback<E: 'static>(&self, f: impl Fn(E) -> Msg + 'static) -> Callback<E> {
        let inner = self.inner.clone();
        Callback::from(move |e: E| inner.apply([(f(e), now_ms())], false))
    }

    /// Whether both handles are of the same running workbench (whatever state each has seen).
    pub fn same_workbench(&self, other: &WorkbenchHandle) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }

    /// The current state, to draw.
    pub fn model(&self) -> Ref<'_, Model> {
        self.inner.model.borrow()
    }

    /// The entries matching the current filter.
    pub fn filter_index(&self) -> Ref<'_, FilterIndex> {
        self.inner.filter.borrow()
    }

    /// Bytes the current socket has queued but not yet sent.
    pub fn buffered_amount(&self) -> u32 {
        self.inner.socket.borrow().as_ref().map_or(0, Socket::buffered_amount)
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
