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
    for sub in ["new", "add", "check", "show", "frameworks", "open", "wall"] {
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
    assert_eq!(first.trim(), "schema: 3,", "schema comes first");
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
    assert!(lines[0].contains(": ok, schema 3"), "{stdout}");
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

// ---- Outputs: never over a session, over nothing else without --force, always whole ----

/// A session made with `convene new -o` (tables A and B), with one note so that its journal
/// and lock exist beside it.
fn session_at(root: &Path, name: &str) -> std::path::PathBuf {
    let path = root.join(name);
    convene(root)
        .args(["new", "--title", "Victim", "--tables", "2", "-o"])
        .arg(&path)
        .assert()
        .success();
    convene(root)
        .arg("add")
        .arg(&path)
        .args(["--table", "A", "--step", "2", "Buses stop at 6pm"])
        .assert()
        .success();
    path
}

/// Every file in `dir` (not in subfolders) with its bytes.
fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The commands that write a file, each given `out` as its output (`{}` in the arguments), with
/// what they read: a session, a CSV of notes.
fn output_commands(session: &Path, notes_csv: &Path) -> Vec<Vec<std::ffi::OsString>> {
    let s = session.as_os_str().to_owned();
    let csv = notes_csv.as_os_str().to_owned();
    let args = |list: &[&str]| -> Vec<std::ffi::OsString> {
        list.iter()
            .map(|a| match *a {
                "SESSION" => s.clone(),
                "CSV" => csv.clone(),
                a => a.into(),
            })
            .collect()
    };
    vec![
        args(&["export", "SESSION", "--format", "md", "-o"]),
        args(&["export", "SESSION", "--format", "html", "-o"]),
        args(&["export", "SESSION", "--format", "csv", "-o"]),
        args(&["export", "SESSION", "--format", "json", "-o"]),
        args(&["export", "SESSION", "--format", "qdpx", "-o"]),
        args(&["export", "SESSION", "--format", "docx", "-o"]),
        args(&["review", "SESSION", "--export", "csv", "-o"]),
        args(&["review", "SESSION", "--export", "qdpx", "-o"]),
        args(&["cluster", "SESSION", "-o"]),
        args(&["cluster", "CSV", "-o"]),
        args(&["import", "CSV", "-o"]),
        args(&["new", "--title", "Another", "-o"]),
    ]
}

fn notes_csv(root: &Path) -> std::path::PathBuf {
    let path = root.join("notes.csv");
    std::fs::write(
        &path,
        "text,table\nBuses stop at 6pm,A\nNo bus after six,B\nChildcare costs,A\n",
    )
    .unwrap();
    path
}

#[test]
fn export_over_its_own_session_is_refused_and_the_session_is_kept() {
    // Before the fix this exited 0 and the session was replaced by its own summary.
    let root = tempfile::tempdir().unwrap();
    let session = session_at(root.path(), "s.ron");
    let before = files_in(root.path());
    for force in [false, true] {
        let mut cmd = convene(root.path());
        cmd.arg("export")
            .arg(&session)
            .args(["--format", "md", "-o"])
            .arg(&session);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!("{} ", session.display())))
            .stderr(predicate::str::contains("even with --force"));
        assert_eq!(
            files_in(root.path()),
            before,
            "nothing changed (force: {force})"
        );
    }
    assert_eq!(
        convene::store::load(&session).unwrap().session.notes.len(),
        1
    );
}

#[test]
fn every_output_command_refuses_an_existing_file_unless_forced() {
    let root = tempfile::tempdir().unwrap();
    let session = session_at(root.path(), "s.ron");
    let csv = notes_csv(root.path());
    for (i, command) in output_commands(&session, &csv).into_iter().enumerate() {
        let out = root.path().join(format!("existing-{i}.out"));
        std::fs::write(&out, "someone's report").unwrap();
        let before = files_in(root.path());
        let shown = format!("{command:?}");
        convene(root.path())
            .args(&command)
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{} already exists; pass --force to replace it, or choose another name",
                out.display()
            )));
        assert_eq!(files_in(root.path()), before, "{shown}: nothing changed");
        convene(root.path())
            .args(&command)
            .arg(&out)
            .arg("--force")
            .assert()
            .success();
        assert_ne!(
            std::fs::read(&out).unwrap(),
            b"someone's report",
            "{shown} replaced it when forced"
        );
        let leftovers: Vec<String> = files_in(root.path())
            .into_keys()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{shown}: {leftovers:?}");
    }
}

