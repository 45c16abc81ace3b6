//! The Themes view: themes found across workshops among the notes the filters select, and
//! sample notes of the one under the cursor.

use super::{cell, marked, plural, short_name, thousands};
use crate::review::Library;
use crate::tui::review::app::{Drawn, ReviewApp, Themes};
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The state of the clustering, then the themes found and sample notes of the one chosen.
pub(super) fn draw(
    app: &ReviewApp,
    library: &Library,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let head = match &app.themes {
        Themes::NotRun => Line::from(Span::styled(
            "Themes across workshops: r finds them among the notes the filters select.",
            p.muted,
        )),
        Themes::Running {
            notes, progress, ..
        } => Line::from(Span::styled(
            fit(
                &format!(
                    "Finding themes among {}… {progress}",
                    plural(*notes, "note")
                ),
                w,
            ),
            p.prompt,
        )),
        Themes::Found {
            generation,
            notes,
            of,
            themes,
        } => {
            let mut spans = vec![Span::styled(
                format!(
                    "{} among {}{} (clustering library) ",
                    plural(themes.len(), "theme"),
                    plural(*notes, "note"),
                    if notes < of {
                        format!(", an even sample of {}", thousands(*of))
                    } else {
                        String::new()
                    }
                ),
                p.title,
            )];
            if *generation != app.generation {
                spans.push(Span::styled(
                    "⚠ the filters changed since: r finds again",
                    p.warning,
                ));
            }
            Line::from(spans)
        }
    };
    Paragraph::new(head)
        .style(p.base)
        .render(Rect { height: 1, ..area }, buf);
    let Themes::Found { themes, .. } = &app.themes else {
        return;
    };
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if themes.is_empty() {
        Paragraph::new(Span::styled("No notes to group.", p.muted)).render(body, buf);
        return;
    }
    let (list, samples) = if body.width >= 100 {
        let lw = body.width * 9 / 20;
        (
            Rect { width: lw, ..body },
            Rect {
                x: body.x + lw,
                width: body.width - lw,
                ..body
            },
        )
    } else {
        let lh = body.height / 2;
        (
            Rect { height: lh, ..body },
            Rect {
                y: body.y + lh,
                height: body.height - lh,
                ..body
            },
        )
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" label · notes · sessions ", p.title));
    let inner = block.inner(list);
    block.render(list, buf);
    let page = inner.height as usize;
    let mut c = app.themes_cursor;
    c.clamp(themes.len(), page);
    drawn.list = Some((inner, c.offset));
    drawn.page = page;
    let lw = inner.width as usize;
    for (line, i) in (c.offset..themes.len()).take(page).enumerate() {
        let t = &themes[i];
        let here = i == c.at;
        let style = if here { p.selected } else { p.base };
        let counts = format!(
            " {} · {}",
            plural(t.rows.len(), "note"),
            plural(t.sessions, "session")
        );
        let label_w = lw.saturating_sub(width(&counts) + 1);
        let text = format!(
            "{}{}{counts}",
            if here { "▶" } else { " " },
            cell(&t.label, label_w)
        );
        Paragraph::new(Span::styled(cell(&text, lw), style)).render(
            Rect {
                y: inner.y + line as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
    let Some(t) = themes.get(c.at) else { return };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            fit(
                &format!(" “{}”: sample notes ", t.label),
                samples.width as usize,
            ),
            p.title,
        ));
    let inner = block.inner(samples);
    block.render(samples, buf);
    let sw = inner.width as usize;
    let mut lines = Vec::new();
    for &row in t.rows.iter().take(inner.height as usize) {
        let note = library.note(row);
        let r = library.rows()[row];
        let table = library.session_of(row).session.table(note.table);
        let mut spans = vec![
            table_marker(table, p),
            Span::styled(format!(" {} ", note.kind.symbol()), p.base),
            Span::styled(
                format!(
                    "{} ",
                    cell(&short_name(library, r.session as usize), 12.min(sw / 4))
                ),
                p.muted,
            ),
        ];
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.extend(marked(
            &note.text,
            &[],
            sw.saturating_sub(used),
            p.base,
            p.base,
        ));
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}
