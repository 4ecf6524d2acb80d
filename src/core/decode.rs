//! MessagePack and CBOR payloads decoded (serde: `rmp-serde` and `ciborium`) into one value tree and
//! drawn as indented text. Pure.

use std::fmt::Write;

use super::choice::Choice;
use super::payload::text_head;
use ciborium::Value;

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

/// Decodes all of `bytes` as `enc`; trailing bytes are an error.
pub fn decode(bytes: &[u8], enc: Encoding) -> Result<Value, String> {
    match enc {
        Encoding::Cbor => {
            let mut rest = bytes;
            let v: Value = ciborium::de::from_reader_with_recursion_limit(&mut rest, MAX_DEPTH)
                .map_err(|e| format!("not CBOR: {e}"))?;
            if rest.is_empty() {
                Ok(v)
            } else {
                Err(format!("not CBOR: {} bytes left after the first value", rest.len()))
            }
        }
        Encoding::MessagePack => {
            let mut cursor = std::io::Cursor::new(bytes);
            let v: Value = {
                let mut de = rmp_serde::Deserializer::new(&mut cursor);
                // Deep nesting recurses: stop well before the stack does.
                de.set_max_depth(MAX_DEPTH);
                serde::Deserialize::deserialize(&mut de).map_err(|e| format!("not MessagePack: {e}"))?
            };
            let left = bytes.len() - cursor.position() as usize;
            if left == 0 {
                Ok(v)
            } else {
                Err(format!("not MessagePack: {left} bytes left after the first value"))
            }
        }
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
            Value::Integer(i) => self.push(&i128::from(*i).to_string()),
            Value::Float(f) => self.push(&super::number::shortest(*f)),
            Value::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Value::Null => self.push("null"),
            Value::Text(t) => {
                // Escape no more of a long text than can be shown.
                let head = text_head(t, self.max.saturating_sub(self.out.len()) + 1);
                self.push(&serde_json::Value::String(head.to_owned()).to_string());
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
            _ => self.push("?"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Sample {
        id: u32,
        name: String,
        tags: Vec<String>,
        ok: bool,
        ratio: f64,
    }

    fn sample() -> Sample {
        Sample { id: 7, name: "héllo".into(), tags: vec!["a".into(), "b".into()], ok: true, ratio: 0.5 }
    }

    const EXPECTED: &str = "{\n  \"id\": 7,\n  \"name\": \"héllo\",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"ok\": true,\n  \"ratio\": 0.5\n}";

    #[test]
    fn messagepack_maps_decode_and_render() {
        let bytes = rmp_serde::to_vec_named(&sample()).unwrap();
        let (enc, v) = decode_as(&bytes, DecodeChoice::Auto).unwrap();
        assert_eq!(enc, Encoding::MessagePack);
        assert_eq!(render(&v.unwrap(), RENDER_MAX).text, EXPECTED);
    }

    #[test]
    fn cbor_maps_decode_and_render() {
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&sample(), &mut bytes).unwrap();
        let (enc, v) = decode_as(&bytes, DecodeChoice::Auto).unwrap();
        assert_eq!(enc, Encoding::Cbor);
        assert_eq!(render(&v.unwrap(), RENDER_MAX).text, EXPECTED);
    }

    #[test]
    fn bytes_tags_and_non_string_keys() {
        // CBOR: {1: h'0102', "t": 1(1700000000)}
        let bytes = [0xa2, 0x01, 0x42, 0x01, 0x02, 0x61, b't', 0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00];
        let v = decode(&bytes, Encoding::Cbor).unwrap();
        assert_eq!(render(&v, RENDER_MAX).text, "{\n  1: h'0102',\n  \"t\": tag(1) 1700000000\n}");
    }

    #[test]
    fn auto_ignores_bytes_that_are_not_a_structure() {
        assert!(decode_as(&[0x00], DecodeChoice::Auto).is_none(), "a lone 0 parses but proves nothing");
        assert!(decode_as(b"plain text here", DecodeChoice::Auto).is_none());
        assert!(decode_as(&[0x89, b'P', b'N', b'G'], DecodeChoice::Auto).is_none());
        assert!(decode_as(&[0x91, 0x01], DecodeChoice::Off).is_none());
    }

    #[test]
    fn trailing_and_truncated_bytes_are_errors() {
        let mut bytes = rmp_serde::to_vec_named(&sample()).unwrap();
        bytes.push(0x00);
        let err = decode(&bytes, Encoding::MessagePack).unwrap_err();
        assert!(err.contains("1 bytes left"), "{err}");
        let truncated = &bytes[..bytes.len() - 4];
        assert!(decode(truncated, Encoding::MessagePack).is_err());
        assert!(decode(&[0xa2, 0x01], Encoding::Cbor).is_err());
        match decode_as(&[0xff, 0xff], DecodeChoice::Only(Encoding::Cbor)) {
            Some((Encoding::Cbor, Err(e))) => assert!(e.starts_with("not CBOR")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn choices_round_trip() {
        for &c in DecodeChoice::ALL {
            assert_eq!(DecodeChoice::from_value(c.value()), Some(c));
        }
    }

    /// MessagePack: `depth` one-element arrays around an array of `width` nils.
    fn deep_around_wide(depth: usize, width: u32) -> Vec<u8> {
        let mut b = vec![0x91; depth];
        b.push(0xdd);
        b.extend(width.to_be_bytes());
        b.extend(std::iter::repeat_n(0xc0, width as usize));
        b
    }

    #[test]
    fn deep_and_wide_values_render_within_bounds() {
        // Nesting past the limit is an error, not a stack overflow.
        assert!(decode(&deep_around_wide(1000, 10), Encoding::MessagePack).unwrap_err().contains("depth"));
        let mut cbor = vec![0x81; 1000];
        cbor.push(0xf6);
        assert!(decode(&cbor, Encoding::Cbor).is_err());
        // Within it, the text never outgrows the cap, and the cut is said.
        let v = decode(&deep_around_wide(100, 200_000), Encoding::MessagePack).unwrap();
        let r = render(&v, RENDER_MAX);
        assert!(r.cut);
        assert!(r.text.len() <= RENDER_MAX);
        let longest = r.text.lines().map(str::len).max().unwrap();
        assert!(longest <= 2 * MAX_INDENT + 8, "indentation is capped: {longest}");
        let small = render(&Value::Text("é".repeat(10)), 7);
        assert!(small.cut && small.text.len() <= 7, "{small:?}");
    }
}
