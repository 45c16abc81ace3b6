//! The export chooser (`X`): the formats, the one chosen marked by ▶ and reversed, the name.

use crate::tui::review::app::{Choice, Exporting, ReviewApp};
use crate::tui::screens::centered;
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

pub(super) fn draw(app: &ReviewApp, e: &Exporting, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let h = (Choice::ALL.len() as u16 + 11).min(area.height);
    let popup = centered(area, area.width.min(86), h);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(" Export what the filters show ", p.title))
        .title_bottom(
            Line::from(Span::styled(
                " Tab format · Enter write · Esc cancel ",
                p.key,
            ))
            .right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let w = inner.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(&app.export_scope(), w), p.title)),
        Line::from(""),
    ];
    for c in Choice::ALL {
        let on = c == e.choice;
        let text = format!("{} {}", if on { "▶" } else { " " }, c.label());
        let style = if on { p.selected } else { p.base };
        lines.push(Line::from(Span::styled(fit(&text, w), style)));
    }
    lines.push(Line::from(""));
    let head = "Write to: ";
    let room = w.saturating_sub(width(head) + 2);
    let name: String = {
        // The end of the name, where the cursor is, when it is too long.
        let chars: Vec<char> = e.path.chars().collect();
        let mut start = 0;
        while width(&chars[start..].iter().collect::<String>()) > room && start < chars.len() {
            start += 1;
        }
        chars[start..].iter().collect()
    };
    lines.push(Line::from(vec![
        Span::styled(head, p.key),
        Span::styled(format!("{name}▏"), p.input),
    ]));
    let (note, style) = match (&e.refused, e.confirm) {
        (Some(why), _) => (format!("⚠ Not written: {why}"), p.warning),
        (None, true) => (
            "⚠ That name exists. Enter again replaces it; Esc keeps it.".to_string(),
            p.warning,
        ),
        (None, false) => (
            "Relative to the folder convene was started in. Sessions are only read, never written."
                .to_string(),
            p.muted,
        ),
    };
    for l in wrap(&note, w, 4) {
        lines.push(Line::from(Span::styled(l, style)));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}
