//! The themes and voting views driven by key events, without a terminal: suggestions run on a
//! worker and change nothing until accepted; person edits are `Change`s marked `Person`; dots
//! are recorded per table; the screen keeps taking keys while a large set is clustered.

use crate::common;

use common::*;
use convene::model::{Change, NoteId, NoteKind, Origin, Session, TableId, ThemeId};
use convene::store::MemoryStore;
use convene::tui::Action;
use convene::tui::App;
use convene::tui::app::{Effect, Level, Overlay, View};
use convene::tui::themes::{JobKind, JobOutcome, Scope, ThemesOverlay, Workers, run_job};
use std::time::{Duration, Instant};

fn committed(app: &App<MemoryStore>) -> &[Change] {
    &app.store().unwrap().committed
}

fn last(app: &App<MemoryStore>) -> &Change {
    committed(app).last().expect("something was committed")
}

fn session(app: &App<MemoryStore>) -> &Session {
    app.session().unwrap()
}

/// Twelve notes on three subjects, on two tables, no themes.
fn small_session() -> Session {
    let mut s = empty_session(2);
    let step = s.framework.steps[1].id.clone();
    let texts = [
        "The last bus leaves the estate before the late shift ends",
        "No evening buses back from the industrial park",
        "Bus fares take most of the first week's wages",
        "Night buses would let people take evening shifts",
        "Childcare closes at six so evening work is impossible",
        "No nursery places near the estate before 8am",
        "The school run clashes with early shift starts",
        "Childcare costs more than part-time wages",
        "Interview panels should include someone with lived experience",
        "Pay lived-experience panel members for their time",
        "Lived experience should lead, not just be consulted",
        "People with lived experience should chair the partnership",
    ];
    for (i, text) in texts.iter().enumerate() {
        let n = s.next_note(
            TableId(1 + (i % 2) as u32),
            &step,
            NoteKind::Comment,
            *text,
            wall(),
        );
        s.apply(Change::AddNote(n)).unwrap();
    }
    s
}

fn overlay_kind(app: &App<MemoryStore>) -> &'static str {
    match app.overlay() {
        Some(Overlay::Themes(ThemesOverlay::Preview(_))) => "preview",
        Some(Overlay::Themes(ThemesOverlay::ConfirmAccept { .. })) => "confirm",
        Some(Overlay::Themes(ThemesOverlay::Prompt { .. })) => "prompt",
        Some(Overlay::Themes(ThemesOverlay::Similar { .. })) => "similar",
        Some(_) => "other",
        None => "none",
    }
}

/// Puts the themes view's cursor on column `c` (0: Unthemed).
fn column(app: &mut App<MemoryStore>, c: usize) {
    for _ in 0..200 {
        keys(app, &["←"]);
    }
    for _ in 0..c {
        keys(app, &["→"]);
    }
    assert_eq!(app.themes().cursor.0, c);
}

fn column_of(app: &App<MemoryStore>, label: &str) -> usize {
    let id = session(app)
        .themes
        .iter()
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("no theme {label}"))
        .id;
    app.themes().index.column_of(Some(id)).unwrap()
}

#[test]
fn accepting_all_suggestions_is_one_batch_marked_suggested_and_one_undo() {
    let mut app = app(small_session());
    keys(&mut app, &["F6"]);
    assert_eq!(app.view(), View::Themes);
    keys(&mut app, &["g"]);
    assert!(app.themes().suggesting());
    assert!(committed(&app).is_empty(), "suggesting changes nothing");
    finish_job(&mut app);
    assert_eq!(overlay_kind(&app), "preview");
    assert!(committed(&app).is_empty(), "the preview changes nothing");
    keys(&mut app, &["a"]);
    // No earlier suggestions and no themes people made: nothing to warn about.
    assert_eq!(overlay_kind(&app), "none");
    assert_eq!(committed(&app).len(), 1, "one batch");
    let Change::Batch(changes) = last(&app) else {
        panic!("expected one batch, got {:?}", last(&app));
    };
    assert!(changes.iter().any(|c| matches!(c, Change::AddTheme(_))));
    for c in changes {
        match c {
            Change::AddTheme(t) => assert_eq!(t.origin, Origin::Suggested),
            Change::PlaceNote { by, .. } => assert_eq!(*by, Some(Origin::Suggested)),
            other => panic!("unexpected {other:?}"),
        }
    }
    let s = session(&app);
    assert!(s.themes.len() >= 2);
    assert!(
        s.notes
            .iter()
            .all(|n| n.placed_by == Some(Origin::Suggested))
    );
    keys(&mut app, &["u"]);
    let s = session(&app);
    assert!(s.themes.is_empty(), "one undo takes it all back");
    assert!(s.notes.iter().all(|n| n.theme.is_none()));
}

