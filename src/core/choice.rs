//! A closed set of options: each has a stable value (a `<select>`'s option value from the contract, or
//! for the reconnect fields their element id) and a label for people. Pure.

/// One of a fixed list of options.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every option, in the order they are offered.
    const ALL: &'static [Self];

    /// The option's stable value.
    fn value(self) -> &'static str;

    /// What the option says to a person.
    fn label(self) -> &'static str;

    /// The option whose `value()` is `v`.
    fn from_value(v: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.value() == v)
    }
}
