//! Automation settings: reconnect backoff, the outbox, heartbeat, auto-reply rules and round-trip
//! matching. Browser view.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::core::log::payload_summary;
use crate::core::model::{Msg, Session};
use crate::core::session::RttMode;

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
    /// (pattern, reply) of each rule.
    pub rules: Vec<(String, String)>,
    pub rule_pattern: String,
    pub rule_reply: String,
    /// `off`, `echo` or `json`.
    pub rtt_mode: &'static str,
    pub rtt_field: String,
}

impl SessionView {
    /// The view of `s`.
    pub fn of(s: &Session) -> SessionView {
        SessionView {
            policy_inputs: s.policy_inputs.clone(),
            outbox_enabled: s.outbox_enabled,
            outbox_cap: s.outbox.cap(),
            outbox: s.outbox.iter().map(payload_summary).collect(),
            heartbeat_enabled: s.heartbeat.enabled,
            heartbeat_text: s.heartbeat.text.clone(),
            heartbeat_secs: s.heartbeat.secs_input.clone(),
            heartbeats: s.heartbeat.sent,
            rules: s.rules.iter().map(|r| (r.pattern.clone(), r.reply.clone())).collect(),
            rule_pattern: s.rule_pattern_input.clone(),
            rule_reply: s.rule_reply_input.clone(),
            rtt_mode: match &s.rtt_mode {
                RttMode::Off => "off",
                RttMode::Echo => "echo",
                RttMode::JsonField(_) => "json",
            },
            rtt_field: s.rtt_field_input.clone(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SessionPanelProps {
    /// What the panel shows.
    pub session: SessionView,
    /// Turns a user's change into a message.
    pub ondispatch: Callback<Msg>,
}

fn value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The collapsible automation panel.
#[component]
pub fn SessionPanel(props: &SessionPanelProps) -> Html {
    let s = &props.session;
    let d = &props.ondispatch;
    let setting = |i: usize| d.reform(move |e: Event| Msg::ReconnectSettingEdited(i, value(&e)));
    let toggle = |f: fn(bool) -> Msg| {
        d.reform(move |e: Event| f(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let text = |f: fn(String) -> Msg| {
        d.reform(move |e: InputEvent| f(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let click = |m: fn() -> Msg| d.reform(move |_: MouseEvent| m());
    let rtt_value = s.rtt_mode;
    let onrtt =
        d.reform(|e: Event| Msg::RttModeChosen(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let [initial, factor, max, attempts] = &s.policy_inputs;
    html! {
        <details id="session-panel" class="session-panel">
            <summary>{ "Automation: reconnect, outbox, heartbeat, auto-replies, round trips" }</summary>
            <fieldset>
                <legend>{ "Reconnect backoff (when Reconnect is on)" }</legend>
                <label class="field-inline">{ "first delay (ms)" }
                    <input id="reconnect-initial" type="number" min="1" value={initial.clone()} onchange={setting(0)} /></label>
                <label class="field-inline">{ "× factor" }
                    <input id="reconnect-factor" type="number" min="1" step="0.1" value={factor.clone()} onchange={setting(1)} /></label>
                <label class="field-inline">{ "max delay (ms)" }
                    <input id="reconnect-max" type="number" min="1" value={max.clone()} onchange={setting(2)} /></label>
                <label class="field-inline">{ "attempts" }
                    <input id="reconnect-attempts" type="number" min="1" value={attempts.clone()} onchange={setting(3)} /></label>
                <p class="muted small">{ "Each wait is drawn at random between 0 and min(max, first × factor^(attempt−1)) — \"full jitter\", so many clients do not retry in step." }</p>
            </fieldset>
            <fieldset>
                <legend>{ "Outbox" }</legend>
                <label class="toggle"><input id="outbox-toggle" type="checkbox" checked={s.outbox_enabled}
                    onchange={toggle(Msg::OutboxToggled)} />
                    <span>{ format!("Queue messages sent while connecting or reconnecting (up to {})", s.outbox_cap) }</span></label>
                <ol id="outbox-list" class="outbox-list" data-count={s.outbox.len().to_string()}>
                    { for s.outbox.iter().enumerate().map(|(i, p)| html! {
                        <li>
                            <span class="outbox-text">{ p.clone() }</span>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Msg::OutboxEdit(i))}
                                    aria-label="Edit in the composer">{ "Edit" }</button>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Msg::OutboxRemove(i))}
                                    aria-label="Remove from the outbox">{ "✕" }</button>
                        </li>
                    }) }
                </ol>
                if !s.outbox.is_empty() {
                    <button id="outbox-clear" type="button" class="button small" onclick={click(|| Msg::OutboxClear)}>
                        { "Discard all queued" }
                    </button>
                }
            </fieldset>
            <fieldset>
                <legend>{ "Heartbeat (an application-level ping: browsers expose no ping frames)" }</legend>
                <label class="toggle"><input id="heartbeat-toggle" type="checkbox" checked={s.heartbeat_enabled}
                    onchange={toggle(Msg::HeartbeatToggled)} /><span>{ "Send" }</span></label>
                <input id="heartbeat-text" type="text" class="grow" value={s.heartbeat_text.clone()}
                    oninput={text(Msg::HeartbeatTextEdited)} aria-label="Heartbeat message" />
                <label class="field-inline">{ "every (s)" }
                    <input id="heartbeat-secs" type="number" min="0.1" step="0.1" value={s.heartbeat_secs.clone()}
                        onchange={d.reform(|e: Event| Msg::HeartbeatSecsEdited(value(&e)))} /></label>
                <span id="heartbeat-count" class="muted">{ format!("{} sent", s.heartbeats) }</span>
            </fieldset>
            <fieldset>
                <legend>{ "Auto-replies: when a received text matches a regular expression, send a reply ($1 = first group)" }</legend>
                <ul id="rule-list" class="rule-list">
                    { for s.rules.iter().enumerate().map(|(i, (pattern, reply))| html! {
                        <li>
                            <code>{ pattern.clone() }</code>{ " → " }<code>{ reply.clone() }</code>
                            <button type="button" class="button small" onclick={d.reform(move |_: MouseEvent| Msg::RemoveRule(i))}
                                    aria-label="Remove the rule">{ "✕" }</button>
                        </li>
                    }) }
                </ul>
                <input id="rule-pattern" type="text" placeholder={"pattern, e.g. \"type\":\"ping\""} value={s.rule_pattern.clone()}
                    oninput={text(Msg::RulePatternEdited)} aria-label="Pattern" />
                <input id="rule-reply" type="text" placeholder={"reply, e.g. {\"type\":\"pong\"}"} value={s.rule_reply.clone()}
                    oninput={text(Msg::RuleReplyEdited)} aria-label="Reply" />
                <button id="rule-add" type="button" class="button small" onclick={click(|| Msg::AddRule)}>{ "Add rule" }</button>
            </fieldset>
            <fieldset>
                <legend>{ "Round-trip time" }</legend>
                <select id="rtt-mode" onchange={onrtt} aria-label="How answers are matched">
                    <option value="off" selected={rtt_value == "off"}>{ "off" }</option>
                    <option value="echo" selected={rtt_value == "echo"}>{ "echo: the same message comes back" }</option>
                    <option value="json" selected={rtt_value == "json"}>{ "JSON field equal in request and answer" }</option>
                </select>
                <input id="rtt-field" type="text" value={s.rtt_field.clone()} oninput={text(Msg::RttFieldEdited)}
                    aria-label="JSON field" disabled={rtt_value != "json"} />
            </fieldset>
        </details>
    }
}
