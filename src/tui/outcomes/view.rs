//! The frame of the outcome views (header with every view's tab, body, keys, status) and the
//! form used to write a recommendation or a response.

use crate::store::SessionStore;
use crate::tui::app::{App, View};
use crate::tui::form::{Form, Value};
use crate::tui::screens::{Drawn, export, recommendations, responses};
use crate::tui::widgets::{fit, status, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};
use ratatui_textarea::{TextArea, WrapMode};

/// The tabs of a session, in Tab order.
const TABS: [(&str, &str, View); 7] = [
    ("Step", "Step", View::Step),
    ("Board", "Board", View::Board),
    ("Themes", "Themes", View::Themes),
    ("Voting", "Votes", View::Voting),
    ("Recommendations", "Recs", View::Recommendations),
    ("You said / We did", "You said", View::Responses),
    ("Export", "Export", View::Export),
];

/// Width of the labels on the left of a form.
const LABEL_W: u16 = 15;

/// Draws one of the outcome views with its header, keys and status line.
pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, _drawn: &mut Drawn) {
    if app.session().is_none() || area.height < 4 {
        return;
    }
    let p = &app.palette;
    let [header, body, keys, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header_line(app, header, buf);
    let [_, body, _] = Layout::horizontal([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    match app.view {
        View::Recommendations => recommendations::render(app, body, buf),
        View::Responses => responses::render(app, body, buf),
        _ => export::render(app, body, buf),
    }
    status::footer(&app.modes(), p, keys, buf);
    let label = app.store().map(|s| s.label()).unwrap_or_default();
    status::status_line(
        status::Saved {
            save: &app.save_state(),
            label: &label,
            sharing: app.sharing_status().as_deref(),
        },
        None,
        app.message.as_ref(),
        p,
        status_area,
        buf,
    );
}

fn header_line<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let w = area.width as usize;
    let right = view_tabs(app, w);
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(right_w + 1);
    let mut spans = vec![Span::styled(
        fit(&format!(" {}", session.title), room),
        p.title,
    )];
    let used = width(&spans[0].content);
    spans.push(Span::styled(
        " ".repeat(w.saturating_sub(used + right_w)),
        p.base,
    ));
    spans.extend(right);
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

/// The names of a session's views for the header, the current one highlighted: in full when
/// `w` columns leave room, else short, else only the current one.
pub(crate) fn view_tabs<S: SessionStore>(app: &App<S>, w: usize) -> Vec<Span<'static>> {
    let p = &app.palette;
    let long: usize = TABS.iter().map(|(name, _, _)| width(name) + 2).sum();
    let short: usize = TABS.iter().map(|(_, name, _)| width(name) + 2).sum();
    let mut right = Vec::new();
    for (name, short_name, view) in TABS {
        let shown = if long + 20 <= w {
            name
        } else if short + 12 <= w {
            short_name
        } else if app.view == view {
            name
        } else {
            continue;
        };
        let style = if app.view == view {
            p.selected
        } else {
            p.muted
        };
        right.push(Span::styled(format!(" {shown} "), style));
    }
    right
}

/// A heading line in the title style.
pub fn heading<'a, S: SessionStore>(app: &App<S>, text: &str, w: u16) -> Line<'a> {
    Line::from(Span::styled(fit(text, w as usize), app.palette.title))
}

/// Draws a form in `area`: a bordered box titled `title`, `intro` lines first (what the
/// response answers), then the fields; the focused one is marked with ▶ and scrolled into view.
pub fn form<S: SessionStore>(
    app: &App<S>,
    form: &Form,
    title: &str,
    intro: Vec<Line<'static>>,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    if area.width < 8 || area.height < 3 {
        return;
    }
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(
            format!(" {} ", fit(title, area.width.saturating_sub(4) as usize)),
            p.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let intro_h = (intro.len() as u16).min(inner.height / 3);
    Paragraph::new(intro).render(
        Rect {
            height: intro_h,
            ..inner
        },
        buf,
    );
    let fields_area = Rect {
        y: inner.y + intro_h,
        height: inner.height - intro_h,
        ..inner
    };
    // Heights: one line a field; the text grows, the focused checklist opens.
    let avail = fields_area.height as usize;
    let mut heights: Vec<usize> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| match &f.value {
            Value::Pledges(list) => list.len().clamp(1, 4),
            Value::Check { items, .. } if i == form.focus => items.len().max(1),
            _ => 1,
        })
        .collect();
    let fixed: usize = heights.iter().sum();
    let texts: Vec<usize> = form
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            matches!(
                f.value,
                Value::Text {
                    multiline: true,
                    ..
                }
            )
        })
        .map(|(i, _)| i)
        .collect();
    let spare = avail.saturating_sub(fixed);
    for &i in &texts {
        heights[i] += (spare / texts.len().max(1)).min(5);
    }
    let label_w = LABEL_W.min(fields_area.width / 3);
    let value_w = fields_area.width.saturating_sub(label_w + 1);
    // The text being written shows whole, wrapped, as far as the form has room.
    if let Some(field) = form.fields.get(form.focus)
        && let Value::Text {
            area: text,
            multiline: true,
        } = &field.value
    {
        let rows = wrapped_rows(text, value_w as usize);
        heights[form.focus] = heights[form.focus].max(rows);
    }
    if let Some(h) = heights.get_mut(form.focus)
        && *h > avail
    {
        *h = avail.max(1);
    }
    let start: usize = heights[..form.focus].iter().sum();
    let end = start + heights[form.focus];
    let offset = end.saturating_sub(avail);
    let mut y = 0usize;
    for (i, field) in form.fields.iter().enumerate() {
        let h = heights[i];
        let top = y;
        y += h;
        if top < offset || y - offset > avail {
            continue;
        }
        let row = Rect {
            x: fields_area.x,
            y: fields_area.y + (top - offset) as u16,
            width: fields_area.width,
            height: h as u16,
        };
        let focused = i == form.focus;
        let enabled = form.focusable(i) || matches!(field.value, Value::Pledges(_));
        let (mark, style) = if focused {
            ("▶", p.selected)
        } else if enabled {
            (" ", p.base.add_modifier(Modifier::BOLD))
        } else {
            (" ", p.muted)
        };
        let label = fit(&format!("{mark}{}", field.label), label_w as usize);
        let pad = " ".repeat((label_w as usize).saturating_sub(width(&label)));
        Paragraph::new(Line::from(Span::styled(format!("{label}{pad}"), style))).render(
            Rect {
                height: 1,
                width: label_w,
                ..row
            },
            buf,
        );
        let value = Rect {
            x: row.x + label_w + 1,
            width: value_w,
            ..row
        };
        if value.width == 0 {
            continue;
        }
        field_value(app, field, focused, enabled, value, buf);
    }
}

