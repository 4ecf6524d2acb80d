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
    /// How many of the drawn rows are above the view (drawn in case of a scroll).
    pub above: usize,
}

impl Window {
    /// At most `most` of the window's rows, the ones a reader looks at first: the newest (at the bottom)
    /// when `newest`, else those from the top of the view down. The log draws rows it did not have in
    /// steps of this size, one a frame, so that a window filling at once (a flood's first rows, an
    /// opened file) does not make all its rows and lay them out in one long frame.
    pub fn at_most(self, most: usize, newest: bool) -> Window {
        if self.count <= most {
            return self;
        }
        let spare = self.count - most;
        let skip = if newest { spare } else { self.above.min(spare) };
        Window {
            first: self.first + skip,
            count: most,
            offset_px: self.offset_px + skip as f64 * ROW_PX,
            above: self.above.saturating_sub(skip),
            ..self
        }
    }
}

/// How many rows the log may add, frame by frame, that it did not have (a window filling at once: a
/// flood's first rows, an opened file, a taller window). The allowance is a frame's, not a render's: two
/// renders in one frame share it. Its size follows what adding rows was measured to cost, so that a
/// frame spends about `ROWS_BUDGET_MS` making them on any machine: a fast one fills a tall window at
/// once, a slow one over a few frames, none of them long.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowPace {
    per_frame: usize,
    left: usize,
    /// How many rows the last render drew.
    drawn: usize,
}

/// What a frame may spend making the rows it adds (ms), their layout and the reconcile of the rows it keeps
/// included.
pub const ROWS_BUDGET_MS: f64 = 4.0;
/// A frame's allowance before anything was measured: eight rows are a few milliseconds on a slow machine.
const FIRST_ROWS: usize = 8;
/// The allowance's bounds, whatever was measured: a render that measured long for other reasons (a
/// collection, a sibling's render) still lets rows come; a fast one still makes a frame's rows in steps.
const FEWEST_ROWS: usize = 2;
const MOST_ROWS: usize = 64;

impl Default for RowPace {
    fn default() -> Self {
        RowPace { per_frame: FIRST_ROWS, left: FIRST_ROWS, drawn: 0 }
    }
}

impl RowPace {
    /// A frame began: its allowance is whole again.
    pub fn frame(&mut self) {
        self.left = self.per_frame;
    }

    /// A render wants `want` rows: how many it draws, those the last render did not draw taken from this
    /// frame's allowance. It never draws fewer than the last render did unless it wants fewer (a window
    /// that shrinks, or moves within a filter's matches, gets what it wants at once).
    pub fn take(&mut self, want: usize) -> usize {
        let had = self.drawn;
        let more = want.saturating_sub(had).min(self.left);
        self.left -= more;
        self.drawn = want.min(had + more);
        self.drawn
    }

    /// How many rows the last render drew (what `take` last gave).
    pub fn drawn(&self) -> usize {
        self.drawn
    }

    /// A render drew `rows` rows (some of them new) in `ms` from its start to its effects, their layout
    /// included: the allowance
    /// becomes what fits the budget at that cost a row, half way from what it was (one odd measure moves
    /// it only so far).
    pub fn measured(&mut self, rows: usize, ms: f64) {
        if rows == 0 || !ms.is_finite() || ms <= 0.0 {
            return;
        }
        let fits = (ROWS_BUDGET_MS / (ms / rows as f64)).clamp(FEWEST_ROWS as f64, MOST_ROWS as f64) as usize;
        // Half way, rounded toward `fits`, so that it gets there.
        self.per_frame = (self.per_frame + fits + usize::from(fits > self.per_frame)) / 2;
    }

    /// This frame's allowance left.
    pub fn left(&self) -> usize {
        self.left
    }

    /// A frame's whole allowance.
    pub fn per_frame(&self) -> usize {
        self.per_frame
    }
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
        above: first - start,
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
    fn part_of_a_window_keeps_its_rows_where_the_whole_would_put_them() {
        for (total, top, follow) in
            [(1000, 0.0, true), (1000, 2400.0, false), (1_000_000, 4e6, false), (30, 0.0, true)]
        {
            let whole = window(total, top, 480.0, follow);
            for most in [0, 1, 8, 16, whole.count, whole.count + 5] {
                let part = whole.at_most(most, follow);
                assert_eq!(part.count, whole.count.min(most));
                assert!(part.first >= whole.first && part.first + part.count <= whole.first + whole.count);
                // Row i is drawn at the same place in both.
                let at = |w: &Window, i: usize| w.offset_px + (i - w.first) as f64 * ROW_PX;
                if part.count > 0 {
                    assert!((at(&part, part.first) - at(&whole, part.first)).abs() < 1e-6);
                }
                assert_eq!((part.range_px, part.scroll_top), (whole.range_px, whole.scroll_top));
                if follow {
                    // The newest rows: the bottom of the view.
                    assert_eq!(part.first + part.count, whole.first + whole.count);
                } else if part.count < whole.count {
                    // From the top of the view down: the rows above it go first.
                    assert_eq!(part.first, (whole.first + whole.above).min(whole.first + whole.count - most));
                }
            }
        }
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

    #[test]
    fn a_frame_adds_at_most_its_allowance_however_many_renders_it_has() {
        let mut pace = RowPace::default();
        let per = pace.per_frame();
        // Two renders in one frame share it.
        let first = pace.take(100);
        assert_eq!(first, per);
        assert_eq!(pace.drawn(), first);
        assert_eq!(pace.take(100), first, "the second render of the frame adds nothing");
        assert_eq!(pace.left(), 0);
        // Rows drawn stay, even with nothing left; fewer wanted are fewer drawn, and are what it has then.
        assert_eq!(pace.take(3), 3);
        assert_eq!(pace.drawn(), 3);
        pace.frame();
        assert_eq!(pace.take(100), 3 + per);
        // Wanting no more than it has takes nothing from the allowance.
        pace.frame();
        assert_eq!(pace.take(3 + per), 3 + per);
        assert_eq!(pace.take(2), 2);
        assert_eq!(pace.left(), per);
    }

    #[test]
    fn the_allowance_follows_what_rows_cost() {
        let mut cheap = RowPace::default();
        // 0.05 ms a row: 80 fit the budget; the allowance moves half way each measure, up to its bound.
        for _ in 0..10 {
            cheap.measured(20, 1.0);
        }
        assert_eq!(cheap.per_frame(), 64);
        let mut dear = RowPace::default();
        // 2 ms a row: 2 fit.
        for _ in 0..10 {
            dear.measured(10, 20.0);
        }
        assert_eq!(dear.per_frame(), 2);
        // One odd measure moves it half way, not all the way.
        let mut once = RowPace::default();
        once.measured(8, 80.0);
        assert_eq!(once.per_frame(), 5);
        // Nothing measured, or nonsense, changes nothing.
        let mut same = RowPace::default();
        for (rows, ms) in [(0, 5.0), (8, 0.0), (8, -1.0), (8, f64::NAN), (8, f64::INFINITY)] {
            same.measured(rows, ms);
        }
        assert_eq!(same, RowPace::default());
        // The new size applies from the next frame.
        cheap.frame();
        assert_eq!(cheap.take(1000), 64);
    }
}
