//! Crashes across processes: `convene add` killed at random moments never loses a note it reported saved, never duplicates one, and never locks the session out; plus the writer's lock.

#![cfg(unix)]

use convene::model::Session;
use convene::store::{self, SNAPSHOT_EVERY, SessionFile, SessionStore, journal};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A small fixed-seed generator, so every run kills at the same moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A `convene` command whose data and config folders are throwaway.
pub(crate) fn convene(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_convene"));
    c.env("CONVENE_DATA", home.join("data"))
        .env("CONVENE_CONFIG", home.join("config"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .stdin(Stdio::null());
    c
}

fn add_command(home: &Path, path: &Path, letter: &str, text: &str) -> Command {
    let mut c = convene(home);
    c.args(["add"])
        .arg(path)
        .args(["--table", letter, "--step", "2", text]);
    c
}

/// Runs `convene add` to completion.
fn add(home: &Path, path: &Path, letter: &str, text: &str) -> ExitStatus {
    let out = add_command(home, path, letter, text).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if !out.status.success() {
        eprintln!("add {text:?} failed: {stderr}");
    }
    out.status
}

/// Starts `convene add`, sends it SIGKILL after `delay`, and reaps it. The add may have
/// finished first (exit 0), or died anywhere on the way.
fn add_killed(home: &Path, path: &Path, letter: &str, text: &str, delay: Duration) -> ExitStatus {
    let mut child = add_command(home, path, letter, text)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    // SAFETY: the child has not been reaped yet, so its pid cannot have been reused.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
    assert_eq!(r, 0, "kill failed: {}", std::io::Error::last_os_error());
    child.wait().unwrap()
}

fn new_session(home: &Path, path: &Path) {
    let out = convene(home)
        .args(["new", "--title", "Crash test", "--tables", "3", "-o"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The letter of a note's table.
fn letter_of(s: &Session, text: &str) -> Vec<String> {
    s.notes
        .iter()
        .filter(|n| n.text == text)
        .map(|n| s.table(n.table).unwrap().letter.clone())
        .collect()
}

/// Checks the session on disk against what the adds reported: every add that exited 0 is
/// there exactly once, at its table and in order; nothing is there that was never started.
fn verify(
    home: &Path,
    path: &Path,
    saved: &[(String, String)],
    started: &HashSet<String>,
) -> Session {
    let loaded = store::load(path).unwrap_or_else(|e| panic!("the session must load: {e}"));
    let s = loaded.session;
    for (text, letter) in saved {
        assert_eq!(
            letter_of(&s, text),
            vec![letter.clone()],
            "note {text:?} (saved) must be there once, at table {letter}"
        );
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in &s.notes {
        assert!(
            started.contains(&n.text),
            "note {:?} was never added",
            n.text
        );
        *counts.entry(n.text.as_str()).or_default() += 1;
    }
    if let Some((text, n)) = counts.iter().find(|(_, n)| **n > 1) {
        panic!("note {text:?} is there {n} times");
    }
    // Saved notes keep the order they were saved in.
    let saved_set: HashSet<&str> = saved.iter().map(|(t, _)| t.as_str()).collect();
    let order: Vec<&str> = s
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .filter(|t| saved_set.contains(t))
        .collect();
    let expected: Vec<&str> = saved.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(order, expected);
    // The backup, when there is one, is a whole session too.
    let backup = store::backup_path(path);
    if backup.exists() {
        store::parse(&std::fs::read(&backup).unwrap())
            .unwrap_or_else(|e| panic!("the backup must parse: {e}"));
    }
    let out = convene(home).arg("check").arg(path).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    s
}

/// Awkward text for the command line and the file: quotes, raw-string hashes, emoji, RTL.
fn note_text(trial: usize, k: usize) -> String {
    let flavour = [
        "bus passes for interviews",
        "“quoted” and \"quoted\" #\"",
        "日本語 🚌 שלום",
        "back\\slash and \\n",
        "line one\nline two",
    ];
    format!("note {trial}-{k}: {}", flavour[(trial + k) % flavour.len()])
}

#[test]
fn killed_adds_never_lose_or_duplicate_saved_notes() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("crash.ron");
    new_session(home.path(), &path);

    let letters = ["A", "B", "C"];
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let mut saved: Vec<(String, String)> = Vec::new();
    let mut started: HashSet<String> = HashSet::new();
    let mut killed_before_exit = 0;
    let mut killed_adds_saved = 0;
    let started_at = Instant::now();
    let trials = 50;
    for trial in 0..trials {
        let adds = 11 + rng.below(4) as usize;
        let victim = rng.below(adds as u64) as usize;
        for k in 0..adds {
            let text = note_text(trial, k);
            let letter = letters[rng.below(3) as usize].to_string();
            started.insert(text.clone());
            if k == victim {
                let delay = Duration::from_micros(rng.below(20_001));
                let status = add_killed(home.path(), &path, &letter, &text, delay);
                if status.success() {
                    killed_adds_saved += 1;
                    saved.push((text, letter));
                } else {
                    killed_before_exit += 1;
                }
            } else {
                // Run to completion: it must succeed, whatever the last one left behind.
                let status = add(home.path(), &path, &letter, &text);
                assert!(status.success(), "trial {trial}: add {k} failed: {status}");
                saved.push((text, letter));
            }
        }
        if trial % 10 == 9 {
            verify(home.path(), &path, &saved, &started);
        }
    }
    let s = verify(home.path(), &path, &saved, &started);
    let elapsed = started_at.elapsed();
    eprintln!(
        "{trials} trials, {} adds in {elapsed:?}: {} saved, {killed_before_exit} killed before exiting, \
         {killed_adds_saved} killed too late; {} notes in the session",
        started.len(),
        saved.len(),
        s.notes.len()
    );
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("crash.ron"))
        .collect();
    eprintln!("files left by killed adds: {leftovers:?}");
    // Both outcomes of a kill were exercised.
    assert!(killed_before_exit >= 5, "{killed_before_exit}");
    // The journal was compacted into a snapshot at least once along the way.
    let loaded = store::load(&path).unwrap();
    assert!(started.len() > SNAPSHOT_EVERY);
    assert!(
        loaded.snapshot_revision >= SNAPSHOT_EVERY as u64,
        "no automatic snapshot: snapshot revision {}",
        loaded.snapshot_revision
    );
    assert!(store::backup_path(&path).exists());
    // A writer can still open it, and then everything fits in one snapshot.
    let mut file = SessionFile::open(&path).unwrap();
    file.save().unwrap();
    drop(file);
    assert_eq!(
        std::fs::metadata(journal::journal_path(&path))
            .unwrap()
            .len(),
        0
    );
    assert_eq!(store::load(&path).unwrap().session, s);
}

/// Kills the add that crosses the snapshot threshold, at moments spread over its run, from
/// the same starting files each time.
#[test]
fn killed_during_the_automatic_snapshot() {
    let home = tempfile::tempdir().unwrap();
    let template = home.path().join("template");
    std::fs::create_dir(&template).unwrap();
    let path = template.join("s.ron");
    new_session(home.path(), &path);
    let mut started: HashSet<String> = HashSet::new();
    let mut saved = Vec::new();
    {
        let mut file = SessionFile::open(&path).unwrap();
        for i in 0..SNAPSHOT_EVERY - 1 {
            let s = file.session();
            let text = format!("prepared note {i}");
            let n = s.next_note(
                s.tables[i % 3].id,
                &s.framework.steps[1].id,
                Default::default(),
                text.clone(),
                s.created,
            );
            file.commit(convene::model::Change::AddNote(n)).unwrap();
            started.insert(text.clone());
            saved.push((text, ["A", "B", "C"][i % 3].to_string()));
        }
    }
    assert_eq!(store::load(&path).unwrap().replayed, SNAPSHOT_EVERY - 1);

    // How long does the add that writes the snapshot take?
    let probe = home.path().join("probe");
    copy_dir(&template, &probe);
    let t = Instant::now();
    assert!(add(home.path(), &probe.join("s.ron"), "A", "probe").success());
    let full = t.elapsed();
    assert_eq!(
        store::load(&probe.join("s.ron")).unwrap().snapshot_revision,
        SNAPSHOT_EVERY as u64,
        "the 500th entry writes a snapshot"
    );

    let mut rng = Rng(42);
    let trials = 24;
    let mut outcomes = (0, 0);
    let mut leftovers = Vec::new();
    for trial in 0..trials {
        let dir = home.path().join(format!("trial-{trial}"));
        copy_dir(&template, &dir);
        let path = dir.join("s.ron");
        let mut saved = saved.clone();
        let mut started = started.clone();
        // Spread the kills over the whole run, with some jitter.
        let span = full.as_micros() as u64 + 2_000;
        let delay = Duration::from_micros(span * trial / trials + rng.below(1_000));
        let text = format!("crossing note {trial}");
        started.insert(text.clone());
        if add_killed(home.path(), &path, "B", &text, delay).success() {
            saved.push((text, "B".into()));
            outcomes.1 += 1;
        } else {
            outcomes.0 += 1;
        }
        verify(home.path(), &path, &saved, &started);
        // Whatever the kill left, the next add works and compaction catches up.
        let text = format!("after note {trial}");
        started.insert(text.clone());
        assert!(add(home.path(), &path, "C", &text).success());
        saved.push((text, "C".into()));
        verify(home.path(), &path, &saved, &started);
        for e in std::fs::read_dir(&dir).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if !["s.ron", "s.ron.bak", "s.ron.journal", "s.ron.lock"].contains(&name.as_str()) {
                leftovers.push(format!("trial {trial}: {name}"));
            }
        }
        let loaded = store::load(&path).unwrap();
        assert!(
            loaded.snapshot_revision >= SNAPSHOT_EVERY as u64 || loaded.replayed < SNAPSHOT_EVERY,
            "trial {trial}: snapshot {} with {} entries replayed",
            loaded.snapshot_revision,
            loaded.replayed
        );
    }
    eprintln!(
        "snapshot add takes {full:?}; {} killed before exiting, {} finished first; \
         files left behind: {leftovers:?}",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 >= 3, "{outcomes:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p: PathBuf = e.unwrap().path();
        if p.is_file() && p.extension().is_none_or(|x| x != "lock") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_second_writer_is_refused_while_readers_still_work() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("locked.ron");
    new_session(home.path(), &path);
    assert!(add(home.path(), &path, "A", "before the lock").success());

    let file = SessionFile::open(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let journal_before = std::fs::read(journal::journal_path(&path)).unwrap();

    let out = add_command(home.path(), &path, "B", "while locked")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("already open for writing by convene (pid"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("(pid {})", std::process::id())),
        "the holder is named: {stderr}"
    );
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");

    let out = convene(home.path())
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok, schema 3"));
    let out = convene(home.path())
        .arg("show")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("Crash test") && shown.contains("[A] Table A"),
        "{shown}"
    );
    let out = convene(home.path())
        .args(["show", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("before the lock"));

    // Nothing was written by the refused writer or the readers.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read(journal::journal_path(&path)).unwrap(),
        journal_before
    );
    assert_eq!(file.session().notes.len(), 1);

    drop(file);
    assert!(add(home.path(), &path, "B", "after the lock").success());
    assert_eq!(store::load(&path).unwrap().session.notes.len(), 2);
}
