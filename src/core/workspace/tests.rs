//! Tests of the workspace: variables and their errors, captures, the library, the history, the
//! on-connect sequence on an injected clock, and share links (round trip and size limit).

use super::capture::{apply, parse_path, parse_rules, Step};
use super::history::{History, HISTORY_MAX};
use super::library::{Library, Saved};
use super::sequence::{Progress, Sequence};
use super::share::Shared;
use super::vars::{expand, iso_utc, parse_user_vars, Env, Rng, VarError, VarMap};
use super::*;
use crate::core::payload::SendFormat;

fn env<'a>(user: &'a VarMap, captured: &'a VarMap) -> Env<'a> {
    Env { now_ms: 1_715_000_000_123, counter: 7, user, captured }
}

#[test]
fn builtins_expand() {
    let (user, captured) = (VarMap::new(), VarMap::new());
    let mut rng = Rng(42);
    let out = expand("{{counter}} {{ now }} {{iso}}", &env(&user, &captured), &mut rng).unwrap();
    assert_eq!(out.text, "7 1715000000123 2024-05-06T12:53:20.123Z");
    assert!(out.counted);
    let uuid = expand("{{uuid}}", &env(&user, &captured), &mut rng).unwrap().text;
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4", "version 4: {uuid}");
    assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "variant: {uuid}");
    for _ in 0..200 {
        let n: i64 =
            expand("{{random -3 3}}", &env(&user, &captured), &mut rng).unwrap().text.parse().unwrap();
        assert!((-3..=3).contains(&n));
    }
    let one: i64 = expand("{{random 5 5}}", &env(&user, &captured), &mut rng).unwrap().text.parse().unwrap();
    assert_eq!(one, 5);
    let wide =
        expand("{{random -9223372036854775808 9223372036854775807}}", &env(&user, &captured), &mut rng);
    assert!(wide.is_ok());
}

