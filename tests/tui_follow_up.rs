//! The "Since last time" step of a follow-up, driven by keys without a terminal: statuses and
//! what was done recorded through the commit path, notes about an item, undo, and what the
//! screen shows (overdue items, sensitive ones hidden, a session that follows none).

use crate::common;

use common::*;
use convene::model::{Change, ItemStatus, SINCE_LAST_TIME};
use convene::store::MemoryStore;
use convene::tui::App;
use convene::tui::keymap::Mode;

fn committed(app: &App<MemoryStore>) -> &[Change] {
    &app.store().unwrap().committed
}

/// The items' changes committed (going to the step is committed too).
fn updates(app: &App<MemoryStore>) -> Vec<Change> {
    committed(app)
        .iter()
        .filter(|c| matches!(c, Change::UpdateItem { .. }))
        .cloned()
        .collect()
}

fn items(app: &App<MemoryStore>) -> Vec<convene::model::CarriedItem> {
    app.session()
        .unwrap()
        .follow_up
        .as_ref()
        .unwrap()
        .items
        .clone()
}

fn screen(app: &App<MemoryStore>, w: u16, h: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(app, f);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_step_has_its_own_keys_and_they_are_in_the_footer_and_help() {
    let mut app = app(follow_up_session());
    // Opened at the welcome; n goes on to "Since last time".
    keys(&mut app, &["n"]);
    assert!(app.at_follow_up_step());
    assert_eq!(app.modes(), vec![Mode::FollowUp, Mode::Step, Mode::Global]);
    let hints: Vec<&str> = convene::tui::keymap::hints(&app.modes())
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    for hint in ["status", "record", "note", "next", "undo"] {
        assert!(hints.contains(&hint), "{hint} missing from {hints:?}");
    }
    keys(&mut app, &["?"]);
    let help = screen(&app, 120, 200);
    assert!(
        help.contains("Since last time (a follow-up's step)"),
        "{help}"
    );
    assert!(help.contains("status of the selected item"), "{help}");
}

#[test]
fn c_cycles_the_selected_items_status_through_the_commit_path_and_u_undoes_it() {
    let mut app = follow_up_app();
    let before = items(&app);
    keys(&mut app, &["↓", "c", "c"]);
    let id = before[1].id;
    assert_eq!(
        app.session().unwrap().carried(id).unwrap().status,
        ItemStatus::Done
    );
    assert_eq!(
        updates(&app),
        vec![
            Change::UpdateItem {
                id,
                status: ItemStatus::InProgress,
                done: String::new(),
            },
            Change::UpdateItem {
                id,
                status: ItemStatus::Done,
                done: String::new(),
            },
        ]
    );
    // Nothing else moved.
    assert_eq!(items(&app)[0], before[0]);
    keys(&mut app, &["u"]);
    assert_eq!(
        app.session().unwrap().carried(id).unwrap().status,
        ItemStatus::InProgress
    );
    assert_eq!(
        committed(&app).last(),
        Some(&Change::UpdateItem {
            id,
            status: ItemStatus::InProgress,
            done: String::new(),
        }),
        "undo is a change journaled like any other"
    );
    keys(&mut app, &["U"]);
    assert_eq!(
        app.session().unwrap().carried(id).unwrap().status,
        ItemStatus::Done
    );
    // Round the cycle: done → not going ahead → open.
    keys(&mut app, &["c", "c"]);
    assert_eq!(
        app.session().unwrap().carried(id).unwrap().status,
        ItemStatus::Open
    );
}

#[test]
fn enter_records_what_was_done_and_the_status_in_one_change() {
    let mut app = follow_up_app();
    let id = items(&app)[2].id;
    keys(&mut app, &["↓", "↓", "Enter"]);
    assert!(
        matches!(app.modes()[0], Mode::FormText),
        "{:?}",
        app.modes()
    );
    keys(&mut app, &["Panel recruited", "BackTab", "→", "→", "Enter"]);
    let item = app.session().unwrap().carried(id).unwrap().clone();
    assert_eq!(item.status, ItemStatus::Done);
    assert_eq!(item.done, "Panel recruited");
    assert_eq!(
        updates(&app),
        vec![Change::UpdateItem {
            id,
            status: ItemStatus::Done,
            done: "Panel recruited".into(),
        }]
    );
    assert_eq!(app.modes()[0], Mode::FollowUp, "the form closed");
    // e opens it again with what was written; Esc changes nothing.
    keys(&mut app, &["e", " in November", "Esc"]);
    assert_eq!(updates(&app).len(), 1);
    // Saved unchanged: nothing is journaled.
    keys(&mut app, &["e", "Enter"]);
    assert_eq!(updates(&app).len(), 1);
    keys(&mut app, &["u"]);
    let item = app.session().unwrap().carried(id).unwrap().clone();
    assert_eq!((item.status, item.done.as_str()), (ItemStatus::Open, ""));
}

#[test]
fn a_note_written_at_the_step_is_about_the_selected_item_and_the_current_table() {
    let mut app = follow_up_app();
    let id = items(&app)[3].id;
    keys(&mut app, &["↓", "↓", "↓", "2", "a"]);
    let input = screen(&app, 120, 40);
    assert!(input.contains("New note about item 4"), "{input}");
    keys(&mut app, &["Money agreed for a year", "Enter", "Esc"]);
    let session = app.session().unwrap();
    let note = session.notes.last().unwrap();
    assert_eq!(note.about, Some(id));
    assert_eq!(note.step, SINCE_LAST_TIME);
    assert_eq!(note.table, session.tables[1].id);
    assert!(matches!(committed(&app).last(), Some(Change::AddNote(n)) if n.about == Some(id)));
    // The note shows beside the item at a larger size.
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Notes about it: 1"), "{shown}");
    assert!(shown.contains("Money agreed for a year"), "{shown}");
    // At the next step, notes are about nothing.
    keys(&mut app, &["n", "a", "Another", "Enter", "Esc"]);
    assert_eq!(app.session().unwrap().notes.last().unwrap().about, None);
    keys(&mut app, &["u", "u"]);
    assert!(app.session().unwrap().notes.is_empty());
}

#[test]
fn overdue_items_say_so_in_words_and_statuses_are_words_and_symbols() {
    let mut app = follow_up_app();
    let text = screen(&app, 120, 40);
    assert!(text.contains("○ open"), "{text}");
    assert!(text.contains("⚠ 2 overdue"), "{text}");
    keys(&mut app, &["↓", "↓", "↓", "↓", "↓"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("⚠ overdue since 2026-09-24"), "{text}");
    keys(&mut app, &["c", "c"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("✓ done"), "{text}");
}

#[test]
fn sensitive_items_are_hidden_until_s_shows_them() {
    let mut session = follow_up_session();
    let f = session.follow_up.as_mut().unwrap();
    f.items[0].sensitive = true;
    f.items[0].text = "Ask Dana about her manager".into();
    let mut app = app(session);
    keys(&mut app, &["n"]);
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&app, w, h);
        assert!(!text.contains("Dana"), "{w}x{h}\n{text}");
        assert!(text.contains("sensitive — hidden"), "{text}");
    }
    keys(&mut app, &["s"]);
    assert!(screen(&app, 120, 40).contains("Ask Dana about her manager"));
    keys(&mut app, &["s"]);
    assert!(!screen(&app, 120, 40).contains("Dana"));
}

#[test]
fn a_session_that_follows_none_says_so_and_its_keys_change_nothing() {
    let mut s = empty_session(2);
    s.framework = convene::model::with_follow_up_step(s.framework.clone());
    let mut app = app(s);
    keys(&mut app, &["n"]);
    assert!(app.at_follow_up_step());
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("This workshop follows no earlier one"),
        "{text}"
    );
    keys(&mut app, &["c"]);
    assert!(app.message().unwrap().0.contains("nothing carried"));
    keys(&mut app, &["Enter"]);
    assert_eq!(app.modes()[0], Mode::FollowUp, "no form opened");
    // Notes can still be written there, about nothing.
    keys(&mut app, &["a", "Nothing to follow", "Enter", "Esc"]);
    assert_eq!(app.session().unwrap().notes[0].about, None);
    assert_eq!(committed(&app).len(), 2, "the step change and the note");
}

