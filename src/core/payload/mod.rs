//! Message payloads: text or binary, the send formats (text, JSON, hex, base64) and their parsers,
//! hex/base64/UTF-8 views and image sniffing. Pure.

use std::fmt;

pub use super::bytes::Bytes;
use super::choice::Choice;

/// One WebSocket message's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    Text(String),
    Binary(Bytes),
}

impl Payload {
    /// Payload size in bytes (UTF-8 bytes for text).
    pub fn len(&self) -> usize {
        match self {
            Payload::Text(t) => t.len(),
            Payload::Binary(b) => b.len(),
        }
    }

    /// Whether the payload has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `text` or `binary`, as in the contract's `data-format`.
    pub fn format_name(&self) -> &'static str {
        match self {
            Payload::Text(_) => "text",
            Payload::Binary(_) => "binary",
        }
    }
}

/// How the composer's text is turned into a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SendFormat {
    #[default]
    Text,
    Json,
    Hex,
    Base64,
    /// `["event", ...args]`, sent as a Socket.IO EVENT by the lens.
    SocketIo,
    /// A GraphQL document (then optionally `---` and JSON variables), sent as `subscribe`/`start`.
    Graphql,
    /// `method` then a JSON params value, sent as a JSON-RPC request.
    JsonRpc,
}

impl SendFormat {
    /// Whether the lens encodes this format (the draft is a protocol message, not a frame).
    pub fn is_protocol(self) -> bool {
        matches!(self, SendFormat::SocketIo | SendFormat::Graphql | SendFormat::JsonRpc)
    }
}

impl Choice for SendFormat {
    const ALL: &'static [Self] = &[
        SendFormat::Text,
        SendFormat::Json,
        SendFormat::Hex,
        SendFormat::Base64,
        SendFormat::SocketIo,
        SendFormat::Graphql,
        SendFormat::JsonRpc,
    ];

    /// The `send-format` option value.
    fn value(self) -> &'static str {
        match self {
            SendFormat::Text => "text",
            SendFormat::Json => "json",
            SendFormat::Hex => "hex",
            SendFormat::Base64 => "base64",
            SendFormat::SocketIo => "socket.io",
            SendFormat::Graphql => "graphql",
            SendFormat::JsonRpc => "json-rpc",
        }
    }

    /// What the option says to a person.
    fn label(self) -> &'static str {
        match self {
            SendFormat::Text => "Text",
            SendFormat::Json => "JSON (checked, sent as text)",
            SendFormat::Hex => "Hex (binary)",
            SendFormat::Base64 => "Base64 (binary)",
            SendFormat::SocketIo => "Socket.IO event [\"name\", …args]",
            SendFormat::Graphql => "GraphQL operation (--- then variables)",
            SendFormat::JsonRpc => "JSON-RPC: method then params",
        }
    }
}

/// Why the composer's text cannot be sent in the chosen format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComposeError {
    /// JSON syntax error at a 1-based line and column.
    Json { line: usize, column: usize, message: String },
    /// A character that is not a hex digit, at a 1-based character position.
    HexDigit { position: usize, found: char },
    /// An odd number of hex digits.
    HexOdd { digits: usize },
    /// A character outside the base64 alphabet, at a 1-based character position.
    Base64Char { position: usize, found: char },
    /// Base64 whose length cannot be a whole number of bytes.
    Base64Length,
    /// A protocol format, which only the connection's lens can encode.
    Protocol,
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComposeError::Json { line, column, message } => {
                write!(f, "Not valid JSON at line {line}, column {column}: {message}.")
            }
            ComposeError::HexDigit { position, found } => write!(
                f,
                "Not valid hex: character {position} is {found:?}; use digits 0-9 and a-f, spaces allowed."
            ),
            ComposeError::HexOdd { digits } => write!(
                f,
                "Not valid hex: {digits} digits is an odd number; each byte takes two digits."
            ),
            ComposeError::Base64Char { position, found } => write!(
                f,
                "Not valid base64: character {position} is {found:?}; use A-Z, a-z, 0-9, + and / (or - and _), = for padding."
            ),
            ComposeError::Base64Length => {
                write!(f, "Not valid base64: its length leaves a stray character at the end.")
            }
            ComposeError::Protocol => write!(f, "This format is a protocol's: the connection's lens encodes it."),
        }
    }
}

/// Turns the composer's text into the payload to send, checking it for the format.
pub fn compose(text: &str, format: SendFormat) -> Result<Payload, ComposeError> {
    match format {
        SendFormat::Text => Ok(Payload::Text(text.to_owned())),
        SendFormat::Json => check_json(text).map(|()| Payload::Text(text.to_owned())),
        SendFormat::Hex => parse_hex(text).map(|b| Payload::Binary(b.into())),
        SendFormat::Base64 => parse_base64(text).map(|b| Payload::Binary(b.into())),
        SendFormat::SocketIo | SendFormat::Graphql | SendFormat::JsonRpc => Err(ComposeError::Protocol),
    }
}

