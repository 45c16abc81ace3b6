//! The wall (`convene wall FILE`): render snapshots at the projector's 64×18 and at 120×40,
//! what it never shows, any size without panicking, and following a file as it grows.

use crate::common;

use common::*;
use convene::model::{Change, NoteKind, Session, Sharing, TimerState, Vote};
use convene::store::{SessionFile, SessionStore};
use convene::tui::palette::Preset;
use convene::tui::wall::{Followed, Stamps, TROUBLE_AFTER, Wall};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

const SIZES: [(u16, u16); 2] = [(64, 18), (120, 40)];

const SECRET: &str = "my manager shouted at me in front of everyone";
const TYPED: &str = "the facilitator is typing this";

/// The demo session at `step`, a sensitive note added, the timer running for 4½ minutes of 15.
fn session_at(step: &str) -> Session {
    let mut s = demo_session();
    s.apply(Change::GoToStep {
        step: step.into(),
        at: wall(),
    })
    .unwrap();
    let table = s.tables[1].id;
    let mut note = s.next_note(table, step, NoteKind::Barrier, SECRET, wall());
    note.sensitive = true;
    s.apply(Change::AddNote(note)).unwrap();
    let since: jiff::Timestamp = "2026-09-24T10:27:00Z".parse().unwrap();
    s.apply(Change::SetTimer(TimerState {
        step: step.into(),
        duration_ms: Some(15 * 60_000),
        run_ms: 90_000,
        running_since: Some(since),
    }))
    .unwrap();
    s
}

fn wall_of(session: Session) -> Wall {
    Wall::new(
        Path::new("workshop.ron"),
        session,
        Stamps::default(),
        Preset::Light,
        wall(),
    )
}

fn draw(w: &Wall, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(w, f.area())).unwrap();
    terminal
}

