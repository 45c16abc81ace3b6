//! The themes view: notes as cards in columns, "Unthemed" first, then each theme with its
//! origin (✎ person / ≈ suggested), count and dots; the progress of a clustering run; and the
//! pop-ups: suggestions before they are applied, the warning before accepting all, naming a
//! theme, and similar notes.

use super::board::visible_start;
use super::{Drawn, centered};
use crate::export::plural;
use crate::model::{NoteId, Origin, Session, Theme};
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::palette::Palette;
use crate::tui::themes::{JobKind, Naming, Picking, Preview, ThemesOverlay};
use crate::tui::widgets::card::{CARD_HEIGHT, Card, table_marker, visible_text};
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use ratatui_textarea::TextArea;

/// Narrowest a theme's column gets before columns scroll sideways.
pub const MIN_COLUMN_WIDTH: u16 = 24;

/// How a theme's origin is shown: a symbol and a word, never colour alone.
pub fn origin_label(origin: Origin) -> &'static str {
    match origin {
        Origin::Person => "✎ person",
        Origin::Suggested => "≈ suggested",
    }
}

fn line(area: Rect, spans: Vec<Span<'_>>, style: Style, buf: &mut Buffer) {
    Paragraph::new(Line::from(spans))
        .style(style)
        .render(area, buf);
}

/// «label».
fn quote(label: &str) -> String {
    format!("«{label}»")
}

/// A banner of at most `w` columns: `parts` (words at even positions, names at odd ones) then
/// the `hints` that fit. Room goes to the names first: hints are dropped, then the first name
/// is shortened, and the last name only when nothing else is left to shorten.
fn named_banner(parts: &[&str], hints: &[&str], w: usize) -> String {
    let core_w: usize = parts.iter().map(|p| width(p)).sum::<usize>() + 2;
    let mut out = String::from(" ");
    if core_w <= w {
        out.extend(parts.iter().copied());
        let mut used = core_w;
        for hint in hints {
            let add = width(hint) + 3;
            if used + add > w {
                break;
            }
            out.push_str(" · ");
            out.push_str(hint);
            used += add;
        }
        out.push(' ');
        return out;
    }
    // Shorten names, the first ones first, down to a few letters each.
    let mut over = core_w - w;
    let names: Vec<usize> = (1..parts.len()).step_by(2).collect();
    let mut shown: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    for &i in &names {
        if over == 0 {
            break;
        }
        let now = width(parts[i]);
        let keep = now.saturating_sub(over).max(4.min(now));
        shown[i] = fit(parts[i], keep);
        over = over.saturating_sub(now - width(&shown[i]));
    }
    out.extend(shown.iter().map(String::as_str));
    fit(&out, w)
}

