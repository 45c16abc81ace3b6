//! The session model without any I/O: changes validate, apply, and undo exactly.

use convene::framework::Framework;
use convene::model::*;
use convene::store::{MemoryStore, SessionStore};

fn session() -> Session {
    let mut s = Session::new(
        "Test workshop",
        jiff::civil::date(2026, 9, 24),
        Framework::default_framework(),
        "2026-09-24T09:00:00Z".parse().unwrap(),
    );
    for mix in [
        vec![Stakeholder::Employer],
        vec![Stakeholder::LivedExperience],
    ] {
        let t = s.next_table(None, mix);
        s.apply(Change::AddTable(t)).unwrap();
    }
    s
}

fn add_note(s: &mut Session, table: u32, text: &str) -> NoteId {
    let n = s.next_note(
        TableId(table),
        "person-centred",
        NoteKind::Idea,
        text,
        s.created,
    );
    let id = n.id;
    s.apply(Change::AddNote(n)).unwrap();
    id
}

fn theme(s: &Session, label: &str) -> Theme {
    Theme {
        id: ThemeId(s.next_ids.theme),
        label: label.into(),
        origin: Origin::Person,
        step: None,
        description: String::new(),
    }
}

#[test]
fn ids_start_at_one_and_are_never_reused() {
    let mut s = session();
    assert_eq!(s.tables[0].id, TableId(1));
    assert_eq!(s.tables[0].letter, "A");
    let a = add_note(&mut s, 1, "first");
    assert_eq!(a, NoteId(1));
    s.apply(Change::DeleteNote { id: a }).unwrap();
    let b = add_note(&mut s, 1, "second");
    assert_eq!(b, NoteId(2), "a deleted note's id is not given again");
}

#[test]
fn invalid_changes_are_errors_and_leave_the_session_unchanged() {
    let mut s = session();
    add_note(&mut s, 1, "a note");
    let before = s.clone();
    let bad = [
        (
            Change::AddNote(s.next_note(
                TableId(9),
                "person-centred",
                NoteKind::Comment,
                "x",
                s.created,
            )),
            ModelError::UnknownTable(TableId(9)),
        ),
        (
            Change::AddNote(s.next_note(
                TableId(1),
                "no-such-step",
                NoteKind::Comment,
                "x",
                s.created,
            )),
            ModelError::UnknownStep("no-such-step".into()),
        ),
        (
            Change::AddNote(s.next_note(
                TableId(1),
                "person-centred",
                NoteKind::Comment,
                "  ",
                s.created,
            )),
            ModelError::Empty {
                what: "the note's text",
            },
        ),
        (
            Change::EditNote {
                id: NoteId(77),
                text: "x".into(),
            },
            ModelError::UnknownNote(NoteId(77)),
        ),
        (
            Change::DeleteNote { id: NoteId(77) },
            ModelError::UnknownNote(NoteId(77)),
        ),
        (
            Change::MoveNote {
                id: NoteId(1),
                table: TableId(5),
                step: "person-centred".into(),
            },
            ModelError::UnknownTable(TableId(5)),
        ),
        (
            Change::PlaceNote {
                note: NoteId(1),
                theme: Some(ThemeId(3)),
                by: Some(Origin::Person),
            },
            ModelError::UnknownTheme(ThemeId(3)),
        ),
        (
            Change::SetVotes {
                table: TableId(1),
                theme: ThemeId(3),
                dots: 1,
            },
            ModelError::UnknownTheme(ThemeId(3)),
        ),
        (
            Change::GoToStep {
                step: "nowhere".into(),
                at: s.created,
            },
            ModelError::UnknownStep("nowhere".into()),
        ),
        (
            Change::RemoveTable { id: TableId(1) },
            ModelError::TableInUse {
                table: TableId(1),
                notes: 1,
                votes: 0,
            },
        ),
    ];
    for (change, expected) in bad {
        assert_eq!(s.apply(change.clone()), Err(expected), "{change:?}");
        assert_eq!(s, before, "{change:?} must not change the session");
    }
    let mut dup = s.next_table(None, vec![]);
    dup.letter = "a".into();
    assert_eq!(
        s.apply(Change::AddTable(dup)),
        Err(ModelError::DuplicateLetter("a".into()))
    );
}

