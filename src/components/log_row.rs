//! One line of the log (`.log-entry` with `data-kind`, `data-format`, `data-seq`): a plain function, not a
//! component — rows change at every redraw of a flood, so a component's lifecycle per row bought nothing but
//! work. Clicks and keys are handled once, by the log (`log_view.rs`), which reads `data-seq`. Browser view.

use yew::prelude::*;

/// What one row shows.
pub struct LogRowProps {
    /// The entry's number.
    pub seq: u64,
    /// `open`, `in`, `out`, `close`, `error` or `info`.
    pub kind: &'static str,
    /// `text` or `binary` for messages.
    pub format: Option<&'static str>,
    /// Local time of the event.
    pub time: AttrValue,
    /// The one-line text (server data as text, never HTML).
    pub text: AttrValue,
    /// The lens that decoded this entry, if one did: `data-lens`.
    pub lens: Option<&'static str>,
    /// A protocol heartbeat: `data-heartbeat="true"`.
    pub heartbeat: bool,
    /// Whether the detail view shows this entry.
    pub selected: bool,
}

fn arrow(kind: &str) -> &'static str {
    match kind {
        "in" => "↓",
        "out" => "↑",
        "open" => "●",
        "close" => "■",
        "error" => "!",
        _ => "·",
    }
}

/// A log row; a click (or Enter) on it opens it in the detail view (handled by the log).
pub fn log_row(props: LogRowProps) -> Html {
    let seq = props.seq;
    let class = classes!("log-entry", format!("kind-{}", props.kind), props.selected.then_some("selected"));
    html! {
        <div {class} data-kind={props.kind} data-format={props.format} data-seq={seq.to_string()}
             data-lens={props.lens} data-heartbeat={props.heartbeat.then_some("true")}
             role="button" tabindex="0" aria-pressed={props.selected.to_string()}>
            <span class="entry-seq">{ seq }</span>
            <span class="entry-time">{ props.time }</span>
            <span class="entry-kind" aria-label={props.kind}>{ arrow(props.kind) }</span>
            <span class="entry-text">{ props.text }</span>
        </div>
    }
}
