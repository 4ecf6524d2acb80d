//! The page: joins the workbench hook to the components. Browser view.

use yew::prelude::*;

use crate::components::close_controls::{close_controls, CloseControlsProps};
use crate::components::composer::Composer;
use crate::components::connection_bar::ConnectionBar;
use crate::components::entry_detail::EntryDetail;
use crate::components::lens_panel::{lens_panel, LensPanelProps};
use crate::components::library_panel::{ItemView, LibraryPanel};
use crate::components::log_announcer::{log_announcer, LogAnnouncerProps};
use crate::components::log_toolbar::{log_toolbar, LogToolbarProps};
use crate::components::log_view::LogView;
use crate::components::notice::{notice, NoticeProps};
use crate::components::reconnect_status::{reconnect_status, ReconnectStatusProps};
use crate::components::session_panel::{SessionPanel, SessionView};
use crate::components::share_offer::{share_offer, ShareOfferProps};
use crate::components::shortcuts_help::{shortcuts_help, ShortcutsHelpProps};
use crate::components::stats_bar::{stats_bar, StatsBarProps};
use crate::components::status_badge::{status_badge, StatusBadgeProps};
use crate::components::update_note::{update_note, UpdateNoteProps};
use crate::components::workspace_panel::{workspace_panel, WorkspacePanelProps, WorkspaceView};
use crate::core::app::{Model, Msg};
use crate::core::choice::Choice;
use crate::core::composer::{Msg as Comp, SEND_FILE_MAX};
use crate::core::connection::Preset;
use crate::core::connection::{ConnState, Msg as Conn};
use crate::core::export::ExportFormat;
use crate::core::filter::KindSet;
use crate::core::logbook::{Msg as Book, IMPORT_FILE_MAX};
use crate::core::payload::{size_text, SendFormat};
use crate::core::session::reconnect::Msg as Rec;
use crate::core::workspace::{Msg as Ws, Workspace};
use crate::core::{inspector, lens, session};
use crate::hooks::{use_store, use_workbench, WorkbenchHandle};
use crate::platform::{fetch, file, offline, page};

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
    ondeselect: Callback<()>,
    oninspector: Callback<inspector::Msg>,
    onsession: Callback<session::Msg>,
    onretry: Callback<()>,
    oncancelreconnect: Callback<()>,
    onlens: Callback<lens::Msg>,
    onpreset: Callback<Preset>,
    onworkspace: Callback<Ws>,
    onaside: Callback<MouseEvent>,
    onlibraryimport: Callback<web_sys::File>,
    onworkspaceimport: Callback<web_sys::File>,
}

/// Reads a picked file into something (its bytes, its text).
type FileRead<T> =
    fn(web_sys::File) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, String>>>>;

/// A callback that reads a picked file (bytes or text) of at most `max` bytes and dispatches what
/// `done` makes of it; a bigger file is refused before it is read (it could not be held).
fn file_reader<T: 'static>(
    wb: &WorkbenchHandle,
    max: usize,
    read: FileRead<T>,
    done: fn(String, T) -> Msg,
    failed: fn(String, String) -> Msg,
) -> Callback<web_sys::File> {
    let wb = wb.clone();
    Callback::from(move |f: web_sys::File| {
        let wb = wb.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let name = f.name();
            if f.size() > max as f64 {
                let error = format!("it is {}; the most is {}", size_text(f.size() as usize), size_text(max));
                wb.dispatch(failed(name, error));
                return;
            }
            let msg = match read(f).await {
                Ok(content) => done(name, content),
                Err(error) => failed(name, error),
            };
            wb.dispatch(msg);
        });
    })
}

/// The largest library or workspace file read.
const WORKSPACE_FILE_MAX: usize = 16 * 1024 * 1024;

/// What the library panel lists: the items the search shows.
fn item_views(ws: &Workspace) -> Vec<ItemView> {
    ws.library
        .matching(&ws.search)
        .map(|i| {
            let first = i.body.lines().next().unwrap_or_default();
            let preview: String = first.chars().take(60).collect();
            ItemView {
                name: i.name.clone().into(),
                format: crate::core::choice::Choice::value(i.format),
                tags: i.tags.join(", ").into(),
                preview: preview.into(),
            }
        })
        .collect()
}

