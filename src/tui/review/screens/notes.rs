//! The Notes view: the filter bar, then every note the filters let through, one per line,
//! with the search's matches marked.

use super::{JOURNAL_ONLY, cell, marked, match_style, short_name, thousands};
use crate::model::Table;
use crate::review::{Library, ResponseFilter, ThemeFilter, highlight};
use crate::tui::review::app::{Drawn, ReviewApp};
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The filter bar's parts, as words.
fn filter_words(app: &ReviewApp) -> Vec<String> {
    let f = &app.filter;
    let mut out = Vec::new();
    let chosen = app.selected.iter().filter(|s| **s).count();
    if chosen < app.selected.len() {
        out.push(format!("sessions {chosen} of {}", app.selected.len()));
    }
    if let Some(wanted) = &f.principle {
        out.push(format!("principle {}", app.principle_label(wanted)));
    }
    if let Some(s) = f.step.as_deref() {
        out.push(format!("step {s}"));
    }
    if let Some(s) = f.stakeholder {
        out.push(format!("group: {}", s.label()));
    }
    if let Some(k) = f.kind {
        out.push(format!("kind: {} {}", k.symbol(), k.label()));
    }
    if let Some(r) = f.response {
        out.push(match r {
            ResponseFilter::None => "response: none yet".to_string(),
            ResponseFilter::Any => "response: any".to_string(),
            ResponseFilter::Status(s) => format!("response: {}", s.label()),
        });
    }
    if let Some(t) = &f.tag {
        out.push(format!("tag #{t}"));
    }
    match &f.theme {
        Some(ThemeFilter::Label(l)) => out.push(format!("theme “{l}”")),
        Some(ThemeFilter::Unthemed) => out.push("in no theme".into()),
        None => {}
    }
    if !f.search.trim().is_empty() {
        out.push(format!("search “{}”", f.search.trim()));
    }
    if f.include_sensitive {
        out.push("sensitive shown".into());
    }
    out
}

/// The filter bar and the visible window of the notes it lets through.
pub(super) fn draw(
    app: &ReviewApp,
    library: &Library,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let words = filter_words(app);
    let count = format!(
        "{} of {} notes",
        thousands(app.rows.len()),
        thousands(library.rows().len())
    );
    let mut spans = vec![Span::styled(format!("{count} "), p.title)];
    if words.is_empty() {
        spans.push(Span::styled(
            "· no filters: / search · p principle · s group · c kind · r response · # tag · T theme",
            p.muted,
        ));
    } else {
        spans.push(Span::styled("· ", p.muted));
        spans.push(Span::styled(words.join(" · "), p.prompt));
        spans.push(Span::styled("  (x clears)", p.muted));
    }
    let bar_text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    let bar_h: u16 = if width(&bar_text) > w { 2 } else { 1 };
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(
            Rect {
                height: bar_h,
                ..area
            },
            buf,
        );
    let list = Rect {
        y: area.y + bar_h,
        height: area.height.saturating_sub(bar_h),
        ..area
    };
    let page = list.height as usize;
    let mut c = app.notes;
    c.clamp(app.rows.len(), page);
    drawn.list = Some((list, c.offset));
    drawn.page = page;
    if app.rows.is_empty() {
        let text = if library.rows().is_empty() {
            "These sessions have no notes."
        } else {
            "No note matches. x clears the filters; Esc clears the search."
        };
        Paragraph::new(Span::styled(text, p.muted)).render(list, buf);
        return;
    }
    let session_w = (w / 6).clamp(4, 18);
    let query = app.filter.search.as_str();
    for (line, pos) in (c.offset..app.rows.len()).take(page).enumerate() {
        let row = app.rows[pos];
        let r = library.rows()[row];
        let loaded = library.session_of(row);
        let note = library.note(row);
        let table: Option<&Table> = loaded.session.table(note.table);
        let here = pos == c.at;
        let style = if here { p.selected } else { p.base };
        let mut spans = vec![
            Span::styled(if here { "▶" } else { " " }, style),
            table_marker(table, p),
            Span::styled(format!(" {} ", note.kind.symbol()), style),
            Span::styled(
                cell(&short_name(library, r.session as usize), session_w),
                if here { style } else { p.muted },
            ),
            Span::styled(" ", style),
        ];
        if r.journal_only {
            spans.push(Span::styled(format!("{JOURNAL_ONLY} "), p.warning));
        }
        if note.sensitive {
            spans.push(Span::styled("⊘sens ", style.add_modifier(Modifier::BOLD)));
        }
        if note.lived_experience {
            spans.push(Span::styled("◆LE ", style.add_modifier(Modifier::BOLD)));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let ranges = if query.trim().is_empty() {
            Vec::new()
        } else {
            highlight(&note.text, query)
        };
        spans.extend(marked(
            &note.text,
            &ranges,
            w.saturating_sub(used),
            style,
            match_style(style),
        ));
        let filled: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.push(Span::styled(" ".repeat(w.saturating_sub(filled)), style));
        Line::from(spans).render(
            Rect {
                y: list.y + line as u16,
                height: 1,
                ..list
            },
            buf,
        );
    }
}
