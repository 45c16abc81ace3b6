//! What each fuzz target does with its bytes: shared by the libFuzzer binaries in `fuzz_targets/`
//! and by the test that replays the saved corpus under `cargo test` (tests/bad_files.rs).
//!
//! Every target feeds bytes from outside to one of convene's readers. A reader may refuse the
//! bytes, never panic; whatever it accepts must behave like a valid value of its kind.
#![allow(dead_code)] // each binary uses one of these

use convene::cluster::Lexicon;
use convene::cluster::text::Analyzer;
use convene::export::{CsvTable, Options};
use convene::framework::Framework;
use convene::model::{
    Change, NoteId, NoteKind, Origin, Response, ResponseId, ResponseKind, ResponseStatus,
    ResponseTarget, Session, Stakeholder, TableId, Theme, ThemeId,
};
use std::sync::OnceLock;

/// A session file as `convene check`, `open` and `review` read it. What parses must be a
/// session every change path accepts: it writes back to the same session, and a batch that
/// touches any item and then fails rolls back to exactly what was there.
pub fn session(data: &[u8]) {
    let Ok(session) = convene::store::parse(data) else {
        return;
    };
    let text = convene::store::to_ron(&session);
    let again = convene::store::parse(text.as_bytes()).expect("a session convene wrote parses");
    assert_eq!(
        again, session,
        "the session changed on its way through the file"
    );
    rollbacks(&session);
}

/// Every export of a session runs (the corpus replay test calls this for the sessions kept).
pub fn exports(session: &Session) {
    for options in [
        Options::default(),
        Options {
            include_sensitive: true,
            anonymise: true,
        },
    ] {
        let _ = convene::export::markdown(session, &options);
        let _ = convene::export::html(session, &options);
        let _ = convene::export::json(session, &options);
        for table in [CsvTable::Notes, CsvTable::Themes, CsvTable::Recommendations] {
            let _ = convene::export::csv(session, &options, table);
        }
    }
}

/// For each item, a batch that removes it and then fails must leave the session as it was.
fn rollbacks(session: &Session) {
    let fails = Change::EditNote {
        id: NoteId(u32::MAX),
        text: "x".into(),
    };
    let mut removals: Vec<Change> = Vec::new();
    removals.extend(
        session
            .notes
            .iter()
            .map(|n| Change::DeleteNote { id: n.id }),
    );
    removals.extend(
        session
            .themes
            .iter()
            .map(|t| Change::DeleteTheme { id: t.id }),
    );
    removals.extend(
        session
            .recommendations
            .iter()
            .map(|r| Change::DeleteRecommendation { id: r.id }),
    );
    removals.extend(
        session
            .responses
            .iter()
            .map(|r| Change::DeleteResponse { id: r.id }),
    );
    removals.extend(
        session
            .tables
            .iter()
            .map(|t| Change::RemoveTable { id: t.id }),
    );
    for removal in removals.into_iter().take(16) {
        let mut copy = session.clone();
        let result = copy.apply(Change::Batch(vec![removal, fails.clone()]));
        assert!(result.is_err(), "the batch ends with a change that fails");
        assert_eq!(&copy, session, "a failed batch left the session changed");
    }
}

/// The session every journal is replayed onto: three tables, a theme, three notes (one placed
/// in the theme), two dots and a response. Small, so that a replay costs little besides itself.
pub fn base() -> &'static Session {
    static BASE: OnceLock<Session> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = Session::new(
            "Riverside",
            jiff::civil::date(2026, 11, 23),
            Framework::default_framework(),
            jiff::Timestamp::UNIX_EPOCH,
        );
        for mix in [
            vec![Stakeholder::Employer, Stakeholder::LivedExperience],
            vec![Stakeholder::PublicSector],
            vec![],
        ] {
            let t = s.next_table(None, mix);
            s.apply(Change::AddTable(t)).unwrap();
        }
        s.apply(Change::AddTheme(Theme {
            id: ThemeId(1),
            label: "Transport".into(),
            origin: Origin::Person,
            step: None,
            description: String::new(),
        }))
        .unwrap();
        for (i, text) in ["Bus passes", "Why no evening jobs?", "Ramps"]
            .into_iter()
            .enumerate()
        {
            let table = s.tables[i].id;
            let n = s.next_note(table, "person-centred", NoteKind::Idea, text, s.created);
            s.apply(Change::AddNote(n)).unwrap();
        }
        let changes = [
            Change::PlaceNote {
                note: NoteId(1),
                theme: Some(ThemeId(1)),
                by: Some(Origin::Person),
            },
            Change::SetVotes {
                table: TableId(2),
                theme: ThemeId(1),
                dots: 2,
            },
            Change::AddResponse(Response {
                id: ResponseId(1),
                target: ResponseTarget::Note(NoteId(2)),
                kind: ResponseKind::Answered,
                text: "Evening shifts are being piloted".into(),
                owner: "Council".into(),
                status: ResponseStatus::InProgress,
            }),
        ];
        for change in changes {
            s.apply(change).unwrap();
        }
        s
    })
}

/// A journal replayed onto [`base`], as opening a session does after a crash.
pub fn journal(data: &[u8]) {
    let mut session = base().clone();
    let path = std::path::Path::new("fuzz.ron.journal");
    if let Ok(read) = convene::store::journal::parse(data, path) {
        let _ = convene::store::replay(&mut session, read.entries, path);
    }
    // Whatever was replayed must still be a valid session.
    assert!(session.problems().is_empty(), "{:?}", session.problems());
}

/// A framework file (`--framework PATH`, the config folder's frameworks).
pub fn framework(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(framework) = Framework::parse(text, "fuzz.ron") else {
        return;
    };
    // A framework that parses can run a workshop: a session on it writes and reads back.
    let session = Session::new(
        "Fuzz",
        jiff::civil::date(2026, 1, 1),
        framework,
        jiff::Timestamp::UNIX_EPOCH,
    );
    let text = convene::store::to_ron(&session);
    let again = convene::store::parse(text.as_bytes()).expect("a new session parses");
    assert_eq!(again, session);
}

/// A spreadsheet of notes for `convene import`.
pub fn import(data: &[u8]) {
    let Ok(sheet) = convene::import::read(data) else {
        return;
    };
    for (_, cells) in &sheet.rows {
        for cell in cells {
            let _ = convene::import::check_text(cell);
        }
    }
}

/// A lexicon (`--lexicon FILE`, `lexicon.ron` in the config folder), then used on a note.
pub fn lexicon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(lexicon) = Lexicon::parse(text, "fuzz.ron") else {
        return;
    };
    let analyzer = Analyzer::new(&lexicon);
    let _ = analyzer.analyse("Childcare and the school run; the OLW; buses stop at 6pm");
}

/// The preferences file (`config.ron`).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = convene::store::config::parse(text, std::path::Path::new("config.ron"));
}
