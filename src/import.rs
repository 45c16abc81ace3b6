//! Notes from spreadsheets: CSV bytes (UTF-8 with or without BOM, comma or semicolon, quoted
//! newlines) into rows, with every bad row reported by its spreadsheet row number.

/// Longest note text accepted, in characters; longer cells are almost always a pasting mistake.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A CSV file read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    /// Good rows: their spreadsheet row number (the header is row 1) and their cells, padded
    /// with empty cells to the header's width.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Rows that could not be read, with why.
    pub problems: Vec<RowProblem>,
    pub delimiter: u8,
}

/// A row that was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Spreadsheet row number (the header is row 1).
    pub row: usize,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.message)
    }
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("the header row could not be read: {0}")]
    Header(String),
    #[error("there is no column `{name}`; the columns are: {}", .columns.join(", "))]
    NoColumn { name: String, columns: Vec<String> },
}

/// Comma or semicolon: whichever occurs more often outside quotes in the first line.
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Reads a CSV file's bytes. Rows with more cells than the header, or that are not UTF-8,
/// are reported and skipped; short rows are padded with empty cells.
pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Empty);
    }
    let delimiter = sniff_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| SheetError::Header(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut row = 1;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                row += 1;
                if record.len() > headers.len() {
                    problems.push(RowProblem {
                        row,
                        message: format!(
                            "{} cells, but the header has {} columns",
                            record.len(),
                            headers.len()
                        ),
                    });
                    continue;
                }
                let mut cells = Vec::with_capacity(headers.len());
                let mut bad = None;
                for (i, cell) in record.iter().enumerate() {
                    match std::str::from_utf8(cell) {
                        Ok(s) => cells.push(s.to_string()),
                        Err(_) => {
                            bad = Some(format!("column `{}` is not UTF-8 text", headers[i]));
                            break;
                        }
                    }
                }
                if let Some(message) = bad {
                    problems.push(RowProblem { row, message });
                    continue;
                }
                cells.resize(headers.len(), String::new());
                rows.push((row, cells));
            }
            Err(e) => {
                row += 1;
                problems.push(RowProblem {
                    row,
                    message: format!("could not be read: {e}"),
                });
            }
        }
    }
    Ok(Sheet {
        headers,
        rows,
        problems,
        delimiter,
    })
}

impl Sheet {
    /// The index of column `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Result<usize, SheetError> {
        self.headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| SheetError::NoColumn {
                name: name.to_string(),
                columns: self.headers.clone(),
            })
    }

    /// The index of column `name` when it exists.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.column(name).ok()
    }
}

/// Checks a note's text: not empty, not overlong. Returns it trimmed.
pub fn check_text(text: &str) -> Result<&str, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the text is empty".into());
    }
    let chars = t.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(format!(
            "the text is {chars} characters long; a note holds at most {MAX_NOTE_CHARS}"
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bom_semicolons_and_quoted_newlines() {
        let bytes = "\u{feff}text;table\n\"two\nlines; one cell\";A\nplain;B\n".as_bytes();
        let sheet = read(bytes).unwrap();
        assert_eq!(sheet.delimiter, b';');
        assert_eq!(sheet.headers, ["text", "table"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(
            sheet.rows[0],
            (2, vec!["two\nlines; one cell".into(), "A".into()])
        );
        assert_eq!(sheet.rows[1].0, 3, "row numbers count records, not lines");
    }

    #[test]
    fn long_and_broken_rows_are_reported_by_row() {
        let bytes = b"text,table\nok,A\ntoo,many,cells\nshort\n\xff\xfe,A\n";
        let sheet = read(bytes).unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1], (4, vec!["short".into(), String::new()]));
        let rows: Vec<usize> = sheet.problems.iter().map(|p| p.row).collect();
        assert_eq!(rows, [3, 5]);
        assert!(sheet.problems[0].to_string().starts_with("row 3: 3 cells"));
    }

    #[test]
    fn texts_are_checked() {
        assert!(check_text("  ").is_err());
        assert!(check_text(&"x".repeat(MAX_NOTE_CHARS + 1)).is_err());
        assert_eq!(check_text(" fine "), Ok("fine"));
    }

    #[test]
    fn missing_columns_name_the_ones_there_are() {
        let sheet = read(b"note,table\nx,A\n").unwrap();
        let e = sheet.column("text").unwrap_err();
        assert_eq!(
            e.to_string(),
            "there is no column `text`; the columns are: note, table"
        );
        assert!(read(b"").is_err());
    }
}
