//! Where the workspace meets the other concerns: saving and loading the draft, sending library items
//! and on-connect steps (variables expanded), captures and waits on received messages, share links and
//! workspace files. Pure.

use super::{cx, Model};
use crate::core::choice::Choice;
use crate::core::cmd::{Cmd, Origin};
use crate::core::connection::ConnState;
use crate::core::context::Cx;
use crate::core::info::Info;
use crate::core::notice::Source;
use crate::core::payload::{compose, Payload, SendFormat};
use crate::core::workspace::library::{Item, Saved};
use crate::core::workspace::share::{ShareError, Shared, INFLATED_MAX, NOT_INFLATED};
use crate::core::workspace::vars::{parse_user_vars, user_vars_text};
use crate::core::workspace::{Incoming, Msg};

impl Model {
    #[inline(never)]
    pub(super) fn on_workspace(&mut self, msg: Msg, now: u64) -> Vec<Cmd> {
        match msg {
            Msg::Save => {
                let ws = &mut self.workspace;
                let saved = ws.library.save(&ws.name_input, self.composer.format, &self.composer.draft, None);
                let mut cx = cx!(self, now);
                match saved {
                    Ok(how) => {
                        let name = self.workspace.name_input.trim().to_owned();
                        let verb = if how == Saved::Added { "Saved" } else { "Replaced" };
                        cx.clear(Source::Workspace);
                        cx.info(Info::Note(format!("{verb} {name:?} in the library.")));
                    }
                    Err(e) => cx.notice(Source::Workspace, e),
                }
            }
            Msg::Load(name) => {
                let mut cx = cx!(self, now);
                match self.workspace.library.get(&name) {
                    Some(item) => {
                        self.composer.draft = item.body.clone();
                        self.composer.format = item.format;
                        cx.clear(Source::Workspace);
                    }
                    None => cx.notice(Source::Workspace, format!("No library message is named {name:?}.")),
                }
            }
            Msg::SendItem(name) => return self.send_item(&name, Origin::Library, now),
            Msg::Share => return self.share(),
            Msg::Deflated(deflated) => self.link_made(deflated),
            Msg::ShareImport => self.import_shared(now),
            Msg::LinkOpened(fragment) => return self.offer_shared(&fragment, now),
            Msg::Inflated(json) => self.link_read(json, now),
            Msg::LibraryExport => {
                let bytes = self.workspace.library.export().into_bytes();
                return vec![Cmd::DownloadBytes { name: "sockpit-library.json".into(), bytes }];
            }
            Msg::WorkspaceExport => {
                let doc = self.shared(self.workspace.library.items().to_vec()).to_json("workspace");
                let bytes = doc.to_pretty().into_bytes();
                return vec![Cmd::DownloadBytes { name: "sockpit-workspace.json".into(), bytes }];
            }
            Msg::WorkspaceImportLoaded { name, text } => {
                let parsed = crate::core::json::from_str(&text)
                    .map_err(|e| format!("it is not JSON: {e}"))
                    .and_then(|doc| Shared::from_json(&doc));
                match parsed {
                    Ok((shared, errors)) => {
                        self.workspace.incoming = Some(Incoming { lines: shared.summary(), shared, errors });
                        self.import_shared(now);
                    }
                    Err(e) => {
                        let mut cx = cx!(self, now);
                        cx.notice(Source::Workspace, format!("Could not import {name:?}: {e}."));
                    }
                }
            }
            other => {
                let mut cx = cx!(self, now);
                self.workspace.update(other, &mut cx);
            }
        }
        Vec::new()
    }

    /// A message in `format` from `text` with its variables expanded, or why not (said in the notice
    /// with `what`, e.g. "The message stays in the composer.").
    pub(super) fn expanded_payload(
        &mut self,
        text: &str,
        format: SendFormat,
        now: u64,
    ) -> Result<Payload, String> {
        let text = self.workspace.expand(text, now).map_err(|e| e.to_string())?;
        if format.is_protocol() {
            self.lens.encode(format, &text).map_err(|e| e.to_string())
        } else {
            compose(&text, format).map_err(|e| e.to_string())
        }
    }

