//! The outcome screens driven by keys, without a terminal: recommendations (editor, drafts,
//! delete and undo), "You said / We did" (responses, filters), and exports written next to a
//! real session file. Then snapshots of each screen at three sizes.

use crate::common;

use common::*;
use convene::export::{self, Options};
use convene::model::{
    Change, Commitment, NoteKind, ResponseKind, ResponseStatus, ResponseTarget, Session, ThemeId,
    Timeframe,
};
use convene::store::config::Config;
use convene::store::{MemoryStore, SessionFile, SessionStore};
use convene::tui::App;
use convene::tui::app::View;
use convene::tui::palette::Preset;
use convene::tui::responses::StatusFilter;
use convene::tui::run_effects_now;
use convene::tui::start::{Opener, Recent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

fn committed(app: &App<MemoryStore>) -> &[Change] {
    &app.store().unwrap().committed
}

fn screen_text<S: SessionStore>(app: &App<S>, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(app, f);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn message(app: &App<impl SessionStore>) -> String {
    app.message()
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

#[test]
fn a_recommendation_is_written_with_audience_owner_timeframe_themes_and_a_commitment() {
    let mut app = demo_at("recommendations");
    let first_principle = "person-centred".to_string();
    keys(&mut app, &["R", "a", "Hold a jobs fair on the estate"]);
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    keys(
        &mut app,
        &[
            "with childcare on site",
            "Tab",
            "→", // Local policy makers
            "Tab",
            "Council employment team",
            "Tab",
            "→",
            "→",   // within 3 months
            "Tab", // the date is skipped: no date needed
            " ",
            "↓",
            " ", // themes 1 and 2
            "Tab",
            " ", // the first principle
            "Tab",
            "Chamber of Commerce",
            "Tab",
            "Bring ten employers",
            "Enter", // adds the commitment
        ],
    );
    assert_eq!(app.view(), View::Recommendations);
    assert!(
        app.outcomes().form.is_some(),
        "the form stays open until saved"
    );
    keys(&mut app, &["Ctrl-s"]);
    assert!(app.outcomes().form.is_none());
    let Some(Change::AddRecommendation(rec)) = committed(&app).last() else {
        panic!("no recommendation committed: {:?}", committed(&app));
    };
    assert_eq!(
        rec.text,
        "Hold a jobs fair on the estate\nwith childcare on site"
    );
    assert_eq!(rec.audience, "Local policy makers");
    assert_eq!(rec.owner, "Council employment team");
    assert_eq!(rec.timeframe, Some(Timeframe::ThreeMonths));
    assert_eq!(rec.themes, vec![ThemeId(1), ThemeId(2)]);
    assert_eq!(rec.steps, vec![first_principle]);
    assert_eq!(
        rec.commitments,
        vec![Commitment {
            who: "Chamber of Commerce".into(),
            what: "Bring ten employers".into()
        }]
    );
    assert_eq!(app.session().unwrap().recommendations.len(), 7);
    assert!(message(&app).contains("saved recommendation"));
}

#[test]
fn a_draft_quotes_the_themes_notes_and_is_edited_before_it_is_saved() {
    let mut app = demo_at("recommendations");
    // Every theme of the demo has a recommendation: delete one to free its themes.
    keys(&mut app, &["R", "d"]);
    let before = committed(&app).len();
    keys(&mut app, &["D"]);
    let drafts = &app.outcomes().drafts.as_ref().expect("drafts shown").list;
    assert!(!drafts.is_empty());
    assert_eq!(
        committed(&app).len(),
        before,
        "showing drafts saves nothing"
    );
    let theme = drafts[0].themes[0];
    keys(&mut app, &["Enter"]);
    assert!(app.outcomes().form.is_some(), "the draft is in the editor");
    assert_eq!(
        committed(&app).len(),
        before,
        "accepting a draft saves nothing"
    );
    keys(
        &mut app,
        &[" Start with the hospital.", "Tab", "Tab", "Hospital trust"],
    );
    keys(&mut app, &["Enter"]);
    let session = app.session().unwrap();
    let Some(Change::AddRecommendation(rec)) = committed(&app).last() else {
        panic!("no recommendation committed");
    };
    let label = &session.theme(theme).unwrap().label;
    assert!(rec.text.starts_with(label.as_str()), "{}", rec.text);
    assert!(
        rec.text.ends_with(" Start with the hospital."),
        "{}",
        rec.text
    );
    let quoted = session
        .notes
        .iter()
        .filter(|n| n.theme == Some(theme) && !n.sensitive)
        .any(|n| rec.text.contains(&format!("“{}”", n.text.trim())));
    assert!(quoted, "the draft quotes the theme's notes: {}", rec.text);
    assert_eq!(rec.owner, "Hospital trust");
    assert!(rec.themes.contains(&theme));
}

#[test]
fn an_invalid_date_is_refused_with_a_message_and_nothing_is_committed() {
    let mut app = demo_at("recommendations");
    let before = committed(&app).len();
    keys(
        &mut app,
        &[
            "R",
            "a",
            "Open a job shop",
            "Tab",
            "Tab",
            "Tab",
            "→",
            "→",
            "→",
            "→",
            "Tab",
            "2027-13-45",
            "Enter",
        ],
    );
    assert_eq!(committed(&app).len(), before, "{:?}", committed(&app));
    assert!(app.outcomes().form.is_some(), "the form stays open");
    let m = message(&app);
    assert!(m.contains("2027-13-45") && m.contains("YYYY-MM-DD"), "{m}");
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, &["2027-03-31", "Enter"]);
    let Some(Change::AddRecommendation(rec)) = committed(&app).last() else {
        panic!("not committed after the date was fixed: {}", message(&app));
    };
    assert_eq!(
        rec.timeframe,
        Some(Timeframe::By(jiff::civil::date(2027, 3, 31)))
    );
}

#[test]
fn deleting_a_recommendation_is_undone_with_u() {
    let mut app = demo_at("recommendations");
    let before = app.session().unwrap().recommendations.clone();
    keys(&mut app, &["R", "↓", "d"]);
    let Some(Change::DeleteRecommendation { id }) = committed(&app).last() else {
        panic!("nothing deleted");
    };
    let id = *id;
    assert_eq!(app.session().unwrap().recommendations.len(), 5);
    assert!(message(&app).contains("u to undo"));
    assert_ne!(app.outcomes().recs.selected, Some(id));
    assert!(
        app.outcomes().recs.selected.is_some(),
        "a neighbour is selected"
    );
    keys(&mut app, &["u"]);
    assert_eq!(app.session().unwrap().recommendations, before);
    assert!(message(&app).starts_with("undo"), "{}", message(&app));
}

#[test]
fn a_response_is_added_to_the_card_selected_on_the_board() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["Tab", "→", "↓"]);
    let note = app.selected().expect("a card is selected");
    keys(&mut app, &["Y"]);
    assert_eq!(app.view(), View::Responses);
    let row = app.outcomes().said.selected().unwrap();
    assert_eq!(row.target, ResponseTarget::Note(note));
    keys(
        &mut app,
        &[
            "a",
            "Raised with the employer forum",
            "Tab",
            "Employer forum coordinator",
            "Tab",
            "→",
            "Enter",
        ],
    );
    let Some(Change::AddResponse(r)) = committed(&app).last() else {
        panic!("no response committed: {}", message(&app));
    };
    assert_eq!(r.target, ResponseTarget::Note(note));
    let kind = app.session().unwrap().note(note).unwrap().kind;
    let expected = match kind {
        NoteKind::Question => ResponseKind::Answered,
        NoteKind::Idea => ResponseKind::SuggestionPassedOn,
        _ => ResponseKind::Noted,
    };
    assert_eq!(r.kind, expected);
    assert_eq!(r.text, "Raised with the employer forum");
    assert_eq!(r.owner, "Employer forum coordinator");
    assert_eq!(r.status, ResponseStatus::InProgress);
    // The row of the new response is selected.
    let row = app.outcomes().said.selected().unwrap();
    let session = app.session().unwrap();
    assert_eq!(session.responses[row.response.unwrap()].id, r.id);
}

