//! One line of the log (`.log-entry` with `data-kind`, `data-format`, `data-seq`). Browser view.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
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
    /// Clicked: show this entry whole.
    pub onselect: Callback<u64>,
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

/// A log row; a click (or Enter) opens it in the detail view.
#[component]
pub fn LogRow(props: &LogRowProps) -> Html {
    let seq = props.seq;
    let onclick = props.onselect.reform(move |_: MouseEvent| seq);
    let onkeydown = {
        let onselect = props.onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                onselect.emit(seq);
            }
        })
    };
    let class = classes!("log-entry", format!("kind-{}", props.kind), props.selected.then_some("selected"));
    html! {
        <div {class} data-kind={props.kind} data-format={props.format} data-seq={seq.to_string()}
             data-lens={props.lens} data-heartbeat={props.heartbeat.then_some("true")}
             role="button" tabindex="0" aria-pressed={props.selected.to_string()} {onclick} {onkeydown}>
            <span class="entry-seq">{ seq }</span>
            <span class="entry-time">{ props.time.clone() }</span>
            <span class="entry-kind" aria-label={props.kind}>{ arrow(props.kind) }</span>
            <span class="entry-text">{ props.text.clone() }</span>
        </div>
    }
}
