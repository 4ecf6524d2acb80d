//! Reconnecting after an end the user did not ask for: exponential backoff with full jitter, bounded
//! in delay and attempts, its settings as typed, and the attempt waiting. Pure: time and randomness
//! come in as values.

use crate::core::choice::Choice;
use crate::core::context::Cx;
use crate::core::info::{CancelCause, Info};
use crate::core::notice::Source;
use crate::core::number::{parse_decimal, short};

/// How reconnecting waits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReconnectPolicy {
    pub initial_ms: u64,
    pub factor: f64,
    pub max_ms: u64,
    pub max_attempts: u32,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy { initial_ms: 500, factor: 2.0, max_ms: 30_000, max_attempts: 10 }
    }
}

impl ReconnectPolicy {
    /// The ceiling of attempt `attempt` (1-based): `initial × factor^(attempt-1)`, at most `max_ms`.
    pub(crate) fn ceiling_ms(&self, attempt: u32) -> u64 {
        let exp = self.factor.max(1.0).powi(attempt.saturating_sub(1).min(64) as i32);
        let c = self.initial_ms as f64 * exp;
        if c.is_finite() {
            (c as u64).min(self.max_ms)
        } else {
            self.max_ms
        }
    }

    /// Full jitter: a delay drawn uniformly from `[0, ceiling]` by `unit` in `[0, 1)`.
    pub(crate) fn delay_ms(&self, attempt: u32, unit: f64) -> u64 {
        (self.ceiling_ms(attempt) as f64 * unit.clamp(0.0, 1.0)).round() as u64
    }

    /// Checks settings typed by the user.
    fn parse([initial, factor, max, attempts]: &[String; 4]) -> Result<ReconnectPolicy, String> {
        let ms = |s: &str, what: &str| {
            s.trim().parse::<u64>().ok().filter(|v| (1..=3_600_000).contains(v)).ok_or(format!(
                "The reconnect {what} must be a whole number of milliseconds from 1 to 3600000."
            ))
        };
        let initial_ms = ms(initial, "initial delay")?;
        let max_ms = ms(max, "maximum delay")?;
        let factor = parse_decimal(factor)
            .filter(|f| (1.0..=10.0).contains(f))
            .ok_or("The reconnect factor must be a number from 1 to 10.")?;
        let max_attempts = attempts
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|a| (1..=1000).contains(a))
            .ok_or("The reconnect attempts must be a whole number from 1 to 1000.")?;
        if max_ms < initial_ms {
            return Err("The reconnect maximum delay must not be below the initial delay.".into());
        }
        Ok(ReconnectPolicy { initial_ms, factor, max_ms, max_attempts })
    }
}

/// A small deterministic random source (xorshift64*), seeded by the browser, fixed in tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Prng(u64);

impl Prng {
    pub(crate) fn new(seed: u64) -> Prng {
        Prng(seed | 1)
    }

    /// A number in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One of the backoff settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Initial,
    Factor,
    Max,
    Attempts,
}

impl Choice for Field {
    const ALL: &'static [Self] = &[Field::Initial, Field::Factor, Field::Max, Field::Attempts];

    /// The field's element id.
    fn value(self) -> &'static str {
        match self {
            Field::Initial => "reconnect-initial",
            Field::Factor => "reconnect-factor",
            Field::Max => "reconnect-max",
            Field::Attempts => "reconnect-attempts",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Field::Initial => "first delay (ms)",
            Field::Factor => "× factor",
            Field::Max => "max delay (ms)",
            Field::Attempts => "attempts",
        }
    }
}

/// What the user and the reconnect timer do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Toggled(bool),
    SettingEdited(Field, String),
    /// The reconnect timer numbered `token` fired.
    Due {
        token: u64,
    },
    Cancel,
    RetryNow,
}

/// Reconnecting: its settings and the attempt waiting, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconnect {
    pub enabled: bool,
    pub policy: ReconnectPolicy,
    /// The settings as typed, in `Field::ALL` order.
    pub inputs: [String; 4],
    /// Attempts made since the connection last opened.
    pub attempt: u32,
    /// When the next attempt is due, while one is scheduled.
    pub at: Option<u64>,
    token: u64,
    /// Whether the user's own Stop ended the connection (no reconnect then).
    user_closed: bool,
    prng: Prng,
}

impl Reconnect {
    pub(crate) fn new(seed: u64) -> Reconnect {
        let p = ReconnectPolicy::default();
        Reconnect {
            enabled: false,
            policy: p,
            inputs: [
                p.initial_ms.to_string(),
                short(p.factor, 3),
                p.max_ms.to_string(),
                p.max_attempts.to_string(),
            ],
            attempt: 0,
            at: None,
            token: 0,
            user_closed: false,
            prng: Prng::new(seed),
        }
    }

