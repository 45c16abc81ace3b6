//! The review browser's keystroke over 100,000 notes: typing one more letter of a search
//! (the filter runs again over every note) and the screen drawn again into a 200×60
//! `TestBackend`, with the matches highlighted. Target: ≤ 50 ms.

use convene::review::{Library, LoadedSession, sample};
use convene::tui::palette::Preset;
use convene::tui::review::ReviewApp;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;

const SESSIONS: usize = 1000;
const NOTES: usize = 100;

fn press(app: &mut ReviewApp, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn review_screen(c: &mut Criterion) {
    let library = Library::from_sessions(
        (0..SESSIONS)
            .map(|n| {
                LoadedSession::in_memory(
                    format!("batch/workshop-{n:04}.ron"),
                    sample::session(n, NOTES),
                )
            })
            .collect(),
    );
    assert_eq!(library.rows().len(), SESSIONS * NOTES);
    let mut app = ReviewApp::new(library, None, Preset::Light);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("a test terminal");
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('/'));
    for c in "night shif".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let mut group = c.benchmark_group("review_screen_100k_notes");
    group.sample_size(50);
    // One keystroke: "t" completes "night shift", then Backspace takes it away again, so
    // every iteration filters twice; each is measured with its redraw.
    group.bench_function("search_keystroke_and_redraw_200x60", |b| {
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            press(
                &mut app,
                if flip {
                    KeyCode::Char('t')
                } else {
                    KeyCode::Backspace
                },
            );
            let mut drawn = Default::default();
            terminal
                .draw(|f| drawn = convene::tui::review::screens::draw(&app, f))
                .expect("drawn");
            app.set_drawn(drawn);
            black_box(app.rows.len())
        })
    });
    group.bench_function("filter_key_principle_and_redraw_200x60", |b| {
        b.iter(|| {
            press(&mut app, KeyCode::Char('p'));
            let mut drawn = Default::default();
            terminal
                .draw(|f| drawn = convene::tui::review::screens::draw(&app, f))
                .expect("drawn");
            app.set_drawn(drawn);
            black_box(app.rows.len())
        })
    });
    group.finish();
}

criterion_group!(benches, review_screen);
criterion_main!(benches);
