//! The outbox: messages sent while a connection is on its way wait here, bounded, and go out in
//! order when it opens; nothing in it is ever dropped silently. Pure.

use std::collections::VecDeque;

use crate::core::context::Cx;
use crate::core::info::Info;
use crate::core::payload::Payload;

/// The default most messages the outbox holds.
pub(crate) const OUTBOX_CAP: usize = 100;

/// What the user does with the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Toggled(bool),
    Remove(usize),
    /// Take a queued message back into the composer to change it.
    Edit(usize),
    Clear,
}

/// Messages waiting for a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbox {
    pub enabled: bool,
    items: VecDeque<Payload>,
    cap: usize,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox { enabled: false, items: VecDeque::new(), cap: OUTBOX_CAP }
    }
}

impl Outbox {
    /// Applies `msg`; gives back the message to edit, with its place, for `Edit`.
    pub(crate) fn update(&mut self, msg: Msg, cx: &mut Cx) -> Option<(usize, Payload)> {
        match msg {
            Msg::Toggled(on) => self.enabled = on,
            Msg::Remove(i) => {
                self.items.remove(i);
            }
            Msg::Edit(i) => return self.items.remove(i).map(|p| (i, p)),
            Msg::Clear => {
                let count = self.items.len();
                self.items.clear();
                if count > 0 {
                    cx.info(Info::QueueDiscarded { count });
                }
            }
        }
        None
    }

    /// Queues `p`; gives it back when the outbox is full.
    pub(crate) fn push(&mut self, p: Payload) -> Result<usize, Payload> {
        if self.items.len() >= self.cap {
            return Err(p);
        }
        self.items.push_back(p);
        Ok(self.items.len())
    }

    /// Puts `p` back at place `i` (an edit the composer refused), even past the cap.
    pub(crate) fn put_back(&mut self, i: usize, p: Payload) {
        self.items.insert(i.min(self.items.len()), p);
    }

    /// Queues `p` at the back even past the cap (a queued message whose send failed).
    pub(crate) fn push_back_uncapped(&mut self, p: Payload) {
        self.items.push_back(p);
    }

    /// Takes everything, oldest first.
    pub(crate) fn drain(&mut self) -> Vec<Payload> {
        self.items.drain(..).collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::log::Log;
    use crate::core::notice::Notices;

    #[test]
    fn outbox_is_bounded_ordered_and_loses_nothing() {
        let (mut log, mut notices) = (Log::default(), Notices::default());
        let mut cx = Cx { now: 0, log: &mut log, notices: &mut notices, read_only: false };
        let mut o = Outbox::default();
        for i in 0..OUTBOX_CAP {
            assert_eq!(o.push(Payload::Text(i.to_string())), Ok(i + 1));
        }
        assert_eq!(o.push(Payload::Text("over".into())), Err(Payload::Text("over".into())));
        assert_eq!(o.update(Msg::Remove(1), &mut cx), None);
        let all = o.drain();
        assert_eq!(all.len(), OUTBOX_CAP - 1);
        assert_eq!(all[0], Payload::Text("0".into()));
        assert_eq!(all[1], Payload::Text("2".into()));
        assert!(o.is_empty());
        o.push(Payload::Text("b".into())).unwrap();
        o.put_back(0, Payload::Text("a".into()));
        assert_eq!(o.drain(), vec![Payload::Text("a".into()), Payload::Text("b".into())]);
        o.push(Payload::Text("c".into())).unwrap();
        o.update(Msg::Clear, &mut cx);
        assert!(o.is_empty());
        assert_eq!(log.len(), 1, "discarding is said in the log");
    }
}
