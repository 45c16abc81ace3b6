//! The research dataset's containers read back: Parquet (with the parquet crate's reader),
//! SQLite (with rusqlite) and the Excel workbook (unzipped, its XML parsed) each hold exactly
//! the rows emitted into memory, table by table, whatever the text; every key resolves; the
//! SQLite views answer a small case; and the workbook refuses what a spreadsheet cannot hold.

use crate::review_common as common;

use convene::dataset::{
    DatasetError, FieldType, Memory, ParquetFolder, Sink, Source, SqliteFile, Table, Value,
    XlsxFile, emit,
};
use convene::framework::Framework;
use convene::model::*;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use uuid::Uuid;

type Rows = BTreeMap<Table, Vec<Vec<Value>>>;

/// Text of every kind a room types or pastes.
const TEXTS: &[&str] = &[
    "مرحبا بكم — العمل للجميع",
    "اردو میں نوٹ: نوکری کے لیے بس",
    "עברית: תחבורה ציבורית בלילה",
    "mixed עברית and English 123 \u{2067}RTL isolate\u{2069}",
    "👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 skin tone, 🚌",
    "line one\nline two\r\nline three\rend",
    "tab\there\tand\tthere",
    "=HYPERLINK(\"http://x\")",
    "+1",
    "-2",
    "@cmd",
    "control \u{1} start \u{1b}[31m escape \u{7f} delete",
    "   leading and trailing spaces   ",
    "\ttab first, newline last\n",
    "literal _x0041_ and _x005F_ stay as written",
    "<b>not bold</b> & \"quoted\" 'single'",
];

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A note text longer than most: 30,000 UTF-16 units, under a spreadsheet cell's limit.
fn long_text() -> String {
    let mut s = String::from("Long: ");
    while s.encode_utf16().count() < 29_990 {
        s.push_str("é日🚌\n");
    }
    s
}

/// A session with every kind of text, stakeholder mixes, tags, themes per step, votes,
/// recommendations with themes, steps, commitments and timeframes, responses to notes and to
/// themes, a sensitive note, a note from a device and one only in the journal.
fn hostile() -> (Session, HashSet<NoteId>) {
    let created = at("2026-09-14T08:30:00Z");
    let mut s = Session::new(
        "=SUM(A1) «Workshop» مرحبا 🚌",
        date(2026, 9, 14),
        Framework::default_framework(),
        created,
    );
    s.venue = "  Hall\r\nRoom 2 ".into();
    s.place = "Kraków".into();
    s.facilitators = vec!["@first".into(), "שני".into()];
    let mixes = [
        vec![
            Stakeholder::Employer,
            Stakeholder::LivedExperience,
            Stakeholder::TradeUnion,
        ],
        vec![Stakeholder::PublicSector],
        vec![],
        vec![
            Stakeholder::Other,
            Stakeholder::EducationSkills,
            Stakeholder::Other,
        ],
    ];
    let names = ["+Table ✨", "טבלה", "-minus", "Table\tD"];
    let mut tables = Vec::new();
    for (name, mix) in names.iter().zip(mixes) {
        let t = s.next_table(Some(name.to_string()), mix);
        tables.push(t.id);
        s.apply(Change::AddTable(t)).unwrap();
    }
    let principles: Vec<String> = s.framework.principles().map(|p| p.id.clone()).collect();
    let mut themes = Vec::new();
    for (i, label) in ["=Transport", "عمل", "No step 👩‍💻"].iter().enumerate() {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: label.to_string(),
            origin: if i == 1 {
                Origin::Suggested
            } else {
                Origin::Person
            },
            step: (i < 2).then(|| principles[i].clone()),
            description: if i == 0 {
                "line\nbreak".into()
            } else {
                String::new()
            },
        };
        themes.push(theme.id);
        s.apply(Change::AddTheme(theme)).unwrap();
    }
    let long = long_text();
    let mut notes = Vec::new();
    for (i, text) in TEXTS.iter().copied().chain([long.as_str()]).enumerate() {
        let mut n = s.next_note(
            tables[i % tables.len()],
            &principles[i % principles.len()],
            NoteKind::ALL[i % NoteKind::ALL.len()],
            text,
            created + jiff::SignedDuration::from_secs(61 * i as i64 + 7),
        );
        n.tags = match i % 4 {
            0 => vec!["transport".into(), "عمل".into(), "transport".into()],
            1 => vec!["=tag".into()],
            _ => vec![],
        };
        n.lived_experience = i % 3 == 0;
        n.sensitive = i == 5;
        if i == 6 {
            n.device = Some(Device {
                key: "k1".into(),
                seq: 1,
            });
        }
        notes.push(n.id);
        s.apply(Change::AddNote(n)).unwrap();
        if i % 2 == 0 {
            s.apply(Change::PlaceNote {
                note: notes[i],
                theme: Some(themes[i % themes.len()]),
                by: Some(if i % 4 == 0 {
                    Origin::Person
                } else {
                    Origin::Suggested
                }),
            })
            .unwrap();
        }
    }
    for (table, theme, dots) in [(0, 0, 3), (1, 0, 2), (1, 1, 1), (3, 2, 4)] {
        s.apply(Change::SetVotes {
            table: tables[table],
            theme: themes[theme],
            dots,
        })
        .unwrap();
    }
    let timeframes = [
        Some(Timeframe::By(date(2027, 3, 31))),
        Some(Timeframe::Now),
        None,
        Some(Timeframe::By(date(1899, 12, 31))),
    ];
    for (i, tf) in timeframes.into_iter().enumerate() {
        let rec = Recommendation {
            id: RecommendationId(s.next_ids.recommendation),
            text: format!("{} recommendation {i}", TEXTS[i % TEXTS.len()]),
            audience: "Employers".into(),
            owner: if i == 2 {
                String::new()
            } else {
                "@owner".into()
            },
            timeframe: tf,
            themes: themes.iter().take(i % 3 + 1).copied().collect(),
            steps: principles.iter().take(i % 2 + 1).cloned().collect(),
            commitments: (0..i)
                .map(|c| Commitment {
                    who: format!("-who {c}"),
                    what: TEXTS[(i + c) % TEXTS.len()].into(),
                })
                .collect(),
        };
        s.apply(Change::AddRecommendation(rec)).unwrap();
    }
    for (i, target) in [
        ResponseTarget::Note(notes[0]),
        ResponseTarget::Theme(themes[0]),
        ResponseTarget::Theme(themes[1]),
        ResponseTarget::Note(notes[7]),
    ]
    .into_iter()
    .enumerate()
    {
        let r = Response {
            id: ResponseId(s.next_ids.response),
            target,
            kind: [
                ResponseKind::Noted,
                ResponseKind::Answered,
                ResponseKind::SuggestionPassedOn,
                ResponseKind::Action,
            ][i],
            text: TEXTS[(i + 5) % TEXTS.len()].into(),
            owner: if i == 1 {
                String::new()
            } else {
                "+owner".into()
            },
            status: [
                ResponseStatus::Open,
                ResponseStatus::InProgress,
                ResponseStatus::Done,
            ][i % 3],
        };
        s.apply(Change::AddResponse(r)).unwrap();
    }
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    // The last note was written after the file was last saved: only in the journal.
    let journal_only = HashSet::from([*notes.last().unwrap()]);
    (s, journal_only)
}

