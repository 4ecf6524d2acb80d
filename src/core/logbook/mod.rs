//! The logbook concern: the log's filter and its index, the cap, export in steps, and the read-only
//! view of a saved log. The log itself is shared (`Cx::log`). Pure.

mod export_cursor;

pub use export_cursor::ExportCursor;
use export_cursor::Step;

use super::cmd::Cmd;
use super::context::Cx;
use super::export::{ExportFormat, Importer};
use super::filter::{FilterIndex, FilterSpec, KindSet, Matcher};
use super::log::{Log, DEFAULT_CAP};
use super::notice::Source;

/// How much of a saved log one step reads (a few milliseconds of parsing).
const IMPORT_STEP_BYTES: usize = 256 * 1024;

/// The largest saved log opened (it is read whole into memory, then in steps).
pub const IMPORT_FILE_MAX: usize = 256 * 1024 * 1024;

/// The largest log cap one may set.
pub(crate) const MAX_CAP: usize = 10_000_000;

/// What the user and the export's steps do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    FilterEdited(String),
    FilterRegexToggled(bool),
    FilterKindsChosen(KindSet),
    /// The log's cap, as typed.
    CapEdited(String),
    ExportFormatChosen(ExportFormat),
    Clear,
    /// Write the whole log as a file.
    Export,
    /// Time to write the export's next piece.
    ExportStepDue,
    /// A saved log file was read.
    ImportLoaded {
        name: String,
        text: String,
    },
    /// A picked saved log could not be read.
    ImportFailed {
        name: String,
        error: String,
    },
    /// Time to read the next piece of the saved log being opened.
    ImportStepDue,
    /// Stop viewing a saved log.
    CloseImport,
}

/// The log's view and housekeeping.
#[derive(Debug)]
pub struct Logbook {
    pub filter: FilterSpec,
    /// The filter's text compiled once; `None` while it is a bad regular expression.
    matcher: Option<Matcher>,
    index: FilterIndex,
    pub cap_input: String,
    pub export_format: ExportFormat,
    /// The name of the saved log being viewed (read-only), if any.
    pub imported: Option<String>,
    export: Option<ExportCursor>,
    /// Exports begun, so that each one's steps are told apart.
    exports: u64,
    /// The saved log being opened (its name), read in steps.
    opening: Option<(String, Importer)>,
    openings: u64,
}

impl Default for Logbook {
    fn default() -> Self {
        Logbook {
            filter: FilterSpec::default(),
            matcher: Some(Matcher::All),
            index: FilterIndex::default(),
            cap_input: DEFAULT_CAP.to_string(),
            export_format: ExportFormat::default(),
            imported: None,
            export: None,
            exports: 0,
            opening: None,
            openings: 0,
        }
    }
}

impl PartialEq for Logbook {
    // The matcher and index follow from the filter and the log.
    fn eq(&self, other: &Self) -> bool {
        self.filter == other.filter
            && self.cap_input == other.cap_input
            && self.export_format == other.export_format
            && self.imported == other.imported
            && self.export == other.export
            && self.opening == other.opening
    }
}

