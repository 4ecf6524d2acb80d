//! Auto-replies: "when a received text matches this regular expression, send that reply" (`$1`…
//! expand), limited per second so that a rule against an echo server cannot loop without end. Pure.

use std::collections::VecDeque;

use crate::core::bounded_regex::BoundedRegex;
use crate::core::context::Cx;
use crate::core::info::Info;
use crate::core::notice::Source;

/// At most this many auto-replies in any second.
pub(crate) const AUTO_REPLY_PER_SECOND: usize = 20;

/// One rule.
#[derive(Clone, Debug)]
pub struct AutoReply {
    pub pattern: String,
    pub reply: String,
    /// Off: kept, not applied (shared rules arrive off).
    pub enabled: bool,
    regex: BoundedRegex,
}

impl PartialEq for AutoReply {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && self.reply == other.reply && self.enabled == other.enabled
    }
}

impl AutoReply {
    /// A rule, or why its pattern is not a regular expression.
    fn new(pattern: &str, reply: &str) -> Result<AutoReply, String> {
        if pattern.is_empty() {
            return Err("An auto-reply needs a pattern to match.".into());
        }
        let regex = BoundedRegex::new(pattern, false, "The auto-reply pattern")?;
        Ok(AutoReply { pattern: pattern.to_owned(), reply: reply.to_owned(), enabled: true, regex })
    }

    /// How many bytes of each message the rule looks at.
    pub fn window(&self) -> usize {
        self.regex.window()
    }

    /// The reply to `text`, if it matches (within its window).
    fn answer(&self, text: &str) -> Option<String> {
        let caps = self.regex.captures(text)?;
        let mut out = String::new();
        caps.expand(&self.reply, &mut out);
        Some(out)
    }
}

/// What the user does with the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    PatternEdited(String),
    ReplyEdited(String),
    Add,
    Remove(usize),
    /// Switch rule `n` on or off.
    Toggled(usize, bool),
}

/// The rules, the rule being written, and the replies of the last second.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AutoReplies {
    pub rules: Vec<AutoReply>,
    pub pattern_input: String,
    pub reply_input: String,
    sent_at: VecDeque<u64>,
    paused: bool,
}

impl AutoReplies {
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) {
        match msg {
            Msg::PatternEdited(v) => self.pattern_input = v,
            Msg::ReplyEdited(v) => self.reply_input = v,
            Msg::Add => match AutoReply::new(&self.pattern_input, &self.reply_input) {
                Ok(rule) => {
                    self.rules.push(rule);
                    self.pattern_input.clear();
                    self.reply_input.clear();
                    cx.clear(Source::AutoReply);
                }
                Err(e) => cx.notice(Source::AutoReply, e),
            },
            Msg::Remove(i) => {
                if i < self.rules.len() {
                    self.rules.remove(i);
                }
            }
            Msg::Toggled(i, on) => {
                if let Some(rule) = self.rules.get_mut(i) {
                    rule.enabled = on;
                }
            }
        }
    }

    /// The first rule's answer to a received `text`.
    pub(crate) fn answer(&self, text: &str) -> Option<String> {
        self.rules.iter().filter(|r| r.enabled).find_map(|r| r.answer(text))
    }

    /// Adds a rule switched off (a shared one); a bad pattern is skipped.
    pub(crate) fn add_off(&mut self, pattern: &str, reply: &str) -> bool {
        match AutoReply::new(pattern, reply) {
            Ok(mut rule) if self.rules.len() < 100 => {
                rule.enabled = false;
                self.rules.push(rule);
                true
            }
            _ => false,
        }
    }

    /// Whether `reply` may go out now: not when more than `AUTO_REPLY_PER_SECOND` went out in the last
    /// second (then the pause is said once).
    pub(crate) fn admit(&mut self, reply: String, cx: &mut Cx) -> Option<String> {
        let now = cx.now;
        while self.sent_at.front().is_some_and(|&t| now.saturating_sub(t) >= 1000) {
            self.sent_at.pop_front();
        }
        if self.sent_at.len() >= AUTO_REPLY_PER_SECOND {
            if !self.paused {
                self.paused = true;
                cx.info(Info::RepliesPaused { per_second: AUTO_REPLY_PER_SECOND });
            }
            return None;
        }
        self.paused = false;
        self.sent_at.push_back(now);
        Some(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_replies_match_and_expand() {
        let rules = [
            AutoReply::new(r#""type":"ping""#, r#"{"type":"pong"}"#).unwrap(),
            AutoReply::new(r"^hello (\w+)$", "hi $1").unwrap(),
        ];
        let answer = |t: &str| rules.iter().find_map(|r| r.answer(t));
        assert_eq!(answer(r#"{"type":"ping","n":1}"#).as_deref(), Some(r#"{"type":"pong"}"#));
        assert_eq!(answer("hello world").as_deref(), Some("hi world"));
        assert_eq!(answer("nothing"), None);
        assert!(AutoReply::new("(", "x").unwrap_err().contains("not a valid regular expression"));
        assert!(AutoReply::new("", "x").is_err());
    }
}
