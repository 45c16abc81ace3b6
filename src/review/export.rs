//! One dataset from many sessions: the selected notes as CSV, JSON records or a REFI-QDA project.

use super::library::Library;
use crate::dataset::Source;
use crate::export::{self, NOTE_COLUMNS, Options, note_rows, prepare, write_rows};
use crate::model::{NoteId, Response, ResponseTarget, Session};
use std::collections::{HashMap, HashSet};

/// Formats of the combined dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewFormat {
    /// One row per note: the single-session CSV columns, then `session_file`.
    Csv,
    /// The same records as a JSON array of objects.
    Json,
    /// A REFI-QDA project (`.qdpx`) for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Qdpx,
}

/// The columns of the combined CSV: those of a single session's notes CSV
/// ([`NOTE_COLUMNS`], `session` first), then the file each note was read from, how many
/// responses the note has, and where the session's journal is damaged when only part of the
/// session could be read (empty when it was read whole).
///
/// Every response to a note is in its row: with several, each response column lists them
/// oldest first, separated by "; " (as tags are); the JSON has them as a list of objects.
pub fn review_columns() -> Vec<&'static str> {
    let mut columns = NOTE_COLUMNS.to_vec();
    columns.extend(["session_file", "responses", "journal_damaged_at"]);
    columns
}

/// One note of the combined dataset: its cells and every response to it.
struct Record {
    cells: Vec<String>,
    responses: Vec<Response>,
    /// The session's uuid, for the responses' global ids.
    session: uuid::Uuid,
}

/// JSON columns holding whole numbers or true/false rather than text.
const INTEGER_COLUMNS: &[&str] = &[
    "note_id",
    "step_number",
    "principle_number",
    "theme_id",
    "theme_dots",
];
const BOOLEAN_COLUMNS: &[&str] = &["lived_experience", "sensitive"];

