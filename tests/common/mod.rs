//! Helpers shared by the screen tests: sessions, an app on a memory store, key presses.

#![allow(dead_code)]

use convene::framework::Framework;
use convene::model::{Change, NoteKind, Session};
use convene::store::MemoryStore;
use convene::store::config::Config;
use convene::tui::App;
use convene::tui::palette::Preset;
use convene::tui::start::MemoryOpener;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

pub const WALL: &str = "2026-09-24T10:30:00Z";

pub fn wall() -> Timestamp {
    WALL.parse().unwrap()
}

/// A new session on the default framework with `tables` tables and no notes.
pub fn empty_session(tables: usize) -> Session {
    let mut s = Session::new(
        "Test workshop",
        jiff::civil::date(2026, 9, 24),
        Framework::default_framework(),
        wall(),
    );
    for _ in 0..tables {
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
    }
    s
}

/// The demo session shipped with the project.
pub fn demo_session() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene::store::parse(&std::fs::read(path).unwrap()).unwrap()
}

/// A session with `n` notes spread over `tables` tables, all on the third step.
pub fn big_session(tables: usize, n: usize) -> Session {
    let mut s = empty_session(tables);
    let step = s.framework.steps[2].id.clone();
    for i in 0..n {
        let table = s.tables[i % tables].id;
        let kind = NoteKind::ALL[i % NoteKind::ALL.len()];
        let note = s.next_note(
            table,
            &step,
            kind,
            format!(
                "Note {i}: the bus from the estate stops before the late shift ends, café, 日本"
            ),
            wall(),
        );
        s.apply(Change::AddNote(note)).unwrap();
    }
    s
}

/// An app with `session` open in a memory store, a fixed clock and the light theme.
pub fn app(session: Session) -> App<MemoryStore> {
    let mut app = App::with_store(
        MemoryStore::new(session),
        Box::new(MemoryOpener::default()),
        Config::default(),
        Preset::Light,
    );
    app.set_clock(Duration::ZERO, wall(), TimeZone::UTC);
    app
}

/// An app on the start screen, with `recent` sessions to offer.
pub fn start_app(recent: Vec<(&str, Session)>) -> App<MemoryStore> {
    let opener = MemoryOpener {
        sessions: recent.into_iter().map(|(p, s)| (p.into(), s)).collect(),
    };
    let mut app = App::new(Box::new(opener), Config::default(), Preset::Light);
    app.set_clock(Duration::ZERO, wall(), TimeZone::UTC);
    app
}

