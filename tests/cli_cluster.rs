//! `convene import` and `convene cluster` as scripts use them: messy spreadsheets, row-numbered
//! errors, themes journaled into sessions, and CSV in, CSV out.

use assert_cmd::Command;
use convene::model::Origin;
use predicates::prelude::*;
use std::path::Path;

fn convene(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .current_dir(root);
    cmd
}

/// A messy export: BOM, semicolons, a quoted newline, an empty row, an overlong row, a row
/// with too many cells, an unknown kind.
fn messy_csv(root: &Path) -> std::path::PathBuf {
    let long = "x".repeat(convene::import::MAX_NOTE_CHARS + 5);
    let text = format!(
        "\u{feff}text;table;kind\n\
         \"Can't start before 9:30; the school run\";A;barrier\n\
         \"Nursery places\ncost more than I earn\";B;\n\
         ;A;\n\
         {long};A;\n\
         The last bus leaves at six;C;idea;extra\n\
         Pay the OLW to contractors too;A;wish\n\
         Bus fares eat a day's wages;C;comment\n"
    );
    let path = root.join("notes.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_keeps_good_rows_and_reports_bad_ones_by_row() {
    let root = tempfile::tempdir().unwrap();
    messy_csv(root.path());
    convene(root.path())
        .args(["import", "notes.csv", "-o", "s.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 3 notes into s.ron"))
        .stderr(predicate::str::contains("row 4: the text is empty"))
        .stderr(predicate::str::contains(
            "row 5: the text is 2005 characters long",
        ))
        .stderr(predicate::str::contains(
            "row 6: 4 cells, but the header has 3 columns",
        ))
        .stderr(predicate::str::contains("row 7: unknown kind `wish`"));
    let s = convene::store::load(&root.path().join("s.ron"))
        .unwrap()
        .session;
    assert_eq!(s.notes.len(), 3);
    assert_eq!(s.notes[0].text, "Can't start before 9:30; the school run");
    assert_eq!(s.notes[1].text, "Nursery places\ncost more than I earn");
    assert_eq!(s.notes[0].kind, convene::model::NoteKind::Barrier);
    let letters: Vec<&str> = s.tables.iter().map(|t| t.letter.as_str()).collect();
    assert_eq!(letters, ["A", "B", "C"]);
    assert!(s.problems().is_empty());
}

#[test]
fn import_refuses_files_with_nothing_usable() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("bad.csv"), "note,who\nhello,A\n").unwrap();
    convene(root.path())
        .args(["import", "bad.csv", "-o", "s.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no column `text`"));
    std::fs::write(root.path().join("empty.csv"), "text\n\n   \n\"\"\n").unwrap();
    convene(root.path())
        .args([
            "import",
            "empty.csv",
            "-o",
            "s.ron",
            "--text-column",
            "text",
        ])
        .assert()
        .code(2);
    assert!(!root.path().join("s.ron").exists());
}

fn workshop_csv(root: &Path) {
    std::fs::copy("tests/fixtures/workshop_notes.csv", root.join("w.csv")).unwrap();
}

