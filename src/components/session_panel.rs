//! Automation settings: reconnect backoff, the outbox, heartbeat, auto-reply rules and round-trip
//! matching. Browser view.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::choice_select::choice_select;
use crate::core::bounded_regex::window_text;
use crate::core::choice::Choice;
use crate::core::log::payload_summary;
use crate::core::session::auto_reply::Msg as Rule;
use crate::core::session::heartbeat::Msg as Hb;
use crate::core::session::outbox::Msg as Ob;
use crate::core::session::reconnect::{Field, Msg as Rec};
use crate::core::session::rtt::{Msg as Rtt, RttChoice};
use crate::core::session::{Msg, Session};

/// What the panel shows of the session: small, so comparing it each frame is cheap.
#[derive(Clone, PartialEq)]
pub struct SessionView {
    pub policy_inputs: [String; 4],
    pub outbox_enabled: bool,
    pub outbox_cap: usize,
    /// One-line previews of the queued messages.
    pub outbox: Vec<String>,
    pub heartbeat_enabled: bool,
    pub heartbeat_text: String,
    pub heartbeat_secs: String,
    pub heartbeats: u64,
    /// (pattern, reply, bytes of each message looked at) of each rule.
    pub rules: Vec<(String, String, usize)>,
    pub rule_pattern: String,
    pub rule_reply: String,
    pub rtt_mode: RttChoice,
    pub rtt_field: String,
}