/// What the workspace panel shows.
fn workspace_view(ws: &Workspace, page: &str) -> WorkspaceView {
    WorkspaceView {
        variables: ws.variables_text.clone().into(),
        captures: ws.captures_text.clone().into(),
        captures_on: ws.captures_on,
        captured: ws
            .captured
            .iter()
            .map(|(n, v)| (n.clone().into(), crate::core::payload::text_head(v, 200).to_owned().into()))
            .collect(),
        sequence: ws.sequence.text.clone().into(),
        sequence_on: ws.sequence.enabled,
        sequence_progress: ws.sequence.progress_text().into(),
        errors: ws
            .editor_errors()
            .chain(ws.sequence.errors().iter().map(|e| format!("Sequence, {e}")))
            .map(AttrValue::from)
            .collect(),
        history: ws.history.visits().map(|v| (v.url.clone().into(), v.protocols.clone().into())).collect(),
        share: ws
            .share
            .clone()
            .map(|s| s.map(|f| AttrValue::from(format!("{page}#{f}"))).map_err(AttrValue::from)),
    }
}

/// Opens the saved log at `url` (`?log=`) read-only, as if its file had been picked.
fn open_from(wb: WorkbenchHandle, url: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = fetch::name_of(&url);
        let msg = match fetch::text(&url, IMPORT_FILE_MAX).await {
            Ok(text) => Book::ImportLoaded { name, text },
            Err(error) => Book::ImportFailed { name: url, error },
        };
        wb.dispatch(Msg::from(msg));
    });
}

