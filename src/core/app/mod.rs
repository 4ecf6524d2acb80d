//! The root of the workbench's state: one sub-model per concern, the shared log and notice, a root
//! `Msg` that wraps each concern's messages, and `update`, which routes them and joins the concerns
//! where they meet (connecting, sending, what the socket and the shell report). Pure.

mod rehearsal;
mod socket;
mod subscriptions;
#[cfg(test)]
mod tests;
mod workspace_link;

pub use rehearsal::rehearse;
pub use subscriptions::{Subscriptions, TICK_MS};

use super::announce::Announcer;
use super::cmd::{Cmd, Origin, Outcome};
use super::composer::{self, Composer};
use super::connection::{self, ConnState, Connection, SocketEvent};
use super::context::Cx;
use super::info::Info;
use super::inspector::{self, Inspector};
use super::lens::{self, Dir, Lens, Reply};
use super::log::Log;
use super::logbook::{self, Logbook};
use super::notice::{Notices, Source};
use super::payload::Payload;
use super::protocol::PageOrigin;
use super::query::QueryParams;
use super::session::{self, Out, Session};
use super::stats::{RateMeter, Rates, Stats};
use super::workspace::{self, Workspace};

/// Everything that can happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Connection(connection::Msg),
    Composer(composer::Msg),
    Logbook(logbook::Msg),
    Inspector(inspector::Msg),
    Session(session::Msg),
    Lens(lens::Msg),
    Workspace(workspace::Msg),
    /// Something read back from the browser's database.
    Restored(super::store::Restored),
    /// Offer the stored records that could not be read as a file.
    DownloadAside,
    /// Open a connection to the URL in the URL field.
    Connect,
    /// Close with the code and reason in their fields.
    Close,
    /// Send the draft in its format (or queue it while a connection is on its way).
    Send,
    /// Send a file's bytes as one binary message.
    SendFile {
        name: String,
        bytes: Vec<u8>,
    },
    /// Socket `conn` reported `event`.
    Socket {
        conn: u64,
        event: SocketEvent,
    },
    /// The shell reports what came of a command.
    Done(Outcome),
    /// The ticker fired (every `TICK_MS` while a connection is live or a reconnect waits): refresh the
    /// rates.
    Tick,
}

wraps! { Msg:
    connection::Msg => Msg::Connection,
    composer::Msg => Msg::Composer,
    logbook::Msg => Msg::Logbook,
    inspector::Msg => Msg::Inspector,
    session::Msg => Msg::Session,
    lens::Msg => Msg::Lens,
    workspace::Msg => Msg::Workspace,
    session::reconnect::Msg => |m| Msg::Session(session::Msg::Reconnect(m)),
    session::outbox::Msg => |m| Msg::Session(session::Msg::Outbox(m)),
    session::heartbeat::Msg => |m| Msg::Session(session::Msg::Heartbeat(m)),
    session::auto_reply::Msg => |m| Msg::Session(session::Msg::AutoReply(m)),
    session::rtt::Msg => |m| Msg::Session(session::Msg::Rtt(m)),
    Outcome => Msg::Done,
}

/// The workbench's state.
#[derive(Debug, PartialEq)]
pub struct Model {
    pub connection: Connection,
    pub composer: Composer,
    pub logbook: Logbook,
    pub inspector: Inspector,
    pub session: Session,
    pub lens: Lens,
    pub log: Log,
    pub notices: Notices,
    pub stats: Stats,
    pub rates: Rates,
    /// What the log last said to screen readers (bounded in rate).
    pub announcer: Announcer,
    pub workspace: Workspace,
    /// Restored log entries that did not fit in order (said when the restore ends).
    restore_left_out: u64,
    /// The stored log is being read back.
    pub restoring: bool,
    /// Stored records that could not be read, offered as a download (`store-aside-button`).
    pub set_aside: Vec<String>,
    meter: RateMeter,
}

/// The shared context of one update, borrowed from the model's shared fields.
macro_rules! cx {
    ($m:ident, $now:expr) => {
        Cx { now: $now, log: &mut $m.log, notices: &mut $m.notices, read_only: $m.logbook.imported.is_some() }
    };
}
use cx;

