//! The review browser driven by keys, without a terminal: sessions and bad files, selection,
//! every filter and the search, highlights on screen, provenance, the comparison, journal-only
//! notes, cross-workshop themes, the mouse, and not one byte or mtime changed by browsing.

use crate::review_tui_common as common;

use common::*;
use convene::model::{NoteKind, ResponseStatus, Stakeholder};
use convene::review::{ResponseFilter, stakeholder_bit};
use convene::tui::review::ReviewApp;
use convene::tui::review::app::{Themes, View};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Modifier;

fn rows_text(app: &ReviewApp) -> Vec<String> {
    let library = app.library.as_ref().unwrap();
    app.rows
        .iter()
        .map(|&r| library.note(r).text.clone())
        .collect()
}

#[test]
fn sessions_are_listed_and_the_bad_file_is_in_a_side_panel() {
    let f = fixture();
    let mut app = app(&f.path());
    assert_eq!(app.view, View::Sessions);
    assert_eq!(app.session_count(), 5);
    for (w, h) in [(120, 40), (80, 24)] {
        let text = screen(&draw(&mut app, w, h));
        assert!(text.contains("Inclusive employment"), "{text}");
        assert!(text.contains("Riverside partnershi"), "{text}");
        assert!(text.contains("Workshop 1: inclusive"), "{text}");
        assert!(text.contains("1 file could not be read"), "{text}");
        assert!(
            text.contains("broken.ron:4:"),
            "path:line:col shown\n{text}"
        );
        assert!(text.contains("5 of 5 selected"), "{text}");
    }
}

#[test]
fn selecting_sessions_changes_the_notes_count() {
    let f = fixture();
    let mut app = app(&f.path());
    let library = app.library.clone().unwrap();
    let visible = |s: usize| {
        library.sessions()[s]
            .session
            .notes
            .iter()
            .filter(|n| !n.sensitive)
            .count()
    };
    let all: usize = (0..5).map(visible).sum();
    assert_eq!(app.rows.len(), all);
    // The first session (demo.ron) left out.
    keys(&mut app, &["Space"]);
    assert_eq!(app.rows.len(), all - visible(0));
    keys(&mut app, &["↓", "Space"]);
    assert_eq!(app.rows.len(), all - visible(0) - visible(1));
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("3 of 5 selected"), "{text}");
    // None, then all again.
    keys(&mut app, &["a"]);
    assert_eq!(app.rows.len(), all);
    keys(&mut app, &["a"]);
    assert!(app.rows.is_empty());
    keys(&mut app, &["a", "Enter"]);
    assert_eq!(app.view, View::Notes);
    let text = screen(&draw(&mut app, 120, 40));
    let count = format!("{} of {} notes", all, library.rows().len());
    assert!(text.contains(&count), "{count}\n{text}");
}

