//! The inspector concern: which entry is shown whole, how binary payloads are decoded, which 64 KB
//! page is drawn, and copying or downloading the payload. Pure.

use std::borrow::Cow;

use super::cmd::Cmd;
use super::context::Cx;
use super::decode::DecodeChoice;
use super::log::Log;
use super::notice::Source;
use super::payload::{hex_preview, sniff_image, to_base64, Payload};

/// Views draw this much of a payload at a time.
pub const PAGE: usize = 64 * 1024;
/// Payloads up to this size may be shown all at once.
pub const SHOW_ALL_MAX: usize = 1024 * 1024;
/// Text up to this size is checked for being JSON (then a tree up to 256 KB, re-indented text beyond).
pub const PARSE_MAX: usize = 4 * 1024 * 1024;

/// How a payload is copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyAs {
    /// Text as it is; bytes as UTF-8 (invalid sequences replaced).
    Text,
    Hex,
    Base64,
}

/// Which bytes of a payload are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Page(usize),
    All,
}

impl Default for View {
    fn default() -> Self {
        View::Page(0)
    }
}

/// What the user does in the detail view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// Show one entry whole.
    Select(u64),
    Deselect,
    /// How binary payloads are decoded.
    DecodeChosen(DecodeChoice),
    /// Draw another page, or all.
    Show(View),
    /// Save an entry's payload as a file.
    Download(u64),
    /// Copy an entry's payload to the clipboard.
    Copy(u64, CopyAs),
}

/// The detail view's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inspector {
    /// The entry shown whole.
    pub selected: Option<u64>,
    pub decode: DecodeChoice,
    pub view: View,
}

/// The byte range `view` draws of a payload of `len` bytes.
pub fn window(len: usize, view: View) -> (usize, usize) {
    let page = match view {
        View::All if len <= SHOW_ALL_MAX => return (0, len),
        View::All => 0,
        View::Page(p) => p,
    };
    let start = page.saturating_mul(PAGE).min(len);
    (start, start.saturating_add(PAGE).min(len))
}

impl Inspector {
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Cmd> {
        match msg {
            Msg::Select(seq) => {
                self.selected = cx.log.by_seq(seq).map(|e| e.seq);
                self.view = View::default();
            }
            Msg::Deselect => self.selected = None,
            Msg::DecodeChosen(c) => self.decode = c,
            Msg::Show(v) => self.view = v,
            Msg::Download(seq) => {
                let Some(p) = payload_of(cx, seq) else { return Vec::new() };
                let (ext, bytes) = match p {
                    Payload::Text(t) => ("txt", t.as_bytes().to_vec()),
                    Payload::Binary(b) => {
                        (sniff_image(&b.head(32)).map_or("bin", |k| k.extension()), b.all().into_owned())
                    }
                };
                return vec![Cmd::DownloadBytes { name: format!("sockpit-entry-{seq}.{ext}"), bytes }];
            }
            Msg::Copy(seq, how) => {
                let Some(p) = payload_of(cx, seq) else { return Vec::new() };
                let bytes: Cow<'_, [u8]> = match p {
                    Payload::Text(t) => t.as_bytes().into(),
                    Payload::Binary(b) => b.all(),
                };
                let text = match how {
                    CopyAs::Text => String::from_utf8_lossy(&bytes).into_owned(),
                    CopyAs::Hex => hex_preview(&bytes, usize::MAX),
                    CopyAs::Base64 => to_base64(&bytes),
                };
                return vec![Cmd::CopyText(text)];
            }
        }
        Vec::new()
    }

    /// An entry evicted by the cap or cleared cannot stay selected.
    pub(crate) fn forget_gone(&mut self, log: &Log) {
        if self.selected.is_some_and(|s| log.by_seq(s).is_none()) {
            self.selected = None;
        }
    }

    pub(crate) fn copy_failed(&self, cx: &mut Cx, error: &str) {
        cx.notice(Source::Inspector, format!("Could not copy to the clipboard: {error}."));
    }

    pub(crate) fn download_failed(&self, cx: &mut Cx, error: &str) {
        cx.notice(Source::Inspector, format!("The entry could not be downloaded: {error}."));
    }
}

/// The payload of entry `seq`, or a notice that it is gone.
fn payload_of<'a>(cx: &'a mut Cx, seq: u64) -> Option<&'a Payload> {
    if cx.log.by_seq(seq).and_then(|e| e.kind.payload()).is_none() {
        cx.notice(Source::Inspector, format!("Entry {seq} is no longer in the log."));
        return None;
    }
    cx.log.by_seq(seq).and_then(|e| e.kind.payload())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_page_through_and_show_all_only_when_small() {
        assert_eq!(window(10, View::default()), (0, 10));
        assert_eq!(window(PAGE * 2 + 1, View::Page(1)), (PAGE, PAGE * 2));
        assert_eq!(window(PAGE * 2 + 1, View::Page(2)), (PAGE * 2, PAGE * 2 + 1));
        assert_eq!(window(PAGE * 2, View::Page(usize::MAX)), (PAGE * 2, PAGE * 2));
        assert_eq!(window(SHOW_ALL_MAX, View::All), (0, SHOW_ALL_MAX));
        assert_eq!(window(SHOW_ALL_MAX + 1, View::All), (0, PAGE));
    }
}
