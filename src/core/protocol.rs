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
    pub fn default_ws_url(&self) -> String {
        let scheme = if self.scheme == "https" { "wss" } else { "ws" };
        let host = if self.host.is_empty() { "127.0.0.1:9001" } else { &self.host };
        format!("{scheme}://{host}/echo")
    }
}

/// Why a URL cannot be used for a WebSocket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
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
pub fn check_url(input: &str, page: &PageOrigin) -> Result<String, UrlError> {
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
pub enum ProtocolError {
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
pub fn parse_protocols(input: &str) -> Result<Vec<String>, ProtocolError> {
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
pub struct CloseCode(u16);

impl CloseCode {
    pub const NORMAL: CloseCode = CloseCode(1000);

    /// The number itself.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// Why a close code or reason cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseError {
    NotANumber(String),
    Reserved(u32),
    ReasonTooLong(usize),
}

/// The most bytes of UTF-8 a close reason may have (125-byte control frame minus the 2-byte code).
pub const MAX_REASON_BYTES: usize = 123;

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
pub fn parse_close_code(input: &str) -> Result<CloseCode, CloseError> {
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
pub fn check_reason(reason: &str) -> Result<(), CloseError> {
    if reason.len() > MAX_REASON_BYTES {
        Err(CloseError::ReasonTooLong(reason.len()))
    } else {
        Ok(())
    }
}

/// What a close code means (RFC 6455 §7.4.1 and the IANA registry).
pub fn close_code_meaning(code: u16) -> &'static str {
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
mod tests {
    use super::*;

    fn http_page() -> PageOrigin {
        PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() }
    }

    fn https_page() -> PageOrigin {
        PageOrigin { scheme: "https".into(), host: "example.test".into() }
    }

    #[test]
    fn default_url_follows_the_page() {
        assert_eq!(http_page().default_ws_url(), "ws://127.0.0.1:9001/echo");
        assert_eq!(https_page().default_ws_url(), "wss://example.test/echo");
    }

    #[test]
    fn accepts_ws_wss_and_maps_http_https() {
        let p = http_page();
        assert_eq!(check_url("ws://a.test:1/x?y=1", &p).unwrap(), "ws://a.test:1/x?y=1");
        assert_eq!(check_url("  wss://a.test ", &p).unwrap(), "wss://a.test/");
        assert_eq!(check_url("http://a.test/p", &p).unwrap(), "ws://a.test/p");
        assert_eq!(check_url("HTTPS://a.test/p", &p).unwrap(), "wss://a.test/p");
        assert_eq!(check_url("ws://[::1]:9001/echo", &p).unwrap(), "ws://[::1]:9001/echo");
        assert_eq!(check_url("ws://a.test?q", &p).unwrap(), "ws://a.test/?q");
        assert_eq!(check_url("/echo", &p).unwrap(), "ws://127.0.0.1:9001/echo");
    }

    #[test]
    fn rejects_the_invalid_url_list() {
        let p = http_page();
        assert_eq!(check_url("", &p), Err(UrlError::Empty));
        assert_eq!(check_url("   ", &p), Err(UrlError::Empty));
        assert_eq!(check_url("example.test/echo", &p), Err(UrlError::NoScheme));
        assert_eq!(check_url("not a url", &p), Err(UrlError::NoScheme));
        assert_eq!(check_url("ftp://a.test", &p), Err(UrlError::BadScheme("ftp".into())));
        assert_eq!(check_url("file:///etc/passwd", &p), Err(UrlError::BadScheme("file".into())));
        assert_eq!(check_url("javascript:alert(1)", &p), Err(UrlError::BadScheme("javascript".into())));
        assert_eq!(check_url("ws://a.test/#frag", &p), Err(UrlError::Fragment));
        assert_eq!(check_url("ws://a.test#", &p), Err(UrlError::Fragment));
        assert_eq!(check_url("ws://", &p), Err(UrlError::NoHost));
        assert_eq!(check_url("ws:///path", &p), Err(UrlError::NoHost));
        assert_eq!(check_url("ws://a.test:99999/", &p), Err(UrlError::BadPort("99999".into())));
        assert_eq!(check_url("ws://a.test:port/", &p), Err(UrlError::BadPort("port".into())));
        assert_eq!(check_url("ws://a b.test/", &p), Err(UrlError::BadCharacter(' ')));
        assert_eq!(check_url("ws://a<b.test/", &p), Err(UrlError::BadCharacter('<')));
    }

    #[test]
    fn mixed_content_is_refused_except_loopback() {
        let p = https_page();
        assert_eq!(check_url("ws://a.test/", &p), Err(UrlError::Insecure));
        assert!(check_url("wss://a.test/", &p).is_ok());
        assert!(check_url("ws://127.0.0.1:9001/echo", &p).is_ok());
        assert!(check_url("ws://localhost:9001/echo", &p).is_ok());
    }

    #[test]
    fn every_url_error_reads_as_a_sentence() {
        for e in [UrlError::Empty, UrlError::Fragment, UrlError::Insecure, UrlError::BadScheme("ftp".into())]
        {
            let s = e.to_string();
            assert!(s.ends_with('.'), "{s}");
        }
    }

    #[test]
    fn protocols_split_trim_and_validate() {
        assert_eq!(parse_protocols("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_protocols("  ").unwrap(), Vec::<String>::new());
        assert_eq!(parse_protocols(" chat , graphql-ws").unwrap(), vec!["chat", "graphql-ws"]);
        assert_eq!(parse_protocols("a,,b"), Err(ProtocolError::Empty));
        assert_eq!(parse_protocols("a,"), Err(ProtocolError::Empty));
        assert_eq!(parse_protocols("a b"), Err(ProtocolError::Invalid("a b".into())));
        assert_eq!(parse_protocols("a\"b"), Err(ProtocolError::Invalid("a\"b".into())));
        assert_eq!(parse_protocols("é"), Err(ProtocolError::Invalid("é".into())));
        assert_eq!(parse_protocols("x, y, x"), Err(ProtocolError::Duplicate("x".into())));
    }

    #[test]
    fn close_codes_follow_the_browser_rules() {
        assert_eq!(parse_close_code("999"), Err(CloseError::Reserved(999)));
        assert_eq!(parse_close_code("1000").unwrap().get(), 1000);
        assert_eq!(parse_close_code("1001"), Err(CloseError::Reserved(1001)));
        assert_eq!(parse_close_code("2999"), Err(CloseError::Reserved(2999)));
        assert_eq!(parse_close_code("3000").unwrap().get(), 3000);
        assert_eq!(parse_close_code("4999").unwrap().get(), 4999);
        assert_eq!(parse_close_code("5000"), Err(CloseError::Reserved(5000)));
        assert_eq!(parse_close_code("").unwrap().get(), 1000);
        assert_eq!(parse_close_code("abc"), Err(CloseError::NotANumber("abc".into())));
        assert_eq!(parse_close_code("-1"), Err(CloseError::NotANumber("-1".into())));
        assert_eq!(parse_close_code("99999999999"), Err(CloseError::NotANumber("99999999999".into())));
    }

    #[test]
    fn reasons_are_counted_in_utf8_bytes() {
        let ok = "é".repeat(61) + "a"; // 61 × 2 + 1 = 123 bytes
        assert_eq!(ok.len(), 123);
        assert!(check_reason(&ok).is_ok());
        let long = "é".repeat(62); // 124 bytes, only 62 characters
        assert_eq!(check_reason(&long), Err(CloseError::ReasonTooLong(124)));
        assert!(check_reason(&"a".repeat(123)).is_ok());
        assert_eq!(check_reason(&"a".repeat(124)), Err(CloseError::ReasonTooLong(124)));
        assert!(check_reason("Deliberate Connection").is_ok());
    }

    #[test]
    fn close_meanings_cover_the_registry() {
        assert!(close_code_meaning(1001).contains("going away"));
        assert!(close_code_meaning(1006).contains("without a close frame"));
        assert!(close_code_meaning(4001).contains("private use"));
        assert!(close_code_meaning(3000).contains("IANA"));
        assert!(close_code_meaning(2000).contains("reserved"));
    }
}