#[test]
fn no_output_command_writes_over_a_session_or_its_files_even_when_forced() {
    let root = tempfile::tempdir().unwrap();
    let session = session_at(root.path(), "s.ron");
    let other = session_at(root.path(), "other-session.ron");
    // A session whatever its name, and a link whose target is a session.
    let unnamed = root.path().join("workshop");
    std::fs::copy(&other, &unnamed).unwrap();
    std::fs::write(root.path().join("s.ron.bak"), "the previous snapshot").unwrap();
    let csv = notes_csv(root.path());
    // Sessions that open otherwise than convene writes them: a block comment first, a long
    // run of comment lines, the schema after another field.
    let text = std::fs::read_to_string(&other).unwrap();
    let block = root.path().join("commented-block");
    std::fs::write(&block, format!("/* kept by hand */\n{text}")).unwrap();
    let lines = root.path().join("commented-lines");
    std::fs::write(&lines, format!("{}{text}", "// note\n".repeat(800))).unwrap();
    let moved = root.path().join("schema-later");
    let schema = text
        .lines()
        .find(|l| l.trim_start().starts_with("schema:"))
        .unwrap();
    let later = text.replacen(&format!("{schema}\n"), "", 1).replacen(
        "    title:",
        &format!("{schema}\n    title:"),
        1,
    );
    assert!(later.find("revision:") < later.find("schema:"));
    std::fs::write(&moved, later).unwrap();
    let mut victims = vec![
        session.clone(),
        other.clone(),
        unnamed,
        block,
        lines,
        moved,
        root.path().join("s.ron.journal"),
        root.path().join("s.ron.lock"),
        root.path().join("s.ron.bak"),
        root.path().join("other-session.ron.journal"),
    ];
    #[cfg(unix)]
    {
        let link = root.path().join("current.md");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        victims.push(link);
    }
    let before = files_in(root.path());
    for command in output_commands(&session, &csv) {
        for victim in &victims {
            for force in [false, true] {
                let mut cmd = convene(root.path());
                cmd.args(&command).arg(victim);
                if force {
                    cmd.arg("--force");
                }
                let shown = format!("{command:?} {} (force: {force})", victim.display());
                let out = cmd.assert().code(2).get_output().clone();
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    stderr.contains(&victim.display().to_string()),
                    "{shown}: {stderr}"
                );
                assert!(
                    stderr.contains("never writes") || stderr.contains("still there"),
                    "{shown}: says why: {stderr}"
                );
                assert_eq!(files_in(root.path()), before, "{shown}: nothing changed");
            }
        }
    }
    let loaded = convene::store::load(&session).unwrap();
    assert!(
        loaded.session.themes.is_empty(),
        "cluster journaled nothing"
    );
}

#[test]
fn a_new_session_never_takes_over_what_an_earlier_one_left() {
    let root = tempfile::tempdir().unwrap();
    let session = session_at(root.path(), "s.ron");
    std::fs::remove_file(&session).unwrap();
    let journal = std::fs::read(root.path().join("s.ron.journal")).unwrap();
    assert!(!journal.is_empty());
    // Before the fix, `new` emptied the journal left beside the name.
    for args in [
        &["new", "--title", "Fresh", "-o"][..],
        &["new", "--title", "Fresh", "--force", "-o"],
    ] {
        convene(root.path())
            .args(args)
            .arg(&session)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("s.ron.journal is still there"));
    }
    assert!(!session.exists());
    assert_eq!(
        std::fs::read(root.path().join("s.ron.journal")).unwrap(),
        journal
    );
}

#[test]
fn an_output_into_a_missing_folder_is_bad_input_and_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene(root.path())
        .args(["export", demo, "--format", "md", "-o"])
        .arg(root.path().join("no/such/folder/summary.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/folder"));
    convene(root.path())
        .args(["export", demo, "--format", "md", "-o"])
        .arg(root.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder"));
}

// ---- Text from files and users cannot drive the terminal ----

/// A title that would write "hi" to the reader's clipboard (OSC 52).
const CLIPBOARD: &str = "T\u{1b}]52;c;aGk=\u{7}";

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Fails when `bytes` hold anything a terminal would act on or reorder by: C0 controls other
/// than line feed and tab, DEL, C1 controls, bidirectional controls, or bytes that are not UTF-8.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"));
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c))
        .collect();
    assert!(
        bad.is_empty(),
        "{what} writes {bad:?} to the terminal:\n{text}"
    );
}