#[test]
fn a_failing_batch_is_rolled_back_whole() {
    let mut s = session();
    let before = s.clone();
    let ok = s.next_note(
        TableId(1),
        "person-centred",
        NoteKind::Idea,
        "fine",
        s.created,
    );
    let bad = Change::EditNote {
        id: NoteId(99),
        text: "x".into(),
    };
    assert!(
        s.apply(Change::Batch(vec![Change::AddNote(ok), bad]))
            .is_err()
    );
    assert_eq!(s.notes, before.notes);
}

#[test]
fn every_inverse_restores_the_session() {
    let mut s = session();
    let n1 = add_note(&mut s, 1, "bus fares");
    let n2 = add_note(&mut s, 2, "school run");
    let t = theme(&s, "Travel");
    let tid = t.id;
    s.apply(Change::AddTheme(t)).unwrap();
    s.apply(Change::PlaceNote {
        note: n1,
        theme: Some(tid),
        by: Some(Origin::Suggested),
    })
    .unwrap();
    s.apply(Change::SetVotes {
        table: TableId(1),
        theme: tid,
        dots: 2,
    })
    .unwrap();
    s.apply(Change::AddResponse(Response {
        id: ResponseId(1),
        target: ResponseTarget::Note(n2),
        kind: ResponseKind::Answered,
        text: "Yes".into(),
        owner: "Council".into(),
        status: ResponseStatus::Done,
    }))
    .unwrap();
    s.apply(Change::AddRecommendation(Recommendation {
        id: RecommendationId(1),
        text: "Later buses".into(),
        audience: "Local policy makers".into(),
        owner: "Transport team".into(),
        timeframe: Some(Timeframe::ThreeMonths),
        themes: vec![tid],
        steps: vec!["person-centred".into()],
        commitments: vec![],
    }))
    .unwrap();
    let changes = vec![
        Change::EditNote {
            id: n1,
            text: "bus fares after 6pm".into(),
        },
        Change::SetNoteKind {
            id: n1,
            kind: NoteKind::Barrier,
        },
        Change::SetNoteFlags {
            id: n1,
            lived_experience: true,
            sensitive: true,
        },
        Change::SetNoteTags {
            id: n1,
            tags: vec!["transport".into()],
        },
        Change::MoveNote {
            id: n1,
            table: TableId(2),
            step: "trauma-awareness".into(),
        },
        Change::DeleteNote { id: n2 },
        Change::DeleteTheme { id: tid },
        Change::SetVotes {
            table: TableId(2),
            theme: tid,
            dots: 3,
        },
        Change::SetVotes {
            table: TableId(1),
            theme: tid,
            dots: 0,
        },
        Change::SetDotsPerTable { dots: 5 },
        Change::UpdateTheme(Theme {
            label: "Getting to work".into(),
            ..s.theme(tid).unwrap().clone()
        }),
        Change::DeleteRecommendation {
            id: RecommendationId(1),
        },
        Change::DeleteResponse { id: ResponseId(1) },
        Change::SetDetails {
            title: "Renamed".into(),
            date: jiff::civil::date(2026, 10, 1),
            venue: "Hall".into(),
            place: "Town".into(),
            facilitators: vec!["Sam".into()],
        },
    ];
    for change in changes {
        let before = s.clone();
        let inverse = s
            .apply(change.clone())
            .unwrap()
            .expect("content changes have inverses");
        assert_ne!(s, before, "{change:?} changed nothing");
        s.apply(inverse).unwrap();
        let mut after = s.clone();
        after.revision = before.revision;
        after.next_ids = before.next_ids;
        assert_eq!(after, before, "undoing {change:?}");
    }
}