impl Logbook {
    /// Applies `msg`; `live` says whether a connection is on (a saved log cannot be opened then).
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx, live: bool) -> Vec<Cmd> {
        match msg {
            Msg::FilterEdited(v) => {
                self.filter.text = v;
                self.filter_changed(cx);
            }
            Msg::FilterRegexToggled(on) => {
                self.filter.regex = on;
                self.filter_changed(cx);
            }
            Msg::FilterKindsChosen(k) => self.filter.kinds = k,
            Msg::CapEdited(v) => {
                match v.trim().parse::<usize>() {
                    Ok(cap @ 1..=MAX_CAP) => {
                        cx.log.set_cap(cap);
                        cx.clear(Source::Cap);
                    }
                    _ => cx.notice(
                        Source::Cap,
                        format!(
                            "The log cap must be a whole number from 1 to {MAX_CAP}; it stays {}.",
                            cx.log.cap()
                        ),
                    ),
                }
                self.cap_input = v;
            }
            Msg::ExportFormatChosen(f) => self.export_format = f,
            Msg::Clear => {
                cx.log.clear();
                self.imported = None;
            }
            Msg::Export => self.begin_export(cx),
            Msg::ExportStepDue => return self.export_step(cx),
            Msg::ImportLoaded { name, text } => self.open_saved(name, text, cx, live),
            Msg::ImportStepDue => self.read_saved(cx, live),
            Msg::ImportFailed { name, error } => {
                cx.notice(Source::Logbook, format!("Could not read the file {name:?}: {error}."))
            }
            Msg::CloseImport => {
                self.imported = None;
                cx.log.clear();
            }
        }
        Vec::new()
    }

    /// Compiles the filter's text once; a bad regular expression is said (the log then shows every
    /// entry) and fixing it clears that.
    fn filter_changed(&mut self, cx: &mut Cx) {
        match Matcher::compile(&self.filter) {
            Ok(m) => {
                self.matcher = Some(m);
                cx.clear(Source::Filter);
            }
            Err(e) => {
                self.matcher = None;
                cx.notice(Source::Filter, format!("{e}. The log shows every entry until it is fixed."));
            }
        }
    }

    fn begin_export(&mut self, cx: &mut Cx) {
        if cx.log.is_empty() {
            cx.notice(Source::Logbook, "The log is empty: there is nothing to export.");
        } else if self.export.is_some() {
            cx.notice(Source::Logbook, "An export is already being written.");
        } else {
            cx.clear(Source::Logbook);
            let name = format!("sockpit-log-{}.{}", cx.now, self.export_format.extension());
            self.export = Some(ExportCursor::new(cx.log, name, self.export_format));
            self.exports += 1;
        }
    }

    fn export_step(&mut self, cx: &mut Cx) -> Vec<Cmd> {
        let Some(cursor) = self.export.as_mut().filter(|c| !c.saving) else {
            return Vec::new();
        };
        match cursor.step(cx.log) {
            Step::Piece { text, first, last } => {
                let mut cmds = vec![Cmd::ExportPiece { text, first }];
                if last {
                    cmds.push(Cmd::ExportSave { name: cursor.name.clone(), format: cursor.format });
                }
                cmds
            }
            Step::Failed(error) => {
                self.export_ended(Some(&error), cx);
                vec![Cmd::ExportDiscard]
            }
        }
    }

    /// The export was offered (`None`) or failed.
    pub(crate) fn export_ended(&mut self, error: Option<&str>, cx: &mut Cx) {
        self.export = None;
        if let Some(error) = error {
            cx.notice(Source::Logbook, format!("The export could not be saved: {error}"));
        }
    }

    fn open_saved(&mut self, name: String, text: String, cx: &mut Cx, live: bool) {
        if live {
            cx.notice(Source::Logbook, format!("Stop the connection before opening the saved log {name:?}."));
            return;
        }
        self.opening = Some((name, Importer::new(text)));
        self.openings += 1;
    }

    /// Reads the next piece of the saved log being opened; once all is read, it becomes the log.
    fn read_saved(&mut self, cx: &mut Cx, live: bool) {
        let Some((_, importer)) = self.opening.as_mut() else { return };
        if !importer.step(IMPORT_STEP_BYTES) {
            return;
        }
        let Some((name, importer)) = self.opening.take() else { return };
        if live {
            // Connected meanwhile: the live log is not replaced behind the user's back.
            cx.notice(Source::Logbook, format!("Stop the connection before opening the saved log {name:?}."));
            return;
        }
        match importer.finish() {
            Ok(got) => {
                cx.log.replace(got.entries);
                match got.first_problem {
                    Some(first) => cx.notice(
                        Source::Logbook,
                        format!(
                            "Opened {name:?}, but {} could not be read and {} left out (the first: {first}).",
                            plural(got.skipped, "entry", "entries"),
                            if got.skipped == 1 { "is" } else { "are" },
                        ),
                    ),
                    None => cx.clear(Source::Logbook),
                }
                self.imported = Some(name);
            }
            Err(e) => cx.notice(Source::Logbook, format!("Could not open {name:?} as a Sockpit log: {e}.")),
        }
    }

    /// Bytes read of all, while a saved log is being opened.
    pub fn opening(&self) -> Option<(usize, usize)> {
        self.opening.as_ref().map(|(_, i)| i.progress())
    }

    /// The opening step to run next, told apart by (opening, bytes read).
    pub(crate) fn opening_due(&self) -> Option<(u64, usize)> {
        self.opening.as_ref().map(|(_, i)| (self.openings, i.progress().0))
    }

    /// Entries written of all, while an export is being written.
    pub fn exporting(&self) -> Option<(usize, usize)> {
        self.export.as_ref().map(ExportCursor::progress)
    }

    /// The export step to run next, told apart by (export, entries done).
    pub(crate) fn export_due(&self) -> Option<(u64, usize)> {
        self.export.as_ref().filter(|c| !c.saving).map(|c| (self.exports, c.progress().0))
    }

    /// Brings the filter's index towards `log`, doing at most `budget_ns` of estimated work; whether
    /// it is complete.
    pub(crate) fn refresh(&mut self, log: &Log, budget_ns: u64) -> bool {
        self.index.refresh(log, &self.filter, self.matcher.as_ref(), budget_ns)
    }

    /// How many bytes of each message the filter searches, when it searches text and not all of it.
    pub fn window(&self) -> Option<usize> {
        self.matcher.as_ref().and_then(Matcher::window)
    }

    /// The entries matching the filter.
    pub fn index(&self) -> &FilterIndex {
        &self.index
    }
}

/// `1 entry`, `2 entries`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
