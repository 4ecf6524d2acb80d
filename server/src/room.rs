//! `/room?name=…`: a broadcast room, the shape of a chat server. Every text or binary message a client
//! sends goes, unchanged, to every other client in the same room (not back to its sender). Rooms exist
//! while somebody is in them. Bounded: a slow client skips what it could not keep up with.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use super::{upgrade, Params};

/// How many messages a room holds for a client that is behind.
const ROOM_BACKLOG: usize = 1024;
/// The longest room name.
pub const ROOM_NAME_MAX: usize = 64;
/// The most rooms at once.
const ROOMS_MAX: usize = 1000;

type Rooms = Mutex<HashMap<String, broadcast::Sender<(u64, Message)>>>;

fn rooms() -> &'static Rooms {
    static ROOMS: OnceLock<Rooms> = OnceLock::new();
    ROOMS.get_or_init(Rooms::default)
}

static NEXT_CLIENT: AtomicU64 = AtomicU64::new(1);

pub(super) async fn room(ws: WebSocketUpgrade, axum::extract::Query(q): Params) -> Response {
    let mut name: String = q.get("name").cloned().unwrap_or_else(|| "lobby".to_owned());
    if name.len() > ROOM_NAME_MAX {
        let mut cut = ROOM_NAME_MAX;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
    }
    // Joined before the handshake's answer: once a client's connect returns, it hears everything.
    let (tx, rx) = {
        let mut rooms = rooms().lock().unwrap_or_else(|e| e.into_inner());
        if rooms.len() >= ROOMS_MAX && !rooms.contains_key(&name) {
            rooms.retain(|_, tx| tx.receiver_count() > 0);
            if rooms.len() >= ROOMS_MAX {
                return (StatusCode::SERVICE_UNAVAILABLE, "too many rooms").into_response();
            }
        }
        let tx = rooms.entry(name.clone()).or_insert_with(|| broadcast::channel(ROOM_BACKLOG).0).clone();
        let rx = tx.subscribe();
        (tx, rx)
    };
    upgrade(ws).on_upgrade(move |socket| in_room(socket, name, tx, rx))
}

async fn in_room(
    mut socket: WebSocket,
    name: String,
    tx: broadcast::Sender<(u64, Message)>,
    mut rx: broadcast::Receiver<(u64, Message)>,
) {
    let me = NEXT_CLIENT.fetch_add(1, Ordering::Relaxed);
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(msg @ (Message::Text(_) | Message::Binary(_)))) => {
                    let _ = tx.send((me, msg));
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            relayed = rx.recv() => match relayed {
                Ok((from, msg)) if from != me => {
                    if socket.send(msg).await.is_err() {
                        break;
                    }
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            },
        }
    }
    drop(rx);
    let mut rooms = rooms().lock().unwrap_or_else(|e| e.into_inner());
    if rooms.get(&name).is_some_and(|tx| tx.receiver_count() == 0) {
        rooms.remove(&name);
    }
}
