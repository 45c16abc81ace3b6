//! The review browser's every view as snapshots at 80×24, 120×40 and 200×60, and a property
//! test that no view panics or draws outside the frame at any size from 1×1 to 300×100.

use crate::review_tui_common as common;

use common::*;
use convene::review::{CrossTheme, Library};
use convene::tui::palette::Preset;
use convene::tui::review::ReviewApp;
use convene::tui::review::app::Effect;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::OnceLock;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// Each view, reached by keys as a user would.
const VIEWS: &[(&str, &[&str])] = &[
    ("sessions", &["↓", "Space"]),
    (
        "notes",
        &["2", "/", "b", "u", "s", "Enter", "c", "c", "c", "c"],
    ),
    (
        "provenance",
        &["2", "/", "é", "c", "o", "l", "e", "Enter", "Enter"],
    ),
    ("compare", &["4"]),
    ("themes", &["5"]),
    ("help", &["2", "?"]),
    ("typing", &["2", "#", "t", "r", "a"]),
];

#[test]
fn every_view_at_three_sizes() {
    let f = fixture();
    for (name, seq) in VIEWS {
        let mut app = app(&f.path());
        keys(&mut app, seq);
        run_effects(&mut app);
        for (w, h) in SIZES {
            let terminal = draw(&mut app, w, h);
            insta::assert_snapshot!(format!("review_{name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn loading_shows_a_gauge_and_too_small_asks_to_enlarge() {
    use convene::tui::review::app::Loading;
    let mut app = ReviewApp::loading(None, Default::default(), Preset::Light);
    app.progress(Loading {
        done: 250,
        total: 1000,
        current: "2026/october/riverside.ron".into(),
    });
    let text = screen(&draw(&mut app, 80, 24));
    assert!(text.contains("250 of 1,000 session files"), "{text}");
    assert!(text.contains("riverside.ron"), "{text}");
    insta::assert_snapshot!("review_loading_80x24", draw(&mut app, 80, 24).backend());
    let f = fixture();
    let mut app = common::app(&f.path());
    let text = screen(&draw(&mut app, 39, 12));
    assert!(text.contains("Enlarge the window"), "{text}");
}

/// The fixture's library and themes, built once for every case.
fn shared() -> &'static (Library, PathBuf, Vec<CrossTheme>) {
    static SHARED: OnceLock<(Library, PathBuf, Vec<CrossTheme>)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let f = Box::leak(Box::new(fixture()));
        let library = library(&f.path());
        let rows = library.filter(&Default::default());
        let themes = convene::tui::review::app::find_themes(&library, &rows, &mut |_| {});
        (library, f.path(), themes)
    })
}

const KEYS: &[&str] = &[
    "↓", "↑", "PgDn", "PgUp", "End", "Home", "Space", "a", "Enter", "Esc", "Tab", "BackTab", "1",
    "2", "3", "4", "5", "p", "s", "c", "r", "v", "x", "t", "?", "/", "b", "u", "#", "T",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_view_at_any_size(
        presses in proptest::collection::vec(0usize..KEYS.len(), 0..25),
        w in 1u16..=300,
        h in 1u16..=100,
    ) {
        let (library, root, themes) = shared();
        let mut app = ReviewApp::new(library.clone(), Some(root.clone()), Preset::Light);
        for i in presses {
            keys(&mut app, &[KEYS[i]]);
            for effect in app.take_effects() {
                if let Effect::FindThemes { generation, .. } = effect {
                    app.themes_found(generation, themes.clone());
                }
            }
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            draw(&mut app, w, h);
            draw(&mut app, w, h);
        }));
        prop_assert!(result.is_ok(), "panicked at {}×{} in {:?}", w, h, app.view);
    }
}

#[test]
fn extreme_sizes_for_every_view() {
    let (library, root, themes) = shared();
    for (name, seq) in VIEWS {
        let mut app = ReviewApp::new(library.clone(), Some(root.clone()), Preset::Monochrome);
        keys(&mut app, seq);
        for effect in app.take_effects() {
            if let Effect::FindThemes { generation, .. } = effect {
                app.themes_found(generation, themes.clone());
            }
        }
        for (w, h) in [
            (1, 1),
            (1, 100),
            (300, 1),
            (40, 12),
            (41, 13),
            (300, 100),
            (2, 2),
        ] {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                draw(&mut app, w, h);
            }));
            assert!(result.is_ok(), "{name} at {w}×{h}");
        }
    }
}

#[test]
fn control_and_bidirectional_characters_never_reach_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = convene::review::sample::session(3, 12);
    s.title = "T\u{1b}]52;c;aGk=\u{7} \u{202e}eltit".into();
    s.place = "\u{2067}Riverside".into();
    s.tables[0].name = "\u{1b}c".into();
    for n in &mut s.notes {
        n.text = format!("bus \u{202e}emit {} \u{1b}[2J\u{200f}", n.text);
    }
    write(&dir.path().join("hostile.ron"), &s);
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
    };
    for (name, seq) in VIEWS {
        let mut app = app(dir.path());
        keys(&mut app, seq);
        run_effects(&mut app);
        for (w, h) in SIZES {
            let terminal = draw(&mut app, w, h);
            for cell in terminal.backend().buffer().content() {
                assert!(
                    !cell.symbol().chars().any(hidden),
                    "{name} at {w}×{h} draws {:?}",
                    cell.symbol()
                );
            }
        }
    }
    // The list of notes shows a researcher that the override is there.
    let mut app = app(dir.path());
    keys(&mut app, &["2"]);
    let text = screen(&draw(&mut app, 200, 60));
    assert!(text.contains("bus \\u{202e}emit"), "{text}");
    assert!(text.contains("\\u{1b}[2J\\u{200f}"), "{text}");
}
