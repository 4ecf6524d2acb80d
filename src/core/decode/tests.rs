//! The decoders and the drawing, checked against `ciborium` and `rmp-serde`.

use super::*;

#[derive(serde::Serialize)]
struct Sample {
    id: u32,
    name: String,
    tags: Vec<String>,
    ok: bool,
    ratio: f64,
}

fn sample() -> Sample {
    Sample { id: 7, name: "héllo".into(), tags: vec!["a".into(), "b".into()], ok: true, ratio: 0.5 }
}

const EXPECTED: &str = "{\n  \"id\": 7,\n  \"name\": \"héllo\",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ],\n  \"ok\": true,\n  \"ratio\": 0.5\n}";

#[test]
fn messagepack_maps_decode_and_render() {
    let bytes = rmp_serde::to_vec_named(&sample()).unwrap();
    let (enc, v) = decode_as(&bytes, DecodeChoice::Auto).unwrap();
    assert_eq!(enc, Encoding::MessagePack);
    assert_eq!(render(&v.unwrap(), RENDER_MAX).text, EXPECTED);
}

#[test]
fn cbor_maps_decode_and_render() {
    let mut bytes = Vec::new();
    ciborium::ser::into_writer(&sample(), &mut bytes).unwrap();
    let (enc, v) = decode_as(&bytes, DecodeChoice::Auto).unwrap();
    assert_eq!(enc, Encoding::Cbor);
    assert_eq!(render(&v.unwrap(), RENDER_MAX).text, EXPECTED);
}

#[test]
fn bytes_tags_and_non_string_keys() {
    // CBOR: {1: h'0102', "t": 1(1700000000)}
    let bytes = [0xa2, 0x01, 0x42, 0x01, 0x02, 0x61, b't', 0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00];
    let v = decode(&bytes, Encoding::Cbor).unwrap();
    assert_eq!(render(&v, RENDER_MAX).text, "{\n  1: h'0102',\n  \"t\": tag(1) 1700000000\n}");
}

#[test]
fn auto_ignores_bytes_that_are_not_a_structure() {
    assert!(decode_as(&[0x00], DecodeChoice::Auto).is_none(), "a lone 0 parses but proves nothing");
    assert!(decode_as(b"plain text here", DecodeChoice::Auto).is_none());
    assert!(decode_as(&[0x89, b'P', b'N', b'G'], DecodeChoice::Auto).is_none());
    assert!(decode_as(&[0x91, 0x01], DecodeChoice::Off).is_none());
}

