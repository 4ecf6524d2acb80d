//! Round-trip times: a sent message is matched with the received one that answers it (an echo, or a
//! JSON field of equal value such as `id`), and the last, min, median and max are kept. Pure.

use std::collections::{HashMap, VecDeque};

use crate::core::choice::Choice;
use crate::core::payload::Payload;

/// How answers are recognised, as the `rtt-mode` select offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RttChoice {
    #[default]
    Off,
    /// A received message equal to a sent one answers it (echo servers).
    Echo,
    /// A received JSON object whose field (`rtt-field`) has the value of a sent one's answers it.
    Json,
}

impl Choice for RttChoice {
    const ALL: &'static [Self] = &[RttChoice::Off, RttChoice::Echo, RttChoice::Json];

    fn value(self) -> &'static str {
        match self {
            RttChoice::Off => "off",
            RttChoice::Echo => "echo",
            RttChoice::Json => "json",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RttChoice::Off => "off",
            RttChoice::Echo => "echo: the same message comes back",
            RttChoice::Json => "JSON field equal in request and answer",
        }
    }
}

/// What the user changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    ModeChosen(RttChoice),
    FieldEdited(String),
}

/// The most sent messages waiting for an answer, and the most samples kept for the median.
const RTT_PENDING_CAP: usize = 10_000;
const RTT_SAMPLES: usize = 1000;

/// Round-trip matching: the mode, sent messages waiting for their answer, and the figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Rtt {
    pub mode: RttChoice,
    /// The JSON field matched under `Json`.
    pub field: String,
    pending: HashMap<String, VecDeque<u64>>,
    pending_count: usize,
    samples: VecDeque<u64>,
    /// The same samples in order, kept so as each comes and goes: the median is then read, not sorted for
    /// (and no sort's code is needed).
    sorted: Vec<u64>,
    pub last: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Default for Rtt {
    fn default() -> Self {
        Rtt {
            mode: RttChoice::Off,
            field: "id".into(),
            pending: HashMap::new(),
            pending_count: 0,
            samples: VecDeque::new(),
            sorted: Vec::new(),
            last: None,
            min: None,
            max: None,
        }
    }
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3))
}

impl Rtt {
    pub(crate) fn update(&mut self, msg: Msg) {
        match msg {
            Msg::ModeChosen(mode) => self.mode = mode,
            Msg::FieldEdited(v) => self.field = v,
        }
        self.forget_pending();
    }

    /// The key a payload is matched by, if any.
    fn key(&self, p: &Payload) -> Option<String> {
        match (self.mode, p) {
            (RttChoice::Off, _) => None,
            (RttChoice::Echo, Payload::Text(t)) => Some(format!("t:{t}")),
            (RttChoice::Echo, Payload::Binary(b)) => Some(format!("b:{:016x}:{}", fnv(&b.all()), b.len())),
            (RttChoice::Json, Payload::Text(t)) => {
                let v = crate::core::json::from_str(t).ok()?;
                Some(format!("j:{}", v.get(&self.field)?))
            }
            (RttChoice::Json, Payload::Binary(_)) => None,
        }
    }

    /// Notes that `p` went out at `at_ms`.
    pub(crate) fn sent(&mut self, p: &Payload, at_ms: u64) {
        if self.pending_count >= RTT_PENDING_CAP {
            return;
        }
        if let Some(key) = self.key(p) {
            self.pending.entry(key).or_default().push_back(at_ms);
            self.pending_count += 1;
        }
    }