#[test]
fn a_response_is_added_to_a_theme_with_its_type_chosen() {
    let mut app = demo_at("recommendations");
    keys(&mut app, &["Y", "f", "f", "f", "f"]);
    assert_eq!(app.outcomes().said.status, StatusFilter::NoResponse);
    let row = app.outcomes().said.selected().unwrap();
    let ResponseTarget::Theme(theme) = row.target else {
        panic!("themes come first: {row:?}");
    };
    keys(
        &mut app,
        &[
            "Enter",
            "BackTab",
            "→", // from "action taken" round to "comment noted"
            "Tab",
            "Shared with the partnership board",
            "Enter",
        ],
    );
    let Some(Change::AddResponse(r)) = committed(&app).last() else {
        panic!("no response committed: {}", message(&app));
    };
    assert_eq!(r.target, ResponseTarget::Theme(theme));
    assert_eq!(r.kind, ResponseKind::Noted);
    assert_eq!(r.status, ResponseStatus::Open);
    assert_eq!(r.text, "Shared with the partnership board");
}

#[test]
fn filters_by_status_and_by_owner_show_the_right_rows() {
    let mut app = demo_at("recommendations");
    keys(&mut app, &["Y"]);
    let session = app.session().unwrap().clone();
    let answered: std::collections::HashSet<_> =
        session.responses.iter().map(|r| r.target).collect();
    assert_eq!(
        app.outcomes().said.rows.len(),
        session.themes.len() + session.notes.len() - answered.len() + session.responses.len()
    );
    let statuses = |app: &App<MemoryStore>| -> Vec<Option<ResponseStatus>> {
        app.outcomes()
            .said
            .rows
            .iter()
            .map(|r| r.response.map(|i| session.responses[i].status))
            .collect()
    };
    for (presses, status) in [
        (1, ResponseStatus::Open),
        (1, ResponseStatus::InProgress),
        (1, ResponseStatus::Done),
    ] {
        for _ in 0..presses {
            keys(&mut app, &["f"]);
        }
        let shown = statuses(&app);
        let expected = session
            .responses
            .iter()
            .filter(|r| r.status == status)
            .count();
        assert_eq!(shown.len(), expected, "{status:?}");
        assert!(shown.iter().all(|s| *s == Some(status)), "{status:?}");
    }
    keys(&mut app, &["f"]);
    assert!(statuses(&app).iter().all(Option::is_none));
    // By owner, typed: part of a name, any case.
    keys(&mut app, &["c", "o", "COUNCIL", "Enter"]);
    assert!(!app.outcomes().said.typing_owner);
    let owners: Vec<String> = app
        .outcomes()
        .said
        .rows
        .iter()
        .map(|r| session.responses[r.response.unwrap()].owner.clone())
        .collect();
    let expected = session
        .responses
        .iter()
        .filter(|r| r.owner.to_lowercase().contains("council"))
        .count();
    assert!(expected > 0);
    assert_eq!(owners.len(), expected, "{owners:?}");
    // Both filters together, shown on screen.
    keys(&mut app, &["f", "f"]);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Status: in progress"), "{text}");
    assert!(text.contains("“COUNCIL”"), "{text}");
    for row in &app.outcomes().said.rows {
        let r = &session.responses[row.response.unwrap()];
        assert_eq!(r.status, ResponseStatus::InProgress);
        assert!(r.owner.to_lowercase().contains("council"));
    }
    keys(&mut app, &["c"]);
    assert_eq!(app.outcomes().said.rows.len(), app.outcomes().said.total);
}

