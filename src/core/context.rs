//! What every concern's `update` is handed: the time, the shared log and the notice. Pure.

use super::info::Info;
use super::log::{EntryKind, Log};
use super::notice::{Notices, Source};

/// The shared context of one update.
pub(crate) struct Cx<'a> {
    /// Milliseconds since the Unix epoch.
    pub now: u64,
    pub log: &'a mut Log,
    pub notices: &'a mut Notices,
    /// A saved log is being viewed: the app says nothing in it.
    pub read_only: bool,
}

impl Cx<'_> {
    /// Appends an `info` entry.
    pub(crate) fn info(&mut self, info: Info) {
        if !self.read_only {
            self.log.push(self.now, EntryKind::info(info));
        }
    }

    /// Shows a notice from `source`.
    pub(crate) fn notice(&mut self, source: Source, text: impl Into<String>) {
        self.notices.set(source, text);
    }

    /// Clears `source`'s notice.
    pub(crate) fn clear(&mut self, source: Source) {
        self.notices.clear(source);
    }
}
