//! The connection state badge (`#status`, `data-state`). Browser view.

use yew::prelude::*;

use crate::core::connection::ConnState;

#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The connection's state.
    pub state: ConnState,
    /// The negotiated subprotocol (empty: none).
    pub protocol: AttrValue,
    /// The negotiated extensions (empty: none).
    pub extensions: AttrValue,
}

/// Shows idle / connecting / open / closing / closed, and what was negotiated.
#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
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
    html! {
        <span id="status" class={classes!("status", format!("status-{name}"))} data-state={name}
              aria-live="polite">
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-name">{ name }</span>
            <span class="status-detail">{ detail }</span>
        </span>
    }
}