#[test]
fn trailing_and_truncated_bytes_are_errors() {
    let mut bytes = rmp_serde::to_vec_named(&sample()).unwrap();
    bytes.push(0x00);
    let err = decode(&bytes, Encoding::MessagePack).unwrap_err();
    assert!(err.contains("1 bytes left"), "{err}");
    let truncated = &bytes[..bytes.len() - 4];
    assert!(decode(truncated, Encoding::MessagePack).is_err());
    assert!(decode(&[0xa2, 0x01], Encoding::Cbor).is_err());
    match decode_as(&[0xff, 0xff], DecodeChoice::Only(Encoding::Cbor)) {
        Some((Encoding::Cbor, Err(e))) => assert!(e.starts_with("not CBOR")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn choices_round_trip() {
    for &c in DecodeChoice::ALL {
        assert_eq!(DecodeChoice::from_value(c.value()), Some(c));
    }
}

/// MessagePack: `depth` one-element arrays around an array of `width` nils.
fn deep_around_wide(depth: usize, width: u32) -> Vec<u8> {
    let mut b = vec![0x91; depth];
    b.push(0xdd);
    b.extend(width.to_be_bytes());
    b.extend(std::iter::repeat_n(0xc0, width as usize));
    b
}

#[test]
fn deep_and_wide_values_render_within_bounds() {
    // Nesting past the limit is an error, not a stack overflow.
    assert!(decode(&deep_around_wide(1000, 10), Encoding::MessagePack).unwrap_err().contains("depth"));
    let mut cbor = vec![0x81; 1000];
    cbor.push(0xf6);
    assert!(decode(&cbor, Encoding::Cbor).is_err());
    // Within it, the text never outgrows the cap, and the cut is said.
    let v = decode(&deep_around_wide(100, 200_000), Encoding::MessagePack).unwrap();
    let r = render(&v, RENDER_MAX);
    assert!(r.cut);
    assert!(r.text.len() <= RENDER_MAX);
    let longest = r.text.lines().map(str::len).max().unwrap();
    assert!(longest <= 2 * MAX_INDENT + 8, "indentation is capped: {longest}");
    let small = render(&Value::Text("é".repeat(10)), 7);
    assert!(small.cut && small.text.len() <= 7, "{small:?}");
}

// ---- against the libraries the decoders replaced ----

use proptest::prelude::*;

/// What `ciborium` or `rmp-serde` (the decoders before these) make of `bytes`, as a `Value`.
fn reference(bytes: &[u8], enc: Encoding) -> Option<Value> {
    let v: ciborium::Value = match enc {
        Encoding::Cbor => {
            let mut rest = bytes;
            let v = ciborium::de::from_reader_with_recursion_limit(&mut rest, MAX_DEPTH).ok()?;
            rest.is_empty().then_some(v)?
        }
        Encoding::MessagePack => {
            let mut cursor = std::io::Cursor::new(bytes);
            let mut de = rmp_serde::Deserializer::new(&mut cursor);
            de.set_max_depth(MAX_DEPTH);
            let v = serde::Deserialize::deserialize(&mut de).ok()?;
            (cursor.position() as usize == bytes.len()).then_some(v)?
        }
    };
    Some(ours(v))
}

fn ours(v: ciborium::Value) -> Value {
    use ciborium::Value as C;
    match v {
        C::Integer(i) => Value::Integer(i.into()),
        C::Float(f) => Value::Float(f),
        C::Bool(b) => Value::Bool(b),
        C::Null => Value::Null,
        C::Text(t) => Value::Text(t),
        C::Bytes(b) => Value::Bytes(b),
        C::Tag(t, inner) => Value::Tag(t, Box::new(ours(*inner))),
        C::Array(items) => Value::Array(items.into_iter().map(ours).collect()),
        C::Map(entries) => Value::Map(entries.into_iter().map(|(k, v)| (ours(k), ours(v))).collect()),
        other => panic!("a value the decoders never made: {other:?}"),
    }
}

/// Values as the libraries write them: every integer width and sign, floats, text, bytes, nesting, and
/// (for CBOR) tags.
fn library_value(tags: bool) -> impl Strategy<Value = ciborium::Value> {
    use ciborium::Value as C;
    let leaf = prop_oneof![
        any::<i64>().prop_map(|i| C::Integer(i.into())),
        any::<u64>().prop_map(|i| C::Integer(i.into())),
        (0u8..=255).prop_map(|i| C::Integer(i.into())),
        any::<f64>().prop_map(C::Float),
        any::<f32>().prop_map(|f| C::Float(f.into())),
        any::<bool>().prop_map(C::Bool),
        Just(C::Null),
        ".{0,40}".prop_map(C::Text),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(C::Bytes),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        let tagged = (0u64..40, inner.clone()).prop_map(|(t, v)| C::Tag(t, Box::new(v)));
        let nested = prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(C::Array),
            proptest::collection::vec((inner.clone(), inner), 0..6).prop_map(C::Map),
        ];
        if tags {
            prop_oneof![nested, tagged].boxed()
        } else {
            nested.boxed()
        }
    })
}

/// Bytes that start like the encodings' containers and scalars more often than chance would.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let marker = prop_oneof![
        any::<u8>(),
        prop_oneof![Just(0x9fu8), Just(0xbf), Just(0x5f), Just(0x7f), Just(0xff), Just(0xc2), Just(0xf9)],
        prop_oneof![Just(0xdcu8), Just(0xdd), Just(0xde), Just(0xc7), Just(0xd4), Just(0xd9), Just(0xc1)],
    ];
    proptest::collection::vec(marker, 0..48)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn cbor_written_by_ciborium_reads_as_ciborium_reads_it(v in library_value(true)) {
        let mut bytes = Vec::new();
        ciborium::ser::into_writer(&v, &mut bytes).unwrap();
        let got = decode(&bytes, Encoding::Cbor);
        match reference(&bytes, Encoding::Cbor) {
            Some(expected) => prop_assert_eq!(got.map(|v| render(&v, RENDER_MAX)), Ok(render(&expected, RENDER_MAX))),
            // ciborium refuses some of its own writing (a negative bignum past 128 bits): so does this reader.
            None => prop_assert!(got.is_err(), "ciborium refused {:02x?}, this reader read {:?}", bytes, got),
        }
    }

    #[test]
    fn messagepack_written_by_rmp_serde_reads_as_rmp_serde_reads_it(v in library_value(false)) {
        let bytes = rmp_serde::to_vec(&v).unwrap();
        let expected = reference(&bytes, Encoding::MessagePack).expect("rmp-serde reads its own writing");
        let got = decode(&bytes, Encoding::MessagePack).unwrap();
        prop_assert_eq!(render(&got, RENDER_MAX), render(&expected, RENDER_MAX));
    }

    #[test]
    fn any_bytes_read_as_the_libraries_read_them(bytes in hostile_bytes()) {
        for enc in [Encoding::Cbor, Encoding::MessagePack] {
            let got = decode(&bytes, enc);
            match reference(&bytes, enc) {
                Some(expected) => prop_assert_eq!(
                    got.map(|v| render(&v, RENDER_MAX)), Ok(render(&expected, RENDER_MAX)), "{:?} {:02x?}", enc, bytes),
                None => prop_assert!(got.is_err(), "{:?} {:02x?}: the library refused, got {:?}", enc, bytes, got),
            }
        }
    }
}

