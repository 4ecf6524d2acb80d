//! Reading JSON strings and object keys: plain runs copied (or borrowed, for a key), escapes and `\u`
//! surrogate pairs decoded, every error where `serde_json` puts it. Pure.

use std::borrow::Cow;

use super::{Error, Reader};

impl<'a> Reader<'a> {
    /// After the opening quote: the string's text (`None` when only checking).
    pub(super) fn string(&mut self) -> Result<Option<String>, Error> {
        self.string_from(self.at)
    }

    /// `string`, with the plain characters from `run` to here already read.
    pub(super) fn string_from(&mut self, mut run: usize) -> Result<Option<String>, Error> {
        let mut out = self.build.then(String::new);
        loop {
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.at += 1;
            }
            if let Some(out) = out.as_mut() {
                // Runs end at ASCII bytes, so they are whole UTF-8 sequences of a `&str`.
                out.push_str(std::str::from_utf8(&self.b[run..self.at]).unwrap_or(""));
            }
            match self.peek() {
                None => return Err(self.error_here("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = self.escape()?;
                    if let Some(out) = out.as_mut() {
                        out.push(c);
                    }
                }
                Some(_) => {
                    return Err(
                        self.error_here("control character (\\u0000-\\u001F) found while parsing a string")
                    )
                }
            }
            run = self.at;
        }
    }

    /// After an object key's opening quote: the key (borrowed from the text when it has no escapes;
    /// `None` when only checking).
    pub(super) fn key(&mut self) -> Result<Option<Cow<'a, str>>, Error> {
        let run = self.at;
        while let Some(c) = self.peek() {
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            self.at += 1;
        }
        if self.peek() == Some(b'"') {
            self.at += 1;
            let b: &'a [u8] = self.b;
            // The run ends at an ASCII byte, so it is whole UTF-8 sequences of a `&str`.
            return Ok(self
                .build
                .then(|| Cow::Borrowed(std::str::from_utf8(&b[run..self.at - 1]).unwrap_or(""))));
        }
        // An escape or an error: the rest is read as a string, from where the plain run stopped.
        Ok(self.string_from(run)?.map(Cow::Owned))
    }

    /// After a backslash: the character it stands for.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(c) = self.peek() else { return Err(self.error_here("EOF while parsing a string")) };
        self.at += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(),
            _ => return Err(self.error_at(self.at - 1, "invalid escape")),
        })
    }

    /// Four hex digits; an error where the fourth is (as `serde_json` reads them, four at a time).
    fn hex4(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.b.get(self.at..self.at + 4) else {
            self.at = self.b.len();
            return Err(self.error_here("EOF while parsing a string"));
        };
        let n = digits.iter().try_fold(0, |n, &c| Some(n * 16 + (c as char).to_digit(16)?));
        self.at += 4;
        n.ok_or_else(|| self.error_at(self.at - 1, "invalid escape"))
    }

    /// After `\u`: one character, from a surrogate pair when it is one.
    fn unicode(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xDC00..=0xDFFF => return Err(self.error_at(self.at - 1, "lone leading surrogate in hex escape")),
            0xD800..=0xDBFF => {
                if self.b.get(self.at..self.at + 2) != Some(b"\\u") {
                    return Err(self.error_here("unexpected end of hex escape"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error_at(self.at - 1, "lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.error_here("invalid unicode code point"))
    }
}
