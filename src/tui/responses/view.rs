//! "You said / We did": each note or theme beside what was done about it, filterable by
//! status and owner; statuses are marked by a word and a symbol, not by colour alone.

use crate::model::{Response, ResponseStatus, ResponseTarget, Session};
use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::form::FormKind;
use crate::tui::responses::SaidRow;
use crate::tui::screens::outcomes::form;
use crate::tui::widgets::card::{SENSITIVE_HIDDEN, table_marker};
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// A status as a symbol and a word.
pub fn status_mark(status: ResponseStatus) -> String {
    let symbol = match status {
        ResponseStatus::Open => "○",
        ResponseStatus::InProgress => "◐",
        ResponseStatus::Done => "●",
    };
    format!("{symbol} {}", status.label())
}

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    if let Some(f) = &app.outcomes.form {
        let FormKind::Response { id, target, new } = f.kind else {
            return;
        };
        let title = if new {
            "New response".to_string()
        } else {
            format!("Editing response #{}", id.0)
        };
        let mut intro = vec![Line::from(Span::styled("You said:", p.title))];
        let said = said_lines(
            app,
            session,
            target,
            area.width.saturating_sub(2) as usize,
            3,
        );
        intro.extend(said);
        intro.push(Line::from(""));
        form(app, f, &title, intro, area, buf);
        return;
    }
    if area.height < 3 || area.width < 10 {
        return;
    }
    let said = &app.outcomes.said;
    let w = area.width as usize;
    // Filters.
    let owner = said.owner_filter();
    let owner_text = if said.typing_owner {
        format!("“{owner}▏” (Enter keeps, Esc drops)")
    } else if owner.is_empty() {
        "any".into()
    } else {
        format!("“{owner}”")
    };
    let bar = vec![
        Span::styled("Status: ", p.base),
        Span::styled(said.status.label(), p.key),
        Span::styled(" (f) · Owner: ", p.base),
        Span::styled(
            owner_text,
            if said.typing_owner { p.selected } else { p.key },
        ),
        Span::styled(
            format!(" (o) · {} of {} rows", said.rows.len(), said.total),
            p.base,
        ),
    ];
    let [bar_area, heads, rows_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(Line::from(bar)).render(bar_area, buf);
    let left_w = (area.width.saturating_sub(3)) / 2;
    let right_x = area.x + left_w + 3;
    let right_w = area.width.saturating_sub(left_w + 3);
    Paragraph::new(Line::from(vec![
        Span::styled(
            format!("{:<width$}", "You said", width = left_w as usize + 1),
            p.title,
        ),
        Span::styled("│ ", p.border),
        Span::styled("We did", p.title),
    ]))
    .render(heads, buf);
    if said.rows.is_empty() {
        let text = if said.total == 0 {
            "No notes or themes yet: responses are written to what the room said."
        } else {
            "No rows match these filters: c clears them."
        };
        Paragraph::new(Line::from(Span::styled(fit(text, w), p.muted))).render(rows_area, buf);
        return;
    }
    let row_h: u16 = if rows_area.height >= 30 { 3 } else { 2 };
    let per_page = (rows_area.height / row_h).max(1) as usize;
    let first = (said.cursor / per_page) * per_page;
    for (slot, row) in said.rows.iter().enumerate().skip(first).take(per_page) {
        let y = rows_area.y + ((slot - first) as u16) * row_h;
        if y + row_h > rows_area.y + rows_area.height {
            break;
        }
        let selected = slot == said.cursor;
        let left = Rect::new(area.x, y, left_w + 1, row_h);
        let sep = Rect::new(area.x + left_w + 1, y, 2, row_h);
        let right = Rect::new(right_x, y, right_w, row_h);
        let mut said_text = said_lines(app, session, row.target, left_w as usize, row_h as usize);
        if let Some(first_line) = said_text.first_mut() {
            let mark = if selected {
                Span::styled("▶", p.selected)
            } else {
                Span::styled(" ", p.base)
            };
            first_line.spans.insert(0, mark);
        }
        Paragraph::new(said_text).render(left, buf);
        let bars: Vec<Line> = (0..row_h)
            .map(|_| Line::from(Span::styled("│", p.border)))
            .collect();
        Paragraph::new(bars).render(sep, buf);
        Paragraph::new(did_lines(
            app,
            session,
            *row,
            selected,
            right_w as usize,
            row_h as usize,
        ))
        .render(right, buf);
    }
}

