//! Share links through the model: the browser deflates and inflates (here miniz_oxide stands in for
//! `CompressionStream` / `DecompressionStream`, both raw DEFLATE).

use super::*;
use crate::core::workspace::share::INFLATED_MAX;
use crate::core::workspace::Msg as Ws;

fn deflated(cmds: &[Cmd]) -> Vec<u8> {
    match cmds {
        [Cmd::Deflate(json)] => miniz_oxide::deflate::compress_to_vec(json, 9),
        other => panic!("expected one Deflate, got {other:?}"),
    }
}

#[test]
fn a_link_is_made_by_the_browsers_deflate_and_read_back_by_its_inflate() {
    let mut m = model();
    m.up(Conn::UrlEdited("ws://127.0.0.1:9001/echo".into()), 1);
    m.up(Ws::NameEdited("greet".into()), 2);
    m.up(Comp::DraftEdited("hello".into()), 3);
    m.up(Ws::Save, 4);
    let cmds = m.up(Ws::Share, 5);
    assert!(m.workspace.share.is_none(), "no link until the browser has deflated it");
    m.up(Ws::Deflated(Ok(deflated(&cmds))), 6);
    let fragment = m.workspace.share.clone().expect("a link").expect("not too big");
    assert!(fragment.starts_with("share="), "{fragment}");

    // A fresh page opened from it: the bytes go to the browser, what comes back waits for the import.
    let mut fresh = model();
    let cmds = fresh.up(Ws::LinkOpened(format!("#{fragment}")), 10);
    let (bytes, max) = match &cmds[..] {
        [Cmd::Inflate { bytes, max }] => (bytes.clone(), *max),
        other => panic!("expected one Inflate, got {other:?}"),
    };
    assert_eq!(max, INFLATED_MAX);
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, max).unwrap();
    fresh.up(Ws::Inflated(Ok(json)), 11);
    let incoming = fresh.workspace.incoming.as_ref().expect("an offer");
    assert_eq!(incoming.shared.url, "ws://127.0.0.1:9001/echo");
    assert_eq!(incoming.shared.items.len(), 1);
    fresh.up(Ws::ShareImport, 12);
    assert!(fresh.workspace.library.get("greet").is_some());
}

#[test]
fn a_link_the_browser_could_not_deflate_or_inflate_says_so() {
    let mut m = model();
    m.up(Ws::Share, 1);
    m.up(Ws::Deflated(Err("TypeError: no".into())), 2);
    let said = m.workspace.share.clone().unwrap().unwrap_err();
    assert!(said.contains("could not compress"), "{said}");

    let mut fresh = model();
    assert!(fresh.up(Ws::LinkOpened("#other=1".into()), 3).is_empty(), "not a share: nothing to do");
    assert!(fresh.up(Ws::LinkOpened("#share=!!!".into()), 4).is_empty(), "not base64url: refused at once");
    assert!(fresh.notices.text().contains("not base64url"), "{}", fresh.notices.text());
    fresh.up(Ws::Inflated(Err("TypeError: bad".into())), 5);
    assert!(fresh.notices.text().contains("does not inflate"), "{}", fresh.notices.text());
    assert!(fresh.workspace.incoming.is_none());
}
