//! Tests of `json`: against `serde_json` (a native dev-dependency), which the app used before.

use super::*;
use proptest::prelude::*;

fn theirs(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(text)
}

/// Whether any object in `v` has a key twice (`serde_json` keeps one of them, this module both).
fn has_duplicates(v: &Value) -> bool {
    match v {
        Value::Array(items) => items.iter().any(has_duplicates),
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            keys.windows(2).any(|w| w[0] == w[1]) || m.values().any(has_duplicates)
        }
        _ => false,
    }
}

/// `each_member` hands over, in order, the members `from_str` reads, and fails where it fails.
fn members_agree(text: &str) {
    let mut seen = Map::new();
    let got = each_member(text, |k, v| {
        seen.push(k.to_owned(), v);
        Ok::<(), ()>(())
    });
    match from_str(text) {
        Ok(Value::Object(m)) => {
            assert_eq!(got, Ok(()), "{text:?}");
            assert_eq!(Value::Object(seen), Value::Object(m), "{text:?}");
        }
        Ok(_) => assert_eq!(got, Err(MemberError::NotAnObject), "{text:?}"),
        Err(e) => assert_eq!(got, Err(MemberError::Json(e)), "{text:?}"),
    }
}

/// Reads `text` with both; they must agree on whether it is JSON, on what it says (written back the
/// same, compact and indented), and on where it is wrong. `each_member` agrees with `from_str`.
fn agree(text: &str) {
    members_agree(text);
    match (from_str(text), theirs(text)) {
        (Ok(mine), Ok(their)) => {
            assert!(check(text).is_ok(), "{text:?}");
            if !has_duplicates(&mine) {
                assert_eq!(mine.to_string(), their.to_string(), "{text:?}");
                assert_eq!(mine.to_pretty(), serde_json::to_string_pretty(&their).unwrap(), "{text:?}");
            }
        }
        (Err(mine), Err(their)) => {
            assert_eq!(
                (mine.line(), mine.column()),
                (their.line(), their.column()),
                "{text:?}: {mine} / {their}"
            );
            assert_eq!(mine.to_string(), their.to_string(), "{text:?}");
        }
        (mine, their) => panic!("{text:?}: mine {mine:?}, serde_json {their:?}"),
    }
}

#[test]
fn reads_and_writes_ordinary_documents_as_serde_json_does() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "12",
        "-12",
        "1.5",
        "1e3",
        "1E-3",
        "-2.5e+10",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "0.1",
        "123456789.123456789",
        "5e-324",
        "1.7976931348623157e308",
        r#""""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e9\u4e2d\ud83d\ude00 é 中 😀""#,
        "\"\u{7f}\u{80}\"",
        "[]",
        "{}",
        "[ ]",
        "[1,[2,[3,{}]],{\"a\":[]}]",
        "{\"b\":1,\"a\":{\"c\":[true,null]}}",
        "\n\t{ \"x\" : 1 , \"y\" : [ 1 , 2 ] }\r\n",
    ] {
        agree(text);
    }
}