/// A follow-up of `previous`: every third item done, every third dropped (with what was done,
/// in hostile text), the rest left as carried; a table and a note about the first item.
fn followed(previous: &Session, title: &str, on: Date) -> Session {
    let mut s = Session::follow_up(
        previous,
        "previous.ron",
        title,
        on,
        Framework::default_framework(),
        at(&format!("{on}T09:00:00Z")),
    );
    let items = s.follow_up.as_ref().unwrap().items.clone();
    for (i, item) in items.iter().enumerate() {
        let status = [
            ItemStatus::InProgress,
            ItemStatus::Done,
            ItemStatus::Dropped,
        ][i % 3];
        s.apply(Change::UpdateItem {
            id: item.id,
            status,
            done: TEXTS[i % TEXTS.len()].into(),
        })
        .unwrap();
    }
    let t = s.next_table(Some("=Follow".into()), vec![Stakeholder::Employer]);
    s.apply(Change::AddTable(t.clone())).unwrap();
    let mut n = s.next_note(
        t.id,
        SINCE_LAST_TIME,
        NoteKind::Comment,
        "About the first promise",
        s.created,
    );
    n.about = Some(items[0].id);
    s.apply(Change::AddNote(n)).unwrap();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    s
}

/// The sessions every container is written from, each with its journal-only notes: a
/// follow-up of the hostile one among them.
fn corpus() -> Vec<(Session, HashSet<NoteId>)> {
    let (first, journal) = hostile();
    let second = followed(&first, "«Follow-up» =2", date(2026, 12, 14));
    vec![
        (first, journal),
        (second, HashSet::new()),
        (common::riverside(), HashSet::new()),
        (convene::review::sample::session(11, 40), HashSet::new()),
    ]
}

fn emit_all(corpus: &[(Session, HashSet<NoteId>)], sink: &mut dyn Sink) {
    for (s, journal) in corpus {
        emit(&Source::whole(s, journal), sink).unwrap();
    }
}

fn memory(corpus: &[(Session, HashSet<NoteId>)]) -> Memory {
    let mut m = Memory::default();
    emit_all(corpus, &mut m);
    m
}

/// Asserts that `read` holds exactly the rows of `memory`, table by table.
fn assert_same(container: &str, memory: &Memory, read: &Rows) {
    for t in Table::ALL {
        let got = read.get(&t).map_or(&[][..], Vec::as_slice);
        let want = memory.rows(t);
        assert_eq!(got.len(), want.len(), "{container}: rows of {}", t.name());
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert_eq!(g, w, "{container}: {} row {i}", t.name());
        }
    }
}

// ---- Parquet --------------------------------------------------------------------------------

fn epoch() -> Date {
    date(1970, 1, 1)
}

