//! A text payload in the detail view: a collapsible JSON tree when it is JSON (indented text when
//! huge), otherwise the window of text the pager shows. Browser view.

use yew::prelude::*;

use crate::components::json_tree::{node_count, JsonTree};
use crate::components::pager::Pager;
use crate::core::inspector::{window, View, PARSE_MAX};

/// JSON with more nodes than this is drawn as indented text instead of a tree.
const TREE_MAX_NODES: usize = 5000;

#[derive(Properties, PartialEq)]
pub struct TextPayloadProps {
    /// The whole text (shared with the log: cloning it is cheap).
    pub text: AttrValue,
    /// The page drawn.
    pub view: View,
    /// Another page was asked for.
    pub onshow: Callback<View>,
}

fn char_floor(t: &str, mut i: usize) -> usize {
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text, as JSON or as it is.
#[component]
pub fn TextPayload(props: &TextPayloadProps) -> Html {
    let t = props.text.as_str();
    let json = (t.len() <= PARSE_MAX)
        .then(|| t.trim_start())
        .filter(|s| s.starts_with('{') || s.starts_with('['))
        .and_then(|_| serde_json::from_str::<serde_json::Value>(t).ok());
    match json {
        Some(value) if node_count(&value, TREE_MAX_NODES) <= TREE_MAX_NODES => html! { <>
            <h3>{ "JSON" }</h3>
            <JsonTree {value} />
        </> },
        Some(value) => html! { <>
            <h3>{ "JSON (large: shown as text)" }</h3>
            <pre class="detail-json">{ serde_json::to_string_pretty(&value).unwrap_or_default() }</pre>
        </> },
        None => {
            let (start, end) = window(t.len(), props.view);
            let (a, b) = (char_floor(t, start), char_floor(t, end));
            html! { <>
                <h3>{ "Text" }</h3>
                <pre class="detail-text">{ t[a..b].to_owned() }</pre>
                <Pager len={t.len()} view={props.view} onshow={props.onshow.clone()} />
            </> }
        }
    }
}
