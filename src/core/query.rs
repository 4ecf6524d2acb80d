//! The page's query string: `?url=…&protocols=…&connect=1`, and `log=…` (a saved log to open), raw
//! or percent-encoded. Pure.

/// What the page's query string asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryParams {
    pub url: Option<String>,
    pub protocols: Option<String>,
    pub connect: bool,
    /// The address of a saved log to open read-only (relative to the page, or absolute).
    pub log: Option<String>,
    /// `keep=0`: this page keeps nothing in the browser's database (and restores nothing).
    pub keep_off: bool,
}

impl QueryParams {
    /// Reads `?url=…&protocols=…&connect=1` (values raw or percent-encoded).
    pub fn parse(search: &str) -> QueryParams {
        let mut q = QueryParams::default();
        let search = search.strip_prefix('?').unwrap_or(search);
        // A raw url may itself hold "?" and "&": only split before the parameter names we know.
        for part in split_known(search) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let value = percent_decode(value);
            match key {
                "url" => q.url = Some(value),
                "protocols" => q.protocols = Some(value),
                "connect" => q.connect = matches!(value.as_str(), "1" | "true" | "yes"),
                "log" => q.log = Some(value).filter(|v| !v.is_empty()),
                "keep" => q.keep_off = matches!(value.as_str(), "0" | "false" | "no"),
                _ => {}
            }
        }
        q
    }
}

fn split_known(search: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, b) in search.bytes().enumerate() {
        if b == b'&' {
            let rest = &search[i + 1..];
            if ["url=", "protocols=", "connect", "log=", "keep="].iter().any(|k| rest.starts_with(k)) {
                parts.push(&search[start..i]);
                start = i + 1;
            }
        }
    }
    parts.push(&search[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Decodes `%XX` escapes (invalid ones are kept as they are) into UTF-8, lossily.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let [b'%', hi, lo, ..] = bytes[i..] {
            if let (Some(hi), Some(lo)) = ((hi as char).to_digit(16), (lo as char).to_digit(16)) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_params_raw_and_encoded() {
        let q = QueryParams::parse("?url=ws%3A%2F%2F127.0.0.1%3A9001%2Fecho&protocols=a,b&connect=1");
        assert_eq!(q.url.as_deref(), Some("ws://127.0.0.1:9001/echo"));
        assert_eq!(q.protocols.as_deref(), Some("a,b"));
        assert!(q.connect);
        let raw = QueryParams::parse("?url=ws://h:1/p?x=1&y=2&connect=1");
        assert_eq!(raw.url.as_deref(), Some("ws://h:1/p?x=1&y=2"));
        assert!(raw.connect);
        assert_eq!(QueryParams::parse(""), QueryParams::default());
        let log = QueryParams::parse("?url=ws://h/p?a=1&log=saved%20logs/a.ndjson&connect=1");
        assert_eq!(log.url.as_deref(), Some("ws://h/p?a=1"));
        assert_eq!(log.log.as_deref(), Some("saved logs/a.ndjson"));
        assert_eq!(QueryParams::parse("?log=").log, None);
        assert!(QueryParams::parse("?url=ws://h/&keep=0").keep_off);
        assert!(!QueryParams::parse("?keep=1").keep_off);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("%+1%-1"), "%+1%-1", "a sign is not a hex digit");
    }
}
