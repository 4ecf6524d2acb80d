//! The log's toolbar: search (text or regex, kind toggles), counts, cap, Clear, Export and opening a
//! saved log. Browser view.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::choice_select::choice_select;
use crate::components::picked_file;
use crate::core::bounded_regex::window_text;
use crate::core::export::ExportFormat;
use crate::core::filter::{FilterSpec, KindSet};
use crate::core::number::fixed;

pub struct LogToolbarProps {
    /// The current filter.
    pub filter: FilterSpec,
    /// Entries kept.
    pub count: usize,
    /// Entries matching the filter, when one is active.
    pub matches: Option<usize>,
    /// How far a new filter's scan has come (below 1.0 while searching).
    pub progress: f64,
    /// How many bytes of each message the filter searches, while it searches text.
    pub window: Option<usize>,
    /// Entries evicted by the cap.
    pub evicted: u64,
    /// The cap field's text.
    pub cap: AttrValue,
    /// The chosen export format.
    pub export_format: ExportFormat,
    /// Entries written of all, while an export is being written.
    pub exporting: Option<(usize, usize)>,
    /// Bytes read of all, while a saved log is being opened.
    pub opening: Option<(usize, usize)>,
    /// The saved log being viewed, if any.
    pub imported: Option<AttrValue>,
    /// The filter text changed.
    pub onfilter: Callback<String>,
    /// The regex toggle changed.
    pub onregex: Callback<bool>,
    /// A kind toggle changed.
    pub onkinds: Callback<KindSet>,
    /// A new cap was entered.
    pub oncap: Callback<String>,
    /// Clear was pressed.
    pub onclear: Callback<()>,
    /// Another export format was chosen.
    pub onexportformat: Callback<ExportFormat>,
    /// Export was pressed.
    pub onexport: Callback<()>,
    /// A saved log file was picked.
    pub onimport: Callback<web_sys::File>,
    /// Stop viewing the saved log.
    pub oncloseimport: Callback<()>,
}

fn checked(e: &Event) -> bool {
    e.target_unchecked_into::<HtmlInputElement>().checked()
}

/// Search and housekeeping above the log.
pub fn log_toolbar(props: &LogToolbarProps) -> Html {
    let onfilter =
        props.onfilter.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onregex = props.onregex.reform(|e: Event| checked(&e));
    let kinds = props.filter.kinds;
    let kind_toggle = |set: fn(&mut KindSet, bool)| {
        let onkinds = props.onkinds.clone();
        Callback::from(move |e: Event| {
            let mut k = kinds;
            set(&mut k, checked(&e));
            onkinds.emit(k);
        })
    };
    let oncap = props.oncap.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    let onimport = {
        let cb = props.onimport.clone();
        Callback::from(move |e: Event| picked_file(&e).into_iter().for_each(|f| cb.emit(f)))
    };
    let oncloseimport = props.oncloseimport.reform(|_: MouseEvent| ());
    let searching = props.progress < 1.0;
    html! {
        <div class="log-toolbar">
            if let Some(name) = &props.imported {
                <div class="imported-banner" role="status">
                    { format!("Viewing the saved log {name} (read-only). ") }
                    <button id="close-import-button" type="button" class="button small" onclick={oncloseimport}>
                        { "Close it" }
                    </button>
                </div>
            }
            <div class="toolbar-row">
                <label class="field field-filter">
                    <span class="visually-hidden">{ "Filter the log" }</span>
                    <input id="log-filter" type="search" spellcheck="false"
                           placeholder={if props.filter.regex { "Regular expression (any case)" } else { "Filter (any case)" }}
                           value={props.filter.text.clone()} oninput={onfilter} />
                </label>
                <label class="toggle" title="Treat the filter as a regular expression">
                    <input id="filter-regex" type="checkbox" checked={props.filter.regex} onchange={onregex} />
                    <span>{ ".*" }</span>
                </label>
                <span class="kind-toggles" role="group" aria-label="Kinds shown">
                    <label class="toggle"><input id="kind-in" type="checkbox" checked={kinds.incoming}
                        onchange={kind_toggle(|k, on| k.incoming = on)} /><span>{ "in" }</span></label>
                    <label class="toggle"><input id="kind-out" type="checkbox" checked={kinds.outgoing}
                        onchange={kind_toggle(|k, on| k.outgoing = on)} /><span>{ "out" }</span></label>
                    <label class="toggle"><input id="kind-events" type="checkbox" checked={kinds.events}
                        onchange={kind_toggle(|k, on| k.events = on)} /><span>{ "events" }</span></label>
                    <label class="toggle" title="Hide protocol heartbeats (pings, pongs, keep-alives); they stay counted">
                        <input id="hide-heartbeats" type="checkbox" checked={!kinds.heartbeats}
                        onchange={kind_toggle(|k, on| k.heartbeats = !on)} /><span>{ "hide heartbeats" }</span></label>
                </span>
                <span class="log-counts" aria-live="polite">
                    <span id="log-count">{ props.count }</span>
                    { if props.count == 1 { " entry" } else { " entries" } }
                    if let Some(m) = props.matches {
                        <span id="log-matches" class="log-matches">{ format!(" · {m} matching") }</span>
                    }
                    if let (Some(w), false) = (props.window, props.filter.text.is_empty()) {
                        <span id="log-window" class="log-window" title="Longer messages are searched this far, so that no pattern can freeze the page">
                            { format!(" · searching the first {} of each message", window_text(w)) }
                        </span>
                    }
                    if searching {
                        <span class="log-searching">{ format!(" · searching {}%", fixed(props.progress * 100.0, 0)) }</span>
                    }
                    if props.evicted > 0 {
                        <span id="log-evicted" class="log-evicted" title="Oldest entries dropped to stay within the cap">
                            { format!(" · {} evicted", props.evicted) }
                        </span>
                    }
                </span>
            </div>
            <div class="toolbar-row">
                <label class="field-inline" title="The most entries kept; the oldest are evicted beyond it">
                    <span class="field-label">{ "Keep" }</span>
                    <input id="log-cap" type="number" min="1" value={props.cap.clone()} onchange={oncap} />
                </label>
                <button id="clear-log-button" type="button" class="button" onclick={onclear}>{ "Clear" }</button>
                <span class="spacer"></span>
                <label class="field-inline">
                    <span class="visually-hidden">{ "Export format" }</span>
                    { choice_select("export-format", props.export_format, &props.onexportformat) }
                </label>
                <button id="export-button" type="button" class="button" onclick={onexport}>{ "Export" }</button>
                if let Some((done, total)) = props.exporting {
                    <span id="export-progress" class="log-searching" role="status">
                        { format!("writing {}%", fixed(done as f64 * 100.0 / total.max(1) as f64, 0)) }
                    </span>
                }
                if let Some((read, size)) = props.opening {
                    <span id="import-progress" class="log-searching" role="status">
                        { format!("opening {}%", fixed(read as f64 * 100.0 / size.max(1) as f64, 0)) }
                    </span>
                }
                <label class="button file-button" title="Open an exported NDJSON or JSON log, read-only">
                    { "Open saved…" }
                    <input id="import-input" type="file" accept=".ndjson,.json,application/json,application/x-ndjson"
                           class="visually-hidden" onchange={onimport} />
                </label>
            </div>
        </div>
    }
}