/// Checks that `text` is one JSON value.
pub(crate) fn check_json(text: &str) -> Result<(), ComposeError> {
    super::json::check(text).map_err(|e| ComposeError::Json {
        line: e.line(),
        column: e.column(),
        message: e.message().to_owned(),
    })
}

/// The most text the composer's Format button re-indents: the result is at most ~17 times as long
/// (indentation is capped), so a pasted document cannot blow up the page.
pub(crate) const FORMAT_MAX: usize = 1024 * 1024;

/// The text indented, when it is a JSON object or array of at most `FORMAT_MAX` bytes; `None`
/// otherwise. One pass over the text, no value tree.
pub(crate) fn pretty_json(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    if text.len() > FORMAT_MAX || !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return None;
    }
    super::json::check(text).ok()?;
    Some(super::pretty::reindent_json(text, usize::MAX).text)
}

/// Parses hex digits; whitespace, `:` and `,` between bytes and `0x` prefixes are ignored.
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>, ComposeError> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high: Option<u8> = None;
    let mut digits = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '0' && high.is_none() && matches!(chars.get(i + 1), Some('x' | 'X')) {
            i += 2;
            continue;
        }
        if c.is_whitespace() || c == ':' || c == ',' {
            i += 1;
            continue;
        }
        let v = c.to_digit(16).ok_or(ComposeError::HexDigit { position: i + 1, found: c })? as u8;
        digits += 1;
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
        i += 1;
    }
    if high.is_some() {
        return Err(ComposeError::HexOdd { digits });
    }
    Ok(out)
}

fn b64_value(c: char) -> Option<u8> {
    Some(match c {
        'A'..='Z' => c as u8 - b'A',
        'a'..='z' => c as u8 - b'a' + 26,
        '0'..='9' => c as u8 - b'0' + 52,
        '+' | '-' => 62,
        '/' | '_' => 63,
        _ => return None,
    })
}

/// Parses standard or URL-safe base64; padding is optional and whitespace is ignored.
pub(crate) fn parse_base64(text: &str) -> Result<Vec<u8>, ComposeError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits, mut count) = (0u32, 0u32, 0usize);
    let mut padding_seen = false;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        if c == '=' {
            padding_seen = true;
            continue;
        }
        let v = match b64_value(c) {
            Some(v) if !padding_seen => v,
            _ => return Err(ComposeError::Base64Char { position: i + 1, found: c }),
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        count += 1;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if count % 4 == 1 {
        return Err(ComposeError::Base64Length);
    }
    Ok(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The first `max` bytes as spaced lowercase hex, with `…` when there are more.
pub(crate) fn hex_preview(bytes: &[u8], max: usize) -> String {
    let mut s = String::with_capacity(max.min(bytes.len()) * 3 + 2);
    for (i, b) in bytes.iter().take(max).enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{b:02x}"));
    }
    if bytes.len() > max {
        s.push_str(" …");
    }
    s
}

/// A classic hex dump of `bytes`, which start at `offset` of their payload: offset, 16 bytes of hex,
/// and an ASCII column.
pub fn hex_dump(bytes: &[u8], offset: usize) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(16) * 78);
    for (row, chunk) in bytes.chunks(16).enumerate() {
        out.push_str(&format!("{:08x}  ", offset.saturating_add(row * 16)));
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => out.push_str(&format!("{b:02x} ")),
                None => out.push_str("   "),
            }
            if i == 7 {
                out.push(' ');
            }
        }
        out.push_str(" |");
        out.extend(chunk.iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }));
        out.push_str("|\n");
    }
    out
}

/// The first `max` bytes of `s` or fewer, ending on a character boundary: the one way a text is cut.
pub fn text_head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Decodes bytes as UTF-8, or says where they stop being valid UTF-8.
pub fn utf8_attempt(bytes: &[u8]) -> Result<&str, usize> {
    std::str::from_utf8(bytes).map_err(|e| e.valid_up_to())
}

/// An image format recognised from its first bytes (never from a name the server gave).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Bmp,
}

impl ImageKind {
    /// The MIME type to give the browser for this image.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Webp => "image/webp",
            ImageKind::Bmp => "image/bmp",
        }
    }

    /// The usual file name extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
            ImageKind::Bmp => "bmp",
        }
    }

    /// A short name for people.
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Gif => "GIF",
            ImageKind::Webp => "WebP",
            ImageKind::Bmp => "BMP",
        }
    }
}

/// Recognises PNG, JPEG, GIF, WebP and BMP by their magic bytes.
pub fn sniff_image(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else if bytes.len() >= 26 && bytes.starts_with(b"BM") {
        Some(ImageKind::Bmp)
    } else {
        None
    }
}

/// `1 byte`, `N bytes`: the size as the contract writes it.
pub fn size_text(n: usize) -> String {
    if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests;
