//! The Promises view: every recommendation, commitment and response across the selected
//! sessions with where it stands now, and for the one under the cursor its history — where it
//! was made and what each follow-up workshop recorded of it.

use super::{cell, plural};
use crate::review::Thread;
use crate::terminal_text::one_line;
use crate::tui::review::app::{Drawn, ReviewApp};
use crate::tui::widgets::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The mark of a promise past its due date and not closed (never colour alone).
pub const OVERDUE: &str = "⚠ overdue";

/// A header, the promises (status, overdue, kind, owner, text) and the chosen one's history.
pub(super) fn draw(app: &ReviewApp, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let w = area.width as usize;
    let Some(promises) = &app.promises else {
        Paragraph::new(Span::styled("Following the promises…", p.muted)).render(area, buf);
        return;
    };
    let threads = app.promise_threads();
    let all = &promises.lineage.threads;
    let open = all.iter().filter(|t| !t.status().is_closed()).count();
    let overdue = all.iter().filter(|t| t.is_overdue(app.today)).count();
    let mut head = vec![Span::styled(
        fit(
            &format!(
                "{} ({open} open, {overdue} overdue on {}){} ",
                plural(all.len(), "promise"),
                app.today,
                if app.open_only {
                    " · showing open ones"
                } else {
                    ""
                }
            ),
            w,
        ),
        p.title,
    )];
    if !promises.broken.is_empty() {
        head.push(Span::styled(
            format!(
                "⚠ {}: a previous session not read, or changed",
                plural(promises.broken.len(), "broken link")
            ),
            p.warning,
        ));
    }
    Paragraph::new(Line::from(head))
        .style(p.base)
        .render(Rect { height: 1, ..area }, buf);
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if threads.is_empty() {
        let text = if all.is_empty() {
            "No promises: these sessions made no recommendations, commitments or responses."
        } else {
            "Every promise is done or dropped: o shows them all."
        };
        Paragraph::new(Span::styled(fit(text, w), p.muted)).render(body, buf);
        return;
    }
    let list_h = (body.height / 2).max(3).min(body.height);
    let list = Rect {
        height: list_h,
        ..body
    };
    let history = Rect {
        y: body.y + list_h,
        height: body.height - list_h,
        ..body
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" status · kind · owner · what ", p.title));
    let inner = block.inner(list);
    block.render(list, buf);
    let page = inner.height as usize;
    let mut c = app.promises_cursor;
    c.clamp(threads.len(), page);
    drawn.list = Some((inner, c.offset));
    drawn.page = page;
    let lw = inner.width as usize;
    let mut lines = Vec::with_capacity(page);
    for (i, t) in threads.iter().enumerate().skip(c.offset).take(page) {
        let here = i == c.at;
        let style = if here { p.selected } else { p.base };
        let status = t.status();
        let text = format!(
            "{}{} {} {} {} {} {}",
            if here { "▶" } else { " " },
            status.symbol(),
            cell(status.label(), 15),
            cell(if t.is_overdue(app.today) { OVERDUE } else { "" }, 9),
            cell(t.item.kind.label(), 14),
            cell(&one_line(&t.item.owner), 10),
            one_line(&t.item.text),
        );
        lines.push(Line::from(Span::styled(cell(&text, lw), style)));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
    if let Some(t) = threads.get(c.at) {
        draw_history(app, t, history, buf);
    }
}

/// Where the promise was made, its words, and each workshop's record of it, oldest first.
fn draw_history(app: &ReviewApp, t: &Thread, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let item = &t.item;
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            format!(" {} · its history ", item.kind.label()),
            p.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        fit(&one_line(&item.text), w),
        p.title,
    ))];
    let mut about = vec![format!(
        "made at “{}” ({})",
        one_line(&item.made_title),
        item.made_on
    )];
    if !item.owner.trim().is_empty() {
        about.push(format!("owner {}", one_line(&item.owner)));
    }
    about.push(match item.due {
        Some(d) if t.is_overdue(app.today) => format!("due {d}, {OVERDUE}"),
        Some(d) => format!("due {d}"),
        None => "no due date".into(),
    });
    if !t.origin_given {
        about.push("the session it was made in is not read".into());
    }
    lines.push(Line::from(Span::styled(
        fit(&about.join(" · "), w),
        p.muted,
    )));
    if let Some(parent) = item
        .parent
        .and_then(|id| app.promises.as_ref().and_then(|pr| pr.lineage.thread(id)))
    {
        lines.push(Line::from(Span::styled(
            fit(&format!("towards: {}", one_line(&parent.item.text)), w),
            p.muted,
        )));
    }
    for s in &t.stages {
        let title = if s.title.is_empty() {
            "(a session not read)".to_string()
        } else {
            one_line(&s.title).into_owned()
        };
        let said = if s.made_here {
            "made here".to_string()
        } else {
            one_line(&s.done).into_owned()
        };
        let text = format!(
            "{} {} {} {} {}{}",
            s.date,
            cell(&title, 18),
            s.status.symbol(),
            cell(s.status.label(), 15),
            if s.overdue {
                format!("{OVERDUE} · ")
            } else {
                String::new()
            },
            said
        );
        lines.push(Line::from(Span::styled(fit(&text, w), p.base)));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}