#[test]
fn each_filter_and_the_search_narrow_the_list_correctly() {
    let f = fixture();
    let mut app = app(&f.path());
    let library = app.library.clone().unwrap();
    let total = app.rows.len();
    keys(&mut app, &["2"]);

    keys(&mut app, &["p"]);
    assert_eq!(app.filter.principle.as_deref(), Some("person-centred"));
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    assert!(app.rows.iter().all(|&r| library.rows()[r].principle == 1));
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("principle 1 Person-centred"), "{text}");
    keys(&mut app, &["x"]);
    assert_eq!(app.rows.len(), total);

    keys(&mut app, &["s", "s"]);
    assert_eq!(app.filter.stakeholder, Some(Stakeholder::Employer));
    let bit = stakeholder_bit(Stakeholder::Employer);
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    assert!(
        app.rows
            .iter()
            .all(|&r| library.rows()[r].stakeholders & bit != 0)
    );
    let expected = library
        .rows()
        .iter()
        .filter(|r| !r.sensitive && r.stakeholders & bit != 0)
        .count();
    assert_eq!(app.rows.len(), expected);
    keys(&mut app, &["x"]);

    keys(&mut app, &["c", "c", "c", "c"]);
    assert_eq!(app.filter.kind, Some(NoteKind::Barrier));
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    assert!(
        app.rows
            .iter()
            .all(|&r| library.rows()[r].kind == NoteKind::Barrier)
    );
    keys(&mut app, &["x"]);

    keys(&mut app, &["r", "r", "r", "r", "r"]);
    assert_eq!(
        app.filter.response,
        Some(ResponseFilter::Status(ResponseStatus::Done))
    );
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    assert!(
        app.rows
            .iter()
            .all(|&r| library.rows()[r].has_response(ResponseStatus::Done))
    );
    keys(&mut app, &["x"]);

    keys(&mut app, &["#"]);
    type_text(&mut app, "TRANSPORT");
    keys(&mut app, &["Enter"]);
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    for &r in &app.rows {
        assert!(library.tags_of(r).any(|t| t == "transport"));
    }
    keys(&mut app, &["x", "T"]);
    type_text(&mut app, "travel to work after 6pm");
    keys(&mut app, &["Enter"]);
    assert!(!app.rows.is_empty() && app.rows.len() < total);
    for &r in &app.rows {
        assert_eq!(
            library.theme_key(library.rows()[r].theme),
            Some("travel to work after 6pm")
        );
    }
    keys(&mut app, &["x"]);

    // The search follows each keystroke; Esc while typing puts the old search back.
    keys(&mut app, &["/"]);
    type_text(&mut app, "night");
    let night = app.rows.len();
    assert!(night > 0 && night < total);
    type_text(&mut app, " BUS");
    assert!(app.rows.len() <= night && !app.rows.is_empty());
    for text in rows_text(&app) {
        let lower = text.to_lowercase();
        assert!(lower.contains("night") && lower.contains("bus"), "{text}");
    }
    keys(&mut app, &["Esc"]);
    assert_eq!(app.filter.search, "");
    assert_eq!(app.rows.len(), total);
    // Filters combine.
    keys(&mut app, &["/"]);
    type_text(&mut app, "bus");
    keys(&mut app, &["Enter", "c", "c", "c", "c"]);
    assert!(
        rows_text(&app)
            .iter()
            .all(|t| t.to_lowercase().contains("bus"))
    );
    assert!(
        app.rows
            .iter()
            .all(|&r| library.rows()[r].kind == NoteKind::Barrier)
    );
    // Esc outside typing clears the search only.
    keys(&mut app, &["Esc"]);
    assert_eq!(app.filter.search, "");
    assert_eq!(app.filter.kind, Some(NoteKind::Barrier));
    // Sensitive notes appear only when asked for.
    keys(&mut app, &["x", "v"]);
    assert_eq!(app.rows.len(), library.rows().len());
}