#[test]
fn sensitive_notes_are_hidden_in_you_said_until_revealed() {
    let mut app = demo_at("recommendations");
    keys(&mut app, &["Y", "f", "f", "f"]); // done: includes a response to a sensitive note
    let session = app.session().unwrap().clone();
    let sensitive = session
        .responses
        .iter()
        .find_map(|r| match r.target {
            ResponseTarget::Note(id) if session.note(id).unwrap().sensitive => Some(id),
            _ => None,
        })
        .expect("the demo responds to a sensitive note");
    let text = &session.note(sensitive).unwrap().text;
    let first_words: String = text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let screen = screen_text(&app, 200, 60);
    assert!(screen.contains("sensitive — hidden"), "{screen}");
    assert!(!screen.contains(&first_words), "{screen}");
    keys(&mut app, &["s"]);
    let screen = screen_text(&app, 200, 60);
    assert!(screen.contains(&first_words), "{screen}");
}

/// Opens session files for an app that is already open on one (never asked to).
struct NoOpener;

impl Opener<SessionFile> for NoOpener {
    fn recent(&self) -> Vec<Recent> {
        Vec::new()
    }
    fn frameworks(&self) -> Vec<convene::framework::Framework> {
        Vec::new()
    }
    fn open(&mut self, _: &Path) -> Result<SessionFile, String> {
        Err("not in this test".into())
    }
    fn create(&mut self, _: Session) -> Result<SessionFile, String> {
        Err("not in this test".into())
    }
}

