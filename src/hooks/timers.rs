//! The owned timers that `Model::subscriptions` asks for: each one started when its subscription
//! appears or changes, dropped (and so cancelled) when it goes. Browser effect.

use std::rc::Rc;

use super::use_workbench::{Pace, Workbench};
use crate::core::app::{Msg, Subscriptions};
use crate::core::logbook;
use crate::core::session::{heartbeat, reconnect};
use crate::platform::socket::now_ms;
use crate::platform::timer::OwnedTimer;

/// The subscriptions being followed and their timers.
#[derive(Default)]
pub(super) struct Timers {
    following: Subscriptions,
    ticker: Option<OwnedTimer>,
    heartbeat: Option<OwnedTimer>,
    reconnect: Option<OwnedTimer>,
    export: Option<OwnedTimer>,
    import: Option<OwnedTimer>,
    sequence: Option<OwnedTimer>,
}

fn ms(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Dispatches `msg()` to the workbench, if it still runs, redrawing at once.
fn firing(wb: &Rc<Workbench>, msg: impl Fn() -> Msg + 'static) -> impl Fn() + 'static {
    firing_at(wb, Pace::Now, msg)
}

/// Dispatches `msg()` to the workbench, if it still runs, redrawing at `pace`.
fn firing_at(wb: &Rc<Workbench>, pace: Pace, msg: impl Fn() -> Msg + 'static) -> impl Fn() + 'static {
    let weak = Rc::downgrade(wb);
    move || {
        if let Some(wb) = weak.upgrade() {
            wb.apply([(msg(), now_ms())], pace);
        }
    }
}

impl Timers {
    /// Starts, restarts or stops timers so that they match `next`.
    pub(super) fn follow(&mut self, next: Subscriptions, wb: &Rc<Workbench>) {
        let was = std::mem::replace(&mut self.following, next);
        if next.ticker != was.ticker {
            // The tick refreshes rates and countdowns: in a flood it redraws at the flood's pace.
            self.ticker = next
                .ticker
                .map(|every| OwnedTimer::every(ms(every), firing_at(wb, Pace::Quiet, || Msg::Tick)));
        }
        if next.heartbeat != was.heartbeat {
            self.heartbeat = next
                .heartbeat
                .map(|every| OwnedTimer::every(ms(every), firing(wb, || heartbeat::Msg::Due.into())));
        }
        if next.reconnect != was.reconnect {
            self.reconnect = next.reconnect.map(|(token, at)| {
                let wait = ms(at.saturating_sub(now_ms()));
                let fire = firing(wb, move || reconnect::Msg::Due { token }.into());
                OwnedTimer::once(wait, fire)
            });
        }
        if next.sequence != was.sequence {
            self.sequence = next.sequence.map(|(_, at)| {
                let wait = ms(at.saturating_sub(now_ms()));
                OwnedTimer::once(wait, firing(wb, || crate::core::workspace::Msg::SequenceDue.into()))
            });
        }
        if next.export_step != was.export_step {
            self.export = next
                .export_step
                .map(|_| OwnedTimer::once(0, firing(wb, || logbook::Msg::ExportStepDue.into())));
        }
        if next.import_step != was.import_step {
            self.import = next
                .import_step
                .map(|_| OwnedTimer::once(0, firing(wb, || logbook::Msg::ImportStepDue.into())));
        }
    }

    /// Stops every timer.
    pub(super) fn stop(&mut self) {
        *self = Timers::default();
    }
}
