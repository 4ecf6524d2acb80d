//! An export being written in steps: which entries are next, how many are done, and whether the log
//! changed under it (a clear, an eviction) so that a half-written file is never offered. Pure.

use crate::core::export::{export_part, ExportFormat};
use crate::core::log::Log;

/// How many entries one step writes at most (a step must stay well under a long task)...
pub(crate) const EXPORT_STEP: usize = 20_000;
/// ...and how many payload bytes (big binary payloads grow by a third as base64).
pub(crate) const EXPORT_STEP_BYTES: usize = 4 * 1024 * 1024;

/// What one step produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A piece of the file; `last` when it completes it.
    Piece { text: String, first: bool, last: bool },
    /// The log changed meanwhile: why.
    Failed(String),
}

/// The entries numbered `first..=last` of the log at `epoch`, being written as `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportCursor {
    pub(crate) name: String,
    pub(crate) format: ExportFormat,
    epoch: u64,
    first: u64,
    next: u64,
    last: u64,
    done: usize,
    total: usize,
    /// Every piece is written; the file is being offered.
    pub(crate) saving: bool,
}

impl ExportCursor {
    /// An export of the whole of `log` (which is not empty).
    pub(crate) fn new(log: &Log, name: String, format: ExportFormat) -> ExportCursor {
        let first = log.first_seq();
        let last = log.iter().next_back().map_or(first, |e| e.seq);
        ExportCursor {
            name,
            format,
            epoch: log.epoch(),
            first,
            next: first,
            last,
            done: 0,
            total: log.len(),
            saving: false,
        }
    }

    /// Entries written, and of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    /// Writes the next piece of at most `EXPORT_STEP` entries.
    pub(crate) fn step(&mut self, log: &Log) -> Step {
        if log.epoch() != self.epoch {
            return Step::Failed("the log was cleared meanwhile".into());
        }
        let (Some(p0), Some(last)) = (log.position(self.next), log.position(self.last)) else {
            return Step::Failed(
                "entries were evicted by the cap meanwhile; raise the cap or pause the feed, then export again"
                    .into(),
            );
        };
        let mut bytes = 0usize;
        let take = log
            .iter()
            .skip(p0)
            .take((last + 1 - p0).min(EXPORT_STEP))
            .take_while(|e| {
                let fits = bytes < EXPORT_STEP_BYTES;
                bytes = bytes.saturating_add(e.kind.payload().map_or(64, |p| p.len()));
                fits
            })
            .count();
        let p1 = p0 + take.max(1);
        let first = self.next == self.first;
        let done = p1 == last + 1;
        let text = export_part(log, self.format, p0..p1, first, done);
        self.done += p1 - p0;
        self.total = self.done + (last + 1 - p1);
        match log.get(p1).filter(|_| !done) {
            Some(e) => self.next = e.seq,
            None => self.saving = true,
        }
        Step::Piece { text, first, last: self.saving }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::log::EntryKind;
    use crate::core::payload::Payload;

    fn log_of(n: usize, cap: usize) -> Log {
        let mut log = Log::with_cap(cap);
        for i in 0..n {
            log.push(i as u64, EntryKind::In(Payload::Text(i.to_string())));
        }
        log
    }

    #[test]
    fn pieces_concatenate_to_the_whole_export() {
        let log = log_of(EXPORT_STEP * 2 + 5, usize::MAX);
        for format in [ExportFormat::Ndjson, ExportFormat::Json, ExportFormat::Text] {
            let mut c = ExportCursor::new(&log, "x".into(), format);
            let mut whole = String::new();
            let mut steps = 0;
            loop {
                steps += 1;
                match c.step(&log) {
                    Step::Piece { text, first, last } => {
                        assert_eq!(first, steps == 1);
                        whole.push_str(&text);
                        if last {
                            break;
                        }
                    }
                    Step::Failed(e) => panic!("{e}"),
                }
            }
            assert_eq!(steps, 3);
            assert_eq!(c.progress(), (log.len(), log.len()));
            assert_eq!(whole, crate::core::export::export(&log, format));
        }
    }

    #[test]
    fn big_payloads_make_smaller_steps() {
        let mut log = Log::with_cap(100);
        for _ in 0..10 {
            log.push(0, EntryKind::In(Payload::Binary(vec![7u8; 1024 * 1024].into())));
        }
        let mut c = ExportCursor::new(&log, "x".into(), ExportFormat::Ndjson);
        let mut steps = 0;
        while let Step::Piece { last: false, .. } = c.step(&log) {
            steps += 1;
            assert!(steps < 20);
        }
        assert!(steps >= 2, "10 MB of payloads in steps of 4 MB: {steps}");
        assert_eq!(c.progress(), (10, 10));
    }

    #[test]
    fn a_clear_or_an_eviction_meanwhile_fails_it() {
        let mut log = log_of(EXPORT_STEP + 1, EXPORT_STEP + 1);
        let mut c = ExportCursor::new(&log, "x".into(), ExportFormat::Ndjson);
        assert!(matches!(c.step(&log), Step::Piece { last: false, .. }));
        log.push(0, EntryKind::In(Payload::Text("more".into())));
        log.push(0, EntryKind::In(Payload::Text("more".into())));
        // The next entry to write is still kept; the last one is not evicted either: it goes on.
        assert!(matches!(c.step(&log), Step::Piece { last: true, .. }));
        let mut c = ExportCursor::new(&log, "x".into(), ExportFormat::Ndjson);
        assert!(matches!(c.step(&log), Step::Piece { last: false, .. }));
        for _ in 0..EXPORT_STEP + 1 {
            log.push(0, EntryKind::In(Payload::Text("flood".into())));
        }
        assert!(matches!(c.step(&log), Step::Failed(e) if e.contains("evicted")));
        log.clear();
        let mut c2 = ExportCursor::new(&log_of(3, 10), "x".into(), ExportFormat::Ndjson);
        c2.epoch = 99;
        assert!(matches!(c2.step(&log), Step::Failed(e) if e.contains("cleared")));
    }
}