fn file_app(dir: &Path) -> App<SessionFile> {
    let path = dir.join("riverside.ron");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron"),
        &path,
    )
    .unwrap();
    let file = SessionFile::open(&path).unwrap();
    let mut app = App::with_store(file, Box::new(NoOpener), Config::default(), Preset::Light);
    app.set_clock(std::time::Duration::ZERO, wall(), jiff::tz::TimeZone::UTC);
    app
}

fn press_all(app: &mut App<SessionFile>, seq: &[ratatui::crossterm::event::KeyCode]) {
    for code in seq {
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            *code,
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
    }
}

#[test]
fn the_export_screen_writes_the_summary_next_to_the_session_file_and_shows_its_path() {
    use ratatui::crossterm::event::KeyCode::Char;
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let session = app.session().unwrap().clone();
    let secret = session
        .notes
        .iter()
        .find(|n| n.sensitive)
        .unwrap()
        .text
        .clone();
    press_all(&mut app, &[Char('X')]);
    assert_eq!(app.view(), View::Export);
    // The preview is the exact text.
    let preview: Vec<String> = app.outcomes().export.preview_lines().collect();
    let expected = export::markdown(&session, &Options::default());
    assert_eq!(
        preview,
        expected.lines().map(String::from).collect::<Vec<_>>()
    );
    press_all(&mut app, &[Char('w')]);
    // The app asks for the file; nothing is written until the effect runs.
    let written = dir.path().join("riverside-summary.md");
    assert!(!written.exists());
    run_effects_now(&mut app);
    let text = std::fs::read_to_string(&written).expect("the summary is written");
    assert_eq!(text, expected);
    assert!(
        !text.contains(&secret),
        "sensitive notes are left out by default"
    );
    let full = std::fs::canonicalize(&written).unwrap();
    assert_eq!(
        app.outcomes().export.written.as_deref(),
        Some(full.as_path())
    );
    assert!(message(&app).contains(&full.display().to_string()));
    let screen = screen_text(&app, 200, 60);
    assert!(screen.contains("Written:"), "{screen}");
    assert!(
        screen.contains(&full.display().to_string()),
        "the full path is on screen: {screen}"
    );
}

