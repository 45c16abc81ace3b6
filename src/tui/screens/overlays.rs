//! Pop-ups over a view: a card opened full size, choosing a table, the timer prompt, questions.

use super::centered;
use crate::model::NoteId;
use crate::store::SessionStore;
use crate::tui::app::{App, Question};
use crate::tui::widgets::card::{marks, table_marker, visible_text};
use crate::tui::widgets::status::table_key;
use crate::tui::widgets::{fit, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;

fn popup_block<'a>(
    title: Vec<Span<'a>>,
    style: ratatui::style::Style,
    border: ratatui::style::Style,
) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(border)
        .style(style)
        .title(Line::from(title))
}

/// One card, full size: large text, its table, kind, step, time and marks.
pub fn card<S: SessionStore>(app: &App<S>, id: NoteId, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    let Some(note) = session.note(id) else {
        return;
    };
    let p = &app.palette;
    let table = session.table(note.table);
    let popup = centered(
        area,
        (area.width * 4 / 5).max(36),
        (area.height * 3 / 4).max(10),
    );
    Clear.render(popup, buf);
    let border = match table {
        Some(t) => p.table_border(t.colour).add_modifier(Modifier::BOLD),
        None => p.border,
    };
    let mut title = vec![Span::styled(" ", p.base), table_marker(table, p)];
    if let Some(t) = table {
        title.push(Span::styled(
            format!(" {} ", t.name),
            p.base.add_modifier(Modifier::BOLD),
        ));
    }
    if !app.face_down() {
        title.push(Span::styled(
            format!("· {} {} ", note.kind.symbol(), note.kind.label()),
            p.base.add_modifier(Modifier::BOLD),
        ));
    }
    title.push(Span::styled(format!("· #{} ", note.id.0), p.muted));
    let block = popup_block(title, p.base, border).title_bottom(
        Line::from(Span::styled(
            " Esc closes · e edit · d delete · m move ",
            p.key,
        ))
        .right_aligned(),
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height < 2 {
        return;
    }
    let step = session
        .framework
        .step(&note.step)
        .map(|s| s.title.clone())
        .unwrap_or_else(|| note.step.clone());
    let time = note
        .created
        .to_zoned(app.tz.clone())
        .strftime("%H:%M")
        .to_string();
    let m = marks(note);
    // A note from the room says so, and no more: no name, no device.
    let from = if note.device.is_some() {
        " · sent from a device at the table"
    } else {
        ""
    };
    let footer = format!(
        "{step} · written {time}{from}{}",
        if m.is_empty() {
            String::new()
        } else {
            format!(" · {m}")
        }
    );
    let text_area = Rect {
        height: inner.height - 1,
        ..inner
    };
    let text = if app.face_down() {
        "face down — v on the board reveals the cards"
    } else {
        visible_text(note, app.board.show_sensitive)
    };
    let lines = wrap(
        text,
        text_area.width.saturating_sub(2) as usize,
        text_area.height as usize,
    );
    Paragraph::new(
        lines
            .into_iter()
            .map(|l| Line::from(Span::styled(l, p.prompt)))
            .collect::<Vec<_>>(),
    )
    .render(
        Rect {
            x: text_area.x + 1,
            width: text_area.width.saturating_sub(2),
            ..text_area
        },
        buf,
    );
    Paragraph::new(Line::from(Span::styled(
        fit(&footer, inner.width as usize),
        p.muted,
    )))
    .render(
        Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        },
        buf,
    );
}

/// Which table to move a card to: every table with its key.
pub fn pick_table<S: SessionStore>(
    app: &App<S>,
    note: NoteId,
    current: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let h = (session.tables.len() as u16 + 2).min(area.height);
    let popup = centered(area, 48, h);
    Clear.render(popup, buf);
    let block = popup_block(
        vec![Span::styled(
            format!(" Move #{} to which table? ", note.0),
            p.title,
        )],
        p.base,
        p.border,
    )
    .title_bottom(Line::from(Span::styled(" key or letter · Esc cancels ", p.key)).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    let lines: Vec<Line> = session
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let key = table_key(i)
                .map(|c| c.to_string())
                .unwrap_or_else(|| " ".into());
            let style = if i == current { p.selected } else { p.base };
            Line::from(vec![
                Span::styled(format!(" {key} "), p.key),
                table_marker(Some(t), p),
                Span::styled(format!(" {}", fit(&t.name, 36)), style),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The timer prompt: minutes to set.
pub fn prompt<S: SessionStore>(
    app: &App<S>,
    text: &TextArea<'static>,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let popup = centered(area, 44, 3);
    Clear.render(popup, buf);
    let block = popup_block(
        vec![Span::styled(" Timer: how many minutes? ", p.title)],
        p.input,
        p.border,
    )
    .title_bottom(Line::from(Span::styled(" Enter sets · Esc cancels ", p.key)).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    text.render(inner, buf);
}

/// A yes/no question.
pub fn confirm<S: SessionStore>(app: &App<S>, question: &Question, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let text = question.text();
    let w = 60.min(area.width);
    let lines = wrap(&text, w.saturating_sub(4) as usize, 4);
    let mut body: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(l, p.prompt)))
        .collect();
    if let Question::PasteLines(items) = question {
        for item in items.iter().take(3) {
            body.push(Line::from(Span::styled(
                fit(&format!("• {item}"), w.saturating_sub(4) as usize),
                p.muted,
            )));
        }
        if items.len() > 3 {
            body.push(Line::from(Span::styled(
                format!("… and {} more", items.len() - 3),
                p.muted,
            )));
        }
    }
    let popup = centered(area, w, body.len() as u16 + 2);
    Clear.render(popup, buf);
    let block = popup_block(vec![Span::styled(" Question ", p.title)], p.base, p.warning)
        .title_bottom(Line::from(Span::styled(" Enter/y yes · n no ", p.key)).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(body)
        .alignment(Alignment::Center)
        .render(inner, buf);
}
