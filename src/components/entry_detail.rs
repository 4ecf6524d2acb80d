//! One log entry shown whole (`#entry-detail`): a frame (title, size, actions) around the payload's
//! views — text or JSON, image, decoded, hex, base64, UTF-8. The raw views read only the window they
//! show; decoding (payloads up to 1 MiB) is done once per entry and choice.
//! Browser view.

use yew::prelude::*;

use crate::components::binary_payload::{binary_payload, BinaryPayloadProps};
use crate::components::decoded_payload::{decoded_payload, Decoded, DecodedPayloadProps};
use crate::components::image_preview::ImagePreview;
use crate::components::json_tree::JsonTree;
use crate::components::text_payload::{text_payload, TextPayloadProps};
use crate::core::choice::Choice;
use crate::core::decode::{decode_view, DecodeChoice, DECODE_MAX};
use crate::core::inspector::{CopyAs, Msg, View};
use crate::core::lens;
use crate::core::payload::{size_text, sniff_image, Payload};
use crate::hooks::WorkbenchHandle;

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
    /// Which bytes are drawn.
    pub view: View,
    /// Close, page, decode, download, copy.
    pub onmsg: Callback<Msg>,
}

impl PartialEq for EntryDetailProps {
    // Entries never change once logged, so the number and epoch say everything.
    fn eq(&self, other: &Self) -> bool {
        self.wb.same_workbench(&other.wb)
            && self.seq == other.seq
            && self.epoch == other.epoch
            && self.decode == other.decode
            && self.view == other.view
    }
}

/// The detail panel.
#[component]
pub fn EntryDetail(props: &EntryDetailProps) -> Html {
    // Decoding builds a value tree: once per entry and choice, not at each page turn or redraw.
    let decoded = {
        let wb = props.wb.clone();
        use_memo((props.seq, props.epoch, props.decode), move |&(seq, _, choice)| -> Decoded {
            let model = wb.model();
            let Some(Payload::Binary(bytes)) =
                seq.and_then(|s| model.log.by_seq(s)).and_then(|e| e.kind.payload())
            else {
                return None;
            };
            match bytes.len() {
                _ if choice == DecodeChoice::Off => None,
                len if len > DECODE_MAX => Some(Err(len)),
                len => decode_view(&bytes.read(0, len), choice).map(Ok),
            }
        })
    };
    // The protocol message a lens reads in the frame: decoded once per entry.
    let protocol = {
        let wb = props.wb.clone();
        use_memo((props.seq, props.epoch), move |&(seq, _)| {
            let model = wb.model();
            let e = seq.and_then(|s| model.log.by_seq(s))?;
            let note = model.log.note(e.seq)?;
            let label = lens::label(&model.log, e)?;
            Some((note.lens.value(), label, lens::detail(&model.log, e)))
        })
    };
    let model = props.wb.model();
    let Some(entry) = props.seq.and_then(|s| model.log.by_seq(s)) else {
        return html! {
            <aside id="entry-detail" class="entry-detail" aria-label="Entry detail">
                <p class="muted">{ "Click a log entry to see it whole." }</p>
            </aside>
        };
    };
    let (seq, d) = (entry.seq, &props.onmsg);
    let onshow = d.reform(Msg::Show);
    let body = match entry.kind.payload() {
        Some(Payload::Text(t)) => text_payload(&TextPayloadProps { text: t, view: props.view, onshow }),
        Some(Payload::Binary(bytes)) => {
            let image = sniff_image(&bytes.head(32)).map(|kind| {
                html! { <>
                    <h3>{ format!("{} image", kind.name()) }</h3>
                    <ImagePreview wb={props.wb.clone()} {seq} epoch={props.epoch} mime={kind.mime()} />
                </> }
            });
            html! { <>
                { image.unwrap_or_default() }
                { decoded_payload(&DecodedPayloadProps { decoded: &decoded, decode: props.decode, ondecode: d.reform(Msg::DecodeChosen) }) }
                { binary_payload(&BinaryPayloadProps { bytes, view: props.view, onshow }) }
            </> }
        }
        None => html! { <p class="detail-text">{ entry.summary() }</p> },
    };
    let decoded_message = (*protocol).as_ref().map(|(lens, label, value)| {
        html! {
            <div class="detail-protocol" id="detail-protocol" data-lens={*lens}>
                <h3>{ format!("{lens} message") }</h3>
                <p class="detail-protocol-label">{ label.clone() }</p>
                if let Some(value) = value.clone() {
                    <JsonTree {value} />
                }
            </div>
        }
    });
    let payload = entry.kind.payload();
    let size = payload.map(|p| html! { <span class="detail-size">{ size_text(p.len()) }</span> });
    let actions = payload.map(|_| {
        let copy = |how: CopyAs| d.reform(move |_: MouseEvent| Msg::Copy(seq, how));
        html! {
            <div class="detail-actions">
                <button id="detail-download" type="button" class="button small"
                        onclick={d.reform(move |_: MouseEvent| Msg::Download(seq))}>{ "Download" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Text)}>{ "Copy text" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Hex)}>{ "Copy hex" }</button>
                <button type="button" class="button small" onclick={copy(CopyAs::Base64)}>{ "Copy base64" }</button>
            </div>
        }
    });
    let onclose = d.reform(|_: MouseEvent| Msg::Deselect);
    // Escape inside the detail closes it; the focus goes back to the log rather than to the page.
    let onkeydown = {
        let d = d.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Escape" {
                return;
            }
            if let Some(log) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("message-log"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = log.focus();
            }
            d.emit(Msg::Deselect);
        })
    };
    html! {
        <aside id="entry-detail" class="entry-detail" aria-label="Entry detail" {onkeydown}
               data-seq={seq.to_string()} data-kind={entry.kind.name()}>
            <header class="detail-head">
                <span class="detail-title">
                    { format!("#{} · {} · {}", seq, entry.kind.name(), props.wb.time_text(entry.at_ms)) }
                </span>
                { size.unwrap_or_default() }
                <button id="detail-close" type="button" class="button small" onclick={onclose} aria-label="Close the detail">{ "✕" }</button>
            </header>
            { actions.unwrap_or_default() }
            { decoded_message.unwrap_or_default() }
            if protocol.is_some() {
                <h3>{ "Raw frame" }</h3>
            }
            { body }
        </aside>
    }
}
