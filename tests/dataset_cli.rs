//! The research dataset from the command line: session ids, copies, the tidy tables and their
//! data package, the same ids in every format, and outputs that never replace what they must not.

use crate::review_common as common;

use common::{convene, demo, fingerprint, riverside, two_workshops as folder, write};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A CSV file as rows of column → cell (a byte-order mark, if any, dropped).
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_dataset_folder_has_every_table_its_data_package_and_resolving_keys() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let out = root.path().join("ds");
    let run = convene(root.path())
        .args(["review", "--export", "dataset", "-o"])
        .arg(&out)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert!(
        stderr_of(&run).contains("wrote 2 sessions:"),
        "{}",
        stderr_of(&run)
    );
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap())
            .unwrap();
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), convene::dataset::Table::ALL.len());
    // Every table: its file, its header as the schema says, and every foreign key resolving.
    let mut tables = BTreeMap::new();
    for r in resources {
        let name = r["name"].as_str().unwrap();
        let path = out.join(r["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.starts_with('\u{feff}'), "{name}: no byte-order mark");
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields, "{name}");
        tables.insert(name.to_string(), (r.clone(), read_csv(&path)));
    }
    for (name, (r, rows)) in &tables {
        for fk in r["schema"]["foreignKeys"].as_array().unwrap() {
            let field = fk["fields"][0].as_str().unwrap();
            let target = fk["reference"]["resource"].as_str().unwrap();
            let key = fk["reference"]["fields"][0].as_str().unwrap();
            let known: BTreeSet<&String> = tables[target].1.iter().map(|r| &r[key]).collect();
            for row in rows {
                let v = &row[field];
                assert!(v.is_empty() || known.contains(v), "{name}.{field} = {v}");
            }
        }
    }
    let sessions = &tables["sessions"].1;
    assert_eq!(sessions.len(), 2);
    // Every response is a row of its own (the riverside note answered twice included).
    let responses = &tables["responses"].1;
    let expected: usize = [demo(), riverside()]
        .iter()
        .map(|s| {
            s.responses
                .iter()
                .filter(|r| match r.target {
                    convene::model::ResponseTarget::Note(n) => !s.note(n).unwrap().sensitive,
                    _ => true,
                })
                .count()
        })
        .sum();
    assert_eq!(responses.len(), expected);
    // Groups one row per table and group; sensitive notes left out and counted.
    assert!(tables["table_stakeholders"].1.len() >= tables["tables"].1.len());
    let left_out: usize = sessions
        .iter()
        .map(|s| s["notes_left_out"].parse::<usize>().unwrap())
        .sum();
    assert!(left_out >= 1, "riverside has a sensitive note");
    assert!(
        tables["notes"].1.iter().all(|n| n["sensitive"] == "false"),
        "sensitive notes only when asked for"
    );

    // The Frictionless validator checks it too (tests/dataset_readers.rs).
}

