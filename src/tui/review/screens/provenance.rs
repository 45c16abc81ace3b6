//! The Provenance view: one note in full, and where it came from (session, file, table, step,
//! time, theme, responses, and whether it is only in a journal or read from a damaged one).

use super::{JOURNAL_ONLY, marked, match_style};
use crate::model::Stakeholder;
use crate::review::{Library, highlight};
use crate::tui::review::app::ReviewApp;
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The note chosen in the Notes view, in full, and its provenance field by field.
pub(super) fn draw(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" Where this note came from ", p.title))
        .title_bottom(
            Line::from(Span::styled(" ↑↓ previous / next note · Esc back ", p.key)).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(row) = app.provenance.filter(|r| *r < library.rows().len()) else {
        Paragraph::new(Span::styled(
            "No note chosen: pick one in the Notes view (2) and press Enter.",
            p.muted,
        ))
        .render(inner, buf);
        return;
    };
    let w = inner.width as usize;
    let pr = library.provenance(row);
    let note = library.note(row);
    let loaded = library.session_of(row);
    let table = loaded.session.table(note.table);
    let mut lines: Vec<Line> = Vec::new();
    let shown = !note.sensitive || app.filter.include_sensitive;
    let text = if shown {
        note.text.as_str()
    } else {
        "sensitive — hidden (v shows sensitive notes)"
    };
    let query = app.filter.search.as_str();
    for l in wrap(text, w.saturating_sub(2), 8) {
        let ranges = if shown && !query.trim().is_empty() {
            highlight(&l, query)
        } else {
            Vec::new()
        };
        let mut spans = vec![Span::styled("  ", p.prompt)];
        spans.extend(marked(&l, &ranges, w, p.prompt, match_style(p.prompt)));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    let field = |name: &str, value: String| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{name:>10}  "), p.muted),
            Span::styled(value, p.base),
        ])
    };
    let place = if loaded.session.place.is_empty() {
        String::new()
    } else {
        format!(" · {}", loaded.session.place)
    };
    lines.push(field(
        "session",
        format!("{} ({}){place}", pr.session_title, pr.session_date),
    ));
    lines.push(field("file", app.short_path(&pr.session_path)));
    // The ids the research dataset and every export give them.
    lines.push(field("session id", loaded.session.uuid.to_string()));
    lines.push(field(
        "note id",
        crate::dataset::note_id(loaded.session.uuid, crate::model::NoteId(pr.note_id)).to_string(),
    ));
    let mix: Vec<&str> = pr
        .table_mix
        .iter()
        .map(|m: &Stakeholder| m.label())
        .collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{:>10}  ", "table"), p.muted),
        table_marker(table, p),
        Span::styled(
            format!(
                " {}{}",
                pr.table_name,
                if mix.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", mix.join(", "))
                }
            ),
            p.base,
        ),
    ]));
    lines.push(field(
        "step",
        format!(
            "{}. {}{}",
            pr.step_number,
            pr.step_title,
            pr.principle
                .map(|n| format!(" (principle {n})"))
                .unwrap_or_default()
        ),
    ));
    lines.push(field(
        "kind",
        format!(
            "{} {} · note #{}",
            pr.kind.symbol(),
            pr.kind.label(),
            pr.note_id
        ),
    ));
    lines.push(field(
        "time",
        pr.created.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    ));
    lines.push(field(
        "theme",
        pr.theme.clone().unwrap_or_else(|| "— in no theme".into()),
    ));
    if pr.responses.is_empty() {
        lines.push(field("response", "— none yet".into()));
    }
    for r in &pr.responses {
        lines.push(field(
            "response",
            format!("{} ({}, {}): {}", r.kind, r.status, r.owner, r.text),
        ));
    }
    if !note.tags.is_empty() {
        lines.push(field("tags", note.tags.join(", ")));
    }
    let mut marks = Vec::new();
    if pr.lived_experience {
        marks.push("◆LE lived-experience voice");
    }
    if pr.sensitive {
        marks.push("⊘ sensitive");
    }
    if !marks.is_empty() {
        lines.push(field("marks", marks.join(" · ")));
    }
    if pr.journal_only {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", "saved"), p.muted),
            Span::styled(
                format!("{JOURNAL_ONLY}: only in the journal, the session may still be open"),
                p.warning,
            ),
        ]));
    }
    if let Some(damage) = &loaded.damage {
        let journal = app.short_path(&damage.journal);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", "read"), p.muted),
            Span::styled(
                format!("⚠ {}", damage.what_is_shown_with(&journal)),
                p.warning,
            ),
        ]));
    }
    Paragraph::new(lines)
        .style(p.base)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(inner, buf);
}