    /// Sends the library item `name` now (variables expanded, in its own format).
    pub(super) fn send_item(&mut self, name: &str, origin: Origin, now: u64) -> Vec<Cmd> {
        let Some(item) = self.workspace.library.get(name).cloned() else {
            let why = format!("No library message is named {name:?}.");
            if origin == Origin::Sequence {
                self.workspace.sequence.failed(name, &why);
            }
            let mut cx = cx!(self, now);
            cx.notice(Source::Workspace, why);
            return Vec::new();
        };
        if self.connection.state != ConnState::Open {
            let mut cx = cx!(self, now);
            cx.notice(Source::Connection, self.connection.not_open_notice(&format!("send {name:?}")));
            return Vec::new();
        }
        match self.expanded_payload(&item.body, item.format, now) {
            Ok(payload) => vec![Cmd::Send { payload, origin }],
            Err(e) => {
                if origin == Origin::Sequence {
                    self.workspace.sequence.failed(name, &e);
                }
                let mut cx = cx!(self, now);
                cx.notice(Source::Workspace, format!("{name:?} was not sent: {e}"));
                Vec::new()
            }
        }
    }

    /// Sends what the on-connect sequence asks for.
    pub(super) fn sequence_sends(&mut self, items: Vec<String>, now: u64) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        for name in items {
            let sent = self.send_item(&name, Origin::Sequence, now);
            if sent.is_empty() {
                break;
            }
            cmds.extend(sent);
        }
        cmds
    }

    /// The workspace as shared: the URL and subprotocols typed, `items`, the variables that are not
    /// secret, the capture and auto-reply rules, the sequence.
    fn shared(&self, items: Vec<Item>) -> Shared {
        Shared {
            url: self.connection.url_input.clone(),
            protocols: self.connection.protocols_input.clone(),
            items,
            variables: Shared::public_variables(self.workspace.user_vars()),
            captures: self.workspace.captures_text.clone(),
            replies: self
                .session
                .replies
                .rules
                .iter()
                .map(|r| (r.pattern.clone(), r.reply.clone()))
                .collect(),
            sequence: self.workspace.sequence.text.clone(),
        }
    }

    /// Makes a link of the workspace, with the library items the search shows: the browser deflates it.
    fn share(&mut self) -> Vec<Cmd> {
        let ws = &self.workspace;
        let items: Vec<Item> = ws.library.matching(&ws.search).cloned().collect();
        vec![Cmd::Deflate(self.shared(items).link_json())]
    }

    /// The link, from the workspace the browser deflated.
    fn link_made(&mut self, deflated: Result<Vec<u8>, String>) {
        let link = deflated.map_err(|e| format!("The browser could not compress the workspace: {e}.")).and_then(|d| {
            Shared::fragment_of(&d).map_err(|ShareError::TooBig { chars }| {
                format!(
                    "The workspace is too big for a link ({chars} characters; the most is {}): use Export workspace to share it as a file.",
                    crate::core::workspace::share::LINK_MAX
                )
            })
        });
        self.workspace.share = Some(link);
    }

    /// Imports what the page's link (or a workspace file) brought; its rules arrive switched off.
    fn import_shared(&mut self, now: u64) {
        let Some(Incoming { shared, lines, errors }) = self.workspace.incoming.take() else { return };
        if !shared.url.is_empty() {
            self.connection.url_input = shared.url.clone();
            self.connection.protocols_input = shared.protocols.clone();
        }
        let (added, replaced) = self.workspace.library.merge(shared.items);
        if !shared.variables.is_empty() {
            let (mut vars, _) = parse_user_vars(&self.workspace.variables_text);
            for (name, value) in shared.variables {
                vars.retain(|v| v.name != name);
                vars.push(crate::core::workspace::vars::UserVar { name, value, secret: false });
            }
            self.workspace.set_variables(user_vars_text(&vars));
        }
        if !shared.captures.trim().is_empty() {
            let text = if self.workspace.captures_text.trim().is_empty() {
                shared.captures
            } else {
                format!("{}\n{}", self.workspace.captures_text, shared.captures)
            };
            self.workspace.set_captures(text);
            self.workspace.captures_on = false;
        }
        for (pattern, reply) in shared.replies {
            self.session.replies.add_off(&pattern, &reply);
        }
        if !shared.sequence.trim().is_empty() {
            self.workspace.sequence.set_text(shared.sequence);
            self.workspace.sequence.enabled = false;
        }
        let mut cx = cx!(self, now);
        let left =
            if errors.is_empty() { String::new() } else { format!(" Left out: {}.", errors.join(", ")) };
        cx.info(Info::Note(format!(
            "Imported a shared workspace ({added} library messages added, {replaced} replaced): {}.{left}",
            lines.join("; ")
        )));
        if !errors.is_empty() {
            cx.notice(Source::Workspace, format!("Part of the shared workspace could not be read.{left}"));
        }
    }

    /// The page was opened from a share link: its bytes go to the browser to inflate.
    pub fn offer_shared(&mut self, fragment: &str, now: u64) -> Vec<Cmd> {
        match Shared::deflated_of(fragment) {
            None => Vec::new(),
            Some(Ok(bytes)) => vec![Cmd::Inflate { bytes, max: INFLATED_MAX }],
            Some(Err(e)) => {
                self.link_unread(&e, now);
                Vec::new()
            }
        }
    }

    /// What the link brought, inflated: it waits for `share-import-button`.
    fn link_read(&mut self, json: Result<Vec<u8>, String>, now: u64) {
        match json.map_err(|_| NOT_INFLATED.to_owned()).and_then(|j| Shared::from_inflated(&j)) {
            Ok((shared, errors)) => {
                self.workspace.incoming = Some(Incoming { lines: shared.summary(), shared, errors });
            }
            Err(e) => self.link_unread(&e, now),
        }
    }

    fn link_unread(&mut self, why: &str, now: u64) {
        let mut cx = cx!(self, now);
        cx.notice(Source::Workspace, format!("The share link could not be read: {why}."));
    }

    /// Applies what was read back from the browser's database.
    #[inline(never)]
    pub(super) fn on_restored(&mut self, r: crate::core::store::Restored, now: u64) {
        use crate::core::store::Restored;
        match r {
            Restored::Library(items) => self.workspace.library.replace_all(items),
            Restored::History(visits) => self.workspace.history.replace_all(visits),
            Restored::Reply { pattern, reply, on } => {
                if self.session.replies.add_off(&pattern, &reply) && on {
                    if let Some(rule) = self.session.replies.rules.last_mut() {
                        rule.enabled = true;
                    }
                }
            }
            Restored::Begin { count } => {
                self.restoring = true;
                // Room for them all at once: growing a million-entry log by doubling copies it midway.
                self.log.reserve(usize::try_from(count).unwrap_or(usize::MAX));
            }
            Restored::Outbox(items) => {
                for p in items {
                    if self.session.outbox.push(p).is_err() {
                        break;
                    }
                }
            }
            Restored::Failed(why) => {
                let mut cx = cx!(self, now);
                cx.notice(Source::Store, why);
            }
            Restored::Aside(record) => {
                if self.set_aside.len() < 100_000 {
                    self.set_aside.push(record);
                }
            }
            Restored::WasOpen { url } => {
                let mut cx = cx!(self, now);
                cx.info(Info::Note(format!(
                    "The connection to {url} was open when this page was left; it is not reopened by itself: press Connect (or open the page with ?connect=1)."
                )));
            }
            Restored::Entries(entries) => {
                self.restore_left_out += self.log.append_restored(entries) as u64;
            }
            Restored::LogDone { restored, unreadable } => {
                self.restoring = false;
                let mut cx = cx!(self, now);
                let unreadable = unreadable + std::mem::take(&mut self.restore_left_out);
                if restored > 0 {
                    let since = cx
                        .log
                        .iter()
                        .next()
                        .map(|e| crate::core::export::utc_text(e.at_ms))
                        .unwrap_or_default();
                    let left = if unreadable > 0 {
                        format!("; {unreadable} could not be read")
                    } else {
                        String::new()
                    };
                    cx.info(Info::Note(format!(
                        "Restored {restored} log entries kept by this browser (from {since}){left}."
                    )));
                }
            }
        }
    }

    /// The format a library item would be sent in, for people.
    pub fn item_format(item: &Item) -> &'static str {
        item.format.label()
    }
}
