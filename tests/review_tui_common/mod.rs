//! A folder of sessions for the review browser's tests: the demo, a second workshop, two
//! generated ones, a session still open with a note only in its journal, and a broken file.
#![allow(dead_code)]

#[path = "../review_common/mod.rs"]
mod sessions;

#[allow(unused_imports)] // each test file uses some of them
pub use sessions::{
    Chain, DECOMPOSED, answered_twice, chain, damaged_journal, demo, fingerprint, riverside,
    widening, write,
};

use convene::model::{Change, NoteKind};
use convene::review::Library;
use convene::store::{SessionFile, SessionStore};
use convene::tui::palette::Preset;
use convene::tui::review::ReviewApp;
use convene::tui::review::app::Effect;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

/// The text of the note that exists only in the journal of `live.ron`.
pub const JOURNAL_NOTE: &str = "Written while the session was still open: a crèche at the venue";

/// The folder, kept alive with the facilitator's open session (its lock held).
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub live: SessionFile,
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("demo.ron"), &demo());
    write(&root.join("riverside.ron"), &riverside());
    for n in [1, 2] {
        write(
            &root.join(format!("generated/workshop-{n}.ron")),
            &convene::review::sample::session(n, 30),
        );
    }
    std::fs::write(
        root.join("broken.ron"),
        "// A convene workshop session (schema 1).\n(\n    schema: 1,\n    revision: \"oops,\n",
    )
    .unwrap();
    // A facilitator has this one open and has added a note since the last save.
    let mut live = SessionFile::create(
        &root.join("live.ron"),
        convene::review::sample::session(7, 5),
    )
    .unwrap();
    let table = live.session().tables[1].id;
    let at: jiff::Timestamp = "2026-11-02T14:05:00Z".parse().unwrap();
    let note = live
        .session()
        .next_note(table, "person-centred", NoteKind::Idea, JOURNAL_NOTE, at);
    live.commit(Change::AddNote(note)).unwrap();
    Fixture { dir, live }
}

pub fn library(root: &Path) -> Library {
    Library::open(&[root.to_path_buf()], &mut |_| {})
}

pub fn app(root: &Path) -> ReviewApp {
    ReviewApp::new(library(root), Some(root.to_path_buf()), Preset::Light)
}

/// Presses keys written like "a", "Enter", "Esc", "Tab", "BackTab", "↓", "↑", "PgDn", "Space".
pub fn keys(app: &mut ReviewApp, seq: &[&str]) {
    for k in seq {
        let code = match *k {
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "↓" => KeyCode::Down,
            "↑" => KeyCode::Up,
            "←" => KeyCode::Left,
            "→" => KeyCode::Right,
            "PgDn" => KeyCode::PageDown,
            "PgUp" => KeyCode::PageUp,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Space" => KeyCode::Char(' '),
            "F1" => KeyCode::F(1),
            other => {
                let mut chars = other.chars();
                let c = chars.next().unwrap();
                assert!(chars.next().is_none(), "unknown key {other}");
                KeyCode::Char(c)
            }
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// Types `text` key by key.
pub fn type_text(app: &mut ReviewApp, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// Does what the run loop does with the app's requests, on this thread.
pub fn run_effects(app: &mut ReviewApp) {
    for effect in app.take_effects() {
        match effect {
            Effect::FindThemes { generation, rows } => {
                let library = app.library.clone().unwrap();
                let themes = convene::tui::review::app::find_themes(&library, &rows, &mut |_| {});
                app.themes_found(generation, themes);
            }
            Effect::Export(job) => {
                let library = app.library.clone().unwrap();
                let result = convene::tui::review::app::write_export(&library, &job);
                app.exported(result);
            }
            Effect::Reload => {
                // The tests browse the one folder they name, which is the app's root.
                let root = app.root.clone().unwrap();
                app.reloaded(Library::open(&[root], &mut |_| {}));
            }
        }
    }
}

/// Draws the app at `w`×`h`, tells it what was drawn, and returns the terminal.
pub fn draw(app: &mut ReviewApp, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = convene::tui::review::screens::draw(app, f))
        .unwrap();
    app.set_drawn(drawn);
    terminal
}

/// The screen as text, one line per row.
pub fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
