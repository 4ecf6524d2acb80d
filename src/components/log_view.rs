//! The virtual log (`#message-log`): only the rows in view are drawn, the view follows new entries
//! while at the bottom, and scrolling up pauses that. Browser view.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::log_row::{log_row, LogRowProps};
use crate::core::app::Model;
use crate::core::choice::Choice;
use crate::core::lens;
use crate::core::log::LogEntry;
use crate::core::number::{fixed, short};
use crate::core::viewport::{at_bottom, row_chars, window, RowPace, ROW_PX};
use crate::hooks::WorkbenchHandle;

#[derive(Properties, PartialEq)]
pub struct LogViewProps {
    /// The running workbench (its log, filter and selection).
    pub wb: WorkbenchHandle,
    /// Clicked: show an entry whole.
    pub onselect: Callback<u64>,
    /// Escape: close the entry detail.
    pub ondeselect: Callback<()>,
}

#[derive(Clone, Copy, PartialEq)]
struct Scroll {
    top: f64,
    height: f64,
    /// The log's width (0 until measured): a row's text is cut to what it can show.
    width: f64,
}

impl Scroll {
    fn of(el: &HtmlElement) -> Scroll {
        Scroll {
            top: el.scroll_top() as f64,
            height: el.client_height() as f64,
            width: el.client_width() as f64,
        }
    }
}

/// The log's rows, virtualised.
#[component]
pub fn LogView(props: &LogViewProps) -> Html {
    let scroller = use_node_ref();
    let range = use_node_ref();
    let rows_ref = use_node_ref();
    let scroll = use_state_eq(|| Scroll { top: 0.0, height: 480.0, width: 0.0 });
    let follow = use_state_eq(|| true);
    let paused_at = use_state_eq(|| 0u64);

    let model = props.wb.model();
    let log = &model.log;
    let index_ref = model.logbook.index();
    let filtering = index_ref.is_filtering();
    let total = if filtering { index_ref.len() } else { log.len() };
    let entry_at = |i: usize| -> Option<&LogEntry> {
        if filtering {
            index_ref.seq_at(i).and_then(|s| log.by_seq(s))
        } else {
            log.get(i)
        }
    };
    // Rows the log did not have come at most a frame's allowance a frame (`RowPace`: sized by what making
    // and laying out rows was measured to cost here), the rest in the next frames.
    let started = props.wb.now_precise();
    let pace = use_mut_ref(RowPace::default);
    let whole = window(total, scroll.top, scroll.height, *follow);
    let had = pace.borrow().drawn();
    let win = whole.at_most(pace.borrow_mut().take(whole.count), *follow);
    let grew = win.count > had;
    let filling = win.count < whole.count;
    let chars = row_chars(scroll.width);
    let rows: Html = (win.first..win.first + win.count)
        .filter_map(entry_at)
        .map(|e| row(&model, e, props.wb.time_text(e.at_ms), chars))
        .collect();
    let new_count = if *follow { 0 } else { log.next_seq().saturating_sub(*paused_at) };
    let empty = log.is_empty();
    let no_match = filtering && total == 0 && !empty;
    let next_seq = log.next_seq();
    drop(model);

    // Where the view last scrolled itself: a scroll event elsewhere is the user's.
    // A new scroller is at the top: following an empty log sets nothing (and forces no layout).
    let last_target = use_mut_ref(|| 0i32);
    let redraw = use_force_update();
    let frame_due = use_mut_ref(|| None::<gloo_render::AnimationFrame>);
    let more_wanted = use_mut_ref(|| false);
    // Inline styles are refused by the page's CSP, so sizes and offsets go through the CSSOM.
    {
        let (scroller, range, rows_ref) = (scroller.clone(), range.clone(), rows_ref.clone());
        let (follow, last_target) = (*follow, last_target.clone());
        let wb = props.wb.clone();
        use_effect(move || {
            if let Some(el) = range.cast::<HtmlElement>() {
                let _ = el.style().set_property("height", &format!("{}px", fixed(win.range_px, 2)));
            }
            if let Some(el) = rows_ref.cast::<HtmlElement>() {
                let _ = el
                    .style()
                    .set_property("transform", &format!("translateY({}px)", fixed(win.offset_px, 2)));
            }
            // Reading scrollTop here would force a layout every frame; the target alone decides.
            // Setting scrollTop forces a layout: only when the target moved.
            if follow {
                if let Some(el) = scroller.cast::<HtmlElement>() {
                    let target = win.scroll_top.round() as i32;
                    if target != *last_target.borrow() {
                        el.set_scroll_top(target);
                        *last_target.borrow_mut() = target;
                    }
                }
            }
            let mut p = pace.borrow_mut();
            if grew {
                // What new rows cost includes their layout, which would come later in this frame: asked for
                // now (reading a size; done already if the scroll moved), it is done once, here, and counted.
                if let Some(el) = rows_ref.cast::<HtmlElement>() {
                    el.offset_height();
                }
                p.measured(win.count, wb.now_precise() - started);
            }
            *more_wanted.borrow_mut() = filling;
            // The next frame renews the allowance and draws the rows still to come (a redraw of the page
            // in it may draw them first). One request at a time: a flood renders in every frame, and
            // asking again from each render would put the renewal off to the frame after, every frame.
            // The request holds this view's state until its frame comes, then lets go of itself (after an
            // unmount too: its redraw is then ignored).
            if (filling || p.left() < p.per_frame()) && frame_due.borrow().is_none() {
                let (pace, due) = (pace.clone(), frame_due.clone());
                *frame_due.borrow_mut() = Some(gloo_render::request_animation_frame(move |_| {
                    pace.borrow_mut().frame();
                    drop(due.borrow_mut().take());
                    if *more_wanted.borrow() {
                        redraw.force_update();
                    }
                }));
            }
        });
    }
    // Measure the viewport in the first frame, where the browser lays the page out anyway: measuring in
    // the first render would force that layout before the page has answered, then lay it out again.
    // And again whenever the window's size changes (more rows may fit, and wider rows show more text).
    {
        let (scroller, scroll) = (scroller.clone(), scroll.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = scroller.cast::<HtmlElement>() {
                    scroll.set(Scroll::of(&el));
                }
            };
            let first = measure.clone();
            let frame = gloo_render::request_animation_frame(move |_| first());
            let resize =
                web_sys::window().map(|w| gloo_events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop((frame, resize))
        });
    }
    let pause = {
        let (follow, paused_at) = (follow.clone(), paused_at.clone());
        move || {
            if *follow {
                paused_at.set(next_seq);
                follow.set(false);
            }
        }
    };
    let onscroll = {
        let (scroller, scroll, follow, pause) =
            (scroller.clone(), scroll.clone(), follow.clone(), pause.clone());
        let last_target = last_target.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let top_px = el.scroll_top();
                if *follow && top_px == *last_target.borrow() {
                    // The view's own scroll while following: the window follows the log, not the
                    // scroll position, so redrawing for it would only force another layout.
                    return;
                }
                let now = Scroll::of(&el);
                if at_bottom(now.top, now.height, el.scroll_height() as f64) {
                    follow.set(true);
                } else if (el.scroll_top() - *last_target.borrow()).abs() > 2 {
                    // Not where the view put itself: the user scrolled (scrollbar, script, keys).
                    pause();
                }
                scroll.set(now);
            }
        })
    };
    // Wheel and keys say "up" before the scroll happens, so following cannot snap the view back.
    let onwheel = {
        let pause = pause.clone();
        Callback::from(move |e: WheelEvent| {
            if e.delta_y() < 0.0 {
                pause();
            }
        })
    };
    // One listener for every row: the row is found from the event's target.
    let onclick = {
        let onselect = props.onselect.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(seq) = row_seq(e.target()) {
                onselect.emit(seq);
            }
        })
    };
    let onkeydown = {
        let onselect = props.onselect.clone();
        let ondeselect = props.ondeselect.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowUp" | "PageUp" | "Home" => pause(),
            "Escape" => ondeselect.emit(()),
            "Enter" | " " => {
                if let Some(seq) = row_seq(e.target()) {
                    e.prevent_default();
                    onselect.emit(seq);
                }
            }
            _ => {}
        })
    };
    let onjump = {
        let follow = follow.clone();
        Callback::from(move |_: MouseEvent| follow.set(true))
    };
    html! {
        <div class="log-frame">
            <div id="message-log" class="message-log" ref={scroller} {onscroll} {onwheel} {onclick} {onkeydown} tabindex="0"
                 role="log" aria-live="off" aria-label="Event log" data-row-px={short(ROW_PX, 2)}>
                <div class="log-range" ref={range}>
                    <div class="log-rows" ref={rows_ref}>{ rows }</div>
                </div>
                if empty {
                    <p class="log-empty">{ "No events yet. Connect to a server: every open, message, close and error appears here." }</p>
                    // The rows' fonts, laid out (never painted) while the log is empty: a first connection's
                    // first frames then find them loaded, matched and measured rather than doing it then.
                    <div class="log-warm" aria-hidden="true">
                        <span>{ WARM_TEXT }</span><span class="entry-kind">{ WARM_TEXT }</span>
                    </div>
                }
                if no_match {
                    <p class="log-empty">{ "No entry matches the filter." }</p>
                }
            </div>
            if !*follow {
                <button id="jump-latest" type="button" class="button jump-button" onclick={onjump}>
                    { if new_count > 0 { format!("{new_count} new ↓") } else { "Latest ↓".to_owned() } }
                </button>
            }
        </div>
    }
}

