//! "You said / We did" as a Word document: the table a council circulates, on the document
//! builder, from the same [`YouSaid`] content as the Markdown and HTML.

use super::DocxError;
use super::writer::{Document, Span, clean};
use crate::export::yousaid::{COLUMNS, YouSaid};
use crate::model::ItemStatus;

/// The document's bytes. `created` dates the document's properties (the latest workshop's
/// creation time, so the same sessions give the same document).
pub fn docx(doc: &YouSaid, created: jiff::Timestamp) -> Result<Vec<u8>, DocxError> {
    let mut d = Document::new(&doc.heading(), "You said, we did", created);
    d.heading(1, &doc.heading());
    d.paragraph(&doc.covers());
    if doc.workshops.len() > 1 {
        d.table(
            &["Date", "Workshop"],
            &doc.workshops
                .iter()
                .map(|(t, date)| vec![date.to_string(), t.clone()])
                .collect::<Vec<_>>(),
        );
    }
    d.paragraph(&format!("{}.", doc.tally()));
    if let Some(l) = doc.left_out() {
        d.paragraph_spans(&[Span::Italic(&l)]);
    }
    for b in &doc.broken_links {
        d.paragraph_spans(&[Span::Italic(&format!("Note: {b}"))]);
    }
    // Where things stand, as a chart with its numbers: what a cabinet report shows first.
    let counts: Vec<(ItemStatus, u64)> = ItemStatus::ALL
        .iter()
        .map(|s| (*s, doc.rows().filter(|r| r.status == *s).count() as u64))
        .filter(|(_, n)| *n > 0)
        .collect();
    if !counts.is_empty() {
        let labels: Vec<String> = counts.iter().map(|(s, _)| capitalise(s.label())).collect();
        let bars: Vec<(&str, u64)> = labels
            .iter()
            .zip(&counts)
            .map(|(l, (_, n))| (l.as_str(), *n))
            .collect();
        let alt = format!(
            "Bar chart of promises by status: {}.",
            labels
                .iter()
                .zip(&counts)
                .map(|(l, (_, n))| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows: Vec<Vec<String>> = labels
            .iter()
            .zip(&counts)
            .map(|(l, (_, n))| vec![l.clone(), n.to_string()])
            .collect();
        d.bar_chart(
            "Where the promises stand",
            &alt,
            &bars,
            &["Status", "Promises"],
            &rows,
        )?;
    }
    if doc.groups.is_empty() {
        d.paragraph("No recommendations, pledges or responses were recorded.");
    }
    for g in &doc.groups {
        d.heading(2, &g.heading);
        let rows: Vec<Vec<String>> = g
            .rows
            .iter()
            .map(|r| {
                // Each piece of the room's text is cleaned before it is put together with other
                // words, so that a direction override in it cannot reorder them.
                let did = match r.did.as_slice() {
                    [] => r.did_text(),
                    [(_, one)] => clean(one),
                    many => many
                        .iter()
                        .map(|(d, t)| format!("{d}: {}", clean(t)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                vec![
                    format!(
                        "“{}”\n{}, {}",
                        clean(&r.said),
                        clean(&r.kind_text()),
                        r.said_at.1
                    ),
                    did,
                    r.by.clone(),
                    format!("{} {}", r.status.symbol(), r.status_text()),
                ]
            })
            .collect();
        d.table(&COLUMNS, &rows);
    }
    d.finish()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
