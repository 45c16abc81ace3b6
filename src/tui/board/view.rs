//! The board: notes as sticky cards in columns (by table for this step, or by step), each
//! marked with its table's letter and colour and its kind's symbol; face down until revealed.

use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::board::Group;
use crate::tui::screens::Drawn;
use crate::tui::widgets::card::{CARD_HEIGHT, table_marker};
use crate::tui::widgets::card_column::{CardColumn, Columns};
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Narrowest a column gets before columns scroll sideways.
pub const MIN_COLUMN_WIDTH: u16 = 20;

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
    if app.face_down() && area.height > 3 {
        let banner = format!(" Hidden until reveal: {total} cards face down · v reveals ");
        let [top, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        Paragraph::new(Line::from(Span::styled(
            fit(&banner, area.width as usize),
            p.selected,
        )))
        .render(top, buf);
        area = rest;
    }
    let shown = Columns::fit(area, columns.len(), MIN_COLUMN_WIDTH, app.board.cursor.0);
    let (left, n_visible) = (shown.left, shown.areas.len());
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
    let top = Cursor::new(app.board.cursor.1, app.board.top).visible_top(rows.max(1));

    for (slot, ci, col_area) in shown.iter() {
        let column = &columns[ci];
        let w = col_area.width;
        let is_cursor_col = ci == app.board.cursor.0;

        // Column heading: table marker and name (or step), count, and scroll hints.
        let mut head = Vec::new();
        if let Some(hidden) = shown.hidden_left(slot) {
            head.push(Span::styled(hidden, p.muted));
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
        let right_more = shown.hidden_right(slot);
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
        if let Some(table) = column.table
            && let Some(i) = session.tables.iter().position(|t| t.id == table)
        {
            drawn.hits.push((
                Rect {
                    height: 1,
                    ..col_area
                },
                Target::Table(i),
            ));
        }

        let hint = if app.board.group == Group::Table {
            "no notes yet"
        } else {
            "—"
        };
        let hits = CardColumn {
            session,
            palette: p,
            heading: vec![Line::from(head)],
            notes: &column.notes,
            top,
            rows,
            card_h,
            selected: app.selected,
            more: None,
            empty: Span::styled(format!(" {hint}"), p.muted),
            badges: &[],
            face_down: app.face_down(),
            show_sensitive: app.board.show_sensitive,
        }
        .render(col_area, buf);
        drawn
            .hits
            .extend(hits.into_iter().map(|(r, id)| (r, Target::Card(id))));
    }
}
