//! The dataset as a folder of Parquet files, one per table, with `datapackage.json` beside them.

use super::package::{Container, datapackage};
use super::schema::{Field, FieldType};
use super::{DatasetError, Sink, Table, Value};
use bytes::Bytes;
use jiff::civil::Date;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows buffered per table before they are written as a row group.
const ROW_GROUP_ROWS: usize = 100_000;
/// Bytes buffered in all tables together before the table holding the most is written as a
/// row group anyway (long texts): what bounds memory when rows are large.
const BUFFER_BYTES: usize = 128 << 20;

/// The day Parquet counts dates from.
const EPOCH: Date = jiff::civil::date(1970, 1, 1);

/// Writes `TABLE.parquet` for every table into a folder (which must exist): typed columns
/// (ids and text as UTF-8 strings, integers as INT64, booleans, dates as DATE, instants as
/// TIMESTAMP in microseconds, UTC), required fields REQUIRED, Snappy-compressed, a row group
/// every [`ROW_GROUP_ROWS`] rows of a table, or sooner when all tables together buffer
/// [`BUFFER_BYTES`], so that memory stays bounded whatever the number or size of the rows.
pub struct ParquetFolder {
    dir: PathBuf,
    tables: Vec<TableFile>,
    /// The bytes buffered in all tables.
    buffered: usize,
}

/// One table's file and the rows not yet written to it, column by column.
struct TableFile {
    table: Table,
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Column>,
    rows: usize,
    /// The bytes of the buffered values, roughly.
    bytes: usize,
}

/// The buffered values of one column; `levels` are the definition levels (1 present, 0 null)
/// of an optional column, empty for a required one.
struct Column {
    values: Values,
    levels: Vec<i16>,
}

enum Values {
    /// Every string end to end, and where each ends.
    Text {
        data: Vec<u8>,
        ends: Vec<usize>,
    },
    Int64(Vec<i64>),
    Int32(Vec<i32>),
    Boolean(Vec<bool>),
}

fn parquet_error(table: Table, e: impl std::fmt::Display) -> DatasetError {
    DatasetError::write(format!("{}.parquet", table.name()), e)
}

/// The Parquet type of one field.
fn column_type(f: &Field) -> parquet::errors::Result<Type> {
    let (physical, logical) = match f.kind {
        FieldType::Id | FieldType::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        FieldType::Integer => (Physical::INT64, None),
        FieldType::Boolean => (Physical::BOOLEAN, None),
        FieldType::Date => (Physical::INT32, Some(LogicalType::Date)),
        FieldType::DateTime => (
            Physical::INT64,
            Some(LogicalType::timestamp(true, TimeUnit::MICROS)),
        ),
    };
    Type::primitive_type_builder(f.name, physical)
        .with_repetition(if f.required {
            Repetition::REQUIRED
        } else {
            Repetition::OPTIONAL
        })
        .with_logical_type(logical)
        .build()
}

/// The Parquet schema of a table: its fields in order.
pub(crate) fn message_type(table: Table) -> parquet::errors::Result<Type> {
    let fields = table
        .def()
        .fields
        .iter()
        .map(|f| column_type(f).map(Arc::new))
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder(table.name())
        .with_fields(fields)
        .build()
}

/// Days since 1970-01-01, as a Parquet DATE.
fn days(d: Date) -> i32 {
    (d - EPOCH).get_days()
}

