//! The message composer: format, text, Send, and a file picker. Browser view.

use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::choice_select::choice_select;
use crate::components::picked_file;
use crate::core::payload::{compose, size_text, ComposeError, SendFormat};

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// The text being written.
    pub draft: AttrValue,
    /// How it will be sent.
    pub format: SendFormat,
    /// The text changed.
    pub ondraft: Callback<String>,
    /// Another format was chosen.
    pub onformat: Callback<SendFormat>,
    /// Send was asked for (button, or Enter without Shift).
    pub onsend: Callback<()>,
    /// A file was picked or dropped, to send as one binary message.
    pub onfile: Callback<web_sys::File>,
    /// Indent the draft as JSON.
    pub onformatjson: Callback<()>,
    /// The draft with its variables expanded (secrets masked), or why it cannot be; `None` when it has
    /// none.
    #[prop_or_default]
    pub expanded: Option<Result<AttrValue, AttrValue>>,
}

/// Where messages are written and sent.
#[component]
pub fn Composer(props: &ComposerProps) -> Html {
    let ondraft =
        props.ondraft.reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let onsend = props.onsend.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                e.prevent_default();
                onsend.emit(());
            }
        })
    };
    let onclick = props.onsend.reform(|_: MouseEvent| ());
    let onfile = {
        let cb = props.onfile.clone();
        Callback::from(move |e: Event| picked_file(&e).into_iter().for_each(|f| cb.emit(f)))
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let onfile = props.onfile.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|dt| dt.files()).and_then(|list| list.get(0)) {
                onfile.emit(file);
            }
        })
    };
    let onformatjson = props.onformatjson.reform(|_: MouseEvent| ());
    let expanded_text = match &props.expanded {
        Some(Ok(text)) => Some(text.clone()),
        _ => None,
    };
    let checked = expanded_text.as_deref().unwrap_or(&props.draft);
    let check = match compose(checked, props.format) {
        _ if matches!(props.expanded, Some(Err(_))) => {
            let why = props.expanded.clone().and_then(|e| e.err()).unwrap_or_default();
            html! { <span class="compose-error">{ why }</span> }
        }
        Ok(p) => {
            html! { <span class="compose-ok">{ format!("{} as {}", size_text(p.len()), p.format_name()) }</span> }
        }
        Err(ComposeError::Protocol) => {
            let hint = match props.format {
                SendFormat::SocketIo => "[\"event\", …args] → an EVENT on the lens's namespace",
                SendFormat::Graphql => {
                    "a GraphQL document, then optionally --- and JSON variables → subscribe with the next id"
                }
                _ => "method, then params as JSON (add [2, 3]) → a request with the next id",
            };
            html! { <span class="compose-ok">{ hint }</span> }
        }
        Err(_) if props.draft.is_empty() => html! { <span class="compose-ok">{ "empty" }</span> },
        Err(e) => html! { <span class="compose-error">{ e.to_string() }</span> },
    };
    html! {
        <section class="composer" aria-label="Send" {ondragover} {ondrop}
                 title="Drop a file here to send its bytes as one binary message">
            <div class="composer-head">
                <label class="field field-format">
                    <span class="field-label">{ "Format" }</span>
                    { choice_select("send-format", props.format, &props.onformat) }
                </label>
                <span class="compose-check" id="compose-check" aria-live="polite">{ check }</span>
                if props.format == SendFormat::Json {
                    <button id="format-json-button" type="button" class="button" onclick={onformatjson}>{ "Format" }</button>
                }
                <label class="button file-button">
                    { "Send a file…" }
                    <input id="file-input" type="file" class="visually-hidden" onchange={onfile} />
                </label>
            </div>
            <div class="composer-body">
                <label class="visually-hidden" for="text-view">{ "Message" }</label>
                <textarea id="text-view" rows="3" spellcheck="false"
                          placeholder="Message to send. Enter sends, Shift+Enter for a new line."
                          value={props.draft.clone()} oninput={ondraft} {onkeydown} />
                <button id="tsend-button" type="button" class="button primary" {onclick}>{ "Send" }</button>
            </div>
            if let Some(text) = expanded_text {
                <p id="draft-preview" class="draft-preview" title="What will be sent (secrets masked)">
                    <span class="field-label">{ "Sends: " }</span>{ crate::core::payload::text_head(&text, 2000).to_owned() }
                </p>
            }
        </section>
    }
}
