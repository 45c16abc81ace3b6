//! One dataset from many sessions: the selected notes as CSV, JSON records or a REFI-QDA project.

use super::library::Library;
use crate::export::{self, NOTE_COLUMNS, Options, note_rows, prepare, write_rows};
use crate::model::{NoteId, Session};
use std::collections::HashSet;

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
/// ([`NOTE_COLUMNS`], `session` first), then the file each note was read from.
pub fn review_columns() -> Vec<&'static str> {
    let mut columns = NOTE_COLUMNS.to_vec();
    columns.push("session_file");
    columns
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

    /// The rows of the combined dataset (header first), before neutralising.
    pub fn dataset(&self, rows: &[usize], options: &Options) -> Vec<Vec<String>> {
        let mut out = vec![review_columns().iter().map(|c| c.to_string()).collect()];
        for (si, s) in self.selected_sessions(rows) {
            let (prepared, _) = prepare(&s, options);
            let file = self.sessions[si].path.display().to_string();
            for mut row in note_rows(&prepared) {
                debug_assert_eq!(row.len(), NOTE_COLUMNS.len());
                row.push(file.clone());
                out.push(row);
            }
        }
        out
    }

    /// The selected notes of every session as one CSV: RFC 4180, UTF-8 with a byte-order mark,
    /// cells that a spreadsheet would run as a formula neutralised (as the single-session CSV).
    pub fn csv(&self, rows: &[usize], options: &Options) -> String {
        write_rows(&self.dataset(rows, options))
    }

    /// The same records as a JSON array of objects keyed by column name. Numbers and
    /// true/false are typed; an empty cell is `null`.
    pub fn json(&self, rows: &[usize], options: &Options) -> String {
        let data = self.dataset(rows, options);
        let (header, body) = data.split_first().expect("the header is always there");
        let records: Vec<serde_json::Value> = body
            .iter()
            .map(|row| {
                let mut record = serde_json::Map::new();
                for (column, cell) in header.iter().zip(row) {
                    let value = if cell.is_empty() {
                        serde_json::Value::Null
                    } else if INTEGER_COLUMNS.contains(&column.as_str()) {
                        cell.parse::<u64>()
                            .map_or_else(|_| cell.clone().into(), serde_json::Value::from)
                    } else if BOOLEAN_COLUMNS.contains(&column.as_str()) {
                        serde_json::Value::Bool(cell == "true")
                    } else {
                        cell.clone().into()
                    };
                    record.insert(column.clone(), value);
                }
                serde_json::Value::Object(record)
            })
            .collect();
        let mut text =
            serde_json::to_string_pretty(&records).expect("JSON values always serialise");
        text.push('\n');
        text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_columns_extend_the_single_session_columns() {
        let columns = review_columns();
        assert_eq!(&columns[..NOTE_COLUMNS.len()], NOTE_COLUMNS);
        assert_eq!(columns.last(), Some(&"session_file"));
    }
}
