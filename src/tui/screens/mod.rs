//! Drawing: a pure function of the app's state. Each screen draws into the frame's buffer and
//! reports where clickable things went; nothing here changes the app or touches a file.

pub use crate::tui::board::view as board;
pub mod help;
pub mod overlays;
pub mod pause;
pub use crate::tui::start::view as start;
pub use crate::tui::step::content as step_content;
pub use crate::tui::step::view as step;
pub mod too_small;
// Themes and voting
pub use crate::tui::themes::popups as theme_popups;
pub use crate::tui::themes::view as themes;
pub use crate::tui::voting::view as voting;
// Outcomes
pub use crate::tui::export::view as export;
pub use crate::tui::outcomes::view as outcomes;
pub use crate::tui::recommendations::view as recommendations;
pub use crate::tui::responses::view as responses;

use super::app::{App, Overlay, Target, View};
use super::widgets::status::{self, NextNote};
use super::widgets::{fit, width};
use crate::store::SessionStore;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Below this size the screen asks to be enlarged instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// What the last frame drew where, for the mouse, and how many card rows fitted.
#[derive(Debug, Default, Clone)]
pub struct Drawn {
    pub hits: Vec<(Rect, Target)>,
    /// Card rows shown (to page by); in the votes by stakeholder group, the lines shown, so
    /// that `g` turns to the next page.
    pub rows_visible: usize,
    /// How far the help can scroll at this size.
    pub help_max_scroll: u16,
    /// The window was below the minimum size: only "enlarge the window" was drawn.
    pub too_small: bool,
}

/// Draws the whole screen for `app`.
pub fn draw<S: SessionStore>(app: &App<S>, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    render(app, area, frame.buffer_mut())
}

/// Draws into a buffer (the same as [`draw`], for benchmarks and tests without a terminal).
pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) -> Drawn {
    let mut drawn = Drawn::default();
    if area.is_empty() {
        return drawn;
    }
    let p = &app.palette;
    Block::new().style(p.base).render(area, buf);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(area, p, buf);
        drawn.too_small = true;
        return drawn;
    }
    if let Some(Overlay::Pause) = app.overlay {
        pause::render(app, area, buf);
        return drawn;
    }
    match app.view {
        View::Start => start::render(app, area, buf, &mut drawn),
        View::Step | View::Board | View::Themes | View::Voting => {
            session(app, area, buf, &mut drawn)
        }
        // Outcomes
        View::Recommendations | View::Responses | View::Export => {
            outcomes::render(app, area, buf, &mut drawn)
        }
    }
    match &app.overlay {
        Some(Overlay::Help) => drawn.help_max_scroll = help::render(app, area, buf),
        Some(Overlay::Card(id)) => overlays::card(app, *id, area, buf),
        Some(Overlay::PickTable { note, table }) => {
            overlays::pick_table(app, *note, *table, area, buf)
        }
        Some(Overlay::Prompt(text)) => overlays::prompt(app, text, area, buf),
        Some(Overlay::Confirm(q)) => overlays::confirm(app, q, area, buf),
        Some(Overlay::Themes(o)) => theme_popups::overlay(app, o, area, buf, &mut drawn),
        Some(Overlay::Sharing) => {
            if let Some(live) = app.sharing() {
                let url = live.server.url();
                let code = live.server.code();
                let panel = crate::tui::share::view::Panel {
                    url: &url,
                    code: &code,
                    received: live.received,
                    moderation: app
                        .moderated()
                        .then(|| app.session().map_or(0, |s| s.waiting_submissions().count())),
                };
                crate::tui::share::view::render(&panel, &app.palette, area, buf);
            }
        }
        Some(Overlay::Review { selected, edit }) => {
            crate::tui::share::review_view::render(app, *selected, edit.as_deref(), area, buf)
        }
        Some(Overlay::Pause) | None => {}
    }
    drawn
}

/// The frame around both session views: header, body, note input, tables bar, keys, status.
fn session<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let input_h = if app.capture.open {
        (app.capture.text.lines().len() as u16 + 2).clamp(3, 6)
    } else {
        0
    };
    let [header, body, input, tables, keys, status_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(input_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);

    header_line(app, header, buf);
    match app.view {
        View::Board => board::render(app, body, buf, drawn),
        View::Themes => themes::render(app, body, buf, drawn),
        View::Voting => voting::render(app, body, buf, drawn),
        // What was done about a carried item, written at the "Since last time" step.
        View::Step if app.outcomes.form.is_some() => {
            crate::tui::follow_up::view::form(app, body, buf)
        }
        _ => step::render(app, body, buf, drawn),
    }
    if app.capture.open {
        crate::tui::capture::view::render(app, input, buf);
    }
    // In the voting view the bar follows the grid's cursor, so one table is selected.
    let bar_table = if app.view == View::Voting {
        app.themes.vote_cursor.1
    } else {
        app.table
    };
    drawn.hits.extend(status::tables_bar(
        &session.tables,
        bar_table,
        p,
        tables,
        buf,
    ));
    status::footer(&app.modes(), p, keys, buf);
    let marks = app.input_marks();
    let next = NextNote {
        table: session.tables.get(app.table),
        kind: marks.kind,
        lived: marks.lived,
        sensitive: marks.sensitive,
    };
    let label = app.store().map(|s| s.label()).unwrap_or_default();
    status::status_line(
        status::Saved {
            save: &app.save_state(),
            label: &label,
            sharing: app.sharing_status().as_deref(),
        },
        Some(next),
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
    let steps = session.framework.steps.len();
    let step = &session.framework.steps[app.step.min(steps - 1)];
    let reading = app.timer.reading(app.now).text();
    let timer_style = if app.time_is_up() {
        p.signal
    } else {
        p.base.add_modifier(Modifier::BOLD)
    };
    let mut right = vec![Span::styled(
        format!(" step {}/{steps} ", app.step + 1),
        p.base,
    )];
    if app.view == View::Board {
        right.push(Span::styled(format!(" ⏱ {reading} "), timer_style));
    }
    let used: usize = right.iter().map(|s| width(&s.content)).sum();
    right.extend(outcomes::view_tabs(
        app,
        (area.width as usize).saturating_sub(used),
    ));
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(right_w + 1);
    let left_text = if app.view == View::Board {
        format!(" {} · {}", session.title, step.title)
    } else {
        format!(" {}", session.title)
    };
    let mut spans = vec![Span::styled(fit(&left_text, room), p.title)];
    let used = width(&spans[0].content);
    spans.push(Span::styled(
        " ".repeat((area.width as usize).saturating_sub(used + right_w)),
        p.base,
    ));
    spans.extend(right);
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A paragraph that wraps, for messages.
pub fn message(
    lines: Vec<Line<'static>>,
    style: ratatui::style::Style,
    area: Rect,
    buf: &mut Buffer,
) {
    Paragraph::new(lines)
        .style(style)
        .wrap(Wrap { trim: true })
        .alignment(ratatui::layout::Alignment::Center)
        .render(area, buf);
}
