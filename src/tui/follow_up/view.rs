//! Drawing "Since last time" in the step view: last workshop's promises, numbered, each with
//! its kind, text, owner, when it was due and its status as a symbol and a word (never colour
//! alone), overdue ones marked "⚠ overdue since …"; beside (or below) them at larger sizes,
//! the selected item whole: what was done, its history, the room's notes about it. Sensitive
//! items read "sensitive — hidden" until `s` shows them, as notes do on the board.

use super::{overdue_mark, status_mark, tally};
use crate::export::plural;
use crate::model::{CarriedItem, FollowUp, Session};
use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::palette::Palette;
use crate::tui::screens::outcomes::form as draw_form;
use crate::tui::widgets::card::{SENSITIVE_HIDDEN, table_marker, visible_text};
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Columns from which the selected item's detail goes beside the list.
const DETAIL_BESIDE: u16 = 100;
/// Rows from which, on a narrower screen, the detail goes below the list.
const DETAIL_BELOW: u16 = 22;
/// The widest status ("✗ not going ahead"), so that the kinds line up.
const STATUS_W: usize = 17;

/// The text of an item as this screen may show it: a sensitive one's only when asked.
pub fn shown_text(item: &CarriedItem, show_sensitive: bool) -> &str {
    if item.sensitive && !show_sensitive {
        SENSITIVE_HIDDEN
    } else {
        &item.text
    }
}

/// "due 2026-06-14 · Chamber": when it falls due and who is to do it, as far as known (the
/// timeframe it was given is in the detail).
pub fn when_and_who(item: &CarriedItem) -> String {
    let mut parts = Vec::new();
    match (&item.timeframe, item.due) {
        (_, Some(due)) => parts.push(format!("due {due}")),
        (Some(t), None) => parts.push(t.label()),
        (None, None) => {}
    }
    if !item.owner.trim().is_empty() {
        parts.push(item.owner.trim().to_string());
    }
    parts.join(" · ")
}

/// Draws the step's content in `area` (below the prompt); `notes` is how many notes were
/// written at this step.
pub fn render<S: SessionStore>(app: &App<S>, notes: usize, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    if area.height == 0 || area.width < 10 {
        return;
    }
    let p = &app.palette;
    let Some(follow_up) = &session.follow_up else {
        let text = "This workshop follows no earlier one, so nothing was carried in to follow up \
                    here. To follow one up, start a new workshop from it: f on a recent session \
                    in the start screen, or convene new --follow-up PREVIOUS.ron. n goes on to \
                    the next step.";
        Paragraph::new(
            wrap(text, area.width as usize, area.height as usize)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.muted)))
                .collect::<Vec<_>>(),
        )
        .render(area, buf);
        return;
    };
    let prev = &follow_up.previous;
    let mut heading = format!("From “{}” ({}): ", prev.title, prev.date);
    if follow_up.items.is_empty() {
        heading.push_str("no recommendations, commitments or open responses to follow up.");
    } else {
        heading.push_str(&format!(
            "{} · {}",
            plural(follow_up.items.len(), "item"),
            tally(&follow_up.items, session.date)
        ));
    }
    if notes > 0 {
        heading.push_str(&format!(
            " · {} at this step (Tab shows them)",
            plural(notes, "note")
        ));
    }
    let mut area = area;
    for l in wrap(&heading, area.width as usize, 2) {
        if area.height == 0 {
            return;
        }
        Paragraph::new(Line::from(Span::styled(
            l,
            p.muted.add_modifier(Modifier::BOLD),
        )))
        .render(Rect { height: 1, ..area }, buf);
        area.y += 1;
        area.height -= 1;
    }
    if follow_up.items.is_empty() || area.height == 0 {
        return;
    }
    let cursor = app
        .since
        .cursor
        .min(follow_up.items.len().saturating_sub(1));
    let (list, beside) = if area.width >= DETAIL_BESIDE && area.height >= 6 {
        let list_w = area.width * 3 / 5;
        (
            Rect {
                width: list_w,
                ..area
            },
            Some(Rect {
                x: area.x + list_w + 1,
                width: area.width - list_w - 1,
                ..area
            }),
        )
    } else if area.height >= DETAIL_BELOW {
        let list_h = area.height / 2;
        (
            Rect {
                height: list_h,
                ..area
            },
            Some(Rect {
                y: area.y + list_h,
                height: area.height - list_h,
                ..area
            }),
        )
    } else {
        (area, None)
    };
    items_list(app, session, follow_up, cursor, list, buf);
    if let Some(detail_area) = beside {
        let item = &follow_up.items[cursor];
        detail(app, session, item, cursor + 1, detail_area, buf);
    }
}