fn read_parquet(dir: &Path) -> Rows {
    use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let mut out = Rows::new();
    for t in Table::ALL {
        let file = std::fs::File::open(dir.join(format!("{}.parquet", t.name()))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let meta = reader.metadata();
        let schema = meta.file_metadata().schema_descr();
        let fields = t.def().fields;
        assert_eq!(schema.num_columns(), fields.len(), "{}", t.name());
        for (i, f) in fields.iter().enumerate() {
            let col = schema.column(i);
            assert_eq!(col.name(), f.name);
            let (physical, logical) = match f.kind {
                FieldType::Id | FieldType::Text => {
                    (Physical::BYTE_ARRAY, Some(LogicalType::String))
                }
                FieldType::Integer => (Physical::INT64, None),
                FieldType::Boolean => (Physical::BOOLEAN, None),
                FieldType::Date => (Physical::INT32, Some(LogicalType::Date)),
                FieldType::DateTime => (
                    Physical::INT64,
                    Some(LogicalType::timestamp(true, TimeUnit::MICROS)),
                ),
            };
            assert_eq!(col.physical_type(), physical, "{}.{}", t.name(), f.name);
            assert_eq!(
                col.logical_type_ref(),
                logical.as_ref(),
                "{}.{}",
                t.name(),
                f.name
            );
            let repetition = col.self_type().get_basic_info().repetition();
            assert_eq!(
                repetition,
                if f.required {
                    Repetition::REQUIRED
                } else {
                    Repetition::OPTIONAL
                },
                "{}.{}",
                t.name(),
                f.name
            );
        }
        for g in meta.row_groups() {
            for c in g.columns() {
                assert!(
                    matches!(c.compression(), Compression::SNAPPY),
                    "{}",
                    t.name()
                );
            }
        }
        let mut rows = Vec::new();
        for row in reader.get_row_iter(None).unwrap() {
            let row = row.unwrap();
            let values: Vec<Value> = row
                .get_column_iter()
                .zip(fields)
                .map(|((name, field), f)| {
                    assert_eq!(name, f.name);
                    match (field, f.kind) {
                        (Field::Null, _) => Value::Null,
                        (Field::Str(s), FieldType::Id) => Value::Id(Uuid::parse_str(s).unwrap()),
                        (Field::Str(s), FieldType::Text) => Value::Text(s.clone()),
                        (Field::Long(n), FieldType::Integer) => Value::Integer(*n),
                        (Field::Bool(b), FieldType::Boolean) => Value::Boolean(*b),
                        (Field::Date(d), FieldType::Date) => Value::Date(
                            epoch()
                                .checked_add(jiff::Span::new().days(i64::from(*d)))
                                .unwrap(),
                        ),
                        (Field::TimestampMicros(us), FieldType::DateTime) => {
                            Value::DateTime(Timestamp::from_microsecond(*us).unwrap())
                        }
                        (other, kind) => panic!("{}.{}: {other:?} for {kind:?}", t.name(), f.name),
                    }
                })
                .collect();
            rows.push(values);
        }
        out.insert(t, rows);
    }
    out
}

fn write_parquet(corpus: &[(Session, HashSet<NoteId>)], dir: &Path) {
    let mut p = ParquetFolder::create(dir).unwrap();
    emit_all(corpus, &mut p);
    p.finish("Written by a test.").unwrap();
}

#[test]
fn parquet_holds_every_row_as_emitted() {
    let corpus = corpus();
    let mem = memory(&corpus);
    let dir = tempfile::tempdir().unwrap();
    write_parquet(&corpus, dir.path());
    assert_same("parquet", &mem, &read_parquet(dir.path()));
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["resources"][0]["path"], "sessions.parquet");
}

#[test]
fn parquet_files_exist_for_empty_tables() {
    let dir = tempfile::tempdir().unwrap();
    ParquetFolder::create(dir.path())
        .unwrap()
        .finish("Nothing.")
        .unwrap();
    let read = read_parquet(dir.path());
    assert!(read.values().all(Vec::is_empty));
    assert_eq!(read.len(), Table::ALL.len());
}

#[test]
fn parquet_splits_a_large_table_into_row_groups_that_read_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let session = Uuid::new_v4();
    let rows: Vec<Vec<Value>> = (0..250_001i64)
        .map(|i| {
            vec![
                Value::Id(Uuid::from_u128(i as u128)),
                Value::Id(session),
                Value::Integer(i),
                Value::text(format!("theme {i}")),
                if i % 3 == 0 {
                    Value::Null
                } else {
                    Value::text("d")
                },
                if i % 2 == 0 {
                    Value::Null
                } else {
                    Value::Id(session)
                },
                Value::text("person"),
                Value::Integer(i % 7),
                Value::Integer(-i),
            ]
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut p = ParquetFolder::create(dir.path()).unwrap();
    for r in &rows {
        p.row(Table::Themes, r).unwrap();
    }
    p.finish("Many themes.").unwrap();
    let file = std::fs::File::open(dir.path().join("themes.parquet")).unwrap();
    let groups = SerializedFileReader::new(file)
        .unwrap()
        .metadata()
        .num_row_groups();
    assert_eq!(groups, 3, "100,000 rows a group");
    let read = read_parquet(dir.path());
    assert!(
        read[&Table::Themes] == rows,
        "the rows read back as written"
    );
}

// ---- SQLite ---------------------------------------------------------------------------------

fn sqlite_value(v: rusqlite::types::ValueRef, kind: FieldType, what: &str) -> Value {
    use rusqlite::types::ValueRef as V;
    match (v, kind) {
        (V::Null, _) => Value::Null,
        (V::Text(s), FieldType::Id) => {
            Value::Id(Uuid::parse_str(std::str::from_utf8(s).unwrap()).unwrap())
        }
        (V::Text(s), FieldType::Text) => Value::Text(String::from_utf8(s.to_vec()).unwrap()),
        (V::Integer(n), FieldType::Integer) => Value::Integer(n),
        (V::Integer(n), FieldType::Boolean) => {
            assert!(n == 0 || n == 1, "{what}: {n}");
            Value::Boolean(n == 1)
        }
        (V::Text(s), FieldType::Date) => {
            Value::Date(std::str::from_utf8(s).unwrap().parse().unwrap())
        }
        (V::Text(s), FieldType::DateTime) => {
            let text = std::str::from_utf8(s).unwrap();
            assert_eq!(text.len(), 20, "{what}: {text}");
            Value::DateTime(text.parse().unwrap())
        }
        (other, kind) => panic!("{what}: {other:?} for {kind:?}"),
    }
}

fn read_sqlite(conn: &rusqlite::Connection) -> Rows {
    let mut out = Rows::new();
    for t in Table::ALL {
        let fields = t.def().fields;
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{}\" ORDER BY rowid", t.name()))
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok(fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        sqlite_value(
                            r.get_ref(i).unwrap(),
                            f.kind,
                            &format!("{}.{}", t.name(), f.name),
                        )
                    })
                    .collect::<Vec<_>>())
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.insert(t, rows);
    }
    out
}

