//! The bottom lines: the tables bar (one key per table), the key hints (from the keymap) and
//! the status line (saved / saving / NOT SAVED, the next note's table, kind and marks).

use super::{card::table_marker, drawable, fit, width};
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
    // Names get what room is left after keys and letters.
    let fixed: usize = tables
        .iter()
        .enumerate()
        .map(|(i, t)| 4 + usize::from(table_key(i).is_some()) + width(&t.letter))
        .sum();
    let names = bar_names(tables, current, (area.width as usize).saturating_sub(fixed));
    for (i, t) in tables.iter().enumerate() {
        let key = table_key(i).map(|c| c.to_string()).unwrap_or_default();
        let name = names[i].clone();
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

/// The names of the tables bar, together at most `room` columns (with a space before each):
/// whole names when they all fit; else each name's first word (when no other table's name
/// starts with the same word), the current table's first, then the shortest, so that every name
/// shown reads whole; a table left without a name still shows its letter. Room left over gives
/// names back their other words.
fn bar_names(tables: &[Table], current: usize, room: usize) -> Vec<String> {
    let full: Vec<String> = tables
        .iter()
        .map(|t| drawable(t.name.trim()).into_owned())
        .collect();
    let cost = |s: &str| if s.is_empty() { 0 } else { width(s) + 1 };
    if full.iter().map(|n| cost(n)).sum::<usize>() <= room {
        return full;
    }
    let first_word = |n: &str| n.split_whitespace().next().unwrap_or("").to_string();
    let short: Vec<String> = full
        .iter()
        .map(|n| {
            let word = first_word(n);
            if full.iter().filter(|m| first_word(m) == word).count() > 1 {
                n.clone()
            } else {
                word
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by_key(|&i| (i != current, width(&short[i]), i));
    let mut out = vec![String::new(); tables.len()];
    let mut left = room;
    for &i in &order {
        let c = cost(&short[i]);
        if c > 0 && c <= left {
            out[i] = short[i].clone();
            left -= c;
        }
    }
    for &i in &order {
        let extra = width(&full[i]).saturating_sub(width(&out[i]));
        if !out[i].is_empty() && extra > 0 && extra <= left {
            out[i] = full[i].clone();
            left -= extra;
        }
    }
    out
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

/// What the status line says about the session: saved or not, its name, and the join code
/// while the room can join.
pub struct Saved<'a> {
    pub save: &'a SaveState,
    pub label: &'a str,
    pub sharing: Option<&'a str>,
}

/// The status line: save state first (a warning takes the whole line's colour), then the join
/// code while the room can join, then the next note's table, kind and marks, then the latest
/// message.
pub fn status_line(
    saved: Saved<'_>,
    next: Option<NextNote<'_>>,
    message: Option<&(String, Level)>,
    palette: &Palette,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let Saved {
        save,
        label,
        sharing,
    } = saved;
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
    if let Some(code) = sharing {
        spans.push(Span::styled(
            format!("│ sharing: {} ", drawable(code)),
            line_style.add_modifier(Modifier::BOLD),
        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TableColour, TableId};

    fn tables(names: &[&str]) -> Vec<Table> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| Table {
                id: TableId(i as u32 + 1),
                letter: ((b'A' + i as u8) as char).to_string(),
                name: name.to_string(),
                colour: TableColour::Orange,
                mix: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn names_are_whole_or_first_words_the_current_table_first_never_cut() {
        let t = tables(&["Canal Side", "Market Hall", "Allotments", "Town Hall Steps"]);
        assert_eq!(
            bar_names(&t, 0, 100),
            ["Canal Side", "Market Hall", "Allotments", "Town Hall Steps"]
        );
        // First words; the longest is left out first, but never the current table's.
        assert_eq!(
            bar_names(&t, 2, 30),
            ["Canal", "Market", "Allotments", "Town"]
        );
        assert_eq!(bar_names(&t, 0, 20), ["Canal", "Market", "", "Town"]);
        // Room left gives names back their other words.
        assert_eq!(
            bar_names(&t, 0, 37),
            ["Canal Side", "Market", "Allotments", "Town"]
        );
        // A first word two names share says nothing: those names stay whole or go.
        let t = tables(&["Town Hall", "Town Square", "Park"]);
        assert_eq!(bar_names(&t, 0, 20), ["Town Hall", "", "Park"]);
    }
}