fn is_hidden<S: SessionStore>(app: &App<S>, session: &Session, target: ResponseTarget) -> bool {
    match target {
        ResponseTarget::Note(id) => session
            .note(id)
            .is_some_and(|n| n.sensitive && !app.board.show_sensitive),
        ResponseTarget::Theme(_) => false,
    }
}

/// The "You said" side: the note with its table's letter and colour and its kind's symbol, or
/// the theme with its counts. A sensitive note shows "sensitive — hidden" until revealed.
fn said_lines<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    target: ResponseTarget,
    w: usize,
    h: usize,
) -> Vec<Line<'static>> {
    let p = &app.palette;
    let (lead, text, style): (Vec<Span<'static>>, String, _) = match target {
        ResponseTarget::Note(id) => match session.note(id) {
            Some(note) => {
                let table = session.table(note.table);
                let lead = vec![
                    table_marker(table, p),
                    Span::styled(format!(" {} ", note.kind.symbol()), p.base),
                ];
                if is_hidden(app, session, target) {
                    (
                        lead,
                        SENSITIVE_HIDDEN.to_string(),
                        p.muted.add_modifier(Modifier::ITALIC),
                    )
                } else {
                    (lead, note.text.clone(), p.base)
                }
            }
            None => (Vec::new(), format!("{id} (deleted)"), p.muted),
        },
        ResponseTarget::Theme(id) => match session.theme(id) {
            Some(theme) => {
                let notes = session.notes.iter().filter(|n| n.theme == Some(id)).count();
                (
                    vec![Span::styled(" ◎ theme: ", p.prompt)],
                    format!(
                        "{} · {} · {}",
                        theme.label,
                        crate::export::plural(notes, "note"),
                        crate::export::plural(session.theme_dots(id) as usize, "dot")
                    ),
                    p.base.add_modifier(Modifier::BOLD),
                )
            }
            None => (Vec::new(), format!("{id} (dissolved)"), p.muted),
        },
    };
    let lead_w: usize = lead.iter().map(|s| width(&s.content)).sum::<usize>() + 1;
    let text_w = w.saturating_sub(lead_w).max(1);
    let indent = " ".repeat(lead_w.min(w));
    wrap(&text, text_w, h)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let mut spans = if i == 0 {
                lead.clone()
            } else {
                vec![Span::styled(indent.clone(), p.base)]
            };
            spans.push(Span::styled(l, style));
            Line::from(spans)
        })
        .collect()
}

/// The "We did" side: status (symbol and word), type and owner, then the text.
fn did_lines<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    row: SaidRow,
    selected: bool,
    w: usize,
    h: usize,
) -> Vec<Line<'static>> {
    let p = &app.palette;
    let Some(response) = row.response.map(|i| &session.responses[i]) else {
        let hint = if selected {
            "no response yet — Enter writes one"
        } else {
            "no response yet"
        };
        return vec![Line::from(Span::styled(
            fit(hint, w),
            p.muted.add_modifier(Modifier::ITALIC),
        ))];
    };
    let Response {
        kind,
        text,
        owner,
        status,
        ..
    } = response;
    let status_style = match status {
        ResponseStatus::Done => p.ok.add_modifier(Modifier::BOLD),
        ResponseStatus::InProgress => p.key.add_modifier(Modifier::BOLD),
        ResponseStatus::Open => p.base.add_modifier(Modifier::BOLD),
    };
    let mark = format!("[{}] ", status_mark(*status));
    let owner = if owner.trim().is_empty() {
        "owner not set".to_string()
    } else {
        owner.trim().to_string()
    };
    let rest = format!("{} · {owner}", kind.label());
    let mut lines = vec![Line::from(vec![
        Span::styled(fit(&mark, w), status_style),
        Span::styled(
            fit(&rest, w.saturating_sub(width(&mark))),
            if selected {
                p.base.add_modifier(Modifier::BOLD)
            } else {
                p.muted
            },
        ),
    ])];
    if h > 1 {
        let (text, style) = if is_hidden(app, session, row.target) {
            (
                "hidden with the sensitive note (s shows it)".to_string(),
                p.muted.add_modifier(Modifier::ITALIC),
            )
        } else {
            (text.clone(), p.base)
        };
        for l in wrap(&text, w, h - 1) {
            lines.push(Line::from(Span::styled(l, style)));
        }
    }
    lines
}
