//! Regular expressions typed by users, bounded before use: the pattern's length, nesting and compiled
//! size are limited, its cost per byte of text is estimated from its compiled size, and each text is
//! searched only as far as fits in one frame (~8 ms), so no pattern can freeze the page. Pure.

use regex_lite::{Captures, Regex, RegexBuilder};

/// The longest pattern accepted, in bytes.
const MAX_PATTERN: usize = 2000;
/// The deepest nesting of groups and repetitions accepted.
const MAX_NEST: u32 = 64;
/// The largest compiled program accepted, in bytes (`a{65535}` is ~3 MB; `.{300}` ~15 KB).
const MAX_SIZE: usize = 20 * 1024;
/// How long searching one text may take, in estimated nanoseconds.
pub(crate) const TEXT_NS: u64 = 8_000_000;
/// The most bytes of one text searched, however cheap the pattern.
const MAX_WINDOW: usize = 64 * 1024;

/// A compiled pattern and how far into a text it searches.
#[derive(Clone, Debug)]
pub(crate) struct BoundedRegex {
    regex: Regex,
    ns_per_byte: u64,
    window: usize,
}

/// The compiled size of `pattern`: the smallest size limit it compiles under (at most `MAX_SIZE`).
fn compiled_size(pattern: &str, case_insensitive: bool) -> Option<usize> {
    let fits = |limit: usize| {
        RegexBuilder::new(pattern).case_insensitive(case_insensitive).size_limit(limit).build().is_ok()
    };
    if !fits(MAX_SIZE) {
        return None;
    }
    let (mut lo, mut hi) = (1, MAX_SIZE);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

impl BoundedRegex {
    /// Compiles `pattern`, or says why it is refused; `what` names it in the message ("The filter").
    pub(crate) fn new(pattern: &str, case_insensitive: bool, what: &str) -> Result<BoundedRegex, String> {
        if pattern.len() > MAX_PATTERN {
            return Err(format!("{what} is too long for a regular expression (at most {MAX_PATTERN} bytes)"));
        }
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(case_insensitive)
            .nest_limit(MAX_NEST)
            .size_limit(MAX_SIZE)
            .build()
            .map_err(|e| match compiled_size(pattern, case_insensitive) {
                // It is valid, only too big: say so rather than quote the engine.
                None if regex_lite::Regex::new(pattern).is_ok() => format!(
                    "{what}'s regular expression would be too slow to run (its repetitions are too large): \
                     make them smaller"
                ),
                _ => format!("{what} is not a valid regular expression: {e}"),
            })?;
        let size = compiled_size(pattern, case_insensitive).unwrap_or(MAX_SIZE) as u64;
        // Measured: regex-lite takes ~0.3–0.7 ns per byte of text per byte of program, plus a floor.
        let ns_per_byte = 50 + size * 3 / 4;
        let window = usize::try_from(TEXT_NS / ns_per_byte).unwrap_or(MAX_WINDOW).min(MAX_WINDOW);
        Ok(BoundedRegex { regex, ns_per_byte, window })
    }

    /// How many bytes of each text are searched.
    pub(crate) fn window(&self) -> usize {
        self.window
    }

    /// The estimated cost, in nanoseconds, of searching a text of `len` bytes.
    pub(crate) fn cost(&self, len: usize) -> u64 {
        self.ns_per_byte.saturating_mul(len.min(self.window) as u64)
    }

    /// The part of `text` that is searched: its first `window` bytes (on a character boundary).
    fn part<'t>(&self, text: &'t str) -> &'t str {
        crate::core::payload::text_head(text, self.window)
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(self.part(text))
    }

    /// The captures of the first match in the searched part. A match that ends where a longer text was
    /// cut is not trusted (`$`, `\b` or a greedy group may have matched only because of the cut).
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        let part = self.part(text);
        let caps = self.regex.captures(part)?;
        let at_cut = part.len() < text.len() && caps.get(0).is_some_and(|m| m.end() == part.len());
        (!at_cut).then_some(caps)
    }
}

/// `64 KB`, `731 bytes`: a window for people.
pub fn window_text(bytes: usize) -> String {
    if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costly_patterns_are_refused_with_a_reason_and_bad_ones_named() {
        let e = BoundedRegex::new("a{65535}", true, "The filter").unwrap_err();
        assert!(e.contains("too slow"), "{e}");
        let e = BoundedRegex::new(&"(".repeat(100), true, "The filter").unwrap_err();
        assert!(e.contains("not a valid regular expression"), "{e}");
        let e = BoundedRegex::new(&"a".repeat(MAX_PATTERN + 1), true, "The filter").unwrap_err();
        assert!(e.contains("too long"), "{e}");
        assert!(BoundedRegex::new("(", true, "The filter").unwrap_err().contains("not a valid"));
    }

    #[test]
    fn dearer_patterns_search_less_of_each_text() {
        let cheap = BoundedRegex::new("hello", true, "x").unwrap();
        let dear = BoundedRegex::new(".{300}", true, "x").unwrap();
        assert!(cheap.window() > dear.window());
        assert!(dear.window() >= 256, "{}", dear.window());
        for r in [&cheap, &dear] {
            assert!(r.cost(usize::MAX) <= TEXT_NS, "one text fits in a frame");
        }
        // Only the window is searched.
        let late = format!("{}hello", "x".repeat(cheap.window()));
        assert!(!cheap.is_match(&late));
        assert!(cheap.is_match(&late[cheap.window() - 10..]));
        // A match ending at the cut is not trusted for captures (auto-replies send what they capture).
        let tail = BoundedRegex::new(r"^(\w+)$", false, "x").unwrap();
        let long = "w".repeat(tail.window() + 10);
        assert!(tail.captures(&long).is_none());
        assert!(tail.captures("word").is_some());
        let wide = format!("{}é", "x".repeat(dear.window() - 1));
        assert_eq!(dear.part(&wide).len(), dear.window() - 1, "cut on a character boundary, no panic");
    }
}