#[test]
fn deleting_a_theme_and_undoing_brings_back_placements_votes_and_links() {
    let mut s = session();
    let n = add_note(&mut s, 1, "childcare");
    let t = theme(&s, "Care");
    let tid = t.id;
    s.apply(Change::AddTheme(t)).unwrap();
    s.apply(Change::PlaceNote {
        note: n,
        theme: Some(tid),
        by: Some(Origin::Person),
    })
    .unwrap();
    s.apply(Change::SetVotes {
        table: TableId(2),
        theme: tid,
        dots: 3,
    })
    .unwrap();
    let before = s.clone();
    let inverse = s.apply(Change::DeleteTheme { id: tid }).unwrap().unwrap();
    assert_eq!(s.note(n).unwrap().theme, None);
    assert!(s.votes.is_empty());
    s.apply(inverse).unwrap();
    assert_eq!(s.notes, before.notes);
    assert_eq!(s.votes, before.votes);
    assert_eq!(s.themes, before.themes);
}

#[test]
fn history_undoes_and_redoes_through_the_store() {
    let mut store = MemoryStore::new(session());
    let mut history = History::default();
    let s = store.session();
    let note = s.next_note(
        TableId(1),
        "person-centred",
        NoteKind::Idea,
        "one",
        s.created,
    );
    history.record(store.commit(Change::AddNote(note)).unwrap());
    let at = store.session().created;
    // Navigation is journaled but never undone.
    history.record(
        store
            .commit(Change::GoToStep {
                step: "trauma-awareness".into(),
                at,
            })
            .unwrap(),
    );
    assert_eq!(store.session().notes.len(), 1);

    let undone = history.undo(|c| store.commit(c)).unwrap();
    assert_eq!(undone.as_deref(), Some("deleted note #1"));
    assert!(store.session().notes.is_empty());
    assert_eq!(store.session().current_step().id, "trauma-awareness");
    assert!(history.undo(|c| store.commit(c)).unwrap().is_none());

    history.redo(|c| store.commit(c)).unwrap();
    assert_eq!(store.session().notes[0].text, "one");

    // A refusing disk leaves the history as it was, so the undo can be tried again.
    store.fail_with = Some("disk full".into());
    assert!(history.undo(|c| store.commit(c)).is_err());
    assert!(history.can_undo());
    store.fail_with = None;
    history.undo(|c| store.commit(c)).unwrap();
    assert!(store.session().notes.is_empty());
    // Every step went through commit: add, go-to, undo, redo, undo.
    assert_eq!(store.committed.len(), 5);
}

#[test]
fn a_new_change_clears_redo() {
    let mut store = MemoryStore::new(session());
    let mut history = History::default();
    for text in ["a", "b"] {
        let s = store.session();
        let n = s.next_note(
            TableId(1),
            "person-centred",
            NoteKind::Idea,
            text,
            s.created,
        );
        history.record(store.commit(Change::AddNote(n)).unwrap());
    }
    history.undo(|c| store.commit(c)).unwrap();
    assert!(history.can_redo());
    let s = store.session();
    let n = s.next_note(TableId(1), "person-centred", NoteKind::Idea, "c", s.created);
    history.record(store.commit(Change::AddNote(n)).unwrap());
    assert!(!history.can_redo());
}

#[test]
fn current_step_follows_the_step_log() {
    let mut s = session();
    assert_eq!(s.current_step().id, "welcome");
    s.apply(Change::GoToStep {
        step: "stable-spaces".into(),
        at: s.created,
    })
    .unwrap();
    assert_eq!(s.current_step().id, "stable-spaces");
}

