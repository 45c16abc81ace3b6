//! Frame time of the facilitator's screen drawn into a `TestBackend` at 200×60, and the time to
//! handle the key that adds a note (memory store: no fsync). Targets: ≤ 2 ms a frame,
//! ≤ 0.5 ms a key.

use convene::framework::Framework;
use convene::model::{Change, NoteKind, Session};
use convene::store::MemoryStore;
use convene::store::config::Config;
use convene::tui::App;
use convene::tui::palette::Preset;
use convene::tui::start::MemoryOpener;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::time::Duration;

fn demo() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene::store::parse(&std::fs::read(path).unwrap()).unwrap()
}

/// 2,000 notes over six tables, all on the third step.
fn two_thousand() -> Session {
    let created = "2026-09-24T10:00:00Z".parse().unwrap();
    let mut s = Session::new(
        "Bench",
        jiff::civil::date(2026, 9, 24),
        Framework::default_framework(),
        created,
    );
    for _ in 0..6 {
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
    }
    let step = s.framework.steps[2].id.clone();
    for i in 0..2000 {
        let table = s.tables[i % 6].id;
        let note = s.next_note(
            table,
            &step,
            NoteKind::ALL[i % 5],
            format!("Note {i}: the last bus from the estate leaves before the late shift ends; café, 日本"),
            created,
        );
        s.apply(Change::AddNote(note)).unwrap();
    }
    s
}

fn app(session: Session, step: usize, keys: &[KeyCode]) -> App<MemoryStore> {
    let mut app = App::with_store(
        MemoryStore::new(session),
        Box::new(MemoryOpener::default()),
        Config::default(),
        Preset::Light,
    );
    app.update(convene::tui::Action::GoToStep(step));
    for k in keys {
        app.handle_key(KeyEvent::new(*k, KeyModifiers::NONE));
    }
    app
}

fn frames(c: &mut Criterion) {
    let cases = [
        ("board_demo_200x60", app(demo(), 2, &[KeyCode::Tab])),
        (
            "board_2000_notes_200x60",
            app(two_thousand(), 2, &[KeyCode::Tab]),
        ),
        (
            "board_2000_notes_by_step_200x60",
            app(two_thousand(), 2, &[KeyCode::Tab, KeyCode::Char('g')]),
        ),
        ("step_demo_200x60", app(demo(), 2, &[])),
        ("step_2000_notes_200x60", app(two_thousand(), 2, &[])),
    ];
    let mut group = c.benchmark_group("frame");
    group.measurement_time(Duration::from_secs(4));
    for (name, app) in &cases {
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(*name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| {
                        black_box(convene::tui::screens::draw(app, f));
                    })
                    .unwrap();
            })
        });
    }
    group.finish();
}

fn add_note_key(c: &mut Criterion) {
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let mut group = c.benchmark_group("key");
    for (name, session) in [
        ("add_note_demo", demo()),
        ("add_note_2000_notes", two_thousand()),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || {
                    let mut a = app(session.clone(), 2, &[KeyCode::Char('a')]);
                    a.update(convene::tui::Action::Paste(
                        "The bus from the estate is too late for the 6am shift".into(),
                    ));
                    a
                },
                |a| a.handle_key(black_box(enter)),
                BatchSize::NumIterations(64),
            )
        });
    }
    group.finish();
}

criterion_group!(benches, frames, add_note_key);
criterion_main!(benches);
