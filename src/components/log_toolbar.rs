//! The log's toolbar: filter, counts, Clear and Export. Browser view.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogToolbarProps {
    /// The filter's text.
    pub filter: AttrValue,
    /// Entries kept.
    pub count: usize,
    /// Entries matching the filter, when one is set.
    pub matches: Option<usize>,
    /// Entries evicted by the cap.
    pub evicted: u64,
    /// The filter changed.
    pub onfilter: Callback<String>,
    /// Clear was pressed.
    pub onclear: Callback<()>,
    /// Export was pressed.
    pub onexport: Callback<()>,
}

/// Search and housekeeping above the log.
#[component]
pub fn LogToolbar(props: &LogToolbarProps) -> Html {
    let onfilter = props
        .onfilter
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    html! {
        <div class="log-toolbar">
            <label class="field field-filter">
                <span class="visually-hidden">{ "Filter the log" }</span>
                <input id="log-filter" type="search" placeholder="Filter (case-insensitive)"
                       value={props.filter.clone()} oninput={onfilter} />
            </label>
            <span class="log-counts">
                <span id="log-count">{ props.count }</span>
                { if props.count == 1 { " entry" } else { " entries" } }
                if let Some(m) = props.matches {
                    <span class="log-matches">{ format!(" · {m} matching") }</span>
                }
                if props.evicted > 0 {
                    <span class="log-evicted" title="Oldest entries dropped to stay within the log's cap">
                        { format!(" · {} evicted", props.evicted) }
                    </span>
                }
            </span>
            <button id="clear-log-button" type="button" class="button" onclick={onclear}>{ "Clear" }</button>
            <button id="export-button" type="button" class="button" onclick={onexport}>{ "Export" }</button>
        </div>
    }
}
