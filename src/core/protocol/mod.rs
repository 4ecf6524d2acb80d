//! WebSocket protocol rules, checked before the browser is asked: URLs, subprotocols, close codes and
//! reasons, and what each close code means. Pure.

use std::fmt;

/// Where the page itself was loaded from: the base for relative URLs and for the mixed-content rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOrigin {
    /// `http` or `https` (anything else is treated like `http`).
    pub scheme: String,
    /// Host and optional port, as in `location.host`.
    pub host: String,
}

impl PageOrigin {
    /// The companion server's echo endpoint on this page's own host: the app's default URL.
    pub(crate) fn default_ws_url(&self) -> String {
        let scheme = if self.scheme == "https" { "wss" } else { "ws" };
        let host = if self.host.is_empty() { "127.0.0.1:9001" } else { &self.host };
        format!("{scheme}://{host}/echo")
    }
}

/// Why a URL cannot be used for a WebSocket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlError {
    Empty,
    NoScheme,
    BadScheme(String),
    NoHost,
    BadPort(String),
    Fragment,
    BadCharacter(char),
    Insecure,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Empty => write!(f, "Type a server URL first, such as ws://127.0.0.1:9001/echo."),
            UrlError::NoScheme => write!(
                f,
                "The URL has no scheme: start it with ws:// or wss:// (for example ws://127.0.0.1:9001/echo)."
            ),
            UrlError::BadScheme(s) => write!(
                f,
                "The URL's scheme \"{s}\" cannot carry a WebSocket: use ws:// or wss:// (http:// and https:// are accepted and mean the same)."
            ),
            UrlError::NoHost => write!(f, "The URL has no host name after the scheme."),
            UrlError::BadPort(p) => {
                write!(f, "The URL's port \"{p}\" is not a number from 0 to 65535.")
            }
            UrlError::Fragment => write!(
                f,
                "WebSocket URLs cannot have a fragment (the part after #): remove it, or write %23 for a literal #."
            ),
            UrlError::BadCharacter(c) => {
                write!(f, "The URL contains {c:?}, which is not allowed there; percent-encode it.")
            }
            UrlError::Insecure => write!(
                f,
                "This page was loaded over https, so the browser blocks unencrypted ws:// connections: use wss://."
            ),
        }
    }
}

/// Checks `input` as the WebSocket constructor would and returns the URL to hand it: `http(s)` becomes
/// `ws(s)`, a URL starting with `/` is taken relative to the page's host, surrounding spaces are dropped.
pub(crate) fn check_url(input: &str, page: &PageOrigin) -> Result<String, UrlError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(UrlError::Empty);
    }
    let url = if input.starts_with('/') && !input.starts_with("//") {
        let scheme = if page.scheme == "https" { "wss" } else { "ws" };
        format!("{scheme}://{}{input}", page.host)
    } else {
        input.to_owned()
    };
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r))
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            (s.to_ascii_lowercase(), r)
        }
        _ => {
            // "javascript:alert(1)" or "mailto:x" have a scheme but no "//".
            return match url.split_once(':') {
                Some((s, _)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic()) => {
                    Err(UrlError::BadScheme(s.to_ascii_lowercase()))
                }
                _ => Err(UrlError::NoScheme),
            };
        }
    };
    let ws_scheme = match scheme.as_str() {
        "ws" | "http" => "ws",
        "wss" | "https" => "wss",
        _ => return Err(UrlError::BadScheme(scheme)),
    };
    if let Some(c) = rest.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::BadCharacter(c));
    }
    if rest.contains('#') {
        return Err(UrlError::Fragment);
    }
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = split_host_port(host_port)?;
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    if let Some(c) = host.chars().find(|c| "<>\"{}|\\^`".contains(*c)) {
        return Err(UrlError::BadCharacter(c));
    }
    if let Some(p) = port {
        if !p.is_empty() && p.parse::<u16>().is_err() {
            return Err(UrlError::BadPort(p.to_owned()));
        }
    }
    if ws_scheme == "ws" && page.scheme == "https" && !is_loopback(host) {
        return Err(UrlError::Insecure);
    }
    let path = if path.is_empty() { "/" } else { path };
    let path = if path.starts_with('?') { format!("/{path}") } else { path.to_owned() };
    Ok(format!("{ws_scheme}://{authority}{path}"))
}

