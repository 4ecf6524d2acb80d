//! JSON text re-indented for people in one pass over the text, with indentation capped and the output
//! cut at a size: no value tree is built, so a hostile document costs no more than what is shown. Pure.

use super::decode::Rendered;

/// Indentation stops growing past this depth, so it never multiplies the payload.
const MAX_INDENT: usize = 16;

/// `json` (already known to be valid JSON) indented by two spaces per level, at most `max` bytes.
pub fn reindent_json(json: &str, max: usize) -> Rendered {
    let mut out = String::with_capacity(json.len().min(max) + 64);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth.min(MAX_INDENT) {
            out.push_str("  ");
        }
    };
    let mut chars = json.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if out.len() >= max {
            return Rendered { text: cut_at(out, max), cut: true };
        }
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line.
                while chars.peek().is_some_and(|(_, n)| n.is_ascii_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|&(_, n)| n == '}' || n == ']') {
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                if !(out.ends_with('{') || out.ends_with('[')) {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    let cut = out.len() > max;
    Rendered { text: if cut { cut_at(out, max) } else { out }, cut }
}

fn cut_at(mut s: String, max: usize) -> String {
    s.truncate(super::payload::text_head(&s, max).len());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_like_serde_json_for_ordinary_documents() {
        for doc in [
            r#"{"a":[1,2,{"b":"x, y: {z}"}],"c":{},"d":[],"e":"q\"uote"}"#,
            r#"[ {"k" : true} , null ]"#,
            r#""just a string""#,
        ] {
            let v: serde_json::Value = serde_json::from_str(doc).unwrap();
            let r = reindent_json(doc, usize::MAX);
            assert!(!r.cut);
            assert_eq!(r.text, serde_json::to_string_pretty(&v).unwrap(), "{doc}");
        }
    }

    #[test]
    fn hostile_shapes_stay_within_bounds() {
        let deep = format!("{}{}{}", "[".repeat(127), "0,".repeat(200_000) + "0", "]".repeat(127));
        let r = reindent_json(&deep, 64 * 1024);
        assert!(r.cut);
        assert!(r.text.len() <= 64 * 1024);
        assert!(r.text.lines().all(|l| l.len() <= 2 * MAX_INDENT + 8));
        let r = reindent_json(&format!("\"{}\"", "é".repeat(100)), 11);
        assert!(r.cut && r.text.len() <= 11);
    }
}