impl ParquetFolder {
    pub fn create(dir: &Path) -> Result<ParquetFolder, DatasetError> {
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(format!("convene {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        let mut tables = Vec::new();
        for t in Table::ALL {
            let path = dir.join(format!("{}.parquet", t.name()));
            let file = File::create(&path)
                .map_err(|e| DatasetError::write(path.display().to_string(), e))?;
            let schema = message_type(t).map_err(|e| parquet_error(t, e))?;
            let writer = SerializedFileWriter::new(
                BufWriter::with_capacity(1 << 16, file),
                Arc::new(schema),
                Arc::clone(&props),
            )
            .map_err(|e| parquet_error(t, e))?;
            let columns = t
                .def()
                .fields
                .iter()
                .map(|f| Column {
                    values: match f.kind {
                        FieldType::Id | FieldType::Text => Values::Text {
                            data: Vec::new(),
                            ends: Vec::new(),
                        },
                        FieldType::Integer | FieldType::DateTime => Values::Int64(Vec::new()),
                        FieldType::Date => Values::Int32(Vec::new()),
                        FieldType::Boolean => Values::Boolean(Vec::new()),
                    },
                    levels: Vec::new(),
                })
                .collect();
            tables.push(TableFile {
                table: t,
                writer,
                columns,
                rows: 0,
                bytes: 0,
            });
        }
        Ok(ParquetFolder {
            dir: dir.to_path_buf(),
            tables,
            buffered: 0,
        })
    }

    /// Writes the rows still buffered, closes every file and writes `datapackage.json`.
    pub fn finish(self, about: &str) -> Result<(), DatasetError> {
        for mut t in self.tables {
            t.flush()?;
            let table = t.table;
            let inner = t.writer.into_inner().map_err(|e| parquet_error(table, e))?;
            inner
                .into_inner()
                .map_err(|e| parquet_error(table, e.into_error()))?;
        }
        let path = self.dir.join("datapackage.json");
        std::fs::write(&path, datapackage(Container::Parquet, about))
            .map_err(|e| DatasetError::write(path.display().to_string(), e))
    }
}

impl TableFile {
    /// Writes the buffered rows as one row group (none buffered: nothing).
    fn flush(&mut self) -> Result<(), DatasetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let table = self.table;
        let err = |e| parquet_error(table, e);
        let mut group = self.writer.next_row_group().map_err(err)?;
        for column in &mut self.columns {
            let mut writer = group
                .next_column()
                .map_err(err)?
                .ok_or_else(|| parquet_error(table, "fewer columns than the schema"))?;
            let levels = (!column.levels.is_empty()).then_some(column.levels.as_slice());
            match &mut column.values {
                Values::Text { data, ends } => {
                    let all = Bytes::from(std::mem::take(data));
                    let mut start = 0;
                    let values: Vec<ByteArray> = ends
                        .iter()
                        .map(|&end| {
                            let v = ByteArray::from(all.slice(start..end));
                            start = end;
                            v
                        })
                        .collect();
                    ends.clear();
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&values, levels, None)
                        .map_err(err)?;
                }
                Values::Int64(v) => {
                    writer
                        .typed::<Int64Type>()
                        .write_batch(v, levels, None)
                        .map_err(err)?;
                    v.clear();
                }
                Values::Int32(v) => {
                    writer
                        .typed::<Int32Type>()
                        .write_batch(v, levels, None)
                        .map_err(err)?;
                    v.clear();
                }
                Values::Boolean(v) => {
                    writer
                        .typed::<BoolType>()
                        .write_batch(v, levels, None)
                        .map_err(err)?;
                    v.clear();
                }
            }
            column.levels.clear();
            writer.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }
}

impl Sink for ParquetFolder {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        let t = &mut self.tables[table as usize];
        let before = t.bytes;
        let fields = table.def().fields;
        if row.len() != fields.len() {
            return Err(parquet_error(
                table,
                format!("a row of {} cells for {} fields", row.len(), fields.len()),
            ));
        }
        for ((field, value), column) in fields.iter().zip(row).zip(&mut t.columns) {
            let mismatch = || {
                parquet_error(
                    table,
                    format!("{}: {value:?} is not a {:?}", field.name, field.kind),
                )
            };
            if matches!(value, Value::Null) {
                if field.required {
                    return Err(parquet_error(
                        table,
                        format!("{} is required but empty", field.name),
                    ));
                }
                column.levels.push(0);
                continue;
            }
            if !field.required {
                column.levels.push(1);
            }
            match (&mut column.values, value) {
                (Values::Text { data, ends }, Value::Id(u)) => {
                    let mut buf = uuid::Uuid::encode_buffer();
                    data.extend_from_slice(u.hyphenated().encode_lower(&mut buf).as_bytes());
                    ends.push(data.len());
                    t.bytes += 36;
                }
                (Values::Text { data, ends }, Value::Text(s)) => {
                    data.extend_from_slice(s.as_bytes());
                    ends.push(data.len());
                    t.bytes += s.len();
                }
                (Values::Int64(v), Value::Integer(n)) => v.push(*n),
                (Values::Int64(v), Value::DateTime(ts)) => v.push(ts.as_second() * 1_000_000),
                (Values::Int32(v), Value::Date(d)) => v.push(days(*d)),
                (Values::Boolean(v), Value::Boolean(b)) => v.push(*b),
                _ => return Err(mismatch()),
            }
            // A string's place in its column, a number, a flag, a level.
            t.bytes += 8;
        }
        t.rows += 1;
        self.buffered += t.bytes - before;
        if t.rows >= ROW_GROUP_ROWS {
            self.buffered -= t.bytes;
            t.flush()?;
        }
        if self.buffered >= BUFFER_BYTES {
            let largest = self
                .tables
                .iter_mut()
                .max_by_key(|t| t.bytes)
                .expect("thirteen tables");
            self.buffered -= largest.bytes;
            largest.flush()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_a_schema_and_dates_count_from_1970() {
        for t in Table::ALL {
            let schema = message_type(t).unwrap();
            assert_eq!(schema.get_fields().len(), t.def().fields.len());
        }
        assert_eq!(days(jiff::civil::date(1970, 1, 2)), 1);
        assert_eq!(days(jiff::civil::date(1969, 12, 31)), -1);
        assert_eq!(days(jiff::civil::date(2026, 10, 8)), 20_734);
    }
}
