//! What keeps a session going on its own: reconnect backoff with full jitter, the outbox, heartbeat
//! settings, auto-reply rules and round-trip-time matching. Pure: time and randomness come in as values.

use std::collections::{HashMap, VecDeque};

use super::payload::Payload;

/// How reconnecting waits: exponential backoff with full jitter, bounded in delay and attempts.
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
    pub fn ceiling_ms(&self, attempt: u32) -> u64 {
        let exp = self.factor.max(1.0).powi(attempt.saturating_sub(1).min(64) as i32);
        let c = self.initial_ms as f64 * exp;
        if c.is_finite() {
            (c as u64).min(self.max_ms)
        } else {
            self.max_ms
        }
    }

    /// Full jitter: a delay drawn uniformly from `[0, ceiling]` by `unit` in `[0, 1)`.
    pub fn delay_ms(&self, attempt: u32, unit: f64) -> u64 {
        (self.ceiling_ms(attempt) as f64 * unit.clamp(0.0, 1.0)).round() as u64
    }

    /// Checks settings typed by the user.
    pub fn parse(initial: &str, factor: &str, max: &str, attempts: &str) -> Result<ReconnectPolicy, String> {
        let ms = |s: &str, what: &str| {
            s.trim().parse::<u64>().ok().filter(|v| (1..=3_600_000).contains(v)).ok_or(format!(
                "The reconnect {what} must be a whole number of milliseconds from 1 to 3600000."
            ))
        };
        let initial_ms = ms(initial, "initial delay")?;
        let max_ms = ms(max, "maximum delay")?;
        let factor = factor
            .trim()
            .parse::<f64>()
            .ok()
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
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed | 1)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Messages waiting for a connection, sent in order when it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbox {
    items: VecDeque<Payload>,
    cap: usize,
}

/// The default most messages the outbox holds.
pub const OUTBOX_CAP: usize = 100;

impl Default for Outbox {
    fn default() -> Self {
        Outbox { items: VecDeque::new(), cap: OUTBOX_CAP }
    }
}

impl Outbox {
    /// Queues `p`; gives it back when the outbox is full.
    pub fn push(&mut self, p: Payload) -> Result<usize, Payload> {
        if self.items.len() >= self.cap {
            return Err(p);
        }
        self.items.push_back(p);
        Ok(self.items.len())
    }

    /// Puts `p` back at the front (a send that failed), even past the cap: nothing is lost.
    pub fn push_front(&mut self, p: Payload) {
        self.items.push_front(p);
    }

    /// Queues `p` at the back even past the cap (a queued message whose send failed): nothing is lost.
    pub fn push_back_uncapped(&mut self, p: Payload) {
        self.items.push_back(p);
    }

    /// Takes everything, oldest first.
    pub fn drain(&mut self) -> Vec<Payload> {
        self.items.drain(..).collect()
    }

    /// Removes the `i`-th message.
    pub fn remove(&mut self, i: usize) -> Option<Payload> {
        self.items.remove(i)
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    pub fn iter(&self) -> impl Iterator<Item = &Payload> {
        self.items.iter()
    }
}

/// "When a received text matches `pattern` (a regular expression), send `reply`" (`$1`… expand).
#[derive(Clone, Debug)]
pub struct AutoReply {
    pub pattern: String,
    pub reply: String,
    regex: regex_lite::Regex,
}

impl PartialEq for AutoReply {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && self.reply == other.reply
    }
}

impl AutoReply {
    /// A rule, or why its pattern is not a regular expression.
    pub fn new(pattern: &str, reply: &str) -> Result<AutoReply, String> {
        if pattern.is_empty() {
            return Err("An auto-reply needs a pattern to match.".into());
        }
        let regex = regex_lite::Regex::new(pattern)
            .map_err(|e| format!("The auto-reply pattern is not a valid regular expression: {e}"))?;
        Ok(AutoReply { pattern: pattern.to_owned(), reply: reply.to_owned(), regex })
    }

