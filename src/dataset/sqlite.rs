//! The dataset as one SQLite database: the tables with their keys, indexes, and first views.

use super::schema::{Field, FieldType};
use super::{DatasetError, Sink, Table, Value};
use rusqlite::Connection;
use std::fmt::Write as _;
use std::path::Path;

/// Writes every table into a new SQLite database at a path: typed columns, NOT NULL and CHECK
/// constraints, primary and foreign keys as the schema has them, an index on every foreign
/// key, views for the first questions, and the data dictionary as the table `fields`.
///
/// Rows are loaded in one transaction with the journal and syncing off (the file is a new
/// one that the caller syncs and puts in place only when complete); [`SqliteFile::finish`]
/// checks every foreign key before committing.
pub struct SqliteFile {
    conn: Connection,
    inserts: Vec<String>,
}

/// The description of the database's own tables and fields, kept in it.
const FIELDS_TABLE: &str = "CREATE TABLE fields (
    table_name TEXT NOT NULL,
    field_name TEXT NOT NULL,
    type TEXT NOT NULL,
    required INTEGER NOT NULL CHECK (required IN (0, 1)),
    description TEXT NOT NULL,
    allowed_values TEXT,
    PRIMARY KEY (table_name, field_name)
)";

/// Views a researcher would write first.
const VIEWS: &str = "
-- Each note with where it was written: its session, its table and the stakeholder groups
-- sitting at it (joined by '; '), the step and principle it was written under, and the theme
-- it was placed in (empty when unplaced).
CREATE VIEW notes_in_context AS
SELECT n.note_id,
       n.session_id,
       s.title AS session_title,
       s.workshop_date,
       t.letter AS table_letter,
       t.name AS table_name,
       (SELECT group_concat(label, '; ')
          FROM (SELECT ts.label FROM table_stakeholders ts
                 WHERE ts.table_id = n.table_id ORDER BY ts.rowid)) AS stakeholders,
       st.step_key,
       st.title AS step_title,
       st.principle_number,
       n.number AS note_number,
       n.kind,
       n.text,
       n.lived_experience,
       n.sensitive,
       n.created,
       n.theme_id,
       th.label AS theme_label,
       n.in_snapshot
  FROM notes n
  JOIN sessions s ON s.session_id = n.session_id
  JOIN tables t ON t.table_id = n.table_id
  JOIN steps st ON st.step_id = n.step_id
  LEFT JOIN themes th ON th.theme_id = n.theme_id;

-- Dots by stakeholder group and theme, across sessions: themes are matched by their label
-- (each session has its own themes). A table's dots count once for every group sitting at
-- it, so a group's dots are those of the tables it sat at, not its own share of them.
CREATE VIEW dots_by_stakeholder AS
SELECT ts.stakeholder,
       ts.label AS stakeholder_label,
       th.label AS theme_label,
       count(DISTINCT v.session_id) AS sessions,
       count(DISTINCT v.table_id) AS tables,
       sum(v.dots) AS dots
  FROM votes v
  JOIN table_stakeholders ts ON ts.table_id = v.table_id
  JOIN themes th ON th.theme_id = v.theme_id
 GROUP BY ts.stakeholder, ts.label, th.label;

-- Each commitment with the recommendation it serves, once per session that recorded it: where
-- it was made (carried = 0) and each follow-up that carried it (carried = 1), with the status
-- and what was done as that session recorded them; order by commitment_id, workshop_date for
-- its history. The recommendation's columns come from where it was made when that session is
-- in the dataset, else from a follow-up's copy of it (carried_items: every copy holds the words
-- as made); timeframe and recommendation_number only from where it was made. Responses answer notes and themes, not
-- commitments or recommendations: the latest_response columns are the latest response (the
-- highest number) to any theme the recommendation answers, empty when there is none.
CREATE VIEW commitments_in_context AS
SELECT c.commitment_id,
       c.session_id,
       s.title AS session_title,
       s.workshop_date,
       c.carried,
       c.made_in_session_id,
       m.title AS made_in_title,
       m.workshop_date AS made_on,
       c.recommendation_id,
       r.number AS recommendation_number,
       coalesce(r.text, rc.text) AS recommendation_text,
       coalesce(r.audience, rc.audience) AS audience,
       coalesce(r.owner, rc.owner) AS recommendation_owner,
       r.timeframe,
       c.due,
       c.position,
       c.who,
       c.what,
       c.status,
       c.overdue,
       c.done,
       lr.response_id AS latest_response_id,
       lr.theme_id AS latest_response_theme_id,
       lt.label AS latest_response_theme,
       lr.kind AS latest_response_kind,
       lr.text AS latest_response_text,
       lr.owner AS latest_response_owner,
       lr.status AS latest_response_status
  FROM commitments c
  JOIN sessions s ON s.session_id = c.session_id
  LEFT JOIN recommendations r ON r.recommendation_id = c.recommendation_id
  LEFT JOIN carried_items rc ON rc.rowid = (
       SELECT ci.rowid
         FROM carried_items ci
        WHERE ci.item_id = c.recommendation_id
        ORDER BY ci.made_on, ci.rowid
        LIMIT 1)
  LEFT JOIN (SELECT session_id, title, workshop_date FROM sessions) m
         ON m.session_id = c.made_in_session_id
  LEFT JOIN responses lr ON lr.response_id = (
       SELECT rs.response_id
         FROM recommendation_themes rt
         JOIN responses rs ON rs.theme_id = rt.theme_id
        WHERE rt.recommendation_id = c.recommendation_id
        ORDER BY rs.number DESC
        LIMIT 1)
  LEFT JOIN themes lt ON lt.theme_id = lr.theme_id;
