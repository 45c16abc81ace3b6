//! Drawing the wall, a pure function of its state: the step and its timer, the join address
//! and code while the room joins, and the step's notes (or face-down counts, or the vote, or
//! at a follow-up's "Since last time" step last time's promises).
//!
//! Only what the room should see: never the facilitator's typing, guidance or drafts; never a
//! sensitive note's text; no text at all while cards are face down. Tables show their letter
//! and notes their kind's symbol, so nothing depends on colour alone. Made to be read at 64×18
//! and drawn at any size without panicking.

use super::Wall;
use crate::framework::{Step, StepKind};
use crate::model::{Note, Session, ranking};
use crate::tui::palette::Palette;
use crate::tui::widgets::card::{SENSITIVE_HIDDEN, table_marker};
use crate::tui::widgets::qr::{self, Qr};
use crate::tui::widgets::{big, fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::PixelSize;

/// Columns beside a QR code that the rest of the wall needs; with less, no QR code.
const BESIDE_QR: u16 = 26;
/// Columns a big timer takes beside the title ("12:34" in the larger big letters).
const BIG_TIMER: u16 = 42;

impl Widget for &Wall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

/// Draws the wall into `area`.
pub fn draw(wall: &Wall, area: Rect, buf: &mut Buffer) {
    let p = &wall.palette;
    buf.set_style(area, p.base);
    if area.is_empty() {
        return;
    }
    let mut body = area;
    if area.height >= 3 {
        let status = take_bottom(&mut body, 1);
        status_line(wall, status, buf);
    }
    // A column of margin on each side where there is room.
    if body.width >= 24 {
        body.x += 1;
        body.width -= 2;
    }
    let session = &wall.session;
    let step = session.current_step();

    let mut left = body;
    if let Some(sharing) = wall.join()
        && let Some((qw, qh)) = qr::size(&sharing.url)
        && body.height >= qh
        && body.width >= qw + BESIDE_QR
    {
        let code = Rect {
            x: body.right() - qw,
            width: qw,
            height: qh,
            ..body
        };
        Qr { text: &sharing.url }.render(code, buf);
        if body.height > qh {
            let caption = Rect {
                y: code.bottom(),
                height: 1,
                ..code
            };
            Paragraph::new(Span::styled("scan to join", p.muted))
                .alignment(Alignment::Center)
                .render(caption, buf);
        }
        left.width = body.width - qw - 1;
    }

    let roomy = left.height >= 24;
    let big = big_timer(wall, left);
    header(wall, step, big, &mut left, buf);
    title(wall, step, big, &mut left, buf);
    if roomy {
        take_top(&mut left, 1);
    }
    if let Some(sharing) = wall.join() {
        join(p, &sharing.url, &sharing.code, &mut left, buf);
        if roomy {
            take_top(&mut left, 1);
        }
    }
    content(wall, step, left, buf);
}

/// The top `rows` rows of `area` (fewer if it has fewer), taken off it.
fn take_top(area: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(area.height);
    let top = Rect {
        height: rows,
        ..*area
    };
    area.y += rows;
    area.height -= rows;
    top
}

/// The bottom `rows` rows of `area`, taken off it.
fn take_bottom(area: &mut Rect, rows: u16) -> Rect {
    let rows = rows.min(area.height);
    area.height -= rows;
    Rect {
        y: area.y + area.height,
        height: rows,
        ..*area
    }
}

/// "Principle 3", or the kind of step ("Welcome", "Voting").
pub fn step_label(session: &Session, step: &Step) -> String {
    if let Some(n) = session.framework.principle_number(&step.id) {
        return format!("Principle {n}");
    }
    let kind = step.kind.label();
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// True when the timer is drawn big beside the title rather than on the header line.
fn big_timer(wall: &Wall, area: Rect) -> bool {
    wall.timer().is_some() && area.width >= 100 && area.height >= 24
}

/// One line: the step's label on the left, the timer (small) on the right.
fn header(wall: &Wall, step: &Step, big: bool, area: &mut Rect, buf: &mut Buffer) {
    let p = &wall.palette;
    let row = take_top(area, 1);
    let label = format!(" {} ", step_label(&wall.session, step).to_uppercase());
    let mut timer_spans = Vec::new();
    if !big && let Some((reading, running)) = wall.timer() {
        let style = if reading.is_over() {
            p.overrun
        } else {
            p.timer
        };
        let digits = format!("⏱ {}", reading.text());
        let mut state = timer_state(reading, running, false);
        // Where the label would be cut, the state in fewer words.
        if width(&label) + width(&digits) + width(state) + 1 > row.width as usize {
            state = timer_state(reading, running, true);
        }
        timer_spans.push(Span::styled(digits, style));
        timer_spans.push(Span::styled(state, p.muted));
    }
    let timer_w: usize = timer_spans.iter().map(|s| width(&s.content)).sum();
    let label_w = (row.width as usize).saturating_sub(timer_w + 1);
    Paragraph::new(Span::styled(
        fit(&label, label_w),
        p.selected.add_modifier(Modifier::BOLD),
    ))
    .render(row, buf);
    if timer_w > 0 && timer_w <= row.width as usize {
        Paragraph::new(Line::from(timer_spans))
            .alignment(Alignment::Right)
            .render(row, buf);
    }
}

/// Words beside the timer, so that its state never rests on colour alone; `short` where
/// room is scarce (an overrun still shows its "+").
fn timer_state(reading: crate::tui::timer::Reading, running: bool, short: bool) -> &'static str {
    match (reading.is_over(), running, short) {
        (true, _, false) => " time is up",
        (true, _, true) => " up",
        (false, true, false) => " ▶ running",
        (false, true, true) => " ▶",
        (false, false, false) => " ❚❚ paused",
        (false, false, true) => " ❚❚",
    }
}

/// The step's title, as big as fits in a band of the screen; the timer big beside it where
/// there is room.
fn title(wall: &Wall, step: &Step, big: bool, area: &mut Rect, buf: &mut Buffer) {
    let p = &wall.palette;
    let budget = if area.height >= 24 {
        8
    } else {
        (area.height / 4).max(1)
    };
    let mut band = Rect {
        height: budget.min(area.height),
        ..*area
    };
    let mut used = 0;
    if big && let Some((reading, running)) = wall.timer() {
        let timer = take_right(&mut band, BIG_TIMER);
        let digits = Rect {
            height: timer.height.saturating_sub(1),
            ..timer
        };
        let style = if reading.is_over() {
            p.overrun
        } else {
            p.timer
        };
        let rows = big::render(&reading.text(), style, Alignment::Right, digits, buf);
        let state = Rect {
            y: timer.y + rows,
            height: 1,
            ..timer
        };
        if rows < timer.height {
            Paragraph::new(Span::styled(
                timer_state(reading, running, false).trim(),
                p.muted,
            ))
            .alignment(Alignment::Right)
            .render(state, buf);
        }
        used = rows + 1;
        band.width = band.width.saturating_sub(2);
    }
    used = used.max(big::render(
        &step.title,
        p.title,
        Alignment::Left,
        band,
        buf,
    ));
    take_top(area, used.min(budget));
}

/// The right `cols` columns of `area`, taken off it.
fn take_right(area: &mut Rect, cols: u16) -> Rect {
    let cols = cols.min(area.width);
    area.width -= cols;
    Rect {
        x: area.x + area.width,
        width: cols,
        ..*area
    }
}

/// Where the room joins from its devices: the address, and the code in big letters.
fn join(p: &Palette, url: &str, code: &str, area: &mut Rect, buf: &mut Buffer) {
    let w = area.width as usize;
    let intro = "Join from a phone or laptop:";
    if w > width(intro) + width(url) {
        let row = take_top(area, 1);
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{intro} "), p.muted),
            Span::styled(url.to_string(), p.prompt),
        ]))
        .render(row, buf);
    } else {
        let row = take_top(area, 1);
        Paragraph::new(Span::styled(fit(intro, w), p.muted)).render(row, buf);
        let lines = crate::tui::widgets::wrap_url(url, w);
        let rows = take_top(area, lines.len() as u16);
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.prompt)))
                .collect::<Vec<_>>(),
        )
        .render(rows, buf);
    }
    // The code big when it leaves room for the notes, else on one line.
    let label = "code ";
    let band = Rect {
        height: 4.min(area.height),
        ..*area
    };
    let fits_big = area.height >= 10
        && big::layout_at_most(code, band, PixelSize::HalfHeight)
            .is_some_and(|(_, l, _)| l.len() == 1);
    if fits_big {
        let used = big::render_at_most(
            code,
            p.title,
            Alignment::Left,
            band,
            buf,
            PixelSize::HalfHeight,
        );
        take_top(area, used);
    } else {
        let row = take_top(area, 1);
        Paragraph::new(Line::from(vec![
            Span::styled(label, p.muted),
            Span::styled(code.to_string(), p.title),
        ]))
        .render(row, buf);
    }
}

