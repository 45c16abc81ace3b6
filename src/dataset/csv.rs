//! The dataset as a folder of CSV files, one per table, with `datapackage.json` beside them.

use super::package::{Container, datapackage};
use super::{DatasetError, Sink, Table, Value};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Writes `TABLE.csv` for every table into a folder (which must exist): RFC 4180, UTF-8 without
/// a byte-order mark (the data package says the encoding), CRLF line ends, a header row.
pub struct CsvFolder {
    dir: PathBuf,
    writers: Vec<csv::Writer<BufWriter<File>>>,
    guard: bool,
    record: Vec<String>,
}

impl CsvFolder {
    /// With `guard`, text cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`…) get a
    /// leading `'`, as the notes CSV has them; without it (`--csv-raw`) every cell is as written.
    pub fn create(dir: &Path, guard: bool) -> Result<CsvFolder, DatasetError> {
        let mut writers = Vec::new();
        for t in Table::ALL {
            let path = dir.join(format!("{}.csv", t.name()));
            let file = File::create(&path)
                .map_err(|e| DatasetError::write(path.display().to_string(), e))?;
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(BufWriter::with_capacity(1 << 16, file));
            w.write_record(t.def().fields.iter().map(|f| f.name))
                .map_err(|e| DatasetError::write(path.display().to_string(), e))?;
            writers.push(w);
        }
        Ok(CsvFolder {
            dir: dir.to_path_buf(),
            writers,
            guard,
            record: Vec::new(),
        })
    }

    /// Flushes every table and writes `datapackage.json`.
    pub fn finish(self, about: &str) -> Result<(), DatasetError> {
        for (w, t) in self.writers.into_iter().zip(Table::ALL) {
            w.into_inner()
                .map_err(|e| e.to_string())
                .and_then(|b| b.into_inner().map_err(|e| e.to_string()))
                .map_err(|e| DatasetError::write(format!("{}.csv", t.name()), e))?;
        }
        let guarded = if self.guard {
            "Text cells that begin with =, +, -, @, a tab or a carriage return begin with an added \
             ' so that spreadsheets show them as text (export with --csv-raw for the text as written)."
        } else {
            "Every cell is as written (--csv-raw): open these files in analysis tools, not in a \
             spreadsheet, which may run a cell that begins with = as a formula."
        };
        let path = self.dir.join("datapackage.json");
        std::fs::write(
            &path,
            datapackage(Container::Csv, &format!("{about} {guarded}")),
        )
        .map_err(|e| DatasetError::write(path.display().to_string(), e))
    }
}

impl Sink for CsvFolder {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        self.record.clear();
        for v in row {
            let text = v.to_text();
            self.record.push(match v {
                Value::Text(_) if self.guard => crate::export::neutralise(&text),
                _ => text,
            });
        }
        self.writers[table as usize]
            .write_record(&self.record)
            .map_err(|e| DatasetError::write(format!("{}.csv", table.name()), e))
    }
}
