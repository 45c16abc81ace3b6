//! A note drawn as a sticky card: table marker (letter on the table's colour), kind symbol,
//! marks, and the text; or face down; or "sensitive — hidden".

#[cfg(test)]
use super::{MARKS_PER_CHARACTER, takes_no_column};
use super::{fit, width, wrap};
use crate::model::{Note, Table};
use crate::tui::palette::Palette;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

/// Rows a card takes on the board: border, three lines of text, border.
pub const CARD_HEIGHT: u16 = 5;

/// What a sensitive note shows until the facilitator reveals it.
pub const SENSITIVE_HIDDEN: &str = "sensitive — hidden";

/// How to show one card.
pub struct Card<'a> {
    pub note: &'a Note,
    pub table: Option<&'a Table>,
    pub palette: &'a Palette,
    pub selected: bool,
    pub face_down: bool,
    /// Show the text of a sensitive note.
    pub show_sensitive: bool,
}

/// The marker that names a table everywhere: " A " on the table's colour.
pub fn table_marker<'a>(table: Option<&Table>, palette: &Palette) -> Span<'a> {
    match table {
        Some(t) => Span::styled(format!(" {} ", t.letter), palette.table_marker(t.colour)),
        None => Span::styled(" ? ", palette.muted),
    }
}

/// The marks on a note, as text: "LE" (lived experience), "sens." (sensitive).
pub fn marks(note: &Note) -> String {
    let mut out = Vec::new();
    if note.lived_experience {
        out.push("◆LE");
    }
    if note.sensitive {
        out.push("⊘sens");
    }
    out.join(" ")
}

/// The text a note shows on the projector, given what is hidden.
pub fn visible_text(note: &Note, show_sensitive: bool) -> &str {
    if note.sensitive && !show_sensitive {
        SENSITIVE_HIDDEN
    } else {
        &note.text
    }
}

impl Widget for Card<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 4 || area.height < 2 {
            return;
        }
        let p = self.palette;
        let border_style = match self.table {
            Some(t) => p.table_border(t.colour),
            None => p.border,
        };
        let border_style = if self.selected {
            border_style.add_modifier(Modifier::BOLD)
        } else {
            border_style
        };
        let mut title = Vec::new();
        if self.selected {
            title.push(Span::styled("▶", p.selected));
        }
        title.push(table_marker(self.table, p));
        if !self.face_down {
            let kind = self.note.kind;
            let room = area.width.saturating_sub(8) as usize;
            let label = if room >= 12 + kind.label().len() {
                format!(" {} {} ", kind.symbol(), kind.label())
            } else {
                format!(" {} ", kind.symbol())
            };
            title.push(Span::styled(
                label,
                if self.selected { p.selected } else { p.card },
            ));
        }
        let mut block = Block::bordered()
            .border_type(if self.selected {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(border_style)
            .style(p.card)
            .title(Line::from(title));
        if !self.face_down {
            let m = marks(self.note);
            if !m.is_empty() && area.width as usize > width(&m) + 14 {
                block = block.title(
                    Line::from(Span::styled(
                        format!(" {m} "),
                        p.card.add_modifier(Modifier::BOLD),
                    ))
                    .right_aligned(),
                );
            }
            let id = format!(" #{} ", self.note.id.0);
            if area.width as usize > id.len() + 4 {
                block = block.title_bottom(Line::from(Span::styled(id, p.muted)).right_aligned());
            }
        }
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        if self.face_down {
            let pattern: String = "╱".repeat(inner.width as usize);
            let lines: Vec<Line> = (0..inner.height)
                .map(|_| Line::from(Span::styled(pattern.clone(), p.face_down)))
                .collect();
            Paragraph::new(lines).render(inner, buf);
            return;
        }
        let text = visible_text(self.note, self.show_sensitive);
        let style = if text == SENSITIVE_HIDDEN && self.note.sensitive && !self.show_sensitive {
            p.muted.add_modifier(Modifier::ITALIC)
        } else {
            p.card
        };
        let lines: Vec<Line> = wrap(text, inner.width as usize, inner.height as usize)
            .into_iter()
            .map(|l| Line::from(Span::styled(fit(&l, inner.width as usize), style)))
            .collect();
        Paragraph::new(lines).style(p.card).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteId, NoteKind, TableColour, TableId};
    use crate::tui::palette::Preset;
    use unicode_normalization::char::is_combining_mark;

    fn drawn(text: &str) -> Buffer {
        let note = Note {
            id: NoteId(1),
            table: TableId(1),
            step: "welcome".into(),
            kind: NoteKind::Idea,
            text: text.into(),
            tags: Vec::new(),
            lived_experience: false,
            sensitive: false,
            created: "2026-11-23T09:00:00Z".parse().unwrap(),
            theme: None,
            placed_by: None,
            device: None,
            about: None,
        };
        let table = Table {
            id: TableId(1),
            letter: "A".into(),
            name: "Table A".into(),
            colour: TableColour::Orange,
            mix: Vec::new(),
        };
        let area = Rect::new(0, 0, 16, CARD_HEIGHT);
        let mut buf = Buffer::empty(area);
        let palette = Palette::new(Preset::Light);
        Card {
            note: &note,
            table: Some(&table),
            palette: &palette,
            selected: false,
            face_down: false,
            show_sensitive: false,
        }
        .render(area, &mut buf);
        buf
    }

    #[test]
    fn zero_width_characters_leave_the_border_where_it_is() {
        let zwj = "\u{200D}".repeat(9);
        let texts = [
            format!("x{zwj}y and more"),
            "a\u{200B}b\u{200B}c\u{200B}d\u{200B}e\u{200B}f\u{200B}g\u{200B}h\u{200B}i".into(),
            "\u{200B}".repeat(40),
            format!(
                "e{} combining {}",
                "\u{301}".repeat(12),
                "\u{301}".repeat(12)
            ),
            format!(
                "{} variation x{}",
                "\u{FE0F}".repeat(6),
                "\u{FE0E}".repeat(3)
            ),
            "\u{2714}\u{FE0F}".repeat(8),
            "soft\u{AD}hyphen\u{AD}here".into(),
        ];
        for text in &texts {
            let buf = drawn(text);
            let (w, h) = (buf.area.width, buf.area.height);
            for y in 1..h - 1 {
                for x in [0, w - 1] {
                    assert_eq!(buf[(x, y)].symbol(), "│", "{text:?}: border at ({x}, {y})");
                }
            }
            for y in 0..h {
                for x in 0..w {
                    let cell = buf[(x, y)].symbol();
                    assert!(
                        !cell.chars().any(takes_no_column),
                        "{text:?}: ({x}, {y}) holds {cell:?}"
                    );
                    let marks = cell.chars().filter(|c| is_combining_mark(*c)).count();
                    assert!(
                        marks <= MARKS_PER_CHARACTER,
                        "{text:?}: ({x}, {y}) holds {cell:?}"
                    );
                }
            }
        }
    }
}
