//! JSON values read and written by the app itself: the lenses, the inspector's tree, the kept settings,
//! exported logs, the library and share links. Written to RFC 8259 and checked against `serde_json`
//! (which it replaced: 37 KB less WebAssembly, 6 KB gzip) in the tests: the same documents accepted and refused,
//! the same text written back. Pure.
//!
//! - A document deeper than [`MAX_DEPTH`] is refused, not recursed into.
//! - An object keeps its keys in the order they came, duplicates included (a server's frame is shown as
//!   it was); looking a key up finds the last one, as the browser's `JSON.parse` does.
//! - Numbers are integers (`u64`, `i64`) when written without a fraction or exponent and fit, `f64`
//!   otherwise, written back as the shortest text that reads as the same value (`ryu`).

mod float;
mod read;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod to_json;
mod write;

pub use read::{check, each_member, from_str, from_str_prefix, Error, MemberError};
pub(crate) use to_json::json;
pub use to_json::ToJson;

/// Objects and arrays nested this deep are refused (as `serde_json` refuses them): 127 levels are read.
pub const MAX_DEPTH: usize = 128;

/// One JSON value.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number: an integer when it was one and fits, a finite float otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(N);

#[derive(Clone, Copy, Debug, PartialEq)]
enum N {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    /// `x` as a number, or `None` when it is not finite (JSON has no NaN or infinity).
    pub fn from_f64(x: f64) -> Option<Number> {
        x.is_finite().then_some(Number(N::F(x)))
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::U(u) => Some(u),
            N::I(i) => u64::try_from(i).ok(),
            N::F(_) => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::U(u) => i64::try_from(u).ok(),
            N::I(i) => Some(i),
            N::F(_) => None,
        }
    }

    pub fn as_f64(&self) -> f64 {
        match self.0 {
            N::U(u) => u as f64,
            N::I(i) => i as f64,
            N::F(f) => f,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            N::U(u) => write!(f, "{u}"),
            N::I(i) => write!(f, "{i}"),
            // `1e+19`, as `serde_json` writes exponents.
            N::F(x) => match ryu::Buffer::new().format_finite(x).split_once('e') {
                Some((m, e)) if !e.starts_with('-') => write!(f, "{m}e+{e}"),
                _ => f.write_str(ryu::Buffer::new().format_finite(x)),
            },
        }
    }
}

/// A JSON object: its members in order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// Sets `key` (in its place when present, last otherwise); the value it had.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.0.iter_mut().rev().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Appends a member, even when its key is there already (a document read as it came; `json!`'s members,
    /// written as given, with no search).
    pub(crate) fn push(&mut self, key: String, value: Value) {
        self.0.push((key, value));
    }

    /// The value of `key` (its last member when it came more than once).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Takes every member named `key` out; the last one's value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let mut found = None;
        self.0.retain_mut(|(k, v)| {
            let hit = k == key;
            if hit {
                found = Some(std::mem::take(v));
            }
            !hit
        });
        found
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members in order, duplicates included.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<T: IntoIterator<Item = (String, Value)>>(iter: T) -> Map {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The member `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.as_object_mut().and_then(|o| o.get_mut(key))
    }

    /// The `i`th item of an array; `None` for anything else.
    pub fn at(&self, i: usize) -> Option<&Value> {
        self.as_array().and_then(|a| a.get(i))
    }

    /// The value, leaving `null` in its place.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }

    /// The value written with two spaces of indentation a level.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write::value(&mut out, self, Some(0));
        out
    }
}

impl std::fmt::Display for Value {
    /// The value written compactly, as `JSON.stringify` does.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write::value(&mut out, self, None);
        f.write_str(&out)
    }
}

/// The text of `s` as a JSON string, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write::string(&mut out, s);
    out
}

/// Appends `s` to `out` as a JSON string, quotes included.
pub fn quote_into(out: &mut String, s: &str) {
    write::string(out, s);
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<i32> for Value {
    fn eq(&self, other: &i32) -> bool {
        self.as_i64() == Some(i64::from(*other))
    }
}

impl PartialEq<u64> for Value {
    fn eq(&self, other: &u64) -> bool {
        self.as_u64() == Some(*other)
    }
}

static NULL: Value = Value::Null;

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// The member `key`, or `null` when there is none or this is not an object.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::IndexMut<&str> for Value {
    /// The member `key`, added as `null` when missing; `null` becomes an empty object first.
    /// Panics on any other kind of value (as `serde_json` does): only used on objects the app built.
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if self.is_null() {
            *self = Value::Object(Map::new());
        }
        let Value::Object(o) = self else { panic!("not a JSON object") };
        if !o.contains_key(key) {
            o.push(key.to_owned(), Value::Null);
        }
        o.get_mut(key).expect("just added")
    }
}