/// A session titled [`CLIPBOARD`], with a table named "\x1bc" (resets a terminal), a venue and
/// a note with U+202E (right-to-left override).
fn hostile_session(root: &Path) -> std::path::PathBuf {
    let path = root.join("hostile.ron");
    convene(root)
        .args(["new", "--title", CLIPBOARD, "--venue", "Hall \u{202e}evil"])
        .args(["--table", "A:\u{1b}c:employer", "-o"])
        .arg(&path)
        .assert()
        .success();
    convene(root)
        .arg("add")
        .arg(&path)
        .args(["--table", "A", "--step", "2", "the bus \u{202e}emit sevael"])
        .assert()
        .success();
    path
}

#[test]
fn text_from_a_session_is_shown_with_its_controls_visible() {
    let root = tempfile::tempdir().unwrap();
    let path = hostile_session(root.path());
    let session = convene::store::load(&path).unwrap().session;
    assert_eq!(
        session.title, CLIPBOARD,
        "the session keeps its text as it was"
    );

    let show = convene(root.path())
        .arg("show")
        .arg(&path)
        .assert()
        .success();
    let out = show.get_output();
    assert_inert("show", &out.stdout);
    assert_inert("show (stderr)", &out.stderr);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("T\\u{1b}]52;c;aGk=\\u{7}"), "{text}");
    assert!(text.contains("[A] \\u{1b}c (orange)"), "{text}");
    assert!(text.contains("Hall \\u{202e}evil"), "{text}");

    let check = convene(root.path())
        .arg("check")
        .arg(&path)
        .assert()
        .success();
    assert_inert("check", &check.get_output().stdout);
    let line = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(line.contains("“T\\u{1b}]52;c;aGk=\\u{7}”"), "{line}");
    assert_eq!(line.lines().count(), 1);

    // `add` names the table it was given back in its error.
    let add = convene(root.path())
        .arg("add")
        .arg(&path)
        .args(["--table", "\u{1b}c", "--step", "2", "x"])
        .assert()
        .code(2);
    assert_inert("add (stderr)", &add.get_output().stderr);
    assert!(String::from_utf8_lossy(&add.get_output().stderr).contains("`\\u{1b}c`"));

    // JSON: the same strings, spelled with escapes, so it is safe on a terminal and valid.
    for args in [&["show", "--json"][..], &["export", "--format", "json"]] {
        let json = convene(root.path())
            .arg(args[0])
            .arg(&path)
            .args(&args[1..])
            .assert()
            .success();
        let bytes = &json.get_output().stdout;
        assert_inert(&format!("{args:?}"), bytes);
        let text = String::from_utf8_lossy(bytes);
        assert!(
            text.contains("\\u001b]52") && text.contains("\\u202e"),
            "{text}"
        );
        let back: convene::model::Session = serde_json::from_slice(bytes).unwrap();
        assert_eq!(back.title, CLIPBOARD);
        assert_eq!(back.notes[0].text, session.notes[0].text);
    }

    // An export to a pipe is data: byte for byte what the exporter made.
    let md = convene(root.path())
        .arg("export")
        .arg(&path)
        .args(["--format", "md"])
        .assert()
        .success();
    let options = convene::export::Options::default();
    assert_eq!(
        md.get_output().stdout,
        convene::export::markdown(&session, &options).into_bytes()
    );
}

#[test]
fn file_names_in_messages_are_shown_with_their_controls_visible() {
    let root = tempfile::tempdir().unwrap();
    let name = root.path().join("x\u{1b}]0;owned\u{7}\u{202e}.ron");
    for args in [
        &["show"][..],
        &["check"],
        &["add", "--table", "A", "--step", "1", "t"],
    ] {
        let run = convene(root.path())
            .arg(args[0])
            .arg(&name)
            .args(&args[1..])
            .assert()
            .code(2);
        let out = run.get_output();
        assert_inert(&format!("{args:?} (stdout)"), &out.stdout);
        assert_inert(&format!("{args:?} (stderr)"), &out.stderr);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("x\\u{1b}]0;owned\\u{7}\\u{202e}.ron"), "{all}");
    }
    // And the command line's own errors quote what was typed.
    let run = convene(root.path())
        .args(["show", "--bogus\u{1b}[2J"])
        .assert()
        .code(2);
    assert_inert("a bad option", &run.get_output().stderr);
}

