//! The start screen: a new workshop (Enter, Enter starts one with the defaults), open a file,
//! or one of the recent sessions from the data folder.

use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::screens::Drawn;
use crate::tui::start::{FIXED_ITEMS, Field, StartFocus};
use crate::tui::widgets::status;
use crate::tui::widgets::{big, fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let start = &app.start;
    let w = area.width.saturating_sub(4).min(100);
    let x = area.x + (area.width - w) / 2;
    let [body, keys, status_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let body_h = body.height;
    let mut y = area.y + 1;
    let title_area = Rect {
        x,
        y,
        width: w,
        height: if body_h >= 20 { 4 } else { 1 },
    };
    let used = big::render("convene", p.title, Alignment::Left, title_area, buf);
    y += used;
    Paragraph::new(Line::from(Span::styled(
        "Run a participatory workshop from this laptop.",
        p.muted,
    )))
    .render(
        Rect {
            x,
            y,
            width: w,
            height: 1,
        },
        buf,
    );
    y += 2;
    let bottom = body.bottom();
    let panel = Rect {
        x,
        y,
        width: w,
        height: bottom.saturating_sub(y),
    };
    match start.focus {
        StartFocus::List => list(app, panel, buf, drawn),
        StartFocus::Form => form(app, panel, buf),
        StartFocus::Open => open(app, panel, buf),
    }
    status::footer(&app.modes(), p, keys, buf);
    status::status_line(
        status::Saved {
            save: &app.save_state(),
            label: "",
            sharing: None,
        },
        None,
        app.message.as_ref(),
        p,
        status_area,
        buf,
    );
    if let Some(error) = &start.error {
        let lines = wrap(error, w.saturating_sub(4) as usize, 4);
        let h = lines.len() as u16 + 2;
        let popup = Rect {
            x,
            y: bottom.saturating_sub(h),
            width: w,
            height: h.min(area.height),
        };
        let block = Block::bordered()
            .border_style(p.warning)
            .style(p.base)
            .title(Span::styled(" Could not do that ", p.warning));
        let inner = block.inner(popup);
        block.render(popup, buf);
        Paragraph::new(
            lines
                .into_iter()
                .map(|l| Line::from(Span::styled(l, p.base)))
                .collect::<Vec<_>>(),
        )
        .render(inner, buf);
    }
}

fn list<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let start = &app.start;
    let mut y = area.y;
    let bottom = area.y + area.height;
    let item = |i: usize, label: String, detail: String, y: u16, buf: &mut Buffer| {
        let selected = start.selected == i;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected {
            p.selected
        } else {
            p.base.add_modifier(Modifier::BOLD)
        };
        let lw = width(&label) + 2;
        let room = (area.width as usize).saturating_sub(lw + 3);
        let line = Line::from(vec![
            Span::styled(format!("{marker}{label}"), style),
            Span::styled(
                format!("   {}", fit(&detail, room)),
                if selected { p.selected } else { p.muted },
            ),
        ]);
        let r = Rect {
            y,
            height: 1,
            ..area
        };
        Paragraph::new(line)
            .style(if selected { p.selected } else { p.base })
            .render(r, buf);
        r
    };
    let fixed = [
        (
            "New workshop".to_string(),
            "Enter, Enter starts one with the defaults".to_string(),
        ),
        (
            "Open a file…".to_string(),
            "type the path of a session file".to_string(),
        ),
    ];
    for (i, (label, detail)) in fixed.into_iter().enumerate() {
        if y >= bottom {
            return;
        }
        let r = item(i, label, detail, y, buf);
        drawn.hits.push((r, Target::StartItem(i)));
        y += 1;
    }
    y += 1;
    if y >= bottom {
        return;
    }
    let heading = if start.recent.is_empty() {
        "No saved sessions yet in the data folder.".to_string()
    } else {
        format!("Recent sessions ({})", start.recent.len())
    };
    Paragraph::new(Line::from(Span::styled(heading, p.title))).render(
        Rect {
            y,
            height: 1,
            ..area
        },
        buf,
    );
    y += 1;
    let rows = bottom.saturating_sub(y) as usize;
    if rows == 0 {
        return;
    }
    let sel = start.selected.saturating_sub(FIXED_ITEMS);
    let first = if start.selected >= FIXED_ITEMS && sel >= rows {
        sel + 1 - rows
    } else {
        0
    };
    for (k, r) in start.recent.iter().enumerate().skip(first).take(rows) {
        let i = k + FIXED_ITEMS;
        let detail = if r.readable {
            r.detail.clone()
        } else {
            format!("cannot be read: {}", r.detail)
        };
        let rect = item(
            i,
            fit(&r.title, (area.width as usize / 2).max(10)),
            detail,
            y,
            buf,
        );
        drawn.hits.push((rect, Target::StartItem(i)));
        y += 1;
    }
}