    /// Applies `msg`; `true` when an attempt should start now.
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) -> bool {
        match msg {
            Msg::Toggled(on) => {
                self.enabled = on;
                if !on && self.at.is_some() {
                    self.cancel(cx, CancelCause::SwitchedOff);
                }
            }
            Msg::SettingEdited(field, v) => {
                self.inputs[field as usize] = v;
                match ReconnectPolicy::parse(&self.inputs) {
                    Ok(p) => {
                        self.policy = p;
                        cx.clear(Source::Reconnect);
                    }
                    Err(e) => cx.notice(Source::Reconnect, e),
                }
            }
            Msg::Due { token } => return token == self.token && self.at.take().is_some(),
            Msg::Cancel if self.at.is_some() => self.cancel(cx, CancelCause::Asked),
            Msg::RetryNow if self.at.is_some() => return self.at.take().is_some(),
            Msg::Cancel | Msg::RetryNow => cx.notice(Source::Reconnect, "No reconnect is scheduled."),
        }
        false
    }

    fn cancel(&mut self, cx: &mut Cx, cause: CancelCause) {
        self.at = None;
        self.attempt = 0;
        cx.info(Info::ReconnectCancelled(cause));
    }

    /// The user asked for a new connection: a waiting attempt is dropped and counting starts over.
    pub(crate) fn connecting(&mut self) {
        self.at = None;
        self.attempt = 0;
        self.user_closed = false;
    }

    /// The user pressed Stop while an attempt waits: it is cancelled (`true`), and no reconnect follows.
    pub(crate) fn stop_waiting(&mut self, cx: &mut Cx) -> bool {
        if self.at.is_none() {
            return false;
        }
        self.user_closed = true;
        self.cancel(cx, CancelCause::Stop);
        true
    }

    /// The user's own Stop is closing the connection: no reconnect follows.
    pub(crate) fn stopped(&mut self) {
        self.user_closed = true;
    }

    /// The connection opened: the attempts that led here are said and reset.
    pub(crate) fn opened(&mut self, cx: &mut Cx) {
        if self.attempt > 0 {
            cx.info(Info::Reconnected { attempt: self.attempt });
            self.attempt = 0;
        }
    }

    /// The connection ended: schedules the next attempt, or says it gave up.
    pub(crate) fn closed(&mut self, cx: &mut Cx) {
        if !self.enabled || self.user_closed {
            return;
        }
        if self.attempt >= self.policy.max_attempts {
            cx.info(Info::GaveUp { attempts: self.attempt });
            self.attempt = 0;
            return;
        }
        self.attempt += 1;
        let delay_ms = self.policy.delay_ms(self.attempt, self.prng.unit());
        self.token += 1;
        self.at = Some(cx.now.saturating_add(delay_ms));
        let (attempt, max) = (self.attempt, self.policy.max_attempts);
        cx.info(Info::ReconnectScheduled { delay_ms, attempt, max });
    }

    /// The timer to run: (token, due time).
    pub(crate) fn due(&self) -> Option<(u64, u64)> {
        self.at.map(|at| (self.token, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_its_ceiling_with_full_jitter() {
        let p = ReconnectPolicy { initial_ms: 500, factor: 2.0, max_ms: 5000, max_attempts: 10 };
        let ceilings: Vec<u64> = (1..=6).map(|a| p.ceiling_ms(a)).collect();
        assert_eq!(ceilings, vec![500, 1000, 2000, 4000, 5000, 5000]);
        assert_eq!(p.delay_ms(3, 0.0), 0);
        assert_eq!(p.delay_ms(3, 0.5), 1000);
        assert_eq!(p.delay_ms(3, 0.999_999), 2000);
        assert_eq!(p.ceiling_ms(1000), 5000, "no overflow on huge attempts");
    }

    #[test]
    fn prng_is_uniform_enough_and_deterministic() {
        let mut a = Prng::new(42);
        let mut b = Prng::new(42);
        let xs: Vec<f64> = (0..1000).map(|_| a.unit()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert_eq!(xs[0], b.unit());
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }

    #[test]
    fn policy_parsing_checks_every_field() {
        let p = |a: &str, b: &str, c: &str, d: &str| ReconnectPolicy::parse(&[a, b, c, d].map(String::from));
        assert_eq!(p("500", "2", "30000", "10"), Ok(ReconnectPolicy::default()));
        assert!(p("0", "2", "100", "1").unwrap_err().contains("initial delay"));
        assert!(p("100", "0.5", "100", "1").unwrap_err().contains("factor"));
        assert!(p("100", "2", "50", "1").unwrap_err().contains("below"));
        assert!(p("100", "2", "100", "0").unwrap_err().contains("attempts"));
    }
}