#[test]
fn f_on_a_recent_session_starts_a_follow_up_of_it_through_the_new_workshop_form() {
    let mut app = start_app(vec![("sessions/demo.ron", demo_session())]);
    // Not on a recent session: said, nothing else.
    keys(&mut app, &["f"]);
    assert!(
        app.start()
            .error
            .as_deref()
            .unwrap()
            .contains("recent session")
    );
    assert!(app.session().is_none());
    keys(&mut app, &["↓", "↓", "f"]);
    let shown = screen(&app, 120, 40);
    assert!(
        shown.contains("Follow-up: 19 promises carried in from “Inclusive employment"),
        "{shown}"
    );
    assert!(shown.contains("2026-09-24"), "today's date: {shown}");
    // Back out and in: a plain new workshop is not a follow-up.
    keys(&mut app, &["Esc", "↑", "↑", "Enter"]);
    assert!(app.start().follow_up.is_none());
    assert!(!screen(&app, 120, 40).contains("Follow-up"));
    keys(
        &mut app,
        &["Esc", "↓", "↓", "f", "Tab", "Tab", "→", "Enter"],
    );
    let session = app.session().expect("the follow-up is open");
    let demo = demo_session();
    assert_eq!(session.title, demo.title, "the previous title, kept");
    assert_eq!(session.date, jiff::civil::date(2026, 9, 24), "today");
    let f = session.follow_up.as_ref().unwrap();
    assert_eq!(f.previous.uuid, demo.uuid);
    assert_eq!(f.previous.file, "demo.ron");
    assert_eq!(f.items.len(), 19);
    assert_eq!(session.tables.len(), 7);
    assert_eq!(session.place, demo.place);
    assert_eq!(
        session.follow_up_step().map(|s| s.id.as_str()),
        Some(SINCE_LAST_TIME)
    );
    assert_eq!(
        session
            .framework
            .steps
            .iter()
            .filter(|s| s.kind == convene::framework::StepKind::FollowUp)
            .count(),
        1
    );
}

