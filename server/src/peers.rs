//! Real protocol peers for the lenses: a Socket.IO server (socketioxide) at `/socket.io/`, a GraphQL server
//! speaking `graphql-transport-ws` and `graphql-ws` (async-graphql) at `/graphql`, and a JSON-RPC 2.0 server
//! (jsonrpsee) at `/jsonrpc`. These are the libraries users' servers run, not imitations. Native.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Object, Schema, Subscription};
use async_graphql_axum::{GraphQL, GraphQLSubscription};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get_service};
use axum::{Extension, Router};
use futures_util::Stream;
use jsonrpsee::server::{RpcModule, ServerBuilder, ServerHandle};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::Value;
use socketioxide::extract::{AckSender, Data, SocketRef, TryData};
use socketioxide::SocketIo;

/// How often the Socket.IO server pings, and how long it waits for the pong: short, so that a test sees a
/// client that does not answer dropped within seconds.
pub const SIO_PING_INTERVAL: Duration = Duration::from_millis(1000);
/// See [`SIO_PING_INTERVAL`].
pub const SIO_PING_TIMEOUT: Duration = Duration::from_millis(1000);
/// Upper bound on a GraphQL `ticks` subscription's count, so that every loop is bounded.
pub const MAX_TICKS: i32 = 10_000;

/// Adds the GraphQL and JSON-RPC peers to `router`; the Socket.IO peer is a layer, see [`with_socketio`].
pub fn add(router: Router) -> Router {
    let router = router
        .route(
            "/graphql",
            get_service(GraphQLSubscription::new(graphql_schema()))
                .post_service(GraphQL::new(graphql_schema())),
        )
        .route("/jsonrpc", any(jsonrpc));
    let (rpc, handle) = jsonrpc_service();
    router.layer(Extension(rpc)).layer(Extension(Arc::new(KeepRunning(handle))))
}

/// Wraps the whole `router` (its fallback included) in the Socket.IO layer, which answers `/socket.io/`.
pub fn with_socketio(router: Router) -> Router {
    router.layer(socketio_layer())
}

// ---- Socket.IO ----------------------------------------------------------------------------------------

fn socketio_layer() -> socketioxide::layer::SocketIoLayer {
    let (layer, io) = SocketIo::builder()
        .ping_interval(SIO_PING_INTERVAL)
        .ping_timeout(SIO_PING_TIMEOUT)
        .max_payload(1 << 20)
        .build_layer();
    io.ns("/", on_sio_connect);
    io.ns("/admin", on_sio_connect);
    layer
}

/// Each namespace greets the client with `welcome` (its namespace, id and the auth payload it sent), echoes
/// `chat`, acks any event that asks for one, answers `bin` with a binary attachment, and on `ask` emits a
/// `question` that asks the client for an ack.
async fn on_sio_connect(socket: SocketRef, TryData(auth): TryData<Value>) {
    let auth = auth.unwrap_or(Value::Null);
    let welcome = serde_json::json!({ "nsp": socket.ns(), "sid": socket.id.to_string(), "auth": auth });
    socket.emit("welcome", &welcome).ok();
    socket.on("chat", async |s: SocketRef, Data::<Value>(data), ack: AckSender| {
        s.emit("chat", &data).ok();
        ack.send(&serde_json::json!({ "ok": true })).ok();
    });
    socket.on("bin", async |s: SocketRef, Data::<Value>(data)| {
        let bytes = bytes::Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);
        s.emit("bin", &(data, bytes)).ok();
    });
    socket.on("ask", async |s: SocketRef| {
        if let Ok(reply) = s.timeout(Duration::from_secs(10)).emit_with_ack::<_, Value>("question", "ready?")
        {
            if let Ok(answer) = reply.await {
                s.emit("answered", &answer).ok();
            }
        }
    });
}

// ---- GraphQL ------------------------------------------------------------------------------------------

type GqlSchema = Schema<Query, Mutation, Ticks>;

fn graphql_schema() -> GqlSchema {
    Schema::build(Query, Mutation, Ticks).limit_depth(16).limit_complexity(1000).finish()
}

/// Queries of the test GraphQL server.
pub struct Query;

#[Object]
impl Query {
    /// `Hello, <name>!`.
    async fn hello(&self, name: Option<String>) -> String {
        format!("Hello, {}!", name.as_deref().unwrap_or("world"))
    }

    /// The sum of two integers (saturating).
    async fn add(&self, a: i32, b: i32) -> i32 {
        a.saturating_add(b)
    }
}

/// Mutations of the test GraphQL server.
pub struct Mutation;

#[Object]
impl Mutation {
    /// Returns its text.
    async fn echo(&self, text: String) -> String {
        text
    }
}

/// Subscriptions of the test GraphQL server.
pub struct Ticks;

#[Subscription]
impl Ticks {
    /// `count` numbers from 1, one every `every_ms` milliseconds, then completes.
    async fn ticks(
        &self,
        #[graphql(default = 3)] count: i32,
        #[graphql(default = 100)] every_ms: i32,
    ) -> impl Stream<Item = i32> {
        let count = count.clamp(0, MAX_TICKS);
        let every = Duration::from_millis(every_ms.clamp(1, 60_000) as u64);
        futures_util::stream::unfold(0, move |n| async move {
            if n >= count {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((n + 1, n + 1))
        })
    }
}

// ---- JSON-RPC -----------------------------------------------------------------------------------------

type RpcService = jsonrpsee::server::TowerService<tower::layer::util::Identity, tower::layer::util::Identity>;

/// Owns the jsonrpsee server's handle: the service stops when it is dropped, so the router keeps it.
struct KeepRunning(#[allow(dead_code)] ServerHandle);

fn jsonrpc_service() -> (RpcService, ServerHandle) {
    let mut module = RpcModule::new(());
    module
        .register_method("add", |params, _, _| {
            let (a, b): (i64, i64) = params.parse()?;
            Ok::<_, ErrorObjectOwned>(a.saturating_add(b))
        })
        .expect("fresh name");
    module.register_method("echo", |params, _, _| params.parse::<Value>()).expect("fresh name");
    module.register_method("hello", |_, _, _| "hello").expect("fresh name");
    module
        .register_method("fail", |_, _, _| {
            Err::<(), _>(ErrorObjectOwned::owned(-32000, "this method always fails", Some("on purpose")))
        })
        .expect("fresh name");
    let (stop, handle) = jsonrpsee::server::stop_channel();
    let svc = ServerBuilder::new().to_service_builder().build(module, stop);
    (svc, handle)
}

async fn jsonrpc(Extension(svc): Extension<RpcService>, req: Request) -> Response {
    use tower::Service;
    let mut svc = svc;
    match svc.call(req).await {
        Ok(response) => response.into_response(),
        Err(e) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