impl Model {
    /// A fresh model for a page at `page`, with the query string's requests applied.
    pub fn new(page: PageOrigin, query: &QueryParams) -> Model {
        Model {
            connection: Connection::new(page, query.url.clone(), query.protocols.clone()),
            composer: Composer::default(),
            logbook: Logbook::default(),
            inspector: Inspector::default(),
            session: Session::new(0x5eed),
            lens: Lens::default(),
            log: Log::default(),
            notices: Notices::default(),
            stats: Stats::default(),
            rates: Rates::default(),
            announcer: Announcer::default(),
            workspace: Workspace::default(),
            restore_left_out: 0,
            restoring: false,
            set_aside: Vec::new(),
            meter: RateMeter::default(),
        }
    }

    /// Seeds the reconnect jitter (the browser passes a random number; tests a fixed one).
    pub fn with_seed(mut self, seed: u64) -> Model {
        self.session.reconnect = session::reconnect::Reconnect::new(seed);
        self.workspace = std::mem::take(&mut self.workspace).seeded(seed ^ 0xA5A5_5A5A_F00D_BEEF);
        self
    }

    /// The one transition function: applies `msg` at time `now` (ms since the epoch) and returns the
    /// effects to run.
    pub fn update(&mut self, msg: Msg, now: u64) -> Vec<Cmd> {
        let cmds = self.route(msg, now);
        self.inspector.forget_gone(&self.log);
        cmds
    }

    // Each concern's handler below is `#[inline(never)]`: the browser compiles a WebAssembly function the
    // first time it runs, and with them inlined this match was one 68 KB function that took ~27 ms to
    // compile on its first message, whatever that message was. Now a message compiles its own concern.
    fn route(&mut self, msg: Msg, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        match msg {
            Msg::Connection(m) => self.connection.update(m),
            Msg::Composer(m) => self.composer.update(m, &mut cx),
            Msg::Logbook(m) => {
                let cmds = self.logbook.update(m, &mut cx, self.connection.state.is_live());
                if self.logbook.imported.is_some() || self.logbook.opening().is_some() {
                    // A saved log is read-only: nothing scheduled may connect and write into it.
                    self.session.reconnect.connecting();
                }
                return cmds;
            }
            Msg::Inspector(m) => return self.inspector.update(m, &mut cx),
            Msg::Session(m) => {
                let open = self.connection.state == ConnState::Open;
                return match self.session.update(m, &mut cx, open) {
                    None => Vec::new(),
                    Some(Out::Reopen) => self.reopen(now),
                    Some(Out::Edit { at, payload }) => {
                        if let Err(p) = self.composer.take_back(payload, &mut cx) {
                            self.session.outbox.put_back(at, p);
                        }
                        Vec::new()
                    }
                    Some(Out::Heartbeat(text)) => {
                        vec![Cmd::Send { payload: Payload::Text(text), origin: Origin::Heartbeat }]
                    }
                };
            }
            Msg::Workspace(m) => return self.on_workspace(m, now),
            Msg::Restored(r) => self.on_restored(r, now),
            Msg::DownloadAside => {
                let bytes = self.set_aside.join("\n").into_bytes();
                return vec![Cmd::DownloadBytes { name: "sockpit-unreadable-records.txt".into(), bytes }];
            }
            Msg::Lens(m) => {
                let reply = self.lens.update(m);
                return self.lens_sends(reply.into_iter().collect(), now);
            }
            Msg::Connect => return self.connect(now),
            Msg::Close => return self.close(now),
            Msg::Send => return self.send(now),
            Msg::SendFile { name, bytes } => return self.send_file(name, bytes, now),
            Msg::Socket { conn, event } if conn == self.connection.conn => return self.on_socket(event, now),
            Msg::Socket { .. } => {}
            Msg::Done(outcome) => return self.on_outcome(outcome, now),
            Msg::Tick => {
                self.rates = self.meter.sample(now, self.stats);
                self.announcer.poll(now, &self.log);
            }
        }
        Vec::new()
    }

    #[inline(never)]
    fn connect(&mut self, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        if self.restoring {
            cx.notice(Source::Connection, "The saved log is being read back: connect again in a moment.");
            return Vec::new();
        }
        self.session.reconnect.connecting();
        if let Some(name) = &self.logbook.imported {
            let text =
                format!("You are viewing the saved log {name:?} (read-only): close it before connecting.");
            cx.notice(Source::Connection, text);
            return Vec::new();
        }
        let Some(cmd) = self.connection.connect(&mut cx) else { return Vec::new() };
        if let Cmd::Open { url, .. } = &cmd {
            self.lens.connecting(url);
        }
        self.meter.reset();
        self.rates = Rates::default();
        vec![cmd]
    }