";

fn sqlite_error(what: &str, e: impl std::fmt::Display) -> DatasetError {
    DatasetError::write(format!("sqlite: {what}"), e)
}

/// A name quoted for SQL.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A text literal for SQL.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// How a field is stored, in words, for the `fields` table.
fn stored_as(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Id => "uuid (text)",
        FieldType::Text => "text",
        FieldType::Integer => "integer",
        FieldType::Boolean => "boolean (integer 0 or 1)",
        FieldType::Date => "date (text YYYY-MM-DD)",
        FieldType::DateTime => "datetime (text YYYY-MM-DDTHH:MM:SSZ, UTC)",
    }
}

fn column(f: &Field) -> String {
    let name = ident(f.name);
    let mut sql = format!(
        "{name} {}",
        match f.kind {
            FieldType::Integer | FieldType::Boolean => "INTEGER",
            _ => "TEXT",
        }
    );
    if f.required {
        sql.push_str(" NOT NULL");
    }
    if f.kind == FieldType::Boolean {
        let _ = write!(sql, " CHECK ({name} IN (0, 1))");
    }
    if !f.values.is_empty() {
        let values: Vec<String> = f.values.iter().map(|v| literal(v)).collect();
        let _ = write!(sql, " CHECK ({name} IN ({}))", values.join(", "));
    }
    sql
}

/// `CREATE TABLE` for one table of the dataset.
pub(crate) fn create_table(table: Table) -> String {
    let def = table.def();
    let mut parts: Vec<String> = def.fields.iter().map(column).collect();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    parts.push(format!("PRIMARY KEY ({})", list(def.primary_key)));
    for fk in def.foreign_keys {
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            list(fk.fields),
            ident(fk.table.name()),
            list(fk.references)
        ));
    }
    format!(
        "-- {}\nCREATE TABLE {} (\n    {}\n)",
        def.description.replace('\n', " "),
        ident(def.name),
        parts.join(",\n    ")
    )
}

/// Columns that name rows elsewhere without a foreign key (what they name may be outside the
/// dataset), indexed all the same: they are what a researcher joins on.
const LOOKUPS: &[(Table, &[&str])] = &[
    (Table::Commitments, &["recommendation_id"]),
    (Table::Commitments, &["made_in_session_id"]),
    (Table::Sessions, &["follows_session_id"]),
    (Table::CarriedItems, &["made_in_session_id"]),
    (Table::CarriedItems, &["parent_id"]),
    (Table::Notes, &["about_item_id"]),
];

