//! The dataset as a folder of Parquet files, one per table, with `datapackage.json` beside them.

use super::{DatasetError, Sink, Table, Value};
use std::path::Path;

/// Writes `TABLE.parquet` for every table into a folder (which must exist).
pub struct ParquetFolder {}

impl ParquetFolder {
    pub fn create(_dir: &Path) -> Result<ParquetFolder, DatasetError> {
        Err(DatasetError::write("parquet", "not written yet"))
    }

    pub fn finish(self, _about: &str) -> Result<(), DatasetError> {
        Ok(())
    }
}

impl Sink for ParquetFolder {
    fn row(&mut self, _table: Table, _row: &[Value]) -> Result<(), DatasetError> {
        Ok(())
    }
}