fn write_sqlite(corpus: &[(Session, HashSet<NoteId>)], path: &Path) -> rusqlite::Connection {
    // The caller makes an empty temporary file first; it is written over.
    std::fs::write(path, b"").unwrap();
    let mut db = SqliteFile::create(path).unwrap();
    emit_all(corpus, &mut db);
    db.finish().unwrap();
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn sqlite_holds_every_row_as_emitted_and_every_key_resolves() {
    let corpus = corpus();
    let mem = memory(&corpus);
    let dir = tempfile::tempdir().unwrap();
    let conn = write_sqlite(&corpus, &dir.path().join("d.sqlite"));
    assert_same("sqlite", &mem, &read_sqlite(&conn));

    let dangling: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(dangling.is_empty(), "{dangling:?}");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");

    // The data dictionary is in the database.
    let (kind, required, allowed): (String, bool, String) = conn
        .query_row(
            "SELECT type, required, allowed_values FROM fields
              WHERE table_name = 'notes' AND field_name = 'kind'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), required, allowed.as_str()),
        ("text", true, "comment; question; idea; barrier; commitment")
    );
    // An index on every foreign key the primary key does not begin with.
    let indexes: HashSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for name in [
        "notes_session_id",
        "notes_table_id",
        "notes_step_id",
        "notes_theme_id",
        "responses_note_id",
    ] {
        assert!(indexes.contains(name), "{name} in {indexes:?}");
    }
    // Constraints hold for rows added later, too.
    let bad = conn.execute("UPDATE notes SET sensitive = 2 WHERE rowid = 1", []);
    assert!(bad.is_err(), "a boolean is 0 or 1");
    let bad = conn.execute("UPDATE notes SET kind = 'rant' WHERE rowid = 1", []);
    assert!(bad.is_err(), "a kind is one of the allowed values");
}

#[test]
fn sqlite_refuses_a_dangling_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.sqlite");
    let mut db = SqliteFile::create(&path).unwrap();
    let session = Uuid::new_v4();
    let mut row = vec![Value::Null; Table::Tables.def().fields.len()];
    row[0] = Value::Id(Uuid::new_v4());
    row[1] = Value::Id(session); // no such session
    row[2] = Value::Integer(1);
    row[3] = Value::text("A");
    row[4] = Value::text("Table A");
    row[5] = Value::text("orange");
    row[6] = Value::Integer(0);
    db.row(Table::Tables, &row).unwrap();
    let err = db.finish().unwrap_err().to_string();
    assert!(err.contains("foreign key"), "{err}");
    assert!(
        err.contains("tables row 1 refers to a missing sessions row"),
        "{err}"
    );
}

/// Two tables (A: employer and lived experience; B: public sector), one theme both voted for,
/// a recommendation answering it with two commitments, and responses to the theme (two) and
/// to a note.
fn small() -> Session {
    let created = at("2026-05-02T10:00:00Z");
    let mut s = Session::new(
        "Small",
        date(2026, 5, 2),
        Framework::default_framework(),
        created,
    );
    let a = s.next_table(
        Some("North".into()),
        vec![Stakeholder::LivedExperience, Stakeholder::Employer],
    );
    s.apply(Change::AddTable(a.clone())).unwrap();
    let b = s.next_table(Some("South".into()), vec![Stakeholder::PublicSector]);
    s.apply(Change::AddTable(b.clone())).unwrap();
    let theme = Theme {
        id: ThemeId(s.next_ids.theme),
        label: "Late buses".into(),
        origin: Origin::Person,
        step: Some("person-centred".into()),
        description: String::new(),
    };
    s.apply(Change::AddTheme(theme.clone())).unwrap();
    let n = s.next_note(
        a.id,
        "person-centred",
        NoteKind::Barrier,
        "No bus after 6",
        created,
    );
    let note = n.id;
    s.apply(Change::AddNote(n)).unwrap();
    s.apply(Change::PlaceNote {
        note,
        theme: Some(theme.id),
        by: Some(Origin::Person),
    })
    .unwrap();
    let n = s.next_note(
        b.id,
        "trauma-awareness",
        NoteKind::Idea,
        "Quiet rooms",
        created,
    );
    s.apply(Change::AddNote(n)).unwrap();
    for (table, dots) in [(a.id, 3), (b.id, 2)] {
        s.apply(Change::SetVotes {
            table,
            theme: theme.id,
            dots,
        })
        .unwrap();
    }
    s.apply(Change::AddRecommendation(Recommendation {
        id: RecommendationId(s.next_ids.recommendation),
        text: "Run a late bus".into(),
        audience: "Local policy makers".into(),
        owner: "Transport board".into(),
        timeframe: Some(Timeframe::By(date(2026, 12, 1))),
        themes: vec![theme.id],
        steps: vec!["person-centred".into()],
        commitments: vec![
            Commitment {
                who: "Council".into(),
                what: "Fund a pilot".into(),
            },
            Commitment {
                who: "Operator".into(),
                what: "Drivers".into(),
            },
        ],
    }))
    .unwrap();
    for (target, text) in [
        (ResponseTarget::Theme(theme.id), "Raised with the operator"),
        (ResponseTarget::Note(note), "Timetable sent"),
        (ResponseTarget::Theme(theme.id), "Pilot agreed"),
    ] {
        s.apply(Change::AddResponse(Response {
            id: ResponseId(s.next_ids.response),
            target,
            kind: ResponseKind::Action,
            text: text.into(),
            owner: "Coordinator".into(),
            status: ResponseStatus::InProgress,
        }))
        .unwrap();
    }
    s
}

