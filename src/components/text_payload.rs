//! A text payload in the detail view: a collapsible JSON tree when it is JSON (indented text when
//! huge), otherwise the window of text the pager shows. Browser view: a plain function, no state of its own.

use yew::prelude::*;

use crate::components::json_tree::{node_count, JsonTree};
use crate::components::pager::{pager, PagerProps};
use crate::core::decode::RENDER_MAX;
use crate::core::inspector::{window, View, PARSE_MAX};
use crate::core::payload::{size_text, text_head};
use crate::core::pretty::reindent_json;

/// JSON with more nodes than this is drawn as indented text instead of a tree.
const TREE_MAX_NODES: usize = 20_000;
/// JSON up to this size may become a tree (drawn lazily, as far as it is opened); bigger documents are
/// re-indented as text, which builds no value at all.
const TREE_MAX_BYTES: usize = 256 * 1024;

/// What the view needs.
pub struct TextPayloadProps<'a> {
    /// The whole text, as the log holds it.
    pub text: &'a str,
    /// The page drawn.
    pub view: View,
    /// Another page was asked for.
    pub onshow: Callback<View>,
}

/// Where `i` falls back to a character boundary of `t`.
fn char_floor(t: &str, i: usize) -> usize {
    text_head(t, i).len()
}

/// The text, as JSON or as it is.
pub fn text_payload(props: &TextPayloadProps<'_>) -> Html {
    let t = props.text;
    let is_json = t.len() <= PARSE_MAX
        && matches!(t.trim_start().as_bytes().first(), Some(b'{' | b'['))
        && crate::core::json::check(t).is_ok();
    let tree = (is_json && t.len() <= TREE_MAX_BYTES)
        .then(|| crate::core::json::from_str(t).ok())
        .flatten()
        .filter(|v| node_count(v, TREE_MAX_NODES) <= TREE_MAX_NODES);
    match (is_json, tree) {
        (_, Some(value)) => html! { <>
            <h3>{ "JSON" }</h3>
            <JsonTree {value} />
        </> },
        (true, None) => {
            let r = reindent_json(t, RENDER_MAX);
            html! { <>
                <h3>{ "JSON (large: shown as text)" }</h3>
                <pre class="detail-json">{ r.text }</pre>
                if r.cut {
                    <p class="detail-cut">{ format!("Cut at {}: download the entry to see it all.", size_text(RENDER_MAX)) }</p>
                }
            </> }
        }
        (false, None) => {
            let (start, end) = window(t.len(), props.view);
            let (a, b) = (char_floor(t, start), char_floor(t, end));
            html! { <>
                <h3>{ "Text" }</h3>
                <pre class="detail-text">{ t[a..b].to_owned() }</pre>
                { pager(&PagerProps { len: t.len(), view: props.view, onshow: props.onshow.clone() }) }
            </> }
        }
    }
}
