//! Sharing a workspace: its URL, subprotocols, library items, variables (never the secret ones) and
//! rules, as a link whose fragment carries them compressed (a fragment is never sent to any server), or
//! as a workspace file when too big for a link. What arrives is listed before it is imported, and its
//! rules arrive switched off. Pure.

use crate::core::json::{json, Value};

use super::library::{Item, Library};
use super::vars::{check_name, UserVar};
use crate::core::payload::{parse_base64, to_base64};

/// The longest fragment a link carries (browsers take far more; chat tools and mail cut long links).
pub const LINK_MAX: usize = 16_000;
/// The most a shared workspace may inflate to.
pub const INFLATED_MAX: usize = 4 * 1024 * 1024;
/// Why a link's bytes could not be inflated (the browser's reason is not the user's concern).
pub const NOT_INFLATED: &str = "the link is damaged (it does not inflate, or to over 4 MB)";
/// The fragment's prefix: `#share=`.
pub const FRAGMENT_KEY: &str = "share=";

/// What a link or workspace file carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    pub url: String,
    pub protocols: String,
    pub items: Vec<Item>,
    /// Never secret ones.
    pub variables: Vec<(String, String)>,
    /// The capture rules' text.
    pub captures: String,
    /// Auto-reply rules: (pattern, reply).
    pub replies: Vec<(String, String)>,
    /// The on-connect sequence's text.
    pub sequence: String,
}

/// Why a workspace did not become a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The link would be this long: offer a file instead.
    TooBig { chars: usize },
}

impl Shared {
    /// The variables to share: every one not marked secret.
    pub fn public_variables(vars: &[UserVar]) -> Vec<(String, String)> {
        vars.iter().filter(|v| !v.secret).map(|v| (v.name.clone(), v.value.clone())).collect()
    }

    pub fn to_json(&self, kind: &str) -> Value {
        json!({
            "sockpit": kind,
            "version": 1,
            "url": self.url,
            "protocols": self.protocols,
            "items": Library::to_json(&self.items),
            "variables": self.variables.iter().map(|(n, v)| json!({ "name": n, "value": v })).collect::<Vec<_>>(),
            "captures": self.captures,
            "replies": self.replies.iter().map(|(p, r)| json!({ "pattern": p, "reply": r })).collect::<Vec<_>>(),
            "sequence": self.sequence,
        })
    }

    /// Reads a shared workspace; what cannot be read is named (and left out).
    pub fn from_json(doc: &Value) -> Result<(Shared, Vec<String>), String> {
        if !doc.is_object() {
            return Err("it is not a Sockpit workspace".to_owned());
        }
        if let Some(v) = doc.get("version").and_then(Value::as_u64) {
            if v > 1 {
                return Err(format!(
                    "it was written by a newer Sockpit (version {v}); this one reads version 1"
                ));
            }
        }
        let text = |key: &str, max: usize| -> String {
            let s = doc.get(key).and_then(Value::as_str).unwrap_or_default();
            crate::core::payload::text_head(s, max).to_owned()
        };
        let mut errors = Vec::new();
        let (items, item_errors) = match doc.get("items") {
            Some(list) => Library::items_from_json(list),
            None => (Vec::new(), Vec::new()),
        };
        errors.extend(item_errors);
        let mut variables = Vec::new();
        for v in doc.get("variables").and_then(Value::as_array).into_iter().flatten().take(1000) {
            match (v.get("name").and_then(Value::as_str), v.get("value").and_then(Value::as_str)) {
                (Some(n), Some(val))
                    if check_name(n).is_ok() && val.len() <= 64 * 1024 && !val.contains('\n') =>
                {
                    variables.push((n.to_owned(), val.to_owned()))
                }
                _ => errors.push("a variable (a name and a one-line value are needed)".to_owned()),
            }
        }
        let mut replies = Vec::new();
        for r in doc.get("replies").and_then(Value::as_array).into_iter().flatten().take(100) {
            match (r.get("pattern").and_then(Value::as_str), r.get("reply").and_then(Value::as_str)) {
                (Some(p), Some(rep)) if p.len() <= 2000 && rep.len() <= 64 * 1024 => {
                    replies.push((p.to_owned(), rep.to_owned()))
                }
                _ => errors.push("an auto-reply rule (a pattern and a reply are needed)".to_owned()),
            }
        }
        let shared = Shared {
            url: text("url", 2048),
            protocols: text("protocols", 1024),
            items,
            variables,
            captures: text("captures", 64 * 1024),
            replies,
            sequence: text("sequence", 64 * 1024),
        };
        Ok((shared, errors))
    }

