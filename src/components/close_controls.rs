//! Close code, close reason with its live UTF-8 byte count, and Stop. Browser view.

use web_sys::HtmlInputElement;
use yew::prelude::*;

pub struct CloseControlsProps {
    /// The close code field's text.
    pub code: AttrValue,
    /// The close reason field's text.
    pub reason: AttrValue,
    /// The reason's size in UTF-8 bytes and the most allowed.
    pub reason_bytes: (usize, usize),
    /// The code changed.
    pub oncode: Callback<String>,
    /// The reason changed.
    pub onreason: Callback<String>,
    /// Stop was pressed.
    pub onclose: Callback<()>,
}

/// How the user ends a connection.
pub fn close_controls(props: &CloseControlsProps) -> Html {
    let value = |e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value();
    let oncode = props.oncode.reform(value);
    let onreason = props.onreason.reform(value);
    let onclick = props.onclose.reform(|_: MouseEvent| ());
    let (used, max) = props.reason_bytes;
    let over = used > max;
    html! {
        <section class="close-controls" aria-label="Close">
            <label class="field field-code">
                <span class="field-label">{ "Close code" }</span>
                <input id="close-code" type="number" min="1000" max="4999" value={props.code.clone()} oninput={oncode} />
            </label>
            <label class="field field-reason">
                <span class="field-label">{ "Reason" }</span>
                <input id="close-reason" type="text" placeholder="optional, e.g. Deliberate Connection"
                       value={props.reason.clone()} oninput={onreason} aria-describedby="reason-bytes" />
            </label>
            <span id="reason-bytes" class={classes!("byte-count", over.then_some("over"))}>
                { format!("{used}/{max} bytes") }
            </span>
            <button id="stop-button" type="button" class="button" {onclick}>{ "Stop" }</button>
        </section>
    }
}
