//! The composer concern: the draft and the format it is sent in, JSON formatting, and what a file
//! that could not be read says. Pure.

use super::context::Cx;
use super::notice::Source;
use super::payload::{check_json, hex_preview, pretty_json, size_text, Payload, SendFormat, FORMAT_MAX};

/// The largest file sent as one message (it is read whole into memory and kept in the log).
pub const SEND_FILE_MAX: usize = 64 * 1024 * 1024;

/// What the user does in the composer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    DraftEdited(String),
    FormatChosen(SendFormat),
    /// Indent the draft as JSON.
    FormatDraft,
    /// A picked file could not be read.
    FileFailed {
        name: String,
        error: String,
    },
}

/// The draft and its format.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Composer {
    pub draft: String,
    pub format: SendFormat,
}

impl Composer {
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) {
        match msg {
            Msg::DraftEdited(v) => self.draft = v,
            Msg::FormatChosen(f) => self.format = f,
            Msg::FormatDraft if self.draft.len() > FORMAT_MAX => cx.notice(
                Source::Composer,
                format!("The draft is too large to format here (over {}).", size_text(FORMAT_MAX)),
            ),
            Msg::FormatDraft => match check_json(&self.draft) {
                Ok(()) => {
                    if let Some(pretty) = pretty_json(&self.draft) {
                        self.draft = pretty;
                    }
                    cx.clear(Source::Composer);
                }
                Err(e) => cx.notice(Source::Composer, e.to_string()),
            },
            Msg::FileFailed { name, error } => {
                cx.notice(Source::Composer, format!("Could not read the file {name:?}: {error}."));
            }
        }
    }

    /// The socket took the draft: the composer is free again.
    pub(crate) fn sent(&mut self, cx: &mut Cx) {
        self.draft.clear();
        cx.clear(Source::Composer);
    }

    /// Puts a queued message back in the composer to edit it; refuses (giving it back) unless the
    /// composer is empty.
    pub(crate) fn take_back(&mut self, p: Payload, cx: &mut Cx) -> Result<(), Payload> {
        if !self.draft.is_empty() {
            cx.notice(
                Source::Composer,
                "Send or clear the composer first: editing a queued message puts it there.",
            );
            return Err(p);
        }
        (self.draft, self.format) = match p {
            Payload::Text(t) => (t, SendFormat::Text),
            Payload::Binary(b) => (hex_preview(&b.all(), usize::MAX), SendFormat::Hex),
        };
        Ok(())
    }
}
