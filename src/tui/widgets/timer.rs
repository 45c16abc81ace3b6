//! The step timer drawn big, with its state underneath and a flashing "TIME" at zero.

use super::big;
use crate::tui::palette::Palette;
use crate::tui::timer::Reading;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// How a timer looks right now.
pub struct TimerView<'a> {
    pub reading: Reading,
    pub running: bool,
    /// Reached zero: show the signal.
    pub finished: bool,
    /// Alternates every second while the signal shows.
    pub flash: bool,
    pub bell: bool,
    pub palette: &'a Palette,
}

impl Widget for TimerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let p = self.palette;
        let digits_area = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        let style = if self.reading.is_over() {
            p.overrun
        } else {
            p.timer
        };
        let used = big::render(
            &self.reading.text(),
            style,
            Alignment::Center,
            digits_area,
            buf,
        );
        let state_area = Rect {
            y: area.y + used.min(area.height.saturating_sub(1)),
            height: 1,
            ..area
        };
        let state = if self.finished {
            let banner = if self.flash {
                p.signal
            } else {
                p.signal.add_modifier(ratatui::style::Modifier::REVERSED)
            };
            Line::from(vec![Span::styled(" ■ TIME ■ ", banner)])
        } else if self.running {
            Line::from(Span::styled("▶ running", p.ok))
        } else {
            Line::from(Span::styled("❚❚ paused · Space starts", p.muted))
        };
        let mut line = state;
        if self.bell {
            line.push_span(Span::styled(" · bell on", p.muted));
        }
        Paragraph::new(line)
            .alignment(Alignment::Center)
            .render(state_area, buf);
    }
}
