//! Tests of `protocol`.

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
    for e in [UrlError::Empty, UrlError::Fragment, UrlError::Insecure, UrlError::BadScheme("ftp".into())] {
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