#[test]
fn discarding_changes_nothing_and_accepting_one_adds_one_theme() {
    let mut app = app(small_session());
    keys(&mut app, &["F6", "g"]);
    finish_job(&mut app);
    keys(&mut app, &["Esc"]);
    assert_eq!(overlay_kind(&app), "none");
    assert!(committed(&app).is_empty());
    keys(&mut app, &["g"]);
    finish_job(&mut app);
    let Some(Overlay::Themes(ThemesOverlay::Preview(p))) = app.overlay() else {
        panic!("no preview");
    };
    let proposed = p.suggestions.themes.len();
    let label = p.suggestions.themes[0].label.clone();
    keys(&mut app, &["Enter"]);
    assert_eq!(session(&app).themes.len(), 1);
    assert_eq!(session(&app).themes[0].label, label);
    // The preview stays open with the rest.
    let Some(Overlay::Themes(ThemesOverlay::Preview(p))) = app.overlay() else {
        panic!("the preview closed");
    };
    assert_eq!(p.suggestions.themes.len(), proposed - 1);
}

#[test]
fn a_warning_comes_before_suggestions_replace_earlier_ones_and_person_made_themes_survive() {
    let mut app = app(small_session());
    keys(&mut app, &["F6", "g"]);
    finish_job(&mut app);
    keys(&mut app, &["a"]);
    let first_run: Vec<ThemeId> = session(&app).themes.iter().map(|t| t.id).collect();

    // A person makes a theme and puts the first note in it.
    keys(&mut app, &["c"]);
    assert_eq!(overlay_kind(&app), "prompt");
    type_text(&mut app, "Our own theme");
    keys(&mut app, &["Enter"]);
    let own = session(&app).themes.last().unwrap().clone();
    assert_eq!(own.origin, Origin::Person);
    let c = app
        .themes()
        .index
        .columns
        .iter()
        .position(|c| c.notes.contains(&0))
        .unwrap();
    column(&mut app, c);
    keys(&mut app, &["Home", "m"]);
    let target = column_of(&app, "Our own theme");
    let here = app.themes().cursor.0;
    for _ in here..target {
        keys(&mut app, &["→"]);
    }
    keys(&mut app, &["Enter"]);
    assert_eq!(session(&app).notes[0].theme, Some(own.id));
    assert_eq!(session(&app).notes[0].placed_by, Some(Origin::Person));
    // A second run: accepting all says what it replaces and what it keeps, before anything.
    let before = committed(&app).len();
    keys(&mut app, &["g"]);
    finish_job(&mut app);
    keys(&mut app, &["a"]);
    let Some(Overlay::Themes(ThemesOverlay::ConfirmAccept { lines, .. })) = app.overlay() else {
        panic!("no warning before replacing: {}", overlay_kind(&app));
    };
    let text = lines.join(" ");
    assert!(text.contains("REPLACES"), "{text}");
    assert!(text.contains("Not touched"), "{text}");
    assert!(text.contains("Our own theme"), "{text}");
    assert_eq!(committed(&app).len(), before, "nothing applied before yes");
    keys(&mut app, &["n"]);
    assert_eq!(
        overlay_kind(&app),
        "preview",
        "no goes back to the suggestions"
    );
    assert_eq!(committed(&app).len(), before);
    keys(&mut app, &["a", "y"]);
    assert_eq!(committed(&app).len(), before + 1, "one batch");

    let s = session(&app);
    let own_now = s.theme(own.id).expect("the person's theme survives");
    assert_eq!(own_now.label, "Our own theme");
    assert_eq!(own_now.origin, Origin::Person);
    assert_eq!(
        s.notes[0].theme,
        Some(own.id),
        "the person's placement survives"
    );
    assert_eq!(s.notes[0].placed_by, Some(Origin::Person));
    // Earlier suggestions nobody touched were replaced.
    for id in &first_run {
        if *id != own.id {
            let still = s.theme(*id).is_some();
            let held = s.notes.iter().any(|n| n.theme == Some(*id));
            assert!(!still || held, "{id} should have been replaced");
        }
    }
}

