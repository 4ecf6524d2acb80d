//! URL, subprotocols, Connect and the reconnect toggle. Browser view.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::core::choice::Choice;
use crate::core::connection::Preset;

#[derive(Properties, PartialEq)]
pub struct ConnectionBarProps {
    /// The URL field's text.
    pub url: AttrValue,
    /// The subprotocols field's text.
    pub protocols: AttrValue,
    /// Whether reconnecting is switched on.
    pub reconnect: bool,
    /// The URL field changed.
    pub onurl: Callback<String>,
    /// The subprotocols field changed.
    pub onprotocols: Callback<String>,
    /// Connect was asked for (button or Enter in a field).
    pub onconnect: Callback<()>,
    /// The reconnect toggle changed.
    pub onreconnect: Callback<bool>,
    /// One of the companion server's endpoints was picked.
    pub onpreset: Callback<Preset>,
    /// The addresses that opened, most recent first (offered as suggestions).
    #[prop_or_default]
    pub history: Vec<AttrValue>,
}

/// How long after an address opens its suggestion is added (at once when the field is focused).
const HISTORY_AFTER_MS: u32 = 1_000;

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The connection's address line.
#[component]
pub fn ConnectionBar(props: &ConnectionBarProps) -> Html {
    let onurl = props.onurl.reform(|e: InputEvent| input_value(&e));
    let onprotocols = props.onprotocols.reform(|e: InputEvent| input_value(&e));
    let onclick = props.onconnect.reform(|_: MouseEvent| ());
    let onkeydown = {
        let onconnect = props.onconnect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                onconnect.emit(());
            }
        })
    };
    let onreconnect =
        props.onreconnect.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    // The suggestions follow `history` a moment later, not in the frames that open a connection: adding
    // an option to a datalist bound to an input costs the browser 3-20 ms (measured at a flood's start),
    // and nobody reads the suggestions then. Focusing the field brings them up to date at once.
    let shown = use_state_eq(|| props.history.clone());
    {
        let shown = shown.clone();
        use_effect_with(props.history.clone(), move |history| {
            let history = history.clone();
            let later = gloo_timers::callback::Timeout::new(HISTORY_AFTER_MS, move || shown.set(history));
            move || drop(later)
        });
    }
    let onfocus = {
        let (shown, history) = (shown.clone(), props.history.clone());
        Callback::from(move |_: FocusEvent| shown.set(history.clone()))
    };
    let onpreset = {
        let cb = props.onpreset.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            if let Some(p) = Preset::from_value(&select.value()) {
                cb.emit(p);
            }
            select.set_value("");
        })
    };
    html! {
        <section class="connection-bar" aria-label="Connection">
            <label class="field field-preset">
                <span class="field-label">{ "Try" }</span>
                <select id="url-preset" onchange={onpreset} title="Fill the URL with one of the companion server's endpoints">
                    <option value="" selected=true>{ "an endpoint…" }</option>
                    { for Preset::ALL.iter().map(|p| html! { <option value={p.value()}>{ p.label() }</option> }) }
                </select>
            </label>
            <label class="field field-url">
                <span class="field-label">{ "Server URL" }</span>
                <input id="url-input" type="text" spellcheck="false" autocomplete="off" list="url-history"
                       placeholder="ws://127.0.0.1:9001/echo" value={props.url.clone()}
                       oninput={onurl} onkeydown={onkeydown.clone()} {onfocus} />
            </label>
            <label class="field field-protocols">
                <span class="field-label">{ "Subprotocols" }</span>
                <input id="protocols-input" type="text" spellcheck="false" autocomplete="off"
                       placeholder="none (e.g. graphql-transport-ws, chat)" value={props.protocols.clone()}
                       oninput={onprotocols} onkeydown={onkeydown} />
            </label>
            <datalist id="url-history">
                { for shown.iter().map(|url| html! { <option value={url.clone()} /> }) }
            </datalist>
            <button id="connect-button" type="button" class="button primary" elementtiming="connect-button" {onclick}>{ "Connect" }</button>
            <label class="toggle" title="After a drop, failure or server close, connect again after growing delays">
                <input id="reconnect-toggle" type="checkbox" checked={props.reconnect} onchange={onreconnect} />
                <span>{ "Reconnect" }</span>
            </label>
        </section>
    }
}
