//! Effects as data: what an update asks the browser shell to do, and what the shell reports back.
//! Timers are not here: they follow from state (`subscriptions`). Pure.

use super::export::ExportFormat;
use super::lens::ReplyKind;
use super::payload::Payload;

/// Where an outgoing message came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The composer: cleared once the socket took it.
    Draft,
    File,
    /// Queued while (re)connecting.
    Outbox,
    Heartbeat,
    AutoReply,
    /// The protocol lens: a handshake, a heartbeat's answer, an operation's end.
    Lens(ReplyKind),
    /// A library item sent with one click.
    Library,
    /// A step of the on-connect sequence.
    Sequence,
}

/// Effects for the browser shell to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmd {
    /// Open socket number `conn` (dropping any other); report `OpenFailed` if the browser refuses.
    Open { conn: u64, url: String, protocols: Vec<String> },
    /// Send on the current socket; report `Sent` or `SendFailed`.
    Send { payload: Payload, origin: Origin },
    /// Drop the closed socket: its listeners go with it.
    ReleaseSocket,
    /// Close the current socket; report `CloseFailed` if the browser refuses.
    Close { code: u16, reason: String },
    /// Offer bytes as a download (always `application/octet-stream`: nothing a server sent is
    /// rendered); report `DownloadFailed` on failure.
    DownloadBytes { name: String, bytes: Vec<u8> },
    /// Put text on the clipboard; report `CopyFailed` on failure.
    CopyText(String),
    /// Append a piece of the export being written (`first`: it starts a new file).
    ExportPiece { text: String, first: bool },
    /// Offer the pieces written so far as one file; report `ExportSaved` or `ExportFailed`.
    ExportSave { name: String, format: ExportFormat },
    /// Forget the pieces written so far (the export failed).
    ExportDiscard,
    /// Deflate these bytes (raw DEFLATE, RFC 1951); report `workspace::Msg::Deflated`.
    Deflate(Vec<u8>),
    /// Inflate these raw DEFLATE bytes to at most `max` bytes; report `workspace::Msg::Inflated`.
    Inflate { bytes: Vec<u8>, max: usize },
}

/// What the shell reports of a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The socket took the payload.
    Sent { payload: Payload, origin: Origin },
    /// The socket refused the payload.
    SendFailed { error: String, payload: Payload, origin: Origin },
    /// The browser refused to construct socket `conn`.
    OpenFailed { conn: u64, error: String },
    /// The socket refused to close.
    CloseFailed { error: String },
    /// The clipboard refused.
    CopyFailed { error: String },
    /// An entry's download could not be offered.
    DownloadFailed { error: String },
    /// The export was offered as a download.
    ExportSaved,
    /// The export could not be offered.
    ExportFailed { error: String },
}
