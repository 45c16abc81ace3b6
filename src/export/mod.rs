//! Exports: the workshop summary (Markdown, HTML, Word) and data for analysis (CSV, JSON, REFI-QDA).
//!
//! Every exporter is a pure function of a session and [`Options`]; writing files is the
//! caller's job.

mod csv;
pub(crate) mod docx;
pub mod html;
mod json;
mod markdown;
mod qdpx;
mod summary;
pub mod yousaid;

pub use csv::{
    CsvTable, NOTE_COLUMNS, csv, neutralise, note_rows, rows as csv_rows, write_rows,
    write_rows_raw,
};
pub use docx::{DocxError, docx};
pub use html::{escape as html_escape, html};
pub use json::json;
pub use markdown::{inline as markdown_inline, markdown};
pub use qdpx::{
    QDA_NAMESPACE, QDC_NAMESPACE, clean as qdpx_clean, guid as qdpx_guid, qdc, qdpx, qdpx_files,
};
pub use summary::{PrincipleSummary, Summary, ThemeSummary};
pub use yousaid::{GroupBy, YouSaid, YouSaidOptions};

pub use crate::model::plural;
use crate::model::{ResponseTarget, Session};

/// What stands in for the words of a carried item that quotes a note marked sensitive.
pub const SENSITIVE_QUOTE: &str = "(quotes a note marked sensitive: left out)";

/// What to include and how to present people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include notes marked sensitive (left out by default).
    pub include_sensitive: bool,
    /// Remove facilitators' names and show tables by their letter only.
    pub anonymise: bool,
}

/// The session as it should be exported: sensitive notes (and responses to them) removed
/// unless asked for, names removed when anonymising. Counts of what was left out are kept.
pub fn prepare(session: &Session, options: &Options) -> (Session, usize) {
    let mut s = session.clone();
    let mut withheld = 0;
    if !options.include_sensitive {
        let hidden: std::collections::HashSet<_> = s
            .notes
            .iter()
            .filter(|n| n.sensitive)
            .map(|n| n.id)
            .collect();
        withheld = hidden.len();
        s.notes.retain(|n| !n.sensitive);
        s.responses
            .retain(|r| !matches!(r.target, ResponseTarget::Note(id) if hidden.contains(&id)));
        // Last time's promises that quote a sensitive note keep their row (its status is
        // still to report), without the note's words.
        if let Some(f) = &mut s.follow_up {
            for item in f.items.iter_mut().filter(|i| i.sensitive) {
                item.text = SENSITIVE_QUOTE.to_string();
            }
        }
    }
    if options.anonymise {
        s.facilitators.clear();
        for t in &mut s.tables {
            t.name = format!("Table {}", t.letter);
        }
    }
    (s, withheld)
}
