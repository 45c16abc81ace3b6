//! The dataset as one Excel workbook: a sheet per table, typed cells.

use super::{DatasetError, Sink, Table, Value};
use std::path::Path;

/// Writes every table as a sheet of a new workbook at a path.
pub struct XlsxFile {}

impl XlsxFile {
    pub fn create(_path: &Path) -> Result<XlsxFile, DatasetError> {
        Err(DatasetError::write("xlsx", "not written yet"))
    }

    pub fn finish(self) -> Result<(), DatasetError> {
        Ok(())
    }
}

impl Sink for XlsxFile {
    fn row(&mut self, _table: Table, _row: &[Value]) -> Result<(), DatasetError> {
        Ok(())
    }
}