#[test]
fn frameworks_show_names_from_files_with_their_controls_visible() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("config/frameworks");
    std::fs::create_dir_all(&dir).unwrap();
    let mine = convene::framework::BUILTIN[1]
        .1
        .replace("\"widening-access\"", "\"ours\"")
        .replacen("name: \"", "name: \"\u{1b}]2;pwned\u{7}\u{202e}", 1);
    std::fs::write(dir.join("ours.ron"), mine).unwrap();
    std::fs::write(dir.join("broken\u{1b}c.ron"), "(id: \u{1b}c").unwrap();
    let run = convene(root.path()).arg("frameworks").assert().success();
    let out = run.get_output();
    assert_inert("frameworks", &out.stdout);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\\u{1b}]2;pwned\\u{7}\\u{202e}"), "{text}");
    assert!(text.contains("broken\\u{1b}c"), "{text}");
}

/// Runs `convene ARGS` in a pseudo-terminal (util-linux `script`), returning what it wrote.
fn on_a_terminal(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let script = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("script"))
            .find(|p| p.is_file())
    })?;
    let bin = assert_cmd::cargo::cargo_bin("convene");
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = quote(&bin.display().to_string());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let out = std::process::Command::new(script)
        .args(["-qec", &line, "/dev/null"])
        .env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

#[test]
fn an_export_to_a_terminal_is_shown_with_its_controls_visible() {
    let root = tempfile::tempdir().unwrap();
    let path = hostile_session(root.path());
    let path = path.to_str().unwrap();
    for format in ["md", "csv", "html", "json"] {
        let Some(shown) = on_a_terminal(root.path(), &["export", path, "--format", format]) else {
            eprintln!("skipped: `script` (util-linux) is not installed");
            return;
        };
        // A terminal's line discipline ends lines with CR LF.
        let shown: Vec<u8> = shown.into_iter().filter(|b| *b != b'\r').collect();
        assert_inert(format, &shown);
        let text = String::from_utf8_lossy(&shown);
        assert!(text.contains("aGk="), "{format}: {text}");
        if format != "html" {
            // (HTML has no control characters: it shows U+FFFD instead.)
            assert!(
                text.contains("T\\u{1b}") || text.contains("T\\u001b"),
                "{format}: {text}"
            );
        }
    }
}

// ---- Steps by principle number: `--principle 1` is `--step 2` in the six principles ----

#[test]
fn add_by_principle_is_the_same_as_by_step_and_says_both_numbers() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &["--tables", "2"]);
    let add = |args: &[&str]| {
        let out = convene(root.path())
            .arg("add")
            .arg(&path)
            .args(["--table", "A"])
            .args(args)
            .arg("text")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let by_principle = add(&["--principle", "1"]);
    let by_step = add(&["--step", "2"]);
    let by_id = add(&["--step", "person-centred"]);
    for said in [&by_principle, &by_step, &by_id] {
        assert!(
            said.contains("principle 1 (step 2) “Person-centred, place-based”"),
            "{said}"
        );
    }
    assert_eq!(
        add(&["--principle", "6"]).trim(),
        "added note #4 to table A, principle 6 (step 7) “Awareness around trauma”"
    );
    // A step that is not a principle is named by its step number alone.
    assert!(add(&["--step", "1"]).contains("step 1 “Welcome”"));
    let notes = convene::store::load(&path).unwrap().session.notes;
    let steps: Vec<&str> = notes.iter().map(|n| n.step.as_str()).collect();
    assert_eq!(
        steps,
        [
            "person-centred",
            "person-centred",
            "person-centred",
            "trauma-awareness",
            "welcome"
        ]
    );
}

