//! How often received messages redraw the page: a rule on the rates since the last redraw. Drawing costs
//! the browser style, layout and paint (about 4–6 ms for a log of fresh rows here), and at high rates that,
//! not the ingest, is the limit; rows then pass too fast to read anyway. Pure.

/// Socket-driven redraws come at most this often (user actions redraw at once).
pub const MIN_REDRAW_MS: f64 = 33.0;
/// In a flood, redraws come at most this often: each redraw's layout and paint is time taken from
/// ingesting (at 10 a second that was 8% of a 1 KB flood's time, at 4 a second it is about 3%).
pub const FLOOD_REDRAW_MS: f64 = 250.0;
/// Above this many messages per millisecond (2,000/s) received messages are a flood: the log shows about
/// 20 rows, so at 30 redraws a second each redraw brings a whole new screen of them anyway. (At 5,000/s, a
/// 1 KB flood that the page took at 4,000–7,000/s on a busy machine went in and out of flood pace, and
/// each stretch at 30 redraws a second slowed it further.)
pub const FLOOD_PER_MS: f64 = 2.0;
/// Or above this many bytes per millisecond (2 MB/s): a stream of big messages (1 MiB binary at 100 a
/// second) is a flood too, though few messages come; its rows pass as fast, and at 30 redraws a second
/// their layout was about a seventh of the page's time.
pub const FLOOD_BYTES_PER_MS: f64 = 2_000.0;
/// A flood is over when no message has come for `Meter::quiet_ms`: half again the longest gap between
/// arrivals it had lately, but at least this long (a steady flood brings messages every frame, 16.7 ms
/// apart: one frame without any is its own, two in a row its end, drawn then)…
pub const FLOOD_QUIET_MIN_MS: f64 = 25.0;
/// …and at most this long. Longer gaps are the flood's own: the browser hands a socket's messages over in
/// bursts, and a 1 KB flood at 8,000/s can leave several frames in a row with none.
pub const FLOOD_QUIET_MAX_MS: f64 = 100.0;
/// How much of the longest gap between arrivals is remembered at each arrival (it fades over ~20 of them).
const GAP_KEEP: f64 = 0.9;

/// Why a redraw is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// A user action or a timer: at once.
    Now,
    /// A frame's received events: at most every `MIN_REDRAW_MS`, or `FLOOD_REDRAW_MS` in a flood.
    Socket,
    /// A frame that brought no new event: as `Socket` while the gap is one of the flood's own (under
    /// `Meter::quiet_ms`), else at most every `MIN_REDRAW_MS`, so a flood's last rows show soon after it.
    Quiet,
}

/// How long (ms) the received rates are averaged over. A redraw's interval (33 ms) is too short to tell a
/// flood by: the browser hands a socket's messages over in bursts, so one interval holds none and the next
/// twice the rate.
pub const RATE_WINDOW_MS: f64 = 200.0;

/// The received rates, smoothed: each message adds to them and they decay over `RATE_WINDOW_MS` (an
/// exponential average of the arrivals, so a steady rate reads as itself).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Meter {
    /// When it last counted (ms, any clock that only goes forward).
    at: f64,
    /// The counters it last saw.
    count: u64,
    bytes: u64,
    /// Messages and bytes per millisecond.
    per_ms: f64,
    bytes_per_ms: f64,
    /// When messages last came, and the longest gap (ms) between arrivals lately (fading).
    arrived: f64,
    gap: f64,
}

impl Meter {
    /// Counts what came since the last call: `count` and `bytes` are the running totals received.
    pub fn count(&mut self, at: f64, count: u64, bytes: u64) {
        let dt = (at - self.at).max(0.0);
        // exp(-dt / window), to first order: stays between 0 and 1 for any gap. What came is weighed so
        // that a steady rate reads as itself: per_ms = per_ms * keep + n / (window + dt) holds at n / dt.
        let span = RATE_WINDOW_MS + dt;
        let keep = RATE_WINDOW_MS / span;
        let (n, b) = (count.saturating_sub(self.count), bytes.saturating_sub(self.bytes));
        self.per_ms = self.per_ms * keep + n as f64 / span;
        self.bytes_per_ms = self.bytes_per_ms * keep + b as f64 / span;
        if n > 0 {
            let since = (at - self.arrived).max(0.0);
            // A first arrival, or one after a long silence, is no gap inside a flood.
            let since = if since > FLOOD_QUIET_MAX_MS { 0.0 } else { since };
            self.gap = since.max(self.gap * GAP_KEEP);
            self.arrived = at;
        }
        (self.at, self.count, self.bytes) = (at, count, bytes);
    }