/// `CREATE INDEX` for every foreign key of a table that its primary key does not begin with,
/// and for its [`LOOKUPS`].
fn create_indexes(table: Table) -> Vec<String> {
    let def = table.def();
    let lookups = LOOKUPS
        .iter()
        .filter(|(t, _)| *t == table)
        .map(|(_, fields)| *fields);
    def.foreign_keys
        .iter()
        .map(|fk| fk.fields)
        .chain(lookups)
        .filter(|fields| !def.primary_key.starts_with(fields))
        .map(|fields| {
            format!(
                "CREATE INDEX {} ON {} ({})",
                ident(&format!("{}_{}", def.name, fields.join("_"))),
                ident(def.name),
                fields
                    .iter()
                    .map(|n| ident(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect()
}

fn insert(table: Table) -> String {
    let def = table.def();
    let names: Vec<String> = def.fields.iter().map(|f| ident(f.name)).collect();
    let marks: Vec<String> = (1..=def.fields.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        ident(def.name),
        names.join(", "),
        marks.join(", ")
    )
}

impl SqliteFile {
    /// A new database at `path`; an empty file there (a temporary file the caller made) is
    /// replaced.
    pub fn create(path: &Path) -> Result<SqliteFile, DatasetError> {
        let name = path.display().to_string();
        // A file already there is truncated: the database starts empty whatever it held.
        std::fs::File::create(path).map_err(|e| sqlite_error(&name, e))?;
        let conn = Connection::open(path).map_err(|e| sqlite_error(&name, e))?;
        conn.set_prepared_statement_cache_capacity(Table::ALL.len() * 2);
        let setup = |sql: &str| conn.execute_batch(sql).map_err(|e| sqlite_error(sql, e));
        // A new file that is put in place only when complete: no rollback journal, no syncs.
        // The page cache is bounded (64 MiB) whatever the size of the dataset.
        setup(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             PRAGMA locking_mode = EXCLUSIVE;
             PRAGMA cache_size = -65536;
             PRAGMA foreign_keys = OFF;
             BEGIN;",
        )?;
        for t in Table::ALL {
            setup(&create_table(t))?;
        }
        setup(FIELDS_TABLE)?;
        {
            let mut add = conn
                .prepare("INSERT INTO fields VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .map_err(|e| sqlite_error("fields", e))?;
            for t in Table::ALL {
                for f in t.def().fields {
                    let values = (!f.values.is_empty()).then(|| f.values.join("; "));
                    add.execute(rusqlite::params![
                        t.name(),
                        f.name,
                        stored_as(f.kind),
                        f.required,
                        f.description,
                        values
                    ])
                    .map_err(|e| sqlite_error("fields", e))?;
                }
            }
        }
        setup(VIEWS)?;
        Ok(SqliteFile {
            conn,
            inserts: Table::ALL.into_iter().map(insert).collect(),
        })
    }

    /// Indexes the foreign keys, checks that every one resolves, and commits.
    pub fn finish(self) -> Result<(), DatasetError> {
        let conn = self.conn;
        for t in Table::ALL {
            for sql in create_indexes(t) {
                conn.execute_batch(&sql)
                    .map_err(|e| sqlite_error(&sql, e))?;
            }
        }
        let dangling = foreign_key_problems(&conn)?;
        if !dangling.is_empty() {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(sqlite_error(
                "foreign key check",
                format!(
                    "{} rows refer to rows that are not in the dataset: {}",
                    dangling.len(),
                    dangling
                        .iter()
                        .take(5)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        }
        conn.execute_batch("COMMIT")
            .map_err(|e| sqlite_error("commit", e))?;
        conn.close().map_err(|(_, e)| sqlite_error("close", e))
    }
}

/// What `PRAGMA foreign_key_check` finds, in words: nothing when every key resolves.
pub(crate) fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>, DatasetError> {
    let check = |e| sqlite_error("foreign key check", e);
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(check)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(2)?
            ))
        })
        .map_err(check)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(check)
}

impl Sink for SqliteFile {
    fn row(&mut self, table: Table, row: &[Value]) -> Result<(), DatasetError> {
        let fields = table.def().fields;
        let err = |e| sqlite_error(table.name(), e);
        if row.len() != fields.len() {
            return Err(err(rusqlite::Error::InvalidParameterCount(
                row.len(),
                fields.len(),
            )));
        }
        let mut stmt = self
            .conn
            .prepare_cached(&self.inserts[table as usize])
            .map_err(err)?;
        let mut id = uuid::Uuid::encode_buffer();
        for (i, v) in row.iter().enumerate() {
            let at = i + 1;
            match v {
                Value::Null => stmt.raw_bind_parameter(at, rusqlite::types::Null),
                Value::Id(u) => stmt.raw_bind_parameter(at, &*u.hyphenated().encode_lower(&mut id)),
                Value::Text(s) => stmt.raw_bind_parameter(at, s.as_str()),
                Value::Integer(n) => stmt.raw_bind_parameter(at, n),
                Value::Boolean(b) => stmt.raw_bind_parameter(at, i64::from(*b)),
                Value::Date(_) | Value::DateTime(_) => stmt.raw_bind_parameter(at, v.to_text()),
            }
            .map_err(err)?;
        }
        stmt.raw_execute().map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_valid_sql_with_keys_and_checks() {
        let notes = create_table(Table::Notes);
        assert!(notes.contains("\"note_id\" TEXT NOT NULL"), "{notes}");
        assert!(notes.contains("CHECK (\"sensitive\" IN (0, 1))"), "{notes}");
        assert!(
            notes.contains("CHECK (\"kind\" IN ('comment', 'question'"),
            "{notes}"
        );
        assert!(notes.contains("PRIMARY KEY (\"note_id\")"), "{notes}");
        assert!(
            notes.contains("FOREIGN KEY (\"theme_id\") REFERENCES \"themes\" (\"theme_id\")"),
            "{notes}"
        );
        // table_stakeholders' key begins with table_id: no second index on it.
        let indexes = create_indexes(Table::TableStakeholders);
        assert_eq!(indexes.len(), 1, "{indexes:?}");
        assert!(indexes[0].contains("session_id"));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.sqlite");
        std::fs::write(&path, b"").unwrap();
        SqliteFile::create(&path).unwrap().finish().unwrap();
        let conn = Connection::open(&path).unwrap();
        let fields: i64 = conn
            .query_row("SELECT count(*) FROM fields", [], |r| r.get(0))
            .unwrap();
        let all: usize = Table::ALL.iter().map(|t| t.def().fields.len()).sum();
        assert_eq!(fields as usize, all);
        for view in [
            "notes_in_context",
            "dots_by_stakeholder",
            "commitments_in_context",
        ] {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{view}");
        }
    }
}