#[test]
fn drafts_come_from_top_voted_themes_in_the_rooms_own_words() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    let mut s = convene::store::parse(&std::fs::read(path).unwrap()).unwrap();
    // Already answered themes get no draft.
    assert!(s.recommendations.iter().all(|r| !r.themes.is_empty()));
    let before = draft_recommendations(&s, 10);
    for d in &before {
        assert!(
            !s.recommendations
                .iter()
                .any(|r| r.themes.contains(&d.themes[0]))
        );
    }
    s.recommendations.clear();
    let drafts = draft_recommendations(&s, 3);
    assert_eq!(drafts.len(), 3);
    let dots: Vec<u32> = drafts.iter().map(|d| s.theme_dots(d.themes[0])).collect();
    assert!(
        dots.windows(2).all(|w| w[0] >= w[1]),
        "most dots first: {dots:?}"
    );
    for d in &drafts {
        let theme = s.theme(d.themes[0]).unwrap();
        assert!(d.text.starts_with(&theme.label));
        // Every quoted sentence is a note of that theme, word for word, and none is sensitive.
        for quote in d.text.split('“').skip(1) {
            let quoted = quote.split('”').next().unwrap();
            let note = s
                .notes
                .iter()
                .find(|n| n.text.trim() == quoted)
                .expect("quotes a real note");
            assert_eq!(note.theme, Some(theme.id));
            assert!(!note.sensitive);
        }
        assert!(
            d.owner.is_empty() && d.timeframe.is_none(),
            "no invented owner or date"
        );
    }
    // Drafts apply as they are.
    for d in drafts {
        s.apply(Change::AddRecommendation(d)).unwrap();
    }
}

#[test]
fn a_new_table_takes_the_first_free_letter() {
    let mut s = Session::new(
        "Letters",
        jiff::civil::date(2026, 11, 23),
        Framework::default_framework(),
        "2026-11-23T09:00:00Z".parse().unwrap(),
    );
    for letter in ["A", "B", "Z"] {
        let mut t = s.next_table(None, Vec::new());
        t.letter = letter.to_string();
        s.apply(Change::AddTable(t)).unwrap();
    }
    assert_eq!(s.next_table(None, Vec::new()).letter, "C");
}

#[test]
fn a_draft_of_a_theme_with_one_dot_says_1_dot() {
    let mut s = session();
    add_note(&mut s, 1, "Buses after six");
    let t = theme(&s, "Travel");
    let id = t.id;
    s.apply(Change::AddTheme(t)).unwrap();
    s.apply(Change::PlaceNote {
        note: NoteId(1),
        theme: Some(id),
        by: Some(Origin::Person),
    })
    .unwrap();
    for (dots, words) in [(1, "(1 dot)."), (2, "(2 dots).")] {
        s.apply(Change::SetVotes {
            table: TableId(1),
            theme: id,
            dots,
        })
        .unwrap();
        let drafts = draft_recommendations(&s, 3);
        assert!(
            drafts[0].text.starts_with(&format!("Travel {words}")),
            "{}",
            drafts[0].text
        );
    }
    // Messages count in words too.
    let busy = ModelError::TableInUse {
        table: TableId(1),
        notes: 1,
        votes: 1,
    };
    assert_eq!(
        busy.to_string(),
        "table #1 still has 1 note and 1 vote; move or delete them first"
    );
    let one = Change::SetVotes {
        table: TableId(1),
        theme: id,
        dots: 1,
    };
    assert!(one.describe().contains(": 1 dot on "), "{}", one.describe());
    assert_eq!(
        Change::SetDotsPerTable { dots: 1 }.describe(),
        "1 dot per table"
    );
}

#[test]
fn drafts_follow_the_rooms_ranking() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    let mut s = convene::store::parse(&std::fs::read(path).unwrap()).unwrap();
    s.recommendations.clear();
    let drafts: Vec<ThemeId> = draft_recommendations(&s, 100)
        .iter()
        .map(|d| d.themes[0])
        .collect();
    let ranked: Vec<ThemeId> = ranking(&s)
        .iter()
        .filter(|r| r.dots > 0)
        .map(|r| r.theme)
        .collect();
    assert_eq!(drafts, ranked);
}