/// Below the title: the prompt, then the notes, the face-down counts or the vote.
fn content(wall: &Wall, step: &Step, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    if step.kind == StepKind::FollowUp {
        return promises(wall, step, area, buf);
    }
    let p = &wall.palette;
    let session = &wall.session;
    let notes = wall.step_notes();
    let voting = matches!(step.kind, StepKind::Voting | StepKind::Themes);
    let mut area = area;
    if !voting && !session.face_down && notes.is_empty() {
        // Nothing written yet: the question, as big as fits.
        if !step.prompt.is_empty() {
            big::render(&step.prompt, p.prompt, Alignment::Left, area, buf);
        }
        return;
    }
    if !step.prompt.is_empty() {
        let max = match area.height {
            30.. => 4,
            10.. => 3,
            _ => 2,
        };
        let lines = wrap(&step.prompt, area.width as usize, max);
        let rows = take_top(&mut area, lines.len() as u16);
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.prompt)))
                .collect::<Vec<_>>(),
        )
        .render(rows, buf);
        if area.height >= 8 {
            take_top(&mut area, 1);
        }
    }
    if voting {
        vote(session, p, area, buf);
    } else if session.face_down {
        face_down(session, &notes, p, area, buf);
    } else {
        note_list(session, &notes, p, area, buf);
    }
}

