//! Which timers should run, derived from state alone (Elm's subscriptions): the shell compares this
//! with the last one and starts or stops its owned timers to match. Pure.

use super::Model;
use crate::core::connection::ConnState;

/// How often the rates and countdowns are refreshed while a connection is live.
pub const TICK_MS: u64 = 500;

/// The timers the state asks for; equal values mean the running timers stay as they are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subscriptions {
    /// `Tick` every this many ms: while a connection is live, a reconnect waits, or entries wait to be
    /// announced.
    pub ticker: Option<u64>,
    /// A heartbeat every this many ms: while open with the heartbeat on.
    pub heartbeat: Option<u64>,
    /// `reconnect::Msg::Due { token }` at this time (ms since the epoch): (token, due).
    pub reconnect: Option<(u64, u64)>,
    /// `logbook::Msg::ExportStepDue` as soon as the page has run: one per (export, entries done).
    pub export_step: Option<(u64, usize)>,
    /// `logbook::Msg::ImportStepDue` as soon as the page has run: one per (opening, bytes read).
    pub import_step: Option<(u64, usize)>,
    /// `workspace::Msg::SequenceDue` at this time: the on-connect sequence's wait ends (run, due).
    pub sequence: Option<(u64, u64)>,
}

impl Subscriptions {
    pub(super) fn of(m: &Model) -> Subscriptions {
        let waiting = m.session.reconnect.due();
        let open = m.connection.state == ConnState::Open;
        Subscriptions {
            ticker: (m.connection.state.is_live() || waiting.is_some() || m.announcer.pending(&m.log))
                .then_some(TICK_MS),
            heartbeat: m.session.heartbeat.every(open),
            reconnect: waiting,
            export_step: m.logbook.export_due(),
            import_step: m.logbook.opening_due(),
            sequence: m.workspace.sequence.due().map(|due| (m.workspace.sequence.runs, due)),
        }
    }
}
