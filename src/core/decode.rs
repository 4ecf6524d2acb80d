//! MessagePack and CBOR payloads decoded (serde: `rmp-serde` and `ciborium`) into one value tree and
//! drawn as indented text. Pure.

use std::fmt::Write;

use super::choice::Choice;
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
            let v: Value = ciborium::de::from_reader(&mut rest).map_err(|e| format!("not CBOR: {e}"))?;
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

/// The value as indented text: JSON-like, with `h'…'` for bytes and `tag(n)` for tags.
pub fn render(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Integer(i) => {
            let n: i128 = (*i).into();
            let _ = write!(out, "{n}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Null => out.push_str("null"),
        Value::Text(t) => {
            let _ = write!(out, "{}", serde_json::Value::String(t.clone()));
        }
        Value::Bytes(b) => {
            out.push_str("h'");
            for x in b {
                let _ = write!(out, "{x:02x}");
            }
            out.push('\'');
        }
        Value::Tag(t, inner) => {
            let _ = write!(out, "tag({t}) ");
            write_value(out, inner, depth);
        }
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Map(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, val)) in entries.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, k, depth + 1);
                out.push_str(": ");
                write_value(out, val, depth + 1);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
        _ => out.push('?'),
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
        assert_eq!(render(&v.unwrap()), EXPECTED);
    }

    #[test]
    fn cbor_maps_decode_and_render() {
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&sample(), &mut bytes).unwrap();
        let (enc, v) = decode_as(&bytes, DecodeChoice::Auto).unwrap();
        assert_eq!(enc, Encoding::Cbor);
        assert_eq!(render(&v.unwrap()), EXPECTED);
    }

    #[test]
    fn bytes_tags_and_non_string_keys() {
        // CBOR: {1: h'0102', "t": 1(1700000000)}
        let bytes = [0xa2, 0x01, 0x42, 0x01, 0x02, 0x61, b't', 0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00];
        let v = decode(&bytes, Encoding::Cbor).unwrap();
        assert_eq!(render(&v), "{\n  1: h'0102',\n  \"t\": tag(1) 1700000000\n}");
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
}