#[test]
fn a_note_has_the_same_global_id_in_every_format() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let s = riverside();
    let note = s.notes.iter().find(|n| !n.sensitive).unwrap();
    let id = convene::dataset::note_id(s.uuid, note.id).to_string();
    let file = dir.join("b/riverside.ron");
    // The tidy table, the notes CSV (single and combined), JSON and JSON Lines.
    convene(root.path())
        .args(["export", "--format", "dataset", "-o"])
        .arg(root.path().join("one"))
        .arg(&file)
        .assert()
        .success();
    let notes = read_csv(&root.path().join("one/notes.csv"));
    let row = notes
        .iter()
        .find(|r| r["number"] == note.id.0.to_string())
        .unwrap();
    assert_eq!(row["note_id"], id);
    assert_eq!(row["session_id"], s.uuid.to_string());
    let csv = convene(root.path())
        .args(["export", "--format", "csv"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.contains(&id), "the notes CSV has note_global_id");
    // The database (Parquet and the workbook are compared with it in the readers' tests).
    let db = root.path().join("all.sqlite");
    convene(root.path())
        .args(["review", "--export", "sqlite", "-o"])
        .arg(&db)
        .arg(&dir)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let text: String = conn
        .query_row("SELECT text FROM notes WHERE note_id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(text, note.text);
    // The REFI-QDA project: the note's coded selection has the id as its GUID.
    let qdpx = root.path().join("all.qdpx");
    convene(root.path())
        .args(["review", "--export", "qdpx", "-o"])
        .arg(&qdpx)
        .arg(&dir)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&qdpx).unwrap()).unwrap();
    let mut project = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut project).unwrap();
    assert!(
        project.contains(&format!("guid=\"{id}\"")),
        "the selection's GUID is the note's id"
    );
    // Its codebook alone, to standard output.
    let qdc = convene(root.path())
        .args(["review", "--export", "qdc"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(qdc.status.success());
    let qdc = String::from_utf8(qdc.stdout).unwrap();
    assert!(qdc.contains("<CodeBook") && qdc.contains("Travel to work after 6pm"));
    for format in ["csv", "json", "jsonl"] {
        let out = convene(root.path())
            .args(["review", "--export", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr_of(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&id), "{format}");
        if format == "jsonl" {
            for line in text.lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                assert!(v["note_global_id"].is_string());
            }
            assert_eq!(
                text.lines().count(),
                text.matches("\"note_global_id\"").count()
            );
        }
    }
}

#[test]
fn copies_of_a_session_are_reported_and_counted_once_unless_kept() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    std::fs::copy(
        dir.join("b/riverside.ron"),
        dir.join("b/riverside (copy).ron"),
    )
    .unwrap();
    let out = convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("riverside (copy).ron") && err.contains("a copy of"),
        "{err}"
    );
    assert!(err.contains("--keep-copies"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 sessions"));
    let kept = convene(root.path())
        .args(["review", "--summary", "--keep-copies"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&kept.stdout).contains("3 sessions"));
    // A copy worked on after it was made holds another state of the session: said by name.
    convene(root.path())
        .args(["add", "--table", "A", "--principle", "1"])
        .arg(dir.join("b/riverside (copy).ron"))
        .arg("Written in the copy only")
        .assert()
        .success();
    let out = convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("worked on after the copy was made") && err.contains("look at both"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(3), "{err}");
    // The one with more changes is used, whichever is found first: the copy was added to.
    let out = convene(root.path())
        .args(["review", "--export", "csv"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Written in the copy only"));
    std::fs::rename(
        dir.join("b/riverside (copy).ron"),
        dir.join("b/zz-copy.ron"),
    )
    .unwrap();
    std::fs::rename(
        dir.join("b/riverside (copy).ron.journal"),
        dir.join("b/zz-copy.ron.journal"),
    )
    .unwrap();
    let out = convene(root.path())
        .args(["review", "--export", "csv"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Written in the copy only"));
    // The dataset holds each session once; copies cannot be kept there (they share ids).
    let ds = root.path().join("ds");
    let out = convene(root.path())
        .args(["review", "--export", "dataset", "-o"])
        .arg(&ds)
        .arg(&dir)
        .output()
        .unwrap();
    // Written, with exit code 3: a copy holding another state was left out.
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("a copy of"), "{}", stderr_of(&out));
    let sessions = read_csv(&ds.join("sessions.csv"));
    assert_eq!(sessions.len(), 2);
    // Files are named from the folder reviewed, never from the root of the machine.
    assert!(
        sessions.iter().all(|s| s["file"].starts_with("sessions/")),
        "{sessions:?}"
    );
    convene(root.path())
        .args(["review", "--export", "dataset", "--keep-copies", "-o"])
        .arg(root.path().join("kept"))
        .arg(&dir)
        .assert()
        .code(2);
    assert!(!root.path().join("kept").exists());
}

#[test]
fn a_session_from_before_ids_gets_the_same_one_from_every_reader() {
    let root = tempfile::tempdir().unwrap();
    // The demo session as a schema 1 file, written before sessions had a uuid.
    let old: String = convene::store::to_ron(&demo())
        .replace("schema: 3,", "schema: 1,")
        .lines()
        .filter(|l| !l.trim_start().starts_with("uuid:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let file = root.path().join("old.ron");
    std::fs::write(&file, &old).unwrap();
    let ids: Vec<String> = (0..2)
        .map(|i| {
            let out = root.path().join(format!("ds{i}"));
            convene(root.path())
                .args(["export", "--format", "dataset", "-o"])
                .arg(&out)
                .arg(&file)
                .assert()
                .success();
            read_csv(&out.join("sessions.csv"))[0]["session_id"].clone()
        })
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0], demo().derived_uuid().to_string());
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        old,
        "reading wrote nothing"
    );
}

#[test]
fn outputs_are_refused_before_anything_is_written() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    // An existing file without --force: unchanged, exit 2.
    let db = root.path().join("out.sqlite");
    std::fs::write(&db, "mine").unwrap();
    let out = convene(root.path())
        .args(["review", "--export", "sqlite", "-o"])
        .arg(&db)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&db).unwrap(), "mine");
    // A folder holding anything but exported tables is never replaced, even with --force.
    let mine = root.path().join("analysis");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.csv"), "x").unwrap();
    std::fs::write(mine.join("model.R"), "y").unwrap();
    let before = fingerprint(&mine);
    let out = convene(root.path())
        .args(["review", "--export", "dataset", "--force", "-o"])
        .arg(&mine)
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr_of(&out).contains("model.R"), "{}", stderr_of(&out));
    assert_eq!(fingerprint(&mine), before);
    // A filter that names what no session has: refused, nothing written.
    let ds = root.path().join("filtered");
    let out = convene(root.path())
        .args([
            "review",
            "--export",
            "dataset",
            "--tag",
            "no-such-tag",
            "-o",
        ])
        .arg(&ds)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!ds.exists());
    // No temporary is left beside the outputs.
    let left: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Options that do not go together.
    convene(root.path())
        .args(["review", "--export", "qdpx", "--csv-raw", "-o"])
        .arg(root.path().join("x.qdpx"))
        .arg(&dir)
        .assert()
        .code(2);
    convene(root.path())
        .args(["review", "--export", "xlsx"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("needs -o FILE"));
}

