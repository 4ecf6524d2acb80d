//! The page: joins the workbench hook to the components. Browser view.

use yew::prelude::*;

use crate::components::close_controls::CloseControls;
use crate::components::composer::Composer;
use crate::components::connection_bar::ConnectionBar;
use crate::components::entry_detail::EntryDetail;
use crate::components::log_toolbar::LogToolbar;
use crate::components::log_view::LogView;
use crate::components::notice::Notice;
use crate::components::reconnect_status::ReconnectStatus;
use crate::components::session_panel::{SessionPanel, SessionView};
use crate::components::stats_bar::StatsBar;
use crate::components::status_badge::StatusBadge;
use crate::core::export::ExportFormat;
use crate::core::filter::KindSet;
use crate::core::model::{Model, Msg};
use crate::core::payload::SendFormat;
use crate::hooks::{use_workbench, WorkbenchHandle};
use crate::platform::{file, page};

/// Every callback the page hands its components, made once: they only hold the workbench, so equal
/// props stay equal from frame to frame and components whose data did not change are not redrawn.
struct Callbacks {
    onurl: Callback<String>,
    onprotocols: Callback<String>,
    onconnect: Callback<()>,
    onreconnect: Callback<bool>,
    oncode: Callback<String>,
    onreason: Callback<String>,
    onclose: Callback<()>,
    ondraft: Callback<String>,
    onformat: Callback<SendFormat>,
    onsend: Callback<()>,
    onfile: Callback<web_sys::File>,
    onformatjson: Callback<()>,
    onfilter: Callback<String>,
    onregex: Callback<bool>,
    onkinds: Callback<KindSet>,
    oncap: Callback<String>,
    onclear: Callback<()>,
    onexportformat: Callback<ExportFormat>,
    onexport: Callback<()>,
    onimport: Callback<web_sys::File>,
    oncloseimport: Callback<()>,
    onselect: Callback<u64>,
    ondispatch: Callback<Msg>,
    onretry: Callback<()>,
    oncancelreconnect: Callback<()>,
}

/// Reads a picked file into something (its bytes, its text).
type FileRead<T> =
    fn(web_sys::File) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, String>>>>;

/// A callback that reads a picked file (bytes or text) and dispatches what `done` makes of it.
fn file_reader<T: 'static>(
    wb: &WorkbenchHandle,
    read: FileRead<T>,
    done: fn(String, T) -> Msg,
) -> Callback<web_sys::File> {
    let wb = wb.clone();
    Callback::from(move |f: web_sys::File| {
        let wb = wb.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = f.name();
            let msg = match read(f).await {
                Ok(content) => done(name, content),
                Err(error) => Msg::FileFailed { name, error },
            };
            wb.dispatch(msg);
        });
    })
}

impl Callbacks {
    fn new(wb: &WorkbenchHandle) -> Callbacks {
        Callbacks {
            onurl: wb.callback(Msg::UrlEdited),
            onprotocols: wb.callback(Msg::ProtocolsEdited),
            onconnect: wb.callback(|()| Msg::Connect),
            onreconnect: wb.callback(Msg::ReconnectToggled),
            oncode: wb.callback(Msg::CloseCodeEdited),
            onreason: wb.callback(Msg::CloseReasonEdited),
            onclose: wb.callback(|()| Msg::Close),
            ondraft: wb.callback(Msg::DraftEdited),
            onformat: wb.callback(Msg::FormatChosen),
            onsend: wb.callback(|()| Msg::Send),
            onformatjson: wb.callback(|()| Msg::FormatDraft),
            onfile: file_reader(
                wb,
                |f| Box::pin(async move { file::read_bytes(&f).await }),
                |name, bytes| Msg::SendFile { name, bytes },
            ),
            onfilter: wb.callback(Msg::FilterEdited),
            onregex: wb.callback(Msg::FilterRegexToggled),
            onkinds: wb.callback(Msg::FilterKindsChosen),
            oncap: wb.callback(Msg::CapEdited),
            onclear: wb.callback(|()| Msg::ClearLog),
            onexportformat: wb.callback(Msg::ExportFormatChosen),
            onexport: wb.callback(|()| Msg::Export),
            onimport: file_reader(
                wb,
                |f| Box::pin(async move { file::read_text(&f).await }),
                |name, text| Msg::ImportLoaded { name, text },
            ),
            oncloseimport: wb.callback(|()| Msg::CloseImport),
            onselect: wb.callback(Msg::Select),
            ondispatch: wb.callback(|m: Msg| m),
            onretry: wb.callback(|()| Msg::RetryNow),
            oncancelreconnect: wb.callback(|()| Msg::CancelReconnect),
        }
    }
}

