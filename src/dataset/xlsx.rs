//! The dataset as one Excel workbook: a sheet per table, typed cells.

use super::schema::FieldType;
use super::{DatasetError, Sink, Table, Value};
use jiff::civil::Date;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Data rows a sheet holds: Excel's 1,048,576 rows less the header.
pub const MAX_ROWS: usize = 1_048_575;
/// Characters (UTF-16 code units) a cell holds.
pub const MAX_TEXT: usize = 32_767;

/// Characters XML 1.0 cannot hold and the workbook's escapes do not cover (those below U+0020
/// are written as `_xHHHH_`).
const UNWRITABLE: [char; 2] = ['\u{FFFE}', '\u{FFFF}'];

/// The day Excel counts from (its serial number 0, for days after 1900-02-28).
const EXCEL_EPOCH: Date = jiff::civil::date(1899, 12, 30);
/// The first and last days a cell can hold as a date (before March 1900 Excel counts a day
/// that never was, 1900-02-29).
const FIRST_DAY: Date = jiff::civil::date(1900, 3, 1);
const LAST_DAY: Date = jiff::civil::date(9999, 12, 31);
/// The largest integer a cell (a double) holds exactly.
const EXACT: i64 = 1 << 53;

/// Writes every table as a sheet of a new workbook at a path, after a first sheet `about` that
/// lists every field. Each sheet has a bold header row, frozen; cells are typed (numbers,
/// booleans, dates `yyyy-mm-dd`, instants `yyyy-mm-dd hh:mm:ss` in UTC, everything else
/// text, never a formula). Sheets are streamed to temporary files (constant memory), so the
/// workbook's size is bounded by Excel's limits, not by memory: a table with more rows than a
/// sheet holds, or a text longer than a cell holds, is refused with an error saying which.
pub struct XlsxFile {
    path: PathBuf,
    workbook: Workbook,
    /// Data rows written to each table's sheet.
    rows: Vec<usize>,
    max_rows: usize,
    date: Format,
    datetime: Format,
}

/// A value's cell, as written: what a reader of the sheet gets back.
enum Cell<'a> {
    Blank,
    Text(&'a str),
    Owned(String),
    Number(f64),
    Boolean(bool),
    Date(f64),
    DateTime(f64),
}

fn xlsx_error(e: XlsxError) -> DatasetError {
    DatasetError::write("xlsx", e)
}

/// A day as Excel's serial number, when a cell can hold it as a date.
fn serial_day(d: Date) -> Option<f64> {
    (FIRST_DAY..=LAST_DAY)
        .contains(&d)
        .then(|| f64::from((d - EXCEL_EPOCH).get_days()))
}

fn cell(v: &Value) -> Cell<'_> {
    match v {
        Value::Null => Cell::Blank,
        Value::Id(u) => Cell::Owned(u.to_string()),
        Value::Text(s) => Cell::Text(s),
        Value::Integer(n) if (-EXACT..=EXACT).contains(n) => Cell::Number(*n as f64),
        Value::Boolean(b) => Cell::Boolean(*b),
        Value::Date(d) => serial_day(*d).map_or_else(|| Cell::Owned(v.to_text()), Cell::Date),
        Value::DateTime(t) => {
            let day = t.to_zoned(jiff::tz::TimeZone::UTC).date();
            match serial_day(day) {
                // Whole seconds: a double holds them to well under a millisecond.
                Some(_) => Cell::DateTime(t.as_second() as f64 / 86_400.0 + 25_569.0),
                None => Cell::Owned(v.to_text()),
            }
        }
        // Integers a double cannot hold exactly, days Excel cannot show: text, as written.
        Value::Integer(_) => Cell::Owned(v.to_text()),
    }
}

impl XlsxFile {
    pub fn create(path: &Path) -> Result<XlsxFile, DatasetError> {
        XlsxFile::with_row_limit(path, MAX_ROWS)
    }

