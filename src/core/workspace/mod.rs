//! The workspace concern: the message library, variables and capture rules, the on-connect sequence,
//! the history of addresses that opened, and sharing. What is kept across reloads lives here (with the
//! settings of the other concerns, gathered by `core::store`). Pure.

pub mod capture;
pub mod history;
pub mod library;
pub mod sequence;
pub mod share;
#[cfg(test)]
mod tests;
pub mod vars;

use self::capture::Rule;
use self::history::History;
use self::library::{parse_tags, Library};
use self::sequence::Sequence;
use self::share::Shared;
use self::vars::{expand, has_variables, parse_user_vars, Env, Rng, UserVar, VarError, VarMap};
use super::context::Cx;
use super::info::Info;
use super::notice::Source;

/// The most captured variables kept (the oldest names go first).
pub const CAPTURED_MAX: usize = 256;

/// What the user does with the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    NameEdited(String),
    /// Save the draft under the name (the root gives the draft).
    Save,
    SearchEdited(String),
    /// Put an item into the composer (the root does).
    Load(String),
    /// Send an item now (the root does).
    SendItem(String),
    Delete(String),
    Undo,
    Rename {
        from: String,
        to: String,
    },
    Duplicate(String),
    Move {
        name: String,
        by: i64,
    },
    MoveBefore {
        name: String,
        before: Option<String>,
    },
    TagsEdited {
        name: String,
        tags: String,
    },
    VariablesEdited(String),
    CapturesEdited(String),
    CapturesToggled(bool),
    SequenceEdited(String),
    SequenceToggled(bool),
    /// The on-connect sequence's wait may have ended.
    SequenceDue,
    HistoryRemove(String),
    HistoryClear,
    /// Make a share link (the root gives the URL and rules).
    Share,
    /// The link's workspace, deflated by the browser (or why it could not be).
    Deflated(Result<Vec<u8>, String>),
    /// The page was opened with this fragment (a share link's, maybe).
    LinkOpened(String),
    /// The link's bytes, inflated by the browser (or why they could not be).
    Inflated(Result<Vec<u8>, String>),
    /// Import what the page's link brought (the root does).
    ShareImport,
    ShareDismiss,
    /// Download the library as a JSON file.
    LibraryExport,
    LibraryImportLoaded {
        name: String,
        text: String,
    },
    /// Download the whole workspace as a JSON file (the root gives the rest).
    WorkspaceExport,
    WorkspaceImportLoaded {
        name: String,
        text: String,
    },
}

/// A link's workspace, shown before it is imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub shared: Shared,
    /// What it brings, a line each.
    pub lines: Vec<String>,
    /// What could not be read from it.
    pub errors: Vec<String>,
}

/// The workspace's state.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub library: Library,
    pub name_input: String,
    pub search: String,
    pub variables_text: String,
    vars: Vec<UserVar>,
    var_errors: Vec<String>,
    pub captures_text: String,
    captures: Vec<Rule>,
    capture_errors: Vec<String>,
    /// Capture rules apply (shared ones arrive off).
    pub captures_on: bool,
    pub captured: VarMap,
    pub sequence: Sequence,
    pub history: History,
    /// The value `{{counter}}` takes in the next message of this connection.
    pub counter: u64,
    rng: Rng,
    /// The last share link made (its fragment), or why none could be.
    pub share: Option<Result<String, String>>,
    pub incoming: Option<Incoming>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            library: Library::default(),
            name_input: String::new(),
            search: String::new(),
            variables_text: String::new(),
            vars: Vec::new(),
            var_errors: Vec::new(),
            captures_text: String::new(),
            captures: Vec::new(),
            capture_errors: Vec::new(),
            captures_on: true,
            captured: VarMap::new(),
            sequence: Sequence::default(),
            history: History::default(),
            counter: 1,
            rng: Rng(0x5eed_cafe),
            share: None,
            incoming: None,
        }
    }
}

impl PartialEq for Workspace {
    fn eq(&self, o: &Self) -> bool {
        self.library == o.library
            && self.name_input == o.name_input
            && self.search == o.search
            && self.variables_text == o.variables_text
            && self.captures_text == o.captures_text
            && self.captures_on == o.captures_on
            && self.captured == o.captured
            && self.sequence == o.sequence
            && self.history == o.history
            && self.counter == o.counter
            && self.share == o.share
            && self.incoming == o.incoming
    }
}

impl Workspace {
    pub fn seeded(mut self, seed: u64) -> Workspace {
        self.rng = Rng(seed);
        self
    }

    /// The user variables as parsed (secrets marked).
    pub fn user_vars(&self) -> &[UserVar] {
        &self.vars
    }

