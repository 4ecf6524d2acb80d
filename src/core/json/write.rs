//! Writing JSON text, compact or indented by two spaces, escaped as `serde_json` and `JSON.stringify`
//! escape: quotes, backslashes and control characters; everything else as it is. Pure.

use super::Value;

/// Appends `v`; indented (by two spaces a level, from `indent`) when `indent` is `Some`.
pub(super) fn value(out: &mut String, v: &Value, indent: Option<usize>) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separate(out, i, indent);
                value(out, item, indent.map(|d| d + 1));
            }
            close(out, !items.is_empty(), indent, ']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                separate(out, i, indent);
                string(out, k);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                value(out, item, indent.map(|d| d + 1));
            }
            close(out, !map.is_empty(), indent, '}');
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Before the `i`th item: a comma after the first, then its line when indented.
fn separate(out: &mut String, i: usize, indent: Option<usize>) {
    if i > 0 {
        out.push(',');
    }
    if let Some(d) = indent {
        newline(out, d + 1);
    }
}

fn close(out: &mut String, any: bool, indent: Option<usize>, bracket: char) {
    if let (true, Some(d)) = (any, indent) {
        newline(out, d);
    }
    out.push(bracket);
}

/// Appends `s` as a JSON string, quotes included.
pub(super) fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        run = i + 1;
        match escaped {
            "" => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
            e => out.push_str(e),
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}