/// Seconds each page of promises stays up when they do not all fit.
const PAGE_SECONDS: i64 = 15;

/// At a follow-up's "Since last time" step: how last time's promises stand, then each one,
/// numbered as on the facilitator's screen, with its status as a symbol and a word, its text
/// (never a sensitive one's), who owns it and when it was due, overdue ones marked. When they
/// do not all fit, pages turn by themselves every [`PAGE_SECONDS`] ("page 1 of 3").
fn promises(wall: &Wall, step: &Step, area: Rect, buf: &mut Buffer) {
    let p = &wall.palette;
    let session = &wall.session;
    let mut area = area;
    let Some(follow_up) = &session.follow_up else {
        Paragraph::new(Span::styled(
            "This workshop follows no earlier one: nothing to follow up.",
            p.muted,
        ))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
        return;
    };
    if follow_up.items.is_empty() {
        let text = format!("“{}” left nothing to follow up.", follow_up.previous.title);
        Paragraph::new(Span::styled(text, p.prompt))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(area, buf);
        return;
    }
    if area.height >= 30 && !step.prompt.is_empty() {
        let lines = wrap(&step.prompt, area.width as usize, 2);
        let rows = take_top(&mut area, lines.len() as u16 + 1);
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.prompt)))
                .collect::<Vec<_>>(),
        )
        .render(rows, buf);
    }
    let on = session.date;
    let tally = crate::tui::follow_up::tally(&follow_up.items, on);
    for l in wrap(&tally, area.width as usize, 2) {
        let row = take_top(&mut area, 1);
        Paragraph::new(Span::styled(l, p.prompt.add_modifier(Modifier::BOLD))).render(row, buf);
    }
    if area.height >= 8 {
        take_top(&mut area, 1);
    }
    if area.is_empty() {
        return;
    }
    let columns = (area.width / 60).clamp(1, 2);
    let gap = 2;
    let col_w = (area.width - gap * (columns - 1)) / columns;
    let n = follow_up.items.len();
    let number_w = n.to_string().len();
    // "12 ◐ in progress  ": the number, then the status in a column of its own.
    let lead_w = number_w + 1 + 17 + 2;
    let text_w = (col_w as usize).saturating_sub(lead_w).max(1);
    let max_lines = if area.height >= 30 { 3 } else { 2 };
    let spacing = u16::from(area.height >= 16);
    let blocks: Vec<Vec<String>> = follow_up
        .items
        .iter()
        .map(|item| {
            let text = if item.sensitive {
                SENSITIVE_HIDDEN
            } else {
                item.text.as_str()
            };
            let mut lines = wrap(text, text_w, max_lines);
            let mut meta = crate::tui::follow_up::view::when_and_who(item);
            if let Some(mark) = crate::tui::follow_up::overdue_mark(item, on) {
                meta = if meta.is_empty() {
                    mark
                } else {
                    format!("{mark} · {meta}")
                };
            }
            if !meta.is_empty() {
                lines.push(fit(&meta, text_w));
            }
            lines
        })
        .collect();
    // Pages: as many items as fit each, a row kept for "page 1 of 3" when there are several.
    let mut starts = Vec::new();
    let mut start = 0;
    while start < n {
        starts.push(start);
        let placed = place(
            &blocks[start..],
            columns,
            area.height,
            area.height.saturating_sub(1),
            spacing,
        );
        start += placed.len().max(1);
    }
    let pages = starts.len();
    let page = if pages > 1 {
        (wall.now.as_second().div_euclid(PAGE_SECONDS) as usize) % pages
    } else {
        0
    };
    let first = starts[page];
    let last = starts.get(page + 1).copied().unwrap_or(n);
    let height = if pages > 1 {
        area.height.saturating_sub(1)
    } else {
        area.height
    };
    let placed = place(&blocks[first..last], columns, height, height, spacing);
    for (k, &(col, y)) in placed.iter().enumerate() {
        let i = first + k;
        let item = &follow_up.items[i];
        let x = area.x + col * (col_w + gap);
        let status = crate::tui::follow_up::status_mark(item.status);
        let status_style = if item.status.is_closed() {
            p.ok.add_modifier(Modifier::BOLD)
        } else {
            p.key.add_modifier(Modifier::BOLD)
        };
        let text_style = if item.sensitive {
            p.muted.add_modifier(Modifier::ITALIC)
        } else {
            p.base
        };
        let overdue = item.is_overdue(on);
        let lines = &blocks[i];
        let rows = (lines.len() as u16).min(height.saturating_sub(y));
        let meta_at = lines.len() - 1;
        let has_meta = lines.len() > wrap_count(item, text_w, max_lines);
        for (r, text) in lines.iter().take(rows as usize).enumerate() {
            let style = if has_meta && r == meta_at {
                if overdue {
                    p.warning.add_modifier(Modifier::BOLD)
                } else {
                    p.muted
                }
            } else {
                text_style
            };
            let lead = if r == 0 {
                vec![
                    Span::styled(
                        format!("{:>number_w$} ", i + 1),
                        p.base.add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(format!("{status:<17}  "), status_style),
                ]
            } else {
                vec![Span::raw(" ".repeat(lead_w))]
            };
            let mut spans = lead;
            spans.push(Span::styled(text.clone(), style));
            let row = Rect::new(x, area.y + y + r as u16, col_w, 1);
            Paragraph::new(Line::from(spans)).render(row, buf);
        }
    }
    if pages > 1 {
        let text = format!(
            "page {} of {pages} · items {}–{} of {n}",
            page + 1,
            first + 1,
            last
        );
        let row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        Paragraph::new(Span::styled(fit(&text, area.width as usize), p.muted)).render(row, buf);
    }
}