#[test]
fn the_export_screen_asks_before_replacing_an_earlier_export() {
    // The names are fixed (NAME-summary.md…), so a second export would replace the first:
    // before the fix it did so without a word.
    use ratatui::crossterm::event::KeyCode::Char;
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let written = dir.path().join("riverside-summary.md");
    std::fs::write(&written, "a summary someone edited by hand").unwrap();
    press_all(&mut app, &[Char('X'), Char('w')]);
    run_effects_now(&mut app);
    assert!(
        matches!(
            app.overlay(),
            Some(convene::tui::app::Overlay::Confirm(
                convene::tui::app::Question::ReplaceExport(_)
            ))
        ),
        "{:?}",
        app.overlay()
    );
    let screen = screen_text(&app, 120, 40);
    assert!(
        screen.contains("riverside-summary.md is already there. Replace it? y/n"),
        "{screen}"
    );
    // No: the file is kept.
    press_all(&mut app, &[Char('n')]);
    assert!(app.overlay().is_none());
    assert!(message(&app).contains("kept"), "{}", message(&app));
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "a summary someone edited by hand"
    );
    // Yes: replaced, whole.
    press_all(&mut app, &[Char('w')]);
    run_effects_now(&mut app);
    press_all(&mut app, &[Char('y')]);
    run_effects_now(&mut app);
    let session = app.session().unwrap().clone();
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        export::markdown(&session, &Options::default())
    );
    assert!(message(&app).contains("written:"), "{}", message(&app));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn the_export_screen_refuses_a_link_to_a_session_without_asking_to_replace_it() {
    // Before the fix it asked "Replace it? y/n" and refused only after a yes.
    use ratatui::crossterm::event::KeyCode::Char;
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let session_path = dir.path().join("riverside.ron");
    let link = dir.path().join("riverside-summary.md");
    std::os::unix::fs::symlink(&session_path, &link).unwrap();
    let before = std::fs::read(&session_path).unwrap();
    press_all(&mut app, &[Char('X'), Char('w')]);
    run_effects_now(&mut app);
    assert!(app.overlay().is_none(), "{:?}", app.overlay());
    let said = message(&app);
    assert!(said.contains("will not be replaced"), "{said}");
    assert!(said.contains("never writes an output over it"), "{said}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&session_path).unwrap(), before);
}

#[test]
fn export_options_are_honoured_and_csv_all_writes_a_folder() {
    use ratatui::crossterm::event::KeyCode::{Char, Enter, Right};
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    let session = app.session().unwrap().clone();
    let secret = session
        .notes
        .iter()
        .find(|n| n.sensitive)
        .unwrap()
        .text
        .clone();
    // HTML, with sensitive notes and anonymised.
    press_all(&mut app, &[Char('X'), Right, Char('i'), Char('a'), Enter]);
    run_effects_now(&mut app);
    let html = std::fs::read_to_string(dir.path().join("riverside-summary.html")).unwrap();
    let options = Options {
        include_sensitive: true,
        anonymise: true,
    };
    assert_eq!(html, export::html(&session, &options));
    assert!(html.contains(&export::html_escape(&secret)));
    // CSV: all three tables in a folder.
    press_all(
        &mut app,
        &[Right, Right, Right, Right, Char('i'), Char('w')],
    );
    run_effects_now(&mut app);
    let folder = dir.path().join("riverside-csv");
    for name in ["notes.csv", "themes.csv", "recommendations.csv"] {
        assert!(folder.join(name).is_file(), "{name}");
    }
    let notes = std::fs::read_to_string(folder.join("notes.csv")).unwrap();
    assert!(!notes.contains(&secret));
    assert_eq!(
        notes,
        export::csv(
            &session,
            &Options {
                include_sensitive: false,
                anonymise: true
            },
            export::CsvTable::Notes
        )
    );
    // Writing never touched the session: nothing was committed.
    assert_eq!(app.session().unwrap(), &session);
}

#[test]
fn a_session_only_in_memory_says_there_is_nowhere_to_write() {
    let mut app = demo_at("welcome");
    keys(&mut app, &["X", "w"]);
    assert!(
        message(&app).contains("only in memory"),
        "{}",
        message(&app)
    );
}

#[test]
fn tab_walks_through_every_view_and_back() {
    let mut app = demo_at("welcome");
    let mut seen = vec![app.view()];
    for _ in 0..7 {
        keys(&mut app, &["Tab"]);
        seen.push(app.view());
    }
    assert_eq!(
        seen,
        vec![
            View::Step,
            View::Board,
            View::Themes,
            View::Voting,
            View::Recommendations,
            View::Responses,
            View::Export,
            View::Step
        ]
    );
    keys(&mut app, &["BackTab"]);
    assert_eq!(app.view(), View::Export);
    keys(&mut app, &["BackTab", "BackTab", "BackTab"]);
    assert_eq!(app.view(), View::Voting);
}

#[test]
fn every_outcome_key_is_in_the_help() {
    let mut app = demo_at("welcome");
    keys(&mut app, &["R", "?"]);
    let help = convene::tui::screens::help::lines(&app, 100)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for text in [
        "Recommendations",
        "drafts from the top-voted themes",
        "You said / We did",
        "filter by owner",
        "include sensitive notes",
        "write the file next to the session file",
    ] {
        assert!(help.contains(text), "{text} missing from the help");
    }
}

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

#[test]
fn every_outcome_screen_at_three_sizes() {
    for (name, make) in outcome_screens() {
        let app = make();
        for (w, h) in SIZES {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| {
                    convene::tui::screens::draw(&app, f);
                })
                .unwrap();
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn the_export_preview_is_made_once_per_revision_format_and_options() {
    let mut app = demo_at("recommendations");
    keys(&mut app, &["X"]);
    assert_eq!(app.view(), View::Export);
    let made = app.outcomes().export.generation;
    // Scrolling, drawing and ticking use the preview already made.
    for key in [
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::PageDown,
        KeyCode::Up,
        KeyCode::Home,
    ] {
        press(&mut app, key);
        screen_text(&app, 120, 40);
    }
    tick(&mut app, 1);
    tick(&mut app, 2);
    assert_eq!(app.outcomes().export.generation, made);
    // A new format, a new option, a change to the session: a new preview each.
    keys(&mut app, &["→"]);
    assert_eq!(app.outcomes().export.generation, made + 1);
    keys(&mut app, &["a"]);
    assert_eq!(app.outcomes().export.generation, made + 2);
    let session = app.session().unwrap().clone();
    let expected = export::html(
        &session,
        &Options {
            anonymise: true,
            ..Options::default()
        },
    );
    let preview: Vec<String> = app.outcomes().export.preview_lines().collect();
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(preview, expected);
    // The preview from a line on is that line and those after it.
    let from: Vec<String> = app
        .outcomes()
        .export
        .preview_from(3)
        .map(|l| l.into_owned())
        .collect();
    assert_eq!(from, expected[3..]);
}

#[test]
fn a_large_session_s_export_preview_is_made_off_the_screen_s_thread() {
    // 100,000 tables froze the facilitator's screen: the preview was made on its thread.
    let mut session = demo_session();
    let first = session.next_ids.table;
    for i in 0..100_000u32 {
        session.tables.push(convene::model::Table {
            id: convene::model::TableId(first + i),
            letter: format!("T{i}"),
            name: format!("Extra table {i}"),
            colour: convene::model::TableColour::nth(i as usize),
            mix: Vec::new(),
        });
    }
    session.next_ids.table = first + 100_000;
    assert!(session.problems().is_empty());
    let mut app = app(session);
    let started = std::time::Instant::now();
    keys(&mut app, &["X"]);
    assert!(app.outcomes().export.preparing());
    let screen = screen_text(&app, 120, 40);
    assert!(screen.contains("Preparing the preview"), "{screen}");
    // The screen keeps taking keys meanwhile.
    keys(&mut app, &["↓"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // The app asked for the preview as an effect (the run loop makes it on another thread);
    // made here, it is handed back.
    let effects = app.take_effects();
    let [convene::tui::app::Effect::MakePreview(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(app.outcomes().export.preparing());
    app.update(convene::tui::Action::PreviewMade(Box::new(request.run())));
    assert!(!app.outcomes().export.preparing(), "the preview was made");
    let session = app.session().unwrap();
    let expected = export::markdown(session, &Options::default());
    let preview: Vec<String> = app.outcomes().export.preview_lines().collect();
    assert_eq!(preview, expected.lines().collect::<Vec<_>>());
    let last = app.outcomes().export.lines - 1;
    for _ in 0..=last / 20 {
        keys(&mut app, &["PgDn"]);
    }
    assert_eq!(app.outcomes().export.scroll, last);
    let screen = screen_text(&app, 120, 40);
    assert!(
        screen.contains(&format!("line {} of {}", last + 1, last + 1)),
        "{screen}"
    );
}

#[test]
fn a_recommendation_due_before_the_workshop_is_kept_with_a_warning() {
    let mut app = demo_at("recommendations");
    let workshop = app.session().unwrap().date;
    keys(
        &mut app,
        &[
            "R",
            "a",
            "Open a job shop",
            "Tab",
            "Tab",
            "Tab",
            "→",
            "→",
            "→",
            "→",
            "Tab",
            "2020-01-03",
            "Enter",
        ],
    );
    let Some(Change::AddRecommendation(rec)) = committed(&app).last() else {
        panic!("not committed: {}", message(&app));
    };
    assert_eq!(
        rec.timeframe,
        Some(Timeframe::By(jiff::civil::date(2020, 1, 3)))
    );
    let m = message(&app);
    assert!(
        m.contains("2020-01-03 is before the workshop") && m.contains(&workshop.to_string()),
        "{m}"
    );
}

#[test]
fn the_recommendation_being_written_wraps_instead_of_scrolling_sideways() {
    let text = "Publish the shift times of the three big employers on the industrial estate every \
                month, so that the bus company can run the evening buses when the shifts \
                actually end, and tell the partnership what changed after six months";
    let mut app = demo_at("recommendations");
    keys(&mut app, &["R", "a", text]);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = screen_text(&app, w, h)
            .replace(['┃', '│'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            screen.contains(&format!("▶Recommendation {text}")),
            "{w}×{h}: the text is not whole:\n{}",
            screen_text(&app, w, h)
        );
    }
    // The cursor shows right after the last word typed, on the row it wrapped to.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(&app, f);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    let (x, y) = (0..24u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .expect("a cursor");
    let before: String = (x.saturating_sub(10)..x)
        .map(|x| buf[(x, y)].symbol())
        .collect();
    assert_eq!(before, "six months");
    // Moving on to the next field, the text keeps its rows and stays whole.
    keys(&mut app, &["Tab"]);
    let screen = screen_text(&app, 120, 40)
        .replace(['┃', '│'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(screen.contains(text), "{screen}");
}

#[test]
fn the_recommendations_step_shows_the_recommendations_by_audience_and_the_key_to_open_them() {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (w, h) in [(80, 24), (120, 40), (64, 20)] {
        let app = demo_at("recommendations");
        let screen = screen_text(&app, w, h);
        assert!(!screen.contains("No notes yet"), "{w}×{h}:\n{screen}");
        assert!(
            screen.contains("R opens the recommendations"),
            "{w}×{h}:\n{screen}"
        );
        assert!(screen.contains("For Employers (2)"), "{w}×{h}:\n{screen}");
        let flat = words(&screen);
        let recs = &app.session().unwrap().recommendations;
        let shown = recs
            .iter()
            .filter(|r| flat.contains(&format!("#{} {}", r.id.0, words(&r.text))))
            .count();
        assert!(shown >= 1, "{w}×{h}:\n{screen}");
        let more = recs.len() - shown;
        if more > 0 {
            assert!(
                screen.contains(&format!("↓ {more} more · R shows them all")),
                "{w}×{h}: {shown} shown:\n{screen}"
            );
        }
        if (w, h) == (120, 40) {
            assert_eq!(shown, recs.len(), "{screen}");
        }
        if (w, h) != (64, 20) {
            insta::assert_snapshot!(format!("step_recommendations_{w}x{h}"), screen);
        }
    }
    let mut demo = demo_at("recommendations");
    keys(&mut demo, &["R"]);
    assert_eq!(demo.view(), View::Recommendations);
    // None yet: says how to write them.
    let mut app = app(empty_session(2));
    let n = app
        .session()
        .unwrap()
        .framework
        .steps
        .iter()
        .position(|s| s.kind == convene::framework::StepKind::Recommendations)
        .unwrap();
    app.update(convene::tui::Action::GoToStep(n));
    let screen = screen_text(&app, 80, 24);
    assert!(
        screen.contains("No recommendations yet · R opens the recommendations"),
        "{screen}"
    );
}

mod export_effects;
