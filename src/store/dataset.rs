//! Writing the research dataset to disk: the chosen container, staged beside its name and put
//! in place whole once every session is in it.

use super::output::OutputError;
use super::staged::Staged;
use crate::dataset::{
    CsvFolder, DatasetError, ParquetFolder, Sink, Source, SqliteFile, Table, Value, XlsxFile,
};
use std::path::Path;

/// The containers of the research dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TidyFormat {
    /// A folder of CSV tables and `datapackage.json`; `guard`: the formula guard on text cells.
    Dataset { guard: bool },
    /// A folder of Parquet tables and `datapackage.json`.
    Parquet,
    /// One SQLite database.
    Sqlite,
    /// One Excel workbook.
    Xlsx,
}

impl TidyFormat {
    /// True when the output is a folder.
    pub fn is_folder(self) -> bool {
        matches!(self, TidyFormat::Dataset { .. } | TidyFormat::Parquet)
    }

    pub fn label(self) -> &'static str {
        match self {
            TidyFormat::Dataset { .. } => "dataset (CSV tables + datapackage.json)",
            TidyFormat::Parquet => "Parquet tables + datapackage.json",
            TidyFormat::Sqlite => "SQLite database",
            TidyFormat::Xlsx => "Excel workbook",
        }
    }
}

/// Why the dataset was not written. Nothing is left at the output's name when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum TidyError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{path}: {error}")]
    Dataset { path: String, error: DatasetError },
}

enum Container {
    Csv(CsvFolder),
    Parquet(ParquetFolder),
    Sqlite(SqliteFile),
    /// Boxed: the workbook's writer is large, and one container lives per export.
    Xlsx(Box<XlsxFile>),
}

/// Rows counted by table as they pass, for the closing message.
struct Counting<'a> {
    inner: &'a mut dyn Sink,
    counts: &'a mut [usize; Table::ALL.len()],
}

impl Sink for Counting<'_> {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        self.counts[table as usize] += 1;
        self.inner.row(table, row)
    }
}

/// A dataset being written: [`TidyExport::add`] each session, then [`TidyExport::finish`].
/// Dropped unfinished, it leaves nothing behind.
pub struct TidyExport {
    staged: Staged,
    container: Container,
    counts: [usize; Table::ALL.len()],
}

impl TidyExport {
    /// Starts a dataset at `path`: refused now (changing nothing) when the name may not be
    /// written ([`crate::store::output`]; a folder must be new, or with `force` a folder of
    /// exported tables).
    pub fn create(format: TidyFormat, path: &Path, force: bool) -> Result<TidyExport, TidyError> {
        let staged = if format.is_folder() {
            Staged::folder(path, force)?
        } else {
            Staged::file(path, force)?
        };
        // The containers write only here: the temporary file, or a new folder private to this
        // process, put in place whole by `finish`.
        let at = staged.path().to_path_buf();
        let container = match format {
            TidyFormat::Dataset { guard } => CsvFolder::create(&at, guard).map(Container::Csv),
            TidyFormat::Parquet => ParquetFolder::create(&at).map(Container::Parquet),
            TidyFormat::Sqlite => SqliteFile::create(&at).map(Container::Sqlite),
            TidyFormat::Xlsx => XlsxFile::create(&at).map(|x| Container::Xlsx(Box::new(x))),
        }
        .map_err(|error| TidyError::Dataset {
            path: path.display().to_string(),
            error,
        })?;
        Ok(TidyExport {
            staged,
            container,
            counts: [0; Table::ALL.len()],
        })
    }

    fn error(&self, error: DatasetError) -> TidyError {
        TidyError::Dataset {
            path: self.staged.target().display().to_string(),
            error,
        }
    }

    /// Adds one session's rows.
    pub fn add(&mut self, source: &Source) -> Result<(), TidyError> {
        let inner: &mut dyn Sink = match &mut self.container {
            Container::Csv(c) => c,
            Container::Parquet(c) => c,
            Container::Sqlite(c) => c,
            Container::Xlsx(c) => c.as_mut(),
        };
        let mut counting = Counting {
            inner,
            counts: &mut self.counts,
        };
        let result = crate::dataset::emit(source, &mut counting);
        result.map_err(|e| self.error(e))
    }

    /// Rows written so far to `table`.
    pub fn count(&self, table: Table) -> usize {
        self.counts[table as usize]
    }

    /// Completes the container and puts it in place. `about` says what was exported (for
    /// the data package).
    pub fn finish(self, about: &str) -> Result<(), TidyError> {
        let TidyExport {
            staged, container, ..
        } = self;
        let target = staged.target().display().to_string();
        let done = match container {
            Container::Csv(c) => c.finish(about),
            Container::Parquet(c) => c.finish(about),
            Container::Sqlite(c) => c.finish(),
            Container::Xlsx(c) => c.finish(),
        };
        done.map_err(|error| TidyError::Dataset {
            path: target,
            error,
        })?;
        staged.commit()?;
        Ok(())
    }
}
