//! The participant page in a real phone-sized browser: `convene serve` on a temporary session,
//! headless Chromium driven by Playwright (tests/browser, `npm ci` there; `.ci/run` does it).
//! One browser run covers every scenario; each test checks its part of the findings and the
//! session file the server wrote.
//!
//! Without Chromium these tests are skipped with a message (under CI they fail instead). With
//! Chromium, the pinned npm packages are installed by the tests themselves (`npm ci`); without
//! npm they are skipped with a message too (under CI they fail).

use convene::framework::StepKind;
use convene::model::{Change, Origin, Session, Theme, ThemeId};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// A table whose name is markup, to show that names stay text.
const HOSTILE_TABLE: &str = "\"><img src=x onerror=alert(1)>";

/// What one browser run found, and the session as `convene show --json` printed it after.
struct Run {
    findings: Value,
    session: Value,
    /// The session that was at its voting step.
    voting: Session,
    shot: PathBuf,
    _dir: tempfile::TempDir,
}

static RUN: OnceLock<Option<Run>> = OnceLock::new();

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// The findings, once for all the tests here; `None` when Chromium or npm is absent
/// (skipped locally, a failure under CI).
fn run() -> Option<&'static Run> {
    RUN.get_or_init(|| {
        let browser = crate::html_chromium::browser_or_skip()?;
        if !install_packages() {
            return None;
        }
        Some(drive(&browser))
    })
    .as_ref()
}

/// Installs the pinned npm packages the browser tests use (`npm ci`, once), so `cargo test`
/// needs no other step. False (skipped) when npm is not installed, except under CI.
fn install_packages() -> bool {
    if browser_dir().join("node_modules/playwright-core").is_dir() {
        return true;
    }
    let ci = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(browser_dir())
        .output();
    match ci {
        Ok(out) if out.status.success() => true,
        Ok(out) => panic!(
            "`npm ci --prefix tests/browser` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "npm is needed for this test under CI; .ci/run installs it (apt-get install nodejs npm)"
            )
        }
        Err(_) => {
            eprintln!("skipped: npm is not installed (apt-get install nodejs npm)");
            false
        }
    }
}

