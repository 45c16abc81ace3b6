//! The dataset as one SQLite database: the tables with their keys, indexes, and first views.

use super::{DatasetError, Sink, Table, Value};
use std::path::Path;

/// Writes every table into a new SQLite database at a path (which must not exist yet).
pub struct SqliteFile {}

impl SqliteFile {
    pub fn create(_path: &Path) -> Result<SqliteFile, DatasetError> {
        Err(DatasetError::write("sqlite", "not written yet"))
    }

    pub fn finish(self) -> Result<(), DatasetError> {
        Ok(())
    }
}

impl Sink for SqliteFile {
    fn row(&mut self, _table: Table, _row: &[Value]) -> Result<(), DatasetError> {
        Ok(())
    }
}