/// Rows an item's text takes on the wall (its owner and due date come after).
fn wrap_count(item: &crate::model::CarriedItem, text_w: usize, max_lines: usize) -> usize {
    let text = if item.sensitive {
        SENSITIVE_HIDDEN
    } else {
        item.text.as_str()
    };
    wrap(text, text_w, max_lines).len()
}

/// The notes, newest first, in as many columns as the width holds; "+ N earlier" when some
/// do not fit.
fn note_list(session: &Session, notes: &[&Note], p: &Palette, area: Rect, buf: &mut Buffer) {
    if area.is_empty() || notes.is_empty() {
        return;
    }
    let columns = (area.width / 50).clamp(1, 3);
    let gap = 2;
    let col_w = (area.width - gap * (columns - 1)) / columns;
    // " A " + space + symbol + space.
    let text_w = (col_w as usize).saturating_sub(6).max(1);
    let max_lines = if area.height >= 30 { 4 } else { 3 };
    let spacing = u16::from(area.height >= 24);
    let items: Vec<Vec<String>> = notes
        .iter()
        .rev()
        .map(|n| {
            if n.sensitive {
                vec![fit(SENSITIVE_HIDDEN, text_w)]
            } else {
                wrap(&n.text, text_w, max_lines)
            }
        })
        .collect();
    let mut placed = place(&items, columns, area.height, area.height, spacing);
    if placed.len() < items.len() {
        placed = place(
            &items,
            columns,
            area.height,
            area.height.saturating_sub(1),
            spacing,
        );
    }
    for (i, &(col, y)) in placed.iter().enumerate() {
        let note = notes[notes.len() - 1 - i];
        let x = area.x + col * (col_w + gap);
        let table = session.table(note.table);
        let text_style = if note.sensitive {
            p.muted.add_modifier(Modifier::ITALIC)
        } else if i == 0 {
            p.prompt
        } else {
            p.base
        };
        let rows = (items[i].len() as u16).min(area.height - y);
        for (k, text) in items[i].iter().take(rows as usize).enumerate() {
            let line = if k == 0 {
                Line::from(vec![
                    table_marker(table, p),
                    Span::styled(" ", p.base),
                    Span::styled(note.kind.symbol(), p.base.add_modifier(Modifier::BOLD)),
                    Span::styled(" ", p.base),
                    Span::styled(text.clone(), text_style),
                ])
            } else {
                Line::from(vec![
                    Span::styled("      ", p.base),
                    Span::styled(text.clone(), text_style),
                ])
            };
            let row = Rect::new(x, area.y + y + k as u16, col_w, 1);
            Paragraph::new(line).render(row, buf);
        }
    }
    let hidden = items.len() - placed.len();
    if hidden > 0 {
        let text = format!(
            "+ {hidden} earlier {}",
            if hidden == 1 { "note" } else { "notes" }
        );
        let row = Rect::new(
            area.x + (columns - 1) * (col_w + gap),
            area.bottom() - 1,
            col_w,
            1,
        );
        Paragraph::new(Span::styled(fit(&text, col_w as usize), p.muted)).render(row, buf);
    }
}

