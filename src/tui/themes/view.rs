//! The themes view: notes as cards in columns, "Unthemed" first, then each theme with its
//! origin (✎ person / ≈ suggested), count and dots; the progress of a clustering run; and what
//! is being moved or merged. Its pop-ups are in [`crate::tui::screens::theme_popups`].

use crate::export::plural;
use crate::model::{NoteId, Origin, Session, Theme};
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::screens::Drawn;
use crate::tui::themes::{JobKind, Picking};
use crate::tui::widgets::card::CARD_HEIGHT;
use crate::tui::widgets::card_column::{CardColumn, Columns};
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Narrowest a theme's column gets before columns scroll sideways.
pub const MIN_COLUMN_WIDTH: u16 = 24;

/// How a theme's origin is shown: a symbol and a word, never colour alone.
pub fn origin_label(origin: Origin) -> &'static str {
    match origin {
        Origin::Person => "✎ person",
        Origin::Suggested => "≈ suggested",
    }
}

pub(super) fn line(area: Rect, spans: Vec<Span<'_>>, style: Style, buf: &mut Buffer) {
    Paragraph::new(Line::from(spans))
        .style(style)
        .render(area, buf);
}

/// «label».
pub(super) fn quote(label: &str) -> String {
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
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(*area);
            line(top, spans, style, buf);
            *area = rest;
        }
    };

    if let Some(job) = &t.job {
        let pct = (job.fraction() * 100.0).round() as usize;
        let (head, tail) = match job.kind {
            JobKind::Suggest(_) => (
                format!(" Suggesting themes {pct:>3}% "),
                format!(" {} · Esc stops it ", job.stage()),
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
    let shown = Columns::fit(area, columns.len(), MIN_COLUMN_WIDTH, t.cursor.0);
    let (left, n_visible) = (shown.left, shown.areas.len());
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
    drawn.rows_visible = rows.max(1);
    // What is being carried, then what is marked, named on the cards' bottom border.
    let carried: &[NoteId] = match &t.picking {
        Some(Picking::Notes(n)) => n,
        _ => &[],
    };
    let badges: Vec<(NoteId, &'static str)> = carried
        .iter()
        .map(|&id| (id, "⇄ moving"))
        .chain(t.marked.iter().map(|&id| (id, "✓ marked")))
        .collect();

    for (slot, ci, col_area) in shown.iter() {
        let column = &columns[ci];
        let w = col_area.width;
        let is_cursor = ci == t.cursor.0;
        let theme: Option<&Theme> = column.theme.and_then(|id| session.theme(id));
        let count = column.notes.len();

        // Heading, line 1: the label (selected column marked with ▶ and, when carrying
        // something, ▼ where it would go).
        let mut head = Vec::new();
        if let Some(hidden) = shown.hidden_left(slot) {
            head.push(Span::styled(hidden, p.muted));
        }
        let mark = match (is_cursor, t.picking.is_some()) {
            (true, true) => "▼ ",
            (true, false) => "▶ ",
            _ => "",
        };
        let label = theme.map_or("Unthemed", |t| t.label.as_str());
        let right_more = shown.hidden_right(slot);
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
        let info = Span::styled(
            fit(&info, (w as usize).saturating_sub(1)),
            if is_cursor { p.key } else { p.muted },
        );
        drawn.hits.push((
            Rect {
                height: 2,
                ..col_area
            },
            Target::ThemeColumn(ci),
        ));

        // What is scrolled out of sight shows above and below this column's cards.
        let hits = CardColumn {
            session,
            palette: p,
            heading: vec![Line::from(head), Line::from(info)],
            notes: &column.notes,
            top,
            rows,
            card_h,
            selected: if is_cursor && t.picking.is_none() {
                column.notes.get(t.cursor.1).map(|&i| session.notes[i].id)
            } else {
                None
            },
            more: scrolls.then_some(if is_cursor { p.key } else { p.muted }),
            empty: Span::styled(fit(" no notes: m moves notes here", w as usize), p.muted),
            badges: &badges,
            face_down: app.face_down(),
            show_sensitive: app.board.show_sensitive,
        }
        .render(col_area, buf);
        drawn
            .hits
            .extend(hits.into_iter().map(|(r, id)| (r, Target::Card(id))));
    }
}
