//! The step view, made to be projected: the step's title in big letters, the big timer, where
//! we are in the agenda, the prompt for the room, the facilitator's guidance (toggled), and the
//! notes written so far for this step (or, at the themes and recommendations steps, their
//! content: see [`crate::tui::screens::step_content`]). When the screen is small (a zoomed terminal) the
//! title and timer give way first, so that the whole prompt and whole notes still show.

use crate::model::{Change, Note};
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::screens::{Drawn, step_content};
use crate::tui::widgets::card::{marks, table_marker, visible_text};
use crate::tui::widgets::timer::TimerView;
use crate::tui::widgets::{big, fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use tui_big_text::PixelSize;

/// Rows the notes keep at least, below the prompt, when the step has notes.
const NOTES_MIN: u16 = 8;

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    if area.height < 3 {
        return;
    }
    let p = &app.palette;
    let steps = &session.framework.steps;
    let step = &steps[app.step.min(steps.len() - 1)];
    let [_, inner, _] = Layout::horizontal([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let bottom = area.y + area.height;
    let w = inner.width as usize;

    // What must fit below the title: the agenda, the whole prompt, the guidance when shown, and
    // some notes. The title and the timer are drawn big only when all of that still fits.
    let prompt = step.prompt.trim();
    let prompt_h = if prompt.is_empty() {
        0
    } else {
        wrap(prompt, w, usize::MAX).len() as u16 + 1
    };
    let guidance = if app.show_guidance && !step.guidance.is_empty() {
        wrap(&step.guidance, w.saturating_sub(2), 5)
    } else {
        Vec::new()
    };
    let guidance_h = if guidance.is_empty() {
        0
    } else {
        guidance.len() as u16 + 2
    };
    let content = step_content::shows_content(step.kind);
    let has_notes = if content {
        step_content::has_content(app, step.kind)
    } else {
        !app.board.index.step_notes.is_empty() || app.pending().next().is_some()
    };
    // A step's content (themes, recommendations) is what the room reads there: more room.
    let notes_min = match (has_notes, content) {
        (false, _) => 2,
        (true, false) => NOTES_MIN,
        (true, true) => NOTES_MIN + 4,
    };
    let below = |timer_inline: bool| {
        agenda_rows(app, steps.len(), w, timer_inline) + 1 + prompt_h + guidance_h + notes_min
    };

    let wide_timer: u16 = if inner.width >= 110 {
        46
    } else if inner.width >= 64 {
        26
    } else {
        0
    };
    let top_h = (area.height / 2).clamp(2, 10);
    let title_area = Rect {
        y: inner.y + 1,
        height: top_h.saturating_sub(1),
        width: inner
            .width
            .saturating_sub(wide_timer + u16::from(wide_timer > 0)),
        ..inner
    };
    let timer_area = Rect {
        x: inner.x + inner.width - wide_timer,
        y: inner.y,
        width: wide_timer,
        height: top_h.min(6),
    };
    let big_end =
        (title_area.y + big::height(&step.title, title_area).max(1)).max(if wide_timer > 0 {
            timer_area.y + timer_area.height
        } else {
            0
        });
    let big_top = big_end + below(wide_timer == 0) <= bottom;
    let timer_w = if big_top { wide_timer } else { 0 };

    // Title and timer side by side (or the title in bold, the timer in the agenda line).
    let mut y = if big_top {
        big::render(&step.title, p.title, Alignment::Left, title_area, buf);
        if timer_w > 0 {
            TimerView {
                reading: app.timer.reading(app.now),
                running: app.timer.is_running(),
                finished: app.time_is_up(),
                flash: app.now.as_secs().is_multiple_of(2),
                bell: app.bell,
                palette: p,
            }
            .render(timer_area, buf);
        }
        big_end
    } else {
        let lines = wrap(&step.title, w, 2);
        let h = (lines.len() as u16).min(bottom.saturating_sub(inner.y + 1));
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.title.add_modifier(Modifier::BOLD))))
                .collect::<Vec<_>>(),
        )
        .render(
            Rect {
                y: inner.y + 1,
                height: h,
                ..inner
            },
            buf,
        );
        inner.y + 1 + h
    };
    if app.time_is_up() {
        let text = format!(" TIME  {} ", app.timer.reading(app.now).text());
        let style = if app.now.as_secs().is_multiple_of(2) {
            p.signal
        } else {
            p.signal.add_modifier(Modifier::REVERSED)
        };
        let pad = (area.width as usize).saturating_sub(width(&text)) / 2;
        let line = format!("{}{text}{}", "█".repeat(pad), "█".repeat(pad));
        Paragraph::new(Line::from(Span::styled(
            fit(&line, area.width as usize),
            style,
        )))
        .render(Rect { height: 1, ..area }, buf);
    }

    // Where we are in the agenda, with clickable steps.
    if y < bottom {
        y += agenda(app, timer_w == 0, inner, y, bottom, buf, drawn) + 1;
    }

    // The question for the room: whole, in big letters when that leaves the notes their room.
    if y < bottom && !prompt.is_empty() {
        let left = bottom - y;
        let reserve = guidance_h + if has_notes { (left / 2).max(8) } else { 3 };
        // At most three lines of big letters: a longer question reads better as text.
        let big_area = Rect {
            y,
            height: left.saturating_sub(reserve).min(12),
            ..inner
        };
        // Never bigger than the title (the smaller size when the title is not big).
        let largest = big::layout(&step.title, title_area)
            .filter(|_| big_top)
            .map_or(PixelSize::Quadrant, |(size, _, _)| size);
        let used = if big::layout_at_most(prompt, big_area, largest).is_some() {
            big::render_at_most(prompt, p.prompt, Alignment::Left, big_area, buf, largest)
        } else {
            let lines = wrap(prompt, w, left as usize);
            let h = lines.len() as u16;
            Paragraph::new(
                lines
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, p.prompt)))
                    .collect::<Vec<_>>(),
            )
            .render(
                Rect {
                    height: h,
                    ..big_area
                },
                buf,
            );
            h
        };
        y = (y + used + 1).min(bottom);
    }

    // The facilitator's guidance, only when asked for.
    if !guidance.is_empty() && y + 3 <= bottom {
        let block = Block::bordered()
            .title(Span::styled(
                " Facilitator only — f hides ",
                p.guidance.add_modifier(Modifier::BOLD),
            ))
            .border_style(p.border)
            .style(p.base);
        let box_area = Rect {
            y,
            height: guidance_h.min(bottom - y),
            ..inner
        };
        let text_area = block.inner(box_area);
        block.render(box_area, buf);
        Paragraph::new(
            guidance
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.guidance)))
                .collect::<Vec<_>>(),
        )
        .render(text_area, buf);
        y += box_area.height;
    }

    if y < bottom {
        let rest = Rect {
            y,
            height: bottom - y,
            ..inner
        };
        if content {
            step_content::render(app, step.kind, app.board.index.step_notes.len(), rest, buf);
        } else {
            notes(app, rest, buf, drawn);
        }
    }
}

