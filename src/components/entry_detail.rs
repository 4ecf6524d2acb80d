//! One log entry shown whole (`#entry-detail`): size, text or a collapsible JSON tree, MessagePack/CBOR
//! decoding, hex dump, base64, a UTF-8 attempt and images as images; big payloads page by 64 KB.
//! Browser view.

use yew::prelude::*;

use crate::components::choice_select::ChoiceSelect;
use crate::components::image_preview::ImagePreview;
use crate::components::json_tree::{node_count, JsonTree};
use crate::core::decode::{decode_as, render, DecodeChoice};
use crate::core::model::{CopyAs, Msg};
use crate::core::payload::{hex_dump, size_text, sniff_image, to_base64, utf8_attempt, Payload};
use crate::hooks::WorkbenchHandle;
use crate::platform::clock::local_time_text;

/// Views draw this much of a payload at a time.
pub const PAGE: usize = 64 * 1024;
/// Payloads up to this size may be shown all at once.
pub const SHOW_ALL_MAX: usize = 1024 * 1024;
/// JSON up to this size is parsed for the tree; MessagePack/CBOR up to this size are decoded.
pub const PARSE_MAX: usize = 4 * 1024 * 1024;
/// JSON with more nodes than this is drawn as indented text instead of a tree.
pub const TREE_MAX_NODES: usize = 5000;

#[derive(Properties)]
pub struct EntryDetailProps {
    /// The running workbench, whose log holds the entry.
    pub wb: WorkbenchHandle,
    /// The entry to show, if any.
    pub seq: Option<u64>,
    /// The log's epoch (numbers restart after a clear).
    pub epoch: u64,
    /// How binary payloads are decoded.
    pub decode: DecodeChoice,
    /// Actions: close, download, copy, decode choice.
    pub ondispatch: Callback<Msg>,
}

impl PartialEq for EntryDetailProps {
    // Entries never change once logged, so the number and epoch say everything.
    fn eq(&self, other: &Self) -> bool {
        self.wb.same_workbench(&other.wb)
            && self.seq == other.seq
            && self.epoch == other.epoch
            && self.decode == other.decode
    }
}

/// Which bytes of a payload are drawn.
#[derive(Clone, Copy, PartialEq)]
enum View {
    Page(usize),
    All,
}

fn window(len: usize, view: View) -> (usize, usize) {
    match view {
        View::All => (0, len),
        View::Page(p) => {
            let start = (p * PAGE).min(len);
            (start, (start + PAGE).min(len))
        }
    }
}