#[test]
fn refuses_what_serde_json_refuses_at_the_same_place() {
    for text in [
        "",
        " ",
        "nul",
        "nulls",
        "tru",
        "x",
        "01",
        "-",
        "-a",
        "1.",
        "1.a",
        "1e",
        "1e+",
        ".5",
        "+1",
        "1e400",
        "-1e400",
        "\"abc",
        "\"a\nb\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\udc00\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[1 2]",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{\"a\":1 \"b\":2}",
        "1 2",
        "{}x",
        "{\n  \"a\": 1,\n  oops\n}",
    ] {
        agree(text);
    }
}

#[test]
fn nesting_stops_at_the_same_depth() {
    for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
        agree(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        agree(&format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
    }
    // A hostile depth is refused at the limit, not recursed into.
    let deep = "[".repeat(1_000_000);
    assert_eq!(from_str(&deep).unwrap_err().message(), "recursion limit exceeded");
    assert!(check(&deep).is_err());
}

#[test]
fn keeps_every_member_in_order_and_finds_the_last() {
    let v = from_str(r#"{"b":1,"a":2,"b":3}"#).unwrap();
    assert_eq!(v.to_string(), r#"{"b":1,"a":2,"b":3}"#);
    assert_eq!(v["b"].as_u64(), Some(3));
    assert_eq!(v["missing"], Value::Null);
    let mut m = v.as_object().unwrap().clone();
    assert_eq!(m.insert("a".into(), json!(9)), Some(json!(2)));
    assert_eq!(m.remove("b"), Some(json!(3)));
    assert_eq!(Value::Object(m).to_string(), r#"{"a":9}"#);
}

#[test]
fn members_are_handed_over_until_one_is_refused() {
    let mut keys = Vec::new();
    let got = each_member(r#"{"a":1,"b\u0041":[2],"c":3}"#, |k, v| {
        keys.push(k.to_owned());
        if v.is_array() {
            return Err(format!("{k} is a list"));
        }
        Ok(())
    });
    assert_eq!(got, Err(MemberError::Refused("bA is a list".to_owned())));
    assert_eq!(keys, ["a", "bA"]);
    assert_eq!(each_member(" { } ", |_, _| Err(())), Ok(()));
}

#[test]
fn the_prefix_reader_stops_after_one_value() {
    assert_eq!(from_str_prefix(" {\"a\":1} , 2").unwrap(), (json!({ "a": 1 }), 8));
    assert_eq!(from_str_prefix("[1]]").unwrap(), (json!([1]), 3));
    assert!(from_str_prefix("[1").is_err());
}

#[test]
fn the_macro_builds_what_it_says() {
    let name = String::from("n");
    let tags = vec!["x".to_owned(), "y".to_owned()];
    let missing: Option<u64> = None;
    let v = json!({
        "name": name,
        "n": 1 + 2,
        "neg": -4,
        "f": 0.5,
        "tags": tags,
        "none": missing,
        "null": null,
        "nested": { "list": [1, "two", { "three": true }], "empty": {}, "none": [] },
        "call": tags.iter().map(|t| json!({ "t": t })).collect::<Vec<_>>(),
    });
    assert_eq!(
        v.to_string(),
        r#"{"name":"n","n":3,"neg":-4,"f":0.5,"tags":["x","y"],"none":null,"null":null,"nested":{"list":[1,"two",{"three":true}],"empty":{},"none":[]},"call":[{"t":"x"},{"t":"y"}]}"#
    );
    let mut payload = json!({ "query": "q" });
    payload["operationName"] = json!("op");
    assert_eq!(payload.to_string(), r#"{"query":"q","operationName":"op"}"#);
    assert_eq!(json!(f64::NAN), Value::Null);
}

#[test]
fn strings_escape_as_json_stringify_does() {
    assert_eq!(quote("a\"b\\c\n\u{1}\u{1f}\u{7f}é/"), "\"a\\\"b\\\\c\\n\\u0001\\u001f\u{7f}é/\"");
    assert_eq!(quote("\u{8}\u{c}\r\t"), "\"\\b\\f\\r\\t\"");
}

/// Any JSON value, as `serde_json` holds it (so keys are unique).
fn any_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(serde_json::Value::from),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
        "[\u{0}-\u{7f}]{0,8}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::vec(("[a-z\"\\\\é]{0,4}", inner), 0..8)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_document_reads_back_and_writes_as_serde_json_writes_it(v in any_value()) {
        let compact = v.to_string();
        let mine = from_str(&compact).unwrap();
        prop_assert_eq!(mine.to_string(), compact);
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        let mine = from_str(&pretty).unwrap();
        prop_assert_eq!(mine.to_pretty(), pretty);
    }

    #[test]
    fn any_text_is_judged_as_serde_json_judges_it(text in "[\\[\\]{}\":,0-9.eE+\\- tfalsenuxr\\\\\n]{0,24}") {
        agree(&text);
    }

    #[test]
    fn any_damaged_document_is_judged_as_serde_json_judges_it(v in any_value(), cut in any::<prop::sample::Index>(), with in any::<char>()) {
        let mut text = v.to_string();
        let at = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).nth(cut.index(text.len() + 1)).unwrap_or(0);
        text.insert(at, with);
        agree(&text);
        text.truncate(at);
        agree(&text);
    }
}