/// The rows a query returns, every cell as text ("NULL" for null).
fn query(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    use rusqlite::types::ValueRef as V;
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..columns)
            .map(|i| match r.get_ref(i).unwrap() {
                V::Null => "NULL".to_string(),
                V::Integer(n) => n.to_string(),
                V::Text(s) => String::from_utf8(s.to_vec()).unwrap(),
                other => panic!("{other:?}"),
            })
            .collect())
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn sqlite_views_answer_the_first_questions() {
    let corpus = vec![(small(), HashSet::new())];
    let dir = tempfile::tempdir().unwrap();
    let conn = write_sqlite(&corpus, &dir.path().join("d.sqlite"));

    let notes = query(
        &conn,
        "SELECT session_title, workshop_date, table_letter, stakeholders, step_key,
                principle_number, theme_label, text
           FROM notes_in_context ORDER BY note_number",
    );
    assert_eq!(
        notes,
        strings(&[
            &[
                "Small",
                "2026-05-02",
                "A",
                "employer; lived experience",
                "person-centred",
                "1",
                "Late buses",
                "No bus after 6",
            ],
            &[
                "Small",
                "2026-05-02",
                "B",
                "public sector",
                "trauma-awareness",
                "6",
                "NULL",
                "Quiet rooms",
            ],
        ])
    );

    let dots = query(
        &conn,
        "SELECT stakeholder, theme_label, sessions, tables, dots FROM dots_by_stakeholder
          ORDER BY stakeholder",
    );
    assert_eq!(
        dots,
        strings(&[
            &["employer", "Late buses", "1", "1", "3"],
            &["lived", "Late buses", "1", "1", "3"],
            &["public", "Late buses", "1", "1", "2"],
        ])
    );

    let commitments = query(
        &conn,
        "SELECT recommendation_text, audience, recommendation_owner, timeframe, due,
                position, who, latest_response_text, latest_response_theme
           FROM commitments_in_context ORDER BY position",
    );
    // The latest response to the theme (number 3), not the one to the note (number 2).
    let row = |position: &'static str, who: &'static str| -> [&'static str; 9] {
        [
            "Run a late bus",
            "Local policy makers",
            "Transport board",
            "by date",
            "2026-12-01",
            position,
            who,
            "Pilot agreed",
            "Late buses",
        ]
    };
    assert_eq!(
        commitments,
        strings(&[&row("1", "Council"), &row("2", "Operator")])
    );
}

/// `small` and two follow-ups: the Council's commitment in progress in the first, done in the
/// second; the Operator's dropped in the first (so not carried to the second).
fn small_chain() -> Vec<Session> {
    let first = small();
    let update = |s: &mut Session, who: &str, status, done: &str| {
        let id = s
            .follow_up
            .as_ref()
            .unwrap()
            .items
            .iter()
            .find(|i| i.kind == ItemKind::Commitment && i.owner == who)
            .unwrap()
            .id;
        s.apply(Change::UpdateItem {
            id,
            status,
            done: done.into(),
        })
        .unwrap();
    };
    let mut second = Session::follow_up(
        &first,
        "small.ron",
        "Second",
        date(2026, 9, 5),
        Framework::default_framework(),
        at("2026-09-05T10:00:00Z"),
    );
    update(
        &mut second,
        "Council",
        ItemStatus::InProgress,
        "Half funded",
    );
    update(&mut second, "Operator", ItemStatus::Dropped, "No drivers");
    let mut third = Session::follow_up(
        &second,
        "second.ron",
        "Third",
        date(2027, 1, 9),
        Framework::default_framework(),
        at("2027-01-09T10:00:00Z"),
    );
    update(&mut third, "Council", ItemStatus::Done, "Pilot running");
    vec![first, second, third]
}

#[test]
fn a_commitment_has_a_row_in_every_session_that_carried_it() {
    let chain = small_chain();
    let corpus: Vec<_> = chain.iter().map(|s| (s.clone(), HashSet::new())).collect();
    let dir = tempfile::tempdir().unwrap();
    let conn = write_sqlite(&corpus, &dir.path().join("d.sqlite"));
    let history = query(
        &conn,
        "SELECT session_title, workshop_date, carried, made_in_title, position, who, status,
                coalesce(done, ''), due, overdue, recommendation_text
           FROM commitments_in_context ORDER BY who, workshop_date",
    );
    // Due 2026-12-01 (the recommendation's date); never overdue while open at a workshop.
    let row = |cells: [&str; 7]| -> Vec<String> {
        let [title, day, carried, position, who, status, done] = cells;
        [
            title,
            day,
            carried,
            "Small",
            position,
            who,
            status,
            done,
            "2026-12-01",
            "0",
            "Run a late bus",
        ]
        .map(String::from)
        .to_vec()
    };
    assert_eq!(
        history,
        vec![
            row(["Small", "2026-05-02", "0", "1", "Council", "open", ""]),
            row([
                "Second",
                "2026-09-05",
                "1",
                "1",
                "Council",
                "in progress",
                "Half funded"
            ]),
            row([
                "Third",
                "2027-01-09",
                "1",
                "1",
                "Council",
                "done",
                "Pilot running"
            ]),
            row(["Small", "2026-05-02", "0", "2", "Operator", "open", ""]),
            row([
                "Second",
                "2026-09-05",
                "1",
                "2",
                "Operator",
                "not going ahead",
                "No drivers"
            ]),
        ]
    );
    // Each follow-up names the session it follows.
    let follows = query(
        &conn,
        "SELECT s.title, coalesce(p.title, '') FROM sessions s
           LEFT JOIN sessions p ON p.session_id = s.follows_session_id ORDER BY s.workshop_date",
    );
    assert_eq!(
        follows,
        strings(&[&["Small", ""], &["Second", "Small"], &["Third", "Second"]])
    );
    // The third carried the recommendation (still open: nobody closed it) and the Council's
    // commitment; overdue by then, as the recommendation was due 2026-12-01.
    let carried = query(
        &conn,
        "SELECT c.kind, c.status_before, c.status, c.overdue FROM carried_items c
           JOIN sessions s USING (session_id) WHERE s.title = 'Third' ORDER BY c.number",
    );
    assert_eq!(
        carried,
        strings(&[
            &["recommendation", "open", "open", "1"],
            &["commitment", "in progress", "done", "0"],
            &["response", "in progress", "in progress", "0"],
            &["response", "in progress", "in progress", "0"],
            &["response", "in progress", "in progress", "0"],
        ])
    );
}

