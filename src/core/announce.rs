//! What the log says to screen readers: a summary of the entries that arrived since the last one, at
//! most every `ANNOUNCE_EVERY_MS`, never one announcement per message. Pure.

use super::log::{EntryKind, Log};

/// The shortest time between two announcements.
pub const ANNOUNCE_EVERY_MS: u64 = 2_000;
/// How many characters of the newest entry an announcement reads out.
pub const ANNOUNCE_CHARS: usize = 120;

/// The live region's text and what it has already told.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Announcer {
    /// The log's epoch and next number when last announced (entries below it were told or skipped).
    epoch: u64,
    told: u64,
    last_ms: Option<u64>,
    text: String,
}

impl Announcer {
    /// The latest announcement (empty before the first).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether entries arrived that were not yet announced.
    pub fn pending(&self, log: &Log) -> bool {
        if log.epoch() != self.epoch {
            return !log.is_empty();
        }
        log.next_seq() > self.told.max(1)
    }

    /// Called on each tick: announces what arrived, unless the last announcement was too recent.
    /// Returns whether the text changed.
    pub fn poll(&mut self, now_ms: u64, log: &Log) -> bool {
        if !self.pending(log) {
            return false;
        }
        if self.last_ms.is_some_and(|last| now_ms.saturating_sub(last) < ANNOUNCE_EVERY_MS) {
            return false;
        }
        let from = if log.epoch() == self.epoch { self.told.max(1) } else { log.first_seq() };
        let count = log.next_seq().saturating_sub(from);
        let Some(latest) = log.iter().next_back() else { return false };
        let what = match latest.kind {
            EntryKind::Open(_) => "connected",
            EntryKind::In(_) => "received",
            EntryKind::Out(_) => "sent",
            EntryKind::Close(_) => "closed",
            EntryKind::Error(_) => "error",
            EntryKind::Info(_) => "note",
        };
        let summary = latest.summary();
        let cut = summary.char_indices().nth(ANNOUNCE_CHARS).map_or(summary.len(), |(i, _)| i);
        let more = if cut < summary.len() { " …" } else { "" };
        let noun = if count == 1 { "entry" } else { "entries" };
        self.text = format!("{count} new log {noun}. Latest, {what}: {}{more}", &summary[..cut]);
        self.epoch = log.epoch();
        self.told = log.next_seq();
        self.last_ms = Some(now_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::payload::Payload;

    fn text(t: &str) -> EntryKind {
        EntryKind::In(Payload::Text(t.to_owned()))
    }

    #[test]
    fn a_flood_is_announced_at_a_bounded_rate_and_the_last_entry_is_told() {
        let mut log = Log::default();
        let mut a = Announcer::default();
        let mut told = 0;
        // 10 s of 5,000 messages a second, a tick every 500 ms.
        for ms in 0..10_000u64 {
            for i in 0..5 {
                log.push(ms, text(&format!("message {ms}.{i}")));
            }
            if ms % 500 == 0 && a.poll(ms, &log) {
                told += 1;
            }
        }
        assert!((4..=6).contains(&told), "{told} announcements in 10 s");
        assert!(a.pending(&log));
        assert!(a.poll(10_500, &log));
        // Told at 0, 2000, … 8000: the 9,995 entries since then are in the last one.
        assert!(
            a.text().starts_with("9995 new log entries. Latest, received: message 9999.4"),
            "{}",
            a.text()
        );
        assert!(!a.pending(&log) && !a.poll(20_000, &log), "nothing new, nothing said");
    }

    #[test]
    fn a_long_entry_is_cut_and_a_clear_starts_over() {
        let mut log = Log::default();
        let mut a = Announcer::default();
        log.push(0, text(&"é".repeat(500)));
        assert!(a.poll(0, &log));
        assert!(a.text().starts_with("1 new log entry. Latest, received: éé") && a.text().ends_with(" …"));
        assert!(a.text().chars().count() < ANNOUNCE_CHARS + 50);
        log.clear();
        assert!(!a.pending(&log), "an empty log has nothing to tell");
        log.push(5_000, EntryKind::Error("refused".into()));
        assert!(a.pending(&log));
        assert!(a.poll(5_000, &log));
        assert_eq!(a.text(), "1 new log entry. Latest, error: refused");
    }
}
