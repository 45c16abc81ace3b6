//! Shown instead of a broken layout when the terminal is smaller than the minimum.

use super::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::palette::Palette;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(area: Rect, p: &Palette, buf: &mut Buffer) {
    let lines = vec![
        Line::from(Span::styled("Enlarge the window", p.title)),
        Line::from(Span::styled(
            format!(
                "convene needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
                area.width, area.height
            ),
            p.base,
        )),
    ];
    let h = 4.min(area.height);
    let box_area = Rect {
        y: area.y + (area.height - h) / 2,
        height: h,
        ..area
    };
    super::message(lines, p.base, box_area, buf);
}