    /// How long (ms) without a message ends a flood: half again its longest recent gap between arrivals,
    /// within `FLOOD_QUIET_MIN_MS` and `FLOOD_QUIET_MAX_MS`.
    pub fn quiet_ms(&self) -> f64 {
        (self.gap * 1.5).clamp(FLOOD_QUIET_MIN_MS, FLOOD_QUIET_MAX_MS)
    }

    /// Messages and bytes per second.
    pub fn per_second(&self) -> (f64, f64) {
        (self.per_ms * 1000.0, self.bytes_per_ms * 1000.0)
    }

    /// Whether messages come as a flood.
    pub fn flood(&self) -> bool {
        self.per_ms > FLOOD_PER_MS || self.bytes_per_ms > FLOOD_BYTES_PER_MS
    }
}

/// How long after the last redraw the next may come, given the rates and how long ago (ms) the last
/// message came.
pub fn redraw_interval(pace: Pace, meter: &Meter, message_ms: f64) -> f64 {
    let flooding = match pace {
        Pace::Now => return 0.0,
        Pace::Socket => meter.flood(),
        Pace::Quiet => meter.flood() && message_ms < meter.quiet_ms(),
    };
    if flooding {
        FLOOD_REDRAW_MS
    } else {
        MIN_REDRAW_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A meter fed `per_frame` messages of `size` bytes every `frame_ms` for `ms`.
    fn fed(per_frame: u64, size: u64, frame_ms: f64, ms: f64) -> Meter {
        let mut m = Meter::default();
        let (mut t, mut n) = (0.0, 0);
        while t < ms {
            t += frame_ms;
            n += per_frame;
            m.count(t, n, n * size);
        }
        m
    }

    /// A meter fed 8,000 messages a second handed over as 512 every fourth 16 ms frame (the frames between
    /// bring none) for 120 frames, `check`ed after each frame.
    fn bursty(mut check: impl FnMut(u64, &Meter)) -> Meter {
        let mut m = Meter::default();
        let mut n = 0;
        for frame in 1..=120u64 {
            if frame % 4 == 0 {
                n += 512;
            }
            m.count(frame as f64 * 16.0, n, n * 1024);
            check(frame, &m);
        }
        m
    }

    #[test]
    fn a_steady_rate_reads_as_itself() {
        // 8,000 a second, 16 ms frames.
        let m = fed(128, 1024, 16.0, 2_000.0);
        let (per_s, bytes_s) = m.per_second();
        assert!((per_s - 8_000.0).abs() < 400.0, "{per_s}");
        assert!((bytes_s - 8_192_000.0).abs() < 410_000.0, "{bytes_s}");
        assert!(m.flood());
        // 1,000 a second is no flood.
        assert!(!fed(16, 100, 16.0, 2_000.0).flood());
    }

    #[test]
    fn bursts_with_empty_frames_between_are_still_a_flood() {
        bursty(|frame, m| {
            if frame > 20 {
                assert!(m.flood(), "frame {frame}: {:?}", m.per_second());
            }
        });
    }

    #[test]
    fn big_messages_are_a_flood_of_bytes() {
        // 100 messages of 1 MiB a second.
        let m = fed(1, 1 << 20, 10.0, 1_000.0);
        assert!(m.per_second().0 < 200.0);
        assert!(m.flood());
    }

    #[test]
    fn the_rates_fall_when_messages_stop() {
        let mut m = fed(128, 1024, 16.0, 2_000.0);
        let (t, n) = (2_000.0, 128 * 125);
        m.count(t + 1_000.0, n, n * 1024);
        assert!(!m.flood());
        assert!(m.per_second().0 < 2_000.0);
        // A clock that goes back counts as no time at all, and counters that go back (a new log) as none.
        m.count(0.0, 0, 0);
        assert!(m.per_second().0.is_finite() && m.per_second().0 >= 0.0);
    }

    #[test]
    fn a_user_action_redraws_at_once() {
        let flood = fed(128, 1024, 16.0, 2_000.0);
        assert_eq!(redraw_interval(Pace::Now, &flood, 0.0), 0.0);
    }

    #[test]
    fn received_messages_redraw_every_33_ms_or_in_a_flood_every_250() {
        let calm = fed(2, 100, 16.0, 2_000.0);
        assert_eq!(redraw_interval(Pace::Socket, &calm, 0.0), MIN_REDRAW_MS);
        let flood = fed(128, 1024, 16.0, 2_000.0);
        assert_eq!(redraw_interval(Pace::Socket, &flood, 0.0), FLOOD_REDRAW_MS);
    }

    #[test]
    fn a_frame_without_messages_inside_a_flood_does_not_redraw_early_but_its_end_shows_soon() {
        // A steady flood: messages every frame.
        let flood = fed(128, 1024, 16.0, 2_000.0);
        assert_eq!(flood.quiet_ms(), FLOOD_QUIET_MIN_MS);
        assert_eq!(redraw_interval(Pace::Quiet, &flood, 20.0), FLOOD_REDRAW_MS);
        // Nothing for two frames: the flood is over, and what it left is drawn at the ordinary pace.
        assert_eq!(redraw_interval(Pace::Quiet, &flood, 33.0), MIN_REDRAW_MS);
        let calm = fed(2, 100, 16.0, 2_000.0);
        assert_eq!(redraw_interval(Pace::Quiet, &calm, 5.0), MIN_REDRAW_MS);
    }

    #[test]
    fn a_bursty_flood_keeps_its_pace_through_its_own_gaps() {
        // 8,000 a second handed over every fourth frame (64 ms apart): a gap of three empty frames is the
        // flood's own, and does not redraw at the ordinary pace; a longer silence ends it.
        let m = bursty(|_, _| {});
        assert!((m.quiet_ms() - 96.0).abs() < 1.0, "{}", m.quiet_ms());
        assert_eq!(redraw_interval(Pace::Quiet, &m, 60.0), FLOOD_REDRAW_MS);
        assert_eq!(redraw_interval(Pace::Quiet, &m, 96.0), MIN_REDRAW_MS);
        // Gaps longer than the cap never stretch it: a flood still ends after FLOOD_QUIET_MAX_MS.
        let mut m = Meter::default();
        for k in 1..=40u64 {
            m.count(k as f64 * 90.0, k * 2_000, k * 2_000);
        }
        assert!(m.flood());
        assert_eq!(m.quiet_ms(), FLOOD_QUIET_MAX_MS);
        assert_eq!(redraw_interval(Pace::Quiet, &m, FLOOD_QUIET_MAX_MS), MIN_REDRAW_MS);
    }

    #[test]
    fn a_burst_fades_from_the_gap_and_silence_is_no_gap() {
        // One 80 ms gap in a steady flood, then 40 frames of messages again: the end shows two frames after.
        let mut m = fed(128, 1024, 16.0, 1_000.0);
        let (mut t, mut n) = (1_000.0 + 80.0, 128 * 64);
        m.count(t, n, n * 1024);
        assert!(m.quiet_ms() > 100.0 - 1.0);
        for _ in 0..40 {
            t += 16.0;
            n += 128;
            m.count(t, n, n * 1024);
        }
        assert_eq!(m.quiet_ms(), FLOOD_QUIET_MIN_MS);
        // Messages after a silence longer than any flood's gap start afresh.
        let mut m = Meter::default();
        m.count(0.0, 1, 10);
        m.count(5_000.0, 2, 20);
        assert_eq!(m.quiet_ms(), FLOOD_QUIET_MIN_MS);
    }
}