#[test]
fn follow_ups_without_the_session_they_follow_still_hold_every_key() {
    // The first workshop left out: its recommendation is named by id only, and the view takes
    // its words from the follow-up's copy.
    let chain = small_chain();
    let corpus: Vec<_> = chain[1..]
        .iter()
        .map(|s| (s.clone(), HashSet::new()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let conn = write_sqlite(&corpus, &dir.path().join("d.sqlite"));
    let rows = query(
        &conn,
        "SELECT session_title, coalesce(made_in_title, 'outside'), recommendation_text, status
           FROM commitments_in_context WHERE who = 'Council' ORDER BY workshop_date",
    );
    assert_eq!(
        rows,
        strings(&[
            &["Second", "outside", "Run a late bus", "in progress"],
            &["Third", "outside", "Run a late bus", "done"],
        ])
    );
    let mem = memory(&corpus);
    let follows = mem.column(Table::Sessions, "follows_session_id");
    assert_eq!(follows[0], &Value::Id(chain[0].uuid));
}

#[test]
fn a_carried_item_quoting_a_sensitive_note_is_left_out_unless_asked_for() {
    let chain = small_chain();
    let mut second = chain[1].clone();
    let item = {
        let items = &mut second.follow_up.as_mut().unwrap().items;
        let r = items
            .iter_mut()
            .find(|i| i.kind == ItemKind::Response)
            .unwrap();
        r.sensitive = true;
        r.id
    };
    let t = second.next_table(None, Vec::new());
    second.apply(Change::AddTable(t.clone())).unwrap();
    let mut n = second.next_note(
        t.id,
        SINCE_LAST_TIME,
        NoteKind::Comment,
        "x",
        second.created,
    );
    n.about = Some(item);
    second.apply(Change::AddNote(n)).unwrap();
    let journal = HashSet::new();
    for include_sensitive in [false, true] {
        let mut mem = Memory::default();
        let source = Source {
            include_sensitive,
            ..Source::whole(&second, &journal)
        };
        emit(&source, &mut mem).unwrap();
        let items = mem.column(Table::CarriedItems, "item_id");
        assert_eq!(items.contains(&&Value::Id(item)), include_sensitive);
        let about = mem.column(Table::Notes, "about_item_id");
        let want = if include_sensitive {
            Value::Id(item)
        } else {
            Value::Null
        };
        assert_eq!(about, [&want]);
    }
}

// ---- xlsx -----------------------------------------------------------------------------------

/// Every file of a zip archive by name.
fn unzip(path: &Path) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().to_string(), text)
        })
        .collect()
}

/// Text as a cell holds it, its `_xHHHH_` escapes decoded.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        let code = rest.get(i + 2..i + 6);
        let ok = code.is_some_and(|c| c.chars().all(|c| c.is_ascii_hexdigit()))
            && rest.get(i + 6..i + 7) == Some("_");
        out.push_str(&rest[..i]);
        if ok {
            let n = u32::from_str_radix(code.unwrap(), 16).unwrap();
            out.push(char::from_u32(n).unwrap());
            rest = &rest[i + 7..];
        } else {
            out.push_str("_x");
            rest = &rest[i + 2..];
        }
    }
    out.push_str(rest);
    out
}

/// The text of a string item (`<is>` or `<si>`): its `<t>`s, rich runs included.
fn item_text(node: roxmltree::Node) -> String {
    let text: String = node
        .descendants()
        .filter(|n| n.has_tag_name("t") && !n.ancestors().any(|a| a.has_tag_name("rPh")))
        .map(|n| n.text().unwrap_or(""))
        .collect();
    unescape(&text)
}

/// A cell reference's column, from 0 ("C7" is 2).
fn column_of(reference: &str) -> usize {
    reference
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1
}

/// What the styles say of one cell style: its number format and whether its font is bold.
struct Styles {
    formats: Vec<(String, bool)>,
}

impl Styles {
    fn parse(xml: &str) -> Styles {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let mut codes: HashMap<String, String> = HashMap::new();
        for n in doc.descendants().filter(|n| n.has_tag_name("numFmt")) {
            codes.insert(
                n.attribute("numFmtId").unwrap().into(),
                n.attribute("formatCode").unwrap().into(),
            );
        }
        let fonts: Vec<bool> = doc
            .descendants()
            .find(|n| n.has_tag_name("fonts"))
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name("font"))
            .map(|f| f.children().any(|c| c.has_tag_name("b")))
            .collect();
        let formats = doc
            .descendants()
            .find(|n| n.has_tag_name("cellXfs"))
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name("xf"))
            .map(|xf| {
                let num = xf.attribute("numFmtId").unwrap_or("0");
                let font: usize = xf.attribute("fontId").unwrap_or("0").parse().unwrap();
                (codes.get(num).cloned().unwrap_or_default(), fonts[font])
            })
            .collect();
        Styles { formats }
    }

    fn of(&self, cell: roxmltree::Node) -> &(String, bool) {
        let s: usize = cell.attribute("s").unwrap_or("0").parse().unwrap();
        &self.formats[s]
    }
}

/// Every sheet of a workbook by name, in order, as rows of cells (position and node text
/// resolved); checks on the way that no cell is a formula.
struct Workbook {
    sheets: Vec<(String, String)>,
    shared: Vec<String>,
    styles: Styles,
}

