//! The addresses that opened: URL and subprotocols, most recent first, at most `HISTORY_MAX`; offered as
//! suggestions on `url-input` (`url-history`). Pure.

use std::collections::VecDeque;

/// The most addresses kept.
pub const HISTORY_MAX: usize = 50;

/// One address that opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub url: String,
    pub protocols: String,
    /// When it last opened (ms since the Unix epoch).
    pub at_ms: u64,
}

/// Most recent first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    visits: VecDeque<Visit>,
}

impl History {
    /// `url` with `protocols` opened at `at_ms`: to the front (once), the oldest beyond the limit dropped.
    pub fn opened(&mut self, url: &str, protocols: &str, at_ms: u64) {
        self.visits.retain(|v| !(v.url == url && v.protocols == protocols));
        self.visits.push_front(Visit { url: url.to_owned(), protocols: protocols.to_owned(), at_ms });
        self.visits.truncate(HISTORY_MAX);
    }

    pub fn visits(&self) -> impl ExactSizeIterator<Item = &Visit> {
        self.visits.iter()
    }

    /// Forgets one address (with any subprotocols).
    pub fn remove(&mut self, url: &str) {
        self.visits.retain(|v| v.url != url);
    }

    pub fn clear(&mut self) {
        self.visits.clear();
    }

    /// Replaces the whole history (a restore), most recent first.
    pub fn replace_all(&mut self, visits: Vec<Visit>) {
        self.visits = visits.into_iter().take(HISTORY_MAX).collect();
    }

    /// The subprotocols last used with `url`.
    pub fn protocols_for(&self, url: &str) -> Option<&str> {
        self.visits.iter().find(|v| v.url == url).map(|v| v.protocols.as_str())
    }
}
