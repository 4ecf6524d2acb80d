//! Reading JSON text: one pass over the bytes, recursion bounded by `MAX_DEPTH`, every error with the
//! line and column where it was found (counted as `serde_json` counts them: bytes, from 1). Pure.

use std::borrow::Cow;

use super::{Map, Number, Value, MAX_DEPTH, N};

mod string;

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: &'static str,
    line: usize,
    column: usize,
}

impl Error {
    /// What was wrong, without the position: `expected value`, `EOF while parsing a string`.
    pub fn message(&self) -> &'static str {
        self.message
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The byte on that line, from 1 (0 for an empty text).
    pub fn column(&self) -> usize {
        self.column
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

/// The one JSON value `text` holds (whitespace around it allowed).
pub fn from_str(text: &str) -> Result<Value, Error> {
    whole(text, true)
}

/// Whether `text` holds one JSON value, without building it (nothing is allocated).
pub fn check(text: &str) -> Result<(), Error> {
    whole(text, false).map(|_| ())
}

/// The JSON value at the start of `text` (after whitespace) and the byte just after it; what follows
/// is not read.
pub fn from_str_prefix(text: &str) -> Result<(Value, usize), Error> {
    let mut r = Reader { b: text.as_bytes(), at: 0, build: true, depth: 0 };
    let v = r.value()?;
    Ok((v, r.at))
}

/// Why `each_member` stopped: the text is not JSON, or not an object, or `each` refused a member.
#[derive(Debug, PartialEq)]
pub enum MemberError<E> {
    Json(Error),
    NotAnObject,
    Refused(E),
}

/// Reads `text` as one JSON object (whitespace around it allowed) and hands each member to `each` in
/// order as it is read, the object itself never built (a key without escapes is not copied). Stops at
/// the first error: the text's, or `each`'s.
pub fn each_member<E>(
    text: &str,
    mut each: impl FnMut(&str, Value) -> Result<(), E>,
) -> Result<(), MemberError<E>> {
    let mut r = Reader { b: text.as_bytes(), at: 0, build: true, depth: 1 };
    r.skip_ws();
    if r.peek() != Some(b'{') {
        return Err(from_str(text).err().map_or(MemberError::NotAnObject, MemberError::Json));
    }
    r.at += 1;
    match r.members(|key, v| each(key.as_deref().unwrap_or_default(), v)) {
        Err(e) => return Err(MemberError::Json(e)),
        Ok(Err(e)) => return Err(MemberError::Refused(e)),
        Ok(Ok(())) => {}
    }
    r.skip_ws();
    match r.at < r.b.len() {
        true => Err(MemberError::Json(r.error_here("trailing characters"))),
        false => Ok(()),
    }
}

fn whole(text: &str, build: bool) -> Result<Value, Error> {
    let mut r = Reader { b: text.as_bytes(), at: 0, build, depth: 0 };
    let v = r.value()?;
    r.skip_ws();
    match r.at < r.b.len() {
        true => Err(r.error_here("trailing characters")),
        false => Ok(v),
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    /// Build the value (or only check it).
    build: bool,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// An error found on reading the byte `at` (that byte counted, so a newline starts the next line),
    /// or at the end when `at` is past it.
    fn error_at(&self, at: usize, message: &'static str) -> Error {
        let read = &self.b[..(at + 1).min(self.b.len())];
        let line = 1 + read.iter().filter(|&&c| c == b'\n').count();
        let start = read.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        Error { message, line, column: read.len() - start }
    }

    fn error_here(&self, message: &'static str) -> Error {
        self.error_at(self.at, message)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error_here("EOF while parsing a value")),
            Some(b'n') => self.word(b"null", Value::Null),
            Some(b't') => self.word(b"true", Value::Bool(true)),
            Some(b'f') => self.word(b"false", Value::Bool(false)),
            Some(b'"') => {
                self.at += 1;
                self.string().map(|s| s.map_or(Value::Null, Value::String))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(_) => Err(self.error_here("expected value")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth + 1 >= MAX_DEPTH {
            return Err(self.error_here("recursion limit exceeded"));
        }
        self.depth += 1;
        self.at += 1;
        let v = read(self);
        self.depth -= 1;
        v
    }

    fn word(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
        for &w in word {
            match self.peek() {
                None => return Err(self.error_here("EOF while parsing a value")),
                Some(c) if c == w => self.at += 1,
                Some(_) => return Err(self.error_here("expected ident")),
            }
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - from
    }

    fn number(&mut self) -> Result<Value, Error> {
        let from = self.at;
        let negative = self.peek() == Some(b'-');
        self.at += usize::from(negative);
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_here("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.error_here("EOF while parsing a value")),
            Some(_) => return Err(self.error_here("invalid number")),
        }
        let int_end = self.at;
        let mut float = false;
        let mut past_range = None;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            if self.digits() == 0 {
                return Err(self.number_end_error());
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            // Where the exponent passes i32's range: where `serde_json` says a number is out of it.
            let mut exp: u32 = 0;
            let from_digits = self.at;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                exp = exp.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                if exp > i32::MAX as u32 && past_range.is_none() {
                    past_range = Some(self.at);
                }
                self.at += 1;
            }
            if self.at == from_digits {
                return Err(self.number_end_error());
            }
        }
        if !self.build {
            return Ok(Value::Null);
        }
        let text = std::str::from_utf8(&self.b[from..self.at]).unwrap_or("");
        if !float {
            let digits = &self.b[from + usize::from(negative)..int_end];
            let magnitude =
                digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')));
            match (negative, magnitude) {
                (false, Some(u)) => return Ok(Value::Number(Number(N::U(u)))),
                // `-0` is the float -0.0, as `serde_json` reads it.
                (true, Some(0)) => return Ok(Value::Number(Number(N::F(-0.0)))),
                (true, Some(u)) if u <= 1 << 63 => {
                    return Ok(Value::Number(Number(N::I((u as i64).wrapping_neg()))));
                }
                _ => {}
            }
        }
        match super::float::parse(text) {
            Some(x) => Ok(Value::Number(Number(N::F(x)))),
            None => Err(self.error_at(past_range.unwrap_or(self.at - 1), "number out of range")),
        }
    }

    fn number_end_error(&self) -> Error {
        match self.peek() {
            None => self.error_here("EOF while parsing a value"),
            Some(_) => self.error_here("invalid number"),
        }
    }

    /// After `[`.
    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.skip_ws();
        match self.peek() {
            None => return Err(self.error_here("EOF while parsing a list")),
            Some(b']') => {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            Some(_) => {}
        }
        loop {
            let v = self.value()?;
            if self.build {
                items.push(v);
            }
            if self.closes(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                return Ok(Value::Array(items));
            }
        }
    }

    /// After an array's item or an object's member: whether `close` ends it (read), or a comma and
    /// another item follow (the comma read).
    fn closes(&mut self, close: u8, eof: &'static str, expected: &'static str) -> Result<bool, Error> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error_here(eof)),
            Some(c) if c == close => {
                self.at += 1;
                Ok(true)
            }
            Some(b',') => {
                self.at += 1;
                self.skip_ws();
                match self.peek() {
                    None => Err(self.error_here("EOF while parsing a value")),
                    Some(c) if c == close => Err(self.error_here("trailing comma")),
                    Some(_) => Ok(false),
                }
            }
            Some(_) => Err(self.error_here(expected)),
        }
    }

    /// After `{`.
    fn object(&mut self) -> Result<Value, Error> {
        let mut map = Map::new();
        let kept: Result<(), std::convert::Infallible> = self.members(|key, v| {
            if let Some(key) = key {
                map.push(key.into_owned(), v);
            }
            Ok(())
        })?;
        kept.map_or_else(|never| match never {}, |()| Ok(Value::Object(map)))
    }

    /// After `{`: each member's key and value handed to `each` in order (no key, and `null`, when only
    /// checking), through the closing `}`. The outer error is the text's; the inner one `each`'s.
    fn members<E>(
        &mut self,
        mut each: impl FnMut(Option<Cow<'a, str>>, Value) -> Result<(), E>,
    ) -> Result<Result<(), E>, Error> {
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Ok(()));
        }
        loop {
            match self.peek() {
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(b'"') => self.at += 1,
                Some(_) => return Err(self.error_here("key must be a string")),
            }
            let key = self.key()?;
            self.skip_ws();
            match self.peek() {
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.error_here("expected `:`")),
            }
            let v = self.value()?;
            if let Err(e) = each(key, v) {
                return Ok(Err(e));
            }
            if self.closes(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                return Ok(Ok(()));
            }
        }
    }
}
