//! MessagePack and CBOR payloads decoded into one value tree and drawn as indented text. Pure.
//!
//! The decoders are written to the specs (RFC 8949 for CBOR, msgpack/spec.md for MessagePack), reading a
//! borrowed slice: nothing is allocated for a length the bytes do not hold. Their results are checked
//! against `ciborium` and `rmp-serde` (which they replaced, for ~50 KB of WebAssembly) in the tests.

use std::fmt::Write;

use super::choice::Choice;
use super::payload::text_head;

/// A decoded value: what CBOR and MessagePack have in common (a MessagePack extension is the array
/// `[type, bytes]`; CBOR's `undefined` is `Null`).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Integer(i128),
    Float(f64),
    Bool(bool),
    Null,
    Text(String),
    Bytes(Vec<u8>),
    Tag(u64, Box<Value>),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

/// The binary encodings Sockpit can decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    MessagePack,
    Cbor,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::MessagePack => "MessagePack",
            Encoding::Cbor => "CBOR",
        }
    }
}

/// How the user wants binary payloads decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DecodeChoice {
    /// Whichever encoding parses the whole payload into a map or array.
    #[default]
    Auto,
    Only(Encoding),
    Off,
}

impl Choice for DecodeChoice {
    const ALL: &'static [Self] = &[
        DecodeChoice::Auto,
        DecodeChoice::Only(Encoding::MessagePack),
        DecodeChoice::Only(Encoding::Cbor),
        DecodeChoice::Off,
    ];

    fn value(self) -> &'static str {
        match self {
            DecodeChoice::Auto => "auto",
            DecodeChoice::Only(Encoding::MessagePack) => "msgpack",
            DecodeChoice::Only(Encoding::Cbor) => "cbor",
            DecodeChoice::Off => "off",
        }
    }

    fn label(self) -> &'static str {
        match self {
            DecodeChoice::Auto => "auto",
            DecodeChoice::Only(Encoding::MessagePack) => "MessagePack",
            DecodeChoice::Only(Encoding::Cbor) => "CBOR",
            DecodeChoice::Off => "don't decode",
        }
    }
}

mod cbor;
mod msgpack;

/// Decodes all of `bytes` as `enc`; trailing bytes are an error.
pub fn decode(bytes: &[u8], enc: Encoding) -> Result<Value, String> {
    let mut r = Reader { bytes, at: 0 };
    let v = match enc {
        Encoding::Cbor => cbor::value(&mut r, 0),
        Encoding::MessagePack => msgpack::value(&mut r, 0),
    };
    let name = enc.name();
    let v = v.map_err(|e| format!("not {name}: {e}"))?;
    match bytes.len() - r.at {
        0 => Ok(v),
        left => Err(format!("not {name}: {left} bytes left after the first value")),
    }
}

/// The bytes being decoded, and how far.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

pub(super) const ENDS_EARLY: &str = "the bytes end inside a value";

impl<'a> Reader<'a> {
    pub(super) fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    /// The next `n` bytes (a length read from the bytes: checked against what is left before any use).
    pub(super) fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        let n = usize::try_from(n).ok().filter(|&n| n <= self.left()).ok_or(ENDS_EARLY)?;
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    pub(super) fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// A big-endian unsigned number of `n` (1, 2, 4 or 8) bytes.
    pub(super) fn uint(&mut self, n: u64) -> Result<u64, String> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }
}

/// Room made up front for `n` items declared by the bytes, each taking at least `each` bytes: never more
/// than what is left could hold, nor than a modest start (a false count costs nothing; a true one grows).
pub(super) fn capacity(n: u64, r: &Reader, each: usize) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).min(r.left() / each).min(1024)
}

pub(super) fn deeper(depth: usize) -> Result<usize, String> {
    if depth >= MAX_DEPTH {
        Err(format!("nested past the depth limit of {MAX_DEPTH}"))
    } else {
        Ok(depth + 1)
    }
}

/// Text, or (as `rmp-serde` gave it) bytes when it is not UTF-8.
pub(super) fn text_or_bytes(b: &[u8]) -> Value {
    match std::str::from_utf8(b) {
        Ok(t) => Value::Text(t.to_owned()),
        Err(_) => Value::Bytes(b.to_vec()),
    }
}