#[test]
fn a_date_before_the_workshop_is_flagged_but_never_refused() {
    let mut s = session();
    assert_eq!(s.date, jiff::civil::date(2026, 9, 24));
    let early = Timeframe::By(jiff::civil::date(2026, 1, 3));
    assert_eq!(
        timeframe_fault(&s, &early).as_deref(),
        Some("the date 2026-01-03 is before the workshop (2026-09-24)")
    );
    for fine in [
        Timeframe::By(s.date),
        Timeframe::By(jiff::civil::date(2027, 1, 3)),
        Timeframe::Now,
        Timeframe::ThreeMonths,
        Timeframe::TwelveMonths,
    ] {
        assert_eq!(timeframe_fault(&s, &fine), None, "{fine:?}");
    }
    // Sessions saved with such a date still apply, replay and load: it is a warning.
    let rec = Recommendation {
        id: RecommendationId(s.next_ids.recommendation),
        text: "Run the evening bus".into(),
        audience: "Employers".into(),
        owner: String::new(),
        timeframe: Some(early),
        themes: Vec::new(),
        steps: Vec::new(),
        commitments: Vec::new(),
    };
    let id = rec.id;
    s.apply(Change::AddRecommendation(rec)).unwrap();
    assert!(s.problems().is_empty());
    let text = convene::store::to_ron(&s);
    let back = convene::store::parse(text.as_bytes()).unwrap();
    assert_eq!(back, s);
    assert_eq!(
        timeframe_faults(&back),
        vec![(
            id,
            "the date 2026-01-03 is before the workshop (2026-09-24)".to_string()
        )]
    );
    // Moving the workshop's date earlier than the timeframe clears the warning.
    s.apply(Change::SetDetails {
        title: s.title.clone(),
        date: jiff::civil::date(2026, 1, 2),
        venue: String::new(),
        place: String::new(),
        facilitators: Vec::new(),
    })
    .unwrap();
    assert!(timeframe_faults(&s).is_empty());
}

#[test]
fn submissions_wait_and_are_accepted_edited_or_rejected_never_dropped() {
    let mut s = session();
    let sent = |s: &Session, text: &str| {
        s.next_note(
            TableId(1),
            "person-centred",
            NoteKind::Idea,
            text,
            s.created,
        )
    };
    let a = sent(&s, "Buses after the late shift");
    let (ida, before) = (a.id, s.clone());
    s.apply(Change::Submit(a)).unwrap();
    assert!(s.notes.is_empty(), "a submission is not on the board");
    assert_eq!(s.waiting_submissions().count(), 1);
    let b = sent(&s, "Childcare at interviews");
    assert_ne!(b.id, ida, "a submission takes a note id of its own");
    let idb = b.id;
    s.apply(Change::Submit(b)).unwrap();
    // Accepted with an edit: on the board with the new text; the submission keeps the room's.
    let reopen = s
        .apply(Change::Accept {
            id: ida,
            text: "Buses after the late shift ends".into(),
        })
        .unwrap()
        .unwrap();
    assert_eq!(s.note(ida).unwrap().text, "Buses after the late shift ends");
    assert_eq!(
        s.submission(ida).unwrap().note.text,
        "Buses after the late shift"
    );
    assert_eq!(s.submission(ida).unwrap().review, Review::Accepted);
    // Rejected: kept, marked, not on the board.
    s.apply(Change::Reject { id: idb }).unwrap();
    assert!(s.note(idb).is_none());
    assert_eq!(s.submission(idb).unwrap().review, Review::Rejected);
    assert_eq!(s.waiting_submissions().count(), 0);
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    // Not twice.
    assert!(s.apply(Change::Reject { id: ida }).is_err());
    assert!(
        s.apply(Change::Accept {
            id: idb,
            text: "x".into()
        })
        .is_err()
    );
    // Undoing the accept takes the note off the board and puts it back in the queue.
    s.apply(reopen).unwrap();
    assert!(s.note(ida).is_none());
    assert_eq!(s.submission(ida).unwrap().review, Review::Waiting);
    // A session file keeps them.
    let text = convene::store::to_ron(&s);
    assert_eq!(convene::store::parse(text.as_bytes()).unwrap(), s);
    // The inverse of a submission takes it away.
    let mut s = before.clone();
    let a = sent(&s, "x");
    let undo = s.apply(Change::Submit(a)).unwrap().unwrap();
    assert!(matches!(undo, Change::Unsubmit { .. }));
    let id = s.submissions[0].note.id;
    s.apply(Change::Unsubmit { id }).unwrap();
    assert!(s.submissions.is_empty());
}
