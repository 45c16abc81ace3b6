//! The pop-ups of the themes and voting views: suggestions before they are applied, the
//! warning before accepting all, naming a theme, and similar notes.

use crate::export::plural;
use crate::model::NoteId;
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::palette::Palette;
use crate::tui::screens::themes::{line, quote};
use crate::tui::screens::{Drawn, centered};
use crate::tui::themes::{Naming, Preview, ThemesOverlay};
use crate::tui::widgets::card::{table_marker, visible_text};
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;

/// Draws a pop-up of the themes or voting view.
pub fn overlay<S: SessionStore>(
    app: &App<S>,
    overlay: &ThemesOverlay,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    match overlay {
        ThemesOverlay::Preview(preview) => self::preview(app, preview, area, buf, drawn),
        ThemesOverlay::ConfirmAccept { lines, .. } => confirm(app, lines, area, buf),
        ThemesOverlay::Prompt { naming, text } => prompt(app, naming, text, area, buf),
        ThemesOverlay::Similar {
            note,
            list,
            selected,
        } => similar(app, *note, list, *selected, area, buf, drawn),
    }
}

/// The body of the screen (between the header and the three bottom lines), where pop-ups that
/// keep the footer visible go.
fn body_of(area: Rect) -> Rect {
    if area.height > 8 {
        Rect {
            y: area.y + 1,
            height: area.height - 4,
            ..area
        }
    } else {
        area
    }
}

fn popup_block<'a>(title: String, p: &Palette, border: Style) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(border)
        .style(p.base)
        .title(Span::styled(title, p.title))
}