#[test]
fn iso_dates_are_right_across_leap_years_and_the_epoch() {
    assert_eq!(iso_utc(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(iso_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
    assert_eq!(iso_utc(4_102_444_799_999), "2099-12-31T23:59:59.999Z");
}

#[test]
fn user_and_captured_variables_and_the_escape() {
    let user: VarMap = [("name".to_owned(), "Ada".to_owned())].into();
    let captured: VarMap = [("token".to_owned(), "t0k".to_owned())].into();
    let mut rng = Rng(1);
    let out = expand(
        r#"{"hi": "{{name}}", "auth": "{{token}}", "raw": "\{{name}}"}"#,
        &env(&user, &captured),
        &mut rng,
    )
    .unwrap();
    assert_eq!(out.text, r#"{"hi": "Ada", "auth": "t0k", "raw": "{{name}}"}"#);
    assert!(!out.counted);
}

#[test]
fn bad_templates_name_the_problem() {
    let (user, captured) = (VarMap::new(), VarMap::new());
    let mut rng = Rng(1);
    let e = |t: &str| expand(t, &env(&user, &captured), &mut Rng(1)).unwrap_err();
    assert_eq!(e("hi {{who}}"), VarError::Unknown("who".into()));
    assert!(e("hi {{who}}").to_string().contains("{{who}}"));
    assert_eq!(e("a {{b"), VarError::Unclosed { at: 3 });
    assert_eq!(e("{{random 3 1}}"), VarError::BadRandom("3 1".into()));
    assert_eq!(e("{{random x 1}}"), VarError::BadRandom("x 1".into()));
    assert_eq!(e("{{random 1}}"), VarError::BadRandom("1".into()));
    assert_eq!(e("{{now please}}"), VarError::Unknown("now please".into()));
    assert!(expand("no variables } here {", &env(&user, &captured), &mut rng).is_ok());
}

#[test]
fn the_variables_editor_reads_lines_and_names_bad_ones() {
    let (vars, errors) = parse_user_vars(
        "# a comment\nname = Ada\nsecret token = s3cr=t\n\nbad line\n1x = 2\nuuid = no\nname = Grace",
    );
    assert_eq!(vars.len(), 2);
    assert_eq!((vars[0].name.as_str(), vars[0].value.as_str(), vars[0].secret), ("token", "s3cr=t", true));
    assert_eq!(
        (vars[1].name.as_str(), vars[1].value.as_str()),
        ("name", "Grace"),
        "the last definition wins"
    );
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("line 5"));
    assert!(errors[2].contains("built in"));
}

#[test]
fn the_counter_moves_per_message_and_restarts_per_connection() {
    let mut ws = Workspace::default();
    assert_eq!(ws.expand("#{{counter}} and again {{counter}}", 0).unwrap(), "#1 and again 1");
    assert_eq!(ws.expand("#{{counter}}", 0).unwrap(), "#2");
    assert_eq!(ws.expand("no counter", 0).unwrap(), "no counter");
    assert_eq!(ws.preview("#{{counter}}", 0).unwrap().unwrap(), "#3", "the preview shows the next value");
    assert_eq!(ws.expand("#{{counter}}", 0).unwrap(), "#3", "and changes nothing");
    ws.opened("ws://x/", "", 5);
    assert_eq!(ws.expand("#{{counter}}", 0).unwrap(), "#1");
}

#[test]
fn secrets_are_masked_in_the_preview_and_never_shared() {
    let mut ws = Workspace::default();
    ws.set_variables("secret token = hunter2\nuser = ada".into());
    assert_eq!(ws.preview("{{user}}:{{token}}", 0).unwrap().unwrap(), "ada:••••••");
    assert_eq!(ws.expand("{{user}}:{{token}}", 0).unwrap(), "ada:hunter2");
    let shared = Shared::public_variables(ws.user_vars());
    assert_eq!(shared, vec![("user".to_owned(), "ada".to_owned())]);
}

#[test]
fn json_paths_and_regex_groups_capture() {
    assert_eq!(
        parse_path("$.auth.items[2].id").unwrap(),
        vec![Step::Key("auth".into()), Step::Key("items".into()), Step::Index(2), Step::Key("id".into())]
    );
    assert!(parse_path("$.a[x]").is_err());
    assert!(parse_path("$").is_err());
    let (rules, errors) = parse_rules("token = json $.auth.token\nn = json list[1]\nsession = regex session=(\\w+)\nbad = nothing\nx = regex (");
    assert_eq!(rules.len(), 3);
    assert_eq!(errors.len(), 2, "{errors:?}");
    let got = apply(&rules, r#"{"auth":{"token":"abc"},"list":[1,{"k":2}],"s":"session=xyz"}"#);
    assert_eq!(
        got,
        vec![
            ("token".to_owned(), "abc".to_owned()),
            ("n".to_owned(), r#"{"k":2}"#.to_owned()),
            ("session".to_owned(), "xyz".to_owned())
        ]
    );
    assert!(apply(&rules, "not json at all").is_empty());
    let mut ws = Workspace::default();
    ws.set_captures("token = json auth.token".into());
    assert_eq!(ws.received(r#"{"auth":{"token":"T1"}}"#), vec!["token".to_owned()]);
    assert_eq!(ws.expand("Bearer {{token}}", 0).unwrap(), "Bearer T1");
    ws.captures_on = false;
    assert!(ws.received(r#"{"auth":{"token":"T2"}}"#).is_empty());
}

#[test]
fn the_library_saves_renames_duplicates_reorders_and_undoes() {
    let mut lib = Library::default();
    assert_eq!(lib.save("hello", SendFormat::Text, "hi", None), Ok(Saved::Added));
    assert_eq!(lib.save(" auth ", SendFormat::Json, "{}", Some(vec!["login".into()])), Ok(Saved::Added));
    assert_eq!(lib.save("hello", SendFormat::Hex, "00", None), Ok(Saved::Replaced));
    assert!(lib.save("  ", SendFormat::Text, "x", None).is_err());
    assert_eq!(lib.get("hello").unwrap().format, SendFormat::Hex);
    assert_eq!(lib.duplicate("hello").unwrap(), "hello copy");
    assert_eq!(lib.duplicate("hello").unwrap(), "hello copy 2");
    let names = |l: &Library| l.items().iter().map(|i| i.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&lib), ["hello", "hello copy 2", "hello copy", "auth"]);
    assert!(lib.rename("hello copy", "auth").is_err());
    lib.rename("hello copy", "bye").unwrap();
    lib.move_by("auth", -10);
    assert_eq!(names(&lib), ["auth", "hello", "hello copy 2", "bye"]);
    lib.move_before("bye", Some("hello"));
    assert_eq!(names(&lib), ["auth", "bye", "hello", "hello copy 2"]);
    lib.delete("bye");
    assert_eq!(lib.undo().as_deref(), Some("bye"));
    assert_eq!(names(&lib), ["auth", "bye", "hello", "hello copy 2"]);
    assert_eq!(lib.matching("#login").count(), 1);
    assert_eq!(lib.matching("HELLO").count(), 2);
    assert_eq!(lib.matching("").count(), 4);

    let file = lib.export();
    let mut other = Library::default();
    assert_eq!(other.import(&file).unwrap(), (4, 0, vec![]));
    assert_eq!(other.items(), lib.items());
    let (added, replaced, errors) =
        other.import(r#"{"items":[{"name":"new","format":"base64","body":"AA=="},{"name":"auth","format":"json","body":"[]"},{"name":"","format":"text","body":""},{"name":"x","format":"nope","body":""}]}"#).unwrap();
    assert_eq!((added, replaced, errors.len()), (1, 1, 2));
    assert!(other.import("not json").is_err());
}

#[test]
fn the_history_keeps_the_last_fifty_most_recent_first() {
    let mut h = History::default();
    for i in 0..60 {
        h.opened(&format!("ws://h/{i}"), "", i);
    }
    h.opened("ws://h/55", "", 100);
    let urls: Vec<&str> = h.visits().map(|v| v.url.as_str()).collect();
    assert_eq!(urls.len(), HISTORY_MAX);
    assert_eq!(urls[0], "ws://h/55");
    assert_eq!(urls[1], "ws://h/59");
    assert!(!urls.contains(&"ws://h/9"));
    h.remove("ws://h/55");
    assert_eq!(h.visits().len(), HISTORY_MAX - 1);
    h.clear();
    assert_eq!(h.visits().len(), 0);
}

#[test]
fn the_sequence_sends_waits_and_stops_on_an_injected_clock() {
    let mut s = Sequence::default();
    s.set_text("auth | wait \"ok\":true up to 500 ms\nsubscribe\nping | wait pong up to 1000\n\nbad | wait x up to lots".into());
    assert_eq!(s.steps().len(), 3);
    assert_eq!(s.errors().len(), 1);
    let go = s.opened(1000);
    assert_eq!(go.send, vec!["auth"]);
    assert_eq!(s.due(), Some(1500));
    assert!(s.received("\"ok\":false", 1100).send.is_empty());
    assert_eq!(s.tick(1499), None);
    let go = s.received("{\"ok\":true}", 1200);
    assert_eq!(go.send, vec!["subscribe", "ping"]);
    assert_eq!(s.due(), Some(2200));
    let why = s.tick(2200).unwrap();
    assert!(why.contains("step 3") && why.contains("\"ping\"") && why.contains("pong"), "{why}");
    assert!(matches!(s.progress(), Progress::Stopped { step: 2, .. }));
    // Every open runs it again.
    assert_eq!(s.opened(5000).send, vec!["auth"]);
    assert_eq!(s.runs, 2);
    s.received("ok\":true", 5001);
    assert!(s.received("pong", 5002).send.is_empty(), "the first wait is not over yet");
    s.received("\"ok\":true", 5003);
    s.received("pong", 5004);
    assert_eq!(s.progress(), &Progress::Done { steps: 3 });
    s.enabled = false;
    assert!(s.opened(6000).send.is_empty());
}

// Native only: the page's DEFLATE is the browser's; here miniz_oxide (a native dev-dependency) stands in.
#[cfg(not(target_arch = "wasm32"))]
mod links {
    use super::*;
    use crate::core::workspace::share::{ShareError, INFLATED_MAX, LINK_MAX, NOT_INFLATED};

    #[test]
    fn a_share_link_round_trips_and_refuses_to_grow_too_long() {
        let mut lib = Library::default();
        lib.save("hello", SendFormat::Text, "hi {{name}}", Some(vec!["demo".into()])).unwrap();
        lib.save("bin", SendFormat::Hex, "00 ff", None).unwrap();
        let shared = Shared {
            url: "ws://127.0.0.1:9001/echo".into(),
            protocols: "chat".into(),
            items: lib.items().to_vec(),
            variables: vec![("name".into(), "Ada".into())],
            captures: "token = json auth.token".into(),
            replies: vec![("^ping$".into(), "pong".into())],
            sequence: "hello".into(),
        };
        let fragment = link(&shared).unwrap();
        assert!(fragment.starts_with("share="));
        assert!(
            fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)),
            "URL-safe: {fragment}"
        );
        let (back, errors) = open(&format!("#{fragment}")).unwrap().unwrap();
        assert_eq!(back, shared);
        assert!(errors.is_empty());
        assert!(back.summary().iter().any(|l| l.contains("switched off")));

        // Incompressible content beyond the limit is refused, naming its length.
        let mut rng = Rng(9);
        let noise: String = (0..LINK_MAX).map(|_| format!("{:x}", rng.next_u64())).collect();
        let mut big = shared.clone();
        big.items[0].body = noise;
        match link(&big) {
            Err(ShareError::TooBig { chars }) => assert!(chars > LINK_MAX),
            other => panic!("{other:?}"),
        }
        assert!(open("#other=1").is_none());
        assert!(open("#share=!!!").unwrap().is_err(), "not base64url");
        assert!(open("#share=AAAA").unwrap().is_err(), "not DEFLATE");
        let not_json = Shared::fragment_of(&miniz_oxide::deflate::compress_to_vec(b"{not json", 9)).unwrap();
        assert_eq!(open(&not_json).unwrap().unwrap_err(), "the link is damaged (not JSON)");
    }

    /// A link made as the page makes it: the JSON deflated (raw DEFLATE, as the browser's
    /// `CompressionStream("deflate-raw")` does), then encoded.
    fn link(shared: &Shared) -> Result<String, ShareError> {
        Shared::fragment_of(&miniz_oxide::deflate::compress_to_vec(&shared.link_json(), 9))
    }

    /// A link read as the page reads it: decoded, inflated (at most `INFLATED_MAX`), then parsed.
    fn open(fragment: &str) -> Option<Result<(Shared, Vec<String>), String>> {
        Shared::deflated_of(fragment).map(|bytes| {
            let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes?, INFLATED_MAX)
                .map_err(|_| NOT_INFLATED.to_owned())?;
            Shared::from_inflated(&json)
        })
    }
}

#[test]
fn a_var_map_keeps_names_in_order_and_one_value_a_name() {
    let mut m = VarMap::new();
    assert!(m.is_empty());
    for (n, v) in [("token", "a"), ("id", "1"), ("zeta", "z"), ("id", "2"), ("", "empty")] {
        m.insert(n.to_owned(), v.to_owned());
    }
    let pairs: Vec<(&str, &str)> = m.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("", "empty"), ("id", "2"), ("token", "a"), ("zeta", "z")]);
    assert_eq!(m.insert("token".into(), "b".into()), Some("a".to_owned()));
    assert_eq!(m.get("token").map(String::as_str), Some("b"));
    assert!(m.contains_key("zeta") && !m.contains_key("zet"));
    assert_eq!((m.len(), m.get("nope")), (4, None));
}
