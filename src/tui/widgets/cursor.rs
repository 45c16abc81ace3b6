//! One cursor for lists, and for each axis of a grid: where the selection is, how it moves
//! (by one, by a page, to either end) and which item is the first one shown so that the
//! selection stays in view.

/// A position in a list, and the first item shown (`top`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected item.
    pub at: usize,
    /// The first item shown.
    pub top: usize,
}

impl Cursor {
    pub const fn new(at: usize, top: usize) -> Self {
        Cursor { at, top }
    }

    /// Keeps the position inside a list of `len` items (0 when it is empty).
    pub fn clamp(&mut self, len: usize) {
        self.at = self.at.min(len.saturating_sub(1));
    }

    /// Moves by `n` items (negative: towards the first), stopping at either end of a list of
    /// `len` items.
    pub fn move_by(&mut self, n: isize, len: usize) {
        self.at = if len == 0 {
            0
        } else {
            (self.at as isize)
                .saturating_add(n)
                .clamp(0, len as isize - 1) as usize
        };
    }

    /// Moves by `pages` pages of `rows` items (at least one).
    pub fn page(&mut self, pages: isize, rows: usize, len: usize) {
        self.move_by(pages.saturating_mul(rows.max(1) as isize), len);
    }

    /// To the first item.
    pub fn first(&mut self) {
        self.at = 0;
    }

    /// To the last of `len` items.
    pub fn last(&mut self, len: usize) {
        self.at = len.saturating_sub(1);
    }

    /// One item forward (or back) in a list of `len`; false, and no move, at that end.
    pub fn step(&mut self, forward: bool, len: usize) -> bool {
        if forward {
            if self.at + 1 >= len {
                return false;
            }
            self.at += 1;
        } else {
            if self.at == 0 {
                return false;
            }
            self.at -= 1;
        }
        true
    }

    /// The first item to show so that the position is visible among `rows` items, starting
    /// from `top` and moving it as little as possible.
    pub fn visible_top(self, rows: usize) -> usize {
        let rows = rows.max(1);
        if self.at < self.top {
            self.at
        } else if self.at >= self.top + rows {
            self.at + 1 - rows
        } else {
            self.top
        }
    }

    /// Scrolls (moves `top`) so that the position shows among `rows` items.
    pub fn keep_visible(&mut self, rows: usize) {
        self.top = self.visible_top(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn scrolling_keeps_the_position_in_view() {
        assert_eq!(Cursor::new(0, 0).visible_top(3), 0);
        assert_eq!(Cursor::new(5, 0).visible_top(3), 3);
        assert_eq!(Cursor::new(2, 4).visible_top(3), 2);
        assert_eq!(Cursor::new(3, 2).visible_top(3), 2);
        assert_eq!(Cursor::new(9, 0).visible_top(0), 9);
        let mut c = Cursor::new(7, 0);
        c.keep_visible(4);
        assert_eq!(c, Cursor::new(7, 4));
    }

    #[test]
    fn moves_stop_at_either_end() {
        let mut c = Cursor::default();
        c.move_by(-1, 5);
        assert_eq!(c.at, 0);
        c.move_by(3, 5);
        assert_eq!(c.at, 3);
        c.move_by(isize::MAX, 5);
        assert_eq!(c.at, 4);
        c.move_by(isize::MIN, 5);
        assert_eq!(c.at, 0);
        c.move_by(2, 0);
        assert_eq!(c.at, 0, "an empty list keeps the cursor at 0");
    }

    #[test]
    fn pages_ends_and_clamping() {
        let mut c = Cursor::default();
        c.page(1, 4, 10);
        assert_eq!(c.at, 4);
        c.page(2, 4, 10);
        assert_eq!(c.at, 9);
        c.page(-1, 0, 10);
        assert_eq!(c.at, 8, "a page is at least one item");
        c.first();
        assert_eq!(c.at, 0);
        c.last(10);
        assert_eq!(c.at, 9);
        c.clamp(3);
        assert_eq!(c.at, 2);
        c.clamp(0);
        assert_eq!(c.at, 0);
        c.last(0);
        assert_eq!(c.at, 0);
    }

    #[test]
    fn a_step_says_when_it_is_at_the_end() {
        let mut c = Cursor::new(0, 0);
        assert!(!c.step(false, 3));
        assert!(c.step(true, 3));
        assert!(c.step(true, 3));
        assert!(!c.step(true, 3));
        assert_eq!(c.at, 2);
        assert!(!Cursor::new(0, 0).step(true, 0));
    }
}
