//! Keeps the workspace and the log in the browser's database, and brings them back on load. Writes are
//! batched — at most once a second, in chunks, and on `pagehide` — and never on the receive path: while
//! more than 1,000 messages a second arrive, the log's writes wait for the flood to calm down. A
//! failing or missing store, a newer one, or another tab holding it leaves the app running in memory,
//! said once in `notice`. Browser effect.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use web_sys::IdbDatabase;
use yew::prelude::*;

use super::WorkbenchHandle;
use crate::core::app::Msg;
use crate::core::connection::Msg as Conn;
use crate::core::store::{self, Refused, Restored};
use crate::platform::idb::{self, DbError, Record, Write};
use crate::platform::socket::now_ms;
use crate::platform::tab_lock::{self, TabLock};
use crate::platform::timer::OwnedTimer;

/// Log records read back per step (each step stays well inside a frame's budget of work), and written
/// per transaction.
const READ_CHUNK: u32 = 1_000;
const READ_CHUNK_MIN: u32 = 250;
const READ_CHUNK_MAX: u32 = 2_000;
/// The work one restore step aims at, in ms (a frame is 16.7 ms; a long task is 50 ms).
const STEP_MS: f64 = 10.0;
/// Log records written per transaction: sized by the measured cost of the last ones (making and
/// issuing the puts happens in one task), so that a write never blocks the page for long.
const WRITE_CHUNK: usize = 200;
const WRITE_CHUNK_MIN: usize = 20;
const WRITE_CHUNK_MAX: usize = 2_000;
/// The work one write aims at, in ms.
const WRITE_MS: f64 = 8.0;
/// Above this many received messages a second, log writes wait for the flood to calm down (or for
/// `pagehide`): the receive path keeps the page's whole time. Settings are still written.
const FLOOD_RATE: f64 = 1_000.0;
/// The same above this many received bytes a second (a few big binary messages a second would otherwise
/// be copied into the database while they arrive).
const FLOOD_BYTES: f64 = 1_000_000.0;
/// At most this many write transactions issued and not yet committed.
const IN_FLIGHT_MAX: u32 = 4;
/// How often changes are written.
const FLUSH_MS: u32 = 1_000;
/// How long the database (and the tab lock) may take to answer at start before the page goes on in
/// memory: a blocked or hung database must not hold the page (or `?connect=1`) back.
const ANSWER_MS: u32 = 3_000;

/// `fut`'s output, or `None` if it takes longer than `ms`.
async fn within<T>(ms: u32, fut: impl std::future::Future<Output = T>) -> Option<T> {
    let (fut, late) = (Box::pin(fut), TimeoutFuture::new(ms));
    match futures_util::future::select(fut, late).await {
        futures_util::future::Either::Left((v, _)) => Some(v),
        futures_util::future::Either::Right(_) => None,
    }
}

/// The next write's size: scaled so that it takes about `WRITE_MS`, at most doubling at a time.
fn next_chunk(chunk: usize, took_ms: f64) -> usize {
    let scaled = (chunk as f64 * WRITE_MS / took_ms).min(chunk as f64 * 2.0);
    (scaled as usize).clamp(WRITE_CHUNK_MIN, WRITE_CHUNK_MAX)
}

/// How far the stored log follows the log: its epoch, the next number to write, the oldest kept.
#[derive(Clone, Copy, Default)]
struct Cursor {
    epoch: u64,
    next: u64,
    first: u64,
}

struct Keeper {
    wb: WorkbenchHandle,
    db: RefCell<Option<IdbDatabase>>,
    cursor: Cell<Cursor>,
    /// Log records the next write takes (`WRITE_CHUNK` at first, then sized by measured cost).
    chunk: Cell<usize>,
    last_settings: RefCell<String>,
    /// Transactions issued and not yet committed.
    in_flight: Cell<u32>,
    alive: Cell<bool>,
    timer: RefCell<Option<OwnedTimer>>,
    pagehide: RefCell<Option<gloo_events::EventListener>>,
    lock: RefCell<Option<TabLock>>,
}

/// Owns the keeping; it stops (timer, listener, lock) when dropped.
pub struct Store(Rc<Keeper>);

impl Drop for Store {
    fn drop(&mut self) {
        self.0.alive.set(false);
        self.0.timer.borrow_mut().take();
        self.0.pagehide.borrow_mut().take();
        self.0.lock.borrow_mut().take();
    }
}

impl Keeper {
    fn say(&self, why: String) {
        self.wb.dispatch(Msg::Restored(Restored::Failed(why)));
    }

    /// Stops keeping after a failure: what was kept stays; the page says so once.
    fn stop(&self, e: &DbError) {
        self.db.borrow_mut().take();
        self.timer.borrow_mut().take();
        self.say(format!(
            "Sockpit cannot keep this tab's work: {e}. It goes on in memory; what was kept before stays."
        ));
    }