    /// What a link carries before the browser deflates it (raw DEFLATE, RFC 1951: `CompressionStream`'s
    /// `deflate-raw`): the workspace as JSON.
    pub fn link_json(&self) -> Vec<u8> {
        self.to_json("share").to_string().into_bytes()
    }

    /// The link's fragment (without `#`) for the workspace's deflated JSON: `share=` and the bytes
    /// base64url-encoded. Too long a link is refused, naming its length.
    pub fn fragment_of(deflated: &[u8]) -> Result<String, ShareError> {
        let encoded: String = to_base64(deflated)
            .chars()
            .filter(|&c| c != '=')
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
        let fragment = format!("{FRAGMENT_KEY}{encoded}");
        if fragment.len() > LINK_MAX {
            return Err(ShareError::TooBig { chars: fragment.len() });
        }
        Ok(fragment)
    }

    /// The deflated bytes a link's fragment (with or without `#`) carries, for the browser to inflate
    /// (to at most `INFLATED_MAX` bytes); `None` when it is not a share.
    pub fn deflated_of(fragment: &str) -> Option<Result<Vec<u8>, String>> {
        let data = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(FRAGMENT_KEY)?;
        if data.len() > LINK_MAX * 2 {
            return Some(Err("the link is too long to be a Sockpit share".to_owned()));
        }
        let standard: String = data
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        let padded = format!("{standard}{}", "=".repeat((4 - standard.len() % 4) % 4));
        Some(parse_base64(&padded).map_err(|_| "the link is damaged (not base64url)".to_owned()))
    }

    /// What a link brought, from its inflated JSON.
    pub fn from_inflated(json: &[u8]) -> Result<(Shared, Vec<String>), String> {
        let doc = std::str::from_utf8(json)
            .ok()
            .and_then(|t| crate::core::json::from_str(t).ok())
            .ok_or_else(|| "the link is damaged (not JSON)".to_owned())?;
        Shared::from_json(&doc)
    }

    /// What the link brings, for people, before it is imported.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.url.is_empty() {
            let protocols = if self.protocols.is_empty() {
                String::new()
            } else {
                format!(" (subprotocols {})", self.protocols)
            };
            lines.push(format!("URL {}{protocols}", self.url));
        }
        if !self.items.is_empty() {
            let names: Vec<&str> = self.items.iter().take(10).map(|i| i.name.as_str()).collect();
            let more = if self.items.len() > 10 {
                format!(" and {} more", self.items.len() - 10)
            } else {
                String::new()
            };
            lines.push(format!("{} library messages: {}{more}", self.items.len(), names.join(", ")));
        }
        if !self.variables.is_empty() {
            let names: Vec<&str> = self.variables.iter().map(|(n, _)| n.as_str()).collect();
            lines.push(format!("{} variables: {}", names.len(), names.join(", ")));
        }
        let rules = self
            .captures
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        if rules > 0 {
            lines.push(format!("{rules} capture rules (arrive switched off)"));
        }
        if !self.replies.is_empty() {
            lines.push(format!("{} auto-reply rules (arrive switched off)", self.replies.len()));
        }
        if !self.sequence.trim().is_empty() {
            lines.push(format!(
                "an on-connect sequence of {} steps (arrives switched off)",
                self.sequence.lines().filter(|l| !l.trim().is_empty()).count()
            ));
        }
        lines
    }
}