#[test]
fn person_edits_are_changes_marked_person() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F6"]);
    let s = session(&app);
    assert_eq!(s.theme(ThemeId(1)).unwrap().origin, Origin::Suggested);

    // Move: the first unthemed note to the theme on the right (Travel…, suggested).
    column(&mut app, 0);
    let note = app.themes().note_at_cursor(session(&app)).unwrap().id;
    keys(&mut app, &[">"]);
    let Change::Batch(changes) = last(&app) else {
        panic!("{:?}", last(&app))
    };
    assert!(changes.contains(&Change::PlaceNote {
        note,
        theme: Some(ThemeId(1)),
        by: Some(Origin::Person)
    }));
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, Change::UpdateTheme(t) if t.id == ThemeId(1) && t.origin == Origin::Person)),
        "a suggested theme a person shapes becomes theirs"
    );
    assert_eq!(app.themes().cursor.0, 1, "the cursor follows the note");

    // Create.
    keys(&mut app, &["c"]);
    type_text(&mut app, "Night buses");
    keys(&mut app, &["Enter"]);
    let Change::AddTheme(created) = last(&app).clone() else {
        panic!("{:?}", last(&app))
    };
    assert_eq!(created.label, "Night buses");
    assert_eq!(created.origin, Origin::Person);

    // Rename a suggested theme.
    let c = column_of(&app, "Childcare and the school run");
    column(&mut app, c);
    keys(&mut app, &["r"]);
    type_text(&mut app, " and care");
    keys(&mut app, &["Enter"]);
    let Change::UpdateTheme(t) = last(&app) else {
        panic!("{:?}", last(&app))
    };
    assert_eq!(t.label, "Childcare and the school run and care");
    assert_eq!(t.origin, Origin::Person);

    // Split: two notes of that theme, marked, become a new theme.
    keys(&mut app, &["Home", " ", " "]);
    assert_eq!(app.themes().marked.len(), 2);
    let marked = app.themes().marked.clone();
    keys(&mut app, &["S"]);
    type_text(&mut app, "School run");
    keys(&mut app, &["Enter"]);
    let Change::Batch(changes) = last(&app) else {
        panic!("{:?}", last(&app))
    };
    let Change::AddTheme(split) = &changes[0] else {
        panic!("{changes:?}")
    };
    assert_eq!(split.origin, Origin::Person);
    for id in &marked {
        assert!(changes.contains(&Change::PlaceNote {
            note: *id,
            theme: Some(split.id),
            by: Some(Origin::Person)
        }));
    }
    assert!(app.themes().marked.is_empty());

    // Merge: "Night buses" (empty) is dissolved; "Travel…" merges into "Apprenticeships…".
    let c = column_of(&app, "Night buses");
    column(&mut app, c);
    keys(&mut app, &["x"]);
    assert_eq!(last(&app), &Change::DeleteTheme { id: created.id });
    keys(&mut app, &["u"]);
    assert!(
        session(&app).theme(created.id).is_some(),
        "dissolving undoes"
    );

    let from = column_of(&app, "Travel to work after 6pm");
    let into = column_of(&app, "Apprenticeships that reach local people");
    let travel_dots = session(&app).theme_dots(ThemeId(1));
    let into_dots = session(&app).theme_dots(ThemeId(4));
    let travel_notes: Vec<NoteId> = session(&app)
        .notes
        .iter()
        .filter(|n| n.theme == Some(ThemeId(1)))
        .map(|n| n.id)
        .collect();
    column(&mut app, from);
    keys(&mut app, &["M"]);
    for _ in from..into {
        keys(&mut app, &["→"]);
    }
    keys(&mut app, &["Enter"]);
    let Change::Batch(changes) = last(&app) else {
        panic!("{:?}", last(&app))
    };
    assert_eq!(
        changes.last(),
        Some(&Change::DeleteTheme { id: ThemeId(1) })
    );
    let s = session(&app);
    assert!(s.theme(ThemeId(1)).is_none());
    for id in travel_notes {
        let n = s.note(id).unwrap();
        assert_eq!(n.theme, Some(ThemeId(4)));
        assert_eq!(n.placed_by, Some(Origin::Person));
    }
    assert_eq!(
        s.theme_dots(ThemeId(4)),
        travel_dots + into_dots,
        "dots move too"
    );
    assert_eq!(s.theme(ThemeId(4)).unwrap().origin, Origin::Person);
    // The recommendation that answered the merged theme now answers the one it joined.
    assert!(
        s.recommendations
            .iter()
            .all(|r| !r.themes.contains(&ThemeId(1)))
    );
    keys(&mut app, &["u"]);
    assert!(session(&app).theme(ThemeId(1)).is_some(), "merging undoes");
}