impl Workbook {
    fn open(path: &Path) -> Workbook {
        let files = unzip(path);
        let book = roxmltree::Document::parse(&files["xl/workbook.xml"]).unwrap();
        let rels = roxmltree::Document::parse(&files["xl/_rels/workbook.xml.rels"]).unwrap();
        let target: HashMap<&str, &str> = rels
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
            .map(|n| (n.attribute("Id").unwrap(), n.attribute("Target").unwrap()))
            .collect();
        let sheets = book
            .descendants()
            .filter(|n| n.has_tag_name("sheet"))
            .map(|n| {
                let id = n.attributes().find(|a| a.name() == "id").unwrap().value();
                let file = format!("xl/{}", target[id].trim_start_matches("/xl/"));
                (
                    n.attribute("name").unwrap().to_string(),
                    files[&file].clone(),
                )
            })
            .collect();
        let shared = files
            .get("xl/sharedStrings.xml")
            .map(|xml| {
                let doc = roxmltree::Document::parse(xml).unwrap();
                doc.root_element()
                    .children()
                    .filter(|n| n.has_tag_name("si"))
                    .map(item_text)
                    .collect()
            })
            .unwrap_or_default();
        Workbook {
            sheets,
            shared,
            styles: Styles::parse(&files["xl/styles.xml"]),
        }
    }

    fn sheet(&self, name: &str) -> &str {
        &self.sheets.iter().find(|(n, _)| n == name).unwrap().1
    }

    /// The rows of a table's sheet as values, read by the schema's field types.
    fn table(&self, t: Table) -> Vec<Vec<Value>> {
        let xml = self.sheet(t.name());
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("f")),
            "{}: no formulas",
            t.name()
        );
        let pane = doc.descendants().find(|n| n.has_tag_name("pane")).unwrap();
        assert_eq!(pane.attribute("state"), Some("frozen"), "{}", t.name());
        assert_eq!(pane.attribute("ySplit"), Some("1"), "{}", t.name());
        let fields = t.def().fields;
        let mut rows = Vec::new();
        for (i, row) in doc
            .descendants()
            .filter(|n| n.has_tag_name("row"))
            .enumerate()
        {
            assert_eq!(row.attribute("r"), Some((i + 1).to_string().as_str()));
            let mut values: Vec<Value> = fields
                .iter()
                .map(|f| {
                    if f.required && f.kind == FieldType::Text {
                        Value::text("") // an empty text is an empty cell
                    } else {
                        Value::Null
                    }
                })
                .collect();
            for c in row.children().filter(|n| n.has_tag_name("c")) {
                let col = column_of(c.attribute("r").unwrap());
                let f = &fields[col];
                let what = format!("{}.{} row {i}", t.name(), f.name);
                let v = || {
                    c.children()
                        .find(|n| n.has_tag_name("v"))
                        .and_then(|n| n.text())
                        .unwrap()
                };
                let text = match c.attribute("t") {
                    Some("inlineStr") => Some(item_text(
                        c.children().find(|n| n.has_tag_name("is")).unwrap(),
                    )),
                    Some("s") => Some(self.shared[v().parse::<usize>().unwrap()].clone()),
                    _ => None,
                };
                if i == 0 {
                    assert_eq!(text.as_deref(), Some(f.name), "header of {}", t.name());
                    assert!(self.styles.of(c).1, "{}: bold header", t.name());
                    continue;
                }
                let (format, _) = self.styles.of(c);
                values[col] = match (c.attribute("t"), text, f.kind) {
                    (_, Some(s), FieldType::Id) => Value::Id(Uuid::parse_str(&s).unwrap()),
                    (_, Some(s), FieldType::Text) => Value::Text(s),
                    // Days Excel cannot show are text, as written.
                    (_, Some(s), FieldType::Date) => Value::Date(s.parse().unwrap()),
                    (_, Some(s), FieldType::DateTime) => Value::DateTime(s.parse().unwrap()),
                    (_, Some(s), FieldType::Integer) => Value::Integer(s.parse().unwrap()),
                    (Some("b"), None, FieldType::Boolean) => Value::Boolean(v() == "1"),
                    (None | Some("n"), None, FieldType::Integer) => {
                        let n: f64 = v().parse().unwrap();
                        assert_eq!(n.fract(), 0.0, "{what}");
                        Value::Integer(n as i64)
                    }
                    (None | Some("n"), None, FieldType::Date) => {
                        assert_eq!(format, "yyyy-mm-dd", "{what}");
                        let n: f64 = v().parse().unwrap();
                        Value::Date(
                            date(1899, 12, 30)
                                .checked_add(jiff::Span::new().days(n as i64))
                                .unwrap(),
                        )
                    }
                    (None | Some("n"), None, FieldType::DateTime) => {
                        assert_eq!(format, "yyyy-mm-dd hh:mm:ss", "{what}");
                        let n: f64 = v().parse().unwrap();
                        let seconds = ((n - 25_569.0) * 86_400.0).round() as i64;
                        Value::DateTime(Timestamp::from_second(seconds).unwrap())
                    }
                    (t, text, kind) => panic!("{what}: {t:?} {text:?} for {kind:?}"),
                };
            }
            if i > 0 {
                rows.push(values);
            }
        }
        rows
    }
}

fn write_xlsx(corpus: &[(Session, HashSet<NoteId>)], path: &Path) -> Result<(), DatasetError> {
    std::fs::write(path, b"").unwrap();
    let mut x = XlsxFile::create(path)?;
    for (s, journal) in corpus {
        emit(&Source::whole(s, journal), &mut x)?;
    }
    x.finish()
}

