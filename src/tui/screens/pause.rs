//! The pause: a calm screen with a break timer and no notes at all, for trauma awareness.

use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::widgets::big;
use crate::tui::widgets::status;
use crate::tui::widgets::timer::TimerView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let [body, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let h = body.height;
    let title_h = (h / 4).clamp(1, 8);
    let title_area = Rect {
        x: body.x + 2,
        y: body.y + h / 8,
        width: body.width.saturating_sub(4),
        height: title_h,
    };
    let used = big::render("Pause", p.title, Alignment::Center, title_area, buf);
    let mut y = title_area.y + used + 1;
    let lines = [
        "Take a breath. Stretch, get a drink, step outside if you like.",
        "Nothing written today is on the screen during the break.",
    ];
    for line in lines {
        if y >= body.y + body.height {
            break;
        }
        Paragraph::new(Line::from(Span::styled(line, p.prompt)))
            .alignment(Alignment::Center)
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
    y += 1;
    if y + 2 < body.y + body.height {
        let timer_h = (body.y + body.height - y).min(6);
        let label = Rect {
            y,
            height: 1,
            ..body
        };
        Paragraph::new(Line::from(Span::styled("break", p.muted)))
            .alignment(Alignment::Center)
            .render(label, buf);
        let w = 46.min(body.width);
        let timer_area = Rect {
            x: body.x + (body.width - w) / 2,
            y: y + 1,
            width: w,
            height: timer_h.saturating_sub(1),
        };
        TimerView {
            reading: app.break_timer.reading(app.now),
            running: app.break_timer.is_running(),
            finished: app.break_timer.finished(app.now),
            flash: app.now.as_secs().is_multiple_of(2),
            bell: false,
            palette: p,
        }
        .render(timer_area, buf);
    }
    status::footer(&[Mode::Pause], p, footer, buf);
}
