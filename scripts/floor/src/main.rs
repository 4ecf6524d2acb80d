//! The size floor of Sockpit's fixed stack: a WebSocket tool with the least a user could call one (an
//! address, connect, send, close with a code, a log of what came in and went out), written on Yew and
//! web-sys as Sockpit is. Whatever this costs, Sockpit cannot cost less.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, HtmlInputElement, MessageEvent, WebSocket};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
struct Entry {
    id: u64,
    kind: &'static str,
    text: String,
}

#[derive(Clone, Default, PartialEq)]
struct Log {
    entries: Vec<Entry>,
    next: u64,
    status: String,
}

enum Act {
    Push(&'static str, String),
    Status(String),
    Clear,
}

impl Reducible for Log {
    type Action = Act;
    fn reduce(self: Rc<Self>, act: Act) -> Rc<Self> {
        let mut log = Rc::unwrap_or_clone(self);
        match act {
            Act::Push(kind, text) => {
                log.next += 1;
                let id = log.next;
                log.entries.push(Entry { id, kind, text });
                if log.entries.len() > 1000 {
                    log.entries.remove(0);
                }
            }
            Act::Status(text) => log.status = text,
            Act::Clear => log.entries.clear(),
        }
        Rc::new(log)
    }
}

struct Socket {
    ws: WebSocket,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
    _open: Closure<dyn FnMut()>,
}

#[derive(Properties, PartialEq)]
struct RowProps {
    entry: Entry,
}

#[function_component]
fn Row(props: &RowProps) -> Html {
    let e = &props.entry;
    html! { <li class={classes!("row", e.kind)}><span class="kind">{e.kind}</span><span>{&e.text}</span></li> }
}

#[function_component]
fn App() -> Html {
    let log = use_reducer(Log::default);
    let url = use_state(|| "ws://127.0.0.1:9001/echo".to_string());
    let message = use_node_ref();
    let socket = use_mut_ref(|| None::<Socket>);
    let connect = {
        let (log, url, socket) = (log.clone(), url.clone(), socket.clone());
        Callback::from(move |_| {
            let ws = match WebSocket::new(&url) {
                Ok(ws) => ws,
                Err(e) => return log.dispatch(Act::Status(format!("{e:?}"))),
            };
            let l = log.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                l.dispatch(Act::Push("in", e.data().as_string().unwrap_or_default()))
            });
            let l = log.clone();
            let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
                let text = format!("{} {} {}", e.code(), e.reason(), e.was_clean());
                l.dispatch(Act::Push("close", text))
            });
            let l = log.clone();
            let on_open = Closure::<dyn FnMut()>::new(move || l.dispatch(Act::Status("open".into())));
            ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
            ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            *socket.borrow_mut() =
                Some(Socket { ws, _message: on_message, _close: on_close, _open: on_open });
        })
    };
    let send = {
        let (log, message, socket) = (log.clone(), message.clone(), socket.clone());
        Callback::from(move |_| {
            if let (Some(s), Some(input)) = (socket.borrow().as_ref(), message.cast::<HtmlInputElement>()) {
                if s.ws.send_with_str(&input.value()).is_ok() {
                    log.dispatch(Act::Push("out", input.value()));
                    input.set_value("");
                }
            }
        })
    };
    let stop = {
        let socket = socket.clone();
        Callback::from(move |_| {
            if let Some(s) = socket.borrow().as_ref() {
                let _ = s.ws.close_with_code_and_reason(1000, "bye");
            }
        })
    };
    let clear = {
        let log = log.clone();
        Callback::from(move |_| log.dispatch(Act::Clear))
    };
    let oninput = {
        let url = url.clone();
        Callback::from(move |e: InputEvent| url.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <div class="app">
            <header><h1>{"Sockpit"}</h1><span id="status">{&log.status}</span></header>
            <input id="url" value={(*url).clone()} {oninput} />
            <button id="connect-button" onclick={connect}>{"Connect"}</button>
            <button id="stop-button" onclick={stop}>{"Close"}</button>
            <input id="text-view" ref={message} />
            <button id="tsend-button" onclick={send}>{"Send"}</button>
            <button onclick={clear}>{"Clear"}</button>
            <ul id="log">{ for log.entries.iter().map(|e| html! { <Row key={e.id} entry={e.clone()} /> }) }</ul>
        </div>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
