//! The heartbeat: an application-level ping (browsers expose no ping frames) sent at an interval
//! while open, its settings as typed and a count. Pure.

use crate::core::context::Cx;
use crate::core::notice::Source;
use crate::core::number::parse_decimal;

/// What the user and the heartbeat timer do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Toggled(bool),
    TextEdited(String),
    SecsEdited(String),
    /// The heartbeat interval fired.
    Due,
}

/// The heartbeat's settings and counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeat {
    pub enabled: bool,
    pub text: String,
    pub secs_input: String,
    pub every_ms: u64,
    /// Heartbeats sent since the page loaded.
    pub sent: u64,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat { enabled: false, text: "ping".into(), secs_input: "30".into(), every_ms: 30_000, sent: 0 }
    }
}

impl Heartbeat {
    /// Applies `msg`; gives the text to send when a heartbeat is due while `open`.
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx, open: bool) -> Option<String> {
        match msg {
            Msg::Toggled(on) => self.enabled = on,
            Msg::TextEdited(t) => self.text = t,
            Msg::SecsEdited(v) => {
                match parse_decimal(&v) {
                    Some(secs) if (0.1..=3600.0).contains(&secs) => {
                        self.every_ms = (secs * 1000.0).round() as u64;
                        cx.clear(Source::Heartbeat);
                    }
                    _ => cx.notice(
                        Source::Heartbeat,
                        "The heartbeat interval must be a number of seconds from 0.1 to 3600.",
                    ),
                }
                self.secs_input = v;
            }
            Msg::Due => return (open && self.enabled).then(|| self.text.clone()),
        }
        None
    }

    /// The interval to run while `open`, if any.
    pub(crate) fn every(&self, open: bool) -> Option<u64> {
        (open && self.enabled).then_some(self.every_ms)
    }
}