    /// The reply to `text`, if it matches.
    pub fn answer(&self, text: &str) -> Option<String> {
        let caps = self.regex.captures(text)?;
        let mut out = String::new();
        caps.expand(&self.reply, &mut out);
        Some(out)
    }
}

/// The first rule's answer to `text`.
pub fn auto_answer(rules: &[AutoReply], text: &str) -> Option<String> {
    rules.iter().find_map(|r| r.answer(text))
}

/// At most this many auto-replies in any second, so that a rule against an echo server cannot loop
/// without end.
pub const AUTO_REPLY_PER_SECOND: usize = 20;

/// How round trips are recognised.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RttMode {
    #[default]
    Off,
    /// A received message equal to a sent one answers it (echo servers).
    Echo,
    /// A received JSON object whose field has the value of a sent one's answers it (e.g. `id`).
    JsonField(String),
}

/// Sent messages waiting for their answer, and the round trips measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RttTracker {
    pending: HashMap<String, VecDeque<u64>>,
    pending_count: usize,
    samples: VecDeque<u64>,
    pub last: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// The most sent messages waiting for an answer, and the most samples kept for the median.
pub const RTT_PENDING_CAP: usize = 10_000;
pub const RTT_SAMPLES: usize = 1000;

/// The key a payload is matched by under `mode`, if any.
pub fn rtt_key(mode: &RttMode, p: &Payload) -> Option<String> {
    match (mode, p) {
        (RttMode::Off, _) => None,
        (RttMode::Echo, Payload::Text(t)) => Some(format!("t:{t}")),
        (RttMode::Echo, Payload::Binary(b)) => Some(format!("b:{:016x}:{}", fnv(&b.all()), b.len())),
        (RttMode::JsonField(field), Payload::Text(t)) => {
            let v: serde_json::Value = serde_json::from_str(t).ok()?;
            let f = v.get(field)?;
            Some(format!("j:{f}"))
        }
        (RttMode::JsonField(_), Payload::Binary(_)) => None,
    }
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3))
}

impl RttTracker {
    /// Notes that a message with `key` went out at `at_ms`.
    pub fn sent(&mut self, key: String, at_ms: u64) {
        if self.pending_count >= RTT_PENDING_CAP {
            return;
        }
        self.pending.entry(key).or_default().push_back(at_ms);
        self.pending_count += 1;
    }

    /// A message with `key` came in at `at_ms`: the round trip, if it answers one.
    pub fn received(&mut self, key: &str, at_ms: u64) -> Option<u64> {
        let queue = self.pending.get_mut(key)?;
        let sent = queue.pop_front()?;
        if queue.is_empty() {
            self.pending.remove(key);
        }
        self.pending_count -= 1;
        let rtt = at_ms.saturating_sub(sent);
        self.last = Some(rtt);
        self.min = Some(self.min.map_or(rtt, |m| m.min(rtt)));
        self.max = Some(self.max.map_or(rtt, |m| m.max(rtt)));
        if self.samples.len() == RTT_SAMPLES {
            self.samples.pop_front();
        }
        self.samples.push_back(rtt);
        Some(rtt)
    }

    /// The median of the last `RTT_SAMPLES` round trips.
    pub fn median(&self) -> Option<u64> {
        if self.samples.is_empty() {
            return None;
        }
        let mut v: Vec<u64> = self.samples.iter().copied().collect();
        v.sort_unstable();
        Some(v[v.len() / 2])
    }

    /// Forgets what is pending (a connection ended) but keeps the figures.
    pub fn forget_pending(&mut self) {
        self.pending.clear();
        self.pending_count = 0;
    }

    /// How many sent messages wait for an answer.
    pub fn pending(&self) -> usize {
        self.pending_count
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
        assert_eq!(ReconnectPolicy::parse("500", "2", "30000", "10"), Ok(ReconnectPolicy::default()));
        assert!(ReconnectPolicy::parse("0", "2", "100", "1").unwrap_err().contains("initial delay"));
        assert!(ReconnectPolicy::parse("100", "0.5", "100", "1").unwrap_err().contains("factor"));
        assert!(ReconnectPolicy::parse("100", "2", "50", "1").unwrap_err().contains("below"));
        assert!(ReconnectPolicy::parse("100", "2", "100", "0").unwrap_err().contains("attempts"));
    }

