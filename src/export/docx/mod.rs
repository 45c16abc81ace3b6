//! The workshop summary as a Word document (.docx): the Markdown and HTML summary's content
//! with real headings, tables and charts, for people who will edit it, print it, or send it on.
//!
//! [`writer`] is the builder (headings, paragraphs, quotes, tables, bar charts); [`chart`]
//! draws the charts; this module lays the summary out on them.

pub(crate) mod chart;
pub(crate) mod writer;
pub mod yousaid;

use super::summary::{Summary, quotes};
use super::{Options, plural, prepare};
use crate::model::{Note, Session};
use writer::{Document, Span};

/// Why a Word document could not be made (both are bugs, not bad input: the text of a
/// session cannot cause either).
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("could not draw a chart: {0}")]
    Chart(#[from] png::EncodingError),
    #[error("could not write the Word document: {0}")]
    Pack(String),
}

/// The summary of `session` as the bytes of a .docx file.
pub fn docx(session: &Session, options: &Options) -> Result<Vec<u8>, DocxError> {
    let (s, withheld) = prepare(session, options);
    let sum = Summary::new(&s, withheld);
    let mut d = Document::new(
        &s.title,
        &format!("Workshop summary: {}", s.framework.name),
        s.created,
    );
    d.heading(1, &s.title);
    let mut line = vec![s.date.strftime("%A %-d %B %Y").to_string()];
    line.extend(
        [&s.venue, &s.place]
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(|x| user(x)),
    );
    d.paragraph(&line.join(" · "));
    if !s.facilitators.is_empty() {
        let names: Vec<String> = s.facilitators.iter().map(|f| user(f)).collect();
        d.paragraph(&format!("Facilitated by {}.", names.join(", ")));
    }
    d.paragraph(&format!(
        "Framework: {}. {} from {} across {}.",
        user(&s.framework.name),
        plural(s.notes.len(), "note"),
        plural(s.tables.len(), "table"),
        plural(sum.principles.len(), "principle"),
    ));
    if withheld > 0 {
        d.paragraph_spans(&[Span::Italic(&format!(
            "{} marked sensitive {} not included in this summary.",
            plural(withheld, "note"),
            if withheld == 1 { "is" } else { "are" }
        ))]);
    }

    d.heading(2, "Who was in the room");
    let rows: Vec<Vec<String>> = s
        .tables
        .iter()
        .map(|t| {
            let mix: Vec<&str> = t.mix.iter().map(|m| m.label()).collect();
            let count = s.notes.iter().filter(|n| n.table == t.id).count();
            vec![
                sum.table_name(t.id),
                if mix.is_empty() {
                    "—".to_string()
                } else {
                    mix.join(", ")
                },
                count.to_string(),
            ]
        })
        .collect();
    d.table(&["Table", "Stakeholders", "Notes"], &rows);

    if let Some(f) = &s.follow_up {
        d.heading(2, "Since last time");
        d.paragraph(&format!(
            "What became of the promises of “{}” ({}).",
            f.previous.title, f.previous.date
        ));
        let rows: Vec<Vec<String>> = f
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                vec![
                    (i + 1).to_string(),
                    format!("{} ({})", item.text, item.kind.label()),
                    item.owner.clone(),
                    super::markdown::since_status(item, s.date),
                    item.done.clone(),
                ]
            })
            .collect();
        d.table(&["#", "Promise", "Owner", "Status", "What was done"], &rows);
    }

    d.heading(2, "What the tables said");
    notes_chart(&mut d, &sum)?;
    for p in &sum.principles {
        d.heading(3, &format!("{}. {}", p.number, user(p.title)));
        if !p.prompt.is_empty() {
            d.paragraph_spans(&[Span::Italic(p.prompt)]);
        }
        if p.notes.is_empty() {
            d.paragraph("No notes yet.");
            continue;
        }
        let kinds: Vec<String> = Summary::kinds(&p.notes)
            .iter()
            .map(|(k, c)| plural(*c, k.label()))
            .collect();
        d.paragraph(&format!(
            "{} ({}).",
            plural(p.notes.len(), "note"),
            kinds.join(", ")
        ));
        for (_, label, notes) in &p.themes {
            d.paragraph_spans(&[
                Span::Bold(label),
                Span::Plain(&format!(" ({})", plural(notes.len(), "note"))),
            ]);
            for n in quotes(notes, 3) {
                d.quote(&n.text, &source(&sum, n));
            }
        }
        if !p.unthemed.is_empty() {
            if p.themes.is_empty() {
                let rows: Vec<Vec<String>> = p
                    .unthemed
                    .iter()
                    .map(|n| {
                        vec![
                            sum.table_letter(n.table),
                            n.text.clone(),
                            n.kind.label().to_string(),
                        ]
                    })
                    .collect();
                d.table(&["Table", "Note", "Kind"], &rows);
            } else {
                d.paragraph(&format!(
                    "Not yet in a theme: {}.",
                    plural(p.unthemed.len(), "note")
                ));
            }
        }
    }

    d.heading(2, "Priorities");
    if sum.priorities.is_empty() {
        d.paragraph("No themes yet: the room has not grouped or voted on the notes.");
    } else {
        priorities(&mut d, &sum)?;
        d.paragraph(&sum.dots_note(user));
    }

    d.heading(2, "Recommendations");
    if sum.by_audience.is_empty() {
        d.paragraph("No recommendations recorded yet.");
    }
    for (audience, recs) in &sum.by_audience {
        d.heading(3, &format!("For {}", user(&audience.to_lowercase())));
        let rows: Vec<Vec<String>> = recs
            .iter()
            .map(|r| {
                let mut what = user(&r.text);
                if !r.themes.is_empty() {
                    let themes: Vec<String> = r
                        .themes
                        .iter()
                        .map(|t| user(&sum.theme_label(*t)))
                        .collect();
                    what.push_str(&format!("\nAnswers: {}", themes.join("; ")));
                }
                if !r.steps.is_empty() {
                    let steps: Vec<String> =
                        r.steps.iter().map(|t| user(&sum.step_title(t))).collect();
                    what.push_str(&format!("\nPrinciples: {}", steps.join("; ")));
                }
                let commitments: Vec<String> = r
                    .commitments
                    .iter()
                    .map(|c| format!("{}: {}", user(&c.who), user(&c.what)))
                    .collect();
                vec![
                    what,
                    r.owner.clone(),
                    r.timeframe.as_ref().map(|t| t.label()).unwrap_or_default(),
                    commitments.join("\n"),
                ]
            })
            .collect();
        d.table(&["Recommendation", "Owner", "When", "Commitments"], &rows);
    }

    d.heading(2, "You said, we did");
    if sum.you_said.is_empty() {
        d.paragraph("No responses recorded yet.");
    } else {
        let rows: Vec<Vec<String>> = sum
            .you_said
            .iter()
            .map(|(said, r)| {
                vec![
                    user(said),
                    format!("{}: {}", r.kind.label(), user(&r.text)),
                    r.owner.clone(),
                    r.status.label().to_string(),
                ]
            })
            .collect();
        d.table(&["You said", "We did", "Owner", "Status"], &rows);
    }

    d.heading(2, "Appendix: every note");
    for (step, tables) in sum.appendix() {
        d.heading(3, &step.title);
        let rows: Vec<Vec<String>> = tables
            .iter()
            .flat_map(|(table, notes)| {
                notes.iter().map(|n| {
                    vec![
                        sum.table_name(*table),
                        n.text.clone(),
                        sum.note_marks(n, user),
                    ]
                })
            })
            .collect();
        d.table(&["Table", "Note", "About it"], &rows);
    }
    d.paragraph_spans(&[Span::Italic(&format!(
        "Made with convene from a session saved at revision {}.",
        s.revision
    ))]);
    d.finish()
}

