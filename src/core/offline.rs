//! The app's own version across loads: what the page says when this browser last ran another build.
//! Pure.

/// The longest version the page keeps or shows (the build writes 16 hex digits); anything longer in
/// storage is somebody else's data and is not trusted.
pub const VERSION_MAX: usize = 64;

/// A build version as the page may show it: 1 to `VERSION_MAX` ASCII letters and digits.
pub fn valid_version(v: &str) -> bool {
    !v.is_empty() && v.len() <= VERSION_MAX && v.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// What the page says on load, given the build this browser ran last (`previous`, as stored) and the one
/// now running: nothing on a first visit or the same build, else that a new version was picked up.
pub fn update_note(previous: Option<&str>, current: &str) -> Option<String> {
    let previous = previous.filter(|p| valid_version(p))?;
    if !valid_version(current) || previous == current {
        return None;
    }
    Some(format!("Sockpit was updated since your last visit (build {previous} → {current})."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_visit_and_the_same_build_say_nothing() {
        assert_eq!(update_note(None, "abc123"), None);
        assert_eq!(update_note(Some("abc123"), "abc123"), None);
    }

    #[test]
    fn a_new_build_is_named() {
        let note = update_note(Some("0011aa"), "ffee99").unwrap();
        assert!(note.contains("updated") && note.contains("0011aa") && note.contains("ffee99"), "{note}");
    }

    #[test]
    fn stored_junk_is_not_shown() {
        assert_eq!(update_note(Some("<img src=x>"), "ffee99"), None);
        assert_eq!(update_note(Some(&"a".repeat(65)), "ffee99"), None);
        assert_eq!(update_note(Some(""), "ffee99"), None);
        assert_eq!(update_note(Some("0011aa"), ""), None);
    }
}
