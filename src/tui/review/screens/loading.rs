//! The screen before any view: a gauge while the sessions are read on the worker thread.

use super::thousands;
use crate::tui::review::app::ReviewApp;
use crate::tui::screens::centered;
use crate::tui::widgets::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget};

/// The gauge: files read of files found, and the file just read.
pub(super) fn draw(app: &ReviewApp, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let l = &app.loading;
    let boxed = centered(area, area.width.saturating_sub(4).min(80), 6);
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" convene review — reading sessions ", p.title));
    let inner = block.inner(boxed);
    block.render(boxed, buf);
    let label = if l.total == 0 {
        "looking for session files…".to_string()
    } else {
        format!(
            "{} of {} session files",
            thousands(l.done),
            thousands(l.total)
        )
    };
    let ratio = if l.total == 0 {
        0.0
    } else {
        l.done as f64 / l.total as f64
    };
    Gauge::default()
        .gauge_style(p.selected)
        .style(p.base)
        .ratio(ratio.clamp(0.0, 1.0))
        .label(Span::styled(label, p.prompt))
        .render(Rect { height: 1, ..inner }, buf);
    let lines = vec![
        Line::from(Span::styled(fit(&l.current, inner.width as usize), p.muted)),
        Line::from(Span::styled("q quits", p.key)),
    ];
    Paragraph::new(lines).style(p.base).render(
        Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        },
        buf,
    );
}
