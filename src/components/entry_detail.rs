//! One log entry shown whole (`#entry-detail`): size, text or indented JSON, hex dump, base64, a UTF-8
//! attempt, and images as images. Browser view.

use yew::prelude::*;

use crate::components::image_preview::ImagePreview;
use crate::core::log::EntryKind;
use crate::core::payload::{hex_dump, pretty_json, size_text, sniff_image, to_base64, utf8_attempt, Payload};
use crate::hooks::WorkbenchHandle;
use crate::platform::clock::local_time_text;

/// Views draw this much of a payload until "Show all" is pressed.
pub const DETAIL_LIMIT: usize = 64 * 1024;

#[derive(Properties)]
pub struct EntryDetailProps {
    /// The running workbench, whose log holds the entry.
    pub wb: WorkbenchHandle,
    /// The entry to show, if any.
    pub seq: Option<u64>,
    /// The log's epoch (numbers restart after a clear).
    pub epoch: u64,
    /// Close the detail view.
    pub onclose: Callback<()>,
}

impl PartialEq for EntryDetailProps {
    // Entries never change once logged, so the number and epoch say everything.
    fn eq(&self, other: &Self) -> bool {
        self.wb.same_workbench(&other.wb) && self.seq == other.seq && self.epoch == other.epoch
    }
}

fn cut(text: &str, all: bool) -> (&str, bool) {
    if all || text.len() <= DETAIL_LIMIT {
        return (text, false);
    }
    let mut end = DETAIL_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// The detail panel.
#[component]
pub fn EntryDetail(props: &EntryDetailProps) -> Html {
    let show_all = use_state_eq(|| false);
    {
        let show_all = show_all.clone();
        use_effect_with((props.seq, props.epoch), move |_| show_all.set(false));
    }
    let model = props.wb.model();
    let Some(entry) = props.seq.and_then(|s| model.log.by_seq(s)) else {
        return html! {
            <aside id="entry-detail" class="entry-detail" aria-label="Entry detail">
                <p class="muted">{ "Click a log entry to see it whole." }</p>
            </aside>
        };
    };
    let all = *show_all;
    let onshowall = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let more = |truncated: bool, total: usize| -> Html {
        if truncated {
            html! {
                <p class="detail-cut">
                    { format!("Showing the first {} of {}. ", size_text(DETAIL_LIMIT), size_text(total)) }
                    <button type="button" class="button small" onclick={onshowall.clone()}>{ "Show all" }</button>
                </p>
            }
        } else {
            html! {}
        }
    };
    let body = match &entry.kind {
        EntryKind::In(p) | EntryKind::Out(p) => match p {
            Payload::Text(t) => {
                let json = if t.len() <= 16 * DETAIL_LIMIT || all { pretty_json(t) } else { None };
                match json {
                    Some(pretty) => {
                        let (shown, truncated) = cut(&pretty, all);
                        html! { <>
                            <h3>{ "JSON" }</h3>
                            <pre class="detail-json">{ shown.to_owned() }</pre>
                            { more(truncated, pretty.len()) }
                        </> }
                    }
                    None => {
                        let (shown, truncated) = cut(t, all);
                        html! { <>
                            <h3>{ "Text" }</h3>
                            <pre class="detail-text">{ shown.to_owned() }</pre>
                            { more(truncated, t.len()) }
                        </> }
                    }
                }
            }
            Payload::Binary(b) => {
                let limit = if all { b.len() } else { DETAIL_LIMIT.min(b.len()) };
                let truncated = limit < b.len();
                let image = sniff_image(b).map(|kind| html! { <>
                    <h3>{ format!("{} image", kind.name()) }</h3>
                    <ImagePreview wb={props.wb.clone()} seq={entry.seq} epoch={props.epoch} mime={kind.mime()} />
                </> });
                let utf8 = match utf8_attempt(&b[..limit]) {
                    Ok(s) => html! { <pre class="detail-text">{ s.to_owned() }</pre> },
                    // A multi-byte character cut by the limit is not an error of the payload.
                    Err(at) if truncated && limit - at < 4 => {
                        html! { <pre class="detail-text">{ String::from_utf8_lossy(&b[..at]).into_owned() }</pre> }
                    }
                    Err(at) => html! { <p class="muted">
                        { format!("Not valid UTF-8 from byte {at} (offset 0x{at:x}). The valid start: ") }
                        <code>{ String::from_utf8_lossy(&b[..at.min(256)]).into_owned() }</code>
                    </p> },
                };
                html! { <>
                    { image.unwrap_or_default() }
                    <h3>{ "Hex" }</h3>
                    <pre class="detail-hex">{ hex_dump(b, limit) }</pre>
                    { more(truncated, b.len()) }
                    <h3>{ "Base64" }</h3>
                    <pre class="detail-base64">{ to_base64(&b[..limit]) }</pre>
                    <h3>{ "As UTF-8" }</h3>
                    { utf8 }
                </> }
            }
        },
        _ => html! { <p class="detail-text">{ entry.summary() }</p> },
    };
    let size =
        entry.kind.payload().map(|p| html! { <span class="detail-size">{ size_text(p.len()) }</span> });
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <aside id="entry-detail" class="entry-detail" aria-label="Entry detail"
               data-seq={entry.seq.to_string()} data-kind={entry.kind.name()}>
            <header class="detail-head">
                <span class="detail-title">
                    { format!("#{} · {} · {}", entry.seq, entry.kind.name(), local_time_text(entry.at_ms)) }
                </span>
                { size.unwrap_or_default() }
                <button type="button" class="button small" onclick={onclose} aria-label="Close the detail">{ "✕" }</button>
            </header>
            { body }
        </aside>
    }
}