/// A one-line bar: `filled` of `total` cells.
fn bar(filled: usize, total: usize) -> String {
    let filled = filled.min(total);
    format!("{}{}", "█".repeat(filled), "░".repeat(total - filled))
}

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let t = &app.themes;
    let mut area = area;
    let mut banner = |spans: Vec<Span<'static>>, style: Style, area: &mut Rect| {
        if area.height > 3 {
            line(Rect { height: 1, ..*area }, spans, style, buf);
            area.y += 1;
            area.height -= 1;
        }
    };

    if let Some(job) = &t.job {
        let pct = (job.fraction() * 100.0).round() as usize;
        let (head, tail) = match job.kind {
            JobKind::Suggest => (
                format!(" Suggesting themes {pct:>3}% "),
                format!(" {} · Esc stops waiting ", job.stage()),
            ),
            JobKind::Similar(_) => (format!(" {pct:>3}% "), format!(" {}… ", job.stage())),
        };
        let bar_w = (area.width as usize / 4).clamp(4, 30);
        let filled = bar_w * pct / 100;
        let room = (area.width as usize).saturating_sub(width(&head) + bar_w);
        banner(
            vec![
                Span::styled(head, p.prompt),
                Span::styled(bar(filled, bar_w), p.key),
                Span::styled(fit(&tail, room), p.base),
            ],
            p.base,
            &mut area,
        );
    } else if t.ready.is_some() {
        banner(
            vec![Span::styled(
                " Suggested themes are ready: g shows them (nothing has changed yet) ",
                p.selected,
            )],
            p.base,
            &mut area,
        );
    }
    let cursor_theme = t
        .index
        .columns
        .get(t.cursor.0)
        .and_then(|c| c.theme)
        .and_then(|id| session.theme(id));
    match &t.picking {
        Some(Picking::Notes(notes)) => {
            let target = cursor_theme.map_or_else(|| "Unthemed".to_string(), |t| quote(&t.label));
            let what = match notes.as_slice() {
                [one] => format!("#{}", one.0),
                _ => format!("{} notes", notes.len()),
            };
            let text = named_banner(
                &[&format!("Moving {what} → "), &target],
                &["←/→ choose", "Enter puts it here", "Esc cancels"],
                area.width as usize,
            );
            banner(vec![Span::styled(text, p.selected)], p.base, &mut area);
        }
        Some(Picking::Theme(from)) => {
            let label = quote(session.theme(*from).map_or("", |t| t.label.as_str()));
            let text = match cursor_theme.filter(|t| t.id != *from) {
                Some(into) => named_banner(
                    &["Merging ", &label, " into ", &quote(&into.label)],
                    &["←/→ choose", "Enter merges", "Esc cancels"],
                    area.width as usize,
                ),
                None => named_banner(
                    &["Merging ", &label, " into…"],
                    &["←/→ choose a theme", "Enter merges", "Esc cancels"],
                    area.width as usize,
                ),
            };
            banner(vec![Span::styled(text, p.selected)], p.base, &mut area);
        }
        None if !t.marked.is_empty() => banner(
            vec![Span::styled(
                fit(
                    &format!(
                        " {} marked · Space marks and moves down · m moves them · S makes them a new theme · Esc clears ",
                        t.marked.len()
                    ),
                    area.width as usize,
                ),
                p.selected,
            )],
            p.base,
            &mut area,
        ),
        None => {}
    }
    columns(app, session, area, buf, drawn);
}

