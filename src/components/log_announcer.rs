//! The log's voice for screen readers: a polite live region, visually hidden, holding the announcer's
//! latest summary (`core::announce`: at most one every 2 s, however fast entries arrive). Browser view.

use yew::prelude::*;

pub struct LogAnnouncerProps {
    pub text: AttrValue,
}

/// Always present (a live region must exist before its text changes to be read out).
pub fn log_announcer(props: &LogAnnouncerProps) -> Html {
    html! {
        <div id="log-announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            { props.text.clone() }
        </div>
    }
}