#[test]
fn voting_keys_record_dots_per_table_and_the_ranking_follows() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F7"]);
    assert_eq!(app.view(), View::Voting);
    // Theme 2 ("Childcare…", 1 dot from table E), table B.
    keys(&mut app, &["↓", "→"]);
    keys(&mut app, &["2"]);
    assert_eq!(
        last(&app),
        &Change::SetVotes {
            table: TableId(2),
            theme: ThemeId(2),
            dots: 2
        }
    );
    keys(&mut app, &["+"]);
    assert_eq!(session(&app).dots(TableId(2), ThemeId(2)), 3);
    keys(&mut app, &["-"]);
    assert_eq!(session(&app).dots(TableId(2), ThemeId(2)), 2);
    // Table B had placed all 3 dots already: recorded, with a warning.
    assert!(matches!(app.message(), Some((_, Level::Warning))));
    let ranking: Vec<(u32, usize, u32)> = app
        .themes()
        .votes
        .ranking
        .iter()
        .map(|r| (r.theme.0, r.rank, r.dots))
        .collect();
    assert!(ranking.contains(&(2, 1, 3)), "{ranking:?}");
    assert!(
        ranking.windows(2).all(|w| w[0].2 >= w[1].2),
        "ranked by dots: {ranking:?}"
    );
    // Ties share a rank.
    let threes: Vec<usize> = ranking.iter().filter(|r| r.2 == 3).map(|r| r.1).collect();
    assert!(threes.iter().all(|r| *r == 1), "{ranking:?}");
    // Dots per table.
    keys(&mut app, &["D"]);
    assert_eq!(overlay_kind(&app), "prompt");
    keys(&mut app, &["Backspace", "5", "Enter"]);
    assert_eq!(last(&app), &Change::SetDotsPerTable { dots: 5 });
    assert_eq!(session(&app).dots_per_table, 5);
    keys(&mut app, &["u"]);
    assert_eq!(session(&app).dots_per_table, 3);
    // 0 takes a table's dots off a theme.
    keys(&mut app, &["0"]);
    assert_eq!(session(&app).dots(TableId(2), ThemeId(2)), 0);
}

#[test]
fn the_screen_keeps_taking_keys_while_a_large_set_is_clustered() {
    let mut app = app(big_session(6, 5_000));
    keys(&mut app, &["F6", "g"]);
    assert!(app.themes().suggesting());
    let started = Instant::now();
    // Ticks and keys are handled at once while the worker runs.
    keys(&mut app, &["Tab"]);
    assert_eq!(app.view(), View::Voting);
    tick(&mut app, 1);
    keys(&mut app, &["Tab"]);
    assert_eq!(app.view(), View::Recommendations);
    keys(&mut app, &["F6", "BackTab", "BackTab"]);
    assert_eq!(app.view(), View::Step);
    keys(&mut app, &["a", "typed while clustering", "Enter", "Esc"]);
    assert_eq!(
        session(&app).notes.last().unwrap().text,
        "typed while clustering"
    );
    keys(&mut app, &["F6"]);
    tick(&mut app, 2);
    assert!(
        app.themes().suggesting(),
        "still clustering: the answers above did not wait for it"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "keys took {:?}",
        started.elapsed()
    );
    // Esc stops the work; nothing changed but the note typed.
    let generation = app.themes().job.as_ref().unwrap().generation;
    keys(&mut app, &["Esc"]);
    assert!(app.themes().job.is_none());
    assert!(
        app.take_effects()
            .contains(&Effect::CancelJob { generation })
    );
    assert_eq!(committed(&app).len(), 1);
}

#[test]
fn progress_arrives_while_suggesting_and_a_result_waits_if_the_facilitator_is_elsewhere() {
    let mut app = app(big_session(3, 300));
    keys(&mut app, &["F6", "g", "F7"]);
    finish_job(&mut app);
    assert_eq!(
        overlay_kind(&app),
        "none",
        "no pop-up in the middle of voting"
    );
    assert!(app.themes().ready.is_some());
    keys(&mut app, &["F6", "g"]);
    assert_eq!(overlay_kind(&app), "preview");
    assert!(committed(&app).is_empty());
}