    #[test]
    fn outbox_is_bounded_ordered_and_loses_nothing() {
        let mut o = Outbox::default();
        for i in 0..OUTBOX_CAP {
            assert_eq!(o.push(Payload::Text(i.to_string())), Ok(i + 1));
        }
        assert_eq!(o.push(Payload::Text("over".into())), Err(Payload::Text("over".into())));
        assert_eq!(o.remove(1), Some(Payload::Text("1".into())));
        let all = o.drain();
        assert_eq!(all.len(), OUTBOX_CAP - 1);
        assert_eq!(all[0], Payload::Text("0".into()));
        assert_eq!(all[1], Payload::Text("2".into()));
        assert!(o.is_empty());
        o.push(Payload::Text("b".into())).unwrap();
        o.push_front(Payload::Text("a".into()));
        assert_eq!(o.drain(), vec![Payload::Text("a".into()), Payload::Text("b".into())]);
    }

    #[test]
    fn auto_replies_match_and_expand() {
        let rules = vec![
            AutoReply::new(r#""type":"ping""#, r#"{"type":"pong"}"#).unwrap(),
            AutoReply::new(r"^hello (\w+)$", "hi $1").unwrap(),
        ];
        assert_eq!(auto_answer(&rules, r#"{"type":"ping","n":1}"#).as_deref(), Some(r#"{"type":"pong"}"#));
        assert_eq!(auto_answer(&rules, "hello world").as_deref(), Some("hi world"));
        assert_eq!(auto_answer(&rules, "nothing"), None);
        assert!(AutoReply::new("(", "x").unwrap_err().contains("not a valid regular expression"));
        assert!(AutoReply::new("", "x").is_err());
    }

    #[test]
    fn rtt_matches_echoes_and_json_ids() {
        let mut t = RttTracker::default();
        let echo = RttMode::Echo;
        t.sent(rtt_key(&echo, &Payload::Text("a".into())).unwrap(), 100);
        t.sent(rtt_key(&echo, &Payload::Text("a".into())).unwrap(), 150);
        assert_eq!(t.received(&rtt_key(&echo, &Payload::Text("a".into())).unwrap(), 130), Some(30));
        assert_eq!(t.received(&rtt_key(&echo, &Payload::Text("a".into())).unwrap(), 200), Some(50));
        assert_eq!(t.received("t:a", 300), None, "each send is answered once");
        let id = RttMode::JsonField("id".into());
        t.sent(rtt_key(&id, &Payload::Text(r#"{"id":7,"q":"x"}"#.into())).unwrap(), 1000);
        assert_eq!(rtt_key(&id, &Payload::Text("not json".into())), None);
        let answer = rtt_key(&id, &Payload::Text(r#"{"result":1,"id":7}"#.into())).unwrap();
        assert_eq!(t.received(&answer, 1010), Some(10));
        assert_eq!((t.last, t.min, t.max, t.median()), (Some(10), Some(10), Some(50), Some(30)));
        assert_eq!(t.pending(), 0);
        assert_eq!(rtt_key(&RttMode::Off, &Payload::Text("a".into())), None);
        let bin = rtt_key(&echo, &Payload::Binary(vec![1, 2].into())).unwrap();
        assert_ne!(bin, rtt_key(&echo, &Payload::Binary(vec![2, 1].into())).unwrap());
    }

    #[test]
    fn rtt_pending_is_bounded() {
        let mut t = RttTracker::default();
        for i in 0..RTT_PENDING_CAP + 10 {
            t.sent(format!("k{i}"), 0);
        }
        assert_eq!(t.pending(), RTT_PENDING_CAP);
        t.forget_pending();
        assert_eq!(t.pending(), 0);
    }
}
