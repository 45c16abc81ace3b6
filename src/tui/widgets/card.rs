//! A note drawn as a sticky card: table marker (letter on the table's colour), kind symbol,
//! marks, and the text; or face down; or "sensitive — hidden".

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