/// The whole workbench.
#[component]
pub fn App() -> Html {
    let wb = use_workbench(|| {
        let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        Model::new(page::origin(), &page::query()).with_seed(seed)
    });
    {
        let wb = wb.clone();
        use_effect_with((), move |_| {
            if page::query().connect {
                wb.dispatch(Msg::Connect);
            }
        });
    }
    let cb = {
        let wb = wb.clone();
        use_memo((), move |_| Callbacks::new(&wb))
    };
    let m = wb.model();
    let now = crate::platform::socket::now_ms();
    let r = &m.session.rtt;
    let rtt = match (r.last, r.min, r.median(), r.max) {
        (Some(a), Some(b), Some(c), Some(d)) => Some((a, b, c, d)),
        _ => None,
    };
    let took_ms = m.opened_ms.map(|o| o.saturating_sub(m.connect_started_ms));
    let open_for_ms = (m.state == crate::core::model::ConnState::Open)
        .then(|| m.opened_ms.map(|o| (now.saturating_sub(o) / 1000) * 1000))
        .flatten();
    let (matches, progress) = {
        let index = wb.filter_index();
        (index.is_filtering().then(|| index.len()), index.progress(&m.log))
    };
    html! {
        <main class="app">
            <header class="topbar">
                <h1 class="brand">{ "Sockpit" }<span class="brand-sub">{ "WebSocket workbench" }</span></h1>
                if let Some(at) = m.session.reconnect_at {
                    <ReconnectStatus due_in_ms={at.saturating_sub(now)} attempt={m.session.attempt}
                        max_attempts={m.session.policy.max_attempts} onretry={&cb.onretry}
                        oncancel={&cb.oncancelreconnect} />
                }
                <StatusBadge state={m.state} protocol={m.protocol.clone()} extensions={m.extensions.clone()} />
            </header>
            <div class="controls">
                <ConnectionBar url={m.url_input.clone()} protocols={m.protocols_input.clone()} reconnect={m.reconnect}
                    onurl={&cb.onurl} onprotocols={&cb.onprotocols} onconnect={&cb.onconnect}
                    onreconnect={&cb.onreconnect} />
                <CloseControls code={m.close_code_input.clone()} reason={m.close_reason_input.clone()}
                    reason_bytes={m.reason_bytes()} oncode={&cb.oncode} onreason={&cb.onreason}
                    onclose={&cb.onclose} />
                <Notice text={m.notice.clone()} />
                <Composer draft={m.draft.clone()} format={m.format} ondraft={&cb.ondraft}
                    onformat={&cb.onformat} onsend={&cb.onsend} onfile={&cb.onfile}
                    onformatjson={&cb.onformatjson} />
                <SessionPanel session={SessionView::of(&m.session)} ondispatch={&cb.ondispatch} />
            </div>
            <section class="log-panel" aria-label="Log">
                <LogToolbar filter={m.filter.clone()} count={m.log.len()} {matches} {progress}
                    evicted={m.log.evicted()} cap={m.cap_input.clone()} export_format={m.export_format}
                    exporting={m.exporting}
                    imported={m.imported.clone().map(AttrValue::from)}
                    onfilter={&cb.onfilter} onregex={&cb.onregex} onkinds={&cb.onkinds} oncap={&cb.oncap}
                    onclear={&cb.onclear} onexportformat={&cb.onexportformat} onexport={&cb.onexport}
                    onimport={&cb.onimport} oncloseimport={&cb.oncloseimport} />
                <LogView wb={wb.clone()} onselect={&cb.onselect} />
            </section>
            <EntryDetail wb={wb.clone()} seq={m.selected} epoch={m.log.epoch()} decode={m.decode}
                ondispatch={&cb.ondispatch} />
            <StatsBar stats={m.stats} rates={m.rates} buffered={wb.buffered_amount()} {rtt}
                heartbeats={m.session.heartbeat.sent} took_ms={took_ms} open_for_ms={open_for_ms} />
        </main>
    }
}