#[test]
fn similar_notes_are_listed_and_enter_goes_to_one() {
    let mut app = app(small_session());
    keys(&mut app, &["F6", "s"]);
    finish_job(&mut app);
    let Some(Overlay::Themes(ThemesOverlay::Similar { note, list, .. })) = app.overlay() else {
        panic!("no list: {}", overlay_kind(&app));
    };
    assert_eq!(*note, NoteId(1));
    assert!(list.len() >= 5);
    let first = list[0].0;
    assert!(
        session(&app)
            .note(first)
            .unwrap()
            .text
            .to_lowercase()
            .contains("bus"),
        "{list:?}"
    );
    keys(&mut app, &["Enter"]);
    assert_eq!(
        app.themes().note_at_cursor(session(&app)).unwrap().id,
        first
    );
}

#[test]
fn a_click_on_a_note_then_on_a_theme_heading_moves_it() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F6"]);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = convene::tui::screens::draw(&app, f))
        .unwrap();
    app.set_drawn(drawn);
    let note = app.themes().note_at_cursor(session(&app)).unwrap().id;
    // The first card of the first column (heading: two lines), then the third column's heading.
    app.handle_mouse(click(3, 4));
    app.handle_mouse(click(24 * 2 + 3, 1));
    let s = session(&app);
    assert_eq!(s.note(note).unwrap().theme, Some(ThemeId(2)));
    assert_eq!(s.note(note).unwrap().placed_by, Some(Origin::Person));
}

fn click(column: u16, row: u16) -> ratatui::crossterm::event::MouseEvent {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// The screen drawn at `w`×`h`, row by row (the click targets are kept for the mouse).
fn screen(app: &mut App<MemoryStore>, w: u16, h: u16) -> Vec<String> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let mut drawn = Default::default();
    terminal
        .draw(|f| drawn = convene::tui::screens::draw(app, f))
        .unwrap();
    app.set_drawn(drawn);
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// A theme `label` holding `n` new notes (written `"{label} note {i}"`) on the first table.
fn theme_with_notes(s: &mut Session, label: &str, n: usize) -> ThemeId {
    let id = ThemeId(s.next_ids.theme);
    s.apply(Change::AddTheme(convene::model::Theme {
        id,
        label: label.into(),
        origin: Origin::Person,
        step: None,
        description: String::new(),
    }))
    .unwrap();
    let step = s.framework.steps[1].id.clone();
    for i in 0..n {
        let note = s.next_note(
            TableId(1),
            &step,
            NoteKind::Comment,
            format!("{label} note {i}"),
            wall(),
        );
        let note_id = note.id;
        s.apply(Change::AddNote(note)).unwrap();
        s.apply(Change::PlaceNote {
            note: note_id,
            theme: Some(id),
            by: Some(Origin::Person),
        })
        .unwrap();
    }
    id
}

#[test]
fn each_theme_column_scrolls_on_its_own_and_says_what_is_hidden() {
    let mut s = empty_session(2);
    theme_with_notes(&mut s, "Long", 30);
    theme_with_notes(&mut s, "Short", 3);
    theme_with_notes(&mut s, "Tiny", 2);
    let mut app = app(s);
    keys(&mut app, &["F6"]);
    let long = column_of(&app, "Long");
    column(&mut app, long);
    screen(&mut app, 120, 40);
    press(&mut app, ratatui::crossterm::event::KeyCode::End);
    let rows = screen(&mut app, 120, 40);
    let text = rows.join("\n");
    assert!(
        text.contains("Long note 29"),
        "the cursor's card shows:\n{text}"
    );
    // The short themes beside it still show their cards from the first.
    for first in ["Short note 0", "Tiny note 0", "Tiny note 1"] {
        assert!(text.contains(first), "{first} is hidden:\n{text}");
    }
    let visible = app.board().rows_visible;
    let above = format!("↑ {} more", 30 - visible);
    assert!(text.contains(&above), "no “{above}”:\n{text}");
    assert!(!text.contains("↓"), "nothing is hidden below:\n{text}");

    // → moves to the short theme; the long one keeps its own scroll.
    keys(&mut app, &["→"]);
    let text = screen(&mut app, 120, 40).join("\n");
    assert!(text.contains("Long note 29"), "{text}");
    assert!(text.contains(&above), "{text}");
    assert!(text.contains("Short note 0"), "{text}");
    // Back to the long theme, Home: its first cards, and what is below.
    keys(&mut app, &["←", "Home"]);
    let text = screen(&mut app, 120, 40).join("\n");
    assert!(text.contains("Long note 0"), "{text}");
    let below = format!("↓ {} more", 30 - visible);
    assert!(text.contains(&below), "no “{below}”:\n{text}");
}

#[test]
fn the_marked_line_says_that_space_moves_down() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F6", "Home"]);
    let before = app.themes().cursor;
    keys(&mut app, &[" "]);
    assert_eq!(app.themes().cursor, (before.0, before.1 + 1));
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&mut app, w, h).join("\n");
        assert!(
            text.contains("1 marked · Space marks and moves down"),
            "{w}×{h}:\n{text}"
        );
    }
}