#[test]
fn search_matches_are_highlighted_by_style_on_screen() {
    let f = fixture();
    let mut app = app(&f.path());
    keys(&mut app, &["2", "/"]);
    type_text(&mut app, "bus");
    keys(&mut app, &["Enter"]);
    let terminal = draw(&mut app, 120, 40);
    let buf = terminal.backend().buffer();
    // Collect the runs of underlined cells in the list: each must read "bus", ignoring case.
    let mut runs = Vec::new();
    for y in 2..buf.area.height - 2 {
        let mut run = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let marked = cell.modifier.contains(Modifier::UNDERLINED)
                && cell.modifier.contains(Modifier::REVERSED);
            if marked {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    assert!(runs.len() >= 5, "{runs:?}");
    assert!(runs.iter().all(|r| r.to_lowercase() == "bus"), "{runs:?}");
    // The other text of a row is not marked.
    let text = screen(&terminal);
    assert!(
        text.contains("Last bus from the industrial estate"),
        "{text}"
    );
}

#[test]
fn provenance_shows_the_right_session_table_and_step() {
    let f = fixture();
    let mut app = app(&f.path());
    keys(&mut app, &["2", "/"]);
    type_text(&mut app, "école");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.rows.len(), 1);
    keys(&mut app, &["Enter"]);
    assert_eq!(app.view, View::Provenance);
    let text = screen(&draw(&mut app, 120, 40));
    for expected in [
        "ÉCOLE de la deuxième chance",
        "Riverside partnership",
        "riverside.ron",
        "Canal Side — employer, lived experience",
        "2. Person-centred, place-based (principle 1)",
        "+ idea",
        "2026-10-08 09:02 UTC",
        "Travel to work after 6pm",
        "Transport, carers",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // The first riverside note has a response; ↑ goes to the previous note of the list.
    keys(&mut app, &["Esc"]);
    assert_eq!(app.view, View::Notes);
    keys(&mut app, &["Esc", "/"]);
    type_text(&mut app, "last bus leaves at 6pm");
    keys(&mut app, &["Enter", "Enter"]);
    let text = screen(&draw(&mut app, 120, 40));
    assert!(
        text.contains("suggestion passed on (in progress, Transport officer)")
            || text.contains("in progress, Transport officer"),
        "{text}"
    );
}

#[test]
fn compare_shows_counts_by_stakeholder_group() {
    let f = fixture();
    let mut app = app(&f.path());
    keys(&mut app, &["4"]);
    assert_eq!(app.view, View::Compare);
    let comparison = app.compare.clone().expect("computed when shown");
    let library = app.library.clone().unwrap();
    let first = &comparison[0];
    // Counted by hand from the rows.
    let employer = stakeholder_bit(Stakeholder::Employer);
    let by_hand = app
        .rows
        .iter()
        .map(|&r| library.rows()[r])
        .filter(|r| library.step_id(r.step) == first.step_id && r.stakeholders & employer != 0)
        .count();
    assert_eq!(first.by_stakeholder()[1], by_hand);
    assert!(by_hand > 0);
    let text = screen(&draw(&mut app, 200, 60));
    assert!(text.contains("1. Person-centred, place-based"), "{text}");
    assert!(text.contains(&format!("employer {by_hand}")), "{text}");
    assert!(
        text.contains("employer") && text.contains("lived"),
        "{text}"
    );
    assert!(text.contains("top themes"), "{text}");
    // A filter changes the comparison.
    keys(&mut app, &["2", "c", "4"]);
    let filtered = app.compare.clone().unwrap();
    assert!(filtered[0].notes() < first.notes());
}

#[test]
fn journal_only_notes_are_marked_in_the_list_and_the_provenance() {
    let f = fixture();
    let mut app = app(&f.path());
    let library = app.library.clone().unwrap();
    assert_eq!(library.journal_only_count(), 1);
    let text = screen(&draw(&mut app, 120, 40));
    let line = text.lines().find(|l| l.contains("Workshop 7")).unwrap();
    assert!(line.contains("◌ 1"), "{line}");
    assert!(
        text.contains("1 note only in a journal (◌ not in snapshot)"),
        "{text}"
    );
    keys(&mut app, &["2", "/"]);
    type_text(&mut app, "session was still open");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.rows.len(), 1);
    let text = screen(&draw(&mut app, 120, 40));
    let line = text.lines().find(|l| l.contains("Written while")).unwrap();
    assert!(line.contains("◌ not in snapshot"), "{line}");
    keys(&mut app, &["Enter"]);
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("only in the journal"), "{text}");
    // Other notes carry no such mark (the cursor stays on the journal's note).
    keys(&mut app, &["Esc", "Esc"]);
    assert!(app.rows.len() > 100);
    let text = screen(&draw(&mut app, 120, 40));
    let list: Vec<&str> = text.lines().skip(2).take(36).collect();
    let marked: Vec<&&str> = list
        .iter()
        .filter(|l| l.contains("◌ not in snapshot"))
        .collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(marked[0].contains("Written while"), "{text}");
}