/// What the rows' fonts are warmed with: digits and the time's signs, the cut's ellipsis, every kind's mark.
const WARM_TEXT: &str = "0123456789:. …↓↑●■!· Aa{}";

/// The number of the log row an event happened in, if it happened in one.
fn row_seq(target: Option<web_sys::EventTarget>) -> Option<u64> {
    use wasm_bindgen::JsCast;
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    el.closest(".log-entry").ok()??.get_attribute("data-seq")?.parse().ok()
}

/// One entry's row, as the view draws it, its text cut to `chars` characters (saying so).
fn row(model: &Model, e: &LogEntry, time: String, chars: usize) -> Html {
    let note = model.log.note(e.seq);
    log_row(LogRowProps {
        seq: e.seq,
        kind: e.kind.name(),
        format: e.kind.payload().map(|p| p.format_name()),
        lens: note.map(|n| n.lens.value()),
        heartbeat: note.is_some_and(|n| n.heartbeat),
        time: time.into(),
        text: lens::row_text_within(&model.log, e, chars).into(),
        selected: model.inspector.selected == Some(e.seq),
    })
}

/// Makes (and drops) the rows of `model`'s whole log, as the view would, each time written by
/// `time_text`: part of the rehearsal a cold load plays while idle (see `core::app::rehearse`), so this
/// code is compiled before the first rows.
pub fn rehearse_rows(model: &Model, time_text: impl Fn(u64) -> String) -> usize {
    let rows: Vec<Html> =
        model.log.iter().map(|e| row(model, e, time_text(e.at_ms), row_chars(0.0))).collect();
    rows.len()
}
