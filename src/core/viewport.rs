//! Which log rows to draw for a scroll position: a virtual list whose scroll range is capped (and
//! scaled past the cap) so that a million rows stay within every browser's element-height limit. Pure.

/// Pixel height of one log row (the stylesheet must agree).
pub const ROW_PX: f64 = 24.0;
/// The tallest scroll range used; Firefox breaks near 17.9M px.
pub(crate) const MAX_SCROLL_PX: f64 = 8_000_000.0;
/// Rows drawn above and below the visible ones.
pub(crate) const OVERSCAN: usize = 6;

/// The rows to draw and where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Index of the first drawn row.
    pub first: usize,
    /// How many rows to draw.
    pub count: usize,
    /// Where the first drawn row's top goes, inside the scroll range.
    pub offset_px: f64,
    /// The height of the whole scroll range.
    pub range_px: f64,
    /// The scroll position the window was computed for (the bottom when following).
    pub scroll_top: f64,
}

/// The window of `total` rows to draw for a viewport `height` px tall scrolled to `scroll_top`, or at
/// the very bottom when `follow` is set.
pub fn window(total: usize, scroll_top: f64, height: f64, follow: bool) -> Window {
    let height = height.max(ROW_PX);
    let full = total as f64 * ROW_PX;
    let range = full.min(MAX_SCROLL_PX);
    let max_scroll = (range - height).max(0.0);
    let top = if follow { max_scroll } else { scroll_top.clamp(0.0, max_scroll) };
    let rows_in_view = height / ROW_PX;
    let first_f = if full <= MAX_SCROLL_PX {
        top / ROW_PX
    } else if max_scroll > 0.0 {
        top / max_scroll * (total as f64 - rows_in_view)
    } else {
        0.0
    };
    let first_f = first_f.max(0.0);
    let first = (first_f.floor() as usize).min(total.saturating_sub(1));
    let start = first.saturating_sub(OVERSCAN);
    let end = (first + rows_in_view.ceil() as usize + 1 + OVERSCAN).min(total);
    let offset = top - (first_f - first as f64) * ROW_PX - (first - start) as f64 * ROW_PX;
    Window {
        first: start,
        count: end.saturating_sub(start),
        offset_px: offset.max(0.0),
        range_px: range,
        scroll_top: top,
    }
}

/// The least width (px) a character of the log's monospace font takes (12.5 px at 0.6 em is 7.5 px;
/// narrower fonts exist), so the rows' text never ends inside their width.
const MIN_CHAR_PX: f64 = 6.0;
/// The width (px) of a row that is not its text: padding, gaps, number, time and kind.
const ROW_FIXED_PX: f64 = 150.0;
/// The fewest characters a row's text is cut to, however narrow the log.
const MIN_ROW_CHARS: usize = 40;

/// How many characters of a message's text a row of a log `width_px` wide draws: what its width can
/// show, and no more than `ROW_TEXT_CHARS`. An unmeasured (0) or odd width draws the most.
pub fn row_chars(width_px: f64) -> usize {
    let most = crate::core::log::ROW_TEXT_CHARS;
    if !width_px.is_finite() || width_px <= 0.0 {
        return most;
    }
    let fits = ((width_px - ROW_FIXED_PX).max(0.0) / MIN_CHAR_PX).ceil();
    (fits.min(most as f64) as usize).max(MIN_ROW_CHARS)
}

/// Whether a scroll position counts as "at the bottom" (following new rows).
pub fn at_bottom(scroll_top: f64, height: f64, scroll_height: f64) -> bool {
    scroll_top + height >= scroll_height - ROW_PX / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_short_logs_draw_everything() {
        let w = window(0, 0.0, 480.0, true);
        assert_eq!((w.first, w.count), (0, 0));
        let w = window(5, 0.0, 480.0, true);
        assert_eq!((w.first, w.count, w.offset_px), (0, 5, 0.0));
    }

    #[test]
    fn natural_range_maps_pixels_to_rows() {
        let w = window(1000, 2400.0, 480.0, false);
        assert_eq!(w.first, 100 - OVERSCAN);
        assert_eq!(w.offset_px, (100 - OVERSCAN) as f64 * ROW_PX);
        assert!(w.count <= 20 + 1 + 2 * OVERSCAN);
        assert_eq!(w.range_px, 24_000.0);
    }

    #[test]
    fn following_draws_the_last_rows() {
        let w = window(1000, 0.0, 480.0, true);
        assert_eq!(w.first + w.count, 1000);
        assert_eq!(w.scroll_top, 24_000.0 - 480.0);
    }

    #[test]
    fn a_million_rows_stay_under_the_cap_and_reach_both_ends() {
        let total = 1_000_000;
        let bottom = window(total, 0.0, 480.0, true);
        assert_eq!(bottom.range_px, MAX_SCROLL_PX);
        assert_eq!(bottom.first + bottom.count, total);
        // The last row ends exactly at the bottom of the range.
        let last_end = bottom.offset_px + bottom.count as f64 * ROW_PX;
        assert!((last_end - MAX_SCROLL_PX).abs() < 1e-3, "{last_end}");
        let top = window(total, 0.0, 480.0, false);
        assert_eq!(top.first, 0);
        let mid = window(total, (MAX_SCROLL_PX - 480.0) / 2.0, 480.0, false);
        assert!((mid.first as i64 - 500_000).abs() < 50, "{}", mid.first);
        assert!(mid.count <= 200);
    }

    #[test]
    fn bottom_detection_allows_half_a_row() {
        assert!(at_bottom(520.0, 480.0, 1000.0));
        assert!(at_bottom(515.0, 480.0, 1000.0));
        assert!(!at_bottom(400.0, 480.0, 1000.0));
    }

    #[test]
    fn a_row_draws_the_characters_its_width_can_show() {
        use crate::core::log::ROW_TEXT_CHARS;
        // A 1280 px window's log (about 1,240 px): its text shows some 145 characters at 7.5 px each.
        let n = row_chars(1240.0);
        assert!((145..=200).contains(&n), "{n}");
        assert_eq!(row_chars(4000.0), ROW_TEXT_CHARS);
        assert_eq!(row_chars(100.0), MIN_ROW_CHARS);
        for odd in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            assert_eq!(row_chars(odd), ROW_TEXT_CHARS, "{odd}");
        }
        assert!(row_chars(800.0) < row_chars(1600.0));
    }
}