/// Stops the server on drop (SIGTERM, as Ctrl-c would), even when a step panics.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        // SAFETY: signals our own child, by its id.
        unsafe { libc::kill(self.0.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn convene() -> Command {
    Command::new(env!("CARGO_BIN_EXE_convene"))
}

fn drive(browser: &Path) -> Run {
    let modules = browser_dir().join("node_modules/playwright-core");
    assert!(
        modules.is_dir(),
        "the browser tests need their npm packages: run `npm ci --prefix tests/browser` (.ci/run does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("room.ron");
    let made = convene()
        .args(["new", "--title", "Inclusive jobs: Riverside", "--table"])
        .arg(format!("A:{HOSTILE_TABLE}"))
        .args(["--table", "B:Garden", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");

    let (server, url) = serve(&file);
    let voting_file = dir.path().join("voting.ron");
    voting_session(&file, &voting_file);
    let (voting_server, voting_url) = serve(&voting_file);

    let shot = dir.path().join("phone.png");
    let out = Command::new("node")
        .arg(browser_dir().join("share_page.mjs"))
        .current_dir(browser_dir())
        .env("JOIN_URL", &url)
        .env("VOTING_URL", &voting_url)
        .env("CHROMIUM", browser)
        .env("SHOT", &shot)
        .output()
        .expect("Node.js runs the browser tests (apt-get install nodejs)");
    assert!(
        out.status.success(),
        "the browser run failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the browser run printed no findings ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    drop(server);
    drop(voting_server);

    let shown = convene()
        .args(["show", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(shown.status.success(), "{shown:?}");
    let session = serde_json::from_slice(&shown.stdout).unwrap();
    let voting = convene::store::load(&voting_file).unwrap().session;
    Run {
        findings,
        session,
        voting,
        shot,
        _dir: dir,
    }
}

/// Starts `convene serve FILE` on a free port of this machine; the join address comes first.
fn serve(file: &Path) -> (Serving, String) {
    let mut child = convene()
        .arg("serve")
        .arg(file)
        .args(["--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Serving(child);
    let mut url = String::new();
    BufReader::new(stdout).read_line(&mut url).unwrap();
    let url = url.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/j/"),
        "the join address comes first: {url:?}"
    );
    (server, url)
}

/// A copy of the session at `from`, moved to its voting step with two themes (one named like
/// markup) and three dots a table.
fn voting_session(from: &Path, to: &Path) {
    let mut s = convene::store::load(from).unwrap().session;
    // The built-in agendas group and vote in one "themes" step; a framework of one's own can
    // have a step of kind Voting, which is when devices place dots.
    let voting = s
        .framework
        .steps
        .iter_mut()
        .find(|st| st.kind == StepKind::Themes)
        .expect("the framework has a themes step");
    voting.kind = StepKind::Voting;
    let step = voting.id.clone();
    s.apply(Change::GoToStep {
        step,
        at: s.created,
    })
    .unwrap();
    for label in ["Transport to work", "<img src=x onerror=alert(2)>"] {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: label.into(),
            origin: Origin::Person,
            step: None,
            description: String::new(),
        };
        s.apply(Change::AddTheme(theme)).unwrap();
    }
    s.dots_per_table = 3;
    convene::store::write_snapshot(to, &s).unwrap();
}

/// One scenario's findings, failing with what went wrong in the browser.
fn scenario<'a>(run: &'a Run, name: &str) -> &'a Value {
    let found = &run.findings[name];
    assert!(
        found["failed"].is_null(),
        "{name}: {}",
        found["failed"].as_str().unwrap_or_default()
    );
    assert_eq!(
        found["dialogs"],
        serde_json::json!([]),
        "{name}: a dialog opened"
    );
    assert_eq!(
        found["errors"],
        serde_json::json!([]),
        "{name}: script errors"
    );
    found
}

/// The notes in the session with `text`, each as (table letter, kind).
fn notes_with(session: &Value, text: &str) -> Vec<(String, String)> {
    let letter = |id: &Value| {
        session["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| &t["id"] == id)
            .map(|t| t["letter"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    session["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["text"] == text)
        .map(|n| (letter(&n["table"]), n["kind"].to_string()))
        .collect()
}

#[test]
fn a_phone_sends_a_note_and_it_is_saved_with_its_table() {
    let Some(run) = run() else { return };
    let js = scenario(run, "js");
    assert_eq!(js["statusBefore"], "", "nothing said before sending");
    assert!(
        js["status"].as_str().unwrap().starts_with("Received ✓"),
        "{js}"
    );
    let notes = notes_with(
        &run.session,
        "A bus that runs after the late shift (from the browser)",
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "B");
    assert!(notes[0].1.to_lowercase().contains("idea"), "{notes:?}");
    assert_eq!(js["takeBackButtons"], 1, "the note can be taken back");
    assert_eq!(js["remembered"], "\"B\"", "the table is remembered");
    assert!(
        js["tableLine"]
            .as_str()
            .unwrap()
            .contains("Table B · Garden")
    );
    assert_eq!(js["width"], 360, "nothing is wider than the phone");
    assert_eq!(
        js["csp"],
        serde_json::json!([]),
        "the page's CSP refused nothing"
    );

    let decoder = png::Decoder::new(BufReader::new(std::fs::File::open(&run.shot).unwrap()));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (360, 640));
}

#[test]
fn without_javascript_the_plain_form_sends_a_note() {
    let Some(run) = run() else { return };
    let nojs = scenario(run, "nojs");
    assert_eq!(nojs["preselected"], true, "the table's own link chooses it");
    assert!(
        nojs["status"].as_str().unwrap().starts_with("Received ✓"),
        "{nojs}"
    );
    assert_eq!(nojs["seq"], "2", "the next note gets the next number");
    let notes = notes_with(&run.session, "Childcare at the job fair (no script)");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "B");
    assert!(notes[0].1.to_lowercase().contains("question"), "{notes:?}");
}

/// axe-core's serious and critical findings in one scenario.
fn serious(found: &Value) -> Vec<&Value> {
    found["violations"]
        .as_array()
        .expect("axe ran")
        .iter()
        .filter(|v| v["impact"] == "serious" || v["impact"] == "critical")
        .collect()
}

#[test]
fn axe_finds_nothing_serious_or_critical() {
    let Some(run) = run() else { return };
    let bad = serious(scenario(run, "axe"));
    assert!(bad.is_empty(), "{bad:#?}");
    let bad = serious(scenario(run, "voting"));
    assert!(bad.is_empty(), "while voting: {bad:#?}");
}

#[test]
fn hostile_text_shows_as_text_and_runs_nothing() {
    let Some(run) = run() else { return };
    let hostile = scenario(run, "hostile");
    assert_eq!(hostile["pwned"], 0, "alert was called");
    assert_eq!(
        hostile["images"], 0,
        "markup in a table name became an element"
    );
    assert_eq!(hostile["scripts"], 1, "only the page's own script");
    assert!(
        hostile["tableLabel"]
            .as_str()
            .unwrap()
            .contains(HOSTILE_TABLE),
        "{hostile}"
    );
    assert!(
        hostile["sentList"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>"),
        "{hostile}"
    );
    let notes = notes_with(&run.session, "<script>alert(1)</script>");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, "A");
}

#[test]
fn a_note_sent_again_after_a_lost_answer_or_a_reload_is_saved_once() {
    let Some(run) = run() else { return };
    let retry = scenario(run, "retry");
    assert_eq!(retry["retried"], 2, "sent again once the answer was lost");
    assert_eq!(
        notes_with(&run.session, "Sent once, answered late").len(),
        1,
        "a retry with the same (client, seq) adds nothing"
    );
    assert!(
        retry["queued"]
            .as_str()
            .unwrap()
            .contains("Written offline"),
        "{retry}"
    );
    assert!(
        retry["waitingAfterReload"]
            .as_str()
            .unwrap()
            .contains("waiting to be sent"),
        "{retry}"
    );
    assert_eq!(retry["queueAfter"], "[]");
    assert_eq!(
        notes_with(&run.session, "Written offline, sent after a reload").len(),
        1
    );
}

#[test]
fn while_the_room_votes_a_phone_places_its_dots() {
    let Some(run) = run() else { return };
    let voting = scenario(run, "voting");
    assert_eq!(voting["before"], "Dots left: 3 of 3.", "{voting}");
    assert_eq!(voting["after"], "Dots left: 2 of 3.", "{voting}");
    assert_eq!(
        voting["status"], "1 dot on “Transport to work”; 2 left.",
        "said beside the themes"
    );
    assert!(
        voting["pollsInAQuietSecond"].as_u64().unwrap() <= 1,
        "the page waits on its long poll: {voting}"
    );
    assert_eq!(voting["sendDisabled"], true, "no notes while voting");
    assert_eq!(voting["closedShown"], true, "and the page says why");
    assert_eq!(voting["images"], 0, "a theme named like markup stays text");
    assert!(
        voting["themes"]
            .as_str()
            .unwrap()
            .contains("<img src=x onerror=alert(2)>"),
        "{voting}"
    );
    let s = &run.voting;
    let transport = s.themes.iter().find(|t| t.label == "Transport to work");
    let garden = s.tables.iter().find(|t| t.letter == "B").unwrap();
    assert_eq!(s.device_votes.len(), 1, "{:?}", s.device_votes);
    let vote = &s.device_votes[0];
    assert_eq!(Some(vote.theme), transport.map(|t| t.id));
    assert_eq!((vote.table, vote.dots), (garden.id, 1));
}

#[test]
fn a_note_taken_back_leaves_the_session() {
    let Some(run) = run() else { return };
    let taken = scenario(run, "takeback");
    assert_eq!(taken["buttons"], 0, "{taken}");
    assert!(
        taken["sentList"].as_str().unwrap().contains("taken back"),
        "{taken}"
    );
    assert!(notes_with(&run.session, "On second thoughts, not this").is_empty());
}