pub fn press(app: &mut App<MemoryStore>, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ch(app: &mut App<MemoryStore>, c: char) {
    press(app, KeyCode::Char(c));
}

pub fn alt(app: &mut App<MemoryStore>, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
}

pub fn ctrl(app: &mut App<MemoryStore>, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types `text` key by key, as a person would.
pub fn type_text(app: &mut App<MemoryStore>, text: &str) {
    for c in text.chars() {
        ch(app, c);
    }
}

/// Sends a sequence of keys written like "a", "Enter", "Esc", "Alt-2", "Ctrl-z", "F2", "Tab", "↓".
pub fn keys(app: &mut App<MemoryStore>, seq: &[&str]) {
    for k in seq {
        match *k {
            "Enter" => press(app, KeyCode::Enter),
            "Esc" => press(app, KeyCode::Esc),
            "Tab" => press(app, KeyCode::Tab),
            "BackTab" => press(app, KeyCode::BackTab),
            "Delete" => press(app, KeyCode::Delete),
            "Backspace" => press(app, KeyCode::Backspace),
            "Home" => press(app, KeyCode::Home),
            "End" => press(app, KeyCode::End),
            "PgUp" => press(app, KeyCode::PageUp),
            "PgDn" => press(app, KeyCode::PageDown),
            "↓" => press(app, KeyCode::Down),
            "↑" => press(app, KeyCode::Up),
            "←" => press(app, KeyCode::Left),
            "→" => press(app, KeyCode::Right),
            k if k.starts_with("Alt-") => alt(app, k[4..].chars().next().unwrap()),
            k if k.starts_with("Ctrl-") => ctrl(app, k[5..].chars().next().unwrap()),
            k if k.starts_with('F') && k.len() > 1 => {
                press(app, KeyCode::F(k[1..].parse().unwrap()))
            }
            k => type_text(app, k),
        }
    }
}

/// Advances the app's clock to `secs` seconds after start.
pub fn tick(app: &mut App<MemoryStore>, secs: u64) {
    app.update(convene::tui::Action::Tick {
        mono: Duration::from_secs(secs),
        wall: wall() + jiff::SignedDuration::from_secs(secs as i64),
    });
}

/// The demo session open at the step `step_id`.
pub fn demo_at(step_id: &str) -> App<MemoryStore> {
    let mut app = app(demo_session());
    let n = app
        .session()
        .unwrap()
        .framework
        .step_index(step_id)
        .unwrap();
    app.update(convene::tui::Action::GoToStep(n));
    app.clear_message();
    app
}

/// A follow-up of the demo session on 2026-12-07 with three tables: 19 items carried in, two
/// of them overdue by then.
pub fn follow_up_session() -> Session {
    let demo = demo_session();
    let mut s = Session::follow_up(
        &demo,
        "demo.ron",
        "Brackenford, three months on",
        jiff::civil::date(2026, 12, 7),
        demo.framework.clone(),
        wall(),
    );
    for _ in 0..3 {
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
    }
    s
}

/// The follow-up of the demo open at its "Since last time" step.
pub fn follow_up_app() -> App<MemoryStore> {
    let mut app = app(follow_up_session());
    let n = app
        .session()
        .unwrap()
        .framework
        .step_index(convene::model::SINCE_LAST_TIME)
        .unwrap();
    app.update(convene::tui::Action::GoToStep(n));
    app.clear_message();
    app
}

/// The follow-up at its "Since last time" step with some of it recorded: what was done about
/// the first item, the second in progress, a note about the third, the fourth selected.
pub fn follow_up_recorded() -> App<MemoryStore> {
    let mut a = follow_up_app();
    keys(
        &mut a,
        &["Enter", "Three evening routes run since November", "Enter"],
    );
    keys(
        &mut a,
        &[
            "↓",
            "c",
            "↓",
            "2",
            "a",
            "The panel has met twice",
            "Enter",
            "Esc",
        ],
    );
    keys(&mut a, &["↓"]);
    a.clear_message();
    a
}

/// Sets an app up to show one screen.
pub type MakeApp = fn() -> App<MemoryStore>;

/// Every screen worth seeing, by name: the app set up to show it.
pub fn screens() -> Vec<(&'static str, MakeApp)> {
    vec![
        ("start", || {
            start_app(vec![("sessions/demo.ron", demo_session())])
        }),
        ("start_new_workshop", || {
            let mut a = start_app(vec![]);
            keys(&mut a, &["Enter"]);
            a
        }),
        ("start_follow_up", || {
            let mut a = start_app(vec![("sessions/demo.ron", demo_session())]);
            keys(&mut a, &["↓", "↓", "f"]);
            a
        }),
        ("start_open_file", || {
            let mut a = start_app(vec![]);
            keys(&mut a, &["↓", "Enter", "sessions/demo.ron"]);
            a
        }),
        ("step", || demo_at("invested-commitment")),
        ("step_guidance_and_input", || {
            let mut a = demo_at("trauma-awareness");
            keys(
                &mut a,
                &["f", "2", "a", "F3", "q: who decides when the room pauses?"],
            );
            a
        }),
        ("step_follow_up", follow_up_recorded),
        ("step_follow_up_overdue", || {
            let mut a = follow_up_app();
            keys(&mut a, &["↓", "↓", "↓", "↓", "↓"]);
            a.clear_message();
            a
        }),
        ("step_follow_up_form", || {
            let mut a = follow_up_recorded();
            keys(&mut a, &["e", "Waiting for the board's budget"]);
            a
        }),
        ("step_follow_up_none", || {
            let mut s = empty_session(3);
            s.framework = convene::model::with_follow_up_step(s.framework.clone());
            let mut a = app(s);
            keys(&mut a, &["n"]);
            a.clear_message();
            a
        }),
        ("step_time_up", || {
            let mut a = demo_at("welcome");
            keys(&mut a, &[" "]);
            tick(&mut a, 683);
            a
        }),
        ("board", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["Tab"]);
            a.clear_message();
            a
        }),
        ("board_by_step", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["Tab", "g", "→", "→", "↓"]);
            a.clear_message();
            a
        }),
        ("board_hidden_until_reveal", || {
            let mut a = demo_at("person-centred");
            keys(&mut a, &["Tab", "v"]);
            a.clear_message();
            a
        }),
        ("board_sensitive_shown", || {
            let mut a = demo_at("trauma-awareness");
            keys(&mut a, &["Tab", "s"]);
            a
        }),
        ("card_open", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["Tab", "→", "Enter"]);
            a
        }),
        ("move_card", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["Tab", "m"]);
            a
        }),
        ("help", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["?"]);
            a
        }),
        ("pause", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["P"]);
            tick(&mut a, 75);
            a
        }),
        ("paste_question", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["a"]);
            a.update(convene::tui::Action::Paste(
                "one\ntwo\nthree\nfour\nfive".into(),
            ));
            a
        }),
        ("disk_refused", || {
            let mut a = demo_at("invested-commitment");
            a.store_mut().unwrap().fail_with = Some("No space left on device (os error 28)".into());
            keys(&mut a, &["a", "this one waits for the disk", "Enter"]);
            a
        }),
        // Themes and voting
        ("themes", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6"]);
            a.clear_message();
            a
        }),
        ("themes_moving_a_note", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6", "↓", " ", "m", "→", "→"]);
            a.clear_message();
            a
        }),
        ("themes_suggesting_progress", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6"]);
            let s = a.session().unwrap();
            a.themes_mut().job = Some(convene::tui::themes::Job::waiting(
                convene::tui::themes::JobKind::Suggest(convene::tui::themes::Scope::EachStep),
                s.revision,
                s.notes.len(),
                convene::cluster::Progress::Choosing { tried: 7, of: 19 },
            ));
            a.clear_message();
            a
        }),
        ("themes_suggestion_preview", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6", "G"]);
            finish_job(&mut a);
            keys(&mut a, &["↓"]);
            a.clear_message();
            a
        }),
        ("themes_accept_all_warning", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6", "G"]);
            finish_job(&mut a);
            keys(&mut a, &["a"]);
            a.clear_message();
            a
        }),
        ("themes_similar_notes", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F6", "s"]);
            finish_job(&mut a);
            a.clear_message();
            a
        }),
        ("voting_grid", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F7", "↓", "→"]);
            a.clear_message();
            a
        }),
        ("voting_ranking", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F7", "g"]);
            a.clear_message();
            a
        }),
        ("voting_by_group", || {
            let mut a = demo_at("invested-commitment");
            keys(&mut a, &["F7", "g", "g"]);
            a.clear_message();
            a
        }),
    ]
}

