//! `convene review` and `convene export --format qdpx` as scripts use them: outputs, bad files
//! on standard error, exit codes.

use crate::review_common as common;

use common::{convene, demo, riverside, two_workshops as folder, write};
use predicates::prelude::*;
use std::io::Read;

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
    let demo = demo();
    let answered = demo
        .responses
        .iter()
        .filter(|r| match r.target {
            convene::model::ResponseTarget::Note(n) => !demo.note(n).unwrap().sensitive,
            _ => true,
        })
        .count();
    let notes = 1 + demo.recommendations.len() + answered;
    assert_eq!(
        zip.len(),
        1 + 6 + notes,
        "the project, one source per table, and a text file per note (the workshop, its \
         recommendations and responses)"
    );
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

#[test]
fn review_export_never_writes_over_another_session_and_asks_for_force() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    // A session that is not among those reviewed: before the fix it was replaced by the CSV.
    let victim = root.path().join("victim.ron");
    write(&victim, &riverside());
    let before = std::fs::read(&victim).unwrap();
    for force in [false, true] {
        let mut cmd = convene(root.path());
        cmd.args(["review", "--export", "csv", "-o"])
            .arg(&victim)
            .arg(dir.join("a"));
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains(victim.display().to_string()))
            .stderr(predicate::str::contains("even with --force"));
        assert_eq!(std::fs::read(&victim).unwrap(), before);
    }
    // Another file: only with --force.
    let out = root.path().join("notes.csv");
    std::fs::write(&out, "mine").unwrap();
    convene(root.path())
        .args(["review", "--export", "csv", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    convene(root.path())
        .args(["review", "--export", "csv", "--force", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("session_file")
    );
}

#[test]
fn review_text_shows_controls_and_bidirectional_characters_visibly() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("sessions");
    let mut s = riverside();
    s.title = "T\u{1b}]52;c;aGk=\u{7}".into();
    s.tables[0].name = "\u{1b}c".into();
    s.notes[0].text = "the bus \u{202e}emit sevael".into();
    write(&dir.join("hostile.ron"), &s);
    // A file named with an escape sequence, named directly, that cannot be read.
    let bad = root.path().join("bad\u{1b}]0;owned\u{7}.ron");
    std::fs::write(&bad, "(schema: 1, revision: \"x\")").unwrap();
    let run = convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .arg(&bad)
        .assert()
        .code(3);
    let out = run.get_output();
    for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let bad_chars: Vec<char> = text
            .chars()
            .filter(|&c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(bad_chars.is_empty(), "{what}: {bad_chars:?}\n{text}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("T\\u{1b}]52;c;aGk=\\u{7}"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad\\u{1b}]0;owned\\u{7}.ron"), "{stderr}");
    // The JSON dataset spells them as escapes: valid, and the same text.
    let json = convene(root.path())
        .args(["review", "--export", "json", "--include-sensitive"])
        .arg(&dir)
        .assert()
        .success();
    let bytes = &json.get_output().stdout;
    assert!(!bytes.contains(&0x1b));
    let text = String::from_utf8_lossy(bytes);
    assert!(
        text.contains("\\u202e") && !text.contains('\u{202e}'),
        "{text}"
    );
    let rows: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"] == "the bus \u{202e}emit sevael")
    );
}

/// A CSV export read back: the header and the records.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(Result::unwrap).collect())
}

#[test]
fn a_second_response_reaches_the_status_filter_and_the_exports() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    write(&dir.join("c/answered.ron"), &common::answered_twice());
    // "Done first, reopened later": found by --status done through its first response, and
    // "Open first, done later" through its second.
    let out = convene(root.path())
        .args([
            "review", "--export", "csv", "--status", "done", "--search", "later",
        ])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let (header, records) = read_csv(&out);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let found: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                &r[col("text")],
                &r[col("response_status")],
                &r[col("responses")],
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Open first, done later", "open; done", "2"),
            ("Done first, reopened later", "done; open", "2"),
        ]
    );
    let out = convene(root.path())
        .args([
            "review", "--export", "json", "--status", "open", "--search", "reopened",
        ])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let responses = json[0]["responses"].as_array().unwrap();
    let texts: Vec<&str> = responses
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Crèche booked", "Crèche cancelled; looking again"]);
}

