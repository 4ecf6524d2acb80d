//! The event log: numbered, timestamped entries in a bounded queue that counts what it evicts, and
//! the one-line text each entry shows. Pure.

use std::collections::VecDeque;

use super::info::Info;
use super::lens::Note;
use super::payload::{hex_preview, size_text, sniff_image, Payload};
use super::protocol::close_code_meaning;

/// What happened, for one log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// The connection opened; the negotiated subprotocol and extensions (empty when none), and how
    /// long the handshake took.
    Open { url: String, protocol: String, extensions: String, took_ms: u64 },
    /// A message received.
    In(Payload),
    /// A message sent.
    Out(Payload),
    /// The connection closed, after being open for `lasted_ms` (when it opened at all).
    Close { code: u16, reason: String, clean: bool, lasted_ms: Option<u64> },
    /// The socket reported an error (browsers give no detail).
    Error(String),
    /// Something the app itself says: connecting, a user close, a file being sent, ...
    Info(Info),
}

impl EntryKind {
    /// The contract's `data-kind`.
    pub fn name(&self) -> &'static str {
        match self {
            EntryKind::Open { .. } => "open",
            EntryKind::In(_) => "in",
            EntryKind::Out(_) => "out",
            EntryKind::Close { .. } => "close",
            EntryKind::Error(_) => "error",
            EntryKind::Info(_) => "info",
        }
    }

    /// The payload of `in` and `out` entries.
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            EntryKind::In(p) | EntryKind::Out(p) => Some(p),
            _ => None,
        }
    }
}

/// One numbered, timestamped event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Number since the log was last cleared, from 1 (a saved log keeps its own, ascending); kept when
    /// older entries are evicted.
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub kind: EntryKind,
}

/// How many characters of a text payload a one-line row shows.
pub(crate) const ROW_TEXT_CHARS: usize = 300;
/// How many bytes of a binary payload a one-line row shows in hex.
pub(crate) const ROW_HEX_BYTES: usize = 24;

impl LogEntry {
    /// The entry's one-line text as a row `max_chars` characters wide draws it: a message's text is cut
    /// there (saying so); every other entry is drawn whole, its meaning kept.
    pub fn row_summary(&self, max_chars: usize) -> String {
        match &self.kind {
            EntryKind::In(p) | EntryKind::Out(p) => payload_summary_within(p, max_chars),
            _ => self.summary(),
        }
    }

    /// The entry's one-line text, as drawn in the log and searched by the filter.
    pub fn summary(&self) -> String {
        match &self.kind {
            EntryKind::Open { url, protocol, extensions, took_ms } => {
                let mut s = format!("connected to {url} in {took_ms} ms");
                if !protocol.is_empty() {
                    s.push_str(&format!(" · subprotocol: {protocol}"));
                }
                if !extensions.is_empty() {
                    s.push_str(&format!(" · extensions: {extensions}"));
                }
                s
            }
            EntryKind::In(p) | EntryKind::Out(p) => payload_summary(p),
            EntryKind::Close { code, reason, clean, lasted_ms } => {
                let mut s = close_summary(*code, reason, *clean);
                if let Some(ms) = lasted_ms {
                    s.push_str(&format!(" · open for {}", duration_text(*ms)));
                }
                s
            }
            EntryKind::Error(text) => text.clone(),
            EntryKind::Info(info) => info.to_string(),
        }
    }
}

/// The one-line text of a payload: the text itself (cut, saying so), or size, image kind and hex.
pub fn payload_summary(p: &Payload) -> String {
    payload_summary_within(p, ROW_TEXT_CHARS)
}

