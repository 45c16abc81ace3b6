//! `convene review` and `convene export --format qdpx` as scripts use them: outputs, bad files
//! on standard error, exit codes.

#[path = "review_common/mod.rs"]
mod common;

use assert_cmd::Command;
use common::{demo, riverside, write};
use predicates::prelude::*;
use std::io::Read;
use std::path::Path;

/// `convene` with its data and config folders inside `root`, never the user's own.
fn convene(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .env_remove("NO_COLOR");
    cmd
}

fn folder(root: &Path) -> std::path::PathBuf {
    let dir = root.join("sessions");
    write(&dir.join("a/brackenford.ron"), &demo());
    write(&dir.join("b/riverside.ron"), &riverside());
    dir
}

#[test]
fn review_summary_lists_sessions_and_compares_principles() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::contains("2 sessions"))
        .stdout(predicate::str::contains("Riverside partnership"))
        .stdout(predicate::str::contains("1. Person-centred, place-based"))
        .stdout(predicate::str::contains(
            "Themes named in more than one session",
        ));
    // Without --summary or --export, and standard output not a terminal: the summary too
    // (the browser opens only on a terminal).
    convene(root.path())
        .arg("review")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 sessions"))
        .stderr("");
}

#[test]
fn bad_files_go_to_stderr_with_their_position_and_exit_code_3() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let bad = dir.join("b/broken.ron");
    std::fs::write(&bad, "(\n    schema: 1,\n    revision: \"oops,\n").unwrap();
    let out = convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .assert()
        .code(3)
        .stdout(predicate::str::contains("2 sessions"))
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("convene: skipped {}:3:", bad.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 of 3 files could not be read"),
        "{stderr}"
    );

    // Only bad files: exit code 2.
    convene(root.path())
        .args(["review", "--summary"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "none of the session files could be read",
        ));
    // Nothing there at all: exit code 2 too.
    let empty = root.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    convene(root.path())
        .arg("review")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no session files were found"));
}

#[test]
fn review_export_csv_is_one_dataset_with_filters_applied() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let out = root.path().join("notes.csv");
    convene(root.path())
        .args([
            "review",
            "--export",
            "csv",
            "--principle",
            "1",
            "--kind",
            "idea",
            "-o",
        ])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success()
        .stdout(format!("{}\n", out.display()));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, convene::review::review_columns());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expected = demo()
        .notes
        .iter()
        .chain(riverside().notes.iter())
        .filter(|n| n.step == "person-centred" && n.kind.label() == "idea" && !n.sensitive)
        .count();
    assert_eq!(records.len(), expected);
    assert!(records.iter().all(|r| &r[9] == "1" && &r[10] == "idea"));
    let sessions: std::collections::BTreeSet<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(sessions.len(), 2);

    // Search, JSON to standard output.
    let out = convene(root.path())
        .args(["review", "--export", "json", "--search", "ÉCOLE"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert!(json[0]["text"].as_str().unwrap().starts_with("ÉCOLE"));

    // Bad option values are usage errors.
    convene(root.path())
        .args(["review", "--kind", "poem"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind"));
}

#[test]
fn qdpx_needs_an_output_file_and_unpacks() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    convene(root.path())
        .args(["review", "--export", "qdpx"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o"));
    let out = root.path().join("project.qdpx");
    convene(root.path())
        .args(["review", "--export", "qdpx", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut qde = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    assert!(qde.contains("xmlns=\"urn:QDA-XML:project:1.0\""));
    assert!(qde.contains("Riverside partnership"));

    // The single-session export.
    let session = dir.join("a/brackenford.ron");
    convene(root.path())
        .args(["export", "--format", "qdpx"])
        .arg(&session)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o"));
    let single = root.path().join("single.qdpx");
    convene(root.path())
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&single)
        .arg(&session)
        .assert()
        .success();
    let zip = zip::ZipArchive::new(std::fs::File::open(&single).unwrap()).unwrap();
    assert_eq!(zip.len(), 1 + 6, "the project and one source per table");
    // Never over a session being reviewed.
    convene(root.path())
        .args(["review", "--export", "csv", "-o"])
        .arg(&session)
        .arg(&dir)
        .assert()
        .code(2);
    assert!(convene::store::load(&session).is_ok());
}

#[test]
fn review_has_help() {
    let root = tempfile::tempdir().unwrap();
    convene(root.path())
        .args(["review", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: convene review"))
        .stdout(predicate::str::contains("--export"));
}
