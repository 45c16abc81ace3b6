//! The command line as scripts use it: shapes, outputs, exit codes, and where files go.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// `convene` with its data and config folders inside `root`, never the user's own.
fn convene(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .env_remove("NO_COLOR");
    cmd
}

fn new_session(root: &Path, extra: &[&str]) -> std::path::PathBuf {
    let out = convene(root)
        .args(["new", "--title", "Riverside partnership"])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::path::PathBuf::from(String::from_utf8(out).unwrap().trim())
}

#[test]
fn every_subcommand_has_help_and_there_is_a_version() {
    let root = tempfile::tempdir().unwrap();
    for sub in ["new", "add", "check", "show", "frameworks", "open"] {
        convene(root.path())
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: convene"));
    }
    convene(root.path())
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("convene "));
}

#[test]
fn new_writes_into_the_data_folder_and_prints_the_path() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(
        root.path(),
        &["--date", "2026-09-24", "--venue", "Old Fire Station"],
    );
    assert_eq!(
        path,
        root.path()
            .join("data/2026-09-24-riverside-partnership.ron")
    );
    let session = convene::store::load(&path).unwrap().session;
    assert_eq!(session.tables.len(), 6, "six tables by default");
    assert_eq!(session.framework.id, "six-principles");
    assert_eq!(session.venue, "Old Fire Station");
    let text = std::fs::read_to_string(&path).unwrap();
    let first = text
        .lines()
        .find(|l| !l.starts_with("//") && l.trim() != "(")
        .unwrap();
    assert_eq!(first.trim(), "schema: 1,", "schema comes first");
    // A second one with the same title gets its own file.
    let again = new_session(root.path(), &["--date", "2026-09-24"]);
    assert_ne!(again, path);
}

#[test]
fn new_with_named_tables_and_another_framework() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("explicit.ron");
    convene(root.path())
        .args(["new", "--title", "W", "--framework", "widening-access"])
        .args([
            "--table",
            "A:Riverside:employer,lived",
            "--table",
            "B:Hilltop:public,union",
        ])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let s = convene::store::load(&out).unwrap().session;
    assert_eq!(s.framework.id, "widening-access");
    assert_eq!(s.tables[1].name, "Hilltop");
    assert_eq!(
        s.tables[0].mix,
        vec![
            convene::model::Stakeholder::Employer,
            convene::model::Stakeholder::LivedExperience
        ]
    );
    // Never overwrites (bad input: exit 2), and leaves no lock file beside the session.
    convene(root.path())
        .args(["new", "--title", "W", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    // Refused before any lock is taken: no lock file appears beside someone else's file.
    let other = root.path().join("someone-else.ron");
    std::fs::write(&other, "not ours").unwrap();
    convene(root.path())
        .args(["new", "--title", "W", "-o"])
        .arg(&other)
        .assert()
        .code(2);
    assert!(!root.path().join("someone-else.ron.lock").exists());
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "not ours");
}

#[test]
fn new_rejects_bad_input_clearly() {
    let root = tempfile::tempdir().unwrap();
    convene(root.path())
        .args(["new", "--title", "X", "--table", "A:Riverside:astronauts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown stakeholder `astronauts`"));
    convene(root.path())
        .args(["new", "--title", "X", "--framework", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no framework called `nope`"));
    convene(root.path())
        .args(["new", "--title", "X", "--tables", "3", "--table", "A:B"])
        .assert()
        .code(2);
    convene(root.path())
        .args(["new", "--title", "X", "--date", "24/09/2026"])
        .assert()
        .code(2);
}

#[test]
fn add_is_durable_and_show_reads_it_back() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &[]);
    convene(root.path())
        .arg("add")
        .arg(&path)
        .args([
            "--table",
            "b",
            "--step",
            "2",
            "--kind",
            "q",
            "--tag",
            "transport",
        ])
        .arg("Why do buses stop at 6pm? 🚌 ¿Qué? 公共交通")
        .assert()
        .success()
        .stdout(predicate::str::contains("added note #1 to table B"));
    convene(root.path())
        .arg("add")
        .arg(&path)
        .args(["--table", "A", "--step", "trauma-awareness", "--sensitive"])
        .arg("A hard memory")
        .assert()
        .success();
    // Nothing but the journal has changed so far: the snapshot still has no notes.
    let snapshot = convene::store::parse(&std::fs::read(&path).unwrap()).unwrap();
    assert!(snapshot.notes.is_empty());
    let loaded = convene::store::load(&path).unwrap();
    assert_eq!(loaded.replayed, 2);
    let notes = &loaded.session.notes;
    assert_eq!(notes[0].text, "Why do buses stop at 6pm? 🚌 ¿Qué? 公共交通");
    assert_eq!(notes[0].kind, convene::model::NoteKind::Question);
    assert_eq!(notes[0].step, "person-centred");
    assert_eq!(notes[0].tags, vec!["transport".to_string()]);
    assert!(notes[1].sensitive);

    convene(root.path())
        .arg("show")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Riverside partnership"))
        .stdout(predicate::str::contains(
            "Awareness around trauma: 1 (1 sensitive)",
        ));
    let json = convene(root.path())
        .arg("show")
        .arg(&path)
        .arg("--json")
        .assert()
        .success();
    let session: convene::model::Session =
        serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(session, loaded.session, "--json is the whole session");
}