#[test]
fn xlsx_holds_every_row_as_emitted_in_typed_cells() {
    let corpus = corpus();
    let mem = memory(&corpus);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.xlsx");
    write_xlsx(&corpus, &path).unwrap();
    let book = Workbook::open(&path);
    let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
    let mut want = vec!["about"];
    want.extend(Table::ALL.iter().map(|t| t.name()));
    assert_eq!(names, want);
    let read: Rows = Table::ALL.iter().map(|&t| (t, book.table(t))).collect();
    assert_same("xlsx", &mem, &read);

    // The about sheet lists every field.
    let about = roxmltree::Document::parse(book.sheet("about")).unwrap();
    let text: Vec<String> = about
        .descendants()
        .filter(|n| n.has_tag_name("is"))
        .map(item_text)
        .collect();
    assert!(text.iter().any(|t| t == "lived_experience"));
    assert!(
        text.iter()
            .any(|t| t.starts_with("Marked as coming from lived experience"))
    );
}

#[test]
fn xlsx_refuses_a_text_longer_than_a_cell() {
    let (mut s, journal) = hostile();
    let n = s.next_note(
        s.tables[0].id,
        "person-centred",
        NoteKind::Comment,
        "x".repeat(32_766) + "🚌", // 32,768 UTF-16 units
        s.created,
    );
    s.apply(Change::AddNote(n)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = write_xlsx(&[(s, journal)], &dir.path().join("d.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("notes.text"), "{err}");
    assert!(err.contains("32768 characters"), "{err}");
}

#[test]
fn xlsx_refuses_a_character_xml_cannot_hold() {
    let (mut s, journal) = hostile();
    s.apply(Change::UpdateTheme(Theme {
        label: "not a character: \u{FFFF}".into(),
        ..s.themes[0].clone()
    }))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = write_xlsx(&[(s, journal)], &dir.path().join("d.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("themes.label"), "{err}");
    assert!(err.contains("U+FFFF"), "{err}");
}

// ---- All of them ----------------------------------------------------------------------------

#[test]
fn every_foreign_key_resolves_in_memory() {
    let mem = memory(&corpus());
    for t in Table::ALL {
        let def = t.def();
        for fk in def.foreign_keys {
            let target = fk.table.def();
            let keys: BTreeSet<Vec<&Value>> = mem
                .rows(fk.table)
                .iter()
                .map(|r| {
                    fk.references
                        .iter()
                        .map(|k| &r[target.column(k).unwrap()])
                        .collect()
                })
                .collect();
            for row in mem.rows(t) {
                let key: Vec<&Value> = fk
                    .fields
                    .iter()
                    .map(|f| &row[def.column(f).unwrap()])
                    .collect();
                if key.iter().any(|v| **v == Value::Null) {
                    continue;
                }
                assert!(
                    keys.contains(&key),
                    "{}.{:?} → {}: {key:?}",
                    def.name,
                    fk.fields,
                    target.name
                );
            }
        }
        // Primary keys are unique.
        let pk: BTreeSet<Vec<&Value>> = mem
            .rows(t)
            .iter()
            .map(|r| {
                def.primary_key
                    .iter()
                    .map(|k| &r[def.column(k).unwrap()])
                    .collect()
            })
            .collect();
        assert_eq!(pk.len(), mem.rows(t).len(), "{}", def.name);
    }
    // What the corpus was made to hold.
    let notes = mem.rows(Table::Notes);
    let col = |name| Table::Notes.def().column(name).unwrap();
    assert!(
        notes
            .iter()
            .any(|r| r[col("sensitive")] == Value::Boolean(true))
    );
    assert!(
        notes
            .iter()
            .any(|r| r[col("from_device")] == Value::Boolean(true))
    );
    assert_eq!(
        notes
            .iter()
            .filter(|r| r[col("in_snapshot")] == Value::Boolean(false))
            .count(),
        1
    );
    for t in Table::ALL {
        assert!(!mem.rows(t).is_empty(), "{} has rows", t.name());
    }
    // A note about a carried item names a carried_items row of its own session.
    let carried: BTreeSet<(&Value, &Value)> = mem
        .column(Table::CarriedItems, "item_id")
        .into_iter()
        .zip(mem.column(Table::CarriedItems, "session_id"))
        .collect();
    let about: Vec<(&Value, &Value)> = mem
        .column(Table::Notes, "about_item_id")
        .into_iter()
        .zip(mem.column(Table::Notes, "session_id"))
        .filter(|(a, _)| **a != Value::Null)
        .collect();
    assert_eq!(about.len(), 1);
    assert!(about.iter().all(|k| carried.contains(k)));
}

#[test]
fn the_same_note_has_the_same_id_in_every_container() {
    let corpus = corpus();
    let mem = memory(&corpus);
    // The note only in the journal.
    let in_snapshot = Table::Notes.def().column("in_snapshot").unwrap();
    let row = mem
        .rows(Table::Notes)
        .iter()
        .find(|r| r[in_snapshot] == Value::Boolean(false))
        .unwrap();
    let Value::Id(id) = row[0] else { panic!() };

    let dir = tempfile::tempdir().unwrap();
    write_parquet(&corpus, dir.path());
    let parquet = read_parquet(dir.path());
    assert!(parquet[&Table::Notes].iter().any(|r| r[0] == Value::Id(id)));

    let conn = write_sqlite(&corpus, &dir.path().join("d.sqlite"));
    let text: String = conn
        .query_row(
            "SELECT text FROM notes WHERE note_id = ?1 AND in_snapshot = 0",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.starts_with("Long: "));

    let path = dir.path().join("d.xlsx");
    write_xlsx(&corpus, &path).unwrap();
    let xlsx = Workbook::open(&path).table(Table::Notes);
    assert!(xlsx.iter().any(|r| r[0] == Value::Id(id)));
}
