//! Log search: a case-insensitive substring or regular expression plus kind toggles, and an index of
//! the matching entries that is kept up to date incrementally and rebuilt in bounded steps. Pure.

use std::collections::VecDeque;

use super::bounded_regex::BoundedRegex;
use super::log::{EntryKind, Log, LogEntry};
use super::payload::text_head;
use super::payload::Payload;

/// Which kinds of entries to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindSet {
    /// Received messages.
    pub incoming: bool,
    /// Sent messages.
    pub outgoing: bool,
    /// Everything else: open, close, error, info.
    pub events: bool,
    /// Protocol heartbeats (pings, pongs, keep-alives a lens noted).
    pub heartbeats: bool,
}

impl Default for KindSet {
    fn default() -> Self {
        KindSet { incoming: true, outgoing: true, events: true, heartbeats: true }
    }
}

impl KindSet {
    /// Whether entries of `kind` are shown.
    pub fn shows(&self, kind: &EntryKind) -> bool {
        match kind {
            EntryKind::In(_) => self.incoming,
            EntryKind::Out(_) => self.outgoing,
            _ => self.events,
        }
    }

    /// Whether `entry` of `log` is shown: its kind, and whether it is a heartbeat.
    pub fn shows_entry(&self, log: &Log, entry: &LogEntry) -> bool {
        self.shows(&entry.kind) && (self.heartbeats || !log.note(entry.seq).is_some_and(|n| n.heartbeat))
    }

    /// Whether every kind is shown.
    pub fn all(&self) -> bool {
        self.incoming && self.outgoing && self.events && self.heartbeats
    }
}

/// What the user asked the log to show.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FilterSpec {
    /// Text to find (any case); empty finds everything.
    pub text: String,
    /// Whether `text` is a regular expression.
    pub regex: bool,
    pub kinds: KindSet,
}

/// The most bytes of one text a plain (substring) filter searches: a few milliseconds' work.
const SUBSTRING_WINDOW: usize = 1024 * 1024;
/// The longest plain filter accepted, in bytes.
const MAX_SUBSTRING: usize = 1000;
/// Texts longer than this are searched by lower-casing them and a linear search, not position by
/// position (which costs the needle's length at every byte of a repetitive text).
const SHORT_TEXT: usize = 4096;
/// What looking at one entry costs before any text is searched, in estimated nanoseconds.
const ENTRY_NS: u64 = 40;

/// A compiled text test.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    All,
    Substring(String),
    Regex(BoundedRegex),
}

impl Matcher {
    /// Compiles `spec`'s text; a bad or too costly regular expression comes back as a message.
    pub fn compile(spec: &FilterSpec) -> Result<Matcher, String> {
        if spec.text.is_empty() {
            Ok(Matcher::All)
        } else if spec.regex {
            BoundedRegex::new(&spec.text, true, "The filter").map(Matcher::Regex)
        } else if spec.text.len() > MAX_SUBSTRING {
            Err(format!("The filter is too long (at most {MAX_SUBSTRING} bytes)"))
        } else {
            Ok(Matcher::Substring(super::fold::fold(&spec.text)))
        }
    }

    /// How many bytes of each message the filter searches (all of them: `None`).
    pub fn window(&self) -> Option<usize> {
        match self {
            Matcher::All => None,
            Matcher::Substring(_) => Some(SUBSTRING_WINDOW),
            Matcher::Regex(re) => Some(re.window()),
        }
    }

    /// Whether `text` matches (only its window is searched).
    pub fn test(&self, text: &str) -> bool {
        match self {
            Matcher::All => true,
            Matcher::Substring(needle) => contains_ignore_case(text_head(text, SUBSTRING_WINDOW), needle),
            Matcher::Regex(re) => re.is_match(text),
        }
    }

