//! The message library (`#library`): save the draft under a name, search, send or load an item with one
//! click, rename, duplicate, reorder (drag, buttons, or Alt+↑/↓), tag, delete with undo, import and
//! export. Browser view.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::core::workspace::Msg;

/// One item as the list shows it.
#[derive(Clone, PartialEq)]
pub struct ItemView {
    pub name: AttrValue,
    pub format: &'static str,
    pub tags: AttrValue,
    /// The body's first line, cut.
    pub preview: AttrValue,
}

#[derive(Properties, PartialEq)]
pub struct LibraryPanelProps {
    /// The items the search shows, in order.
    pub items: Vec<ItemView>,
    /// How many items in all.
    pub total: usize,
    pub name_input: AttrValue,
    pub search: AttrValue,
    /// The name `Undo` would bring back.
    pub undo: Option<AttrValue>,
    pub onmsg: Callback<Msg>,
    /// A library file was picked.
    pub onimport: Callback<web_sys::File>,
}

fn value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The library panel.
#[component]
pub fn LibraryPanel(props: &LibraryPanelProps) -> Html {
    let m = &props.onmsg;
    let dragged = use_mut_ref(|| None::<String>);
    let onname = m.reform(|e: InputEvent| Msg::NameEdited(value(&e)));
    let onsave = m.reform(|_: MouseEvent| Msg::Save);
    let onnamekey = {
        let m = m.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                m.emit(Msg::Save);
            }
        })
    };
    let onsearch = m.reform(|e: InputEvent| Msg::SearchEdited(value(&e)));
    let onsearchkey = {
        let items = props.items.clone();
        let m = m.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Enter in the search sends the first item shown; ↓ goes to the list.
            match e.key().as_str() {
                "Enter" => {
                    if let Some(first) = items.first() {
                        e.prevent_default();
                        m.emit(Msg::SendItem(first.name.to_string()));
                    }
                }
                "ArrowDown" => {
                    e.prevent_default();
                    focus_first_item();
                }
                _ => {}
            }
        })
    };
    let onundo = m.reform(|_: MouseEvent| Msg::Undo);
    let onexport = m.reform(|_: MouseEvent| Msg::LibraryExport);
    let rows = props.items.iter().map(|item| {
        let name = item.name.to_string();
        let on = |msg: fn(String) -> Msg| {
            let name = name.clone();
            m.reform(move |_: MouseEvent| msg(name.clone()))
        };
        let onmove = |by: i64| {
            let name = name.clone();
            m.reform(move |_: MouseEvent| Msg::Move { name: name.clone(), by })
        };
        let onrename = {
            let name = name.clone();
            let to = props.name_input.to_string();
            m.reform(move |_: MouseEvent| Msg::Rename { from: name.clone(), to: to.clone() })
        };
        let ontags = {
            let name = name.clone();
            m.reform(move |e: Event| Msg::TagsEdited {
                name: name.clone(),
                tags: e.target_unchecked_into::<HtmlInputElement>().value(),
            })
        };
        let onkeydown = {
            let name = name.clone();
            let m = m.clone();
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if e.alt_key() && (key == "ArrowUp" || key == "ArrowDown") {
                    e.prevent_default();
                    m.emit(Msg::Move { name: name.clone(), by: if key == "ArrowUp" { -1 } else { 1 } });
                } else if e.ctrl_key() && key == "Enter" {
                    e.prevent_default();
                    m.emit(Msg::SendItem(name.clone()));
                }
            })
        };
        let ondragstart = {
            let (name, dragged) = (name.clone(), dragged.clone());
            Callback::from(move |_: DragEvent| *dragged.borrow_mut() = Some(name.clone()))
        };
        let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
        let ondrop = {
            let (name, dragged, m) = (name.clone(), dragged.clone(), m.clone());
            Callback::from(move |e: DragEvent| {
                e.prevent_default();
                if let Some(from) = dragged.borrow_mut().take() {
                    m.emit(Msg::MoveBefore { name: from, before: Some(name.clone()) });
                }
            })
        };
        let label = format!("{} ({})", item.name, item.format);
        html! {
            <li class="library-item" data-name={item.name.clone()} draggable="true" tabindex="0"
                aria-label={label} {onkeydown} {ondragstart} {ondragover} {ondrop}>
                <div class="library-item-head">
                    <span class="library-item-name">{ item.name.clone() }</span>
                    <span class="library-item-format">{ item.format }</span>
                    <span class="library-item-preview">{ item.preview.clone() }</span>
                </div>
                <div class="library-item-actions">
                    <button type="button" class="button small primary library-send" onclick={on(Msg::SendItem)}
                            title="Send it now (Ctrl+Enter), variables expanded">{ "Send" }</button>
                    <button type="button" class="button small library-load" onclick={on(Msg::Load)}
                            title="Put it into the composer">{ "Load" }</button>
                    <button type="button" class="button small library-up" onclick={onmove(-1)} aria-label="Move up (Alt+↑)">{ "↑" }</button>
                    <button type="button" class="button small library-down" onclick={onmove(1)} aria-label="Move down (Alt+↓)">{ "↓" }</button>
                    <button type="button" class="button small library-rename" onclick={onrename}
                            title="Rename it to the name typed above">{ "Rename" }</button>
                    <button type="button" class="button small library-duplicate" onclick={on(Msg::Duplicate)}>{ "Duplicate" }</button>
                    <button type="button" class="button small library-delete" onclick={on(Msg::Delete)}>{ "Delete" }</button>
                    <input type="text" class="library-tags" value={item.tags.clone()} onchange={ontags}
                           placeholder="tags, comma-separated" aria-label={format!("Tags of {}", item.name)} />
                </div>
            </li>
        }
    });
    let shown = props.items.len();
    html! {
        <section class="library-panel" aria-label="Message library">
            <div class="library-save">
                <label class="field">
                    <span class="field-label">{ "Save the draft as" }</span>
                    <input id="library-name-input" type="text" autocomplete="off" placeholder="a name"
                           value={props.name_input.clone()} oninput={onname} onkeydown={onnamekey} />
                </label>
                <button id="library-save-button" type="button" class="button" onclick={onsave}>{ "Save" }</button>
                if let Some(name) = props.undo.clone() {
                    <button id="library-undo-button" type="button" class="button" onclick={onundo}
                            title={format!("Bring back {name}")}>{ "Undo delete" }</button>
                }
            </div>
            <div class="library-tools">
                <input id="library-search" type="search" autocomplete="off" value={props.search.clone()}
                       oninput={onsearch} onkeydown={onsearchkey} aria-label="Search the library"
                       placeholder="Search the library (Ctrl+K; #tag for a tag)" />
                <span class="muted library-count">{ format!("{shown} of {}", props.total) }</span>
                <button id="library-export-button" type="button" class="button small" onclick={onexport}>{ "Export" }</button>
                { super::file_button("Import…", "library-import-input", ".json,application/json", &props.onimport) }
            </div>
            <ul id="library" class="library-list">
                { for rows }
            </ul>
            if props.total == 0 {
                <p class="muted library-empty">{ "No saved messages yet: type one, name it, Save. Messages may hold {{variables}}." }</p>
            }
        </section>
    }
}

/// Moves the focus to the first library item.
fn focus_first_item() {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#library .library-item").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