/// Suggestions before anything is applied: proposed themes with their explanation and each
/// note's similarity, and the offers of new notes to existing themes.
fn preview<S: SessionStore>(
    app: &App<S>,
    preview: &Preview,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let s = &preview.suggestions;
    let popup = body_of(area);
    Clear.render(popup, buf);
    let block = popup_block(
        " Suggested themes — nothing changes until you accept ".into(),
        p,
        p.border.add_modifier(Modifier::BOLD),
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let placed: usize = s.themes.iter().map(|t| t.notes.len()).sum();
    let kept = s
        .kept
        .iter()
        .filter(|id| session.theme(**id).is_some())
        .count();
    let replaces = s
        .replaces
        .iter()
        .filter(|id| session.theme(**id).is_some())
        .count();
    let mut summary = format!(
        "From {}: {} for {}",
        preview.about,
        plural(s.themes.len(), "new theme"),
        plural(placed, "note")
    );
    if !s.offers.is_empty() {
        summary.push_str(&format!(
            " · {} offered to existing themes",
            plural(s.offers.len(), "note")
        ));
    }
    if kept > 0 {
        summary.push_str(&format!(
            " · {} people made, shaped or voted on {} as {} {}",
            plural(kept, "theme"),
            if kept == 1 { "stays" } else { "stay" },
            if kept == 1 { "it" } else { "they" },
            if kept == 1 { "is" } else { "are" },
        ));
    }
    if replaces > 0 {
        summary.push_str(&format!(
            " · accepting all replaces {}",
            plural(replaces, "earlier suggestion")
        ));
    }
    let mut y = inner.y;
    for l in wrap(&summary, inner.width as usize, 2) {
        line(
            Rect {
                y,
                height: 1,
                ..inner
            },
            vec![Span::styled(l, p.prompt)],
            p.base,
            buf,
        );
        y += 1;
    }
    if preview.revision != session.revision {
        line(
            Rect {
                y,
                height: 1,
                ..inner
            },
            vec![Span::styled(
                fit(
                    " The session changed while this ran: notes added since are not in it ",
                    inner.width as usize,
                ),
                p.warning,
            )],
            p.base,
            buf,
        );
        y += 1;
    }
    let rest = Rect {
        y,
        height: (inner.y + inner.height).saturating_sub(y),
        ..inner
    };
    if rest.height < 2 {
        return;
    }
    let rows = preview.rows();
    let (list_area, detail_area) = if rest.width >= 100 {
        let lw = rest.width * 2 / 5;
        (
            Rect { width: lw, ..rest },
            Rect {
                x: rest.x + lw + 1,
                width: rest.width - lw - 1,
                ..rest
            },
        )
    } else {
        let lh = (rows as u16).min(rest.height * 2 / 5).max(1);
        (
            Rect { height: lh, ..rest },
            Rect {
                y: rest.y + lh,
                height: rest.height - lh,
                ..rest
            },
        )
    };

    // The list of proposals.
    let visible = list_area.height as usize;
    let first = Cursor::new(preview.selected, 0).visible_top(visible);
    for (k, i) in (first..rows).take(visible).enumerate() {
        let (count, label) = match s.themes.get(i) {
            Some(t) => (t.notes.len(), t.label.clone()),
            None => (s.offers.len(), "Offers: new notes → existing themes".into()),
        };
        let selected = i == preview.selected;
        let text = format!("{}{count:>4}  {label}", if selected { "▶" } else { " " });
        let row = Rect {
            y: list_area.y + k as u16,
            height: 1,
            ..list_area
        };
        line(
            row,
            vec![Span::styled(
                fit(&text, list_area.width as usize),
                if selected { p.selected } else { p.base },
            )],
            p.base,
            buf,
        );
        drawn.hits.push((row, Target::ListRow(i)));
    }

    // The selected proposal in detail.
    if detail_area.height == 0 {
        return;
    }
    let dw = detail_area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let note_line = |id: NoteId, sim: f32| -> Line<'static> {
        let Some(n) = session.note(id) else {
            return Line::from("");
        };
        let head = format!("{sim:>5.2} ");
        let tail = format!(
            " {} {}",
            n.kind.symbol(),
            visible_text(n, app.board.show_sensitive)
        );
        let room = dw.saturating_sub(width(&head) + 3);
        Line::from(vec![
            Span::styled(head, p.muted),
            table_marker(session.table(n.table), p),
            Span::styled(fit(&tail, room), p.base),
        ])
    };
    match s.themes.get(preview.selected) {
        Some(t) => {
            lines.push(Line::from(Span::styled(fit(&t.label, dw), p.title)));
            if let Some(n) = session.note(t.representative) {
                let typical = format!(
                    "Most typical: {}",
                    visible_text(n, app.board.show_sensitive)
                );
                lines.push(Line::from(Span::styled(fit(&typical, dw), p.base)));
            }
            for l in wrap(&format!("Why: {}", t.why.summary()), dw, 3) {
                lines.push(Line::from(Span::styled(l, p.base)));
            }
            if let Some(step) = t.step.as_deref().and_then(|id| session.framework.step(id)) {
                lines.push(Line::from(Span::styled(
                    fit(&format!("All from: {}", step.title), dw),
                    p.muted,
                )));
            }
            lines.push(Line::from(Span::styled(
                fit(
                    "similarity · table · note (closest to the centre first)",
                    dw,
                ),
                p.muted,
            )));
            for fit_ in &t.notes {
                lines.push(note_line(fit_.note, fit_.similarity));
            }
        }
        None => {
            lines.push(Line::from(Span::styled(
                fit("New notes close to a theme you already have", dw),
                p.title,
            )));
            for o in &s.offers {
                let Some(n) = session.note(o.note) else {
                    continue;
                };
                let to = session
                    .theme(o.theme)
                    .map_or_else(String::new, |t| format!("→ {}", quote(&t.label)));
                // The theme's name is what tells two offers apart: it is never cut. The note
                // gives way, and when too little of it would be left, the name goes below it.
                let head = format!("{:>5.2} ", o.similarity);
                let lead = width(&head) + 3;
                let text = format!(
                    " {} {}",
                    n.kind.symbol(),
                    visible_text(n, app.board.show_sensitive)
                );
                let room = dw.saturating_sub(lead + width(&to) + 1);
                let same_line = room >= 16.min(width(&text)) && room > 0;
                let mut spans = vec![
                    Span::styled(head, p.muted),
                    table_marker(session.table(n.table), p),
                ];
                if same_line {
                    spans.push(Span::styled(fit(&text, room), p.base));
                    spans.push(Span::styled(" ", p.base));
                    spans.push(Span::styled(to, p.base.add_modifier(Modifier::BOLD)));
                    lines.push(Line::from(spans));
                } else {
                    spans.push(Span::styled(fit(&text, dw.saturating_sub(lead)), p.base));
                    lines.push(Line::from(spans));
                    for l in wrap(&to, dw.saturating_sub(lead).max(1), usize::MAX) {
                        lines.push(Line::from(vec![
                            Span::raw(" ".repeat(lead)),
                            Span::styled(l, p.base.add_modifier(Modifier::BOLD)),
                        ]));
                    }
                }
            }
        }
    }
    Paragraph::new(lines).render(detail_area, buf);
}