/// "Step 3 of 9 · principle · 15 min" (and the timer when it is not drawn big), then a button
/// for each step: narrower when they do not fit, on a line of their own when still too wide.
fn agenda_text<S: SessionStore>(app: &App<S>, steps: usize, timer_inline: bool) -> String {
    let Some(session) = app.session() else {
        return String::new();
    };
    let step = &session.framework.steps[app.step.min(steps - 1)];
    let minutes = step
        .minutes
        .map(|m| format!(" · {m} min"))
        .unwrap_or_default();
    let timer_text = if timer_inline {
        format!(" · ⏱ {}", app.timer.reading(app.now).text())
    } else {
        String::new()
    };
    // A principle is named by its number too, as the summary and the command line count it.
    let kind = match session.framework.principle_number(&step.id) {
        Some(n) => format!("principle {n}"),
        None => step.kind.label().to_string(),
    };
    format!(
        "Step {} of {steps} · {kind}{minutes}{timer_text}  ",
        app.step + 1
    )
}

/// The width of each step's button, and whether the buttons go on a line of their own.
fn agenda_buttons<S: SessionStore>(
    app: &App<S>,
    steps: usize,
    w: usize,
    timer_inline: bool,
) -> (usize, bool) {
    let mut text = width(&agenda_text(app, steps, timer_inline));
    if timer_inline && app.time_is_up() {
        text += 6;
    }
    let wide = 3 * steps;
    let narrow = if steps < 10 { 2 * steps } else { wide };
    if text + wide <= w {
        (3, false)
    } else if text + narrow <= w {
        (narrow / steps.max(1), false)
    } else {
        (
            if narrow <= w {
                narrow / steps.max(1)
            } else {
                3
            },
            true,
        )
    }
}

