//! The research dataset: sessions as tidy tables with global ids, described by a data package.
//!
//! [`emit`] turns one session into rows of the [`Table`]s and hands them to a [`Sink`], one
//! session at a time, so that an export of any number of sessions holds one in memory. The
//! sinks write the containers researchers' tools read: a folder of CSV files with
//! `datapackage.json`, Parquet files, one SQLite database, one Excel workbook; [`Memory`]
//! keeps the rows, for tests and previews. File placement (temporary, then renamed whole) is
//! [`crate::store::output`]'s.

mod csv;
pub(crate) use crate::model::global as ids;
mod package;
mod parquet;
mod rows;
mod schema;
mod sqlite;
mod xlsx;

pub use csv::CsvFolder;
pub use ids::{
    commitment_id, global_id, note_id, recommendation_id, response_id, step_id, table_id, theme_id,
};
pub use package::{Container, datapackage};
pub use parquet::ParquetFolder;
pub use rows::{Source, emit};
pub use schema::{Field, FieldType, ForeignKey, STAKEHOLDERS, Table, TableDef};
pub use sqlite::SqliteFile;
pub use xlsx::XlsxFile;

use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::BTreeMap;
use uuid::Uuid;

/// One cell, typed as its field is ([`FieldType`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    Null,
    Id(Uuid),
    Text(String),
    Integer(i64),
    Boolean(bool),
    Date(Date),
    /// Always whole seconds (see [`Value::time`]).
    DateTime(Timestamp),
}

impl Value {
    /// An instant, to the whole second: every container keeps the same value.
    pub fn time(t: Timestamp) -> Value {
        Value::DateTime(Timestamp::from_second(t.as_second()).expect("a second of a timestamp"))
    }

    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// Text, or null when it is empty.
    pub fn text_or_null(s: &str) -> Value {
        if s.is_empty() {
            Value::Null
        } else {
            Value::Text(s.to_string())
        }
    }

    pub fn int(n: impl TryInto<i64>) -> Value {
        Value::Integer(n.try_into().unwrap_or(i64::MAX))
    }

    /// The cell as text, as CSV files hold it: empty for null, `true`/`false`, dates as
    /// `YYYY-MM-DD`, instants as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Id(u) => u.to_string(),
            Value::Text(s) => s.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
            Value::DateTime(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// Where rows go. Rows of a table arrive in order; every row a row refers to (its session, its
/// table, its theme…) has arrived before it.
pub trait Sink {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError>;
}

/// Why a dataset could not be written. The output is left as it was: containers are written
/// beside it and put in place whole only when complete.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{what}: {message}")]
    Write { what: String, message: String },
    #[error(
        "the {table} table has {rows} rows, more than a spreadsheet sheet holds ({max}); \
         export to parquet, sqlite or dataset instead"
    )]
    TooManyRows {
        table: &'static str,
        rows: usize,
        max: usize,
    },
}

impl DatasetError {
    pub fn write(what: impl Into<String>, message: impl std::fmt::Display) -> DatasetError {
        DatasetError::Write {
            what: what.into(),
            message: message.to_string(),
        }
    }
}

/// Every row in memory, by table: the dataset that every container must hold, read back.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Memory {
    pub tables: BTreeMap<Table, Vec<Vec<Value>>>,
}

impl Memory {
    /// The rows of `table` (none yet: empty).
    pub fn rows(&self, table: Table) -> &[Vec<Value>] {
        self.tables.get(&table).map_or(&[], Vec::as_slice)
    }

    /// The values of the column `name` of `table`.
    pub fn column(&self, table: Table, name: &str) -> Vec<&Value> {
        let i = table.def().column(name).expect("a column of the table");
        self.rows(table).iter().map(|r| &r[i]).collect()
    }
}

impl Sink for Memory {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        debug_assert_eq!(row.len(), table.def().fields.len(), "{}", table.name());
        self.tables.entry(table).or_default().push(row.to_vec());
        Ok(())
    }
}