#[test]
fn clustering_a_csv_adds_theme_columns() {
    let root = tempfile::tempdir().unwrap();
    workshop_csv(root.path());
    let out = convene(root.path())
        .args(["cluster", "w.csv", "--themes", "8"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        ["text", "theme", "theme_id", "theme_label", "similarity"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 48);
    let ids: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(ids.len(), 8);
    for r in &rows {
        let s: f32 = r[4].parse().unwrap();
        assert!((-1.0..=1.0).contains(&s));
        assert!(!r[3].is_empty());
    }
    // Same input, same output.
    let again = convene(root.path())
        .args(["cluster", "w.csv", "--themes", "8"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, again);
}

#[test]
fn clustering_a_session_journals_suggested_themes_and_keeps_people_s() {
    let root = tempfile::tempdir().unwrap();
    workshop_csv(root.path());
    convene(root.path())
        .args(["import", "w.csv", "-o", "s.ron"])
        .assert()
        .success();
    convene(root.path())
        .args(["cluster", "s.ron", "--themes", "6", "-o", "themes.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("6 themes suggested"));
    let path = root.path().join("s.ron");
    let s = convene::store::load(&path).unwrap().session;
    assert_eq!(s.themes.len(), 6);
    assert!(s.themes.iter().all(|t| t.origin == Origin::Suggested));
    assert!(
        s.notes
            .iter()
            .all(|n| n.placed_by == Some(Origin::Suggested))
    );
    let table = std::fs::read_to_string(root.path().join("themes.csv")).unwrap();
    assert!(table.starts_with("note_id,table,step,kind,text,theme_id,theme_label"));

    // A person renames one theme; a second run keeps it and its notes.
    let mut file = convene::store::SessionFile::open(&path).unwrap();
    let mut kept = file.session().themes[0].clone();
    kept.label = "Getting to work".into();
    kept.origin = Origin::Person;
    let members: Vec<_> = file
        .session()
        .notes
        .iter()
        .filter(|n| n.theme == Some(kept.id))
        .map(|n| n.id)
        .collect();
    use convene::store::SessionStore;
    file.commit(convene::model::Change::UpdateTheme(kept.clone()))
        .unwrap();
    drop(file);
    convene(root.path())
        .args(["cluster", "s.ron", "--themes", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 kept as people made them"));
    let s = convene::store::load(&path).unwrap().session;
    assert_eq!(s.theme(kept.id), Some(&kept));
    for id in members {
        assert_eq!(s.note(id).unwrap().theme, Some(kept.id));
    }
    assert_eq!(s.themes.len(), 4);
    assert!(s.problems().is_empty());
}

#[test]
fn themes_within_each_step_and_the_fast_static_path() {
    let root = tempfile::tempdir().unwrap();
    // The hand-made notes spread over three principles (steps 2, 3 and 4), three times over.
    let fixture = std::fs::read_to_string("tests/fixtures/workshop_notes.csv").unwrap();
    let mut csv = String::from("text,step\n");
    for round in 0..3 {
        for (i, line) in fixture.lines().skip(1).enumerate() {
            let text = line.rsplit_once(',').unwrap().0.trim_matches('"');
            csv.push_str(&format!("\"{text} ({round})\",{}\n", 2 + i % 3));
        }
    }
    std::fs::write(root.path().join("n.csv"), &csv).unwrap();
    convene(root.path())
        .args(["import", "n.csv", "-o", "s.ron"])
        .assert()
        .success();
    // Each step's notes grouped apart: every theme belongs to one step, with only its notes.
    let run = convene(root.path())
        .args(["cluster", "s.ron", "--each-step"])
        .assert()
        .success();
    // Each theme says which step it belongs to.
    let run = run.stdout(predicate::str::contains(" — in “"));
    if convene::cluster::meaning::available() {
        run.stderr(predicate::str::contains("reading the meaning of notes"));
    }
    let s = convene::store::load(&root.path().join("s.ron"))
        .unwrap()
        .session;
    let steps: std::collections::BTreeSet<&str> = s.notes.iter().map(|n| n.step.as_str()).collect();
    assert_eq!(steps.len(), 3);
    assert!(s.themes.len() >= 3);
    for t in &s.themes {
        let step = t.step.as_deref().expect("a theme of one step");
        for n in s.notes.iter().filter(|n| n.theme == Some(t.id)) {
            assert_eq!(n.step, step, "{}", t.label);
        }
    }
    // --fast: the static model, nothing to read first; themes all the same.
    let out = convene(root.path())
        .args(["cluster", "n.csv", "--fast", "--themes", "auto"])
        .assert()
        .success()
        .stderr(predicate::str::contains("meaning").not())
        .get_output()
        .stdout
        .clone();
    let rows = csv::Reader::from_reader(out.as_slice()).records().count();
    assert_eq!(rows, 144);
    convene(root.path())
        .args(["cluster", "s.ron", "--each-step", "--step", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--each-step"));
}

#[test]
fn cluster_help_and_bad_input() {
    let root = tempfile::tempdir().unwrap();
    for sub in ["import", "cluster"] {
        convene(root.path())
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: convene"));
    }
    convene(root.path())
        .args(["cluster", "missing.ron"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.ron"));
    std::fs::write(root.path().join("n.csv"), "words\nhello\n").unwrap();
    convene(root.path())
        .args(["cluster", "n.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no column `text`"));
}

#[test]
fn a_lexicon_that_is_not_utf8_is_refused_with_its_line_and_column() {
    let root = tempfile::tempdir().unwrap();
    workshop_csv(root.path());
    // "café" written in Latin-1 on the second line.
    std::fs::write(
        root.path().join("latin1.ron"),
        b"(concepts: [\n  (name: \"caf\xE9\", variants: []),\n])\n",
    )
    .unwrap();
    convene(root.path())
        .args(["cluster", "w.csv", "--lexicon", "latin1.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "latin1.ron:2:14: the file is not valid UTF-8 (byte 26)",
        ));
}

#[test]
fn import_puts_rows_naming_no_step_under_the_step_or_principle_given() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("n.csv"),
        "text,step\nBuses stop at six,\nNo nursery nearby,5\nShifts change weekly,\n",
    )
    .unwrap();
    let steps = |args: &[&str], out: &str| -> Vec<String> {
        convene(root.path())
            .args(["import", "n.csv", "-o", out])
            .args(args)
            .assert()
            .success();
        let s = convene::store::load(&root.path().join(out))
            .unwrap()
            .session;
        s.notes.into_iter().map(|n| n.step).collect()
    };
    // By default, the first principle.
    assert_eq!(
        steps(&[], "default.ron"),
        ["person-centred", "stable-spaces", "person-centred"]
    );
    let third = [
        "lived-experience-leadership",
        "stable-spaces",
        "lived-experience-leadership",
    ];
    assert_eq!(steps(&["--principle", "3"], "p.ron"), third);
    assert_eq!(steps(&["--step", "4"], "s.ron"), third);
    assert_eq!(
        steps(&["--step", "lived-experience-leadership"], "id.ron"),
        third
    );
    for (args, message) in [
        (
            &["--principle", "7"][..],
            "there is no principle 7; this framework has 6 principles (steps 2–7)",
        ),
        (&["--step", "10"][..], "there is no step `10`"),
        (
            &["--step", "4", "--principle", "3"][..],
            "cannot be used with",
        ),
    ] {
        convene(root.path())
            .args(["import", "n.csv", "-o", "bad.ron"])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
        assert!(!root.path().join("bad.ron").exists());
    }
}

#[test]
fn clustering_a_session_under_a_principle_is_the_same_as_under_its_step() {
    let root = tempfile::tempdir().unwrap();
    workshop_csv(root.path());
    let text = std::fs::read_to_string(root.path().join("w.csv")).unwrap();
    // Half the notes under principle 1 (step 2), half under principle 2 (step 3).
    let mut spread = String::from("text,step\n");
    for (i, line) in text.lines().skip(1).enumerate() {
        let note = line.rsplit_once(',').unwrap().0;
        spread.push_str(&format!("{note},{}\n", 2 + i % 2));
    }
    std::fs::write(root.path().join("spread.csv"), spread).unwrap();
    let mut said = Vec::new();
    for (name, args) in [
        ("by-principle.ron", ["--principle", "2"]),
        ("by-step.ron", ["--step", "3"]),
    ] {
        convene(root.path())
            .args(["import", "spread.csv", "-o", name])
            .assert()
            .success();
        let out = convene(root.path())
            .args(["cluster", name, "--themes", "3"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        said.push(out);
        let s = convene::store::load(&root.path().join(name))
            .unwrap()
            .session;
        for n in &s.notes {
            assert_eq!(
                n.theme.is_some(),
                n.step == "invested-commitment",
                "{name}: only notes under principle 2 are grouped"
            );
        }
    }
    assert_eq!(said[0], said[1]);
    convene(root.path())
        .args(["cluster", "by-step.ron", "--principle", "9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no principle 9"));
}
