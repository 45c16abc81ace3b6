//! The Compare view: each principle across the sessions, its notes by stakeholder group and
//! each session's top themes.

use super::{cell, plural, right, short_name, thousands};
use crate::model::Stakeholder;
use crate::review::Library;
use crate::tui::palette::Palette;
use crate::tui::review::app::{Drawn, ReviewApp};
use crate::tui::widgets::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Short column names for the stakeholder groups (indexed like `Stakeholder::ALL`).
const GROUP_COLUMNS: [&str; 8] = [
    "public", "employer", "volunt.", "lived", "union", "educ.", "support", "other",
];

/// The same, in at most five columns.
const GROUP_SHORT: [&str; 8] = [
    "publ", "empl", "vol", "lived", "union", "educ", "supp", "other",
];

/// The comparison computed for the current rows, scrolled to `app.compare_scroll`; only the
/// lines that fit are built.
pub(super) fn draw(
    app: &ReviewApp,
    library: &Library,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let Some(comparison) = &app.compare else {
        Paragraph::new(Span::styled("Comparing…", p.muted)).render(area, buf);
        return;
    };
    let height = area.height as usize;
    drawn.page = height;
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    let mut skip = app.compare_scroll;
    let mut push = |line: Line<'static>, lines: &mut Vec<Line>| {
        if skip > 0 {
            skip -= 1;
            true
        } else {
            lines.push(line);
            lines.len() < height
        }
    };
    let head = Line::from(Span::styled(
        fit(
            "Each principle across sessions: notes by stakeholder group at the table (a mixed table counts for each group), top themes",
            w,
        ),
        p.muted,
    ));
    if !push(head, &mut lines) {
        return finish(lines, area, p, buf);
    }
    if comparison.is_empty() {
        push(
            Line::from(Span::styled("No principles in these sessions.", p.muted)),
            &mut lines,
        );
    }
    'principles: for pc in comparison {
        let with: Vec<_> = pc.sessions.iter().filter(|s| s.notes > 0).collect();
        let blank = Line::from("");
        if !push(blank, &mut lines) {
            break;
        }
        let title = format!(
            "{}. {} — {} in {}",
            pc.number,
            pc.title,
            plural(pc.notes(), "note"),
            plural(with.len(), "session")
        );
        if !push(
            Line::from(Span::styled(fit(&title, w), p.title)),
            &mut lines,
        ) {
            break;
        }
        let totals = pc.by_stakeholder();
        let groups: Vec<usize> = (0..8).filter(|g| totals[*g] > 0).collect();
        let all: Vec<String> = groups
            .iter()
            .map(|g| format!("{} {}", Stakeholder::ALL[*g].label(), thousands(totals[*g])))
            .collect();
        if !all.is_empty() {
            let line = Line::from(Span::styled(
                fit(&format!("  {}", all.join(" · ")), w),
                p.base,
            ));
            if !push(line, &mut lines) {
                break;
            }
        }
        if with.is_empty() {
            continue;
        }
        // Narrow screens get short group names, so the top themes still show.
        let wide = w >= 2 + 16 + 6 + 9 * groups.len() + 30;
        let (name_w, col_w, names) = if wide {
            (16.min(w / 4), 9, &GROUP_COLUMNS)
        } else {
            (12.min(w / 4), 6, &GROUP_SHORT)
        };
        let mut header = format!("  {}{}", cell("session", name_w), right("notes", 6));
        for g in &groups {
            header.push_str(&right(names[*g], col_w));
        }
        header.push_str("  top themes");
        if !push(
            Line::from(Span::styled(fit(&header, w), p.muted)),
            &mut lines,
        ) {
            break;
        }
        for sp in with {
            let mut text = format!(
                "  {}{}",
                cell(&short_name(library, sp.session), name_w),
                right(&thousands(sp.notes), 6)
            );
            for g in &groups {
                text.push_str(&right(&thousands(sp.by_stakeholder[*g]), col_w));
            }
            let themes: Vec<String> = sp
                .top_themes
                .iter()
                .map(|t| format!("{} ({})", t.label, t.notes))
                .collect();
            text.push_str("  ");
            text.push_str(&if themes.is_empty() {
                "—".to_string()
            } else {
                themes.join("; ")
            });
            if !push(Line::from(Span::styled(fit(&text, w), p.base)), &mut lines) {
                break 'principles;
            }
        }
    }
    finish(lines, area, p, buf)
}

fn finish(lines: Vec<Line>, area: Rect, p: &Palette, buf: &mut Buffer) {
    Paragraph::new(lines).style(p.base).render(area, buf);
}
