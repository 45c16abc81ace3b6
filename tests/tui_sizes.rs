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