/// The screen's text with the borders of pop-ups taken out and runs of spaces made one, so
/// that text wrapped over several rows reads as one line.
fn flat(rows: &[String]) -> String {
    rows.iter()
        .map(|r| r.replace(['┃', '│'], " "))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_merge_banner_names_the_theme_merged_and_the_one_it_joins() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F6"]);
    let from = column_of(&app, "Travel to work after 6pm");
    column(&mut app, from);
    keys(&mut app, &["M"]);
    let text = flat(&screen(&mut app, 120, 40));
    assert!(
        text.contains("Merging «Travel to work after 6pm» into… · ←/→ choose a theme"),
        "{text}"
    );
    keys(&mut app, &["→", "→"]);
    let into = app.themes().theme_at_cursor().unwrap();
    let into = session(&app).theme(into).unwrap().label.clone();
    for (w, h) in [(120, 40), (80, 24)] {
        let text = flat(&screen(&mut app, w, h));
        let banner = format!("Merging «Travel to work after 6pm» into «{into}»");
        assert!(text.contains(&banner), "{w}×{h}: no “{banner}”:\n{text}");
    }
    // Narrow: the theme it joins keeps its whole name; the other gives way.
    let text = flat(&screen(&mut app, 56, 20));
    assert!(text.contains(&format!("into «{into}»")), "{text}");
}

#[test]
fn offers_to_existing_themes_name_each_theme_whole() {
    use convene::cluster::{Offer, Suggestions};
    use convene::tui::themes::Preview;
    let mut s = demo_session();
    let mut travel = s.theme(ThemeId(1)).unwrap().clone();
    travel.label = "Benefits rules and the fear of losing housing when the hours change".into();
    s.apply(Change::UpdateTheme(travel.clone())).unwrap();
    let benefits = s.theme(ThemeId(5)).unwrap().label.clone();
    assert!(benefits.starts_with("Benefits rules and the fear of "));
    let free: Vec<NoteId> = s
        .notes
        .iter()
        .filter(|n| n.theme.is_none() && !n.sensitive)
        .map(|n| n.id)
        .take(2)
        .collect();
    let revision = s.revision;
    let mut app = app(s);
    keys(&mut app, &["F6"]);
    app.stage_overlay(Overlay::Themes(ThemesOverlay::Preview(Box::new(Preview {
        about: "the 6 notes of “Person-centred”".into(),
        suggestions: Suggestions {
            offers: vec![
                Offer {
                    note: free[0],
                    theme: ThemeId(5),
                    similarity: 0.61,
                },
                Offer {
                    note: free[1],
                    theme: ThemeId(1),
                    similarity: 0.58,
                },
            ],
            ..Suggestions::default()
        },
        selected: 0,
        revision,
    }))));
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let text = flat(&screen(&mut app, w, h));
        for label in [&benefits, &travel.label] {
            let to = format!("→ «{label}»");
            assert!(text.contains(&to), "{w}×{h}: no “{to}”:\n{text}");
        }
    }
}

