//! The bottom lines: the tables bar (one key per table), the key hints (from the keymap) and
//! the status line (saved / saving / NOT SAVED, the next note's table, kind and marks).

use super::{card::table_marker, fit, width};
use crate::model::{NoteKind, Table};
use crate::tui::app::{Level, SaveState, Target};
use crate::tui::keymap::{self, Mode};
use crate::tui::palette::Palette;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The key for the n-th table (0-based) when the input is closed: 1…9, then 0.
pub fn table_key(n: usize) -> Option<char> {
    match n {
        0..=8 => Some((b'1' + n as u8) as char),
        9 => Some('0'),
        _ => None,
    }
}

/// Draws the tables bar; returns where each table was drawn, for clicks.
pub fn tables_bar(
    tables: &[Table],
    current: usize,
    palette: &Palette,
    area: Rect,
    buf: &mut Buffer,
) -> Vec<(Rect, Target)> {
    let mut hits = Vec::new();
    if area.is_empty() {
        return hits;
    }
    let mut spans = Vec::new();
    let mut x = area.x;
    let right = area.x + area.width;
    // Names get what room is left after keys and letters; none when there are many tables.
    let name_w = (area.width as usize / tables.len().max(1))
        .saturating_sub(7)
        .min(14);
    for (i, t) in tables.iter().enumerate() {
        let key = table_key(i).map(|c| c.to_string()).unwrap_or_default();
        let name = if name_w >= 4 {
            fit(&t.name, name_w)
        } else {
            String::new()
        };
        let is_current = i == current;
        let head = if is_current { "▶" } else { " " };
        let label_style = if is_current {
            palette.selected
        } else {
            palette.base
        };
        let parts = [
            Span::styled(
                format!("{head}{key}"),
                if is_current {
                    palette.selected
                } else {
                    palette.key
                },
            ),
            table_marker(Some(t), palette),
            Span::styled(
                if name.is_empty() {
                    String::new()
                } else {
                    format!(" {name}")
                },
                label_style.add_modifier(if is_current {
                    Modifier::BOLD
                } else {
                    Modifier::empty()
                }),
            ),
            Span::styled(" ", palette.base),
        ];
        let w: usize = parts.iter().map(|s| width(&s.content)).sum();
        if x as usize + w > right as usize {
            spans.push(Span::styled("…", palette.muted));
            break;
        }
        hits.push((Rect::new(x, area.y, w as u16, 1), Target::Table(i)));
        x += w as u16;
        spans.extend(parts);
    }
    Paragraph::new(Line::from(spans))
        .style(palette.base)
        .render(area, buf);
    hits
}

/// The footer: hints for the active modes, as many as fit.
pub fn footer(modes: &[Mode], palette: &Palette, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    // The way to the help comes first, so it is there at any width, then the way to the
    // other views.
    let mut hints = keymap::hints(modes);
    hints.sort_by_key(|(_, hint)| match *hint {
        "help" => 0,
        "view" => 1,
        _ => 2,
    });
    for (keys, hint) in hints {
        let w = width(&keys) + width(hint) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, palette.key));
        spans.push(Span::styled(format!(" {hint}  "), palette.base));
    }
    Paragraph::new(Line::from(spans))
        .style(palette.base)
        .render(area, buf);
}

/// What the status line shows about the next note.
pub struct NextNote<'a> {
    pub table: Option<&'a Table>,
    pub kind: NoteKind,
    pub lived: bool,
    pub sensitive: bool,
}

/// The status line: save state first (a warning takes the whole line's colour), then the next
/// note's table, kind and marks, then the latest message.
pub fn status_line(
    save: &SaveState,
    label: &str,
    next: Option<NextNote<'_>>,
    message: Option<&(String, Level)>,
    palette: &Palette,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let mut spans = Vec::new();
    let mut line_style = palette.base;
    match save {
        SaveState::Saved => spans.push(Span::styled(format!("✓ saved · {label} "), palette.ok)),
        SaveState::Saving(n) => spans.push(Span::styled(
            format!("… saving {n} · {label} "),
            palette.muted,
        )),
        SaveState::Refused { message, waiting } => {
            line_style = palette.warning;
            spans.push(Span::styled(
                format!("⚠ NOT SAVED ({waiting} waiting, retrying) — disk refused: {message} "),
                palette.warning,
            ));
        }
        SaveState::ReadOnly => spans.push(Span::styled(
            format!("read-only · {label} "),
            palette.warning,
        )),
        SaveState::None => {}
    }
    if let Some(next) = next {
        spans.push(Span::styled("│ next: ", line_style));
        spans.push(table_marker(next.table, palette));
        spans.push(Span::styled(
            format!(" {} {}", next.kind.symbol(), next.kind.label()),
            line_style.add_modifier(Modifier::BOLD),
        ));
        if next.lived {
            spans.push(Span::styled(
                " ◆LE",
                line_style.add_modifier(Modifier::BOLD),
            ));
        }
        if next.sensitive {
            spans.push(Span::styled(
                " ⊘sensitive",
                line_style.add_modifier(Modifier::BOLD),
            ));
        }
        spans.push(Span::styled(" ", line_style));
    }
    if let Some((text, level)) = message {
        let style = match level {
            Level::Info => line_style,
            Level::Warning => palette.warning,
        };
        spans.push(Span::styled("│ ", line_style));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let room = (area.width as usize).saturating_sub(used);
        spans.push(Span::styled(fit(text, room), style));
    }
    Paragraph::new(Line::from(spans))
        .style(line_style)
        .render(area, buf);
}
