//! A JSON value drawn as a highlighted, collapsible tree, lazily: a node's children are drawn only while
//! it is open (the first levels open at first), a hundred at a time with a button for more, so the page
//! never draws more rows than the user asked to see. Browser view.

use std::rc::Rc;

use crate::core::json::Value;
use yew::prelude::*;

/// Children drawn when a node opens, and added by each "more".
const CHILDREN_STEP: usize = 100;
/// Nodes this shallow start open.
const OPEN_DEPTH: usize = 3;

/// One value of the tree, shared so that passing a subtree to its component copies nothing.
#[derive(Debug)]
enum Node {
    /// A string, number, boolean or null, as JSON text.
    Scalar {
        class: &'static str,
        text: String,
    },
    Array(Vec<Rc<Node>>),
    Object(Vec<(String, Rc<Node>)>),
}

impl Node {
    fn of(v: &Value) -> Rc<Node> {
        Rc::new(match v {
            Value::String(_) => Node::Scalar { class: "j-str", text: v.to_string() },
            Value::Number(n) => Node::Scalar { class: "j-num", text: n.to_string() },
            Value::Bool(b) => Node::Scalar { class: "j-bool", text: b.to_string() },
            Value::Null => Node::Scalar { class: "j-null", text: "null".into() },
            Value::Array(items) => Node::Array(items.iter().map(Node::of).collect()),
            Value::Object(map) => {
                Node::Object(map.iter().map(|(k, x)| (crate::core::json::quote(k), Node::of(x))).collect())
            }
        })
    }
}

/// A node compared by identity: the same subtree is the same props.
#[derive(Clone, Debug)]
struct Shared(Rc<Node>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

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

/// How a node is named by its parent.
#[derive(Clone, PartialEq)]
enum Label {
    Root,
    Index(usize),
    /// A key as JSON text.
    Key(String),
}

#[derive(Properties, PartialEq)]
struct JsonNodeProps {
    label: Label,
    node: Shared,
    depth: usize,
}

#[component]
fn JsonNode(props: &JsonNodeProps) -> Html {
    let open = use_state_eq(|| props.depth < OPEN_DEPTH);
    let shown = use_state_eq(|| CHILDREN_STEP);
    let label = match &props.label {
        Label::Root => html! {},
        Label::Index(i) => {
            html! { <><span class="j-idx">{ i }</span><span class="j-punct">{ ": " }</span></> }
        }
        Label::Key(k) => {
            html! { <><span class="j-key">{ k.clone() }</span><span class="j-punct">{ ": " }</span></> }
        }
    };
    let (open_mark, close_mark, count, len) = match &*props.node.0 {
        Node::Scalar { class, text } => {
            return html! { <div class="j-leaf">{ label }<span class={*class}>{ text.clone() }</span></div> };
        }
        Node::Array(items) if items.is_empty() => {
            return html! { <div class="j-leaf">{ label }<span class="j-punct">{ "[]" }</span></div> }
        }
        Node::Object(map) if map.is_empty() => {
            return html! { <div class="j-leaf">{ label }<span class="j-punct">{ "{}" }</span></div> }
        }
        Node::Array(items) => ("[", "]", plural(items.len(), "item"), items.len()),
        Node::Object(map) => ("{", "}", plural(map.len(), "key"), map.len()),
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let depth = props.depth + 1;
    let children: Html = if *open {
        let child = |label: Label, node: &Rc<Node>| html! { <JsonNode {label} node={Shared(node.clone())} {depth} /> };
        match &*props.node.0 {
            Node::Array(items) => {
                items.iter().take(*shown).enumerate().map(|(i, x)| child(Label::Index(i), x)).collect()
            }
            Node::Object(map) => {
                map.iter().take(*shown).map(|(k, x)| child(Label::Key(k.clone()), x)).collect()
            }
            Node::Scalar { .. } => html! {},
        }
    } else {
        html! {}
    };
    let more = (*open && len > *shown).then(|| {
        let now = *shown;
        let next = now.saturating_add(CHILDREN_STEP);
        let setter = shown.clone();
        let onclick = Callback::from(move |_: MouseEvent| setter.set(next));
        html! {
            <button type="button" class="button small j-more" {onclick}>
                { format!("Show {} more of {len}", (len - now).min(CHILDREN_STEP)) }
            </button>
        }
    });
    html! {
        <details class="j-node" open={*open}>
            <summary onclick={ontoggle}>{ label }<span class="j-punct">{ open_mark }</span>
                <span class="j-count">{ count }</span></summary>
            <div class="j-children">{ children }{ more.unwrap_or_default() }</div>
            <span class="j-punct">{ close_mark }</span>
        </details>
    }
}

/// The tree; server strings are text nodes, never markup.
#[component]
pub fn JsonTree(props: &JsonTreeProps) -> Html {
    let root = use_memo(props.value.clone(), |v| Shared(Node::of(v)));
    html! { <div class="json-tree"><JsonNode label={Label::Root} node={(*root).clone()} depth={0} /></div> }
}
