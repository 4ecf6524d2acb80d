//! Capture rules: set a variable from each received text message, by a JSON path or a regular
//! expression's group, for use in the next message sent. Pure.

use std::fmt;

use super::vars::check_name;
use crate::core::bounded_regex::BoundedRegex;

/// The longest text a JSON capture parses (a longer message is skipped by JSON rules).
pub const JSON_CAPTURE_MAX: usize = 1024 * 1024;
/// The longest value kept from a capture.
pub const VALUE_MAX: usize = 64 * 1024;
/// The most rules.
pub const RULES_MAX: usize = 64;

/// One step of a JSON path: a member or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where a rule takes its value from.
#[derive(Clone, Debug)]
pub(crate) enum From {
    /// A path such as `$.auth.token` or `items[0].id` in a JSON message.
    Json(Vec<Step>),
    /// The first group (or the whole match) of a regular expression.
    Regex(BoundedRegex),
}

/// `name = json path` or `name = regex pattern`.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub(crate) from: From,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Key(k) => write!(f, ".{k}"),
            Step::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Reads a JSON path: `$.a.b[2].c`, `a.b[2].c` or `["a key"]`-free dotted names.
pub fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut rest = path.trim().strip_prefix('$').unwrap_or(path.trim());
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("{path:?}: a [ has no ]"))?;
            let index = r[..end]
                .trim()
                .parse::<usize>()
                .map_err(|_| format!("{path:?}: [{}] is not an index", &r[..end]))?;
            steps.push(Step::Index(index));
            rest = &r[end + 1..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(format!("{path:?}: an empty name in the path"));
            }
            steps.push(Step::Key(r[..end].to_owned()));
            rest = &r[end..];
        }
        if steps.len() > 32 {
            return Err(format!("{path:?}: at most 32 steps"));
        }
    }
    if steps.is_empty() {
        return Err("an empty JSON path".to_owned());
    }
    Ok(steps)
}

/// Reads the captures editor: one `name = json path` or `name = regex pattern` a line; blank lines and
/// `#` comments skipped. Each bad line is said, by its number.
pub fn parse_rules(text: &str) -> (Vec<Rule>, Vec<String>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let n = i + 1;
        let Some((name, spec)) = trimmed.split_once('=') else {
            errors.push(format!("line {n}: not `name = json path` or `name = regex pattern`"));
            continue;
        };
        let name = name.trim();
        if let Err(why) = check_name(name) {
            errors.push(format!("line {n}: {why}"));
            continue;
        }
        let spec = spec.trim_start();
        let from = if let Some(path) = spec.strip_prefix("json ") {
            parse_path(path).map(From::Json)
        } else if let Some(pattern) = spec.strip_prefix("regex ") {
            BoundedRegex::new(pattern, false, &format!("The capture {name}")).map(From::Regex)
        } else {
            Err("say `json path` or `regex pattern` after the =".to_owned())
        };
        match from {
            Ok(from) if rules.len() < RULES_MAX => rules.push(Rule { name: name.to_owned(), from }),
            Ok(_) => errors.push(format!("line {n}: at most {RULES_MAX} capture rules")),
            Err(why) => errors.push(format!("line {n}: {why}")),
        }
    }
    (rules, errors)
}

fn keep(value: &str) -> String {
    crate::core::payload::text_head(value, VALUE_MAX).to_owned()
}

/// What `rules` capture from the received text `text`: (name, value) for each rule that matched.
pub fn apply(rules: &[Rule], text: &str) -> Vec<(String, String)> {
    let mut json: Option<Option<crate::core::json::Value>> = None;
    let mut found = Vec::new();
    for rule in rules {
        let value = match &rule.from {
            From::Regex(re) => {
                re.captures(text).and_then(|c| c.get(1).or_else(|| c.get(0))).map(|m| keep(m.as_str()))
            }
            From::Json(path) => {
                let doc = json.get_or_insert_with(|| {
                    let t = text.trim_start();
                    (text.len() <= JSON_CAPTURE_MAX && (t.starts_with('{') || t.starts_with('[')))
                        .then(|| crate::core::json::from_str(text).ok())
                        .flatten()
                });
                doc.as_ref().and_then(|d| lookup(d, path)).map(|v| match v {
                    crate::core::json::Value::String(s) => keep(s),
                    other => keep(&other.to_string()),
                })
            }
        };
        if let Some(v) = value {
            found.push((rule.name.clone(), v));
        }
    }
    found
}

fn lookup<'v>(mut v: &'v crate::core::json::Value, path: &[Step]) -> Option<&'v crate::core::json::Value> {
    for step in path {
        v = match step {
            Step::Key(k) => v.get(k.as_str())?,
            Step::Index(i) => v.at(*i)?,
        };
    }
    Some(v)
}