fn columns<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let t = &app.themes;
    let columns = &t.index.columns;
    if columns.is_empty() || area.height < 3 || area.width < 4 {
        return;
    }
    let n_visible = ((area.width / MIN_COLUMN_WIDTH).max(1) as usize).min(columns.len());
    let left = visible_start(0, t.cursor.0, n_visible);
    let col_w = area.width / n_visible as u16;
    let longest = columns[left..left + n_visible]
        .iter()
        .map(|c| c.notes.len())
        .max()
        .unwrap_or(0)
        .max(1);
    // Cards shrink (down to 4 rows) to show more of the longest column; when some column
    // still does not fit, a row above and a row below the cards say how many are hidden.
    let layout = |cards_h: u16| {
        let card_h = (cards_h / longest.min(u16::MAX as usize) as u16).clamp(4, CARD_HEIGHT + 1);
        (card_h, (cards_h / card_h) as usize)
    };
    let (mut card_h, mut rows) = layout(area.height.saturating_sub(2));
    let scrolls = longest > rows;
    if scrolls {
        (card_h, rows) = layout(area.height.saturating_sub(4));
    }
    let cards_y = area.y + 2 + u16::from(scrolls);
    drawn.rows_visible = rows.max(1);
    let carried: Vec<NoteId> = match &t.picking {
        Some(Picking::Notes(n)) => n.clone(),
        _ => Vec::new(),
    };

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
        let is_cursor = ci == t.cursor.0;
        let theme: Option<&Theme> = column.theme.and_then(|id| session.theme(id));
        let count = column.notes.len();

        // Heading, line 1: the label (selected column marked with ▶ and, when carrying
        // something, ▼ where it would go).
        let mut head = Vec::new();
        if slot == 0 && left > 0 {
            head.push(Span::styled(format!("◀{left} "), p.muted));
        }
        let mark = match (is_cursor, t.picking.is_some()) {
            (true, true) => "▼ ",
            (true, false) => "▶ ",
            _ => "",
        };
        let label = theme.map_or("Unthemed", |t| t.label.as_str());
        let right_more = if slot + 1 == n_visible && left + n_visible < columns.len() {
            format!(" {}▶", columns.len() - left - n_visible)
        } else {
            String::new()
        };
        let used: usize = head.iter().map(|s| width(&s.content)).sum();
        let room = (w as usize).saturating_sub(used + width(&right_more) + 1);
        head.push(Span::styled(
            fit(&format!("{mark}{label}"), room),
            if is_cursor {
                p.selected
            } else {
                p.base.add_modifier(Modifier::BOLD)
            },
        ));
        head.push(Span::styled(right_more, p.muted));
        line(
            Rect {
                height: 1,
                ..col_area
            },
            head,
            p.base,
            buf,
        );

        // Line 2: origin, count, dots.
        let top = t.visible_top(ci, rows);
        let info = match theme {
            Some(th) => {
                let dots = session.theme_dots(th.id);
                format!(
                    "{} · {} · {}",
                    plural(count, "note"),
                    plural(dots as usize, "dot"),
                    origin_label(th.origin)
                )
            }
            None => format!("{} · not in a theme", plural(count, "note")),
        };
        line(
            Rect {
                y: col_area.y + 1,
                height: 1,
                ..col_area
            },
            vec![Span::styled(
                fit(&info, (w as usize).saturating_sub(1)),
                if is_cursor { p.key } else { p.muted },
            )],
            p.base,
            buf,
        );
        drawn.hits.push((
            Rect {
                height: 2,
                ..col_area
            },
            Target::ThemeColumn(ci),
        ));

        // What is scrolled out of sight, above and below this column's cards.
        let below = count.saturating_sub(top + rows);
        for (hidden, y, arrow) in [
            (top, col_area.y + 2, "↑"),
            (below, cards_y + (rows as u16) * card_h, "↓"),
        ] {
            if hidden > 0 && y < col_area.y + col_area.height {
                line(
                    Rect {
                        y,
                        height: 1,
                        ..col_area
                    },
                    vec![Span::styled(
                        fit(
                            &format!(" {arrow} {hidden} more"),
                            (w as usize).saturating_sub(1),
                        ),
                        if is_cursor { p.key } else { p.muted },
                    )],
                    p.base,
                    buf,
                );
            }
        }
        if count == 0 && rows > 0 {
            line(
                Rect {
                    y: cards_y,
                    height: 1,
                    ..col_area
                },
                vec![Span::styled(
                    fit(" no notes: m moves notes here", w as usize),
                    p.muted,
                )],
                p.base,
                buf,
            );
        }
        for (r, &i) in column.notes.iter().enumerate().skip(top).take(rows) {
            let note = &session.notes[i];
            let y = cards_y + ((r - top) as u16) * card_h;
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
                selected: is_cursor && r == t.cursor.1 && t.picking.is_none(),
                face_down: app.face_down,
                show_sensitive: app.show_sensitive,
            }
            .render(card_area, buf);
            let marked = t.marked.contains(&note.id) || carried.contains(&note.id);
            if marked && card_area.width > 12 {
                let text = if carried.contains(&note.id) {
                    "⇄ moving"
                } else {
                    "✓ marked"
                };
                buf.set_string(
                    card_area.x + 1,
                    card_area.y + card_area.height - 1,
                    text,
                    p.selected,
                );
            }
            drawn.hits.push((card_area, Target::Card(note.id)));
        }
    }
}

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
        "{} for {}",
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
    let first = visible_start(0, preview.selected, visible);
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
            visible_text(n, app.show_sensitive)
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
                    visible_text(n, app.show_sensitive)
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
        .map_or("", |n| visible_text(n, app.show_sensitive));
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
    let first = visible_start(0, selected, visible);
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
            visible_text(n, app.show_sensitive)
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
