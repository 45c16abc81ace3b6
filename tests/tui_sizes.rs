//! Every screen drawn at random sizes from 1×1 to 300×100 never panics, and never draws
//! outside the frame.

use crate::common;

use common::*;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_screen_at_any_size(screen in 0usize..64, w in 1u16..=300, h in 1u16..=100) {
        let all = screens();
        let (name, make) = all[screen % all.len()];
        let app = make();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            terminal.draw(|f| { convene::tui::screens::draw(&app, f); }).unwrap();
        }));
        prop_assert!(result.is_ok(), "{name} panicked at {w}×{h}");
    }

    #[test]
    fn the_board_with_many_notes_and_tables_at_any_size(tables in 1usize..40, notes in 0usize..300, w in 1u16..=300, h in 1u16..=100, moves in 0usize..40) {
        let mut app = app(big_session(tables, notes));
        keys(&mut app, &["n", "n", "Tab"]);
        for i in 0..moves {
            keys(&mut app, &[["→", "↓", "↓", "←", "]"][i % 5]]);
        }
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| { convene::tui::screens::draw(&app, f); }).unwrap();
    }
    // Outcomes
    #[test]
    fn any_outcome_screen_at_any_size(screen in 0usize..64, w in 1u16..=300, h in 1u16..=100) {
        let all = outcome_screens();
        let (name, make) = all[screen % all.len()];
        let app = make();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            terminal.draw(|f| { convene::tui::screens::draw(&app, f); }).unwrap();
        }));
        prop_assert!(result.is_ok(), "{name} panicked at {w}×{h}");
    }
}

#[test]
fn extreme_sizes_for_every_screen() {
    for (name, make) in screens().into_iter().chain(outcome_screens()) {
        let app = make();
        for (w, h) in [
            (1, 1),
            (1, 100),
            (300, 1),
            (40, 12),
            (41, 13),
            (300, 100),
            (2, 2),
        ] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| {
                    convene::tui::screens::draw(&app, f);
                })
                .unwrap_or_else(|e| panic!("{name} at {w}×{h}: {e}"));
        }
    }
}

/// The screen's text, row by row.
fn rows(app: &convene::tui::App<convene::store::MemoryStore>, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(app, f);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// Words separated by single spaces, as text wrapped over rows reads once the rows are joined.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The n of "↑ n more" / "↓ n more" on the screen, 0 when it is not there.
fn more(text: &str, arrow: &str) -> usize {
    text.split(&format!("{arrow} "))
        .nth(1)
        .and_then(|rest| rest.split(" more").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_step_view_at_80x24_and_64x20_shows_the_whole_prompt_and_whole_notes() {
    let ids: Vec<String> = demo_session()
        .framework
        .steps
        .iter()
        .map(|s| s.id.clone())
        .collect();
    for id in &ids {
        let app = demo_at(id);
        let session = app.session().unwrap();
        let step = session.framework.step(id).unwrap();
        let notes: Vec<&convene::model::Note> = app
            .board()
            .index
            .step_notes
            .iter()
            .map(|&i| &session.notes[i])
            .filter(|n| !n.sensitive)
            .collect();
        for (w, h) in [(80, 24), (64, 20)] {
            let rows = rows(&app, w, h);
            let text = words(&rows.join(" "));
            let screen = rows.join("\n");
            assert!(
                text.contains(&words(&step.prompt)),
                "{id} at {w}×{h}: the prompt is not whole:\n{screen}"
            );
            let mut whole = 0;
            for n in &notes {
                let note = words(&n.text);
                let start: String = note.chars().take(24).collect();
                if text.contains(&note) {
                    whole += 1;
                } else {
                    assert!(
                        !text.contains(&start),
                        "{id} at {w}×{h}: note {} is cut:\n{screen}",
                        n.id
                    );
                }
            }
            if !notes.is_empty() {
                assert!(whole >= 2, "{id} at {w}×{h}: {whole} notes show:\n{screen}");
                let hidden = more(&screen, "↑") + more(&screen, "↓");
                let sensitive = app.board().index.step_notes.len() - notes.len();
                assert!(
                    whole + hidden >= notes.len() && whole + hidden <= notes.len() + sensitive,
                    "{id} at {w}×{h}: {whole} shown, {hidden} counted as hidden, of {}:\n{screen}",
                    notes.len()
                );
            }
            // The tables bar: every letter, and names only as whole words.
            let bar = &rows[h as usize - 3];
            for t in &session.tables {
                assert!(bar.contains(&format!(" {} ", t.letter)), "{bar}");
            }
            assert!(!bar.contains('…'), "{id} at {w}×{h}: a name is cut: {bar}");
        }
    }
}

#[test]
fn a_short_prompt_is_drawn_in_big_letters_where_it_fits_whole_else_in_bold() {
    let mut session = empty_session(2);
    session.framework.steps[1].prompt = "What would you change first?".into();
    let step = session.framework.steps[1].id.clone();
    for text in [
        "Evening buses",
        "Childcare before 8am",
        "Pay the real Living Wage",
    ] {
        let note = session.next_note(
            convene::model::TableId(1),
            &step,
            convene::model::NoteKind::Idea,
            text,
            wall(),
        );
        session
            .apply(convene::model::Change::AddNote(note))
            .unwrap();
    }
    let mut app = app(session);
    app.update(convene::tui::Action::GoToStep(1));
    let big = |rows: &[String]| {
        rows.iter()
            .filter(|r| r.contains('▀') || r.contains('▄') || r.contains('█'))
            .count()
    };
    let rows_120 = rows(&app, 120, 40);
    let text = rows_120.join("\n");
    assert!(
        !text.contains("What would you change first?"),
        "in big letters, not as a line of text:\n{text}"
    );
    let plain = rows(&app, 64, 20);
    assert!(
        big(&rows_120) >= big(&plain) + 4,
        "the prompt's big letters add rows:\n{text}"
    );
    // Too little room for it whole in big letters beside the notes: plain bold text, whole.
    let text = plain.join("\n");
    assert!(text.contains("What would you change first?"), "{text}");
    for rows in [rows_120, plain] {
        let text = rows.join("\n");
        assert!(text.contains("Pay the real Living Wage"), "{text}");
    }
}
