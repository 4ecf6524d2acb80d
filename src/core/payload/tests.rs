//! Tests of `payload`.

use super::*;

#[test]
fn compose_checks_each_format() {
    assert_eq!(compose("hi", SendFormat::Text), Ok(Payload::Text("hi".into())));
    assert_eq!(compose("{\"a\":1}", SendFormat::Json), Ok(Payload::Text("{\"a\":1}".into())));
    assert_eq!(compose("de ad", SendFormat::Hex), Ok(Payload::Binary(vec![0xde, 0xad].into())));
    assert_eq!(compose("3q0=", SendFormat::Base64), Ok(Payload::Binary(vec![0xde, 0xad].into())));
}

#[test]
fn json_errors_give_line_and_column() {
    match check_json("{\n  \"a\": 1,\n  oops\n}") {
        Err(ComposeError::Json { line, column, .. }) => assert_eq!((line, column), (3, 3)),
        other => panic!("{other:?}"),
    }
    assert!(check_json("").is_err());
    assert!(check_json("1 2").is_err());
    assert!(check_json(" \"x\" ").is_ok());
    let msg = check_json("{").unwrap_err().to_string();
    assert!(msg.starts_with("Not valid JSON at line 1, column 1"), "{msg}");
}

#[test]
fn pretty_json_only_for_objects_and_arrays() {
    assert_eq!(pretty_json("{\"a\":[1]}").unwrap(), "{\n  \"a\": [\n    1\n  ]\n}");
    assert_eq!(pretty_json("42"), None);
    assert_eq!(pretty_json("{bad"), None);
}

#[test]
fn hex_parsing_accepts_separators_and_reports_errors() {
    assert_eq!(parse_hex("0x01 0xFF"), Ok(vec![1, 255]));
    assert_eq!(parse_hex("de:ad,be ef\n00"), Ok(vec![0xde, 0xad, 0xbe, 0xef, 0]));
    assert_eq!(parse_hex(""), Ok(vec![]));
    assert_eq!(parse_hex("abc"), Err(ComposeError::HexOdd { digits: 3 }));
    assert_eq!(parse_hex("a b c"), Err(ComposeError::HexOdd { digits: 3 }));
    assert_eq!(parse_hex("00 zz"), Err(ComposeError::HexDigit { position: 4, found: 'z' }));
    assert_eq!(parse_hex("0é"), Err(ComposeError::HexDigit { position: 2, found: 'é' }));
    // "00" followed by "x" is not a prefix in the middle of a byte.
    assert_eq!(parse_hex("1 0x"), Err(ComposeError::HexDigit { position: 4, found: 'x' }));
}

#[test]
fn base64_round_trips_and_reports_errors() {
    for len in 0..40usize {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        let enc = to_base64(&bytes);
        assert_eq!(enc.len() % 4, 0);
        assert_eq!(parse_base64(&enc), Ok(bytes.clone()));
        assert_eq!(parse_base64(enc.trim_end_matches('=')), Ok(bytes));
    }
    assert_eq!(to_base64(b"Man"), "TWFu");
    assert_eq!(to_base64(b"Ma"), "TWE=");
    assert_eq!(parse_base64("-_8"), Ok(vec![0xfb, 0xff]));
    assert_eq!(parse_base64("TW Fu\n"), Ok(b"Man".to_vec()));
    assert_eq!(parse_base64("TWF!"), Err(ComposeError::Base64Char { position: 4, found: '!' }));
    assert_eq!(parse_base64("TQ==TQ"), Err(ComposeError::Base64Char { position: 5, found: 'T' }));
    assert_eq!(parse_base64("TWFuT"), Err(ComposeError::Base64Length));
}

#[test]
fn hex_views() {
    assert_eq!(hex_preview(&[0, 1, 0xab], 8), "00 01 ab");
    assert_eq!(hex_preview(&[1, 2, 3], 2), "01 02 …");
    let dump = hex_dump(b"Hello, WebSocket world!", 0);
    let lines: Vec<&str> = dump.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("00000000  48 65 6c 6c 6f 2c 20 57  65 62"), "{}", lines[0]);
    assert!(lines[0].ends_with("|Hello, WebSocket|"));
    assert!(lines[1].starts_with("00000010  20 77"));
    assert!(lines[1].ends_with("| world!|"));
    assert_eq!(hex_dump(&[0u8; 32], 0).lines().count(), 2);
    assert!(hex_dump(&[0u8; 16], 0x10000).starts_with("00010000  00 "));
}

#[test]
fn utf8_attempt_says_where_it_breaks() {
    assert_eq!(utf8_attempt("héllo".as_bytes()), Ok("héllo"));
    assert_eq!(utf8_attempt(&[b'a', b'b', 0xff, b'c']), Err(2));
}

#[test]
fn images_are_sniffed_by_magic_bytes() {
    assert_eq!(sniff_image(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Some(ImageKind::Png));
    assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(ImageKind::Jpeg));
    assert_eq!(sniff_image(b"GIF89a...."), Some(ImageKind::Gif));
    assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
    assert_eq!(sniff_image(b"RIFF\0\0\0\0WAVEfmt "), None);
    assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None);
    assert_eq!(sniff_image(b"\x89PNG"), None);
    let mut bmp = b"BM".to_vec();
    bmp.resize(30, 0);
    assert_eq!(sniff_image(&bmp), Some(ImageKind::Bmp));
    assert_eq!(sniff_image(b"BM"), None);
}

#[test]
fn sizes_are_written_as_the_contract_says() {
    assert_eq!(size_text(1), "1 byte");
    assert_eq!(size_text(256), "256 bytes");
    assert_eq!(Payload::Text("é".into()).len(), 2);
}

#[test]
fn send_format_values_round_trip() {
    for &f in SendFormat::ALL {
        assert_eq!(SendFormat::from_value(f.value()), Some(f));
    }
    assert_eq!(SendFormat::from_value("xml"), None);
}
