//! The data dictionary: a Frictionless Data Package (`datapackage.json`) describing every table.

use super::schema::{FieldType, Table};
use serde_json::{Value as Json, json};

/// What the package's resources are stored as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// `TABLE.csv`: RFC 4180, UTF-8 without a byte-order mark, CRLF line ends.
    Csv,
    /// `TABLE.parquet`.
    Parquet,
}

impl Container {
    pub fn extension(self) -> &'static str {
        match self {
            Container::Csv => "csv",
            Container::Parquet => "parquet",
        }
    }
}

/// The Table Schema of one table: fields with types, descriptions, constraints, and keys.
pub fn table_schema(table: Table) -> Json {
    let def = table.def();
    let fields: Vec<Json> = def
        .fields
        .iter()
        .map(|f| {
            let mut field = json!({
                "name": f.name,
                "type": f.kind.frictionless(),
                "description": f.description,
            });
            match f.kind {
                FieldType::Id => field["format"] = json!("uuid"),
                FieldType::DateTime => field["format"] = json!("%Y-%m-%dT%H:%M:%SZ"),
                _ => {}
            }
            let mut constraints = serde_json::Map::new();
            if f.required {
                constraints.insert("required".into(), json!(true));
            }
            if !f.values.is_empty() {
                constraints.insert("enum".into(), json!(f.values));
            }
            if !constraints.is_empty() {
                field["constraints"] = Json::Object(constraints);
            }
            field
        })
        .collect();
    let foreign_keys: Vec<Json> = def
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({
                "fields": fk.fields,
                "reference": {"resource": fk.table.name(), "fields": fk.references},
            })
        })
        .collect();
    json!({
        "fields": fields,
        "primaryKey": def.primary_key,
        "foreignKeys": foreign_keys,
        "missingValues": [""],
    })
}

/// `datapackage.json` for the tables stored as `container`, with a line on what was exported.
pub fn datapackage(container: Container, about: &str) -> String {
    let resources: Vec<Json> = Table::ALL
        .iter()
        .map(|&t| {
            let mut r = json!({
                "name": t.name(),
                "profile": "tabular-data-resource",
                "path": format!("{}.{}", t.name(), container.extension()),
                "description": t.def().description,
                "schema": table_schema(t),
            });
            match container {
                Container::Csv => {
                    r["format"] = json!("csv");
                    r["mediatype"] = json!("text/csv");
                    r["encoding"] = json!("utf-8");
                    r["dialect"] =
                        json!({"delimiter": ",", "lineTerminator": "\r\n", "header": true});
                }
                Container::Parquet => {
                    r["format"] = json!("parquet");
                    r["mediatype"] = json!("application/vnd.apache.parquet");
                }
            }
            r
        })
        .collect();
    let package = json!({
        "name": "convene-workshops",
        "title": "Participatory workshop sessions exported by convene",
        "description": format!(
            "Tidy tables of workshop sessions: who sat at which table, the notes they wrote \
             under each principle, the themes the notes were grouped into, the dots tables \
             gave them, recommendations, commitments and responses, and what follow-up \
             workshops carried in and recorded of earlier promises. Every row is named by a \
             UUID derived from its session's; the same thing has the same id in every export, \
             and a promise keeps the id it was made with in every follow-up. {about}"
        ),
        "profile": "tabular-data-package",
        "resources": resources,
    });
    let mut text = serde_json::to_string_pretty(&package).expect("JSON values always serialise");
    text.push('\n');
    text
}
