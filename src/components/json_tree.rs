//! A JSON value drawn as a highlighted, collapsible tree (`<details>` per object and array). Browser view.

use serde_json::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JsonTreeProps {
    /// The value to draw.
    pub value: Value,
}

/// Nodes in `v`, counting every value once, stopping past `limit`.
pub fn node_count(v: &Value, limit: usize) -> usize {
    fn walk(v: &Value, n: &mut usize, limit: usize) {
        *n += 1;
        if *n > limit {
            return;
        }
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, n, limit)),
            Value::Object(o) => o.values().for_each(|x| walk(x, n, limit)),
            _ => {}
        }
    }
    let mut n = 0;
    walk(v, &mut n, limit);
    n
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn scalar(v: &Value) -> Html {
    match v {
        Value::String(s) => html! { <span class="j-str">{ Value::String(s.clone()).to_string() }</span> },
        Value::Number(n) => html! { <span class="j-num">{ n.to_string() }</span> },
        Value::Bool(b) => html! { <span class="j-bool">{ b.to_string() }</span> },
        Value::Null => html! { <span class="j-null">{ "null" }</span> },
        _ => html! {},
    }
}

fn node(key: Option<Html>, v: &Value, depth: usize) -> Html {
    let key = key.map(|k| html! { <>{ k }<span class="j-punct">{ ": " }</span></> });
    match v {
        Value::Array(items) if !items.is_empty() => html! {
            <details class="j-node" open={depth < 3}>
                <summary>{ key }<span class="j-punct">{ "[" }</span>
                    <span class="j-count">{ plural(items.len(), "item") }</span></summary>
                <div class="j-children">
                    { for items.iter().enumerate().map(|(i, x)| node(Some(html! { <span class="j-idx">{ i }</span> }), x, depth + 1)) }
                </div>
                <span class="j-punct">{ "]" }</span>
            </details>
        },
        Value::Object(map) if !map.is_empty() => html! {
            <details class="j-node" open={depth < 3}>
                <summary>{ key }<span class="j-punct">{ "{" }</span>
                    <span class="j-count">{ plural(map.len(), "key") }</span></summary>
                <div class="j-children">
                    { for map.iter().map(|(k, x)| node(Some(html! { <span class="j-key">{ Value::String(k.clone()).to_string() }</span> }), x, depth + 1)) }
                </div>
                <span class="j-punct">{ "}" }</span>
            </details>
        },
        Value::Array(_) => html! { <div class="j-leaf">{ key }<span class="j-punct">{ "[]" }</span></div> },
        Value::Object(_) => html! { <div class="j-leaf">{ key }<span class="j-punct">{ "{}" }</span></div> },
        _ => html! { <div class="j-leaf">{ key }{ scalar(v) }</div> },
    }
}

/// The tree; server strings are text nodes, never markup.
#[component]
pub fn JsonTree(props: &JsonTreeProps) -> Html {
    html! { <div class="json-tree">{ node(None, &props.value, 0) }</div> }
}
