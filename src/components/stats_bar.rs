//! Live counters (`#stats`). Browser view.

use yew::prelude::*;

use crate::core::model::Stats;

#[derive(Properties, PartialEq)]
pub struct StatsBarProps {
    /// Messages and payload bytes in and out.
    pub stats: Stats,
    /// Bytes the socket has queued but not yet sent.
    pub buffered: u32,
}

/// Messages and bytes in and out, and the send buffer while it is not empty.
#[component]
pub fn StatsBar(props: &StatsBarProps) -> Html {
    let s = props.stats;
    html! {
        <div id="stats" class="stats" data-in-count={s.in_count.to_string()} data-out-count={s.out_count.to_string()}
             data-in-bytes={s.in_bytes.to_string()} data-out-bytes={s.out_bytes.to_string()}>
            <span>{ format!("↓ {} messages, {} bytes", s.in_count, s.in_bytes) }</span>
            <span>{ format!("↑ {} messages, {} bytes", s.out_count, s.out_bytes) }</span>
            if props.buffered > 0 {
                <span class="buffered">{ format!("send buffer: {} bytes", props.buffered) }</span>
            }
        </div>
    }
}