impl Library {
    /// Each session that has notes among `rows`, reduced to those notes (in file order).
    /// Sessions come in library order; the index into [`Library::sessions`] comes with each.
    pub fn selected_sessions(&self, rows: &[usize]) -> Vec<(usize, Session)> {
        let mut wanted: Vec<HashSet<NoteId>> = vec![HashSet::new(); self.sessions.len()];
        for &i in rows {
            let r = &self.rows[i];
            wanted[r.session as usize].insert(r.id);
        }
        wanted
            .into_iter()
            .enumerate()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(si, ids)| {
                let mut s = self.sessions[si].session.clone();
                s.notes.retain(|n| ids.contains(&n.id));
                (si, s)
            })
            .collect()
    }

    /// The notes of the combined dataset with every response to each.
    fn records(&self, rows: &[usize], options: &Options) -> Vec<Record> {
        self.selected_sessions(rows)
            .into_iter()
            .flat_map(|(si, s)| self.session_records(si, &s, options))
            .collect()
    }

    /// The records of the notes of `s`, the session at `si` reduced to the selected notes.
    fn session_records(&self, si: usize, s: &Session, options: &Options) -> Vec<Record> {
        let mut out = Vec::new();
        let (prepared, _) = prepare(s, options);
        let loaded = &self.sessions[si];
        let file = self.file_label(si);
        // The journal beside the file, named as the file is.
        let damaged_at = loaded
            .damage
            .as_ref()
            .map(|d| {
                let name = d.journal.file_name().unwrap_or_default().to_string_lossy();
                let dir = std::path::Path::new(&file)
                    .parent()
                    .unwrap_or(std::path::Path::new(""));
                format!("{}:{}", dir.join(name.as_ref()).display(), d.line)
            })
            .unwrap_or_default();
        let mut responses: HashMap<NoteId, Vec<Response>> = HashMap::new();
        for r in &prepared.responses {
            if let ResponseTarget::Note(id) = r.target {
                responses.entry(id).or_default().push(r.clone());
            }
        }
        // The response columns already list every response (as the single-session CSV).
        for (note, mut cells) in prepared.notes.iter().zip(note_rows(&prepared)) {
            debug_assert_eq!(cells.len(), NOTE_COLUMNS.len());
            let responses = responses.remove(&note.id).unwrap_or_default();
            cells.push(file.clone());
            cells.push(responses.len().to_string());
            cells.push(damaged_at.clone());
            out.push(Record {
                cells,
                responses,
                session: s.uuid,
            });
        }
        out
    }

    /// The rows of the combined dataset (header first), before neutralising.
    pub fn dataset(&self, rows: &[usize], options: &Options) -> Vec<Vec<String>> {
        let mut out = vec![review_columns().iter().map(|c| c.to_string()).collect()];
        out.extend(self.records(rows, options).into_iter().map(|r| r.cells));
        out
    }

    /// The selected notes of every session as one CSV: RFC 4180, UTF-8 with a byte-order mark,
    /// cells that a spreadsheet would run as a formula neutralised (as the single-session CSV).
    pub fn csv(&self, rows: &[usize], options: &Options) -> String {
        write_rows(&self.dataset(rows, options))
    }

    /// The same rows for analysis tools (`--csv-raw`): cells exactly as written, no formula
    /// guard, no byte-order mark.
    pub fn csv_raw(&self, rows: &[usize], options: &Options) -> String {
        export::write_rows_raw(&self.dataset(rows, options))
    }

    /// The same records as a JSON array of objects keyed by column name. Numbers and
    /// true/false are typed; an empty cell is `null`; `responses` is the list of every
    /// response to the note (`response_global_id`, `kind`, `text`, `owner`, `status`), oldest first.
    pub fn json(&self, rows: &[usize], options: &Options) -> String {
        let header = review_columns();
        let records: Vec<serde_json::Value> = self
            .records(rows, options)
            .iter()
            .map(|r| record_json(&header, r))
            .collect();
        let mut text =
            serde_json::to_string_pretty(&records).expect("JSON values always serialise");
        text.push('\n');
        text
    }

    /// The same records as JSON Lines: one object per line, written as it goes, for corpora
    /// too big for one JSON array. Characters a terminal would act on are escaped.
    pub fn jsonl(
        &self,
        rows: &[usize],
        options: &Options,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let header = review_columns();
        for (si, s) in self.selected_sessions(rows) {
            for r in self.session_records(si, &s, options) {
                let line = serde_json::to_string(&record_json(&header, &r))
                    .expect("JSON values always serialise");
                out.write_all(crate::terminal_text::escape_json(&line).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Hands each session of the research dataset to `each` ([`crate::dataset::emit`] makes
    /// its rows): with `rows`, the sessions that have notes among them, holding only those
    /// notes; without, every session whole. Sensitive notes are left out unless asked for and
    /// names removed when anonymising, as in every export.
    pub fn each_source<E>(
        &self,
        rows: Option<&[usize]>,
        options: &Options,
        each: &mut dyn FnMut(&Source) -> Result<(), E>,
    ) -> Result<(), E> {
        let chosen: Vec<(usize, Session)> = match rows {
            Some(rows) => self.selected_sessions(rows),
            None => self
                .sessions
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s.session.clone()))
                .collect(),
        };
        for (si, s) in chosen {
            let loaded = &self.sessions[si];
            let (prepared, _) = prepare(&s, options);
            let file = self.file_label(si);
            each(&Source {
                session: &prepared,
                file: &file,
                journal_only: &loaded.journal_only,
                journal_entries: loaded.replayed,
                partial: loaded.is_partial(),
                left_out: loaded.session.notes.len() - prepared.notes.len(),
                include_sensitive: options.include_sensitive,
            })?;
        }
        Ok(())
    }

    /// The codebook of the selected notes' sessions: their principles and themes, with the
    /// GUIDs of [`Library::qdpx`] (a `.qdc` file).
    pub fn qdc(&self, rows: &[usize], options: &Options) -> String {
        let sessions: Vec<Session> = self
            .selected_sessions(rows)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        export::qdc(&sessions, options)
    }

    /// The selected notes as one REFI-QDA project (the bytes of a `.qdpx` file).
    pub fn qdpx(&self, rows: &[usize], options: &Options) -> Vec<u8> {
        let sessions: Vec<Session> = self
            .selected_sessions(rows)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        export::qdpx(&sessions, options)
    }
}

/// One record of the combined dataset as a JSON object (see [`Library::json`]).
fn record_json(
    header: &[&str],
    Record {
        cells,
        responses,
        session,
    }: &Record,
) -> serde_json::Value {
    let mut record = serde_json::Map::new();
    for (column, cell) in header.iter().zip(cells) {
        let value = if *column == "responses" {
            responses
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "response_global_id": crate::dataset::response_id(*session, r.id).to_string(),
                        "kind": r.kind.label(),
                        "text": r.text,
                        "owner": r.owner,
                        "status": r.status.label(),
                    })
                })
                .collect()
        } else if cell.is_empty() {
            serde_json::Value::Null
        } else if INTEGER_COLUMNS.contains(column) {
            cell.parse::<u64>()
                .map_or_else(|_| cell.clone().into(), serde_json::Value::from)
        } else if BOOLEAN_COLUMNS.contains(column) {
            serde_json::Value::Bool(cell == "true")
        } else {
            cell.clone().into()
        };
        record.insert(column.to_string(), value);
    }
    serde_json::Value::Object(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_columns_extend_the_single_session_columns() {
        let columns = review_columns();
        assert_eq!(&columns[..NOTE_COLUMNS.len()], NOTE_COLUMNS);
        assert_eq!(
            &columns[NOTE_COLUMNS.len()..],
            ["session_file", "responses", "journal_damaged_at"]
        );
    }
}