/// `payload_summary`, with a text cut after `max_chars` characters (at most `ROW_TEXT_CHARS`): a row
/// need not carry more text than its width shows, and each character costs the browser's layout.
pub fn payload_summary_within(p: &Payload, max_chars: usize) -> String {
    match p {
        Payload::Text(t) => {
            let mut chars = t.char_indices();
            match chars.nth(max_chars.min(ROW_TEXT_CHARS)) {
                Some((cut, _)) => format!("{} … (cut: {} in all)", &t[..cut], size_text(t.len())),
                None => t.clone(),
            }
        }
        Payload::Binary(b) => {
            let head = b.head(32);
            let image = sniff_image(&head).map(|k| format!(" {} image ·", k.name())).unwrap_or_default();
            let hex = hex_preview(&head[..head.len().min(ROW_HEX_BYTES + 1)], ROW_HEX_BYTES);
            format!("{}:{image} {hex}", size_text(b.len()))
        }
    }
}

/// `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 3 min`.
pub fn duration_text(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms} ms"),
        1000..=59_999 => format!("{} s", super::number::fixed(ms as f64 / 1000.0, 1)),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{} h {} min", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// `1000 normal closure · reason "bye" · clean`.
pub(crate) fn close_summary(code: u16, reason: &str, clean: bool) -> String {
    let reason = if reason.is_empty() { "no reason".to_owned() } else { format!("reason {reason:?}") };
    let clean = if clean { "clean" } else { "not clean" };
    format!("closed {code} ({}) · {reason} · {clean}", close_code_meaning(code))
}

/// The default most entries kept before the oldest are evicted.
pub(crate) const DEFAULT_CAP: usize = 1_000_000;

/// A bounded log: the newest `cap` entries, a count of the evicted ones, and the next number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    entries: VecDeque<LogEntry>,
    cap: usize,
    next_seq: u64,
    evicted: u64,
    epoch: u64,
    /// What a lens noted of some entries, by number, ascending: only entries a lens decoded have one.
    notes: VecDeque<(u64, Note)>,
}

impl Default for Log {
    fn default() -> Self {
        Log::with_cap(DEFAULT_CAP)
    }
}

impl Log {
    /// An empty log keeping at most `cap` entries (at least 1).
    pub(crate) fn with_cap(cap: usize) -> Self {
        Log {
            entries: VecDeque::new(),
            cap: cap.max(1),
            next_seq: 1,
            evicted: 0,
            epoch: 0,
            notes: VecDeque::new(),
        }
    }

    /// Appends an entry, evicting the oldest when full; returns its number.
    pub fn push(&mut self, at_ms: u64, kind: EntryKind) -> u64 {
        let seq = self.next_seq;
        // Numbers come from imports too: at the very end they stop growing rather than wrap.
        self.next_seq = self.next_seq.saturating_add(1);
        if self.entries.len() == self.cap {
            self.entries.pop_front();
            self.evicted += 1;
            self.forget_notes();
        }
        self.entries.push_back(LogEntry { seq, at_ms, kind });
        seq
    }

    /// Keeps what a lens noted of the entry numbered `seq` (the newest, normally).
    pub(crate) fn set_note(&mut self, seq: u64, note: Note) {
        if self.notes.back().is_some_and(|&(s, _)| s >= seq) {
            return;
        }
        self.notes.push_back((seq, note));
    }

    /// What a lens noted of the entry numbered `seq`.
    pub fn note(&self, seq: u64) -> Option<&Note> {
        let i = self.notes.binary_search_by_key(&seq, |&(s, _)| s).ok()?;
        self.notes.get(i).map(|(_, n)| n)
    }

    /// Whether any entry has a note (a lens decoded something).
    pub fn has_notes(&self) -> bool {
        !self.notes.is_empty()
    }

    fn forget_notes(&mut self) {
        let first = self.entries.front().map_or(self.next_seq, |e| e.seq);
        while self.notes.front().is_some_and(|&(s, _)| s < first) {
            self.notes.pop_front();
        }
    }

    /// Changes the cap (at least 1), evicting the oldest entries beyond it.
    pub(crate) fn set_cap(&mut self, cap: usize) {
        self.cap = cap.max(1);
        while self.entries.len() > self.cap {
            self.entries.pop_front();
            self.evicted += 1;
        }
        self.forget_notes();
    }

