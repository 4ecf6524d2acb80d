//! What keeps a session going on its own, a module each: reconnecting, the outbox, the heartbeat,
//! auto-replies and round-trip times; this file routes their messages. Pure.

pub mod auto_reply;
pub mod heartbeat;
pub mod outbox;
pub mod reconnect;
pub mod rtt;

use super::context::Cx;
use super::payload::Payload;

/// A message for one of the session's concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Reconnect(reconnect::Msg),
    Outbox(outbox::Msg),
    Heartbeat(heartbeat::Msg),
    AutoReply(auto_reply::Msg),
    Rtt(rtt::Msg),
}

/// What a session message asks of the rest of the workbench.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Out {
    /// Start a reconnect attempt now.
    Reopen,
    /// Put this queued message (taken from place `at`) in the composer.
    Edit { at: usize, payload: Payload },
    /// Send this heartbeat.
    Heartbeat(String),
}

/// The session's concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub reconnect: reconnect::Reconnect,
    pub outbox: outbox::Outbox,
    pub heartbeat: heartbeat::Heartbeat,
    pub replies: auto_reply::AutoReplies,
    pub rtt: rtt::Rtt,
}

impl Session {
    pub(crate) fn new(seed: u64) -> Session {
        Session {
            reconnect: reconnect::Reconnect::new(seed),
            outbox: outbox::Outbox::default(),
            heartbeat: heartbeat::Heartbeat::default(),
            replies: auto_reply::AutoReplies::default(),
            rtt: rtt::Rtt::default(),
        }
    }

    /// Routes `msg` to its concern; `open` says whether the connection is open.
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx, open: bool) -> Option<Out> {
        match msg {
            Msg::Reconnect(m) => self.reconnect.update(m, cx).then_some(Out::Reopen),
            Msg::Outbox(m) => self.outbox.update(m, cx).map(|(at, payload)| Out::Edit { at, payload }),
            Msg::Heartbeat(m) => self.heartbeat.update(m, cx, open).map(Out::Heartbeat),
            Msg::AutoReply(m) => {
                self.replies.update(m, cx);
                None
            }
            Msg::Rtt(m) => {
                self.rtt.update(m);
                None
            }
        }
    }
}

wraps! { Msg:
    reconnect::Msg => Msg::Reconnect,
    outbox::Msg => Msg::Outbox,
    heartbeat::Msg => Msg::Heartbeat,
    auto_reply::Msg => Msg::AutoReply,
    rtt::Msg => Msg::Rtt,
}