    /// `p` came in at `at_ms`: the round trip, if it answers a sent message.
    pub(crate) fn received(&mut self, p: &Payload, at_ms: u64) -> Option<u64> {
        if self.pending_count == 0 {
            return None;
        }
        let key = self.key(p)?;
        let queue = self.pending.get_mut(&key)?;
        let sent = queue.pop_front()?;
        if queue.is_empty() {
            self.pending.remove(&key);
        }
        self.pending_count -= 1;
        let rtt = at_ms.saturating_sub(sent);
        self.last = Some(rtt);
        self.min = Some(self.min.map_or(rtt, |m| m.min(rtt)));
        self.max = Some(self.max.map_or(rtt, |m| m.max(rtt)));
        if self.samples.len() == RTT_SAMPLES {
            if let Some(old) = self.samples.pop_front() {
                if let Ok(at) = self.sorted.binary_search(&old) {
                    self.sorted.remove(at);
                }
            }
        }
        self.samples.push_back(rtt);
        let at = self.sorted.partition_point(|&y| y <= rtt);
        self.sorted.insert(at, rtt);
        Some(rtt)
    }

    /// The median of the last `RTT_SAMPLES` round trips.
    pub fn median(&self) -> Option<u64> {
        self.sorted.get(self.sorted.len() / 2).copied()
    }

    /// (last, min, median, max), once there is a sample.
    pub fn figures(&self) -> Option<(u64, u64, u64, u64)> {
        Some((self.last?, self.min?, self.median()?, self.max?))
    }

    /// Forgets what is pending (a connection ended, the mode changed) but keeps the figures.
    pub(crate) fn forget_pending(&mut self) {
        self.pending.clear();
        self.pending_count = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Payload {
        Payload::Text(s.into())
    }

    #[test]
    fn rtt_matches_echoes_and_json_ids() {
        let mut t = Rtt { mode: RttChoice::Echo, ..Rtt::default() };
        t.sent(&text("a"), 100);
        t.sent(&text("a"), 150);
        assert_eq!(t.received(&text("a"), 130), Some(30));
        assert_eq!(t.received(&text("a"), 200), Some(50));
        assert_eq!(t.received(&text("a"), 300), None, "each send is answered once");
        let bin = t.key(&Payload::Binary(vec![1, 2].into())).unwrap();
        assert_ne!(bin, t.key(&Payload::Binary(vec![2, 1].into())).unwrap());
        t.update(Msg::ModeChosen(RttChoice::Json));
        t.sent(&text(r#"{"id":7,"q":"x"}"#), 1000);
        assert_eq!(t.key(&text("not json")), None);
        assert_eq!(t.received(&text(r#"{"result":1,"id":7}"#), 1010), Some(10));
        assert_eq!(t.figures(), Some((10, 10, 30, 50)));
        assert_eq!(t.pending_count, 0);
        t.update(Msg::ModeChosen(RttChoice::Off));
        assert_eq!(t.key(&text("a")), None);
    }

    #[test]
    fn rtt_pending_is_bounded() {
        let mut t = Rtt { mode: RttChoice::Echo, ..Rtt::default() };
        for i in 0..RTT_PENDING_CAP + 10 {
            t.sent(&text(&format!("k{i}")), 0);
        }
        assert_eq!(t.pending_count, RTT_PENDING_CAP);
        t.forget_pending();
        assert_eq!(t.pending_count, 0);
    }

    #[test]
    fn the_median_is_that_of_the_last_samples_as_they_come_and_go() {
        let mut t = Rtt { mode: RttChoice::Echo, ..Rtt::default() };
        assert_eq!(t.median(), None);
        let mut x: u64 = 12345;
        let mut all = Vec::new();
        for i in 0..RTT_SAMPLES * 2 + 7 {
            // Round trips with repeats (a small range) and an outlier now and then.
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let rtt = if i % 97 == 0 { 100_000 } else { (x >> 33) % 300 };
            t.sent(&text("k"), 1_000_000);
            assert_eq!(t.received(&text("k"), 1_000_000 + rtt), Some(rtt));
            all.push(rtt);
            let mut last: Vec<u64> = all.iter().rev().take(RTT_SAMPLES).copied().collect();
            last.sort_unstable();
            assert_eq!(t.median(), Some(last[last.len() / 2]), "after {} samples", i + 1);
        }
        assert_eq!(t.sorted.len(), RTT_SAMPLES);
    }
}
