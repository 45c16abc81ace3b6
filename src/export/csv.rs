//! CSV for spreadsheets and analysis tools: notes, themes or recommendations, one row each.
//!
//! RFC 4180 (quoted fields, CRLF line ends), UTF-8 with a byte-order mark so spreadsheet apps
//! read accents right, and text cells that a spreadsheet would run as a formula neutralised.

use super::{Options, prepare};
use crate::model::{Response, ResponseTarget, Session};
use std::collections::HashMap;

/// Which rows to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Notes,
    Themes,
    Recommendations,
}

/// The columns each note has in every notes CSV, in order (research exports of many sessions
/// add theirs after these). `session_id` and `note_global_id` are the session's uuid and the
/// note's id in the research dataset: the same in every format. The response columns list every response to the note, oldest
/// first, separated by "; " (see [`response_cells`]).
pub const NOTE_COLUMNS: &[&str] = &[
    "session",
    "session_date",
    "note_id",
    "table",
    "table_name",
    "table_mix",
    "step_number",
    "step_id",
    "step_title",
    "principle_number",
    "kind",
    "text",
    "tags",
    "lived_experience",
    "sensitive",
    "created",
    "theme_id",
    "theme_label",
    "placed_by",
    "theme_dots",
    "response_kind",
    "response",
    "response_owner",
    "response_status",
    "session_id",
    "note_global_id",
];

/// The response columns, in order: the same in the notes and the themes tables.
const RESPONSE_COLUMNS: [&str; 4] = [
    "response_kind",
    "response",
    "response_owner",
    "response_status",
];

/// The cells of `responses` in the [`RESPONSE_COLUMNS`]: each column lists every response,
/// oldest first, separated by "; " (as tags are), so a second response is never lost; empty
/// when there is none. A `responses` column beside them says how many there are.
pub fn response_cells(responses: &[&Response]) -> [String; 4] {
    let join = |cell: &dyn Fn(&Response) -> String| {
        responses
            .iter()
            .map(|r| cell(r))
            .collect::<Vec<_>>()
            .join("; ")
    };
    [
        join(&|r| r.kind.label().to_string()),
        join(&|r| r.text.clone()),
        join(&|r| r.owner.clone()),
        join(&|r| r.status.label().to_string()),
    ]
}

/// Every response of the session grouped by what it answers, each list oldest first.
fn responses_by_target(s: &Session) -> HashMap<ResponseTarget, Vec<&Response>> {
    let mut out: HashMap<ResponseTarget, Vec<&Response>> = HashMap::new();
    for r in &s.responses {
        out.entry(r.target).or_default().push(r);
    }
    out
}

/// Makes a cell safe to open in a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'`, so it is shown as text and never run as a formula.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The rows of `table` (header first), as text cells, before neutralising.
pub fn rows(session: &Session, options: &Options, table: CsvTable) -> Vec<Vec<String>> {
    let (s, _) = prepare(session, options);
    let mut out = Vec::new();
    match table {
        CsvTable::Notes => {
            let mut header: Vec<String> = NOTE_COLUMNS.iter().map(|c| c.to_string()).collect();
            header.push("responses".into());
            out.push(header);
            let responses = responses_by_target(&s);
            for (n, mut row) in s.notes.iter().zip(note_rows(&s)) {
                let count = responses
                    .get(&ResponseTarget::Note(n.id))
                    .map_or(0, Vec::len);
                row.push(count.to_string());
                out.push(row);
            }
        }
        CsvTable::Themes => {
            out.push(
                [
                    "session",
                    "theme_id",
                    "label",
                    "origin",
                    "step_id",
                    "notes",
                    "dots",
                    "dots_by_table",
                ]
                .iter()
                .chain(&RESPONSE_COLUMNS)
                .chain(&["responses", "session_id", "theme_global_id"])
                .map(|c| c.to_string())
                .collect(),
            );
            let responses = responses_by_target(&s);
            for t in &s.themes {
                let notes = s.notes.iter().filter(|n| n.theme == Some(t.id)).count();
                let by_table: Vec<String> = s
                    .votes
                    .iter()
                    .filter(|v| v.theme == t.id)
                    .map(|v| {
                        let letter = s.table(v.table).map_or("?", |t| t.letter.as_str());
                        format!("{letter}:{}", v.dots)
                    })
                    .collect();
                let answers = responses
                    .get(&ResponseTarget::Theme(t.id))
                    .map_or(&[][..], Vec::as_slice);
                let mut row = vec![
                    s.title.clone(),
                    t.id.0.to_string(),
                    t.label.clone(),
                    format!("{:?}", t.origin).to_lowercase(),
                    t.step.clone().unwrap_or_default(),
                    notes.to_string(),
                    s.theme_dots(t.id).to_string(),
                    by_table.join(" "),
                ];
                row.extend(response_cells(answers));
                row.push(answers.len().to_string());
                row.push(s.uuid.to_string());
                row.push(crate::dataset::theme_id(s.uuid, t.id).to_string());
                out.push(row);
            }
        }
        CsvTable::Recommendations => {
            out.push(
                [
                    "session",
                    "recommendation_id",
                    "audience",
                    "text",
                    "owner",
                    "timeframe",
                    "themes",
                    "steps",
                    "commitments",
                    "session_id",
                    "recommendation_global_id",
                ]
                .iter()
                .map(|c| c.to_string())
                .collect(),
            );
            for r in &s.recommendations {
                let themes: Vec<String> = r
                    .themes
                    .iter()
                    .map(|t| {
                        s.theme(*t)
                            .map_or_else(|| t.to_string(), |t| t.label.clone())
                    })
                    .collect();
                let commitments: Vec<String> = r
                    .commitments
                    .iter()
                    .map(|c| format!("{}: {}", c.who, c.what))
                    .collect();
                out.push(vec![
                    s.title.clone(),
                    r.id.0.to_string(),
                    r.audience.clone(),
                    r.text.clone(),
                    r.owner.clone(),
                    r.timeframe.as_ref().map(|t| t.label()).unwrap_or_default(),
                    themes.join("; "),
                    r.steps.join("; "),
                    commitments.join("; "),
                    s.uuid.to_string(),
                    crate::dataset::recommendation_id(s.uuid, r.id).to_string(),
                ]);
            }
        }
    }
    out
}