#[test]
fn extensions_half_floats_chunks_and_bignums() {
    // MessagePack: fixext 1 and ext 8, as [type, bytes]; text that is not UTF-8 is bytes.
    let ext = decode(&[0x92, 0xd4, 0x01, 0x02, 0xc7, 0x02, 0xff, 0x01, 0x02], Encoding::MessagePack).unwrap();
    assert_eq!(
        render(&ext, RENDER_MAX).text,
        "[\n  [\n    1,\n    h'02'\n  ],\n  [\n    -1,\n    h'0102'\n  ]\n]"
    );
    assert_eq!(decode(&[0xa1, 0xc3], Encoding::MessagePack), Ok(Value::Bytes(vec![0xc3])));
    // CBOR: a half float, chunked bytes and text, undefined, bignums that fit and one that does not.
    let v = decode(
        &[
            0x86, 0xf9, 0x3c, 0x00, 0x5f, 0x41, 0x01, 0x41, 0x02, 0xff, 0x7f, 0x61, b'a', 0xff, 0xf7, 0xc3,
            0x41, 0x05, 0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
        Encoding::Cbor,
    )
    .unwrap();
    assert_eq!(
        render(&v, RENDER_MAX).text,
        "[\n  1.0,\n  h'0102',\n  \"a\",\n  null,\n  -6,\n  tag(2) h'010000000000000000'\n]"
    );
    // Bignums as ciborium reads them: one in chunks (the empty one property testing found) or longer than
    // 16 bytes stays a tag, whatever its value; past 64 bits, a tag around the bytes without their leading
    // zeros; a negative one past 128 bits is refused.
    for (bytes, text) in [
        (&[0xc2, 0x5f, 0xff][..], "tag(2) h''"),
        (&[0xc2, 0x5f, 0x41, 0x07, 0xff][..], "tag(2) h'07'"),
        (
            &[0xc2, 0x51, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5][..],
            "tag(2) h'0000000000000000000000000000000005'",
        ),
        (&[0xc2, 0x4a, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0][..], "tag(2) h'010000000000000000'"),
        (&[0xc3, 0x4a, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0][..], "tag(3) h'010000000000000000'"),
        (&[0xc3, 0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff][..], "-18446744073709551616"),
        (&[0xc2, 0x42, 0, 9][..], "9"),
    ] {
        let v = decode(bytes, Encoding::Cbor).unwrap();
        assert_eq!(render(&v, RENDER_MAX).text, text, "{bytes:02x?}");
        assert_eq!(Some(v), reference(bytes, Encoding::Cbor), "{bytes:02x?}");
    }
    let past = [&[0xc3u8, 0x50, 0x80][..], &[0; 15]].concat();
    assert!(decode(&past, Encoding::Cbor).is_err());
    assert_eq!(reference(&past, Encoding::Cbor), None);
    // A declared count far past the bytes is an error, found without allocating for it.
    assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0], Encoding::MessagePack).is_err());
    assert!(decode(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf6], Encoding::Cbor).is_err());
}