    /// Starts a write of what changed, unless one runs; `leaving`: the page is going, write the log
    /// even during a flood.
    fn flush(self: &Rc<Self>, leaving: bool) {
        if self.in_flight.get() >= IN_FLIGHT_MAX || !self.alive.get() {
            return;
        }
        let Some(db) = self.db.borrow().clone() else { return };
        let now = now_ms();
        let started = crate::platform::clock::now_precise();
        let chunk = self.chunk.get();
        let mut w = Write::default();
        let mut cursor = self.cursor.get();
        {
            let m = self.wb.model();
            let mut doc = store::settings_of(&m, 0);
            let text = doc.to_string();
            if *self.last_settings.borrow() != text {
                doc["saved_ms"] = crate::core::json::json!(now);
                w.settings = Some(doc.to_string());
                *self.last_settings.borrow_mut() = text;
            }
            // A saved file being viewed is not this tab's log: it is not kept.
            // The rate meter's second, or the workbench's rates between its last two redraws, which
            // tell a flood within a frame or two.
            let (count, bytes) = self.wb.recent_rates();
            let flooding = (m.rates.in_count.max(count) > FLOOD_RATE
                || m.rates.in_bytes.max(bytes) > FLOOD_BYTES)
                && m.connection.state.is_live();
            if m.logbook.imported.is_none()
                && m.logbook.opening().is_none()
                && !m.restoring
                && (!flooding || leaving)
            {
                let log = &m.log;
                if log.epoch() != cursor.epoch {
                    w.clear_log = true;
                    cursor = Cursor { epoch: log.epoch(), next: log.first_seq(), first: log.first_seq() };
                }
                if log.first_seq() > cursor.first {
                    w.drop_below = Some(log.first_seq());
                    cursor.first = log.first_seq();
                }
                let from = cursor.next.max(log.first_seq());
                for e in log.since(from).take(chunk) {
                    let (json, bytes) = store::record_of(e);
                    w.records.push((e.seq, json, bytes));
                    cursor.next = e.seq + 1;
                }
            }
        }
        if w.settings.is_none() && !w.clear_log && w.drop_below.is_none() && w.records.is_empty() {
            return;
        }
        let (records, more) = (w.records.len(), w.records.len() == chunk);
        // Transactions commit in the order they were made: the next chunk may be issued before this one
        // commits (a commit takes far longer here than issuing its puts).
        let issued = idb::issue(&db, w);
        let took = crate::platform::clock::now_precise() - started;
        if records >= WRITE_CHUNK_MIN && took > 0.0 {
            self.chunk.set(next_chunk(chunk, took));
        }
        let tx = match issued {
            Ok(tx) => tx,
            Err(e) => return self.stop(&e),
        };
        self.cursor.set(cursor);
        self.in_flight.set(self.in_flight.get() + 1);
        let keeper = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = idb::committed(&tx).await;
            keeper.in_flight.set(keeper.in_flight.get() - 1);
            match result {
                Ok(()) if more && keeper.alive.get() => keeper.flush(false),
                Ok(()) => {}
                Err(e) => keeper.stop(&e),
            }
        });
        if more {
            let keeper = self.clone();
            wasm_bindgen_futures::spawn_local(async move {
                TimeoutFuture::new(0).await;
                keeper.flush(false);
            });
        }
    }

    /// Reads back the settings and the log, then starts keeping.
    async fn start(self: Rc<Self>, connect_after: bool) {
        let Some(answer) = within(ANSWER_MS, async { (tab_lock::acquire().await, idb::open().await) }).await
        else {
            self.say(format!("The browser's database did not answer within {} s: this tab works in memory, and nothing it does is kept.", ANSWER_MS / 1000));
            self.connect_if(connect_after);
            return;
        };
        let (lock, opened) = answer;
        let Some(lock) = lock else {
            self.say("Another tab of Sockpit keeps the workspace: this tab works in memory, and nothing it does is kept. Close the other tab, then reload this one to keep its work.".into());
            self.connect_if(connect_after);
            return;
        };
        *self.lock.borrow_mut() = Some(lock);
        let db = match opened {
            Ok(db) => db,
            Err(e) => {
                self.say(format!("Sockpit cannot keep your work: {e}. It runs in memory; nothing is wiped."));
                self.connect_if(connect_after);
                return;
            }
        };
        if !self.alive.get() {
            return;
        }
        let mut was_open = None;
        match idb::settings(&db).await {
            Ok(Some(text)) => match crate::core::json::from_str(&text)
                .map_err(|e| Refused::Corrupt(e.to_string()))
                .and_then(store::restore)
            {
                Ok(r) => {
                    for msg in r.msgs {
                        self.wb.dispatch(msg);
                    }
                    if r.was_open {
                        was_open = Some(self.wb.model().connection.url_input.clone());
                    }
                    // The page's own query wins over what was kept.
                    let query = crate::platform::page::query();
                    if let Some(url) = query.url {
                        self.wb.dispatch(Conn::UrlEdited(url));
                    }
                    if let Some(protocols) = query.protocols {
                        self.wb.dispatch(Conn::ProtocolsEdited(protocols));
                    }
                    if !r.problems.is_empty() {
                        self.say(format!(
                            "Some kept settings could not be read and were left out: {}.",
                            r.problems.join(", ")
                        ));
                    }
                }
                Err(Refused::Newer(v)) => {
                    self.say(format!("The kept workspace was written by a newer Sockpit (schema {v}; this one reads {}): it is left untouched, and this tab works in memory.", store::SCHEMA));
                    self.connect_if(connect_after);
                    return;
                }
                Err(Refused::Corrupt(why)) => {
                    self.wb.dispatch(Msg::Restored(Restored::Aside(text)));
                    self.say(format!("The kept settings could not be read ({why}): they are set aside (Download unreadable records) and the defaults are used."));
                }
            },
            Ok(None) => {}
            Err(e) => {
                self.stop(&e);
                self.connect_if(connect_after);
                return;
            }
        }
        if let Err(e) = self.restore_log(&db).await {
            self.stop(&e);
            self.connect_if(connect_after);
            return;
        }
        if let (Some(url), false) = (was_open, connect_after) {
            self.wb.dispatch(Msg::Restored(Restored::WasOpen { url }));
        }
        {
            let m = self.wb.model();
            self.cursor.set(Cursor {
                epoch: m.log.epoch(),
                next: m.log.next_seq(),
                first: m.log.first_seq(),
            });
        }
        *self.db.borrow_mut() = Some(db);
        let weak = Rc::downgrade(&self);
        *self.timer.borrow_mut() = Some(OwnedTimer::every(FLUSH_MS, move || {
            if let Some(k) = weak.upgrade() {
                k.flush(false);
            }
        }));
        if let Some(window) = web_sys::window() {
            let weak = Rc::downgrade(&self);
            *self.pagehide.borrow_mut() =
                Some(gloo_events::EventListener::new(&window, "pagehide", move |_| {
                    if let Some(k) = weak.upgrade() {
                        k.flush(true);
                    }
                }));
        }
        self.connect_if(connect_after);
    }

    fn connect_if(&self, connect: bool) {
        if connect && self.alive.get() {
            self.wb.dispatch(Msg::Connect);
        }
    }

    /// Reads the log back in steps of `READ_CHUNK`, yielding to the page between steps.
    async fn restore_log(&self, db: &IdbDatabase) -> Result<(), DbError> {
        let count = idb::log_count(db).await?;
        if count == 0 {
            return Ok(());
        }
        self.wb.dispatch(Msg::Restored(Restored::Begin { count: u64::from(count) }));
        crate::platform::page::mark("sockpit-restore-begin");
        let (mut from, mut restored, mut unreadable) = (0u64, 0u64, 0u64);
        // Each step's size follows its measured cost: about `STEP_MS` of work between yields.
        let mut size = READ_CHUNK;
        loop {
            let chunk = idb::log_chunk(db, from, size).await?;
            let started = crate::platform::clock::now_precise();
            let full = chunk.len() == size as usize;
            let mut entries = Vec::with_capacity(chunk.len());
            for record in chunk {
                match record {
                    Record::Entry { seq, json, bytes } => {
                        from = seq + 1;
                        match store::entry_of(&json, bytes) {
                            Ok(e) if e.seq == seq => entries.push(e),
                            _ => {
                                unreadable += 1;
                                self.wb.dispatch(Msg::Restored(Restored::Aside(json)));
                            }
                        }
                    }
                    Record::Unreadable(raw) => {
                        unreadable += 1;
                        self.wb.dispatch(Msg::Restored(Restored::Aside(raw)));
                    }
                }
            }
            restored += entries.len() as u64;
            self.wb.dispatch(Msg::Restored(Restored::Entries(entries)));
            if !full || !self.alive.get() {
                break;
            }
            let took = crate::platform::clock::now_precise() - started;
            if took < STEP_MS / 2.0 {
                size = (size * 2).min(READ_CHUNK_MAX);
            } else if took > STEP_MS {
                size = (size / 2).max(READ_CHUNK_MIN);
            }
            TimeoutFuture::new(0).await;
        }
        self.wb.dispatch(Msg::Restored(Restored::LogDone { restored, unreadable }));
        if unreadable > 0 {
            self.say(format!("{unreadable} kept log records could not be read: they are set aside (Download unreadable records)."));
        }
        Ok(())
    }
}

/// Keeps the workbench's workspace and log when `on`, restoring them first; connects afterwards when
/// `connect` (the page's `?connect=1`), so that a restored log and a new connection never interleave.
#[hook]
pub fn use_store(wb: &WorkbenchHandle, on: bool, connect: bool) {
    let wb = wb.clone();
    use_effect_with((), move |_| {
        let store = on.then(|| {
            let keeper = Rc::new(Keeper {
                wb: wb.clone(),
                db: RefCell::new(None),
                cursor: Cell::new(Cursor::default()),
                chunk: Cell::new(WRITE_CHUNK),
                last_settings: RefCell::new(String::new()),
                in_flight: Cell::new(0),
                alive: Cell::new(true),
                timer: RefCell::new(None),
                pagehide: RefCell::new(None),
                lock: RefCell::new(None),
            });
            wasm_bindgen_futures::spawn_local(keeper.clone().start(connect));
            Store(keeper)
        });
        if !on && connect {
            wb.dispatch(Msg::Connect);
        }
        move || drop(store)
    });
}
