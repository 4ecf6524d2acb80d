//! What the app itself says in the log (`info` entries), typed so that code and tests look at what
//! happened rather than at prose; the prose is made once, for the screen and exports. Pure.

use std::fmt;

use super::payload::size_text;

/// Why a scheduled reconnect was called off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelCause {
    /// The user pressed Cancel.
    Asked,
    /// The user pressed Stop.
    Stop,
    /// The user switched reconnecting off.
    SwitchedOff,
}

/// One thing the app says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Info {
    Connecting {
        url: String,
        protocols: Vec<String>,
    },
    ReconnectAttempt {
        attempt: u32,
        max: u32,
        url: String,
    },
    ReconnectScheduled {
        delay_ms: u64,
        attempt: u32,
        max: u32,
    },
    Reconnected {
        attempt: u32,
    },
    GaveUp {
        attempts: u32,
    },
    ReconnectCancelled(CancelCause),
    Queued {
        waiting: usize,
    },
    QueueDiscarded {
        count: usize,
    },
    SendingFile {
        name: String,
        size: usize,
    },
    Closing {
        code: u16,
        reason: String,
    },
    RepliesPaused {
        per_second: usize,
    },
    /// A GraphQL connection closed before the server acknowledged `connection_init`.
    ClosedBeforeAck {
        init_sent: bool,
    },
    /// Text read back from a saved log.
    Note(String),
}

impl fmt::Display for Info {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Info::Connecting { url, protocols } if protocols.is_empty() => write!(f, "connecting to {url}"),
            Info::Connecting { url, protocols } => {
                write!(f, "connecting to {url} offering subprotocols {}", protocols.join(", "))
            }
            Info::ReconnectAttempt { attempt, max, url } => {
                write!(f, "reconnect attempt {attempt} of {max} to {url}")
            }
            Info::ReconnectScheduled { delay_ms, attempt, max } => {
                write!(f, "reconnecting in {delay_ms} ms (attempt {attempt} of {max})")
            }
            Info::Reconnected { attempt } => write!(f, "reconnected on attempt {attempt}"),
            Info::GaveUp { attempts } => write!(f, "gave up reconnecting after {attempts} attempts"),
            Info::ReconnectCancelled(CancelCause::Asked) => f.write_str("reconnect cancelled"),
            Info::ReconnectCancelled(CancelCause::Stop) => f.write_str("reconnect cancelled by Stop"),
            Info::ReconnectCancelled(CancelCause::SwitchedOff) => f.write_str("reconnecting switched off"),
            Info::Queued { waiting } => {
                write!(f, "queued in the outbox ({waiting} waiting); sent when open")
            }
            Info::QueueDiscarded { count } => write!(f, "{count} queued messages discarded by the user"),
            Info::SendingFile { name, size } => write!(f, "sending the file {name:?} ({})", size_text(*size)),
            Info::Closing { code, reason } if reason.is_empty() => write!(f, "closing with code {code}"),
            Info::Closing { code, reason } => write!(f, "closing with code {code} and reason {reason:?}"),
            Info::RepliesPaused { per_second } => {
                write!(f, "auto-replies paused: more than {per_second} in one second (a loop?)")
            }
            Info::ClosedBeforeAck { init_sent: true } => f.write_str(
                "closed before the server's connection_ack: the server refused or timed out the connection_init (see the close code)",
            ),
            Info::ClosedBeforeAck { init_sent: false } => f.write_str(
                "closed before any connection_init was sent: GraphQL servers close connections that do not send one in time (switch lens-auto on, or send it yourself)",
            ),
            Info::Note(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_info_reads_as_before() {
        let c = Info::Connecting { url: "ws://x/".into(), protocols: vec!["a".into(), "b".into()] };
        assert_eq!(c.to_string(), "connecting to ws://x/ offering subprotocols a, b");
        assert_eq!(
            Info::Closing { code: 4000, reason: "bye".into() }.to_string(),
            "closing with code 4000 and reason \"bye\""
        );
        assert_eq!(
            Info::SendingFile { name: "a".into(), size: 2 }.to_string(),
            "sending the file \"a\" (2 bytes)"
        );
        assert_eq!(Info::Note("x".into()).to_string(), "x");
    }
}