/// Rows `text` takes wrapped at `w` columns, as the text area wraps it (at words, and inside
/// words longer than a line); one more when the cursor sits after a full last line.
fn wrapped_rows(text: &TextArea<'_>, w: usize) -> usize {
    let w = w.max(1);
    let mut rows = 0;
    for line in text.lines() {
        let wrapped = wrap(line, w, usize::MAX);
        rows += wrapped.len().max(1);
        if wrapped.last().is_some_and(|l| width(l) >= w) {
            rows += 1;
        }
    }
    rows.max(1)
}

fn field_value<S: SessionStore>(
    app: &App<S>,
    field: &crate::tui::form::Field,
    focused: bool,
    enabled: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let lines: Vec<Line> = match &field.value {
        Value::Text { area: text, .. } | Value::Pledge(text) => {
            if focused {
                // Wrapped at the words as it is typed (the stored text is not changed), so the
                // whole recommendation reads without scrolling sideways.
                let mut text = text.clone();
                text.set_wrap_mode(WrapMode::WordOrGlyph);
                (&text).render(area, buf);
                return;
            }
            let typed = text.lines().join("\n");
            if !enabled {
                vec![Line::from(Span::styled(
                    fit("— (only for “by a date”)", w),
                    p.muted,
                ))]
            } else if typed.trim().is_empty() {
                vec![Line::from(Span::styled(
                    fit(text.placeholder_text(), w),
                    p.muted.add_modifier(Modifier::ITALIC),
                ))]
            } else {
                wrap(&typed, w, area.height as usize)
                    .into_iter()
                    .map(|l| Line::from(Span::styled(l, p.base)))
                    .collect()
            }
        }
        Value::Choice { options, at } => {
            let current = options.get(*at).cloned().unwrap_or_default();
            let text = if focused {
                format!("◀ {current} ▶  ({} of {})", at + 1, options.len())
            } else {
                current
            };
            vec![Line::from(Span::styled(
                fit(&text, w),
                if focused { p.selected } else { p.base },
            ))]
        }
        Value::Check { items, cursor } => {
            if focused {
                let h = area.height as usize;
                let first = crate::tui::widgets::cursor::Cursor::new(*cursor, 0).visible_top(h);
                items
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(h)
                    .map(|(i, item)| {
                        let mark = if i == *cursor { "▶" } else { " " };
                        let tick = if item.ticked { "[x]" } else { "[ ]" };
                        Line::from(Span::styled(
                            fit(&format!("{mark}{tick} {}", item.label), w),
                            if i == *cursor { p.selected } else { p.base },
                        ))
                    })
                    .collect()
            } else {
                let ticked: Vec<&str> = items
                    .iter()
                    .filter(|c| c.ticked)
                    .map(|c| c.label.split(" · ").next().unwrap_or(&c.label))
                    .collect();
                let text = if ticked.is_empty() {
                    "none ticked".to_string()
                } else {
                    format!("[x] {}", ticked.join("; "))
                };
                vec![Line::from(Span::styled(fit(&text, w), p.base))]
            }
        }
        Value::Pledges(list) => {
            if list.is_empty() {
                vec![Line::from(Span::styled(
                    fit("none yet: add them below", w),
                    p.muted,
                ))]
            } else {
                let h = area.height as usize;
                let mut out: Vec<Line> = list
                    .iter()
                    .take(h)
                    .map(|c| {
                        Line::from(Span::styled(
                            fit(&format!("✓ {} — {}", c.who, c.what), w),
                            p.base,
                        ))
                    })
                    .collect();
                if list.len() > h
                    && let Some(last) = out.last_mut()
                {
                    *last = Line::from(Span::styled(
                        fit(&format!("… and {} more", list.len() + 1 - h), w),
                        p.muted,
                    ));
                }
                out
            }
        }
    };
    Paragraph::new(lines).render(area, buf);
}
