//! The board: notes as sticky cards in columns (by table for this step, or by step), each
//! marked with its table's letter and colour and its kind's symbol; face down until revealed.

use super::Drawn;
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::board::Group;
use crate::tui::widgets::card::{CARD_HEIGHT, Card, table_marker};
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Narrowest a column gets before columns scroll sideways.
pub const MIN_COLUMN_WIDTH: u16 = 20;

/// The first item to show so that `cursor` is visible among `visible` items, starting from `top`.
pub fn visible_start(top: usize, cursor: usize, visible: usize) -> usize {
    let visible = visible.max(1);
    if cursor < top {
        cursor
    } else if cursor >= top + visible {
        cursor + 1 - visible
    } else {
        top
    }
}

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let columns = &app.board.index.columns;
    if columns.is_empty() || area.height < 2 {
        Paragraph::new(Line::from(Span::styled(
            "No tables in this session.",
            p.muted,
        )))
        .render(area, buf);
        return;
    }
    let mut area = area;
    let total: usize = columns.iter().map(|c| c.notes.len()).sum();
    if app.board.face_down && area.height > 3 {
        let banner = format!(" Hidden until reveal: {total} cards face down · v reveals ");
        Paragraph::new(Line::from(Span::styled(
            fit(&banner, area.width as usize),
            p.selected,
        )))
        .render(Rect { height: 1, ..area }, buf);
        area.y += 1;
        area.height -= 1;
    }
    let n_visible = ((area.width / MIN_COLUMN_WIDTH).max(1) as usize).min(columns.len());
    let left = visible_start(0, app.board.cursor.0, n_visible);
    let col_w = area.width / n_visible as u16;
    // Cards grow (up to six lines of text) when the columns are short enough to allow it.
    let cards_h = area.height.saturating_sub(1);
    let longest = columns[left..left + n_visible]
        .iter()
        .map(|c| c.notes.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let card_h =
        (cards_h / longest.min(u16::MAX as usize) as u16).clamp(CARD_HEIGHT, CARD_HEIGHT + 3);
    let rows = (cards_h / card_h) as usize;
    drawn.rows_visible = rows.max(1);
    let top = visible_start(app.board.top, app.board.cursor.1, rows.max(1));

    for (slot, ci) in (left..left + n_visible).enumerate() {
        let column = &columns[ci];
        let x = area.x + slot as u16 * col_w;
        let w = if slot + 1 == n_visible {
            area.x + area.width - x
        } else {
            col_w
        };
        let col_area = Rect {
            x,
            y: area.y,
            width: w,
            height: area.height,
        };
        let is_cursor_col = ci == app.board.cursor.0;

        // Column heading: table marker and name (or step), count, and scroll hints.
        let mut head = Vec::new();
        if slot == 0 && left > 0 {
            head.push(Span::styled(format!("◀{left} "), p.muted));
        }
        match (
            app.board.group,
            column.table.and_then(|t| session.table(t)),
            column.step,
        ) {
            (Group::Table, Some(t), _) => {
                head.push(table_marker(Some(t), p));
                head.push(Span::styled(
                    format!(" {}", t.name),
                    p.base.add_modifier(Modifier::BOLD),
                ));
            }
            (_, _, Some(s)) => {
                let title = &session.framework.steps[s].title;
                let style = if s == app.step {
                    p.selected
                } else {
                    p.base.add_modifier(Modifier::BOLD)
                };
                head.push(Span::styled(format!("{} {title}", s + 1), style));
            }
            _ => {}
        }
        let count = column.notes.len();
        let more_below = count > top + rows;
        let tail = format!(
            " ({count}){}{}",
            if top > 0 && count > top { " ↑" } else { "" },
            if more_below { " ↓" } else { "" }
        );
        let right_more = if slot + 1 == n_visible && left + n_visible < columns.len() {
            format!(" {}▶", columns.len() - left - n_visible)
        } else {
            String::new()
        };
        let used: usize = head.iter().map(|s| width(&s.content)).sum();
        let overflow = (used + width(&tail) + width(&right_more) + 1).saturating_sub(w as usize);
        if overflow > 0
            && let Some(last) = head.last_mut()
        {
            let text = last.content.to_string();
            let keep = width(&text).saturating_sub(overflow);
            *last = Span::styled(fit(&text, keep.max(2)), last.style);
        }
        head.push(Span::styled(
            tail,
            if is_cursor_col { p.key } else { p.muted },
        ));
        head.push(Span::styled(right_more, p.muted));
        Paragraph::new(Line::from(head)).render(
            Rect {
                height: 1,
                ..col_area
            },
            buf,
        );
        if let Some(table) = column.table
            && let Some(i) = session.tables.iter().position(|t| t.id == table)
        {
            {
                drawn.hits.push((
                    Rect {
                        height: 1,
                        ..col_area
                    },
                    Target::Table(i),
                ));
            }
        }

        // Cards.
        if count == 0 && rows > 0 {
            let hint = if app.board.group == Group::Table {
                "no notes yet"
            } else {
                "—"
            };
            Paragraph::new(Line::from(Span::styled(format!(" {hint}"), p.muted))).render(
                Rect {
                    y: col_area.y + 1,
                    height: 1,
                    ..col_area
                },
                buf,
            );
        }
        for (r, &i) in column.notes.iter().enumerate().skip(top).take(rows) {
            let note = &session.notes[i];
            let y = col_area.y + 1 + ((r - top) as u16) * card_h;
            let card_area = Rect {
                x: col_area.x,
                y,
                width: col_area.width.saturating_sub(1),
                height: card_h,
            };
            Card {
                note,
                table: session.table(note.table),
                palette: p,
                selected: app.selected == Some(note.id),
                face_down: app.board.face_down,
                show_sensitive: app.board.show_sensitive,
            }
            .render(card_area, buf);
            drawn.hits.push((card_area, Target::Card(note.id)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::visible_start;

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        assert_eq!(visible_start(0, 0, 3), 0);
        assert_eq!(visible_start(0, 5, 3), 3);
        assert_eq!(visible_start(4, 2, 3), 2);
        assert_eq!(visible_start(2, 3, 3), 2);
        assert_eq!(visible_start(0, 9, 0), 9);
    }
}
