//! The `?` overlay: every key of the review browser, generated from its one key table.

use super::JOURNAL_ONLY;
use crate::tui::review::app::ReviewApp;
use crate::tui::review::keymap;
use crate::tui::screens::centered;
use crate::tui::widgets::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

/// The overlay, scrolled by `scroll`; returns how far it can scroll.
pub(super) fn draw(app: &ReviewApp, scroll: u16, area: Rect, buf: &mut Buffer) -> u16 {
    let p = &app.palette;
    Clear.render(area, buf);
    Block::new().style(p.base).render(area, buf);
    let popup = centered(area, area.width.min(110), area.height);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(" Review — every key ", p.title))
        .title_bottom(
            Line::from(Span::styled(" Esc closes · ↑↓ PgUp PgDn scroll ", p.key)).right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let w = inner.width as usize;
    let sections = keymap::help_sections();
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k)))
        .max()
        .unwrap_or(8)
        .min(24);
    let mut lines: Vec<Line> = vec![Line::from(Span::styled("On the screen", p.title))];
    for text in [
        format!("Read-only: no session is written, locked or replayed into, so a facilitator can keep one open; X writes an export only where you name it. {JOURNAL_ONLY}: a note only in the journal so far."),
        "Notes: ▶ cursor · A, B… the table's letter on its colour · kind • comment ? question + idea ! barrier ✓ commitment · ◆LE lived experience · ⊘sens sensitive".into(),
        "Search matches are shown reversed and underlined. Mouse: click a tab or a row (twice opens a note); the wheel scrolls.".into(),
    ] {
        for l in wrap(&text, w.saturating_sub(2), 6) {
            lines.push(Line::from(Span::styled(format!("  {l}"), p.base)));
        }
    }
    lines.push(Line::from(""));
    for (mode, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(mode.title(), p.title)));
        for (keys, desc) in rows {
            for (i, d) in wrap(desc, w.saturating_sub(key_w + 3).max(10), 4)
                .into_iter()
                .enumerate()
            {
                let k = if i == 0 { keys.clone() } else { String::new() };
                let pad = " ".repeat(key_w.saturating_sub(width(&k)));
                lines.push(Line::from(vec![
                    Span::styled(format!("  {k}{pad} "), p.key),
                    Span::styled(d, p.base),
                ]));
            }
        }
        lines.push(Line::from(""));
    }
    let max = lines.len().saturating_sub(inner.height as usize) as u16;
    Paragraph::new(lines)
        .style(p.base)
        .scroll((scroll.min(max), 0))
        .render(inner, buf);
    max
}
