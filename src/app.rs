//! The page: joins the workbench hook to the components. Browser view.

use yew::prelude::*;

use crate::components::close_controls::CloseControls;
use crate::components::composer::Composer;
use crate::components::connection_bar::ConnectionBar;
use crate::components::entry_detail::EntryDetail;
use crate::components::log_toolbar::LogToolbar;
use crate::components::log_view::LogView;
use crate::components::notice::Notice;
use crate::components::stats_bar::StatsBar;
use crate::components::status_badge::StatusBadge;
use crate::core::model::{Model, Msg};
use crate::hooks::use_workbench;
use crate::platform::{file, page};

/// The whole workbench.
#[component]
pub fn App() -> Html {
    let wb = use_workbench(|| Model::new(page::origin(), &page::query()));
    {
        let wb = wb.clone();
        use_effect_with((), move |_| {
            if page::query().connect {
                wb.dispatch(Msg::Connect);
            }
        });
    }
    let onfile = {
        let wb = wb.clone();
        Callback::from(move |f: web_sys::File| {
            let wb = wb.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = f.name();
                let msg = match file::read_bytes(&f).await {
                    Ok(bytes) => Msg::SendFile { name, bytes },
                    Err(error) => Msg::FileFailed { name, error },
                };
                wb.dispatch(msg);
            });
        })
    };
    let onimport = {
        let wb = wb.clone();
        Callback::from(move |f: web_sys::File| {
            let wb = wb.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = f.name();
                let msg = match file::read_text(&f).await {
                    Ok(text) => Msg::ImportLoaded { name, text },
                    Err(error) => Msg::FileFailed { name, error },
                };
                wb.dispatch(msg);
            });
        })
    };
    let m = wb.model();
    let (matches, progress) = {
        let index = wb.filter_index();
        (index.is_filtering().then(|| index.len()), index.progress(&m.log))
    };
    html! {
        <main class="app">
            <header class="topbar">
                <h1 class="brand">{ "Sockpit" }<span class="brand-sub">{ "WebSocket workbench" }</span></h1>
                <StatusBadge state={m.state} protocol={m.protocol.clone()} extensions={m.extensions.clone()} />
            </header>
            <div class="controls">
                <ConnectionBar url={m.url_input.clone()} protocols={m.protocols_input.clone()} reconnect={m.reconnect}
                    onurl={wb.callback(Msg::UrlEdited)} onprotocols={wb.callback(Msg::ProtocolsEdited)}
                    onconnect={wb.callback(|()| Msg::Connect)} onreconnect={wb.callback(Msg::ReconnectToggled)} />
                <CloseControls code={m.close_code_input.clone()} reason={m.close_reason_input.clone()}
                    reason_bytes={m.reason_bytes()} oncode={wb.callback(Msg::CloseCodeEdited)}
                    onreason={wb.callback(Msg::CloseReasonEdited)} onclose={wb.callback(|()| Msg::Close)} />
                <Notice text={m.notice.clone()} />
                <Composer draft={m.draft.clone()} format={m.format} ondraft={wb.callback(Msg::DraftEdited)}
                    onformat={wb.callback(Msg::FormatChosen)} onsend={wb.callback(|()| Msg::Send)} {onfile} />
            </div>
            <section class="log-panel" aria-label="Log">
                <LogToolbar filter={m.filter.clone()} count={m.log.len()} {matches} {progress}
                    evicted={m.log.evicted()} cap={m.cap_input.clone()} export_format={m.export_format}
                    imported={m.imported.clone().map(AttrValue::from)}
                    onfilter={wb.callback(Msg::FilterEdited)} onregex={wb.callback(Msg::FilterRegexToggled)}
                    onkinds={wb.callback(Msg::FilterKindsChosen)} oncap={wb.callback(Msg::CapEdited)}
                    onclear={wb.callback(|()| Msg::ClearLog)} onexportformat={wb.callback(Msg::ExportFormatChosen)}
                    onexport={wb.callback(|()| Msg::Export)} {onimport}
                    oncloseimport={wb.callback(|()| Msg::CloseImport)} />
                <LogView wb={wb.clone()} onselect={wb.callback(Msg::Select)} />
            </section>
            <EntryDetail wb={wb.clone()} seq={m.selected} epoch={m.log.epoch()} onclose={wb.callback(|()| Msg::Deselect)} />
            <StatsBar stats={m.stats} rates={m.rates} buffered={wb.buffered_amount()} />
        </main>
    }
}
