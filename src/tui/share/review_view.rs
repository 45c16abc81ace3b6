//! The review queue drawn over the view: the notes from the room waiting for the facilitator,
//! one row each, the selected one in full (or being edited), and the keys.

use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::screens::centered;
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::{fit, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;

/// Draws the queue over `area` (the whole screen), leaving the header and the two bottom lines
/// (its keys and the status line) in sight.
pub fn render<S: SessionStore>(
    app: &App<S>,
    selected: usize,
    edit: Option<&TextArea<'static>>,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let room = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    if room.width < 8 || room.height < 4 {
        return;
    }
    let popup = centered(room, 100, room.height);
    Clear.render(popup, buf);
    let waiting: Vec<_> = session.waiting_submissions().collect();
    let title = format!(" From the room, waiting for review: {} ", waiting.len());
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.title)
        .style(p.base)
        .title(Line::from(Span::styled(title, p.title)));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    if !app.moderated() {
        lines.push(Line::styled(
            "Not moderating: new notes go straight to the board (M in the sharing panel).",
            p.muted,
        ));
    }
    if waiting.is_empty() {
        lines.push(Line::styled("No note is waiting.", p.base));
    }
    // The selected note in full (or the text being edited) takes the lower part.
    let detail_h = if waiting.is_empty() {
        0
    } else {
        (inner.height / 2).clamp(1, 8)
    };
    let list_h = inner.height.saturating_sub(detail_h + 1) as usize;
    let first = selected.saturating_sub(list_h.saturating_sub(1));
    for (i, sub) in waiting.iter().enumerate().skip(first).take(list_h) {
        let n = &sub.note;
        let style = if i == selected { p.selected } else { p.base };
        let head = format!("{} ", if i == selected { "▶" } else { " " });
        let mut spans = vec![
            Span::styled(head, style),
            table_marker(session.table(n.table), p),
        ];
        let text = format!(" {} {}", n.kind.symbol(), n.text.replace('\n', " "));
        spans.push(Span::styled(fit(&text, w.saturating_sub(5)), style));
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(
        Rect {
            height: (inner.height - detail_h).min(inner.height),
            ..inner
        },
        buf,
    );
    if detail_h == 0 {
        return;
    }
    let detail = Rect {
        y: inner.y + inner.height - detail_h,
        height: detail_h,
        ..inner
    };
    match edit {
        Some(text) => {
            let block = Block::bordered()
                .border_style(p.border)
                .style(p.input)
                .title(Span::styled(
                    " Editing: Enter accepts as edited · Esc cancels ",
                    p.key,
                ));
            let inside = block.inner(detail);
            block.render(detail, buf);
            text.render(inside, buf);
        }
        None => {
            let Some(sub) = waiting.get(selected.min(waiting.len() - 1)) else {
                return;
            };
            let mut body = vec![Line::styled(
                fit(
                    &format!(
                        "{} · {}",
                        session
                            .table(sub.note.table)
                            .map_or(String::new(), |t| t.name.clone()),
                        sub.note.kind.label()
                    ),
                    w,
                ),
                p.muted.add_modifier(Modifier::BOLD),
            )];
            body.extend(
                wrap(&sub.note.text, w, detail_h.saturating_sub(1) as usize)
                    .into_iter()
                    .map(|l| Line::styled(l, p.base)),
            );
            Paragraph::new(body).render(detail, buf);
        }
    }
}
