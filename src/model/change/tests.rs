//! Unit tests of applying changes: rollbacks, ids, and what each change undoes.

use super::*;
use crate::framework::Framework;

fn session_with_table_and_themes() -> Session {
    let mut s = Session::new(
        "Test",
        jiff::civil::date(2026, 11, 23),
        Framework::default_framework(),
        "2026-11-23T09:00:00Z".parse().unwrap(),
    );
    let t = s.next_table(None, Vec::new());
    s.apply(Change::AddTable(t)).unwrap();
    for label in ["One", "Two"] {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: label.into(),
            origin: Origin::Person,
            step: None,
            description: String::new(),
        };
        s.apply(Change::AddTheme(theme)).unwrap();
    }
    s
}

#[test]
fn a_refused_batch_leaves_ids_and_step_visits_as_they_were() {
    let mut s = session_with_table_and_themes();
    let before = s.clone();
    let note = s.next_note(TableId(1), "welcome", NoteKind::Idea, "x", s.created);
    let batch = Change::Batch(vec![
        Change::AddNote(note),
        Change::GoToStep {
            step: "welcome".into(),
            at: s.created,
        },
        Change::EditNote {
            id: NoteId(99),
            text: "no such note".into(),
        },
    ]);
    assert_eq!(s.apply(batch), Err(ModelError::UnknownNote(NoteId(99))));
    assert_eq!(s, before);
}

#[test]
fn a_batch_that_cannot_be_taken_back_is_an_error_not_a_crash() {
    // A session built in code, past the checks a file gets: a note with no text.
    let mut s = session_with_table_and_themes();
    let mut note = s.next_note(TableId(1), "welcome", NoteKind::Idea, "x", s.created);
    note.text = String::new();
    s.next_ids.note += 1;
    s.notes.push(note);
    let batch = Change::Batch(vec![
        Change::EditNote {
            id: NoteId(1),
            text: "now with words".into(),
        },
        Change::EditNote {
            id: NoteId(99),
            text: "no such note".into(),
        },
    ]);
    let e = s.apply(batch).unwrap_err();
    assert!(e.left_half_changed(), "{e:?}");
    assert_eq!(
        e.to_string(),
        "there is no note #99; taking back the part already applied failed too \
         (the note's text is empty)"
    );
}

#[test]
fn new_ids_are_not_searched_for_and_old_ones_are() {
    let mut s = session_with_table_and_themes();
    let note = |s: &Session, id: u32| {
        let mut n = s.next_note(TableId(1), "welcome", NoteKind::Idea, "x", s.created);
        n.id = NoteId(id);
        n
    };
    s.apply(Change::AddNote(note(&s, 5))).unwrap();
    s.apply(Change::AddNote(note(&s, 3))).unwrap();
    assert_eq!(s.next_ids.note, 6);
    // Out of id order now: the lookups still find every note.
    assert_eq!(s.note(NoteId(3)).map(|n| n.id), Some(NoteId(3)));
    assert_eq!(
        s.apply(Change::AddNote(note(&s, 3))),
        Err(ModelError::DuplicateId("note #3".into()))
    );
    assert_eq!(
        s.apply(Change::AddNote(note(&s, u32::MAX))),
        Err(ModelError::IdTooLarge("note #4294967295".into()))
    );
    s.revision = u64::MAX;
    assert_eq!(
        s.apply(Change::AddNote(note(&s, 7))),
        Err(ModelError::RevisionFull)
    );
    assert!(s.note(NoteId(7)).is_none());
}

#[test]
fn undoing_a_vote_removal_puts_it_back_in_place() {
    let mut s = session_with_table_and_themes();
    for theme in [ThemeId(2), ThemeId(1)] {
        s.apply(Change::SetVotes {
            table: TableId(1),
            theme,
            dots: 1,
        })
        .unwrap();
    }
    let before = s.clone();
    let undo = s
        .apply(Change::SetVotes {
            table: TableId(1),
            theme: ThemeId(1),
            dots: 0,
        })
        .unwrap()
        .unwrap();
    s.apply(undo).unwrap();
    assert_eq!(s.votes, before.votes);
    let undo = s.apply(Change::DeleteTheme { id: ThemeId(1) }).unwrap();
    s.apply(undo.unwrap()).unwrap();
    assert_eq!(s.votes, before.votes);
}