    /// With a smaller row limit than a sheet's (tests).
    pub(crate) fn with_row_limit(path: &Path, max_rows: usize) -> Result<XlsxFile, DatasetError> {
        let mut workbook = Workbook::new();
        let header = Format::new().set_bold();
        let about = workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        write_about(about, &header).map_err(xlsx_error)?;
        for t in Table::ALL {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(xlsx_error)?;
            sheet.set_name(t.name()).map_err(xlsx_error)?;
            for (i, f) in t.def().fields.iter().enumerate() {
                let width: f64 = match f.kind {
                    FieldType::Id => 37.0,
                    FieldType::Text => 24.0,
                    FieldType::DateTime => 20.0,
                    FieldType::Date => 11.0,
                    _ => 10.0,
                };
                sheet
                    .set_column_width(i as u16, width.max(f.name.len() as f64 + 2.0))
                    .map_err(xlsx_error)?;
                sheet
                    .write_string_with_format(0, i as u16, f.name, &header)
                    .map_err(xlsx_error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        }
        Ok(XlsxFile {
            path: path.to_path_buf(),
            workbook,
            rows: vec![0; Table::ALL.len()],
            max_rows,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }

    /// Writes the workbook (over whatever file is at the path).
    pub fn finish(mut self) -> Result<(), DatasetError> {
        self.workbook.save(&self.path).map_err(xlsx_error)
    }
}

/// The first sheet: every table's fields, with type and meaning.
fn write_about(sheet: &mut Worksheet, header: &Format) -> Result<(), XlsxError> {
    sheet.set_name("about")?;
    let heads = [
        ("table", 26.0),
        ("field", 20.0),
        ("type", 10.0),
        ("required", 9.0),
        ("description", 90.0),
        ("allowed values", 40.0),
    ];
    for (i, (name, width)) in heads.iter().enumerate() {
        sheet.set_column_width(i as u16, *width)?;
        sheet.write_string_with_format(0, i as u16, *name, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 1;
    for t in Table::ALL {
        for f in t.def().fields {
            sheet.write_string(row, 0, t.name())?;
            sheet.write_string(row, 1, f.name)?;
            let kind = match f.kind {
                FieldType::Id => "uuid",
                FieldType::Text => "text",
                FieldType::Integer => "integer",
                FieldType::Boolean => "boolean",
                FieldType::Date => "date",
                FieldType::DateTime => "datetime (UTC)",
            };
            sheet.write_string(row, 2, kind)?;
            sheet.write_boolean(row, 3, f.required)?;
            sheet.write_string(row, 4, f.description)?;
            sheet.write_string(row, 5, f.values.join("; "))?;
            row += 1;
        }
    }
    row += 1;
    sheet.write_string(
        row,
        0,
        "Empty cells are empty values (an empty text in a required field is an empty cell too). \
         Integers beyond ±2^53 and dates before 1900-03-01 are written as text, exactly.",
    )?;
    Ok(())
}

impl Sink for XlsxFile {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        let fields = table.def().fields;
        let written = self.rows[table as usize];
        if written >= self.max_rows {
            return Err(DatasetError::TooManyRows {
                table: table.name(),
                rows: written + 1,
                max: self.max_rows,
            });
        }
        // Every text is checked before any cell of the row is written.
        for (f, v) in fields.iter().zip(row) {
            let Value::Text(s) = v else { continue };
            if let Some(&c) = UNWRITABLE.iter().find(|&&c| s.contains(c)) {
                return Err(DatasetError::write(
                    format!("xlsx: {}.{}", table.name(), f.name),
                    format!(
                        "a text with the character U+{:04X}, which a spreadsheet cannot hold; \
                         export to parquet, sqlite or dataset instead",
                        c as u32
                    ),
                ));
            }
            if s.len() > MAX_TEXT {
                let units = s.encode_utf16().count();
                if units > MAX_TEXT {
                    return Err(DatasetError::write(
                        format!("xlsx: {}.{}", table.name(), f.name),
                        format!(
                            "a text of {units} characters, more than a spreadsheet cell holds \
                             ({MAX_TEXT}); export to parquet, sqlite or dataset instead"
                        ),
                    ));
                }
            }
        }
        let sheet = self
            .workbook
            .worksheet_from_index(1 + table as usize)
            .map_err(xlsx_error)?;
        let r = (written + 1) as u32;
        for (i, v) in row.iter().enumerate() {
            let c = i as u16;
            match cell(v) {
                Cell::Blank => continue,
                Cell::Text(s) => sheet.write_string(r, c, s),
                Cell::Owned(s) => sheet.write_string(r, c, s),
                Cell::Number(n) => sheet.write_number(r, c, n),
                Cell::Boolean(b) => sheet.write_boolean(r, c, b),
                Cell::Date(d) => sheet.write_number_with_format(r, c, d, &self.date),
                Cell::DateTime(d) => sheet.write_number_with_format(r, c, d, &self.datetime),
            }
            .map_err(xlsx_error)?;
        }
        self.rows[table as usize] += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_refuses_the_row_past_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut x = XlsxFile::with_row_limit(&dir.path().join("d.xlsx"), 2).unwrap();
        let tag = |t: &str| {
            [
                Value::Id(uuid::Uuid::nil()),
                Value::Id(uuid::Uuid::nil()),
                Value::text(t),
            ]
        };
        x.row(Table::NoteTags, &tag("a")).unwrap();
        x.row(Table::NoteTags, &tag("b")).unwrap();
        // Other sheets count their own rows.
        x.row(
            Table::Sessions,
            &vec![Value::Null; Table::Sessions.def().fields.len()],
        )
        .unwrap();
        match x.row(Table::NoteTags, &tag("c")) {
            Err(DatasetError::TooManyRows { table, rows, max }) => {
                assert_eq!((table, rows, max), ("note_tags", 3, 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(MAX_ROWS + 1, 1 << 20, "a sheet's rows, with the header");
    }

    #[test]
    fn serial_numbers_are_excels() {
        assert_eq!(serial_day(jiff::civil::date(1900, 3, 1)), Some(61.0));
        assert_eq!(serial_day(jiff::civil::date(2026, 10, 8)), Some(46_303.0));
        assert_eq!(serial_day(jiff::civil::date(1899, 12, 31)), None);
        let t: jiff::Timestamp = "1970-01-02T06:00:00Z".parse().unwrap();
        match cell(&Value::DateTime(t)) {
            Cell::DateTime(d) => assert_eq!(d, 25_570.25),
            _ => panic!(),
        }
    }
}