/// The decoding `choice` asks for: under `Auto`, only a whole-payload map or array counts (a lone number
/// or string "parses" from almost any bytes, so it proves nothing).
pub fn decode_as(bytes: &[u8], choice: DecodeChoice) -> Option<(Encoding, Result<Value, String>)> {
    match choice {
        DecodeChoice::Off => None,
        DecodeChoice::Only(enc) => Some((enc, decode(bytes, enc))),
        DecodeChoice::Auto => {
            [Encoding::Cbor, Encoding::MessagePack].into_iter().find_map(|enc| match decode(bytes, enc) {
                Ok(v @ (Value::Map(_) | Value::Array(_) | Value::Tag(..))) => Some((enc, Ok(v))),
                _ => None,
            })
        }
    }
}

/// Payloads up to this size are decoded for the detail view (the value tree costs ~40 bytes a value).
pub const DECODE_MAX: usize = 1024 * 1024;

/// What the detail view shows of `bytes` decoded as `choice` asks: the encoding and its text (capped at
/// `RENDER_MAX`), or why it is not that encoding; `None` when not decoded at all.
pub fn decode_view(bytes: &[u8], choice: DecodeChoice) -> Option<(Encoding, Result<Rendered, String>)> {
    decode_as(bytes, choice).map(|(enc, r)| (enc, r.map(|v| render(&v, RENDER_MAX))))
}

/// How deep a decoded value may nest (deeper is an error, not a stack overflow).
pub(crate) const MAX_DEPTH: usize = 128;
/// The most characters `render` writes.
pub const RENDER_MAX: usize = 256 * 1024;
/// Indentation stops growing past this depth, so it never multiplies the payload.
const MAX_INDENT: usize = 16;

/// A value drawn as text, and whether it was cut at `RENDER_MAX`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub cut: bool,
}

/// The value as indented text: JSON-like, with `h'…'` for bytes and `tag(n)` for tags; at most `max`
/// characters (then cut, and said so).
pub fn render(v: &Value, max: usize) -> Rendered {
    let mut w = Writer { out: String::new(), max, cut: false };
    w.value(v, 0);
    Rendered { text: w.out, cut: w.cut }
}

struct Writer {
    out: String,
    max: usize,
    cut: bool,
}

impl Writer {
    /// Whether there is room for more; notes the cut once there is not.
    fn room(&mut self) -> bool {
        if self.out.len() >= self.max {
            self.cut = true;
        }
        !self.cut
    }

    fn push(&mut self, s: &str) {
        if self.room() {
            let head = text_head(s, self.max - self.out.len());
            self.out.push_str(head);
            if head.len() < s.len() {
                self.cut = true;
            }
        }
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth.min(MAX_INDENT) {
            self.push("  ");
        }
    }

    fn value(&mut self, v: &Value, depth: usize) {
        if !self.room() {
            return;
        }
        match v {
            Value::Integer(i) => self.push(&i.to_string()),
            Value::Float(f) => self.push(&super::number::shortest(*f)),
            Value::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Value::Null => self.push("null"),
            Value::Text(t) => {
                // Escape no more of a long text than can be shown.
                let head = text_head(t, self.max.saturating_sub(self.out.len()) + 1);
                self.push(&crate::core::json::quote(head));
                if head.len() < t.len() {
                    self.cut = true;
                }
            }
            Value::Bytes(b) => {
                self.push("h'");
                for x in b {
                    if !self.room() {
                        return;
                    }
                    let _ = write!(self.out, "{x:02x}");
                }
                self.push("'");
            }
            Value::Tag(t, inner) => {
                self.push(&format!("tag({t}) "));
                self.value(inner, depth);
            }
            Value::Array(items) if items.is_empty() => self.push("[]"),
            Value::Array(items) => {
                self.push("[\n");
                for (i, item) in items.iter().enumerate() {
                    self.indent(depth + 1);
                    self.value(item, depth + 1);
                    self.push(if i + 1 < items.len() { ",\n" } else { "\n" });
                    if !self.room() {
                        return;
                    }
                }
                self.indent(depth);
                self.push("]");
            }
            Value::Map(entries) if entries.is_empty() => self.push("{}"),
            Value::Map(entries) => {
                self.push("{\n");
                for (i, (k, val)) in entries.iter().enumerate() {
                    self.indent(depth + 1);
                    self.value(k, depth + 1);
                    self.push(": ");
                    self.value(val, depth + 1);
                    self.push(if i + 1 < entries.len() { ",\n" } else { "\n" });
                    if !self.room() {
                        return;
                    }
                }
                self.indent(depth);
                self.push("}");
            }
        }
    }
}

// Native only: they check the decoders against `ciborium` and `rmp-serde`, native dev-dependencies.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
