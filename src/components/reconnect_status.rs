//! The reconnect countdown with Retry now and Cancel (`#reconnect-status`). Browser view.

use yew::prelude::*;

use crate::core::number::fixed;

pub struct ReconnectStatusProps {
    /// Milliseconds until the next attempt.
    pub due_in_ms: u64,
    /// The attempt that is due, and the most there will be.
    pub attempt: u32,
    pub max_attempts: u32,
    /// Try now instead of waiting.
    pub onretry: Callback<()>,
    /// Stop reconnecting.
    pub oncancel: Callback<()>,
}

/// Shown while a reconnect attempt waits.
pub fn reconnect_status(props: &ReconnectStatusProps) -> Html {
    let secs = fixed(props.due_in_ms as f64 / 1000.0, 1);
    html! {
        <span id="reconnect-status" class="reconnect-status" role="status"
              data-attempt={props.attempt.to_string()} data-due-in-ms={props.due_in_ms.to_string()}>
            { format!("reconnecting in {secs} s (attempt {} of {})", props.attempt, props.max_attempts) }
            <button id="reconnect-retry" type="button" class="button small" onclick={props.onretry.reform(|_: MouseEvent| ())}>
                { "Retry now" }
            </button>
            <button id="reconnect-cancel" type="button" class="button small" onclick={props.oncancel.reform(|_: MouseEvent| ())}>
                { "Cancel" }
            </button>
        </span>
    }
}