#[test]
fn a_follow_up_whose_previous_file_is_gone_or_changed_says_so_and_an_intact_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("march.ron");
    let demo = demo_session();
    std::fs::write(&previous, convene::store::to_ron(&demo)).unwrap();
    let follow = convene::model::Session::follow_up(
        &demo,
        "march.ron",
        "June",
        jiff::civil::date(2026, 12, 7),
        demo.framework.clone(),
        wall(),
    );
    let path = dir.path().join("june.ron");
    let notice = |s: &convene::model::Session| convene::tui::follow_up::link_notice(&path, s);
    assert_eq!(notice(&follow), None, "found and unchanged");
    assert_eq!(notice(&demo), None, "follows none");
    let mut changed = demo.clone();
    changed.revision += 3;
    std::fs::write(&previous, convene::store::to_ron(&changed)).unwrap();
    let said = notice(&follow).unwrap();
    assert!(said.contains("has changed since"), "{said}");
    std::fs::remove_file(&previous).unwrap();
    let said = notice(&follow).unwrap();
    assert!(said.contains("march.ron is not beside this one"), "{said}");
}

#[test]
fn a_follow_up_dated_before_the_workshop_it_follows_is_refused_in_the_form() {
    let mut app = start_app(vec![("sessions/demo.ron", demo_session())]);
    keys(&mut app, &["↓", "↓", "f"]);
    // Title, framework, tables, table names, stakeholder mix, then the date.
    keys(&mut app, &["Tab", "Tab", "Tab", "Tab", "Tab", "2026-01-01"]);
    let shown = screen(&app, 120, 40);
    keys(&mut app, &["Enter"]);
    assert!(app.session().is_none(), "nothing was created: {shown}");
    let error = app.start().error.clone().unwrap_or_default();
    assert!(
        error.contains("2026-01-01 is before the workshop it follows"),
        "{error}"
    );
}
