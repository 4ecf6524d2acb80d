//! The list of keyboard shortcuts (`?` shows it, Escape or its button closes it). Browser view.

use yew::prelude::*;

/// Every shortcut the page answers to: (keys, what they do).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Enter", "in the message: send it (Shift+Enter for a new line); in the URL or subprotocols: connect"),
    ("Ctrl+K", "search the library"),
    ("Enter", "in the library search: send the first message shown"),
    ("↓", "in the library search: go to the list"),
    ("Ctrl+Enter", "on a library message: send it"),
    ("Alt+↑ / Alt+↓", "on a library message: move it up or down"),
    ("Enter or Space", "on a log entry: show it whole"),
    ("Escape", "close the entry's detail, or this list"),
    ("↑, Page Up, Home", "in the log: stop following new entries"),
    ("?", "show this list (outside text fields)"),
];

pub struct ShortcutsHelpProps {
    pub onclose: Callback<()>,
}

/// A small dialog listing the shortcuts.
pub fn shortcuts_help(props: &ShortcutsHelpProps) -> Html {
    let onclose = props.onclose.reform(|_: MouseEvent| ());
    html! {
        <div id="shortcuts" class="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
            <h2>{ "Keyboard shortcuts" }</h2>
            <dl>
                { for SHORTCUTS.iter().map(|(keys, what)| html! { <><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></> }) }
            </dl>
            <button id="shortcuts-close" type="button" class="button" onclick={onclose}>{ "Close" }</button>
        </div>
    }
}