#[test]
fn votes_by_group_list_every_theme_a_group_gave_dots_to_page_by_page() {
    use convene::tui::themes::VotePane;
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = demo_at("invested-commitment");
        keys(&mut app, &["F7", "g", "g"]);
        assert_eq!(app.themes().pane, VotePane::Groups);
        let by_group = app.themes().votes.by_group.clone();
        let expected: usize = by_group.iter().map(|(_, t)| t.len().max(1)).sum();
        assert!(
            by_group.iter().any(|(_, t)| t.len() > 2),
            "the demo has groups with more than two themes"
        );
        let mut seen = 0;
        let mut pages = Vec::new();
        while app.themes().pane == VotePane::Groups {
            let rows = screen(&mut app, w, h);
            // A theme's row: its dots, then its bar.
            let shown: usize = rows
                .iter()
                .map(|r| {
                    let c: Vec<char> = r.chars().collect();
                    c.windows(3)
                        .filter(|x| x[0].is_ascii_digit() && x[1] == ' ' && x[2] == '█')
                        .count()
                        + r.matches("no dots yet").count()
                })
                .sum();
            assert!(shown > 0, "{w}×{h}: an empty page");
            seen += shown;
            let text = rows.join("\n");
            match expected - seen {
                0 => assert!(!text.contains("↓"), "{w}×{h}:\n{text}"),
                left => assert!(
                    text.contains(&format!("↓ {left} more · g shows them")),
                    "{w}×{h}: {left} left:\n{text}"
                ),
            }
            pages.push(text);
            keys(&mut app, &["g"]);
            assert!(pages.len() < 10, "g never leaves the groups");
        }
        assert_eq!(
            app.themes().pane,
            VotePane::Grid,
            "after the last page, the grid"
        );
        assert_eq!(seen, expected, "{w}×{h}: every theme of every group, once");
        let all = pages.join("\n");
        for (group, themes) in &by_group {
            assert!(all.contains(group.label()), "{w}×{h}: {group:?}");
            for (theme, _) in themes {
                let label = &session(&app).theme(*theme).unwrap().label;
                let start: String = label.chars().take(20).collect();
                assert!(all.contains(&start), "{w}×{h}: {label}");
            }
        }
    }
}

#[test]
fn the_themes_step_shows_the_themes_with_notes_and_dots_and_the_keys_to_open_them() {
    for (w, h) in [(80, 24), (120, 40), (64, 20)] {
        let mut app = demo_at("themes-and-votes");
        let rows = screen(&mut app, w, h);
        let text = rows.join("\n");
        let flat_text = flat(&rows);
        assert!(!text.contains("No notes yet"), "{w}×{h}:\n{text}");
        assert!(
            flat_text.contains("F6 opens the themes view, F7 the voting"),
            "{w}×{h}:\n{text}"
        );
        let ranking = app.themes().votes.ranking.clone();
        let mut shown = 0;
        for r in &ranking {
            let label = &session(&app).theme(r.theme).unwrap().label;
            let dots = if r.dots == 1 { "dot" } else { "dots" };
            let row = format!("#{} {} {dots} {} notes {label}", r.rank, r.dots, r.notes);
            if flat_text.contains(&row) {
                shown += 1;
            }
        }
        let more = ranking.len() - shown;
        if more > 0 {
            assert!(
                text.contains(&format!("↓ {more} more · F7 shows them all")),
                "{w}×{h}: {shown} shown:\n{text}"
            );
        }
        assert!(shown >= 3, "{w}×{h}: {shown} shown:\n{text}");
        if (w, h) != (64, 20) {
            assert_eq!(shown, ranking.len(), "{w}×{h}:\n{text}");
            insta::assert_snapshot!(format!("step_themes_{w}x{h}"), text);
        }
    }
    // The keys named open the views.
    let mut app = demo_at("themes-and-votes");
    keys(&mut app, &["F6"]);
    assert_eq!(app.view(), View::Themes);
    let mut app = demo_at("themes-and-votes");
    keys(&mut app, &["F7"]);
    assert_eq!(app.view(), View::Voting);
    // No themes yet: says how to make them.
    let mut app = app_at_kind(convene::framework::StepKind::Themes);
    let text = screen(&mut app, 80, 24).join("\n");
    assert!(
        text.contains("No themes yet · F6 opens the themes view"),
        "{text}"
    );
}

/// An app on a new session (two tables, no notes) at its first step of `kind`.
fn app_at_kind(kind: convene::framework::StepKind) -> App<MemoryStore> {
    let mut app = app(empty_session(2));
    let n = session(&app)
        .framework
        .steps
        .iter()
        .position(|s| s.kind == kind)
        .unwrap();
    app.update(convene::tui::Action::GoToStep(n));
    app
}

mod jobs;