#[test]
fn themes_across_workshops_come_from_clustering_on_a_worker() {
    let f = fixture();
    let mut app = app(&f.path());
    keys(&mut app, &["5"]);
    assert!(matches!(app.themes, Themes::Running { .. }));
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("Finding themes among"), "{text}");
    run_effects(&mut app);
    let Themes::Found { themes, notes, .. } = &app.themes else {
        panic!("{:?}", app.themes)
    };
    assert_eq!(*notes, app.rows.len());
    assert!(themes.len() >= 2);
    assert!(themes.iter().any(|t| t.sessions > 1));
    let first = themes[0].label.clone();
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("themes among"), "{text}");
    assert!(text.contains(&first[..first.len().min(12)]), "{text}");
    assert!(text.contains("sample notes"), "{text}");
    // Changing the filter marks the themes stale; r finds them again.
    keys(&mut app, &["2", "c", "5"]);
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("filters changed"), "{text}");
    keys(&mut app, &["r"]);
    run_effects(&mut app);
    let text = screen(&draw(&mut app, 120, 40));
    assert!(!text.contains("filters changed"), "{text}");
    // A result from an older run is ignored.
    app.themes_found(0, Vec::new());
    assert!(matches!(app.themes, Themes::Found { ref themes, .. } if !themes.is_empty()));
}

fn mouse(app: &mut ReviewApp, kind: MouseEventKind, column: u16, row: u16) {
    app.handle_mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    });
}

#[test]
fn mouse_clicks_tabs_and_rows_and_the_wheel_scrolls() {
    let f = fixture();
    let mut app = app(&f.path());
    draw(&mut app, 120, 40);
    let (tab, _) = app.drawn.tabs[1];
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        tab.x + 1,
        0,
    );
    assert_eq!(app.view, View::Notes);
    draw(&mut app, 120, 40);
    let (list, first) = app.drawn.list.unwrap();
    mouse(
        &mut app,
        MouseEventKind::Down(MouseButton::Left),
        10,
        list.y + 3,
    );
    assert_eq!(app.notes.at, first + 3);
    mouse(&mut app, MouseEventKind::ScrollDown, 10, list.y);
    assert_eq!(app.notes.at, first + 6);
    mouse(&mut app, MouseEventKind::ScrollUp, 10, list.y);
    assert_eq!(app.notes.at, first + 3);
    // A second click on the same row opens its provenance.
    draw(&mut app, 120, 40);
    let (list, first) = app.drawn.list.unwrap();
    let y = list.y + (app.notes.at - first) as u16;
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 10, y);
    assert_eq!(app.view, View::Provenance);
    // Keys for pages, ends, views and help.
    keys(&mut app, &["Esc", "End"]);
    assert_eq!(app.notes.at, app.rows.len() - 1);
    keys(&mut app, &["Home", "PgDn"]);
    assert!(app.notes.at > 0);
    keys(&mut app, &["Tab"]);
    assert_eq!(app.view, View::Provenance);
    keys(&mut app, &["BackTab", "BackTab"]);
    assert_eq!(app.view, View::Sessions);
    keys(&mut app, &["?"]);
    let text = screen(&draw(&mut app, 120, 40));
    assert!(text.contains("Review — every key"), "{text}");
    assert!(text.contains("filter by kind"), "{text}");
    keys(&mut app, &["Esc", "q"]);
    assert!(app.should_quit());
}

#[test]
fn a_whole_session_of_browsing_changes_no_byte_and_no_mtime() {
    let f = fixture();
    let before = fingerprint(&f.path());
    assert!(before.keys().any(|p| p.ends_with("live.ron.journal")));
    assert!(before.keys().any(|p| p.ends_with("live.ron.lock")));
    let mut app = app(&f.path());
    let script: &[&[&str]] = &[
        &["↓", "Space", "a", "a", "Enter"],
        &["/", "b", "u", "s", "Enter", "p", "s", "c", "r", "x"],
        &[
            "#", "c", "a", "r", "e", "Enter", "T", "n", "o", "n", "e", "Enter", "v",
        ],
        &[
            "Enter", "↓", "↑", "Esc", "4", "PgDn", "PgUp", "5", "r", "t", "t", "?", "Esc", "1",
        ],
    ];
    for step in script {
        keys(&mut app, step);
        run_effects(&mut app);
        for (w, h) in [(80, 24), (200, 60)] {
            draw(&mut app, w, h);
        }
    }
    keys(&mut app, &["q"]);
    assert!(app.should_quit());
    drop(app);
    assert_eq!(fingerprint(&f.path()), before, "browsing wrote nothing");
    // The facilitator can still write.
    use convene::store::SessionStore;
    let mut live = f.live;
    let note = live.session().next_note(
        live.session().tables[0].id,
        "person-centred",
        NoteKind::Comment,
        "after the review",
        jiff::Timestamp::now(),
    );
    live.commit(convene::model::Change::AddNote(note)).unwrap();
}