#[test]
fn a_principle_that_is_not_there_or_given_with_a_step_is_bad_input() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &["--tables", "2"]);
    let widening = root.path().join("widening.ron");
    convene(root.path())
        .args([
            "new",
            "--title",
            "W",
            "--framework",
            "widening-access",
            "-o",
        ])
        .arg(&widening)
        .assert()
        .success();
    let cases: [(&Path, &[&str], &str); 5] = [
        (
            &path,
            &["--principle", "7"],
            "convene: there is no principle 7; this framework has 6 principles (steps 2–7)",
        ),
        (
            &path,
            &["--principle", "0"],
            "principles are numbered from 1; this framework has 6 principles (steps 2–7)",
        ),
        (
            &widening,
            &["--principle", "4"],
            "there is no principle 4; this framework has 3 principles (steps 2–4)",
        ),
        (
            &path,
            &["--step", "2", "--principle", "1"],
            "cannot be used with",
        ),
        (&path, &[], "--principle"),
    ];
    for (file, args, message) in cases {
        convene(root.path())
            .arg("add")
            .arg(file)
            .args(["--table", "A"])
            .args(args)
            .arg("text")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    for file in [&path, &widening] {
        assert!(convene::store::load(file).unwrap().session.notes.is_empty());
    }
}

#[test]
fn show_names_principles_with_their_step_numbers() {
    let root = tempfile::tempdir().unwrap();
    let path = new_session(root.path(), &["--tables", "2"]);
    for step in ["1", "2", "8"] {
        convene(root.path())
            .arg("add")
            .arg(&path)
            .args(["--table", "A", "--step", step, "text"])
            .assert()
            .success();
    }
    let show = || {
        let out = convene(root.path())
            .arg("show")
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let text = show();
    assert!(text.contains("(9 steps, 6 principles)"), "{text}");
    assert!(text.contains("Now at: step 1 of 9, Welcome\n"), "{text}");
    for line in [
        "  step 1                Welcome: 1\n",
        "  principle 1 (step 2)  Person-centred, place-based: 1\n",
        "  principle 6 (step 7)  Awareness around trauma: 0\n",
        "  step 8                Themes and priorities: 1\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    // The facilitator moves on to the third principle.
    let mut file = convene::store::SessionFile::open(&path).unwrap();
    use convene::store::SessionStore;
    file.commit(convene::model::Change::GoToStep {
        step: "lived-experience-leadership".into(),
        at: jiff::Timestamp::now(),
    })
    .unwrap();
    drop(file);
    let text = show();
    assert!(
        text.contains("Now at: principle 3 (step 4 of 9), Lived-experience leadership\n"),
        "{text}"
    );
}

// ---- The screens need a terminal: without one, a clear refusal that changes nothing ----

#[test]
fn the_screens_without_a_terminal_say_what_to_use_instead_and_change_nothing() {
    let root = tempfile::tempdir().unwrap();
    let path = session_at(root.path(), "s.ron");
    let before = files_in(root.path());
    let file = path.to_str().unwrap();
    // assert_cmd runs the command with standard input and output not terminals.
    for args in [vec!["open", file], vec!["open", file, "--read-only"]] {
        convene(root.path())
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(
                "convene: the facilitator's screen needs a terminal",
            ))
            .stderr(predicate::str::contains("convene show FILE"))
            .stderr(predicate::str::contains("convene export FILE"))
            .stderr(predicate::str::contains("os error").not());
        assert_eq!(files_in(root.path()), before, "{args:?} changed a file");
    }
    // Plain `convene`: the start screen.
    convene(root.path())
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "convene: the start screen needs a terminal",
        ))
        .stderr(predicate::str::contains("convene new --title"));
    assert_eq!(files_in(root.path()), before);
    assert!(
        !root.path().join("data").exists(),
        "no sessions folder made"
    );
}

#[test]
fn moderate_needs_share() {
    let root = tempfile::tempdir().unwrap();
    convene(root.path())
        .args(["open", "some.convene", "--moderate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--share"));
    convene(root.path())
        .args(["open", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--moderate"));
}

#[test]
fn the_wall_reports_a_missing_or_broken_file_and_otherwise_needs_a_terminal_writing_nothing() {
    let root = tempfile::tempdir().unwrap();
    let path = session_at(root.path(), "s.ron");
    let before = files_in(root.path());
    convene(root.path())
        .args(["wall", "nowhere.ron"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("convene: nowhere.ron"));
    let broken = root.path().join("broken.ron");
    std::fs::write(&broken, "not a session").unwrap();
    convene(root.path())
        .arg("wall")
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.ron:1:1"));
    std::fs::remove_file(&broken).unwrap();
    // A good file is read (no lock taken, nothing written), then a terminal is needed.
    convene(root.path())
        .arg("wall")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "convene: the wall needs a terminal",
        ));
    assert_eq!(files_in(root.path()), before);
}