#[test]
fn add_rejects_unknown_table_step_and_kind() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &["--tables", "2"]);
    let cases: [(&[&str], &str); 3] = [
        (&["--table", "Z", "--step", "2"], "tables: A, B"),
        (&["--table", "A", "--step", "10"], "from 1 to 9"),
        (
            &["--table", "A", "--step", "2", "--kind", "rant"],
            "unknown kind `rant`",
        ),
    ];
    for (args, message) in cases {
        convene(root.path())
            .arg("add")
            .arg(&path)
            .args(args)
            .arg("text")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    assert!(
        convene::store::load(&path)
            .unwrap()
            .session
            .notes
            .is_empty()
    );
}

#[test]
fn check_reports_one_line_per_file_and_exit_code_2_for_bad_ones() {
    let root = tempfile::tempdir().unwrap();
    let good = new_session(root.path(), &[]);
    let bad = root.path().join("bad.ron");
    std::fs::write(&bad, "(\n  schema: 1,\n  revision: \"x\",\n)").unwrap();
    let out = convene(root.path())
        .arg("check")
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains(": ok, schema 1"), "{stdout}");
    assert!(
        lines[1].starts_with(&format!("{}:3:", bad.display())),
        "{stdout}"
    );
    convene(root.path())
        .arg("check")
        .arg(&good)
        .assert()
        .success();
}

#[test]
fn frameworks_lists_built_in_and_user_frameworks() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("config/frameworks");
    std::fs::create_dir_all(&dir).unwrap();
    let mine = convene::framework::BUILTIN[1]
        .1
        .replace("\"widening-access\"", "\"our-agenda\"");
    std::fs::write(dir.join("our-agenda.ron"), mine).unwrap();
    std::fs::write(dir.join("broken.ron"), "(id: ").unwrap();
    convene(root.path())
        .arg("frameworks")
        .assert()
        .success()
        .stdout(predicate::str::contains("six-principles"))
        .stdout(predicate::str::contains("6 principles"))
        .stdout(predicate::str::contains("our-agenda"))
        .stdout(predicate::str::contains("broken             unusable:"));
    // A user framework can be used by name.
    convene(root.path())
        .args(["new", "--title", "Mine", "--framework", "our-agenda"])
        .assert()
        .success();
}

#[test]
fn export_writes_each_format_to_stdout_or_a_file() {
    let root = tempfile::tempdir().unwrap();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene(root.path())
        .args(["export", demo, "--format", "md"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Inclusive employment"));
    let html = root.path().join("summary.html");
    convene(root.path())
        .args(["export", demo, "--format", "html", "-o"])
        .arg(&html)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let out = root.path().join("csv");
    convene(root.path())
        .args([
            "export",
            demo,
            "--format",
            "csv",
            "--csv",
            "all",
            "--anonymise",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    for name in ["notes.csv", "themes.csv", "recommendations.csv"] {
        assert!(
            std::fs::read_to_string(out.join(name))
                .unwrap()
                .starts_with('\u{feff}')
        );
    }
    let json = convene(root.path())
        .args(["export", demo, "--format", "json", "--include-sensitive"])
        .assert()
        .success();
    let s: convene::model::Session = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(s.notes.len(), 120);
    convene(root.path())
        .args(["export", demo, "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn a_temporary_snapshot_left_by_a_crash_is_cleaned_up_by_the_next_writer() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &["--tables", "2"]);
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mine = dir.join(format!(".{name}.convene-abc123.tmp"));
    let other = dir.join(".another.ron.convene-xyz.tmp");
    std::fs::write(&mine, "half a snapshot").unwrap();
    std::fs::write(&other, "someone else's").unwrap();
    convene(root.path())
        .arg("add")
        .arg(&path)
        .args(["--table", "A", "--step", "2", "text"])
        .assert()
        .success();
    assert!(!mine.exists(), "this session's leftover is removed");
    assert!(
        other.exists(),
        "another session's temporary file is left alone"
    );
}
