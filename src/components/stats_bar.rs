//! Live counters and rates (`#stats`). Browser view.

use yew::prelude::*;

use crate::core::log::duration_text;
use crate::core::number::fixed;
use crate::core::stats::human_bytes;
use crate::core::stats::{Rates, Stats};

pub struct StatsBarProps {
    /// Messages and payload bytes in and out.
    pub stats: Stats,
    /// Their rates per second.
    pub rates: Rates,
    /// Bytes the socket has queued but not yet sent.
    pub buffered: u32,
    /// Round trips: last, min, median, max (ms), when measured.
    pub rtt: Option<(u64, u64, u64, u64)>,
    /// Heartbeats sent.
    pub heartbeats: u64,
    /// How long the handshake took and how long the connection has been open (ms).
    pub took_ms: Option<u64>,
    pub open_for_ms: Option<u64>,
}

/// Messages and bytes in and out with their rates, and the send buffer while it is not empty.
pub fn stats_bar(props: &StatsBarProps) -> Html {
    let (s, r) = (props.stats, props.rates);
    html! {
        <div id="stats" class="stats" data-in-count={s.in_count.to_string()} data-out-count={s.out_count.to_string()}
             data-in-bytes={s.in_bytes.to_string()} data-out-bytes={s.out_bytes.to_string()}
             data-in-rate={fixed(r.in_count, 0)} data-out-rate={fixed(r.out_count, 0)}
             data-rtt-last={props.rtt.map(|t| t.0.to_string())} data-rtt-min={props.rtt.map(|t| t.1.to_string())}
             data-rtt-median={props.rtt.map(|t| t.2.to_string())} data-rtt-max={props.rtt.map(|t| t.3.to_string())}
             data-heartbeats={props.heartbeats.to_string()}>
            <span>{ format!("↓ {} msgs · {}", s.in_count, human_bytes(s.in_bytes as f64)) }
                <span class="rate">{ format!(" ({}/s · {}/s)", fixed(r.in_count, 0), human_bytes(r.in_bytes)) }</span></span>
            <span>{ format!("↑ {} msgs · {}", s.out_count, human_bytes(s.out_bytes as f64)) }
                <span class="rate">{ format!(" ({}/s · {}/s)", fixed(r.out_count, 0), human_bytes(r.out_bytes)) }</span></span>
            if let Some((last, min, median, max)) = props.rtt {
                <span class="rtt">{ format!("RTT {last} ms (min {min} · median {median} · max {max})") }</span>
            }
            if props.heartbeats > 0 {
                <span>{ format!("♥ {}", props.heartbeats) }</span>
            }
            if let Some(took) = props.took_ms {
                <span>{ format!("opened in {took} ms") }</span>
            }
            if let Some(open) = props.open_for_ms {
                <span>{ format!("open for {}", duration_text(open)) }</span>
            }
            if props.buffered > 0 {
                <span class="buffered">{ format!("send buffer: {}", human_bytes(f64::from(props.buffered))) }</span>
            }
        </div>
    }
}