#[test]
fn convene_review_piped_prints_the_summary_with_the_same_exit_codes() {
    use assert_cmd::Command;
    let f = fixture();
    let root = tempfile::tempdir().unwrap();
    // Standard output is a pipe here, not a terminal: no screen, the summary as before.
    let out = Command::cargo_bin("convene")
        .unwrap()
        .env("CONVENE_DATA", root.path().join("data"))
        .env("CONVENE_CONFIG", root.path().join("config"))
        .arg("review")
        .arg(f.path())
        .assert()
        .code(3)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("5 sessions"), "{stdout}");
    assert!(stdout.contains("Principles compared"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no terminal escapes: {stdout}");
    assert!(stderr.contains("broken.ron:4:"), "{stderr}");
    assert!(
        stderr.contains("1 of 6 files could not be read"),
        "{stderr}"
    );
    // Only good files: exit code 0.
    std::fs::remove_file(f.path().join("broken.ron")).unwrap();
    Command::cargo_bin("convene")
        .unwrap()
        .env("CONVENE_DATA", root.path().join("data"))
        .env("CONVENE_CONFIG", root.path().join("config"))
        .arg("review")
        .arg(f.path())
        .assert()
        .success()
        .stderr("");
}

/// The cells shown reversed and underlined (search matches), as runs of text.
fn marked_runs(terminal: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<String> {
    let buf = terminal.backend().buffer();
    let mut runs = Vec::new();
    for y in 0..buf.area.height {
        let mut run = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if cell.modifier.contains(Modifier::UNDERLINED)
                && cell.modifier.contains(Modifier::REVERSED)
            {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn search_ignores_accents_and_folds_case_and_highlights_the_original_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("answered.ron"), &answered_twice());
    write(&dir.path().join("riverside.ron"), &riverside());
    let mut app = app(dir.path());
    for (query, note, run) in [
        ("ecole", DECOMPOSED, "e\u{301}cole"),
        ("ÉCOLE", DECOMPOSED, "e\u{301}cole"),
        ("école", DECOMPOSED, "e\u{301}cole"),
        ("STRASSE", "Die Straße zum Jobcenter ist zu weit", "Straße"),
    ] {
        keys(&mut app, &["2", "x", "/"]);
        type_text(&mut app, query);
        keys(&mut app, &["Enter"]);
        // "ÉCOLE de la deuxième chance" in the riverside session is found too.
        let texts = rows_text(&app);
        assert!(texts.iter().any(|t| t == note), "{query}: {texts:?}");
        let terminal = draw(&mut app, 120, 40);
        let runs = marked_runs(&terminal);
        assert!(runs.iter().any(|r| r == run), "{query}: {runs:?}");
        // Every highlight is a whole match, accents included.
        for r in &runs {
            assert_eq!(
                convene::review::fold(r),
                convene::review::fold(query),
                "{query}: {runs:?}"
            );
        }
        // The provenance highlights the same characters.
        let at = texts.iter().position(|t| t == note).unwrap();
        app.notes.at = at;
        keys(&mut app, &["Enter"]);
        assert_eq!(app.view, View::Provenance);
        let runs = marked_runs(&draw(&mut app, 120, 40));
        assert_eq!(runs, [run], "{query}");
        keys(&mut app, &["Esc", "Esc"]);
    }
}

#[test]
fn a_partial_session_is_marked_in_the_list_and_the_provenance() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("demo.ron"), &demo());
    let journal = damaged_journal(&dir.path().join("damaged.ron"));
    let before = fingerprint(dir.path());
    let mut app = app(dir.path());
    let library = app.library.clone().unwrap();
    assert_eq!(library.sessions().len(), 2);
    assert!(library.skipped().is_empty());
    let text = screen(&draw(&mut app, 120, 40));
    let line = text.lines().find(|l| l.contains("Riverside")).unwrap();
    assert!(line.contains("⚠ partial"), "{line}");
    let line = text
        .lines()
        .find(|l| l.contains("Inclusive employment"))
        .unwrap();
    assert!(!line.contains("partial"), "{line}");
    assert!(text.contains("1 session read only in part"), "{text}");
    // The line under the list tells the session under the cursor.
    let at = library
        .sessions()
        .iter()
        .position(|s| s.is_partial())
        .unwrap();
    app.sessions.at = at;
    let text = screen(&draw(&mut app, 200, 40));
    assert!(
        text.contains("partial: the journal is damaged at damaged.ron.journal:2"),
        "{text}"
    );
    // The provenance of its notes.
    keys(&mut app, &["2", "/"]);
    type_text(&mut app, "before the damage");
    keys(&mut app, &["Enter", "Enter"]);
    let text = screen(&draw(&mut app, 160, 40));
    assert!(
        text.contains("⚠ partial: the journal is damaged at"),
        "{text}"
    );
    assert!(text.contains("damaged.ron.journal:2"), "{text}");
    assert!(journal.ends_with("damaged.ron.journal"));
    assert!(fingerprint(dir.path()) == before, "browsing wrote a file");
}

#[test]
fn principles_cycle_through_each_frameworks_own_and_a_bad_start_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("demo.ron"), &demo());
    write(&dir.path().join("widening.ron"), &widening());
    let mut app = app(dir.path());
    let library = app.library.clone().unwrap();
    keys(&mut app, &["2"]);
    // Six principles, then the other framework's three: never "the first of each" at once.
    let mut seen = Vec::new();
    for _ in 0..9 {
        keys(&mut app, &["p"]);
        let key = app.filter.principle.clone().unwrap();
        let steps: std::collections::BTreeSet<&str> = app
            .rows
            .iter()
            .map(|&r| library.step_id(library.rows()[r].step))
            .collect();
        assert!(
            steps.len() <= 1 && steps.iter().all(|s| *s == key),
            "{key}: {steps:?}"
        );
        seen.push(key);
    }
    assert_eq!(seen[0], "person-centred");
    assert_eq!(seen[6], "workforce-participation");
    assert_eq!(app.rows.len(), 1);
    let text = screen(&draw(&mut app, 120, 40));
    // Shown with its number in its own framework.
    assert!(text.contains("principle 3 Being a good employer"), "{text}");
    keys(&mut app, &["p"]);
    assert_eq!(app.filter.principle, None);

    // From the command line, "--principle 1" over both frameworks: dropped, and said.
    let mut app = convene::tui::review::ReviewApp::loading(
        None,
        convene::review::Filter {
            principle: Some("1".into()),
            ..Default::default()
        },
        convene::tui::palette::Preset::Light,
    );
    app.loaded(common::library(dir.path()));
    assert_eq!(app.filter.principle, None);
    let text = screen(&draw(&mut app, 200, 40));
    assert!(
        text.contains("filter dropped: principle 1 is a different principle"),
        "{text}"
    );
}

