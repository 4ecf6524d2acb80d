//! The protocol lens controls (`protocol-lens`, `lens-auto`), the protocol's settings (Socket.IO namespace,
//! auth and acks; GraphQL's `connection_init` payload) and GraphQL's running operations. Browser view.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::choice_select::choice_select;
use crate::core::lens::graphql::{Op, OpState};
use crate::core::lens::{LensId, Msg};

/// How many of the latest operations are listed.
const OPS_SHOWN: usize = 20;

pub struct LensPanelProps {
    /// The lens chosen (`auto` by default).
    pub choice: LensId,
    /// The lens in effect on this connection.
    pub in_effect: LensId,
    /// Whether the lens answers heartbeats and does the handshake.
    pub auto: bool,
    /// The Socket.IO namespace to join.
    pub namespace: AttrValue,
    /// The Socket.IO auth payload (JSON object or empty).
    pub auth: AttrValue,
    /// Whether Socket.IO events are sent asking for an ack.
    pub ack: bool,
    /// GraphQL's `connection_init` payload (JSON object or empty).
    pub init_payload: AttrValue,
    /// GraphQL operations on this connection, oldest first.
    pub ops: Vec<Op>,
    /// Everything the user does here.
    pub onmsg: Callback<Msg>,
}

fn input_value(e: InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn area_value(e: InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

fn checked(e: Event) -> bool {
    e.target_unchecked_into::<HtmlInputElement>().checked()
}

fn op_row(op: &Op, onmsg: &Callback<Msg>) -> Html {
    let state = match op.state {
        OpState::Running => "running",
        OpState::Completed => "completed",
        OpState::Failed => "failed",
    };
    let id = op.id.clone();
    let oncomplete = onmsg.reform(move |_: MouseEvent| Msg::Complete(id.clone()));
    html! {
        <li class="lens-op" data-op-id={op.id.clone()} data-op-state={state}>
            <span class="lens-op-id">{ format!("#{}", op.id) }</span>
            <span class="lens-op-name">{ op.name.clone() }</span>
            <span class="lens-op-state">{ state }</span>
            <span class="lens-op-results">{ format!("{} result{}", op.results, if op.results == 1 { "" } else { "s" }) }</span>
            <span class="lens-op-start">{ format!("started at #{}", op.seq) }</span>
            if op.state == OpState::Running {
                <button type="button" class="button lens-op-complete" onclick={oncomplete}>{ "Complete" }</button>
            }
        </li>
    }
}

/// The lens bar, its settings and GraphQL's operations.
pub fn lens_panel(props: &LensPanelProps) -> Html {
    let onchoice = props.onmsg.reform(Msg::Chosen);
    let onauto = props.onmsg.reform(|e: Event| Msg::AutoToggled(checked(e)));
    let onack = props.onmsg.reform(|e: Event| Msg::AckToggled(checked(e)));
    let onnsp = props.onmsg.reform(|e: InputEvent| Msg::NamespaceEdited(input_value(e)));
    let onauth = props.onmsg.reform(|e: InputEvent| Msg::AuthEdited(area_value(e)));
    let oninit = props.onmsg.reform(|e: InputEvent| Msg::InitPayloadEdited(area_value(e)));
    let graphql = matches!(props.in_effect, LensId::GraphqlTransportWs | LensId::GraphqlWs);
    let skip = props.ops.len().saturating_sub(OPS_SHOWN);
    html! {
        <section class="lens-panel" aria-label="Protocol lens">
            <div class="lens-bar">
                <label class="field field-lens">
                    <span class="field-label">{ "Protocol" }</span>
                    { choice_select("protocol-lens", props.choice, &onchoice) }
                </label>
                <label class="toggle" title="Answer heartbeats and do the protocol's handshake automatically">
                    <input id="lens-auto" type="checkbox" checked={props.auto} onchange={onauto} />
                    <span>{ "auto-reply handshake & heartbeats" }</span>
                </label>
            </div>
            <details class="lens-settings">
                <summary>{ "Protocol settings" }</summary>
                <div class="lens-fields">
                    <label class="field">
                        <span class="field-label">{ "Socket.IO namespace" }</span>
                        <input id="lens-namespace" type="text" spellcheck="false" value={props.namespace.clone()} oninput={onnsp} />
                    </label>
                    <label class="field">
                        <span class="field-label">{ "Socket.IO auth (JSON object)" }</span>
                        <textarea id="lens-auth" rows="2" spellcheck="false" value={props.auth.clone()} oninput={onauth} />
                    </label>
                    <label class="toggle">
                        <input id="lens-ack" type="checkbox" checked={props.ack} onchange={onack} />
                        <span>{ "ask for an ack with each Socket.IO event" }</span>
                    </label>
                    <label class="field">
                        <span class="field-label">{ "GraphQL connection_init payload (JSON object)" }</span>
                        <textarea id="lens-init-payload" rows="2" spellcheck="false" value={props.init_payload.clone()} oninput={oninit} />
                    </label>
                </div>
            </details>
            if graphql {
                <div class="lens-ops" aria-label="GraphQL operations">
                    if props.ops.is_empty() {
                        <p class="lens-ops-empty">{ "No operation yet: choose the graphql format and send a document." }</p>
                    } else {
                        <ul id="lens-operations" class="lens-op-list">
                            { for props.ops.iter().skip(skip).map(|op| op_row(op, &props.onmsg)) }
                        </ul>
                    }
                </div>
            }
        </section>
    }
}
