//! The whole App mounted into a fresh element and driven through the contract's ids, as a person would.

use super::{fresh_root, wait_until, ws_url};
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

pub struct Page {
    pub root: Element,
    /// The mounted app; destroyed with the page so that no socket, timer or object URL outlives a test.
    app: Option<yew::AppHandle<sockpit::app::App>>,
}

impl Page {
    pub async fn mount() -> Page {
        let root = fresh_root();
        let app = yew::Renderer::<sockpit::app::App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        // The panels behind the first render come one task later.
        let r = root.clone();
        super::wait_until("the whole app drawn", 2000, || {
            r.query_selector("main[data-settled]").ok().flatten().is_some()
        })
        .await;
        Page { root, app: Some(app) }
    }

    pub fn el(&self, id: &str) -> Element {
        self.root.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("no #{id}"))
    }

    pub fn text(&self, id: &str) -> String {
        self.el(id).text_content().unwrap_or_default()
    }

    pub fn state(&self) -> String {
        self.el("status").get_attribute("data-state").unwrap_or_default()
    }

    pub async fn type_into(&self, id: &str, value: &str) {
        let el = self.el(id);
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
        let init = EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
        yew::scheduler::flush().await;
    }

    pub async fn choose(&self, id: &str, value: &str) {
        let el = self.el(id);
        el.dyn_ref::<HtmlSelectElement>().unwrap().set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
        yew::scheduler::flush().await;
    }

    pub async fn click(&self, id: &str) {
        self.el(id).dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    pub fn entries(&self, kind: &str) -> Vec<String> {
        let list =
            self.root.query_selector_all(&format!("#message-log .log-entry[data-kind={kind}]")).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    pub async fn connect(&self, path: &str) {
        self.type_into("url-input", &ws_url(path)).await;
        self.click("connect-button").await;
        wait_until("data-state=open", 5000, || self.state() == "open").await;
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

impl Page {
    pub async fn click_entry(&self, seq: u64) {
        let row = self
            .root
            .query_selector(&format!("#message-log .log-entry[data-seq=\"{seq}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no drawn entry {seq}"));
        row.dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    /// Clicks the `n`-th received entry (0 = oldest).
    pub async fn click_in(&self, n: u32) {
        let list = self.root.query_selector_all("#message-log .log-entry[data-kind=in]").unwrap();
        list.item(n).unwrap().dyn_ref::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }

    pub fn detail(&self) -> Element {
        self.el("entry-detail")
    }

    pub async fn send(&self, format: &str, text: &str) {
        self.choose("send-format", format).await;
        self.type_into("text-view", text).await;
        self.click("tsend-button").await;
    }
}