/// Opens the export chooser, picks the format `tabs` presses along, and types `path` as the name.
fn export_to(app: &mut ReviewApp, tabs: usize, path: &std::path::Path) {
    keys(app, &["X"]);
    for _ in 0..tabs {
        keys(app, &["Tab"]);
    }
    let typed = app.exporting.as_ref().unwrap().path.chars().count();
    for _ in 0..typed {
        keys(app, &["Backspace"]);
    }
    type_text(app, &path.display().to_string());
}

#[test]
fn x_exports_what_the_filters_show_and_asks_before_replacing() {
    let f = fixture();
    let out = tempfile::tempdir().unwrap();
    let mut app = app(&f.path());
    // Filter to one note, then export the dataset: one note, its session only.
    keys(&mut app, &["2", "/"]);
    type_text(&mut app, "session was still open");
    keys(&mut app, &["Enter"]);
    assert_eq!(app.rows.len(), 1);
    let ds = out.path().join("one-note");
    export_to(&mut app, 0, &ds);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(
        text.contains("▶ dataset"),
        "the chosen format is marked:\n{text}"
    );
    assert!(text.contains("Write to:"), "{text}");
    keys(&mut app, &["Enter"]);
    run_effects(&mut app);
    let message = app.message.clone().unwrap();
    assert!(message.contains("wrote 1 note from 1 session"), "{message}");
    let notes = std::fs::read_to_string(ds.join("notes.csv")).unwrap();
    assert_eq!(notes.lines().count(), 2, "{notes}");
    assert!(notes.contains(JOURNAL_NOTE));
    assert!(
        notes.contains(",false,\r\n"),
        "only in the journal: in_snapshot false (then an empty about_item_id)"
    );

    // The notes CSV (Tab ×4) to a file that exists: a second Enter replaces it, Esc keeps it.
    let csv = out.path().join("notes.csv");
    std::fs::write(&csv, "mine").unwrap();
    export_to(&mut app, 4, &csv);
    keys(&mut app, &["Enter"]);
    assert!(app.exporting.as_ref().unwrap().confirm);
    let text = screen(&draw(&mut app, 100, 30));
    assert!(text.contains("That name exists"), "{text}");
    keys(&mut app, &["Esc"]);
    run_effects(&mut app);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "mine");
    export_to(&mut app, 4, &csv);
    keys(&mut app, &["Enter", "Enter"]);
    run_effects(&mut app);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains(JOURNAL_NOTE)
    );

    // A session is never written over, even when asked twice.
    let session = f.path().join("demo.ron");
    let before = std::fs::read(&session).unwrap();
    export_to(&mut app, 4, &session);
    keys(&mut app, &["Enter"]);
    // Refused at once, in the chooser, with no offer to replace it.
    let refused = app.exporting.as_ref().unwrap().refused.clone().unwrap();
    assert!(refused.contains("never"), "{refused}");
    assert!(!app.exporting.as_ref().unwrap().confirm);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(text.contains("Not written:"), "{text}");
    keys(&mut app, &["Enter"]);
    run_effects(&mut app);
    assert_eq!(std::fs::read(&session).unwrap(), before);
}

