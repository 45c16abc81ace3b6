//! The lines around every view: the tabs on top, the keys of the moment below, and the status
//! line (what is loaded, what could not be read, or the field being typed into).

use super::{JOURNAL_ONLY, plural, thousands};
use crate::review::Library;
use crate::tui::review::app::{Drawn, ReviewApp, View};
use crate::tui::review::keymap;
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;

/// The tabs, one per view (numbers only when the names do not fit), and the note count.
pub(super) fn tab_line(
    app: &ReviewApp,
    library: &Library,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let mut spans = Vec::new();
    let mut x = area.x;
    // Names when they fit, numbers only when not.
    let full: usize = View::ALL.iter().map(|v| v.title().len() + 4).sum();
    let short = full + 20 > area.width as usize;
    for (i, v) in View::ALL.iter().enumerate() {
        let text = if short && *v != app.view {
            format!(" {} ", i + 1)
        } else {
            format!(" {} {} ", i + 1, v.title())
        };
        let w = width(&text) as u16;
        let style = if *v == app.view { p.selected } else { p.muted };
        drawn.tabs.push((Rect::new(x, area.y, w, 1), *v));
        x += w + 1;
        spans.push(Span::styled(text, style));
        spans.push(Span::styled(" ", p.base));
    }
    let used = (x - area.x) as usize;
    let count = format!(
        "{} of {} notes · read-only ",
        thousands(app.rows.len()),
        thousands(library.rows().len())
    );
    let room = (area.width as usize).saturating_sub(used);
    if width(&count) <= room {
        spans.push(Span::styled(" ".repeat(room - width(&count)), p.base));
        spans.push(Span::styled(count, p.title));
    }
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

/// The keys of the moment, from the key table, as many as fit.
pub(super) fn footer_line(app: &ReviewApp, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, hint) in keymap::hints(&app.modes()) {
        let w = width(&keys) + width(hint) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, p.key));
        spans.push(Span::styled(format!(" {hint}  "), p.base));
    }
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

/// The field being typed into, a message, or what is loaded and what could not be read.
pub(super) fn status_line(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let w = area.width as usize;
    let line = if let Some(t) = &app.typing {
        let hint = "  Enter keeps · Esc cancels";
        let head = format!("{}: ", t.field.label());
        let room = w.saturating_sub(width(&head) + width(hint) + 1);
        let text = tail(&t.text, room);
        Line::from(vec![
            Span::styled(head, p.key),
            Span::styled(format!("{text}▏"), p.input),
            Span::styled(hint, p.muted),
        ])
    } else if let Some(m) = &app.message {
        Line::from(Span::styled(fit(m, w), p.base))
    } else {
        let mut parts = vec![format!(
            "{} loaded",
            plural(library.sessions().len(), "session")
        )];
        if !library.copies().is_empty() {
            let n = library.copies().len();
            parts.push(if n == 1 {
                "1 copy of a session left out (same session id)".to_string()
            } else {
                format!("{n} copies of sessions left out (same session id)")
            });
        }
        let pending = library.journal_only_count();
        if pending > 0 {
            parts.push(format!(
                "{} only in a journal ({JOURNAL_ONLY})",
                plural(pending, "note")
            ));
        }
        let mut spans = vec![Span::styled(parts.join(" · "), p.muted)];
        if !library.skipped().is_empty() {
            spans.push(Span::styled(" · ", p.muted));
            spans.push(Span::styled(
                format!(
                    "⚠ {} could not be read (Sessions view)",
                    plural(library.skipped().len(), "file")
                ),
                p.warning,
            ));
        }
        let partial = library.partial().count();
        if partial > 0 {
            spans.push(Span::styled(" · ", p.muted));
            spans.push(Span::styled(
                format!(
                    "⚠ {} read only in part (Sessions view)",
                    plural(partial, "session")
                ),
                p.warning,
            ));
        }
        Line::from(spans)
    };
    Paragraph::new(line).style(p.base).render(area, buf);
}

/// The end of `text` that fits in `room` columns (the cursor end of a field).
fn tail(text: &str, room: usize) -> String {
    let mut w = 0;
    let mut out: Vec<&str> = Vec::new();
    for g in text.graphemes(true).rev() {
        w += width(g);
        if w > room {
            break;
        }
        out.push(g);
    }
    out.reverse();
    out.concat()
}