/// User text to be put together with other text in one paragraph or cell: as typed (the
/// document's parts escape it), with any bidirectional override or isolate it opens closed
/// at its end, so that it cannot reorder what follows ([`writer::clean`]).
fn user(text: &str) -> String {
    writer::clean(text)
}

/// Who said a quoted note, and what kind of note it is: "table A, lived experience, idea".
fn source(sum: &Summary, n: &Note) -> String {
    format!("{}, {}", sum.quote_source(n, user), n.kind.label())
}

/// Notes per principle: the chart, and the numbers by table.
fn notes_chart(d: &mut Document, sum: &Summary) -> Result<(), DocxError> {
    if sum.principles.iter().all(|p| p.notes.is_empty()) {
        return Ok(());
    }
    let bars: Vec<(&str, u64)> = sum
        .principles
        .iter()
        .map(|p| (p.title, p.notes.len() as u64))
        .collect();
    let by_table = |p: &super::PrincipleSummary| {
        let parts: Vec<String> = p
            .per_table
            .iter()
            .filter(|(_, c)| *c > 0)
            .map(|(t, c)| format!("{} {c}", user(&sum.table_letter(*t))))
            .collect();
        listed(parts)
    };
    let rows: Vec<Vec<String>> = sum
        .principles
        .iter()
        .map(|p| vec![p.title.to_string(), p.notes.len().to_string(), by_table(p)])
        .collect();
    let values: Vec<String> = sum
        .principles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}. {}: {} ({})",
                i + 1,
                user(p.title),
                plural(p.notes.len(), "note"),
                by_table(p)
            )
        })
        .collect();
    let alt = format!(
        "Bar chart of the notes written under each principle, by table. {}.",
        values.join("; ")
    );
    d.bar_chart(
        "Notes per principle",
        &alt,
        &bars,
        &["Principle", "Notes", "By table"],
        &rows,
    )
}

/// The priorities: dots per theme as a chart (once any dots are placed), with the ranking and
/// the dots by stakeholder group as its table.
fn priorities(d: &mut Document, sum: &Summary) -> Result<(), DocxError> {
    let by_group = |t: &super::ThemeSummary| {
        let parts: Vec<String> = sum
            .groups
            .iter()
            .filter_map(|g| {
                let dots = t.dots_by_group.get(g).copied().unwrap_or(0);
                (dots > 0).then(|| format!("{} {dots}", g.label()))
            })
            .collect();
        listed(parts)
    };
    let rows: Vec<Vec<String>> = sum
        .priorities
        .iter()
        .map(|t| {
            vec![
                t.rank.clone(),
                t.label.to_string(),
                t.notes.to_string(),
                t.dots.to_string(),
                by_group(t),
            ]
        })
        .collect();
    let header = [
        "Rank",
        "Theme",
        "Notes",
        "Dots",
        "Dots by stakeholder group",
    ];
    if sum.priorities.iter().all(|t| t.dots == 0) {
        d.table(&header, &rows);
        return Ok(());
    }
    let bars: Vec<(&str, u64)> = sum
        .priorities
        .iter()
        .map(|t| (t.label, u64::from(t.dots)))
        .collect();
    let values: Vec<String> = sum
        .priorities
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{}. {} (rank {}): {}",
                i + 1,
                user(t.label),
                t.rank,
                plural(t.dots as usize, "dot")
            )
        })
        .collect();
    let alt = format!(
        "Bar chart of the dots the room placed on each theme, most first. {}.",
        values.join("; ")
    );
    d.bar_chart("Dots per theme", &alt, &bars, &header, &rows)
}

/// Parts of a cell separated by commas, or a dash when there are none.
fn listed(parts: Vec<String>) -> String {
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(", ")
    }
}