fn char_floor(t: &str, mut i: usize) -> usize {
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The detail panel.
#[component]
pub fn EntryDetail(props: &EntryDetailProps) -> Html {
    let view = use_state_eq(|| View::Page(0));
    {
        let view = view.clone();
        use_effect_with((props.seq, props.epoch), move |_| view.set(View::Page(0)));
    }
    let model = props.wb.model();
    let Some(entry) = props.seq.and_then(|s| model.log.by_seq(s)) else {
        return html! {
            <aside id="entry-detail" class="entry-detail" aria-label="Entry detail">
                <p class="muted">{ "Click a log entry to see it whole." }</p>
            </aside>
        };
    };
    let seq = entry.seq;
    let d = &props.ondispatch;
    let payload = entry.kind.payload();
    let len = payload.map_or(0, Payload::len);
    let (start, end) = window(len, *view);
    let pager = if len > PAGE {
        let set = |v: View| {
            let view = view.clone();
            Callback::from(move |_: MouseEvent| view.set(v))
        };
        let page = match *view {
            View::Page(p) => Some(p),
            View::All => None,
        };
        let last = (len - 1) / PAGE;
        html! {
            <p class="detail-cut" id="detail-pager">
                { format!("Showing bytes {start}–{end} of {}. ", size_text(len)) }
                if let Some(p) = page {
                    if p > 0 { <button type="button" class="button small" onclick={set(View::Page(p - 1))}>{ "← Previous" }</button> }
                    if p < last { <button type="button" class="button small" onclick={set(View::Page(p + 1))}>{ "Next →" }</button> }
                    if len <= SHOW_ALL_MAX {
                        <button id="detail-show-all" type="button" class="button small" onclick={set(View::All)}>{ "Show all" }</button>
                    } else {
                        <span class="muted">{ " (too big to draw at once: page through it, or download it)" }</span>
                    }
                }
            </p>
        }
    } else {
        html! {}
    };
    let body = match payload {
        Some(Payload::Text(t)) => {
            let json = (t.len() <= PARSE_MAX)
                .then(|| t.trim_start())
                .filter(|s| s.starts_with('{') || s.starts_with('['))
                .and_then(|_| serde_json::from_str::<serde_json::Value>(t).ok());
            match json {
                Some(value) if node_count(&value, TREE_MAX_NODES) <= TREE_MAX_NODES => html! { <>
                    <h3>{ "JSON" }</h3>
                    <JsonTree {value} />
                </> },
                Some(value) => html! { <>
                    <h3>{ "JSON (large: shown as text)" }</h3>
                    <pre class="detail-json">{ serde_json::to_string_pretty(&value).unwrap_or_default() }</pre>
                </> },
                None => {
                    let (a, b) = (char_floor(t, start), char_floor(t, end));
                    html! { <>
                        <h3>{ "Text" }</h3>
                        <pre class="detail-text">{ t[a..b].to_owned() }</pre>
                        { pager.clone() }
                    </> }
                }
            }
        }
        Some(Payload::Binary(bytes)) => {
            let all = bytes.all();
            let b: &[u8] = &all;
            let image = sniff_image(b).map(|kind| {
                html! { <>
                    <h3>{ format!("{} image", kind.name()) }</h3>
                    <ImagePreview wb={props.wb.clone()} {seq} epoch={props.epoch} mime={kind.mime()} />
                </> }
            });
            let decoded = (b.len() <= PARSE_MAX).then(|| decode_as(b, props.decode)).flatten().map(
                |(enc, r)| match r {
                    Ok(v) => html! { <>
                        <h3>{ format!("{} decoded", enc.name()) }</h3>
                        <pre class="detail-decoded" id="detail-decoded">{ render(&v) }</pre>
                    </> },
                    Err(e) => html! { <>
                        <h3>{ enc.name() }</h3>
                        <p class="muted">{ e }</p>
                    </> },
                },
            );
            let window = &b[start..end];
            // base64 of a window starts on a multiple of 3 bytes so that it lines up with the whole.
            let b64_start = start - start % 3;
            let utf8 = match utf8_attempt(window) {
                Ok(s) => html! { <pre class="detail-text">{ s.to_owned() }</pre> },
                // A character cut by the window's edge is not an error of the payload.
                Err(at) if end < b.len() && window.len() - at < 4 => {
                    html! { <pre class="detail-text">{ String::from_utf8_lossy(&window[..at]).into_owned() }</pre> }
                }
                Err(at) => html! { <p class="muted">
                    { format!("Not valid UTF-8 from byte {} (offset 0x{:x}). The valid start: ", start + at, start + at) }
                    <code>{ String::from_utf8_lossy(&window[..at.min(256)]).into_owned() }</code>
                </p> },
            };
            let ondecode = d.reform(Msg::DecodeChosen);
            html! { <>
                { image.unwrap_or_default() }
                <label class="field-inline decode-choice">{ "Decode as" }
                    <ChoiceSelect<DecodeChoice> id="detail-decode" value={props.decode} onchange={ondecode} />
                </label>
                { decoded.unwrap_or_default() }
                <h3>{ "Hex" }</h3>
                <pre class="detail-hex">{ hex_dump_at(b, start, end) }</pre>
                { pager.clone() }
                <h3>{ "Base64" }</h3>
                <pre class="detail-base64">{ to_base64(&b[b64_start..end]) }</pre>
                <h3>{ "As UTF-8" }</h3>
                { utf8 }
            </> }
        }
        None => html! { <p class="detail-text">{ entry.summary() }</p> },
    };
    let size = payload.map(|p| html! { <span class="detail-size">{ size_text(p.len()) }</span> });
    let actions = payload.map(|_| {
        let copy = |how: CopyAs| d.reform(move |_: MouseEvent| Msg::CopyEntry(seq, how));
        html! {
            <div class="detail-actions">
                <button id="detail-download" type="button" class="button small"
                        onclick={d.reform(move |_: MouseEvent| Msg::DownloadEntry(seq))}>{ "Download" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Text)}>{ "Copy text" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Hex)}>{ "Copy hex" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Base64)}>{ "Copy base64" }</button>
            </div>
        }
    });
    let onclose = d.reform(|_: MouseEvent| Msg::Deselect);
    html! {
        <aside id="entry-detail" class="entry-detail" aria-label="Entry detail"
               data-seq={seq.to_string()} data-kind={entry.kind.name()}>
            <header class="detail-head">
                <span class="detail-title">
                    { format!("#{} · {} · {}", seq, entry.kind.name(), local_time_text(entry.at_ms)) }
                </span>
                { size.unwrap_or_default() }
                <button id="detail-close" type="button" class="button small" onclick={onclose} aria-label="Close the detail">{ "✕" }</button>
            </header>
            { actions.unwrap_or_default() }
            { body }
        </aside>
    }
}

/// A hex dump of `b[start..end]` whose offsets count from the payload's start.
fn hex_dump_at(b: &[u8], start: usize, end: usize) -> String {
    let aligned = start - start % 16;
    let dump = hex_dump(&b[aligned..end], end - aligned);
    if aligned == 0 {
        return dump;
    }
    dump.lines()
        .map(|line| {
            let off = usize::from_str_radix(&line[..8], 16).unwrap_or(0) + aligned;
            format!("{off:08x}{}\n", &line[8..])
        })
        .collect()
}