/// Before "accept all" replaces earlier suggestions or meets themes people made.
fn confirm<S: SessionStore>(app: &App<S>, text: &[String], area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let w = 76.min(area.width);
    let inner_w = w.saturating_sub(4) as usize;
    let mut body: Vec<Line> = Vec::new();
    for (i, t) in text.iter().enumerate() {
        if i > 0 {
            body.push(Line::from(""));
        }
        for l in wrap(t, inner_w, 6) {
            body.push(Line::from(Span::styled(l, p.prompt)));
        }
    }
    let popup = centered(area, w, body.len() as u16 + 2);
    Clear.render(popup, buf);
    let block = popup_block(" Before applying ".into(), p, p.warning)
        .title_bottom(Line::from(Span::styled(" y apply · n back ", p.key)).right_aligned());
    let inner = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(body).render(
        Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        },
        buf,
    );
}

fn prompt<S: SessionStore>(
    app: &App<S>,
    naming: &Naming,
    text: &TextArea<'static>,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let label = |id| {
        app.session()
            .and_then(|s| s.theme(id))
            .map_or_else(String::new, |t| t.label.clone())
    };
    let title = match naming {
        Naming::NewTheme => " New theme: its name ".to_string(),
        Naming::Rename(id) => format!(" Rename «{}» ", label(*id)),
        Naming::Split(notes) => format!(" {} notes into a new theme: its name ", notes.len()),
        Naming::DotsPerTable => " Dots each table gets ".to_string(),
    };
    let popup = centered(area, 60, 3);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.border)
        .style(p.input)
        .title(Span::styled(fit(&title, 58), p.title))
        .title_bottom(
            Line::from(Span::styled(" Enter saves · Esc cancels ", p.key)).right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    text.render(inner, buf);
}

#[allow(clippy::too_many_arguments)]
fn similar<S: SessionStore>(
    app: &App<S>,
    note: NoteId,
    list: &[(NoteId, f32)],
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let popup = centered(
        body_of(area),
        (area.width * 9 / 10).max(40),
        list.len() as u16 + 4,
    );
    Clear.render(popup, buf);
    let text = session
        .note(note)
        .map_or("", |n| visible_text(n, app.board.show_sensitive));
    let block = popup_block(
        fit(
            &format!(" Notes like #{}: “{text}” ", note.0),
            popup.width.saturating_sub(4) as usize,
        ),
        p,
        p.border.add_modifier(Modifier::BOLD),
    );
    let inner = block.inner(popup);
    block.render(popup, buf);
    if inner.height == 0 {
        return;
    }
    let w = inner.width as usize;
    line(
        Rect { height: 1, ..inner },
        vec![Span::styled(
            fit("similarity · table · note · its theme", w),
            p.muted,
        )],
        p.base,
        buf,
    );
    let visible = inner.height.saturating_sub(1) as usize;
    let first = Cursor::new(selected, 0).visible_top(visible);
    for (k, i) in (first..list.len()).take(visible).enumerate() {
        let (id, sim) = list[i];
        let Some(n) = session.note(id) else {
            continue;
        };
        let theme = n.theme.and_then(|t| session.theme(t)).map_or_else(
            || " (unthemed)".to_string(),
            |t| format!(" in «{}»", t.label),
        );
        let is_sel = i == selected;
        let style = if is_sel { p.selected } else { p.base };
        let head = format!("{}{sim:>5.2} ", if is_sel { "▶" } else { " " });
        let tail = format!(
            " {} {}{theme}",
            n.kind.symbol(),
            visible_text(n, app.board.show_sensitive)
        );
        let row = Rect {
            y: inner.y + 1 + k as u16,
            height: 1,
            ..inner
        };
        line(
            row,
            vec![
                Span::styled(head.clone(), style),
                table_marker(session.table(n.table), p),
                Span::styled(fit(&tail, w.saturating_sub(width(&head) + 3)), style),
            ],
            p.base,
            buf,
        );
        drawn.hits.push((row, Target::ListRow(i)));
    }
}