/// Runs the app's background work (suggestions, similar notes) and exports at once, inline,
/// and gives the answers back to the app.
pub fn finish_job(app: &mut App<MemoryStore>) {
    convene::tui::run_effects_now(app);
    assert!(app.themes().job.is_none(), "background work left waiting");
}

// Outcomes
/// The outcome screens (recommendations, drafts, the editor, "You said / We did", export), by
/// name: the demo session at its recommendations step, keys pressed to show each.
pub fn outcome_screens() -> Vec<(&'static str, MakeApp)> {
    vec![
        ("recommendations", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["R", "↓"]);
            a.clear_message();
            a
        }),
        ("recommendation_editor", || {
            let mut a = demo_at("recommendations");
            keys(
                &mut a,
                &[
                    "R",
                    "a",
                    "Publish shift times so buses can follow them",
                    "Tab",
                    "→",
                    "Tab",
                    "Council transport team",
                    "Tab",
                    "→",
                    "→",
                    "Tab",
                    " ",
                    "↓",
                ],
            );
            a
        }),
        ("recommendation_drafts", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["R", "d", "↓", "d", "D"]);
            a
        }),
        ("you_said_we_did", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["Y"]);
            a
        }),
        ("you_said_we_did_filtered", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["Y", "f", "f", "o", "council", "Enter"]);
            a
        }),
        ("response_form", || {
            let mut a = demo_at("recommendations");
            keys(
                &mut a,
                &["Y", "f", "f", "f", "f", "Enter", "Asked the bus operator"],
            );
            a
        }),
        ("export", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["X"]);
            a.clear_message();
            a
        }),
        ("export_csv_all", || {
            let mut a = demo_at("recommendations");
            keys(&mut a, &["X", "→", "→", "→", "→", "→", "a"]);
            a.clear_message();
            a
        }),
    ]
}