#[test]
fn csv_raw_keeps_cells_as_written_and_the_default_guards_them() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let formula = "=HYPERLINK(\"http://example.invalid\",\"click\")";
    let mut s = riverside();
    let table = s.tables[0].id;
    let note = s.next_note(
        table,
        "person-centred",
        convene::model::NoteKind::Idea,
        formula,
        s.created,
    );
    s.apply(convene::model::Change::AddNote(note)).unwrap();
    write(&dir.join("b/riverside.ron"), &s);
    let formula = formula.to_string();
    let guarded = convene(root.path())
        .args(["review", "--export", "csv"])
        .arg(&dir)
        .output()
        .unwrap();
    let raw = convene(root.path())
        .args(["review", "--export", "csv", "--csv-raw"])
        .arg(&dir)
        .output()
        .unwrap();
    let (guarded, raw) = (
        String::from_utf8(guarded.stdout).unwrap(),
        String::from_utf8(raw.stdout).unwrap(),
    );
    assert!(guarded.starts_with('\u{feff}') && !raw.starts_with('\u{feff}'));
    let cells = |text: &str| -> Vec<String> {
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let i = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "text")
            .unwrap();
        r.records().map(|x| x.unwrap()[i].to_string()).collect()
    };
    assert!(cells(&raw).contains(&formula));
    assert!(cells(&guarded).contains(&format!("'{formula}")));
}
