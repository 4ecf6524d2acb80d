//! Live counters and their rates per second over a sliding window. Pure.

use std::collections::VecDeque;

/// Counters of messages and payload bytes, in and out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Stats {
    pub in_count: u64,
    pub out_count: u64,
    pub in_bytes: u64,
    pub out_bytes: u64,
}

/// Per-second rates of the same counters.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rates {
    pub in_count: f64,
    pub out_count: f64,
    pub in_bytes: f64,
    pub out_bytes: f64,
}

/// How far back the rates look.
pub(crate) const RATE_WINDOW_MS: u64 = 2000;

/// Samples of the counters, kept for `RATE_WINDOW_MS`, from which rates are derived.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RateMeter {
    samples: VecDeque<(u64, Stats)>,
}

impl RateMeter {
    /// Records the counters at `now_ms` and returns the rates over the window.
    pub(crate) fn sample(&mut self, now_ms: u64, stats: Stats) -> Rates {
        self.samples.push_back((now_ms, stats));
        // The wall clock may step back: a sample "from the future" is dropped like an old one.
        if self.samples.iter().any(|&(t, _)| t > now_ms) {
            self.samples.retain(|&(t, _)| t <= now_ms);
        }
        while self.samples.len() > 2
            && self.samples.front().is_some_and(|(t, _)| now_ms.saturating_sub(*t) > RATE_WINDOW_MS)
        {
            self.samples.pop_front();
        }
        let (t0, s0) = self.samples.front().copied().unwrap_or((now_ms, stats));
        let dt = (now_ms.saturating_sub(t0)) as f64 / 1000.0;
        if dt <= 0.0 {
            return Rates::default();
        }
        let per_s = |a: u64, b: u64| a.saturating_sub(b) as f64 / dt;
        Rates {
            in_count: per_s(stats.in_count, s0.in_count),
            out_count: per_s(stats.out_count, s0.out_count),
            in_bytes: per_s(stats.in_bytes, s0.in_bytes),
            out_bytes: per_s(stats.out_bytes, s0.out_bytes),
        }
    }

    /// Forgets every sample (a new connection).
    pub(crate) fn reset(&mut self) {
        self.samples.clear();
    }
}

/// `950 B`, `12.3 KB`, `4.5 MB`: a byte count for people (powers of 1000).
pub fn human_bytes(n: f64) -> String {
    use super::number::fixed;
    if n < 1000.0 {
        format!("{} B", fixed(n, 0))
    } else if n < 1e6 {
        format!("{} KB", fixed(n / 1e3, 1))
    } else if n < 1e9 {
        format!("{} MB", fixed(n / 1e6, 1))
    } else {
        format!("{} GB", fixed(n / 1e9, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(in_count: u64, in_bytes: u64) -> Stats {
        Stats { in_count, in_bytes, ..Stats::default() }
    }

    #[test]
    fn rates_over_the_window() {
        let mut m = RateMeter::default();
        assert_eq!(m.sample(0, stats(0, 0)), Rates::default());
        let r = m.sample(1000, stats(500, 50_000));
        assert_eq!(r.in_count, 500.0);
        assert_eq!(r.in_bytes, 50_000.0);
        m.sample(2000, stats(1500, 150_000));
        // The window now starts at 0 ms still (2 s): 1500 in 2 s.
        assert_eq!(m.sample(2000, stats(1500, 150_000)).in_count, 750.0);
        // After a quiet spell the rate falls to zero.
        let r = m.sample(6000, stats(1500, 150_000));
        assert!(r.in_count < 1.0, "{r:?}");
        m.sample(8100, stats(1500, 150_000));
        assert_eq!(m.sample(8200, stats(1500, 150_000)).in_count, 0.0);
        m.reset();
        assert_eq!(m.sample(9000, stats(0, 0)), Rates::default());
    }

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(950.0), "950 B");
        assert_eq!(human_bytes(12_345.0), "12.3 KB");
        assert_eq!(human_bytes(4_500_000.0), "4.5 MB");
    }

    #[test]
    fn a_clock_that_steps_back_neither_panics_nor_sticks() {
        let mut m = RateMeter::default();
        let at = |n| Stats { in_count: n, ..Stats::default() };
        m.sample(10_000, at(0));
        m.sample(11_000, at(100));
        assert_eq!(m.sample(5_000, at(150)), Rates::default(), "the clock went back: no rate yet");
        assert_eq!(m.sample(6_000, at(250)).in_count, 100.0, "and rates resume from there");
    }
}
