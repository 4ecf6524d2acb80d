//! The page's one notice (`#notice`): the latest problem, tagged with the concern that raised it so
//! that a fix clears its own notice and nobody else's. Pure.

/// Which concern raised a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// URL, subprotocols, connect, stop, close code and reason.
    Connection,
    /// The draft, its format, files to send.
    Composer,
    /// The log's filter.
    Filter,
    /// The log's cap.
    Cap,
    /// Export and opening saved logs.
    Logbook,
    /// Copy and download of one entry.
    Inspector,
    Reconnect,
    Outbox,
    Heartbeat,
    AutoReply,
    /// The protocol lens: its settings and what it sends.
    Lens,
    /// The library, variables, captures, the sequence, sharing.
    Workspace,
    /// Keeping the workspace and log in the browser's database.
    Store,
}

/// The notice shown now, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    current: Option<(Source, String)>,
}

impl Notices {
    /// Shows `text` as `source`'s notice, replacing whatever was shown.
    pub(crate) fn set(&mut self, source: Source, text: impl Into<String>) {
        self.current = Some((source, text.into()));
    }

    /// Removes the notice if `source` raised it.
    pub(crate) fn clear(&mut self, source: Source) {
        if self.source() == Some(source) {
            self.current = None;
        }
    }

    /// The text to show (empty: none).
    pub fn text(&self) -> &str {
        self.current.as_ref().map_or("", |(_, t)| t.as_str())
    }

    /// Who raised the notice shown.
    pub(crate) fn source(&self) -> Option<Source> {
        self.current.as_ref().map(|(s, _)| *s)
    }

    /// Whether nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.current.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_clears_only_its_own_notice() {
        let mut n = Notices::default();
        n.set(Source::Filter, "bad regex");
        n.clear(Source::Cap);
        assert_eq!(n.text(), "bad regex");
        n.clear(Source::Filter);
        assert!(n.is_empty());
        assert_eq!(n.text(), "");
    }
}