    /// Replaces the whole log with `entries` (an imported file), oldest first; later pushes number on
    /// from the last one.
    pub fn replace(&mut self, entries: Vec<LogEntry>) {
        self.clear();
        self.next_seq = entries.last().map_or(1, |e| e.seq.saturating_add(1));
        self.entries = entries.into();
        let excess = self.entries.len().saturating_sub(self.cap);
        self.entries.drain(..excess);
        self.evicted = excess as u64;
    }

    /// Appends entries read back from the browser's database, keeping their numbers; an entry not
    /// numbered after the newest one is left out (counted in the result).
    pub fn append_restored(&mut self, entries: Vec<LogEntry>) -> usize {
        let mut left_out = 0;
        for e in entries {
            if e.seq < self.next_seq && !(self.entries.is_empty() && self.next_seq == 1) {
                left_out += 1;
                continue;
            }
            if self.entries.len() == self.cap {
                self.entries.pop_front();
                self.evicted += 1;
            }
            self.next_seq = e.seq.saturating_add(1);
            self.entries.push_back(e);
        }
        self.forget_notes();
        left_out
    }

    /// Makes room for `more` entries (at most up to the cap) at once.
    pub fn reserve(&mut self, more: usize) {
        let room = self.cap.saturating_sub(self.entries.len()).min(more);
        self.entries.reserve(room);
    }