fn split_host_port(hp: &str) -> Result<(&str, Option<&str>), UrlError> {
    if let Some(rest) = hp.strip_prefix('[') {
        // IPv6 literal: [::1]:9001
        let end = rest.find(']').ok_or(UrlError::NoHost)?;
        let host = &hp[..end + 2];
        let after = &rest[end + 1..];
        return match after.strip_prefix(':') {
            Some(p) => Ok((host, Some(p))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(UrlError::BadCharacter(after.chars().next().unwrap_or(']'))),
        };
    }
    Ok(match hp.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (hp, None),
    })
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "[::1]"
}

/// Why a subprotocol list cannot be offered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProtocolError {
    Empty,
    Invalid(String),
    Duplicate(String),
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Empty => write!(f, "The subprotocol list has an empty name between commas."),
            ProtocolError::Invalid(p) => write!(
                f,
                "The subprotocol \"{p}\" is not a valid token: use letters, digits and !#$%&'*+-.^_`|~ only (no spaces, commas or quotes)."
            ),
            ProtocolError::Duplicate(p) => {
                write!(f, "The subprotocol \"{p}\" is offered twice; each may be offered once.")
            }
        }
    }
}

/// Splits a comma-separated list of subprotocols; an empty or blank input offers none.
pub(crate) fn parse_protocols(input: &str) -> Result<Vec<String>, ProtocolError> {
    if input.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    for raw in input.split(',') {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ProtocolError::Empty);
        }
        if !name.chars().all(is_tchar) {
            return Err(ProtocolError::Invalid(name.to_owned()));
        }
        if out.iter().any(|p| p == name) {
            return Err(ProtocolError::Duplicate(name.to_owned()));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// A close code a browser lets a page send: 1000, or 3000 to 4999.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CloseCode(u16);

impl CloseCode {
    pub(crate) const NORMAL: CloseCode = CloseCode(1000);

    /// The number itself.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// Why a close code or reason cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CloseError {
    NotANumber(String),
    Reserved(u32),
    ReasonTooLong(usize),
}

/// The most bytes of UTF-8 a close reason may have (125-byte control frame minus the 2-byte code).
pub(crate) const MAX_REASON_BYTES: usize = 123;

impl fmt::Display for CloseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseError::NotANumber(s) => write!(
                f,
                "The close code \"{s}\" is not a whole number: use 1000, or 3000 to 4999."
            ),
            CloseError::Reserved(c) => write!(
                f,
                "The close code {c} cannot be sent by a browser: use 1000 (normal), 3000-3999 (registered) or 4000-4999 (private use)."
            ),
            CloseError::ReasonTooLong(n) => write!(
                f,
                "The close reason is {n} bytes of UTF-8; at most {MAX_REASON_BYTES} fit in a close frame."
            ),
        }
    }
}

/// Checks a close code as typed by the user (an empty field means 1000).
pub(crate) fn parse_close_code(input: &str) -> Result<CloseCode, CloseError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(CloseCode::NORMAL);
    }
    let n: u32 = input.parse().map_err(|_| CloseError::NotANumber(input.to_owned()))?;
    match n {
        1000 | 3000..=4999 => Ok(CloseCode(n as u16)),
        _ => Err(CloseError::Reserved(n)),
    }
}

/// Checks a close reason's length in UTF-8 bytes.
pub(crate) fn check_reason(reason: &str) -> Result<(), CloseError> {
    if reason.len() > MAX_REASON_BYTES {
        Err(CloseError::ReasonTooLong(reason.len()))
    } else {
        Ok(())
    }
}

/// What a close code means (RFC 6455 §7.4.1 and the IANA registry).
pub(crate) fn close_code_meaning(code: u16) -> &'static str {
    match code {
        1000 => "normal closure",
        1001 => "going away (server shutting down or page navigating away)",
        1002 => "protocol error",
        1003 => "unsupported data (a type of message the endpoint cannot accept)",
        1004 => "reserved",
        1005 => "no status code was present in the close frame",
        1006 => "abnormal closure: the connection ended without a close frame (network drop, server crash, proxy or TLS failure, refused handshake); the browser does not say why",
        1007 => "invalid frame payload data (e.g. text that is not UTF-8)",
        1008 => "policy violation",
        1009 => "message too big",
        1010 => "mandatory extension missing (the client expected an extension the server did not negotiate)",
        1011 => "internal server error",
        1012 => "service restart",
        1013 => "try again later",
        1014 => "bad gateway",
        1015 => "TLS handshake failed",
        0..=999 => "not a valid close code",
        1016..=2999 => "reserved for the WebSocket protocol",
        3000..=3999 => "registered for libraries and frameworks (IANA)",
        4000..=4999 => "private use (defined by the application)",
        _ => "not a valid close code",
    }
}

#[cfg(test)]
mod tests;
