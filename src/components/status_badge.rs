//! The connection state badge (`#status`, `data-state`). Browser view.

use yew::prelude::*;

use crate::core::connection::ConnState;

pub struct StatusBadgeProps {
    /// The connection's state.
    pub state: ConnState,
    /// The negotiated subprotocol (empty: none).
    pub protocol: AttrValue,
    /// The negotiated extensions (empty: none).
    pub extensions: AttrValue,
    /// The protocol lens in effect (`raw` when none): `data-lens`.
    pub lens: &'static str,
    /// What the lens says of the protocol's state (handshake, pings), if one is in effect.
    pub phase: Option<AttrValue>,
}

/// Shows idle / connecting / open / closing / closed, and what was negotiated.
pub fn status_badge(props: &StatusBadgeProps) -> Html {
    let name = props.state.name();
    let mut detail = String::new();
    if props.state == ConnState::Open {
        if !props.protocol.is_empty() {
            detail.push_str(&format!(" · subprotocol {}", props.protocol));
        }
        if !props.extensions.is_empty() {
            detail.push_str(&format!(" · {}", props.extensions));
        }
    }
    if props.lens != "raw" {
        detail.push_str(&format!(" · {}", props.lens));
        if let Some(p) = &props.phase {
            detail.push_str(&format!(": {p}"));
        }
    }
    html! {
        <span id="status" class={classes!("status", format!("status-{name}"))} data-state={name}
              data-lens={props.lens} aria-live="polite">
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-name">{ name }</span>
            <span class="status-detail">{ detail }</span>
        </span>
    }
}