/// One item's rows in the list: its first line (number, status, kind, who and when), its text,
/// and a line with the overdue mark and what was done, when there is either.
#[allow(clippy::too_many_arguments)]
fn item_rows(
    item: &CarriedItem,
    number: usize,
    number_w: usize,
    selected: bool,
    on: jiff::civil::Date,
    show_sensitive: bool,
    max_text: usize,
    w: usize,
    p: &Palette,
) -> Vec<Line<'static>> {
    let lead = format!("{}{number:>number_w$}. ", if selected { "▶" } else { " " });
    let lead_w = width(&lead);
    let indent = " ".repeat(lead_w);
    let status = status_mark(item.status);
    let pad = " ".repeat(STATUS_W.saturating_sub(width(&status)) + 1);
    let meta = when_and_who(item);
    let meta = if meta.is_empty() {
        item.kind.label().to_string()
    } else {
        format!("{} · {meta}", item.kind.label())
    };
    let base = if selected { p.selected } else { p.base };
    let status_style = if selected {
        p.selected.add_modifier(Modifier::BOLD)
    } else if item.status.is_closed() {
        p.ok.add_modifier(Modifier::BOLD)
    } else {
        p.key.add_modifier(Modifier::BOLD)
    };
    let used = lead_w + width(&status) + pad.len();
    let mut rows = vec![Line::from(vec![
        Span::styled(lead, base.add_modifier(Modifier::BOLD)),
        Span::styled(status, status_style),
        Span::styled(pad, base),
        Span::styled(fit(&meta, w.saturating_sub(used)), base),
    ])];
    let text = shown_text(item, show_sensitive);
    let text_style = if text == SENSITIVE_HIDDEN && item.sensitive {
        p.muted.add_modifier(Modifier::ITALIC)
    } else {
        p.base
    };
    for l in wrap(text, w.saturating_sub(lead_w).max(1), max_text) {
        rows.push(Line::from(vec![
            Span::raw(indent.clone()),
            Span::styled(l, text_style),
        ]));
    }
    let mut last = Vec::new();
    if let Some(mark) = overdue_mark(item, on) {
        last.push(Span::styled(mark, p.warning.add_modifier(Modifier::BOLD)));
    }
    let done = item.done.split_whitespace().collect::<Vec<_>>().join(" ");
    if !done.is_empty() {
        let sep = if last.is_empty() { "" } else { " · " };
        let used = lead_w + last.iter().map(|s| width(&s.content)).sum::<usize>() + sep.len();
        last.push(Span::styled(
            fit(&format!("{sep}done: {done}"), w.saturating_sub(used).max(1)),
            p.muted,
        ));
    }
    if !last.is_empty() {
        last.insert(0, Span::raw(indent));
        rows.push(Line::from(last));
    }
    rows
}

/// The numbered list, scrolled to keep the selected item in sight (with the one before it for
/// context), "↑ n more" / "↓ n more" for those out of sight.
fn items_list<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    follow_up: &FollowUp,
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let n = follow_up.items.len();
    let number_w = n.to_string().len();
    let max_text = if area.height >= 30 { 3 } else { 2 };
    let spacing = usize::from(area.height >= 30);
    let all: Vec<Vec<Line<'static>>> = follow_up
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item_rows(
                item,
                i + 1,
                number_w,
                i == cursor,
                session.date,
                app.board.show_sensitive,
                max_text,
                w,
                p,
            )
        })
        .collect();
    let height = |i: usize| all[i].len() + if i + 1 < n { spacing } else { 0 };
    let rows = area.height as usize;
    // The items that fit in `budget` rows around the cursor: [first, last).
    let fill = |budget: usize| {
        let (mut first, mut last) = (cursor, cursor + 1);
        let mut used = height(cursor).min(budget);
        if first > 0 && used + height(first - 1) <= budget {
            first -= 1;
            used += height(first);
        }
        while last < n && used + height(last) <= budget {
            used += height(last);
            last += 1;
        }
        while first > 0 && used + height(first - 1) <= budget {
            first -= 1;
            used += height(first);
        }
        (first, last)
    };
    let (mut first, mut last) = fill(rows);
    let mut arrows = 0;
    for _ in 0..2 {
        let need = usize::from(first > 0) + usize::from(last < n);
        if need <= arrows {
            break;
        }
        arrows = need;
        (first, last) = fill(rows.saturating_sub(arrows));
    }
    let mut y = area.y;
    let bottom = area.bottom();
    let mut line = |l: Line<'static>, y: &mut u16| {
        if *y < bottom {
            Paragraph::new(l).render(
                Rect {
                    y: *y,
                    height: 1,
                    ..area
                },
                buf,
            );
            *y += 1;
        }
    };
    if first > 0 {
        line(
            Line::from(Span::styled(fit(&format!("↑ {first} more"), w), p.key)),
            &mut y,
        );
    }
    for (i, rows) in all.iter().enumerate().take(last).skip(first) {
        for l in rows.clone() {
            line(l, &mut y);
        }
        if i + 1 < last {
            y += spacing as u16;
        }
    }
    if last < n {
        line(
            Line::from(Span::styled(
                fit(&format!("↓ {} more · ↑ ↓ select", n - last), w),
                p.key,
            )),
            &mut y,
        );
    }
}