/// The form: a heading, one row per field (two when there is room), and hints about the
/// focused field. When the fields do not all fit, they scroll to keep the focused one in sight.
fn form<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let s = &app.start;
    if area.height == 0 || area.width == 0 {
        return;
    }
    let n = Field::ALL.len() as u16;
    let focused_at = Field::ALL.iter().position(|f| *f == s.field).unwrap_or(0) as u16;
    let hints = [field_hint(app), KEYS_HINT.to_string()];
    let below = area.height - 1;
    // Hints give way to fields: at least three fields stay in sight when the window is low.
    let mut hint_h = hints.len() as u16;
    while hint_h > 0 && below < n.min(3) + 1 + hint_h {
        hint_h -= 1;
    }
    let room = below - if hint_h > 0 { hint_h + 1 } else { 0 };
    let gap = u16::from(room > n);
    let rows = room - gap;
    let spacing = if rows >= 2 * n - 1 { 2 } else { 1 };
    let visible = if spacing == 2 { n } else { rows.min(n) };
    let first = (focused_at + 1).saturating_sub(visible);
    let what = match &s.follow_up {
        Some(f) => format!(
            "Follow-up: {} carried in from “{}” ({})",
            crate::export::plural(f.carried, "promise"),
            f.previous.title,
            f.previous.date
        ),
        None => "New workshop".to_string(),
    };
    let heading = if visible < n {
        format!("{what} · field {} of {n}", focused_at + 1)
    } else {
        what
    };
    let heading = crate::tui::widgets::fit(&heading, area.width as usize);
    Paragraph::new(Line::from(Span::styled(heading, p.title)))
        .render(Rect { height: 1, ..area }, buf);
    let label_w = 17u16.min(area.width);
    let mut y = area.y + 1 + gap;
    for field in Field::ALL
        .into_iter()
        .skip(first as usize)
        .take(visible as usize)
    {
        let focused = s.field == field;
        let label_style = if focused {
            p.selected
        } else {
            p.base.add_modifier(Modifier::BOLD)
        };
        let marker = if focused { "▶" } else { " " };
        Paragraph::new(Line::from(Span::styled(
            format!("{marker}{:<w$}", field.label(), w = 16),
            label_style,
        )))
        .render(
            Rect {
                y,
                height: 1,
                width: label_w,
                ..area
            },
            buf,
        );
        let value_area = Rect {
            x: area.x + (label_w + 1).min(area.width),
            y,
            width: area.width.saturating_sub(label_w + 1),
            height: 1,
        };
        let value_style = if focused { p.input } else { p.base };
        match (field, s.text(field)) {
            (_, Some(t)) => {
                let shown = Shown {
                    focused,
                    suggested: s.is_suggested(field),
                };
                render_text(t, shown, value_style, p.selected, value_area, buf)
            }
            (Field::Framework, None) => {
                let name = s
                    .frameworks
                    .get(s.framework)
                    .map_or("(default)", |f| f.name.as_str());
                let steps = s.frameworks.get(s.framework).map_or(0, |f| f.steps.len());
                let text = format!("◀ {name} ▶  ({steps} steps)");
                Paragraph::new(Line::from(Span::styled(
                    fit(&text, value_area.width as usize),
                    value_style,
                )))
                .render(value_area, buf);
            }
            (_, None) => {
                let letters: Vec<String> = (0..s.tables as usize)
                    .map(crate::model::default_letter)
                    .collect();
                let text = format!("◀ {} ▶  ({})", s.tables, letters.join(" "));
                Paragraph::new(Line::from(Span::styled(
                    fit(&text, value_area.width as usize),
                    value_style,
                )))
                .render(value_area, buf);
            }
        }
        y += spacing;
    }
    if hint_h == 0 {
        return;
    }
    // One blank row after the last field (spacing 2 already left it).
    y += 2 - spacing;
    for hint in hints.iter().take(hint_h as usize) {
        Paragraph::new(Line::from(Span::styled(
            fit(hint, area.width as usize),
            p.muted,
        )))
        .render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
        y += 1;
    }
}

const KEYS_HINT: &str = "Enter starts the workshop · Tab/↓ next field · Esc back";

/// What the keys do in the focused field, first of all that typing replaces a suggestion.
fn field_hint<S: SessionStore>(app: &App<S>) -> String {
    let s = &app.start;
    let suggested = s.is_suggested(s.field);
    match s.field {
        Field::Framework => "←/→ choose the framework".to_string(),
        Field::Tables if suggested => {
            format!(
                "typing a number replaces the {} · ←/→ one fewer or more",
                s.tables
            )
        }
        Field::Tables => "type a number, or ←/→ one fewer or more".to_string(),
        field if suggested => format!(
            "typing replaces the suggested {} · ← → edit it · Ctrl-u clears",
            field.label().to_lowercase()
        ),
        Field::Date => "YYYY-MM-DD · Ctrl-u clears".to_string(),
        Field::Facilitators => "names separated by commas · Ctrl-u clears".to_string(),
        _ => "Ctrl-u clears the field".to_string(),
    }
}

/// How a text field is drawn.
#[derive(Clone, Copy)]
struct Shown {
    /// It has the keys: drawn as an input with its cursor.
    focused: bool,
    /// It holds its untouched suggestion: drawn selected, as typing replaces it.
    suggested: bool,
}

fn render_text(
    t: &ratatui_textarea::TextArea<'static>,
    shown: Shown,
    style: ratatui::style::Style,
    selected: ratatui::style::Style,
    area: Rect,
    buf: &mut Buffer,
) {
    let text = t.lines().join(" ");
    if shown.focused && shown.suggested && !text.is_empty() {
        Block::new().style(style).render(area, buf);
        Paragraph::new(Line::from(Span::styled(
            fit(&text, area.width as usize),
            selected,
        )))
        .render(area, buf);
    } else if shown.focused {
        Block::new().style(style).render(area, buf);
        t.render(area, buf);
    } else {
        let shown = if text.is_empty() {
            t.placeholder_text().to_string()
        } else {
            text
        };
        Paragraph::new(Line::from(Span::styled(
            fit(&shown, area.width as usize),
            style,
        )))
        .render(area, buf);
    }
}

fn open<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    Paragraph::new(Line::from(Span::styled("Open a session file", p.title)))
        .render(Rect { height: 1, ..area }, buf);
    if area.height < 4 {
        return;
    }
    let input = Rect {
        y: area.y + 2,
        height: 3,
        ..area
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.input)
        .title(Span::styled(" Path ", p.input));
    let inner = block.inner(input);
    block.render(input, buf);
    app.start.path.render(inner, buf);
}