impl Callbacks {
    fn new(wb: &WorkbenchHandle) -> Callbacks {
        Callbacks {
            onurl: wb.callback(Conn::UrlEdited),
            onprotocols: wb.callback(Conn::ProtocolsEdited),
            onconnect: wb.callback(|()| Msg::Connect),
            onreconnect: wb.callback(Rec::Toggled),
            oncode: wb.callback(Conn::CloseCodeEdited),
            onreason: wb.callback(Conn::CloseReasonEdited),
            onclose: wb.callback(|()| Msg::Close),
            ondraft: wb.callback(Comp::DraftEdited),
            onformat: wb.callback(Comp::FormatChosen),
            onsend: wb.callback(|()| Msg::Send),
            onformatjson: wb.callback(|()| Comp::FormatDraft),
            onfile: file_reader(
                wb,
                SEND_FILE_MAX,
                |f| Box::pin(async move { file::read_bytes(&f).await }),
                |name, bytes| Msg::SendFile { name, bytes },
                |name, error| Comp::FileFailed { name, error }.into(),
            ),
            onfilter: wb.callback(Book::FilterEdited),
            onregex: wb.callback(Book::FilterRegexToggled),
            onkinds: wb.callback(Book::FilterKindsChosen),
            oncap: wb.callback(Book::CapEdited),
            onclear: wb.callback(|()| Book::Clear),
            onexportformat: wb.callback(Book::ExportFormatChosen),
            onexport: wb.callback(|()| Book::Export),
            onimport: file_reader(
                wb,
                IMPORT_FILE_MAX,
                |f| Box::pin(async move { file::read_text(&f).await }),
                |name, text| Book::ImportLoaded { name, text }.into(),
                |name, error| Book::ImportFailed { name, error }.into(),
            ),
            oncloseimport: wb.callback(|()| Book::CloseImport),
            onselect: wb.callback(inspector::Msg::Select),
            ondeselect: wb.callback(|()| inspector::Msg::Deselect),
            oninspector: wb.callback(|m: inspector::Msg| m),
            onsession: wb.callback(|m: session::Msg| m),
            onretry: wb.callback(|()| Rec::RetryNow),
            oncancelreconnect: wb.callback(|()| Rec::Cancel),
            onlens: wb.callback(|m: lens::Msg| m),
            onpreset: wb.callback(Conn::PresetChosen),
            onworkspace: wb.callback(|m: Ws| m),
            onaside: wb.callback(|_: MouseEvent| Msg::DownloadAside),
            onlibraryimport: file_reader(
                wb,
                WORKSPACE_FILE_MAX,
                |f| Box::pin(async move { file::read_text(&f).await }),
                |name, text| Ws::LibraryImportLoaded { name, text }.into(),
                |name, error| Comp::FileFailed { name, error }.into(),
            ),
            onworkspaceimport: file_reader(
                wb,
                WORKSPACE_FILE_MAX,
                |f| Box::pin(async move { file::read_text(&f).await }),
                |name, text| Ws::WorkspaceImportLoaded { name, text }.into(),
                |name, error| Comp::FileFailed { name, error }.into(),
            ),
        }
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Keep the workspace and log in the browser's database (the real page; tests mount without).
    #[prop_or(false)]
    pub keep: bool,
}

/// The render stage at which every part of the page is drawn (see `App`).
const SETTLED: u8 = 4;

/// How long after the page is drawn the rehearsal plays: the next task (it takes a few milliseconds).
const REHEARSAL_AFTER_MS: u32 = 0;

/// The whole workbench.
#[component]
pub fn App(props: &AppProps) -> Html {
    let wb = use_workbench(|| {
        let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        let m = Model::new(page::origin(), &page::query()).with_seed(seed);
        page::mark("sockpit-model");
        m
    });
    {
        let wb = wb.clone();
        use_effect_with((), move |_| {
            page::interactive();
            let query = page::query();
            if let Some(url) = query.log {
                open_from(wb.clone(), url);
            }
            let fragment = page::fragment();
            if !fragment.is_empty() {
                wb.dispatch(Msg::from(Ws::LinkOpened(fragment)));
            }
            offline::register();
        });
    }
    let query = page::query();
    use_store(&wb, props.keep && !query.keep_off, query.connect);
    let help = use_state_eq(|| false);
    // A cold load draws the page in five tasks, so the connect button answers as soon as it can and no
    // one task holds the page long (each part's code is compiled the first time it is drawn): the top bar
    // and the connection bar; then sending and closing; the log and the figures; the lens and library
    // panels; the workspace and session panels and the inspector. `main[data-settled]` marks the last.
    let stage = use_state_eq(|| 0u8);
    {
        let stage = stage.clone();
        use_effect_with(*stage, move |at| {
            let next = *at + 1;
            let later =
                (next <= SETTLED).then(|| gloo_timers::callback::Timeout::new(0, move || stage.set(next)));
            move || drop(later)
        });
    }
    let (sending, log, panels, settled) = (*stage >= 1, *stage >= 2, *stage >= 3, *stage >= SETTLED);
    // Once the page is drawn, a rehearsal in the next idle moment: the receive path's code is compiled
    // then rather than in the first frames of the user's first connection.
    use_effect_with(settled, move |settled| {
        let later = settled.then(|| {
            gloo_timers::callback::Timeout::new(REHEARSAL_AFTER_MS, || {
                let scratch = crate::core::app::rehearse(page::origin());
                crate::components::log_view::rehearse_rows(&scratch, crate::platform::clock::local_time_text);
                crate::hooks::use_workbench::rehearse(scratch);
                crate::platform::socket::rehearse();
                // Connections opened from here on get their own thread.
                crate::platform::remote::start();
            })
        });
        move || drop(later)
    });
    {
        let help = help.clone();
        use_effect_with((), move |_| {
            let listener = page::on_shortcut(move |s| match s {
                page::Shortcut::Help => help.set(!*help),
                page::Shortcut::Escape => help.set(false),
            });
            move || drop(listener)
        });
    }
    let onclosehelp = {
        let help = help.clone();
        use_callback((), move |(), _| help.set(false))
    };
    let update = use_state(|| offline::update_note().map(AttrValue::from));
    let ondismiss = {
        let update = update.clone();
        use_callback((), move |(), _| update.set(None))
    };
    let cb = {
        let wb = wb.clone();
        use_memo((), move |_| Callbacks::new(&wb))
    };
    let m = wb.model();
    let now = crate::platform::socket::now_ms();
    let (c, r) = (&m.connection, &m.session.reconnect);
    let took_ms = c.opened_ms.map(|o| o.saturating_sub(c.connect_started_ms));
    let open_for_ms = (c.state == ConnState::Open)
        .then(|| c.opened_ms.map(|o| (now.saturating_sub(o) / 1000) * 1000))
        .flatten();
    let index = m.logbook.index();
    let (matches, progress) = (index.is_filtering().then(|| index.len()), index.progress(&m.log));
    html! {
        <main class="app" data-settled={settled.then_some("true")}>
            <header class="topbar">
                <h1 class="brand">{ "Sockpit" }<span class="brand-sub">{ "WebSocket workbench" }</span></h1>
                { update_note(&UpdateNoteProps { text: (*update).clone(), ondismiss }) }
                if let Some(at) = r.at {
                    { reconnect_status(&ReconnectStatusProps { due_in_ms: at.saturating_sub(now), attempt: r.attempt,
                        max_attempts: r.policy.max_attempts, onretry: cb.onretry.clone(),
                        oncancel: cb.oncancelreconnect.clone() }) }
                }
                { status_badge(&StatusBadgeProps { state: c.state, protocol: c.protocol.clone().into(),
                    extensions: c.extensions.clone().into(), lens: m.lens.in_effect().value(),
                    phase: m.lens.phase().map(AttrValue::from) }) }
            </header>
            <div class="controls">
                if let Some(i) = &m.workspace.incoming {
                    { share_offer(&ShareOfferProps { lines: i.lines.iter().cloned().map(AttrValue::from).collect(),
                        errors: i.errors.iter().cloned().map(AttrValue::from).collect(), onmsg: cb.onworkspace.clone() }) }
                }
                <ConnectionBar history={m.workspace.history.visits().map(|v| AttrValue::from(v.url.clone())).collect::<Vec<_>>()}
                    url={c.url_input.clone()} protocols={c.protocols_input.clone()} reconnect={r.enabled}
                    onurl={&cb.onurl} onprotocols={&cb.onprotocols} onconnect={&cb.onconnect}
                    onreconnect={&cb.onreconnect} onpreset={&cb.onpreset} />
                if panels { { lens_panel(&LensPanelProps { choice: m.lens.choice, in_effect: m.lens.in_effect(),
                    auto: m.lens.auto, namespace: m.lens.settings.socketio.namespace.clone().into(),
                    auth: m.lens.settings.socketio.auth.clone().into(), ack: m.lens.ack,
                    init_payload: m.lens.settings.init_payload.clone().into(),
                    ops: m.lens.operations().map(|o| o.iter().cloned().collect::<Vec<_>>()).unwrap_or_default(),
                    onmsg: cb.onlens.clone() }) } }
                if sending { { close_controls(&CloseControlsProps { code: c.close_code_input.clone().into(),
                    reason: c.close_reason_input.clone().into(), reason_bytes: c.reason_bytes(), oncode: cb.oncode.clone(),
                    onreason: cb.onreason.clone(), onclose: cb.onclose.clone() }) } }
                { notice(&NoticeProps { text: m.notices.text().to_owned().into() }) }
                if !m.set_aside.is_empty() {
                    <button id="store-aside-button" type="button" class="button small" onclick={&cb.onaside}>
                        { format!("Download unreadable records ({})", m.set_aside.len()) }
                    </button>
                }
                if sending { <Composer draft={m.composer.draft.clone()} format={m.composer.format} ondraft={&cb.ondraft}
                    onformat={&cb.onformat} onsend={&cb.onsend} onfile={&cb.onfile}
                    onformatjson={&cb.onformatjson}
                    expanded={(m.composer.draft.len() <= 64 * 1024).then(|| m.workspace.preview(&m.composer.draft, now)).flatten()
                        .map(|r| r.map(AttrValue::from).map_err(|e| AttrValue::from(e.to_string())))} /> }
                if panels { <LibraryPanel items={item_views(&m.workspace)} total={m.workspace.library.items().len()}
                    name_input={m.workspace.name_input.clone()} search={m.workspace.search.clone()}
                    undo={m.workspace.library.deleted().map(|i| AttrValue::from(i.name.clone()))}
                    onmsg={&cb.onworkspace} onimport={&cb.onlibraryimport} /> }
                if settled { { workspace_panel(&WorkspacePanelProps { view: workspace_view(&m.workspace, &page::address()),
                    onmsg: cb.onworkspace.clone(), onimport: cb.onworkspaceimport.clone() }) }
                <SessionPanel session={SessionView::of(&m.session)} onmsg={&cb.onsession} /> }
            </div>
            <section class="log-panel" aria-label="Log">
                if log { { log_toolbar(&LogToolbarProps { filter: m.logbook.filter.clone(), count: m.log.len(), matches,
                    progress, window: m.logbook.window(), evicted: m.log.evicted(), cap: m.logbook.cap_input.clone().into(),
                    export_format: m.logbook.export_format, exporting: m.logbook.exporting(), opening: m.logbook.opening(),
                    imported: m.logbook.imported.clone().map(AttrValue::from), onfilter: cb.onfilter.clone(),
                    onregex: cb.onregex.clone(), onkinds: cb.onkinds.clone(), oncap: cb.oncap.clone(),
                    onclear: cb.onclear.clone(), onexportformat: cb.onexportformat.clone(), onexport: cb.onexport.clone(),
                    onimport: cb.onimport.clone(), oncloseimport: cb.oncloseimport.clone() }) }
                <LogView wb={wb.clone()} onselect={&cb.onselect} ondeselect={&cb.ondeselect} />
                { log_announcer(&LogAnnouncerProps { text: AttrValue::from(m.announcer.text().to_owned()) }) } }
            </section>
            if *help {
                { shortcuts_help(&ShortcutsHelpProps { onclose: onclosehelp }) }
            }
            if settled { <EntryDetail wb={wb.clone()} seq={m.inspector.selected} epoch={m.log.epoch()} decode={m.inspector.decode}
                view={m.inspector.view} onmsg={&cb.oninspector} /> }
            if log { { stats_bar(&StatsBarProps { stats: m.stats, rates: m.rates, buffered: wb.buffered_amount(),
                rtt: m.session.rtt.figures(), heartbeats: m.session.heartbeat.sent, took_ms, open_for_ms }) } }
        </main>
    }
}
