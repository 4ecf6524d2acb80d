//! Owned timers that count themselves, so tests can prove none outlives its use. Browser effect.

use std::cell::Cell;

use gloo_timers::callback::{Interval, Timeout};

thread_local! {
    static LIVE_TIMERS: Cell<usize> = const { Cell::new(0) };
}

/// How many `OwnedTimer`s exist right now.
pub fn live_timers() -> usize {
    LIVE_TIMERS.with(Cell::get)
}

enum Inner {
    Once(#[allow(dead_code)] Timeout),
    Every(#[allow(dead_code)] Interval),
}

/// A timeout or interval that is cancelled when dropped.
pub struct OwnedTimer {
    _inner: Inner,
}

impl OwnedTimer {
    /// Runs `f` once after `ms` milliseconds.
    pub fn once(ms: u32, f: impl FnOnce() + 'static) -> OwnedTimer {
        LIVE_TIMERS.with(|c| c.set(c.get() + 1));
        OwnedTimer { _inner: Inner::Once(Timeout::new(ms, f)) }
    }

    /// Runs `f` every `ms` milliseconds.
    pub fn every(ms: u32, f: impl FnMut() + 'static) -> OwnedTimer {
        LIVE_TIMERS.with(|c| c.set(c.get() + 1));
        OwnedTimer { _inner: Inner::Every(Interval::new(ms, f)) }
    }
}

impl Drop for OwnedTimer {
    fn drop(&mut self) {
        LIVE_TIMERS.with(|c| c.set(c.get() - 1));
    }
}