/// The selected item whole, in a box: status (and where it stood when carried in), text and
/// reply, audience, owner and dates, what was done, principles and themes, what earlier
/// follow-ups recorded, and the room's notes about it.
fn detail<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    item: &CarriedItem,
    number: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let show = app.board.show_sensitive;
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            format!(" Item {number} · {} ", item.kind.label()),
            p.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let label = |text: &str| Span::styled(text.to_string(), p.base.add_modifier(Modifier::BOLD));
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut status = vec![
        label("Status: "),
        Span::styled(status_mark(item.status), p.key.add_modifier(Modifier::BOLD)),
    ];
    if item.status != item.status_before {
        status.push(Span::styled(
            format!(" (was {})", status_mark(item.status_before)),
            p.muted,
        ));
    }
    lines.push(Line::from(status));
    if let Some(mark) = overdue_mark(item, session.date) {
        lines.push(Line::from(Span::styled(
            mark,
            p.warning.add_modifier(Modifier::BOLD),
        )));
    }
    let text = shown_text(item, show);
    let hidden = text == SENSITIVE_HIDDEN && item.sensitive;
    lines.push(Line::from(Span::styled(
        text.to_string(),
        if hidden {
            p.muted.add_modifier(Modifier::ITALIC)
        } else {
            p.prompt
        },
    )));
    if !item.reply.trim().is_empty() {
        let reply = if item.sensitive && !show {
            SENSITIVE_HIDDEN.to_string()
        } else {
            item.reply.clone()
        };
        lines.push(Line::from(vec![label("We said: "), Span::raw(reply)]));
    }
    let field = |name: &str, value: String, lines: &mut Vec<Line<'static>>| {
        if !value.trim().is_empty() {
            lines.push(Line::from(vec![label(name), Span::styled(value, p.base)]));
        }
    };
    field("For: ", item.audience.clone(), &mut lines);
    field("Owner: ", item.owner.clone(), &mut lines);
    let when = match (&item.timeframe, item.due) {
        (Some(t), Some(due)) => format!("{} (due {due})", t.label()),
        (Some(t), None) => t.label(),
        (None, Some(due)) => format!("due {due}"),
        (None, None) => String::new(),
    };
    field("When: ", when, &mut lines);
    field(
        "Made at: ",
        format!("“{}” ({})", item.made_title, item.made_on),
        &mut lines,
    );
    let done = if item.done.trim().is_empty() {
        "not written yet: Enter writes it".to_string()
    } else {
        item.done.trim().to_string()
    };
    field("What was done: ", done, &mut lines);
    field("Principles: ", item.principles.join(", "), &mut lines);
    field("Themes: ", item.themes.join(", "), &mut lines);
    if !item.history.is_empty() {
        lines.push(Line::from(label("Earlier follow-ups:")));
        for h in &item.history {
            let mut text = format!("  {} {}", h.date, status_mark(h.status));
            if !h.done.trim().is_empty() {
                text.push_str(&format!(" — {}", h.done.trim()));
            }
            lines.push(Line::from(Span::styled(text, p.base)));
        }
    }
    let about: Vec<_> = session
        .notes
        .iter()
        .filter(|n| n.about == Some(item.id))
        .collect();
    lines.push(Line::from(label(&format!(
        "Notes about it: {}",
        if about.is_empty() {
            "none yet (a adds one)".to_string()
        } else {
            about.len().to_string()
        }
    ))));
    for note in about {
        let style: Style = if note.sensitive && !show {
            p.muted.add_modifier(Modifier::ITALIC)
        } else {
            p.base
        };
        lines.push(Line::from(vec![
            table_marker(session.table(note.table), p),
            Span::styled(format!(" {} ", note.kind.symbol()), p.base),
            Span::styled(visible_text(note, show).to_string(), style),
        ]));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// The form for what was done about the selected item, in place of the step view's body.
pub fn form<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let (Some(session), Some(f)) = (app.session(), &app.outcomes.form) else {
        return;
    };
    let crate::tui::form::FormKind::Item { id } = f.kind else {
        return;
    };
    let Some(item) = session.carried(id) else {
        return;
    };
    let p = &app.palette;
    let number = session
        .follow_up
        .as_ref()
        .and_then(|f| f.number(id))
        .unwrap_or(0);
    let w = area.width.saturating_sub(2) as usize;
    let mut intro: Vec<Line<'static>> = wrap(shown_text(item, app.board.show_sensitive), w, 3)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, p.prompt)))
        .collect();
    let mut meta = item.kind.label().to_string();
    let who = when_and_who(item);
    if !who.is_empty() {
        meta.push_str(&format!(" · {who}"));
    }
    if let Some(mark) = overdue_mark(item, session.date) {
        meta.push_str(&format!(" · {mark}"));
    }
    intro.push(Line::from(Span::styled(fit(&meta, w), p.muted)));
    intro.push(Line::from(""));
    let title = format!("Item {number} from last time: its status and what was done");
    draw_form(app, f, &title, intro, area, buf);
}