impl SessionView {
    /// The view of `s`.
    pub fn of(s: &Session) -> SessionView {
        SessionView {
            policy_inputs: s.reconnect.inputs.clone(),
            outbox_enabled: s.outbox.enabled,
            outbox_cap: s.outbox.cap(),
            outbox: s.outbox.iter().map(payload_summary).collect(),
            heartbeat_enabled: s.heartbeat.enabled,
            heartbeat_text: s.heartbeat.text.clone(),
            heartbeat_secs: s.heartbeat.secs_input.clone(),
            heartbeats: s.heartbeat.sent,
            rules: s.replies.rules.iter().map(|r| (r.pattern.clone(), r.reply.clone(), r.window())).collect(),
            rule_pattern: s.replies.pattern_input.clone(),
            rule_reply: s.replies.reply_input.clone(),
            rtt_mode: s.rtt.mode,
            rtt_field: s.rtt.field.clone(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionPanelProps {
    /// What the panel shows.
    pub session: SessionView,
    /// A user's change, as a session message.
    pub onmsg: Callback<Msg>,
}

fn value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The collapsible automation panel.
#[component]
pub fn SessionPanel(props: &SessionPanelProps) -> Html {
    // Drawn only while open: the page comes up faster, and a closed panel costs nothing per frame.
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    html! {
        <details id="session-panel" class="session-panel" open={*open}>
            <summary onclick={ontoggle}>{ "Automation: reconnect, outbox, heartbeat, auto-replies, round trips" }</summary>
            if *open {
                { session_fields(props) }
            }
        </details>
    }
}

/// The panel's settings and lists.
fn session_fields(props: &SessionPanelProps) -> Html {
    let s = &props.session;
    let d = &props.onmsg;
    let toggle = |f: fn(bool) -> Msg| {
        d.reform(move |e: Event| f(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let text = |f: fn(String) -> Msg| {
        d.reform(move |e: InputEvent| f(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let click = |m: fn() -> Msg| d.reform(move |_: MouseEvent| m());
    let onrtt = d.reform(|c: RttChoice| Rtt::ModeChosen(c).into());
    let setting = |field: Field| {
        html! {
            <label class="field-inline">{ field.label() }
                <input id={field.value()} type="number" min="1" step={(field == Field::Factor).then_some("0.1")}
                    value={s.policy_inputs[field as usize].clone()}
                    onchange={d.reform(move |e: Event| Rec::SettingEdited(field, value(&e)).into())} />
            </label>
        }
    };
    html! { <>
            <fieldset>
                <legend>{ "Reconnect backoff (when Reconnect is on)" }</legend>
                { for Field::ALL.iter().map(|&f| setting(f)) }
                <p class="muted small">{ "Each wait is drawn at random between 0 and min(max, first × factor^(attempt−1)) — \"full jitter\", so many clients do not retry in step." }</p>
            </fieldset>
            <fieldset>
                <legend>{ "Outbox" }</legend>
                <label class="toggle"><input id="outbox-toggle" type="checkbox" checked={s.outbox_enabled}
                    onchange={toggle(|on| Ob::Toggled(on).into())} />
                    <span>{ format!("Queue messages sent while connecting or reconnecting (up to {})", s.outbox_cap) }</span></label>
                <ol id="outbox-list" class="outbox-list" data-count={s.outbox.len().to_string()}>
                    { for s.outbox.iter().enumerate().map(|(i, p)| html! {
                        <li>
                            <span class="outbox-text">{ p.clone() }</span>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Ob::Edit(i).into())}
                                    aria-label="Edit in the composer">{ "Edit" }</button>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Ob::Remove(i).into())}
                                    aria-label="Remove from the outbox">{ "✕" }</button>
                        </li>
                    }) }
                </ol>
                if !s.outbox.is_empty() {
                    <button id="outbox-clear" type="button" class="button small" onclick={click(|| Ob::Clear.into())}>
                        { "Discard all queued" }
                    </button>
                }
            </fieldset>
            <fieldset>
                <legend>{ "Heartbeat (an application-level ping: browsers expose no ping frames)" }</legend>
                <label class="toggle"><input id="heartbeat-toggle" type="checkbox" checked={s.heartbeat_enabled}
                    onchange={toggle(|on| Hb::Toggled(on).into())} /><span>{ "Send" }</span></label>
                <input id="heartbeat-text" type="text" class="grow" value={s.heartbeat_text.clone()}
                    oninput={text(|t| Hb::TextEdited(t).into())} aria-label="Heartbeat message" />
                <label class="field-inline">{ "every (s)" }
                    <input id="heartbeat-secs" type="number" min="0.1" step="0.1" value={s.heartbeat_secs.clone()}
                        onchange={d.reform(|e: Event| Hb::SecsEdited(value(&e)).into())} /></label>
                <span id="heartbeat-count" class="muted">{ format!("{} sent", s.heartbeats) }</span>
            </fieldset>
            <fieldset>
                <legend>{ "Auto-replies: when a received text matches a regular expression, send a reply ($1 = first group)" }</legend>
                <ul id="rule-list" class="rule-list">
                    { for s.rules.iter().enumerate().map(|(i, (pattern, reply, window))| html! {
                        <li>
                            <code>{ pattern.clone() }</code>{ " → " }<code>{ reply.clone() }</code>
                            <span class="muted small rule-window">{ format!(" (looks at the first {} of each message)", window_text(*window)) }</span>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Rule::Remove(i).into())}
                                    aria-label="Remove the rule">{ "✕" }</button>
                        </li>
                    }) }
                </ul>
                <input id="rule-pattern" type="text" placeholder={"pattern, e.g. \"type\":\"ping\""} value={s.rule_pattern.clone()}
                    oninput={text(|t| Rule::PatternEdited(t).into())} aria-label="Pattern" />
                <input id="rule-reply" type="text" placeholder={"reply, e.g. {\"type\":\"pong\"}"} value={s.rule_reply.clone()}
                    oninput={text(|t| Rule::ReplyEdited(t).into())} aria-label="Reply" />
                <button id="rule-add" type="button" class="button small" onclick={click(|| Rule::Add.into())}>{ "Add rule" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Round-trip time" }</legend>
                <label class="field-inline"><span class="visually-hidden">{ "How answers are matched" }</span>
                    { choice_select("rtt-mode", s.rtt_mode, &onrtt) }</label>
                <input id="rtt-field" type="text" value={s.rtt_field.clone()} oninput={text(|t| Rtt::FieldEdited(t).into())}
                    aria-label="JSON field" disabled={s.rtt_mode != RttChoice::Json} />
            </fieldset>
    </> }
}