#[test]
fn search_on_the_command_line_ignores_accents_and_folds_case_fully() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    write(&dir.join("c/answered.ron"), &common::answered_twice());
    for (query, expected) in [
        ("école", common::DECOMPOSED),
        ("ecole du", common::DECOMPOSED),
        ("ÉCOLE", common::DECOMPOSED),
        ("STRASSE", "Die Straße zum Jobcenter ist zu weit"),
    ] {
        let out = convene(root.path())
            .args(["review", "--export", "csv", "--search", query])
            .arg(dir.join("c"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let (header, records) = read_csv(&out);
        let text = header.iter().position(|h| h == "text").unwrap();
        let found: Vec<&str> = records.iter().map(|r| &r[text]).collect();
        assert_eq!(found, [expected], "{query}");
    }
}

#[test]
fn principle_is_the_frameworks_own_and_a_filter_on_nothing_says_so() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    write(&dir.join("c/widening.ron"), &common::widening());
    // A bare number that means different principles: refused, each framework's listed.
    convene(root.path())
        .args(["review", "--summary", "--principle", "1"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "principle 1 is a different principle in different frameworks",
        ))
        .stderr(predicate::str::contains(
            "six-principles has 6 principles (1 person-centred, 2 invested-commitment",
        ))
        .stderr(predicate::str::contains(
            "widening-access has 3 principles (1 workforce-participation",
        ));
    // No framework has a ninth.
    convene(root.path())
        .args(["review", "--export", "csv", "--principle", "9"])
        .arg(&dir)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "no framework of these sessions has a principle 9: six-principles has 6",
        ));
    // Within one framework a number is fine; by key, anywhere.
    for (args, step, n) in [
        (vec!["--principle", "1"], "person-centred", 0),
        (
            vec!["--principle", "future-workforce"],
            "future-workforce",
            1,
        ),
        (vec!["--principle", "Person-Centred"], "person-centred", 0),
    ] {
        let mut cmd = convene(root.path());
        cmd.args(["review", "--export", "csv"]).args(&args);
        if n == 0 {
            cmd.arg(dir.join("a")).arg(dir.join("b"));
        } else {
            cmd.arg(&dir);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let (header, records) = read_csv(&out);
        let col = header.iter().position(|h| h == "step_id").unwrap();
        assert!(!records.is_empty(), "{args:?}");
        assert!(records.iter().all(|r| &r[col] == step), "{args:?}");
    }
    // Any filter naming what no session has is bad input, with what exists.
    for (flag, value, says) in [
        (
            "--principle",
            "welcome",
            "is a step of the agenda but not a principle",
        ),
        ("--principle", "0", "principles are numbered from 1"),
        (
            "--step",
            "nowhere",
            "no session here has a step `nowhere`; the steps are: welcome",
        ),
        (
            "--tag",
            "no-such-tag",
            "no note here has the tag `no-such-tag`; the tags are:",
        ),
        (
            "--theme",
            "No such theme",
            "no session here has a theme labelled `No such theme`",
        ),
        ("--status", "finished", "unknown response status `finished`"),
    ] {
        convene(root.path())
            .args(["review", "--summary", flag, value])
            .arg(&dir)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(says));
    }
    // A filter on what exists that selects nothing is not an error.
    convene(root.path())
        .args(["review", "--summary", "--step", "themes-and-votes"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("(0 shown here)"));
}

#[test]
fn a_filter_on_nothing_never_names_what_only_sensitive_notes_hold() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("sessions");
    write(&dir.join("secret.ron"), &common::with_a_secret());
    for (flag, value) in [("--tag", "nosuch"), ("--theme", "nosuch")] {
        let out = convene(root.path())
            .args(["review", "--summary", flag, value])
            .arg(&dir)
            .assert()
            .code(2)
            .stdout("")
            .get_output()
            .clone();
        let said = String::from_utf8(out.stderr).unwrap();
        assert!(said.contains("`nosuch`"), "{said}");
        assert!(!said.to_lowercase().contains("secret"), "{said}");
    }
    convene(root.path())
        .args([
            "review",
            "--summary",
            "--include-sensitive",
            "--tag",
            "nosuch",
        ])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("secret-diagnosis"));
}

#[test]
fn a_journal_damaged_mid_way_is_reviewed_in_part_and_still_refused_to_writers() {
    let root = tempfile::tempdir().unwrap();
    let dir = folder(root.path());
    let path = dir.join("c/damaged.ron");
    let journal = common::damaged_journal(&path);
    let position = format!("{}:2", journal.display());
    let before = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&journal).unwrap(),
    );

    let out = convene(root.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("3 sessions"), "{stdout}");
    assert!(stdout.contains("1 session read only in part"), "{stdout}");
    assert!(
        stdout.contains(&format!("partial: the journal is damaged at {position}, so this is the snapshot and the journal up to line 1; 1 later line was not read")),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("warning: {}: partial", path.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 session was read only up to the damage in its journal"),
        "{stderr}"
    );

    // The export carries the position in a column, for every note of that session.
    let out = convene(root.path())
        .args(["review", "--export", "csv", "--search", "damage"])
        .arg(&dir)
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let (header, records) = read_csv(&out);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        records.len(),
        1,
        "the note before the damage, not the one after"
    );
    assert_eq!(&records[0][col("text")], common::JOURNALED[0]);
    // Named from the folder reviewed, as the file is.
    assert_eq!(
        records[0][col("journal_damaged_at")],
        *"sessions/c/damaged.ron.journal:2"
    );

    // A writer is refused, and nothing is changed.
    convene(root.path())
        .args(["add"])
        .arg(&path)
        .args(["--table", "A", "--step", "2", "A note after the damage"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{position}:")));
    assert_eq!(
        (
            std::fs::read(&path).unwrap(),
            std::fs::read(&journal).unwrap()
        ),
        before
    );
}