    /// Whether `entry` matches: message text is searched, other entries by their one-line text; an
    /// entry a lens decoded by its protocol description too.
    pub fn matches(&self, entry: &LogEntry, log: &Log) -> bool {
        let raw = match (&entry.kind, self) {
            (_, Matcher::All) => return true,
            (EntryKind::In(Payload::Text(t)) | EntryKind::Out(Payload::Text(t)), _) => self.test(t),
            _ => self.test(&entry.summary()),
        };
        raw || (log.note(entry.seq).is_some()
            && crate::core::lens::label(log, entry).is_some_and(|l| self.test(&l)))
    }

    /// The estimated cost of `matches(entry)`, in nanoseconds.
    pub(crate) fn cost(&self, entry: &LogEntry) -> u64 {
        let len = match &entry.kind {
            EntryKind::In(Payload::Text(t)) | EntryKind::Out(Payload::Text(t)) => t.len(),
            // A one-line summary: its payload is cut to a row; its other fields are bounded on import.
            _ => 400,
        };
        ENTRY_NS
            + match self {
                Matcher::All => 0,
                Matcher::Substring(_) => 3 * len.min(SUBSTRING_WINDOW) as u64,
                Matcher::Regex(re) => re.cost(len),
            }
    }
}

/// Whether `haystack` contains `needle_lower` (already folded: `fold::fold`), ignoring case.
pub(crate) fn contains_ignore_case(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if haystack.len() <= SHORT_TEXT && haystack.is_ascii() && needle_lower.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle_lower.as_bytes());
        let first = n[0];
        let first_upper = first.to_ascii_uppercase();
        let last_start = match h.len().checked_sub(n.len()) {
            Some(s) => s,
            None => return false,
        };
        (0..=last_start).any(|i| {
            let b = h[i];
            (b == first || b == first_upper) && h[i..i + n.len()].eq_ignore_ascii_case(n)
        })
    } else if haystack.is_ascii() {
        // Linear whatever the text (`str::contains` is Two-Way).
        haystack.to_ascii_lowercase().contains(needle_lower)
    } else {
        super::fold::fold(haystack).contains(needle_lower)
    }
}

/// The numbers of the entries matching a filter. Appends are scanned as they come, evicted entries are
/// forgotten, and a new filter is applied in steps of at most `budget_ns` of estimated work (at least
/// one entry) so that no step freezes the page.
#[derive(Debug)]
pub struct FilterIndex {
    spec: FilterSpec,
    /// Whether the text is used: a bad regular expression is ignored (kinds still apply).
    text_valid: bool,
    epoch: u64,
    scanned_to: u64,
    matches: VecDeque<u64>,
}

impl Default for FilterIndex {
    fn default() -> Self {
        FilterIndex {
            spec: FilterSpec::default(),
            text_valid: true,
            epoch: 0,
            scanned_to: 0,
            matches: VecDeque::new(),
        }
    }
}

impl FilterIndex {
    /// Brings the index towards `log` under `spec`, whose text compiled to `matcher` (`None`: it did
    /// not, and only the kinds filter), doing at most `budget_ns` of estimated work (at least one
    /// entry). Returns whether it is complete.
    pub(crate) fn refresh(
        &mut self,
        log: &Log,
        spec: &FilterSpec,
        matcher: Option<&Matcher>,
        budget_ns: u64,
    ) -> bool {
        let text_valid = matcher.is_some();
        if *spec != self.spec || log.epoch() != self.epoch || text_valid != self.text_valid {
            *self = FilterIndex {
                spec: spec.clone(),
                text_valid,
                epoch: log.epoch(),
                scanned_to: 0,
                matches: VecDeque::new(),
            };
        }
        if !self.is_filtering() {
            // Nothing is hidden: the log itself is the view; keep no copy of its numbers.
            self.scanned_to = log.next_seq();
            return true;
        }
        let first = log.first_seq();
        while self.matches.front().is_some_and(|&s| s < first) {
            self.matches.pop_front();
        }
        let matcher = matcher.unwrap_or(&Matcher::All);
        // Numbers ascend but may have gaps (an imported log): find the place, never assume it.
        let start = log.index_from(self.scanned_to);
        let mut spent = 0u64;
        for e in log.iter().skip(start) {
            if spent >= budget_ns {
                self.scanned_to = e.seq;
                return false;
            }
            if self.spec.kinds.shows_entry(log, e) {
                spent = spent.saturating_add(matcher.cost(e));
                if matcher.matches(e, log) {
                    self.matches.push_back(e.seq);
                }
            } else {
                spent = spent.saturating_add(ENTRY_NS);
            }
        }
        self.scanned_to = log.next_seq();
        true
    }

