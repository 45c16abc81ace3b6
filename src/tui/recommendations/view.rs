//! Recommendations grouped by audience, the editor, and drafts from the top-voted themes.

use crate::model::{Recommendation, Session};
use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::form::FormKind;
use crate::tui::screens::outcomes::{form, heading};
use crate::tui::widgets::{fit, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    if let Some(f) = &app.outcomes.form {
        let title = match f.kind {
            FormKind::Recommendation {
                new: true,
                draft: true,
                ..
            } => "New recommendation, from a draft: the room's words — edit before saving".into(),
            FormKind::Recommendation { new: true, .. } => "New recommendation".into(),
            FormKind::Recommendation { id, .. } => format!("Editing recommendation #{}", id.0),
            FormKind::Response { .. } | FormKind::Item { .. } => String::new(),
        };
        form(app, f, &title, Vec::new(), area, buf);
        return;
    }
    if let Some(drafts) = &app.outcomes.drafts {
        render_drafts(app, session, &drafts.list, drafts.cursor, area, buf);
        return;
    }
    let p = &app.palette;
    let w = area.width as usize;
    let count = session.recommendations.len();
    let mut lines: Vec<Line> = vec![heading(
        app,
        &format!(
            "Recommendations ({count}) — a new · Enter edit · D drafts from the top-voted themes"
        ),
        area.width,
    )];
    if count == 0 {
        for text in [
            "No recommendations yet.",
            "a writes one; D offers a draft for each top-voted theme (its label and the room's own words) to edit.",
        ] {
            for l in wrap(text, w, 3) {
                lines.push(Line::from(Span::styled(l, p.base)));
            }
        }
        Paragraph::new(lines).render(area, buf);
        return;
    }
    let text_lines = if area.height >= 30 { 3 } else { 2 };
    let mut selected_at = (0, 0);
    for (audience, list) in &app.outcomes.recs.groups {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            fit(&format!("For {audience} ({})", list.len()), w),
            p.prompt.add_modifier(Modifier::UNDERLINED),
        )));
        for &i in list {
            let rec = &session.recommendations[i];
            let selected = app.outcomes.recs.selected == Some(rec.id);
            let start = lines.len();
            let head = format!("{} #{} ", if selected { "▶" } else { " " }, rec.id.0);
            let indent = " ".repeat(head.chars().count());
            let text_w = w.saturating_sub(indent.len()).max(1);
            for (n, l) in wrap(&rec.text, text_w, text_lines).into_iter().enumerate() {
                let lead = if n == 0 {
                    Span::styled(head.clone(), if selected { p.selected } else { p.key })
                } else {
                    Span::styled(indent.clone(), p.base)
                };
                let style = if selected {
                    p.base.add_modifier(Modifier::BOLD)
                } else {
                    p.base
                };
                lines.push(Line::from(vec![lead, Span::styled(l, style)]));
            }
            lines.push(Line::from(Span::styled(
                fit(&format!("{indent}{}", meta(session, rec)), w),
                p.muted,
            )));
            if selected {
                for c in &rec.commitments {
                    lines.push(Line::from(Span::styled(
                        fit(&format!("{indent}✓ {} pledged: {}", c.who, c.what), w),
                        p.base,
                    )));
                }
            }
            if selected {
                selected_at = (start, lines.len());
            }
        }
    }
    render_scrolled(lines, selected_at, area, buf);
}

/// "owner: … · within 3 months · themes: … · principles: 2, 3 · 1 commitment".
pub(crate) fn meta(session: &Session, rec: &Recommendation) -> String {
    let mut parts = vec![format!(
        "owner: {}",
        if rec.owner.trim().is_empty() {
            "not set"
        } else {
            rec.owner.trim()
        }
    )];
    parts.push(
        rec.timeframe
            .as_ref()
            .map_or("timeframe not set".into(), |t| t.label()),
    );
    if !rec.themes.is_empty() {
        let labels: Vec<String> = rec
            .themes
            .iter()
            .map(|t| session.theme(*t).map_or(t.to_string(), |t| t.label.clone()))
            .collect();
        parts.push(format!("themes: {}", labels.join("; ")));
    }
    if !rec.steps.is_empty() {
        let numbers: Vec<String> = rec
            .steps
            .iter()
            .map(|s| {
                session
                    .framework
                    .step_index(s)
                    .map_or(s.clone(), |i| (i + 1).to_string())
            })
            .collect();
        parts.push(format!("steps: {}", numbers.join(", ")));
    }
    parts.push(crate::export::plural(rec.commitments.len(), "commitment"));
    parts.join(" · ")
}

fn render_drafts<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    drafts: &[Recommendation],
    cursor: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let w = area.width as usize;
    let mut lines = vec![heading(
        app,
        "Drafts from the top-voted themes — Enter takes one into the editor, Esc closes",
        area.width,
    )];
    for l in wrap(
        "Each draft only restates the theme's label and the room's own words: nothing is saved until you edit and save it.",
        w,
        3,
    ) {
        lines.push(Line::from(Span::styled(l, p.muted)));
    }
    if drafts.is_empty() {
        lines.push(Line::from(""));
        for l in wrap(
            "No drafts: every theme with dots already has a recommendation, or nobody has voted yet. Esc goes back; a writes a recommendation from scratch.",
            w,
            4,
        ) {
            lines.push(Line::from(Span::styled(l, p.base)));
        }
    }
    let text_lines = if area.height >= 30 { 4 } else { 3 };
    let mut selected_at = (0, 0);
    for (i, d) in drafts.iter().enumerate() {
        lines.push(Line::from(""));
        let start = lines.len();
        let selected = i == cursor;
        let head = format!("{} {}. ", if selected { "▶" } else { " " }, i + 1);
        let indent = " ".repeat(head.chars().count());
        for (n, l) in wrap(&d.text, w.saturating_sub(indent.len()).max(1), text_lines)
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 {
                Span::styled(head.clone(), if selected { p.selected } else { p.key })
            } else {
                Span::styled(indent.clone(), p.base)
            };
            lines.push(Line::from(vec![lead, Span::styled(l, p.base)]));
        }
        lines.push(Line::from(Span::styled(
            fit(
                &format!("{indent}for {} · {}", d.audience, meta(session, d)),
                w,
            ),
            p.muted,
        )));
        if selected {
            selected_at = (start, lines.len());
        }
    }
    render_scrolled(lines, selected_at, area, buf);
}

/// Draws `lines`, scrolled so that the selected entry (its first and past-last line) is in view.
fn render_scrolled(
    lines: Vec<Line<'_>>,
    selected_at: (usize, usize),
    area: Rect,
    buf: &mut Buffer,
) {
    let h = area.height as usize;
    let scroll = if selected_at.1 > h {
        (selected_at.1 - h).min(selected_at.0.saturating_sub(1))
    } else {
        0
    };
    Paragraph::new(lines)
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .render(area, buf);
}
