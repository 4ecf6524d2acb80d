//! The rest of the workspace: user variables (`#variables-input`), capture rules and what they caught,
//! the on-connect sequence and its progress, the history of addresses, sharing (`#share-button`,
//! `#share-link`) and workspace files. Browser view.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::core::workspace::Msg;

/// What the panel shows: small, compared each frame.
#[derive(Clone, PartialEq)]
pub struct WorkspaceView {
    pub variables: AttrValue,
    pub captures: AttrValue,
    pub captures_on: bool,
    /// (name, value cut) of each captured variable.
    pub captured: Vec<(AttrValue, AttrValue)>,
    pub sequence: AttrValue,
    pub sequence_on: bool,
    pub sequence_progress: AttrValue,
    /// What is wrong in the editors, a line each.
    pub errors: Vec<AttrValue>,
    /// (url, subprotocols) of each address that opened, most recent first.
    pub history: Vec<(AttrValue, AttrValue)>,
    /// The share link made, or why none could be.
    pub share: Option<Result<AttrValue, AttrValue>>,
}

pub struct WorkspacePanelProps {
    pub view: WorkspaceView,
    pub onmsg: Callback<Msg>,
    /// A workspace file was picked.
    pub onimport: Callback<web_sys::File>,
}

fn area(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

fn checked(e: &Event) -> bool {
    e.target_unchecked_into::<HtmlInputElement>().checked()
}

/// The workspace panel.
pub fn workspace_panel(props: &WorkspacePanelProps) -> Html {
    let (v, m) = (&props.view, &props.onmsg);
    let onvars = m.reform(|e: InputEvent| Msg::VariablesEdited(area(&e)));
    let oncaptures = m.reform(|e: InputEvent| Msg::CapturesEdited(area(&e)));
    let oncaptureson = m.reform(|e: Event| Msg::CapturesToggled(checked(&e)));
    let onsequence = m.reform(|e: InputEvent| Msg::SequenceEdited(area(&e)));
    let onsequenceon = m.reform(|e: Event| Msg::SequenceToggled(checked(&e)));
    let onshare = m.reform(|_: MouseEvent| Msg::Share);
    let onexport = m.reform(|_: MouseEvent| Msg::WorkspaceExport);
    let onclearhistory = m.reform(|_: MouseEvent| Msg::HistoryClear);
    let onselectlink = Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());
    let (link, share_problem) = match &v.share {
        Some(Ok(link)) => (link.clone(), None),
        Some(Err(why)) => (AttrValue::default(), Some(why.clone())),
        None => (AttrValue::default(), None),
    };
    html! {
        <section class="workspace-panel" aria-label="Workspace">
            <label class="field">
                <span class="field-label">{ "Variables (name = value; secret name = value)" }</span>
                <textarea id="variables-input" rows="3" spellcheck="false" value={v.variables.clone()} oninput={onvars}
                          placeholder={"user = ada\nsecret token = …"} />
            </label>
            if !v.errors.is_empty() {
                <ul class="workspace-errors">{ for v.errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
            }
            <p class="muted workspace-hint">{ "In any message: {{counter}} {{uuid}} {{now}} {{iso}} {{random 1 100}} {{name}}; \\{{ for a literal {{." }</p>
            <details class="workspace-more">
                <summary>{ "Captures, on-connect sequence, history" }</summary>
                <label class="field">
                    <span class="field-label">{ "Capture rules (name = json $.path, or name = regex pattern)" }</span>
                    <textarea id="captures-input" rows="2" spellcheck="false" value={v.captures.clone()} oninput={oncaptures}
                              placeholder="token = json $.auth.token" />
                </label>
                <label class="check">
                    <input id="captures-toggle" type="checkbox" checked={v.captures_on} onchange={oncaptureson} />
                    { "Apply the capture rules to received messages" }
                </label>
                if !v.captured.is_empty() {
                    <dl class="captured">
                        { for v.captured.iter().map(|(n, val)| html! { <><dt>{ n.clone() }</dt><dd>{ val.clone() }</dd></> }) }
                    </dl>
                }
                <label class="field">
                    <span class="field-label">{ "On-connect sequence (a library item a line; item | wait PATTERN up to N ms)" }</span>
                    <textarea id="sequence-input" rows="3" spellcheck="false" value={v.sequence.clone()} oninput={onsequence}
                              placeholder={"auth | wait \"ok\":true up to 3000 ms\nsubscribe"} />
                </label>
                <label class="check">
                    <input id="sequence-toggle" type="checkbox" checked={v.sequence_on} onchange={onsequenceon} />
                    { "Run it after every open (reconnects too)" }
                </label>
                <p id="sequence-progress" class="muted" role="status">{ v.sequence_progress.clone() }</p>
                <div class="history">
                    <span class="field-label">{ format!("History ({} addresses)", v.history.len()) }</span>
                    <ul class="history-list">
                        { for v.history.iter().map(|(url, protocols)| {
                            let onremove = { let url = url.to_string(); m.reform(move |_: MouseEvent| Msg::HistoryRemove(url.clone())) };
                            html! {
                                <li class="history-item" data-url={url.clone()}>
                                    <span class="history-url">{ url.clone() }</span>
                                    if !protocols.is_empty() { <span class="muted">{ format!(" ({protocols})") }</span> }
                                    <button type="button" class="button small" onclick={onremove} aria-label={format!("Forget {url}")}>{ "✕" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                    if !v.history.is_empty() {
                        <button id="history-clear-button" type="button" class="button small" onclick={onclearhistory}>{ "Forget all" }</button>
                    }
                </div>
            </details>
            <div class="share">
                <button id="share-button" type="button" class="button" onclick={onshare}
                        title="A link with the URL, the library items shown, the variables that are not secret, and the rules">{ "Share link" }</button>
                <input id="share-link" type="text" readonly=true value={link} onfocus={onselectlink}
                       aria-label="Share link" placeholder="press Share link" />
                <button id="workspace-export-button" type="button" class="button small" onclick={onexport}>{ "Export workspace" }</button>
                { super::file_button("Import workspace…", "workspace-import-input", ".json,application/json", &props.onimport) }
            </div>
            if let Some(why) = share_problem {
                <p class="muted">{ why }</p>
            }
        </section>
    }
}
