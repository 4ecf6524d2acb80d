//! The root model's tests, by concern: every message through `Model::update`, as the shell sends it.

mod connection;
mod lens;
mod logbook;
mod session;
// Native only: miniz_oxide (a native dev-dependency) stands in for the browser's DEFLATE.
#[cfg(not(target_arch = "wasm32"))]
mod share;

pub(super) use super::*;
pub(super) use crate::core::cmd::{Cmd, Origin, Outcome};
pub(super) use crate::core::composer::Msg as Comp;
pub(super) use crate::core::connection::Msg as Conn;
pub(super) use crate::core::export::ExportFormat;
pub(super) use crate::core::info::{CancelCause, Info};
pub(super) use crate::core::inspector::{CopyAs, Msg as Insp};
pub(super) use crate::core::log::{EntryKind, LogEntry};
pub(super) use crate::core::logbook::Msg as Book;
pub(super) use crate::core::payload::SendFormat;
pub(super) use crate::core::session::auto_reply::{Msg as Rule, AUTO_REPLY_PER_SECOND};
pub(super) use crate::core::session::heartbeat::Msg as Hb;
pub(super) use crate::core::session::outbox::Msg as Ob;
pub(super) use crate::core::session::reconnect::{Field, Msg as Rec};
pub(super) use crate::core::session::rtt::{Msg as Rtt, RttChoice};

/// `update` with any concern's message.
pub(super) trait Up {
    fn up(&mut self, msg: impl Into<Msg>, now: u64) -> Vec<Cmd>;
}

impl Up for Model {
    fn up(&mut self, msg: impl Into<Msg>, now: u64) -> Vec<Cmd> {
        self.update(msg.into(), now)
    }
}

pub(super) fn model() -> Model {
    let page = PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() };
    Model::new(page, &QueryParams::default())
}

pub(super) fn open(m: &mut Model) {
    let cmds = m.up(Msg::Connect, 1);
    assert!(matches!(cmds.as_slice(), [Cmd::Open { .. }]));
    let conn = m.connection.conn;
    m.up(
        Msg::Socket {
            conn,
            event: SocketEvent::Opened { protocol: "chat".into(), extensions: String::new() },
        },
        2,
    );
}

pub(super) fn kinds(m: &Model) -> Vec<&'static str> {
    m.log.iter().map(|e: &LogEntry| e.kind.name()).collect()
}

pub(super) fn closed(m: &mut Model, code: u16, at: u64) -> Vec<Cmd> {
    let conn = m.connection.conn;
    m.up(
        Msg::Socket { conn, event: SocketEvent::Closed { code, reason: String::new(), clean: code != 1006 } },
        at,
    )
}

pub(super) fn opened(m: &mut Model, at: u64) -> Vec<Cmd> {
    let conn = m.connection.conn;
    m.up(
        Msg::Socket {
            conn,
            event: SocketEvent::Opened { protocol: String::new(), extensions: String::new() },
        },
        at,
    )
}

/// The reconnect the state asks for: (token, delay from `now`).
pub(super) fn scheduled(m: &Model, now: u64) -> Option<(u64, u64)> {
    m.subscriptions().reconnect.map(|(token, at)| (token, at - now))
}

pub(super) fn last_info(m: &Model) -> Option<&Info> {
    m.log.iter().rev().find_map(|e| e.kind.as_info())
}