#[test]
fn r_reads_the_sessions_again_keeping_filters_and_selection() {
    let mut f = fixture();
    let mut app = app(&f.path());
    let before = app.library.as_ref().unwrap().rows().len();
    // Leave one session out, and search.
    keys(&mut app, &["1", "Space", "2", "/"]);
    type_text(&mut app, "crèche");
    keys(&mut app, &["Enter"]);
    let shown = app.rows.len();
    let left_out = app.selected.iter().filter(|s| !**s).count();
    assert_eq!(left_out, 1);
    // The facilitator adds a note meanwhile.
    let table = f.live.session().tables[0].id;
    let at: jiff::Timestamp = "2026-11-02T14:30:00Z".parse().unwrap();
    let note = f.live.session().next_note(
        table,
        "person-centred",
        NoteKind::Idea,
        "Added later: a crèche on Saturdays too",
        at,
    );
    use convene::store::SessionStore;
    f.live
        .commit(convene::model::Change::AddNote(note))
        .unwrap();
    keys(&mut app, &["R"]);
    run_effects(&mut app);
    let library = app.library.clone().unwrap();
    assert_eq!(library.rows().len(), before + 1);
    assert_eq!(app.rows.len(), shown + 1, "the search still applies");
    assert_eq!(app.selected.iter().filter(|s| !**s).count(), 1);
    let message = app.message.clone().unwrap();
    assert!(message.contains("1 note more"), "{message}");
}