    /// The kept entries numbered `seq` or later, oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &LogEntry> {
        let start = self.entries.partition_point(|e| e.seq < seq);
        self.entries.range(start..)
    }

    /// Empties the log; numbering starts again from 1.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.notes.clear();
        self.next_seq = 1;
        self.evicted = 0;
        self.epoch += 1;
    }

    /// How many times the log was cleared: numbers are reused after a clear, so (epoch, seq) names
    /// one entry for good.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The number the next entry will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The number of the oldest kept entry (the next number when empty).
    pub fn first_seq(&self) -> u64 {
        self.entries.front().map_or(self.next_seq, |e| e.seq)
    }

    /// Entries kept now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries evicted by the cap since the last clear.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// The cap.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The entry at position `i` (0 = oldest kept).
    pub fn get(&self, i: usize) -> Option<&LogEntry> {
        self.entries.get(i)
    }

    /// The position (0 = oldest kept) of the entry numbered `seq`, if it is still kept.
    pub(crate) fn position(&self, seq: u64) -> Option<usize> {
        let first = self.entries.front()?.seq;
        let i = usize::try_from(seq.checked_sub(first)?).ok()?;
        match self.entries.get(i) {
            Some(e) if e.seq == seq => Some(i),
            _ => self.entries.binary_search_by_key(&seq, |e| e.seq).ok(),
        }
    }

    /// The position of the first kept entry numbered `seq` or more (`len()` when none is).
    pub(crate) fn index_from(&self, seq: u64) -> usize {
        self.entries.partition_point(|e| e.seq < seq)
    }

    /// The entry numbered `seq`, if it is still kept.
    pub fn by_seq(&self, seq: u64) -> Option<&LogEntry> {
        self.position(seq).and_then(|i| self.entries.get(i))
    }

    /// Entries oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.entries.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> EntryKind {
        EntryKind::In(Payload::Text(s.into()))
    }

    #[test]
    fn numbers_from_one_and_restarts_after_clear() {
        let mut log = Log::with_cap(10);
        assert_eq!(log.push(5, text("a")), 1);
        assert_eq!(log.push(6, text("b")), 2);
        assert_eq!(log.len(), 2);
        log.clear();
        assert!(log.is_empty());
        assert_eq!(log.push(7, text("c")), 1);
    }

    #[test]
    fn cap_evicts_oldest_keeps_numbers_and_counts() {
        let mut log = Log::with_cap(3);
        for i in 0..5 {
            log.push(i, text(&i.to_string()));
        }
        assert_eq!(log.len(), 3);
        assert_eq!(log.evicted(), 2);
        let seqs: Vec<u64> = log.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![3, 4, 5]);
        assert_eq!(log.by_seq(4).unwrap().kind, text("3"));
        assert_eq!(log.by_seq(2), None);
        assert_eq!(log.by_seq(6), None);
        log.set_cap(1);
        assert_eq!(log.len(), 1);
        assert_eq!(log.evicted(), 4);
        assert_eq!(log.first_seq(), 5);
        log.set_cap(0);
        assert_eq!(log.cap(), 1);
    }

    #[test]
    fn replace_keeps_the_given_numbers() {
        let mut log = Log::with_cap(10);
        log.push(0, text("old"));
        let epoch = log.epoch();
        let e = |seq| LogEntry { seq, at_ms: seq, kind: text("x") };
        log.replace(vec![e(5), e(6), e(9)]);
        assert_eq!(log.len(), 3);
        assert_eq!(log.by_seq(9).unwrap().at_ms, 9);
        assert_eq!(log.next_seq(), 10);
        assert_ne!(log.epoch(), epoch);
        assert_eq!(log.push(0, text("new")), 10);
    }

    #[test]
    fn summaries_say_what_the_contract_asks() {
        let e = |kind| LogEntry { seq: 1, at_ms: 0, kind };
        let bin = e(EntryKind::In(Payload::Binary(vec![0xde, 0xad, 0xbe, 0xef].into())));
        assert_eq!(bin.summary(), "4 bytes: de ad be ef");
        let close = e(EntryKind::Close { code: 1006, reason: String::new(), clean: false, lasted_ms: None });
        let s = close.summary();
        assert!(s.contains("1006") && s.contains("not clean") && s.contains("without a close frame"), "{s}");
        let close = e(EntryKind::Close {
            code: 1000,
            reason: "Deliberate Connection".into(),
            clean: true,
            lasted_ms: Some(12_345),
        });
        assert!(
            close.summary().contains("\"Deliberate Connection\" · clean · open for 12.3 s"),
            "{}",
            close.summary()
        );
        let open = e(EntryKind::Open {
            url: "ws://x/".into(),
            protocol: "chat".into(),
            extensions: String::new(),
            took_ms: 7,
        });
        assert_eq!(open.summary(), "connected to ws://x/ in 7 ms · subprotocol: chat");
        assert_eq!(duration_text(125_000), "2 min 5 s");
        assert_eq!(duration_text(7_380_000), "2 h 3 min");
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend([0u8; 30]);
        assert!(e(EntryKind::In(Payload::Binary(png.into())))
            .summary()
            .starts_with("38 bytes: PNG image · 89 50"));
    }

    #[test]
    fn long_text_is_cut_saying_so() {
        let long = "é".repeat(ROW_TEXT_CHARS + 10);
        let s = payload_summary(&Payload::Text(long.clone()));
        assert!(s.ends_with(&format!("(cut: {} bytes in all)", long.len())), "{s}");
        assert_eq!(payload_summary(&Payload::Text("short".into())), "short");
    }

    #[test]
    fn a_row_cuts_a_message_at_its_width_and_keeps_every_other_entry_whole() {
        let e = |kind| LogEntry { seq: 1, at_ms: 0, kind };
        let text = "é".repeat(100);
        let row = e(EntryKind::In(Payload::Text(text.clone()))).row_summary(40);
        assert!(row.starts_with(&"é".repeat(40)) && !row.starts_with(&"é".repeat(41)), "{row}");
        assert!(row.ends_with(&format!("(cut: {} bytes in all)", text.len())), "{row}");
        // Never more than a summary: a wide row still stops at ROW_TEXT_CHARS.
        let long = e(EntryKind::Out(Payload::Text("x".repeat(ROW_TEXT_CHARS * 2))));
        assert_eq!(long.row_summary(usize::MAX), long.summary());
        // A text that fits is whole, and a close keeps its meaning however narrow the row.
        assert_eq!(e(EntryKind::In(Payload::Text("short".into()))).row_summary(40), "short");
        let close = e(EntryKind::Close { code: 1001, reason: "x".repeat(200), clean: true, lasted_ms: None });
        assert_eq!(close.row_summary(10), close.summary());
    }
}