/// Where each item goes, in order, filling column after column: (column, row). Stops at the
/// first that does not fit (an item taller than a column is cut to it, if it comes first).
fn place(
    items: &[Vec<String>],
    columns: u16,
    height: u16,
    last_height: u16,
    spacing: u16,
) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    let (mut col, mut y) = (0u16, 0u16);
    for item in items {
        let h = item.len() as u16;
        loop {
            let limit = if col + 1 == columns {
                last_height
            } else {
                height
            };
            if y + h <= limit || (y == 0 && limit > 0) {
                out.push((col, y));
                y += h + spacing;
                break;
            }
            col += 1;
            y = 0;
            if col >= columns {
                return out;
            }
        }
    }
    out
}

/// Hidden until reveal: how many notes each table wrote, and nothing of what they say.
fn face_down(session: &Session, notes: &[&Note], p: &Palette, area: Rect, buf: &mut Buffer) {
    let mut area = area;
    let heading = format!(
        "Hidden until reveal: {} face down",
        crate::model::plural(notes.len(), "note")
    );
    let row = take_top(&mut area, 1);
    Paragraph::new(Span::styled(fit(&heading, row.width as usize), p.prompt)).render(row, buf);
    if area.height >= 4 {
        take_top(&mut area, 1);
    }
    let lines: Vec<Line> = session
        .tables
        .iter()
        .map(|t| {
            let count = notes.iter().filter(|n| n.table == t.id).count();
            let bar = "▮".repeat(count.min(20));
            Line::from(vec![
                table_marker(Some(t), p),
                Span::styled(format!(" {count:>2} "), p.prompt),
                Span::styled(bar, p.face_down),
            ])
        })
        .collect();
    grid(lines, 28, area, buf);
}