/// One row per note, in the columns of [`NOTE_COLUMNS`], with every response to the note.
pub fn note_rows(s: &Session) -> Vec<Vec<String>> {
    let responses = responses_by_target(s);
    let principle_numbers: std::collections::HashMap<&str, usize> = s
        .framework
        .principles()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i + 1))
        .collect();
    s.notes
        .iter()
        .map(|n| {
            let table = s.table(n.table);
            let step_index = s.framework.step_index(&n.step);
            let theme = n.theme.and_then(|t| s.theme(t));
            let answers = responses
                .get(&ResponseTarget::Note(n.id))
                .map_or(&[][..], Vec::as_slice);
            let mut row = vec![
                s.title.clone(),
                s.date.to_string(),
                n.id.0.to_string(),
                table.map(|t| t.letter.clone()).unwrap_or_default(),
                table.map(|t| t.name.clone()).unwrap_or_default(),
                table
                    .map(|t| {
                        t.mix
                            .iter()
                            .map(|m| m.label())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
                step_index.map(|i| (i + 1).to_string()).unwrap_or_default(),
                n.step.clone(),
                s.framework
                    .step(&n.step)
                    .map(|st| st.title.clone())
                    .unwrap_or_default(),
                principle_numbers
                    .get(n.step.as_str())
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                n.kind.label().to_string(),
                n.text.clone(),
                n.tags.join("; "),
                n.lived_experience.to_string(),
                n.sensitive.to_string(),
                n.created.to_string(),
                n.theme.map(|t| t.0.to_string()).unwrap_or_default(),
                theme.map(|t| t.label.clone()).unwrap_or_default(),
                n.placed_by
                    .map(|o| format!("{o:?}").to_lowercase())
                    .unwrap_or_default(),
                n.theme
                    .map(|t| s.theme_dots(t).to_string())
                    .unwrap_or_default(),
            ];
            row.extend(response_cells(answers));
            row.push(s.uuid.to_string());
            row.push(crate::dataset::note_id(s.uuid, n.id).to_string());
            row
        })
        .collect()
}

/// Writes rows as RFC 4180 CSV for analysis tools (`--csv-raw`): every cell exactly as written,
/// no formula guard and no byte-order mark. Not for opening in a spreadsheet.
pub fn write_rows_raw(rows: &[Vec<String>]) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row)
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("cells are UTF-8")
}

/// Writes rows as RFC 4180 CSV with a UTF-8 byte-order mark, neutralising every cell.
pub fn write_rows(rows: &[Vec<String>]) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row.iter().map(|c| neutralise(c)))
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    let mut out = String::from('\u{feff}');
    out.push_str(&String::from_utf8(bytes).expect("cells are UTF-8"));
    out
}

/// The CSV export of one table of the session.
pub fn csv(session: &Session, options: &Options, table: CsvTable) -> String {
    write_rows(&rows(session, options, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_table_has_the_response_columns_in_order() {
        let at = NOTE_COLUMNS
            .iter()
            .position(|c| *c == RESPONSE_COLUMNS[0])
            .unwrap();
        assert_eq!(&NOTE_COLUMNS[at..at + 4], RESPONSE_COLUMNS);
    }
}
