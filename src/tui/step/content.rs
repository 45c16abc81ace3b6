//! What the step view shows in place of the notes at the agenda's themes and recommendations
//! steps: the themes with their notes and dots (and their rank once dots are placed), or the
//! recommendations by audience. Read-only, with the key that opens the full view. At a
//! follow-up's "Since last time" step, last time's promises ([`crate::tui::follow_up::view`]).

use crate::export::plural;
use crate::framework::StepKind;
use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::screens::recommendations::meta;
use crate::tui::widgets::{fit, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The keys that open the full views (bound in every view of a session, see the keymap).
pub const THEMES_KEY: &str = "F6";
pub const VOTING_KEY: &str = "F7";
pub const RECOMMENDATIONS_KEY: &str = "R";

/// True for the steps whose content is shown instead of their notes.
pub fn shows_content(kind: StepKind) -> bool {
    matches!(
        kind,
        StepKind::Themes | StepKind::Voting | StepKind::Recommendations | StepKind::FollowUp
    )
}

/// True when there is something to show (themes, or recommendations) at a step of `kind`.
pub fn has_content<S: SessionStore>(app: &App<S>, kind: StepKind) -> bool {
    app.session().is_some_and(|s| match kind {
        StepKind::Recommendations => !s.recommendations.is_empty(),
        StepKind::FollowUp => s.follow_up.as_ref().is_some_and(|f| !f.items.is_empty()),
        _ => !s.themes.is_empty(),
    })
}

/// One row of the content: its text and style, and whether it starts an item (a theme or a
/// recommendation: what "↓ n more" counts).
type Row = (Vec<Span<'static>>, bool);

/// Draws the content of a step of `kind` in `area` (the place of the step's notes), with
/// `notes` the notes written at this step (said, since they are not listed here).
pub fn render<S: SessionStore>(
    app: &App<S>,
    kind: StepKind,
    notes: usize,
    area: Rect,
    buf: &mut Buffer,
) {
    if area.height == 0 || app.session().is_none() {
        return;
    }
    if kind == StepKind::FollowUp {
        return crate::tui::follow_up::view::render(app, notes, area, buf);
    }
    let p = &app.palette;
    let (mut heading, rows) = match kind {
        StepKind::Recommendations => recommendations(app, area.width as usize),
        _ => themes(app, area.width as usize),
    };
    if notes > 0 {
        heading.push_str(&format!(
            " · {} written at this step: Tab shows them",
            plural(notes, "note")
        ));
    }
    let heading_lines = wrap(&heading, area.width as usize, 2);
    let mut y = area.y;
    for l in heading_lines {
        if y >= area.bottom() {
            return;
        }
        Paragraph::new(Line::from(Span::styled(
            l,
            p.muted.add_modifier(Modifier::BOLD),
        )))
        .render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
        y += 1;
    }
    // As many rows as fit, whole items only, then how many items are left out.
    let items = rows.iter().filter(|(_, starts)| *starts).count();
    let room = area.bottom().saturating_sub(y) as usize;
    let mut end = rows.len();
    if rows.len() > room {
        end = room.saturating_sub(1);
        while end > 0 && !rows.get(end).is_none_or(|(_, starts)| *starts) {
            end -= 1;
        }
    }
    let shown = rows[..end].iter().filter(|(_, starts)| *starts).count();
    for (spans, _) in rows.into_iter().take(end) {
        Paragraph::new(Line::from(spans)).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
        y += 1;
    }
    if shown < items && y < area.bottom() {
        let key = match kind {
            StepKind::Recommendations => RECOMMENDATIONS_KEY,
            // The voting view ranks them the same way.
            _ => VOTING_KEY,
        };
        Paragraph::new(Line::from(Span::styled(
            fit(
                &format!("↓ {} more · {key} shows them all", items - shown),
                area.width as usize,
            ),
            p.key,
        )))
        .render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// `text` wrapped in `w` columns after `lead` (the first row) and as many spaces (the others).
fn wrapped(lead: Vec<Span<'static>>, text: &str, style: Style, w: usize) -> Vec<Row> {
    let lead_w: usize = lead.iter().map(|s| width(&s.content)).sum();
    let lines = wrap(text, w.saturating_sub(lead_w).max(1), usize::MAX);
    let mut lead = Some(lead);
    lines
        .into_iter()
        .map(|l| {
            let starts = lead.is_some();
            let mut spans = lead
                .take()
                .unwrap_or_else(|| vec![Span::raw(" ".repeat(lead_w))]);
            spans.push(Span::styled(l, style));
            (spans, starts)
        })
        .collect()
}

/// The themes, most dots first, with their notes (the ranking of the voting view).
fn themes<S: SessionStore>(app: &App<S>, w: usize) -> (String, Vec<Row>) {
    let Some(session) = app.session() else {
        return (String::new(), Vec::new());
    };
    let p = &app.palette;
    let ranking = &app.themes.votes.ranking;
    let unthemed = app
        .themes
        .index
        .columns
        .first()
        .filter(|c| c.theme.is_none())
        .map_or(0, |c| c.notes.len());
    if ranking.is_empty() {
        let heading = format!(
            "No themes yet · {THEMES_KEY} opens the themes view: g suggests themes from the notes, c makes one"
        );
        return (heading, Vec::new());
    }
    let voted = ranking.iter().any(|r| r.dots > 0);
    let mut heading = plural(ranking.len(), "theme");
    if unthemed > 0 {
        heading.push_str(&format!(" · {} not in a theme", plural(unthemed, "note")));
    }
    heading.push_str(&format!(
        " · {THEMES_KEY} opens the themes view, {VOTING_KEY} the voting"
    ));
    if !voted {
        heading.push_str(" · no dots yet");
    }
    let dots_w = ranking
        .iter()
        .map(|r| width(&plural(r.dots as usize, "dot")))
        .max()
        .unwrap_or(0);
    let notes_w = ranking
        .iter()
        .map(|r| width(&plural(r.notes, "note")))
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    for r in ranking {
        let label = session.theme(r.theme).map_or("", |t| t.label.as_str());
        let mut lead = Vec::new();
        if voted {
            let rank = if r.dots > 0 {
                format!("#{}", r.rank)
            } else {
                String::new()
            };
            lead.push(Span::styled(
                format!("{rank:>4}  "),
                p.base.add_modifier(Modifier::BOLD),
            ));
            lead.push(Span::styled(
                format!("{:>dots_w$}  ", plural(r.dots as usize, "dot")),
                if r.dots > 0 { p.key } else { p.muted },
            ));
        }
        lead.push(Span::styled(
            format!("{:>notes_w$}  ", plural(r.notes, "note")),
            p.muted,
        ));
        rows.extend(wrapped(lead, label, p.base.add_modifier(Modifier::BOLD), w));
    }
    (heading, rows)
}

/// The recommendations by audience, as the recommendations view groups them.
fn recommendations<S: SessionStore>(app: &App<S>, w: usize) -> (String, Vec<Row>) {
    let Some(session) = app.session() else {
        return (String::new(), Vec::new());
    };
    let p = &app.palette;
    let count = session.recommendations.len();
    if count == 0 {
        let heading = format!(
            "No recommendations yet · {RECOMMENDATIONS_KEY} opens the recommendations: a writes one, D drafts one for each top-voted theme"
        );
        return (heading, Vec::new());
    }
    let heading = format!(
        "{} · {RECOMMENDATIONS_KEY} opens the recommendations to write or change them",
        plural(count, "recommendation")
    );
    let mut rows = Vec::new();
    for (audience, list) in &app.outcomes.recs.groups {
        let Some(&first) = list.first() else {
            continue;
        };
        for (n, &i) in list.iter().enumerate() {
            let Some(rec) = session.recommendations.get(i) else {
                continue;
            };
            let mut item = Vec::new();
            if i == first {
                item.push((
                    vec![Span::styled(
                        fit(&format!("For {audience} ({})", list.len()), w),
                        p.prompt.add_modifier(Modifier::UNDERLINED),
                    )],
                    n == 0,
                ));
            }
            let lead = vec![Span::styled(format!("  #{} ", rec.id.0), p.key)];
            let lead_w = width(&lead[0].content);
            let mut text = wrapped(lead, &rec.text, p.base, w);
            if i == first {
                // The audience's heading starts the item: its first recommendation joins it.
                text[0].1 = false;
            }
            item.extend(text);
            item.push((
                vec![Span::styled(
                    fit(&format!("{}{}", " ".repeat(lead_w), meta(session, rec)), w),
                    p.muted,
                )],
                false,
            ));
            rows.extend(item);
        }
    }
    (heading, rows)
}