/// Rows the agenda takes.
fn agenda_rows<S: SessionStore>(app: &App<S>, steps: usize, w: usize, timer_inline: bool) -> u16 {
    1 + u16::from(agenda_buttons(app, steps, w, timer_inline).1)
}

/// Draws the agenda from row `y`; returns the rows used.
#[allow(clippy::too_many_arguments)]
fn agenda<S: SessionStore>(
    app: &App<S>,
    timer_inline: bool,
    inner: Rect,
    y: u16,
    bottom: u16,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) -> u16 {
    let Some(session) = app.session() else {
        return 0;
    };
    let p = &app.palette;
    let steps = session.framework.steps.len();
    let w = inner.width as usize;
    let (button_w, own_line) = agenda_buttons(app, steps, w, timer_inline);
    let mut spans = vec![Span::styled(
        agenda_text(app, steps, timer_inline),
        p.base.add_modifier(Modifier::BOLD),
    )];
    if timer_inline && app.time_is_up() {
        spans.push(Span::styled(" TIME ", p.signal));
    }
    let mut lines = vec![spans];
    if own_line {
        lines.push(Vec::new());
    }
    let row_y = y + u16::from(own_line);
    let mut x = inner.x
        + if own_line {
            0
        } else {
            lines[0]
                .iter()
                .map(|s| width(&s.content) as u16)
                .sum::<u16>()
        };
    let buttons = lines.last_mut().expect("one line at least");
    for i in 0..steps {
        let label = if button_w == 3 {
            format!(" {} ", i + 1)
        } else {
            format!("{} ", i + 1)
        };
        let bw = width(&label) as u16;
        if x + bw > inner.x + inner.width || row_y >= bottom {
            break;
        }
        drawn
            .hits
            .push((Rect::new(x, row_y, bw, 1), Target::Step(i)));
        let style = if i == app.step {
            p.selected
        } else if i < app.step {
            p.muted
        } else {
            p.base
        };
        buttons.push(Span::styled(label, style));
        x += bw;
    }
    let rows = (lines.len() as u16).min(bottom - y);
    for (k, spans) in lines.into_iter().enumerate().take(rows as usize) {
        Paragraph::new(Line::from(spans)).render(
            Rect {
                y: y + k as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
    rows
}

/// The notes written for this step, newest at the bottom; face down, only counts per table.
fn notes<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let list = &app.board.index.step_notes;
    let pending: Vec<&Note> = app
        .pending()
        .filter_map(|c| match c {
            Change::AddNote(n) => Some(n),
            _ => None,
        })
        .collect();
    let heading = format!(
        "Notes for this step: {}{}",
        list.len(),
        if app.face_down() {
            " · face down until revealed (v reveals)"
        } else {
            ""
        }
    );
    Paragraph::new(Line::from(Span::styled(
        heading,
        p.muted.add_modifier(Modifier::BOLD),
    )))
    .render(Rect { height: 1, ..area }, buf);
    let rows = area.height.saturating_sub(1) as usize;
    if rows == 0 {
        return;
    }
    let body = Rect {
        y: area.y + 1,
        height: rows as u16,
        ..area
    };
    if app.face_down() {
        let mut lines = Vec::new();
        for (c, table) in app
            .board
            .index
            .columns
            .iter()
            .zip(&session.tables)
            .filter(|(c, _)| c.table.is_some())
        {
            let _ = c;
            let count = list
                .iter()
                .filter(|&&i| session.notes[i].table == table.id)
                .count();
            lines.push(Line::from(vec![
                table_marker(Some(table), p),
                Span::styled(format!(" {} ", "▮".repeat(count.min(40))), p.face_down),
                Span::styled(format!(" {count}"), p.base.add_modifier(Modifier::BOLD)),
            ]));
        }
        Paragraph::new(lines).render(body, buf);
        return;
    }
    if list.is_empty() && pending.is_empty() {
        let empty = if app.read_only() {
            "No notes at this step (read-only: nothing can be added here)."
        } else {
            "No notes yet. Press a to add one; Enter saves each note."
        };
        Paragraph::new(Line::from(Span::styled(empty, p.muted))).render(body, buf);
        return;
    }
    // Notes waiting for the disk are never scrolled out of sight: they keep the bottom rows (up
    // to half of them, newest last), with a line counting any that do not fit. The saved notes
    // fill the rows above: the end of the list, or around the selection.
    let step_id = session.framework.steps[app.step.min(session.framework.steps.len() - 1)]
        .id
        .as_str();
    let elsewhere = pending.iter().filter(|n| n.step != step_id).count();
    let pending: Vec<&Note> = pending.into_iter().filter(|n| n.step == step_id).collect();
    let saved = list.len();
    let total = saved + pending.len();
    let selected_at = app
        .selected
        .and_then(|id| list.iter().position(|&i| session.notes[i].id == id));
    let entry = |k: usize| -> (&Note, bool) {
        if k < saved {
            (&session.notes[list[k]], false)
        } else {
            (pending[k - saved], true)
        }
    };
    // Columns before the text: selection mark, table marker, kind symbol ("▶ A  ? ").
    let lead_of = |note: &Note| 1 + width(&table_marker(session.table(note.table), p).content) + 3;
    let lines_of = |k: usize| -> (Vec<String>, String) {
        let (note, waiting) = entry(k);
        let lead = lead_of(note);
        let m = marks(note);
        let tail = if waiting {
            " ⚠ not saved yet".to_string()
        } else if m.is_empty() {
            String::new()
        } else {
            format!("  {m}")
        };
        let room = (body.width as usize)
            .saturating_sub(lead + width(&tail))
            .max(1);
        let text = visible_text(note, app.board.show_sensitive);
        let mut lines = wrap(text, room, rows.max(1));
        if lines.is_empty() {
            lines.push(String::new());
        }
        (lines, tail)
    };
    let mut waiting_shown: Vec<(usize, Vec<String>, String)> = Vec::new();
    let mut waiting_rows = 0usize;
    if total > saved || elsewhere > 0 {
        let budget = if saved == 0 { rows } else { (rows / 2).max(1) };
        for k in (saved..total).rev() {
            let (lines, tail) = lines_of(k);
            // One row stays free for the count line while some are not shown.
            let count_row = usize::from(k > saved || elsewhere > 0);
            if waiting_rows + lines.len() + count_row > budget && !waiting_shown.is_empty() {
                break;
            }
            waiting_rows += lines.len();
            waiting_shown.insert(0, (k, lines, tail));
        }
    }
    let not_shown = (total - saved - waiting_shown.len()) + elsewhere;
    let count_rows = usize::from(not_shown > 0);
    let saved_rows = rows.saturating_sub(waiting_rows + count_rows);
    // The saved notes that fit in `budget` rows: upwards from the selection (or the end), then
    // later ones if the selection sits high. Returns them with the range they cover.
    let fill = |budget: usize| {
        let mut last = match selected_at {
            Some(s) => s + 1,
            None => saved,
        };
        let mut shown: Vec<(usize, Vec<String>, String)> = Vec::new();
        let mut used = 0usize;
        let mut k = last;
        while k > 0 && budget > 0 {
            let (lines, tail) = lines_of(k - 1);
            if used + lines.len() > budget && !shown.is_empty() {
                break;
            }
            used += lines.len();
            shown.insert(0, (k - 1, lines, tail));
            k -= 1;
        }
        while last < saved {
            let (lines, tail) = lines_of(last);
            if used + lines.len() > budget {
                break;
            }
            used += lines.len();
            shown.push((last, lines, tail));
            last += 1;
        }
        (shown, k, last)
    };
    // Notes out of sight are counted on a row above ("↑ n more") and below ("↓ n more").
    let (mut shown, mut first, mut last) = fill(saved_rows);
    let mut arrows = 0;
    for _ in 0..2 {
        let need = usize::from(first > 0) + usize::from(last < saved);
        if need <= arrows {
            break;
        }
        arrows = need;
        (shown, first, last) = fill(saved_rows.saturating_sub(arrows));
    }
    let mut y = body.y;
    let waiting_top = body
        .bottom()
        .saturating_sub((waiting_rows + count_rows) as u16);
    let arrow = |text: String, y: u16, buf: &mut Buffer| {
        Paragraph::new(Line::from(Span::styled(
            fit(&text, body.width as usize),
            p.key,
        )))
        .render(
            Rect {
                y,
                height: 1,
                ..body
            },
            buf,
        );
    };
    if first > 0 && y < waiting_top {
        arrow(format!("↑ {first} more"), y, buf);
        y += 1;
    }
    for (k, lines, tail) in shown {
        if y >= waiting_top {
            break;
        }
        y += draw_entry(
            app,
            entry(k),
            lines,
            &tail,
            y,
            waiting_top,
            body,
            buf,
            drawn,
        );
    }
    if last < saved && y < waiting_top {
        arrow(format!("↓ {} more", saved - last), y, buf);
    }
    // Right under the saved notes when the list reaches its end; else pinned to the bottom.
    if last < saved {
        y = waiting_top;
    }
    if not_shown > 0 {
        let text = format!(
            "⚠ {not_shown} more {} waiting for the disk{}",
            if not_shown == 1 { "note" } else { "notes" },
            if elsewhere > 0 {
                format!(" ({elsewhere} at other steps)")
            } else {
                String::new()
            }
        );
        Paragraph::new(Line::from(Span::styled(
            fit(&text, body.width as usize),
            p.warning,
        )))
        .render(
            Rect {
                y,
                height: 1,
                ..body
            },
            buf,
        );
        y += 1;
    }
    for (k, lines, tail) in waiting_shown {
        y += draw_entry(
            app,
            entry(k),
            lines,
            &tail,
            y,
            body.bottom(),
            body,
            buf,
            drawn,
        );
    }
}

/// Draws one note of the step's list from row `y` (its wrapped `lines`, `tail` after the last),
/// no lower than `bottom`; returns the rows used.
#[allow(clippy::too_many_arguments)]
fn draw_entry<S: SessionStore>(
    app: &App<S>,
    (note, waiting): (&Note, bool),
    lines: Vec<String>,
    tail: &str,
    y: u16,
    bottom: u16,
    body: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) -> u16 {
    let Some(session) = app.session() else {
        return 0;
    };
    let p = &app.palette;
    let lead = 1 + width(&table_marker(session.table(note.table), p).content) + 3;
    let selected = Some(note.id) == app.selected && !waiting;
    let table = session.table(note.table);
    let text_style = if selected {
        p.selected
    } else if note.sensitive && !app.board.show_sensitive {
        p.muted.add_modifier(Modifier::ITALIC)
    } else {
        p.base
    };
    let height = (lines.len() as u16).min(bottom.saturating_sub(y));
    if height == 0 {
        return 0;
    }
    let count = lines.len();
    for (n, text) in lines.into_iter().enumerate().take(height as usize) {
        let mut spans = if n == 0 {
            vec![
                Span::styled(
                    if selected { "▶" } else { " " },
                    if selected { p.selected } else { p.base },
                ),
                table_marker(table, p),
                Span::styled(
                    format!(" {} ", note.kind.symbol()),
                    p.base.add_modifier(Modifier::BOLD),
                ),
            ]
        } else {
            vec![Span::styled(" ".repeat(lead), p.base)]
        };
        spans.push(Span::styled(text, text_style));
        if n + 1 == count {
            spans.push(Span::styled(
                tail.to_string(),
                if waiting { p.warning } else { p.muted },
            ));
        }
        Paragraph::new(Line::from(spans)).render(
            Rect {
                y: y + n as u16,
                height: 1,
                ..body
            },
            buf,
        );
    }
    if !waiting {
        drawn
            .hits
            .push((Rect { y, height, ..body }, Target::Card(note.id)));
    }
    height
}