fn text(w: &Wall, width: u16, height: u16) -> String {
    let terminal = draw(w, width, height);
    let buf = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The wall in each state worth seeing.
fn walls() -> Vec<(&'static str, Wall)> {
    let principle = wall_of(session_at("person-centred"));
    let mut down = session_at("person-centred");
    down.apply(Change::SetFaceDown(true)).unwrap();
    let mut sharing = session_at("invested-commitment");
    sharing
        .apply(Change::SetSharing(Some(Sharing {
            url: "http://192.168.1.20:7070/j/K7MQ2XD".into(),
            code: "K7MQ2XD".into(),
        })))
        .unwrap();
    let mut voting = session_at("themes-and-votes");
    let (a, b) = (voting.tables[0].id, voting.tables[1].id);
    let themes: Vec<_> = voting.themes.iter().map(|t| t.id).collect();
    voting.votes = vec![
        Vote {
            table: a,
            theme: themes[1],
            dots: 3,
        },
        Vote {
            table: b,
            theme: themes[1],
            dots: 2,
        },
        Vote {
            table: b,
            theme: themes[0],
            dots: 1,
        },
    ];
    vec![
        ("principle", principle),
        ("face_down", wall_of(down)),
        ("sharing", wall_of(sharing)),
        ("voting", wall_of(voting)),
    ]
}

#[test]
fn wall_snapshots_at_the_projectors_sizes() {
    for (name, w) in walls() {
        for (width, height) in SIZES {
            let terminal = draw(&w, width, height);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn the_wall_never_shows_sensitive_text_typing_or_guidance() {
    for (name, mut w) in walls() {
        // Whatever the facilitator's screen holds is not in the session: only what is saved
        // can reach the wall, and the guidance of a step never does.
        let guidance = w.session.current_step().guidance.clone();
        for (width, height) in [(64, 18), (80, 24), (120, 40), (200, 60)] {
            let screen = text(&w, width, height);
            assert!(!screen.contains("manager shouted"), "{name}:\n{screen}");
            assert!(!screen.contains(TYPED), "{name}");
            if guidance.len() > 20 {
                assert!(!screen.contains(&guidance[..20]), "{name}:\n{screen}");
            }
        }
        w.session.face_down = true;
        let screen = text(&w, 120, 40);
        for note in w.step_notes() {
            let words: String = note.text.chars().take(16).collect();
            assert!(
                words.trim().len() < 8 || !screen.contains(&words),
                "{name}: face down, yet «{words}» shows:\n{screen}"
            );
        }
    }
    let w = wall_of(session_at("person-centred"));
    let screen = text(&w, 64, 18);
    assert!(screen.contains("sensitive — hidden"), "{screen}");
    assert!(screen.contains("PRINCIPLE 1"), "{screen}");
    assert!(screen.contains("⏱ 10:30"), "{screen}");
}

#[test]
fn the_wall_draws_at_any_size_without_panicking() {
    for (_, mut w) in walls() {
        for width in 0..=70 {
            for height in 0..=20 {
                draw(&w, width, height);
            }
        }
        for (width, height) in [(200, 60), (300, 100), (1, 200), (400, 2)] {
            draw(&w, width, height);
        }
        w.help = true;
        w.trouble = Some(convene::tui::wall::Trouble {
            message: "workshop.ron is not there (moved or deleted?)".into(),
            attempts: TROUBLE_AFTER,
        });
        for (width, height) in [(64, 18), (10, 3), (3, 3)] {
            draw(&w, width, height);
        }
    }
}

#[test]
fn the_wall_follows_a_file_as_it_grows_through_a_torn_line_and_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workshop.ron");
    let mut store = SessionFile::create(&path, empty_session(2)).unwrap();
    let step = store.session().current_step().id.clone();
    let mut w = Wall::open(&path, Preset::Light, wall()).unwrap();
    assert_eq!(w.follow(), Followed::Unchanged);
    assert!(w.step_notes().is_empty());

    let add = |store: &mut SessionFile, text: &str| {
        let table = store.session().tables[0].id;
        let note = store
            .session()
            .next_note(table, &step, NoteKind::Idea, text, wall());
        store.commit(Change::AddNote(note)).unwrap();
    };
    add(&mut store, "a bus that runs after the late shift");
    assert_eq!(w.follow(), Followed::Reloaded);
    let texts =
        |w: &Wall| -> Vec<String> { w.step_notes().iter().map(|n| n.text.clone()).collect() };
    assert_eq!(texts(&w), ["a bus that runs after the late shift"]);
    assert!(text(&w, 64, 18).contains("a bus that runs"));

    // The writer is halfway through a line: the wall keeps what is whole, says nothing.
    add(&mut store, "childcare at the job centre");
    let journal = convene::store::journal::journal_path(&path);
    let whole = std::fs::read(&journal).unwrap();
    std::fs::write(&journal, &whole[..whole.len() - 20]).unwrap();
    assert_eq!(w.follow(), Followed::Reloaded);
    assert_eq!(texts(&w).len(), 1);
    assert_eq!(w.trouble, None);
    assert!(!text(&w, 64, 18).contains("cut off"));
    std::fs::write(&journal, &whole).unwrap();
    assert_eq!(w.follow(), Followed::Reloaded);
    assert_eq!(texts(&w).len(), 2);

    // The file goes away: the last good session stays, and lasting trouble is mentioned.
    let aside = dir.path().join("aside.ron");
    std::fs::rename(&path, &aside).unwrap();
    for attempt in 1..=TROUBLE_AFTER {
        assert!(matches!(w.follow(), Followed::Failed(_)));
        assert_eq!(texts(&w).len(), 2);
        assert_eq!(w.lasting_trouble().is_some(), attempt >= TROUBLE_AFTER);
    }
    let screen = text(&w, 64, 18);
    assert!(screen.contains("not there"), "{screen}");
    assert!(screen.contains("childcare"), "{screen}");
    std::fs::rename(&aside, &path).unwrap();
    assert_eq!(w.follow(), Followed::Reloaded);
    assert_eq!(w.trouble, None);

    // A broken snapshot: kept showing, said once it lasts.
    let good = std::fs::read(&path).unwrap();
    std::fs::write(&path, b"(schema: 1, this is not a session").unwrap();
    for _ in 0..TROUBLE_AFTER {
        assert!(matches!(w.follow(), Followed::Failed(_)));
    }
    assert!(w.lasting_trouble().unwrap().contains("cannot be read"));
    assert_eq!(texts(&w).len(), 2);
    std::fs::write(&path, good).unwrap();
    assert_eq!(w.follow(), Followed::Reloaded);
    // The writer goes on as before.
    add(&mut store, "a third note");
    assert_eq!(w.follow(), Followed::Reloaded);
    assert_eq!(texts(&w).len(), 3);
}

#[test]
fn the_timer_is_read_from_the_session_and_the_clock() {
    let mut w = wall_of(session_at("person-centred"));
    // 90 s run, then started 3½ minutes before the clock: 10:30 of 15:00 left.
    let (reading, running) = w.timer().unwrap();
    assert_eq!((reading.text(), running), ("10:30".to_string(), true));
    w.now = "2026-09-24T10:45:00Z".parse().unwrap();
    let (reading, _) = w.timer().unwrap();
    assert_eq!(reading.text(), "+04:30");
    assert!(text(&w, 64, 18).contains("time is up"));
    // Another step's timer is not this step's.
    w.session
        .apply(Change::GoToStep {
            step: "invested-commitment".into(),
            at: wall(),
        })
        .unwrap();
    assert!(w.timer().is_none());
}

/// The demo's follow-up at "Since last time": the first item done, the second in progress, the
/// third sensitive (its text a secret).
fn follow_up_wall(now: jiff::Timestamp) -> Wall {
    let mut s = follow_up_session();
    s.apply(Change::GoToStep {
        step: convene::model::SINCE_LAST_TIME.into(),
        at: wall(),
    })
    .unwrap();
    let f = s.follow_up.as_mut().unwrap();
    f.items[2].sensitive = true;
    f.items[2].text = SECRET.into();
    let ids: Vec<_> = f.items.iter().map(|i| i.id).collect();
    for (id, status, done) in [
        (ids[0], convene::model::ItemStatus::Done, "Three routes run"),
        (ids[1], convene::model::ItemStatus::InProgress, ""),
    ] {
        s.apply(Change::UpdateItem {
            id,
            status,
            done: done.into(),
        })
        .unwrap();
    }
    let mut w = wall_of(s);
    w.now = now;
    w
}

#[test]
fn the_follow_up_step_on_the_wall_at_80x24_and_120x40() {
    let w = follow_up_wall(wall());
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = draw(&w, width, height);
        insta::assert_snapshot!(format!("follow_up_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn the_wall_shows_last_times_promises_in_words_hides_sensitive_ones_and_turns_pages() {
    let w = follow_up_wall(wall());
    let first = text(&w, 80, 24);
    assert!(
        first.contains("✓ 1 done · ◐ 5 in progress · ○ 13 open · ⚠ 2 overdue"),
        "{first}"
    );
    assert!(first.contains("✓ done"), "{first}");
    assert!(first.contains("◐ in progress"), "{first}");
    assert!(first.contains("page 1 of"), "{first}");
    for (width, height) in [(64, 18), (80, 24), (120, 40), (200, 60)] {
        // Every page, at every size: never the sensitive item's text.
        for seconds in (0..120).step_by(15) {
            let w = follow_up_wall(wall() + jiff::SignedDuration::from_secs(seconds));
            let shown = text(&w, width, height);
            assert!(!shown.contains("shouted"), "{width}x{height}\n{shown}");
        }
    }
    // Pages turn with the clock, and the overdue items come round with the words.
    let mut seen_overdue = false;
    let mut pages = std::collections::BTreeSet::new();
    for seconds in (0..300).step_by(15) {
        let w = follow_up_wall(wall() + jiff::SignedDuration::from_secs(seconds));
        let shown = text(&w, 80, 24);
        seen_overdue |= shown.contains("⚠ overdue since 2026-09-24");
        if let Some(at) = shown.find("page ") {
            pages.insert(shown[at..at + 6].to_string());
        }
    }
    assert!(seen_overdue, "the overdue items are shown on some page");
    assert!(pages.len() > 1, "{pages:?}");
    // A large screen holds more of them at once.
    let big = text(&follow_up_wall(wall()), 200, 60);
    assert!(big.contains(" 1 ✓ done"), "{big}");
}

#[test]
fn a_wall_at_a_follow_up_step_of_a_session_that_follows_none_says_so() {
    let mut s = empty_session(2);
    s.framework = convene::model::with_follow_up_step(s.framework.clone());
    s.apply(Change::GoToStep {
        step: convene::model::SINCE_LAST_TIME.into(),
        at: wall(),
    })
    .unwrap();
    let shown = text(&wall_of(s), 80, 24);
    assert!(shown.contains("follows no earlier one"), "{shown}");
}
