//! A rehearsal: a short exchange (an open, text, JSON and binary messages, a close) played through a
//! scratch model that nobody sees. The shell plays it while the page is idle after a cold load, so
//! WebAssembly compiles the receive path's code then, instead of in the first frames of the user's first
//! connection (the browser compiles each function the first time it runs). Pure.

use super::{Model, Msg};
use crate::core::connection::SocketEvent;
use crate::core::payload::Payload;
use crate::core::protocol::PageOrigin;
use crate::core::query::QueryParams;

/// The scratch model after the exchange; its log holds one entry of each kind the exchange made.
pub fn rehearse(page: PageOrigin) -> Model {
    let mut m = Model::new(page, &QueryParams::default());
    // The commands (open a socket, …) are dropped: nothing leaves the scratch model.
    let _ = m.update(Msg::Connect, 0);
    let conn = m.connection.conn;
    let events = [
        SocketEvent::Opened { protocol: String::new(), extensions: String::new() },
        SocketEvent::Message(Payload::Text("0000001 rehearsal".into())),
        SocketEvent::Message(Payload::Text(r#"{"type":"tick","n":[1,2.5,"é"],"ok":true}"#.into())),
        SocketEvent::Message(Payload::Binary(vec![0, 1, 2, 0xff].into())),
        SocketEvent::Closed { code: 1000, reason: "done".into(), clean: true },
    ];
    for (at, event) in (1u64..).zip(events) {
        let _ = m.update(Msg::Socket { conn, event }, at);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exchange_goes_through_the_receive_path_and_leaves_the_page_alone() {
        let page = PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() };
        let m = rehearse(page);
        let kinds: Vec<&str> = m.log.iter().map(|e| e.kind.name()).collect();
        // The connect's note ("connecting to …"), then the exchange in order.
        assert_eq!(kinds, ["info", "open", "in", "in", "in", "close"]);
        assert_eq!(m.stats.in_count, 3);
        assert!(m.notices.text().is_empty(), "a rehearsal says nothing: {}", m.notices.text());
    }
}
