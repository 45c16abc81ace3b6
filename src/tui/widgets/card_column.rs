//! A column of cards, as the board and the themes view draw them: the columns that fit side
//! by side (with how many are off screen either way), and in each column its heading, the
//! cards from its first shown one (the selected one marked), "↑ n more" / "↓ n more" and where
//! each card went, for the mouse.

use super::card::Card;
use super::cursor::Cursor;
use super::fit;
use crate::model::{NoteId, Session};
use crate::tui::palette::Palette;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The columns that fit in an area, side by side, scrolled sideways to show the cursor's.
pub struct Columns {
    /// The first column shown.
    pub left: usize,
    /// How many columns there are in all.
    pub total: usize,
    /// The area of each column shown, from `left` on; the last takes what is left over.
    pub areas: Vec<Rect>,
}

impl Columns {
    /// As many of `total` columns as fit at `min_width` each (at least one), showing `cursor`.
    pub fn fit(area: Rect, total: usize, min_width: u16, cursor: usize) -> Columns {
        let shown = ((area.width / min_width.max(1)).max(1) as usize).min(total);
        if shown == 0 {
            return Columns {
                left: 0,
                total,
                areas: Vec::new(),
            };
        }
        let left = Cursor::new(cursor, 0).visible_top(shown);
        let w = area.width / shown as u16;
        let mut widths = vec![Constraint::Length(w); shown - 1];
        widths.push(Constraint::Fill(1));
        let areas = Layout::horizontal(widths).split(area).to_vec();
        Columns { left, total, areas }
    }

    /// The column shown in each slot, with its area.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, Rect)> + '_ {
        self.areas
            .iter()
            .enumerate()
            .map(|(slot, &area)| (slot, self.left + slot, area))
    }

    /// "◀n " before the first slot's heading when columns are hidden to the left.
    pub fn hidden_left(&self, slot: usize) -> Option<String> {
        (slot == 0 && self.left > 0).then(|| format!("◀{} ", self.left))
    }

    /// " n▶" after the last slot's heading when columns are hidden to the right (else "").
    pub fn hidden_right(&self, slot: usize) -> String {
        let end = self.left + self.areas.len();
        if slot + 1 == self.areas.len() && end < self.total {
            format!(" {}▶", self.total - end)
        } else {
            String::new()
        }
    }
}

/// One column: heading lines, then the cards of `notes` (indices into the session's notes)
/// from `top` on, `rows` of them, each `card_h` high.
pub struct CardColumn<'a> {
    pub session: &'a Session,
    pub palette: &'a Palette,
    /// Lines above the cards, one row each.
    pub heading: Vec<Line<'a>>,
    pub notes: &'a [usize],
    pub top: usize,
    pub rows: usize,
    pub card_h: u16,
    /// The card drawn as selected.
    pub selected: Option<NoteId>,
    /// Some: a row above and a row below the cards say how many are scrolled out of sight
    /// ("↑ n more", "↓ n more"), in this style.
    pub more: Option<Style>,
    /// What an empty column shows where its first card would be.
    pub empty: Span<'a>,
    /// A word drawn on the bottom border of some cards ("✓ marked"): the first that names
    /// the card.
    pub badges: &'a [(NoteId, &'static str)],
    pub face_down: bool,
    pub show_sensitive: bool,
}

impl CardColumn<'_> {
    /// Draws the column; gives back where each card went.
    pub fn render(self, area: Rect, buf: &mut Buffer) -> Vec<(Rect, NoteId)> {
        let p = self.palette;
        let mut hits = Vec::new();
        let row = |y: u16| Rect {
            y,
            height: 1,
            ..area
        };
        let bottom = area.y + area.height;
        let head_h = self.heading.len() as u16;
        for (i, line) in self.heading.into_iter().enumerate() {
            Paragraph::new(line)
                .style(p.base)
                .render(row(area.y + i as u16), buf);
        }
        let cards_y = area.y + head_h + u16::from(self.more.is_some());
        let count = self.notes.len();
        if let Some(style) = self.more {
            let below = count.saturating_sub(self.top + self.rows);
            for (hidden, y, arrow) in [
                (self.top, area.y + head_h, "↑"),
                (below, cards_y + (self.rows as u16) * self.card_h, "↓"),
            ] {
                if hidden > 0 && y < bottom {
                    let text = fit(
                        &format!(" {arrow} {hidden} more"),
                        (area.width as usize).saturating_sub(1),
                    );
                    Paragraph::new(Line::from(Span::styled(text, style)))
                        .style(p.base)
                        .render(row(y), buf);
                }
            }
        }
        if count == 0 && self.rows > 0 {
            Paragraph::new(Line::from(self.empty))
                .style(p.base)
                .render(row(cards_y), buf);
        }
        for (r, &i) in self.notes.iter().enumerate().skip(self.top).take(self.rows) {
            let note = &self.session.notes[i];
            let card_area = Rect {
                x: area.x,
                y: cards_y + ((r - self.top) as u16) * self.card_h,
                width: area.width.saturating_sub(1),
                height: self.card_h,
            };
            Card {
                note,
                table: self.session.table(note.table),
                palette: p,
                selected: self.selected == Some(note.id),
                face_down: self.face_down,
                show_sensitive: self.show_sensitive,
            }
            .render(card_area, buf);
            let badge = self.badges.iter().find(|(id, _)| *id == note.id);
            if let Some((_, text)) = badge
                && card_area.width > 12
            {
                buf.set_string(
                    card_area.x + 1,
                    card_area.y + card_area.height - 1,
                    text,
                    p.selected,
                );
            }
            hits.push((card_area, note.id));
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::Columns;
    use ratatui::layout::Rect;

    #[test]
    fn columns_fit_side_by_side_and_follow_the_cursor() {
        let area = Rect::new(2, 1, 65, 10);
        let c = Columns::fit(area, 5, 20, 0);
        assert_eq!(c.left, 0);
        let xs: Vec<(u16, u16)> = c.areas.iter().map(|a| (a.x, a.width)).collect();
        assert_eq!(xs, [(2, 21), (23, 21), (44, 23)], "the last takes the rest");
        assert!(c.areas.iter().all(|a| a.y == 1 && a.height == 10));
        assert_eq!(c.hidden_left(0), None);
        assert_eq!(c.hidden_right(2), " 2▶");
        assert_eq!(c.hidden_right(1), "");
        let c = Columns::fit(area, 5, 20, 4);
        assert_eq!(c.left, 2);
        assert_eq!(c.hidden_left(0).as_deref(), Some("◀2 "));
        assert_eq!(c.hidden_right(2), "");
        assert!(Columns::fit(area, 0, 20, 0).areas.is_empty());
        assert_eq!(
            Columns::fit(Rect::new(0, 0, 10, 5), 3, 20, 1).areas.len(),
            1
        );
    }
}