    /// What is wrong in the variables and captures editors, a line each.
    pub fn editor_errors(&self) -> impl Iterator<Item = String> + '_ {
        let vars = self.var_errors.iter().map(|e| format!("Variables, {e}"));
        let caps = self.capture_errors.iter().map(|e| format!("Captures, {e}"));
        vars.chain(caps)
    }

    pub fn set_variables(&mut self, text: String) {
        let (vars, errors) = parse_user_vars(&text);
        (self.vars, self.var_errors, self.variables_text) = (vars, errors, text);
    }

    pub fn set_captures(&mut self, text: String) {
        let (rules, errors) = capture::parse_rules(&text);
        (self.captures, self.capture_errors, self.captures_text) = (rules, errors, text);
    }

    fn user_map(&self) -> VarMap {
        self.user_map_with(|v| v.value.clone())
    }

    /// The user's variables by name, each value as `value` makes it; a later variable of the same name wins.
    fn user_map_with(&self, value: impl Fn(&UserVar) -> String) -> VarMap {
        let mut map = VarMap::new();
        for v in &self.vars {
            map.insert(v.name.clone(), value(v));
        }
        map
    }

    /// Expands `text` for sending: `{{counter}}` moves on when used. A text without `{{` is as it is.
    pub fn expand(&mut self, text: &str, now_ms: u64) -> Result<String, VarError> {
        if !has_variables(text) {
            return Ok(text.to_owned());
        }
        let user = self.user_map();
        let env = Env { now_ms, counter: self.counter, user: &user, captured: &self.captured };
        let out = expand(text, &env, &mut self.rng)?;
        if out.counted {
            self.counter = self.counter.saturating_add(1);
        }
        Ok(out.text)
    }

    /// What `text` would be sent as now (secrets masked), changing nothing; `None` without variables.
    pub fn preview(&self, text: &str, now_ms: u64) -> Option<Result<String, VarError>> {
        if !has_variables(text) {
            return None;
        }
        let user =
            self.user_map_with(|v| if v.secret { "••••••".to_owned() } else { v.value.clone() });
        let env = Env { now_ms, counter: self.counter, user: &user, captured: &self.captured };
        let mut rng = self.rng;
        Some(expand(text, &env, &mut rng).map(|e| e.text))
    }

    /// A connection opened at `url`: the counter starts again, the history notes it.
    pub fn opened(&mut self, url: &str, protocols: &str, now_ms: u64) {
        self.counter = 1;
        self.history.opened(url, protocols, now_ms);
    }

    /// A text message arrived: the capture rules set their variables. Returns the names set.
    pub fn received(&mut self, text: &str) -> Vec<String> {
        if !self.captures_on || self.captures.is_empty() {
            return Vec::new();
        }
        let found = capture::apply(&self.captures, text);
        let mut names = Vec::new();
        for (name, value) in found {
            if !self.captured.contains_key(&name) && self.captured.len() >= CAPTURED_MAX {
                continue;
            }
            self.captured.insert(name.clone(), value);
            names.push(name);
        }
        names
    }

    /// The messages that only touch the workspace.
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) {
        match msg {
            Msg::NameEdited(v) => self.name_input = v,
            Msg::SearchEdited(v) => self.search = v,
            Msg::Delete(name) => {
                if self.library.delete(&name).is_some() {
                    cx.info(Info::Note(format!("Deleted {name:?} from the library (Undo brings it back).")));
                }
            }
            Msg::Undo => match self.library.undo() {
                Some(name) => cx.info(Info::Note(format!("Brought back {name:?}."))),
                None => cx.notice(Source::Workspace, "Nothing to undo in the library."),
            },
            Msg::Rename { from, to } => match self.library.rename(&from, &to) {
                Ok(_) => cx.clear(Source::Workspace),
                Err(e) => cx.notice(Source::Workspace, e),
            },
            Msg::Duplicate(name) => {
                if let Err(e) = self.library.duplicate(&name) {
                    cx.notice(Source::Workspace, e);
                }
            }
            Msg::Move { name, by } => {
                self.library.move_by(&name, by);
            }
            Msg::MoveBefore { name, before } => {
                self.library.move_before(&name, before.as_deref());
            }
            Msg::TagsEdited { name, tags } => {
                self.library.set_tags(&name, parse_tags(&tags));
            }
            Msg::VariablesEdited(text) => self.set_variables(text),
            Msg::CapturesEdited(text) => self.set_captures(text),
            Msg::CapturesToggled(on) => self.captures_on = on,
            Msg::SequenceEdited(text) => self.sequence.set_text(text),
            Msg::SequenceToggled(on) => self.sequence.enabled = on,
            Msg::SequenceDue => {
                if let Some(why) = self.sequence.tick(cx.now) {
                    cx.notice(Source::Workspace, format!("The on-connect sequence: {why}."));
                }
            }
            Msg::HistoryRemove(url) => self.history.remove(&url),
            Msg::HistoryClear => self.history.clear(),
            Msg::ShareDismiss => self.incoming = None,
            Msg::LibraryImportLoaded { name, text } => match self.library.import(&text) {
                Ok((added, replaced, errors)) => {
                    let left = if errors.is_empty() {
                        String::new()
                    } else {
                        format!("; left out {}: {}", errors.len(), errors.join(", "))
                    };
                    cx.info(Info::Note(format!(
                        "Library {name:?}: {added} added, {replaced} replaced{left}."
                    )));
                    if !errors.is_empty() {
                        cx.notice(Source::Workspace, format!("Some of {name:?} could not be read{left}."));
                    }
                }
                Err(e) => cx.notice(Source::Workspace, format!("Could not import {name:?}: {e}")),
            },
            // The root handles these: they touch the composer, the connection or the session.
            Msg::Save
            | Msg::Load(_)
            | Msg::SendItem(_)
            | Msg::Share
            | Msg::Deflated(_)
            | Msg::ShareImport
            | Msg::LinkOpened(_)
            | Msg::Inflated(_)
            | Msg::LibraryExport
            | Msg::WorkspaceExport
            | Msg::WorkspaceImportLoaded { .. } => {}
        }
    }
}