    /// Whether the index filters at all (an active, valid filter).
    pub fn is_filtering(&self) -> bool {
        !self.spec.kinds.all() || (!self.spec.text.is_empty() && self.text_valid)
    }

    /// How many kept entries match so far.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    /// Whether none matches so far.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// How far the scan has come, 0.0 to 1.0.
    pub fn progress(&self, log: &Log) -> f64 {
        let first = log.first_seq();
        let total = log.next_seq().saturating_sub(first);
        if total == 0 {
            return 1.0;
        }
        (self.scanned_to.saturating_sub(first) as f64 / total as f64).clamp(0.0, 1.0)
    }

    /// The number of the `i`-th matching entry, oldest first.
    pub fn seq_at(&self, i: usize) -> Option<u64> {
        self.matches.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::info::Info;
    use crate::core::log::Closed;

    fn text(s: &str) -> EntryKind {
        EntryKind::In(Payload::Text(s.into()))
    }

    fn spec(t: &str) -> FilterSpec {
        FilterSpec { text: t.into(), ..FilterSpec::default() }
    }

    /// Refreshes as the logbook does: the matcher compiled once, outside the index.
    fn refresh(idx: &mut FilterIndex, log: &Log, spec: &FilterSpec, budget: u64) -> bool {
        let matcher = Matcher::compile(spec).ok();
        idx.refresh(log, spec, matcher.as_ref(), budget)
    }

    fn seqs(idx: &FilterIndex) -> Vec<u64> {
        (0..idx.len()).map(|i| idx.seq_at(i).unwrap()).collect()
    }

    #[test]
    fn long_texts_are_searched_whole_within_the_window_and_long_filters_refused() {
        // Repetitive and long: searched by the linear path (position by position it would be ~10^9
        // comparisons), case ignored, ASCII or not.
        let text = "a".repeat(SUBSTRING_WINDOW - 1);
        let needle = format!("{}b", "a".repeat(MAX_SUBSTRING - 1));
        assert!(!contains_ignore_case(&text, &needle));
        assert!(contains_ignore_case(&format!("{text}B"), "ab"));
        assert!(contains_ignore_case(&format!("{text}É"), "aé"));
        let past = Matcher::compile(&spec("needle")).unwrap();
        assert!(
            !past.test(&format!("{}needle", "x".repeat(SUBSTRING_WINDOW))),
            "only the window is searched"
        );
        let long = FilterSpec { text: "x".repeat(MAX_SUBSTRING + 1), ..FilterSpec::default() };
        assert!(Matcher::compile(&long).unwrap_err().contains("too long"));
    }

    #[test]
    fn substring_ignores_case_in_ascii_and_unicode() {
        assert!(contains_ignore_case("Hello WORLD", "world"));
        assert!(contains_ignore_case("Grüße", "grüße"));
        assert!(!contains_ignore_case("abc", "abcd"));
        assert!(contains_ignore_case("abc", ""));
        assert!(contains_ignore_case("xxAbC", "abc"));
    }

    #[test]
    fn index_follows_appends_evictions_and_clears() {
        let mut log = Log::with_cap(4);
        let mut idx = FilterIndex::default();
        for s in ["apple", "berry", "Apricot"] {
            log.push(0, text(s));
        }
        assert!(refresh(&mut idx, &log, &spec("AP"), u64::MAX));
        assert_eq!(seqs(&idx), vec![1, 3]);
        log.push(0, text("grape"));
        log.push(0, text("pear"));
        refresh(&mut idx, &log, &spec("AP"), u64::MAX);
        // "apple" (1) was evicted; "grape" (4) was added.
        assert_eq!(seqs(&idx), vec![3, 4]);
        refresh(&mut idx, &log, &spec("pear"), u64::MAX);
        assert_eq!(idx.len(), 1);
        log.clear();
        log.push(0, text("pear again"));
        refresh(&mut idx, &log, &spec("pear"), u64::MAX);
        assert_eq!(seqs(&idx), vec![1]);
    }

    #[test]
    fn index_is_built_in_bounded_steps() {
        let mut log = Log::with_cap(1000);
        for i in 0..100 {
            log.push(0, text(if i % 10 == 0 { "hit" } else { "miss" }));
        }
        let mut idx = FilterIndex::default();
        let mut steps = 1;
        // "hit" costs 40 ns a look and 2 ns a byte: 30 looks are 1,290 ns.
        while !refresh(&mut idx, &log, &spec("hit"), 30 * 43) {
            steps += 1;
            assert!(idx.progress(&log) < 1.0);
        }
        assert_eq!(steps, 4);
        assert_eq!(seqs(&idx), vec![1, 11, 21, 31, 41, 51, 61, 71, 81, 91]);
        assert_eq!(idx.progress(&log), 1.0);
    }

    #[test]
    fn no_filter_keeps_no_index() {
        let mut log = Log::with_cap(10);
        log.push(0, text("a"));
        let mut idx = FilterIndex::default();
        assert!(refresh(&mut idx, &log, &FilterSpec::default(), 0));
        assert!(!idx.is_filtering());
        assert!(idx.is_empty());
        assert_eq!(idx.progress(&log), 1.0);
    }

    #[test]
    fn regex_and_its_errors() {
        let mut log = Log::with_cap(10);
        for s in ["id=17", "id=x", "ID=2"] {
            log.push(0, text(s));
        }
        let mut idx = FilterIndex::default();
        let re = FilterSpec { text: r"id=\d+".into(), regex: true, ..FilterSpec::default() };
        refresh(&mut idx, &log, &re, u64::MAX);
        assert_eq!(seqs(&idx), vec![1, 3]);
        let bad = FilterSpec { text: "(".into(), regex: true, ..FilterSpec::default() };
        refresh(&mut idx, &log, &bad, u64::MAX);
        assert!(Matcher::compile(&bad).unwrap_err().contains("not a valid regular expression"));
        assert!(!idx.is_filtering());
    }

    #[test]
    fn kind_toggles_hide_whole_kinds() {
        let mut log = Log::with_cap(10);
        log.push(0, EntryKind::info(Info::Note("connecting".into())));
        log.push(0, text("in"));
        log.push(0, EntryKind::Out(Payload::Text("out".into())));
        let mut idx = FilterIndex::default();
        let only_out = FilterSpec {
            kinds: KindSet { incoming: false, outgoing: true, events: false, heartbeats: true },
            ..FilterSpec::default()
        };
        refresh(&mut idx, &log, &only_out, u64::MAX);
        assert_eq!(seqs(&idx), vec![3]);
        let events = FilterSpec {
            kinds: KindSet { incoming: false, outgoing: false, events: true, heartbeats: true },
            ..FilterSpec::default()
        };
        refresh(&mut idx, &log, &events, u64::MAX);
        assert_eq!(seqs(&idx), vec![1]);
    }

    #[test]
    fn close_entries_match_by_their_meaning() {
        let e = LogEntry {
            seq: 1,
            at_ms: 0,
            kind: EntryKind::Close(Box::new(Closed {
                code: 4001,
                reason: "x".into(),
                clean: true,
                lasted_ms: None,
            })),
        };
        assert!(Matcher::compile(&spec("private use")).unwrap().matches(&e, &Log::default()));
        let long = LogEntry { seq: 1, at_ms: 0, kind: text(&("x".repeat(1000) + "NeedLE")) };
        assert!(Matcher::compile(&spec("needle")).unwrap().matches(&long, &Log::default()));
    }
}