/// One line per row, in columns of at least `min_w` when they do not fit in one.
fn grid(lines: Vec<Line>, min_w: u16, area: Rect, buf: &mut Buffer) {
    if area.is_empty() || lines.is_empty() {
        return;
    }
    let rows = area.height as usize;
    let columns = lines
        .len()
        .div_ceil(rows)
        .min((area.width / min_w).max(1) as usize) as u16;
    let col_w = area.width / columns;
    for (i, line) in lines.into_iter().enumerate().take(rows * columns as usize) {
        let col = (i / rows) as u16;
        let row = Rect::new(area.x + col * col_w, area.y + (i % rows) as u16, col_w, 1);
        Paragraph::new(line).render(row, buf);
    }
}

/// The vote so far: themes ranked by dots, each with its dots drawn.
fn vote(session: &Session, p: &Palette, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let ranked = ranking(session);
    if ranked.is_empty() {
        Paragraph::new(Span::styled("No themes to vote on yet.", p.muted)).render(area, buf);
        return;
    }
    let w = area.width as usize;
    let most = ranked.iter().map(|r| r.dots).max().unwrap_or(0) as usize;
    let dots_w = most.min(w / 3);
    let count_w = 4;
    let rank_w = 4;
    let longest = ranked
        .iter()
        .filter_map(|r| session.theme(r.theme))
        .map(|t| width(&t.label))
        .max()
        .unwrap_or(0);
    let name_w = w.saturating_sub(rank_w + dots_w + count_w + 2).min(longest);
    let rows = area.height as usize;
    let shown = if ranked.len() > rows {
        rows.saturating_sub(1)
    } else {
        ranked.len()
    };
    for (i, r) in ranked.iter().take(shown).enumerate() {
        let name = session.theme(r.theme).map_or("", |t| t.label.as_str());
        let style = if r.rank == 1 && r.dots > 0 {
            p.prompt
        } else {
            p.base
        };
        let dots = "●".repeat((r.dots as usize).min(dots_w));
        let line = Line::from(vec![
            Span::styled(format!("{:>3} ", r.label()), p.title),
            Span::styled(format!("{:<name_w$} ", fit(name, name_w)), style),
            Span::styled(format!("{dots:<dots_w$}"), p.title),
            Span::styled(format!(" {:>3}", r.dots), style),
        ]);
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        Paragraph::new(line).render(row, buf);
    }
    if shown < ranked.len() {
        let more = ranked.len() - shown;
        let row = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        Paragraph::new(Span::styled(
            fit(&format!("    + {more} more themes"), w),
            p.muted,
        ))
        .render(row, buf);
    }
}

/// The bottom line: the session and how many notes the step has, or why the wall may be
/// behind; the keys on request.
fn status_line(wall: &Wall, area: Rect, buf: &mut Buffer) {
    let p = &wall.palette;
    let w = area.width as usize;
    if let Some(trouble) = wall.lasting_trouble() {
        let text = format!(" ⚠ {trouble} · showing the last state read ");
        Paragraph::new(Span::styled(fit(&text, w), p.warning)).render(area, buf);
        return;
    }
    let keys = if wall.help {
        format!(
            " q quits · c colours ({}) · ? hides keys ",
            wall.palette.preset.label()
        )
    } else {
        " ? keys ".to_string()
    };
    let keys_w = width(&keys);
    let notes = wall.step_notes().len();
    let left = format!(
        " {} · {} at this step",
        wall.session.title,
        crate::model::plural(notes, "note")
    );
    let left_w = w.saturating_sub(keys_w + 1);
    Paragraph::new(Span::styled(fit(&left, left_w), p.muted)).render(area, buf);
    if keys_w <= w {
        Paragraph::new(Span::styled(keys, p.key))
            .alignment(Alignment::Right)
            .render(area, buf);
    }
}