    /// Starts a reconnect attempt, if the connection is still down.
    #[inline(never)]
    fn reopen(&mut self, now: u64) -> Vec<Cmd> {
        if !matches!(self.connection.state, ConnState::Closed | ConnState::Idle) {
            return Vec::new();
        }
        let mut cx = cx!(self, now);
        let r = &self.session.reconnect;
        self.meter.reset();
        let cmd = self.connection.reopen(&mut cx, r.attempt, r.policy.max_attempts);
        if let Cmd::Open { url, .. } = &cmd {
            self.lens.connecting(url);
        }
        vec![cmd]
    }

    #[inline(never)]
    fn close(&mut self, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        if self.session.reconnect.stop_waiting(&mut cx) {
            return Vec::new();
        }
        let cmd = self.connection.close(&mut cx);
        if cmd.is_some() {
            self.session.reconnect.stopped();
        }
        cmd.into_iter().collect()
    }

    #[inline(never)]
    fn send(&mut self, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        let state = self.connection.state;
        let queue = self.session.outbox.enabled
            && (state == ConnState::Connecting || self.session.reconnect.at.is_some());
        if state != ConnState::Open && !queue {
            cx.notice(Source::Connection, self.connection.not_open_notice("send"));
            return Vec::new();
        }
        let draft = std::mem::take(&mut self.composer.draft);
        let made = self.expanded_payload(&draft, self.composer.format, now);
        self.composer.draft = draft;
        let mut cx = cx!(self, now);
        let payload = match made {
            Ok(p) => p,
            Err(e) if self.composer.format.is_protocol() => {
                cx.notice(Source::Composer, format!("{e} The message stays in the composer."));
                return Vec::new();
            }
            Err(e) => {
                cx.notice(Source::Composer, e);
                return Vec::new();
            }
        };
        if state == ConnState::Open {
            return vec![Cmd::Send { payload, origin: Origin::Draft }];
        }
        match self.session.outbox.push(payload) {
            Ok(waiting) => {
                self.composer.sent(&mut cx);
                cx.info(Info::Queued { waiting });
            }
            Err(_) => {
                let cap = self.session.outbox.cap();
                cx.notice(
                    Source::Outbox,
                    format!("The outbox is full ({cap} messages): the message stays in the composer."),
                );
            }
        }
        Vec::new()
    }

    #[inline(never)]
    fn send_file(&mut self, name: String, bytes: Vec<u8>, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        if self.connection.state != ConnState::Open {
            cx.notice(
                Source::Connection,
                self.connection.not_open_notice(&format!("send the file {name:?}")),
            );
            return Vec::new();
        }
        cx.info(Info::SendingFile { name, size: bytes.len() });
        vec![Cmd::Send { payload: Payload::Binary(bytes.into()), origin: Origin::File }]
    }

    /// The frames the lens sends by itself, while the connection is open; a problem (a bad setting) goes
    /// to the notice.
    pub(super) fn lens_sends(&mut self, replies: Vec<Reply>, now: u64) -> Vec<Cmd> {
        if replies.is_empty() {
            return Vec::new();
        }
        if self.connection.state != ConnState::Open {
            let mut cx = cx!(self, now);
            cx.notice(Source::Lens, self.connection.not_open_notice("send that"));
            return Vec::new();
        }
        replies
            .into_iter()
            .map(|r| Cmd::Send { payload: Payload::Text(r.text), origin: Origin::Lens(r.kind) })
            .collect()
    }

    /// Notes a frame going `dir` with the lens, pushes its entry and keeps the note; the lens's replies.
    pub(super) fn push_frame(&mut self, dir: Dir, payload: Payload, now: u64) -> Vec<Reply> {
        let seq = self.log.next_seq();
        let seen = self.lens.frame(dir, &payload, seq);
        let kind = match dir {
            Dir::In => super::log::EntryKind::In(payload),
            Dir::Out => super::log::EntryKind::Out(payload),
        };
        let pushed = self.log.push(now, kind);
        if let Some(note) = seen.note {
            self.log.set_note(pushed, note);
        }
        if let Some(problem) = seen.problem {
            self.notices.set(Source::Lens, problem);
        }
        seen.replies
    }

    /// Brings the filter's index towards the log, doing at most `budget_ns` of estimated work (at
    /// least one entry); whether it is complete.
    pub fn refresh_filter(&mut self, budget_ns: u64) -> bool {
        self.logbook.refresh(&self.log, budget_ns)
    }

    /// Which timers should run now.
    pub fn subscriptions(&self) -> Subscriptions {
        Subscriptions::of(self)
    }
}
