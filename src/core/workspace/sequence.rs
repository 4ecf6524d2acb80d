//! The on-connect sequence: library items sent in order after every open (automatic reconnects too),
//! each optionally followed by a wait for a received message matching a pattern, up to a time. A wait
//! that times out names its step and stops the sequence; the connection stays. Pure.

use crate::core::bounded_regex::BoundedRegex;

/// The most steps.
pub const STEPS_MAX: usize = 100;
/// The longest wait.
pub const WAIT_MAX_MS: u64 = 10 * 60 * 1000;

/// One step: send the library item `item`, then maybe wait.
#[derive(Clone, Debug)]
pub struct Step {
    pub item: String,
    pub wait: Option<Wait>,
}

/// Wait for a received text message matching `pattern`, at most `timeout_ms`.
#[derive(Clone, Debug)]
pub struct Wait {
    pub pattern: String,
    regex: BoundedRegex,
    pub timeout_ms: u64,
}

/// Where a run is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Not run since the page loaded (or switched off).
    Idle,
    /// Waiting after step `step` (from 0) until `until_ms`.
    Waiting { step: usize, until_ms: u64 },
    /// Every step done.
    Done { steps: usize },
    /// Stopped at `step`, saying why.
    Stopped { step: usize, why: String },
}

/// The steps as written, and the current run.
#[derive(Clone, Debug)]
pub struct Sequence {
    pub text: String,
    pub enabled: bool,
    steps: Vec<Step>,
    errors: Vec<String>,
    progress: Progress,
    /// Which run this is (each open starts one).
    pub runs: u64,
}

impl Default for Sequence {
    fn default() -> Self {
        Sequence {
            text: String::new(),
            enabled: true,
            steps: Vec::new(),
            errors: Vec::new(),
            progress: Progress::Idle,
            runs: 0,
        }
    }
}

impl PartialEq for Sequence {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
            && self.enabled == other.enabled
            && self.progress == other.progress
            && self.runs == other.runs
    }
}

/// What the sequence asks of the page now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Go {
    /// Library items to send, in order.
    pub send: Vec<String>,
}

/// Reads one line: `item name` or `item name | wait PATTERN up to N ms` (`ms` optional).
fn parse_line(line: &str) -> Result<Step, String> {
    let Some((item, wait)) = line.split_once("| wait ") else {
        return Ok(Step { item: line.trim().to_owned(), wait: None });
    };
    let item = item.trim().to_owned();
    let wait = wait.trim();
    let wait = wait.strip_suffix("ms").unwrap_or(wait).trim_end();
    let Some((pattern, ms)) = wait.rsplit_once(" up to ") else {
        return Err("a wait is `| wait PATTERN up to N ms`".to_owned());
    };
    let timeout_ms =
        ms.trim().parse::<u64>().map_err(|_| format!("{:?} is not a number of milliseconds", ms.trim()))?;
    if timeout_ms == 0 || timeout_ms > WAIT_MAX_MS {
        return Err(format!("a wait is 1 ms to {} min", WAIT_MAX_MS / 60_000));
    }
    let pattern = pattern.trim().to_owned();
    let regex = BoundedRegex::new(&pattern, false, "The wait's pattern")?;
    Ok(Step { item, wait: Some(Wait { pattern, regex, timeout_ms }) })
}

impl Sequence {
    /// Sets the steps from the editor's text (one a line); bad lines are kept out and said.
    pub fn set_text(&mut self, text: String) {
        self.steps.clear();
        self.errors.clear();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            match parse_line(line) {
                Ok(step) if step.item.is_empty() => {
                    self.errors.push(format!("line {}: no library item named", i + 1))
                }
                Ok(_) if self.steps.len() >= STEPS_MAX => {
                    self.errors.push(format!("line {}: at most {STEPS_MAX} steps", i + 1))
                }
                Ok(step) => self.steps.push(step),
                Err(why) => self.errors.push(format!("line {}: {why}", i + 1)),
            }
        }
        self.text = text;
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// When the current wait ends, if one runs.
    pub fn due(&self) -> Option<u64> {
        match self.progress {
            Progress::Waiting { until_ms, .. } => Some(until_ms),
            _ => None,
        }
    }

    /// Sends from step `from` up to and including the next step that waits.
    fn run_from(&mut self, from: usize, now_ms: u64) -> Go {
        let mut go = Go::default();
        for (i, step) in self.steps.iter().enumerate().skip(from) {
            go.send.push(step.item.clone());
            if let Some(wait) = &step.wait {
                self.progress =
                    Progress::Waiting { step: i, until_ms: now_ms.saturating_add(wait.timeout_ms) };
                return go;
            }
        }
        self.progress = Progress::Done { steps: self.steps.len() };
        go
    }

    /// The connection opened: a new run starts (when on and there are steps).
    pub fn opened(&mut self, now_ms: u64) -> Go {
        if !self.enabled || self.steps.is_empty() {
            self.progress = Progress::Idle;
            return Go::default();
        }
        self.runs += 1;
        self.run_from(0, now_ms)
    }

    /// A text message arrived: a wait it matches ends, and the run goes on.
    pub fn received(&mut self, text: &str, now_ms: u64) -> Go {
        let Progress::Waiting { step, .. } = self.progress else { return Go::default() };
        let matched =
            self.steps.get(step).and_then(|s| s.wait.as_ref()).is_some_and(|w| w.regex.is_match(text));
        if matched {
            self.run_from(step + 1, now_ms)
        } else {
            Go::default()
        }
    }

    /// Time passed: a wait past its end stops the run, naming its step. Returns the reason when it did.
    pub fn tick(&mut self, now_ms: u64) -> Option<String> {
        let Progress::Waiting { step, until_ms } = self.progress else { return None };
        if now_ms < until_ms {
            return None;
        }
        let s = &self.steps[step];
        let wait = s.wait.as_ref().map_or(0, |w| w.timeout_ms);
        let pattern = s.wait.as_ref().map(|w| w.pattern.clone()).unwrap_or_default();
        let why = format!(
            "step {} ({:?}) waited {wait} ms for a message matching {pattern:?} and got none: the sequence stopped (the connection stays open)",
            step + 1,
            s.item
        );
        self.progress = Progress::Stopped { step, why: why.clone() };
        Some(why)
    }

    /// A step could not be sent (no such item, a bad variable): the run stops there.
    pub fn failed(&mut self, item: &str, why: &str) {
        let step = self.steps.iter().position(|s| s.item == item).unwrap_or(0);
        self.progress = Progress::Stopped { step, why: why.to_owned() };
    }

    /// The connection ended: a wait in progress ends with it.
    pub fn closed(&mut self) {
        if let Progress::Waiting { step, .. } = self.progress {
            self.progress =
                Progress::Stopped { step, why: "the connection closed during the wait".to_owned() };
        }
    }

    /// A line for people: where the run is.
    pub fn progress_text(&self) -> String {
        let total = self.steps.len();
        match &self.progress {
            Progress::Idle => format!("{total} steps; runs after each open"),
            Progress::Waiting { step, .. } => {
                format!("run {}: step {} of {total}, waiting", self.runs, step + 1)
            }
            Progress::Done { steps } => format!("run {}: all {steps} steps done", self.runs),
            Progress::Stopped { step, why } => {
                format!("run {}: stopped at step {} of {total}: {why}", self.runs, step + 1)
            }
        }
    }
}
