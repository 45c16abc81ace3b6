//! The Sessions view: every session read, to select which ones the other views cover, and
//! beside it the files that could not be read, with why.

use super::{cell, plural, right, thousands};
use crate::review::{Library, Skipped};
use crate::tui::review::app::{Drawn, ReviewApp};
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

/// A skipped file as `path:line:col: message`, with the path shown short.
pub fn skipped_line(app: &ReviewApp, s: &Skipped) -> String {
    let full = s.to_string();
    let long = s.path.display().to_string();
    match full.strip_prefix(&long) {
        Some(rest) => format!("{}{rest}", app.short_path(&s.path)),
        None => full,
    }
}

/// The sessions list, its columns fitted to the width, and the unreadable files beside or
/// under it.
pub(super) fn draw(
    app: &ReviewApp,
    library: &Library,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let skipped = library.skipped();
    let (list_area, panel) = if skipped.is_empty() {
        (area, None)
    } else if area.width >= 100 {
        let pw = (area.width / 3).min(56);
        (
            Rect {
                width: area.width - pw,
                ..area
            },
            Some(Rect {
                x: area.x + area.width - pw,
                width: pw,
                ..area
            }),
        )
    } else {
        let ph = (skipped.len() as u16 * 2 + 2).min(area.height / 3).max(3);
        (
            Rect {
                height: area.height - ph,
                ..area
            },
            Some(Rect {
                y: area.y + area.height - ph,
                height: ph,
                ..area
            }),
        )
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            format!(
                " Sessions: {} of {} selected ",
                thousands(app.selected.iter().filter(|s| **s).count()),
                thousands(library.sessions().len())
            ),
            p.title,
        ));
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let w = inner.width as usize;
    // Columns: mark, title, date, place, tables, notes, themes, recommendations, journal.
    // A column for notes only in a journal (and read warnings), when any session has them.
    let journal_w = if library.partial().next().is_some() {
        10 // room for "⚠ partial"
    } else if library.journal_only_count() > 0
        || library.sessions().iter().any(|l| !l.warnings.is_empty())
    {
        9
    } else {
        0
    };
    let fixed = 4 + 11 + 7 + 7 + 7 + 6 + 1 + journal_w;
    let show_place = w >= fixed + 14 + 20;
    let place_w = if show_place { 14 } else { 0 };
    let title_w = w.saturating_sub(fixed + place_w).max(6);
    let header = format!(
        "    {}{}{}{}{}{}{}{}",
        cell("title", title_w),
        cell(" date", 11),
        if show_place {
            cell(" place", place_w)
        } else {
            String::new()
        },
        right("tables", 7),
        right("notes", 7),
        right("themes", 7),
        right("recs", 6),
        if journal_w > 0 {
            right("journal", journal_w)
        } else {
            String::new()
        },
    );
    Paragraph::new(Line::from(Span::styled(fit(&header, w), p.muted)))
        .style(p.base)
        .render(Rect { height: 1, ..inner }, buf);
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let page = rows.height as usize;
    let mut c = app.sessions;
    c.clamp(library.sessions().len(), page);
    drawn.list = Some((rows, c.offset));
    drawn.page = page;
    for (line, si) in (c.offset..library.sessions().len()).take(page).enumerate() {
        let loaded = &library.sessions()[si];
        let s = &loaded.session;
        let here = si == c.at;
        let style = if here { p.selected } else { p.base };
        let mark = match (here, app.selected[si]) {
            (true, true) => "▶[x]",
            (true, false) => "▶[ ]",
            (false, true) => " [x]",
            (false, false) => " [ ]",
        };
        let mut spans = vec![
            Span::styled(mark, style),
            Span::styled(cell(&s.title, title_w), style),
            Span::styled(format!(" {}", cell(&s.date.to_string(), 10)), style),
        ];
        if show_place {
            spans.push(Span::styled(
                format!(" {}", cell(&s.place, place_w - 1)),
                style,
            ));
        }
        spans.push(Span::styled(
            format!(
                "{}{}{}{}",
                right(&thousands(s.tables.len()), 7),
                right(&thousands(s.notes.len()), 7),
                right(&thousands(s.themes.len()), 7),
                right(&thousands(s.recommendations.len()), 6),
            ),
            style,
        ));
        if journal_w > 0 {
            let mut mark = String::new();
            if !loaded.journal_only.is_empty() {
                mark.push_str(&format!("◌ {}", thousands(loaded.journal_only.len())));
            }
            if loaded.is_partial() {
                // Read only up to the damage in its journal.
                mark = "⚠ partial".to_string();
            } else if !loaded.warnings.is_empty() {
                mark.push_str(" ⚠");
            }
            let pad = journal_w.saturating_sub(width(&mark));
            spans.push(Span::styled(" ".repeat(pad), style));
            if !mark.is_empty() {
                spans.push(Span::styled(mark, p.warning));
            }
        }
        Paragraph::new(Line::from(spans)).style(p.base).render(
            Rect {
                y: rows.y + line as u16,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    if library.sessions().is_empty() {
        Paragraph::new(Span::styled("No session could be read.", p.warning)).render(rows, buf);
    } else if let Some(loaded) = library.sessions().get(c.at)
        && rows.height as usize > library.sessions().len() - c.offset + 2
    {
        // The file of the session under the cursor, under the list.
        let y = rows.y + (library.sessions().len() - c.offset) as u16 + 1;
        let mut text = format!("file: {}", app.short_path(&loaded.path));
        if let Some(damage) = &loaded.damage {
            let journal = app.short_path(&damage.journal);
            text.push_str(&format!(" · {}", damage.what_is_shown_with(&journal)));
        }
        for warning in &loaded.warnings {
            text.push_str(&format!(" · warning: {warning}"));
        }
        Paragraph::new(Line::from(Span::styled(fit(&text, w), p.muted))).render(
            Rect {
                y,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    if let Some(panel) = panel {
        bad_files(app, skipped, panel, buf);
    }
}

/// The panel of files that could not be read, as many as fit.
fn bad_files(app: &ReviewApp, skipped: &[Skipped], area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(
            format!(" ⚠ {} could not be read ", plural(skipped.len(), "file")),
            p.warning,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for s in skipped {
        for (i, l) in wrap(&skipped_line(app, s), w.saturating_sub(2), 4)
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "✗ " } else { "  " };
            lines.push(Line::from(Span::styled(format!("{lead}{l}"), p.base)));
        }
        if lines.len() > inner.height as usize {
            break;
        }
    }
    if lines.len() > inner.height as usize && inner.height > 0 {
        lines.truncate(inner.height as usize - 1);
        lines.push(Line::from(Span::styled("… (all listed on quit)", p.muted)));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}
