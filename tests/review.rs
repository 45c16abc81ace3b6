//! The review library: discovery, the read-only guarantee, journal-only notes, filters,
//! search and highlighting, comparison, and the combined CSV read back.

use crate::review_common as common;

use common::{demo, fingerprint, riverside, write};
use convene::export::Options;
use convene::model::*;
use convene::review::*;
use convene::store::review::discover;
use convene::store::{SessionFile, SessionStore};
use std::path::{Path, PathBuf};

fn open(paths: &[PathBuf]) -> Library {
    let mut calls = 0;
    let library = Library::open(paths, &mut |p| {
        calls += 1;
        assert_eq!(p.done, calls);
        assert!(p.done <= p.total);
    });
    assert_eq!(calls, library.sessions().len() + load_failures(&library));
    library
}

fn load_failures(library: &Library) -> usize {
    // Skipped files that were found and then failed to load (not missing paths).
    library
        .skipped()
        .iter()
        .filter(|s| s.path.is_file() && s.path.extension().is_some_and(|e| e == "ron"))
        .count()
}

/// A folder tree with two sessions, a broken one, and files that are not sessions.
fn tree(root: &Path) {
    write(&root.join("2026/brackenford.ron"), &demo());
    write(&root.join("2026/october/riverside.ron"), &riverside());
    std::fs::write(
        root.join("2026/october/broken.ron"),
        "// A convene workshop session (schema 1).\n(\n    schema: 1,\n    revision: \"oops,\n",
    )
    .unwrap();
    // Beside-files and other RON that must not be taken for sessions.
    std::fs::write(root.join("2026/brackenford.ron.bak"), "(schema: 1)").unwrap();
    std::fs::write(root.join("2026/brackenford.ron.lock"), "pid 1").unwrap();
    std::fs::write(root.join("2026/brackenford.ron.journal"), "").unwrap();
    std::fs::write(root.join("2026/.convene-x.tmp"), "(schema: 1)").unwrap();
    std::fs::write(root.join("2026/.hidden.ron"), "(schema: 1)").unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/frameworks/six-principles.ron"
        ),
        root.join("2026/a-framework.ron"),
    )
    .unwrap();
    std::fs::write(root.join("notes.txt"), "not a session").unwrap();
}

#[test]
fn discovery_is_recursive_and_skips_what_is_not_a_session() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let missing = dir.path().join("nowhere");
    let found = discover(&[dir.path().to_path_buf(), missing.clone()]);
    let names: Vec<String> = found
        .sessions
        .iter()
        .map(|p| {
            p.strip_prefix(dir.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "2026/brackenford.ron",
            "2026/october/broken.ron",
            "2026/october/riverside.ron"
        ]
    );
    assert_eq!(found.skipped.len(), 1);
    assert_eq!(found.skipped[0].path, missing);
    // A file named directly is taken even without the .ron extension.
    let direct = discover(&[dir.path().join("notes.txt")]);
    assert_eq!(direct.sessions, [dir.path().join("notes.txt")]);
}

#[test]
fn bad_files_are_reported_with_their_position_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let library = open(&[dir.path().to_path_buf()]);
    assert_eq!(library.sessions().len(), 2);
    assert_eq!(library.skipped().len(), 1);
    let bad = &library.skipped()[0];
    assert!(bad.path.ends_with("broken.ron"));
    let shown = bad.to_string();
    let prefix = format!("{}:4:", bad.path.display());
    assert!(shown.starts_with(&prefix), "{shown}");
    assert_eq!(
        library.rows().len(),
        demo().notes.len() + riverside().notes.len()
    );
}

#[test]
fn review_never_writes_and_works_while_a_facilitator_holds_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.ron");
    let session = riverside();
    let snapshot_notes = session.notes.len();
    // The facilitator has the session open (lock held) and adds two notes: journal only.
    let mut live = SessionFile::create(&path, session).unwrap();
    let table = live.session().tables[0].id;
    let mut added = Vec::new();
    for text in ["Written after the last save", "Another one, still unsaved"] {
        let note = live.session().next_note(
            table,
            "person-centred",
            NoteKind::Idea,
            text,
            jiff::Timestamp::now(),
        );
        added.push(note.id);
        live.commit(Change::AddNote(note)).unwrap();
    }
    write(&dir.path().join("other.ron"), &demo());
    let before = fingerprint(dir.path());
    assert!(before.contains_key(&dir.path().join("live.ron.journal")));
    assert!(before.contains_key(&dir.path().join("live.ron.lock")));

    let library = open(&[dir.path().to_path_buf()]);
    let f = Filter::default();
    let rows = library.filter(&f);
    let _ = library.summary(&rows);
    let _ = library.csv(&rows, &Options::default());
    let _ = library.qdpx(&rows, &Options::default());

    assert_eq!(fingerprint(dir.path()), before, "nothing was written");
    assert!(library.skipped().is_empty(), "{:?}", library.skipped());
    let live_session = library
        .sessions()
        .iter()
        .find(|s| s.path.ends_with("live.ron"))
        .unwrap();
    assert_eq!(live_session.session.notes.len(), snapshot_notes + 2);
    assert_eq!(live_session.replayed, 2);
    let mut only: Vec<NoteId> = live_session.journal_only.iter().copied().collect();
    only.sort();
    assert_eq!(only, added);
    let marked: Vec<NoteId> = library
        .rows()
        .iter()
        .filter(|r| r.journal_only)
        .map(|r| r.id)
        .collect();
    assert_eq!(marked, added);
    assert_eq!(library.journal_only_count(), 2);
    let row = library.rows().iter().position(|r| r.journal_only).unwrap();
    assert!(library.provenance(row).journal_only);
    assert!(library.summary(&rows).contains("2 notes only in a journal"));
    // The facilitator can still write afterwards: the lock was never touched.
    let note = live.session().next_note(
        table,
        "person-centred",
        NoteKind::Idea,
        "after",
        jiff::Timestamp::now(),
    );
    live.commit(Change::AddNote(note)).unwrap();
}

fn library() -> Library {
    Library::from_sessions(vec![
        LoadedSession::in_memory("a/demo.ron", demo()),
        LoadedSession::in_memory("b/riverside.ron", riverside()),
    ])
}

/// Rows that pass a predicate over (session, note), computed the slow way.
fn expect(
    library: &Library,
    include_sensitive: bool,
    keep: impl Fn(&Session, &Note) -> bool,
) -> Vec<usize> {
    library
        .rows()
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let s = &library.session_of(*i).session;
            let n = library.note(*i);
            (include_sensitive || !n.sensitive) && keep(s, n)
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn each_filter_selects_exactly_the_matching_notes() {
    let lib = library();
    let all = lib.filter(&Filter::default());
    assert_eq!(all, expect(&lib, false, |_, _| true));
    assert!(
        all.len() < lib.rows().len(),
        "sensitive notes are left out by default"
    );
    let with_sensitive = lib.filter(&Filter {
        include_sensitive: true,
        ..Filter::default()
    });
    assert_eq!(with_sensitive.len(), lib.rows().len());

    let f = Filter {
        principle: Some("1".into()),
        ..Filter::default()
    };
    let got = lib.filter(&f);
    assert!(!got.is_empty());
    assert_eq!(got, expect(&lib, false, |_, n| n.step == "person-centred"));

    let f = Filter {
        step: Some("trauma-awareness".into()),
        ..Filter::default()
    };
    assert_eq!(
        lib.filter(&f),
        expect(&lib, false, |_, n| n.step == "trauma-awareness")
    );

    let f = Filter {
        kind: Some(NoteKind::Barrier),
        ..Filter::default()
    };
    assert_eq!(
        lib.filter(&f),
        expect(&lib, false, |_, n| n.kind == NoteKind::Barrier)
    );

    let f = Filter {
        stakeholder: Some(Stakeholder::TradeUnion),
        ..Filter::default()
    };
    let got = lib.filter(&f);
    assert!(!got.is_empty());
    assert_eq!(
        got,
        expect(&lib, false, |s, n| s
            .table(n.table)
            .unwrap()
            .mix
            .contains(&Stakeholder::TradeUnion))
    );

    let f = Filter {
        tag: Some("TRANSPORT".into()),
        ..Filter::default()
    };
    let got = lib.filter(&f);
    assert_eq!(
        got,
        expect(&lib, false, |_, n| n
            .tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case("transport")))
    );
    assert!(got.len() >= 2);

    let label = "travel to work AFTER 6pm";
    let f = Filter {
        theme: Some(ThemeFilter::Label(label.into())),
        ..Filter::default()
    };
    let got = lib.filter(&f);
    let sessions: std::collections::BTreeSet<u32> =
        got.iter().map(|&i| lib.rows()[i].session).collect();
    assert_eq!(sessions.len(), 2, "the same theme label in both workshops");
    assert_eq!(
        got,
        expect(&lib, false, |s, n| n
            .theme
            .and_then(|t| s.theme(t))
            .is_some_and(|t| t.label.eq_ignore_ascii_case(label)))
    );
    let f = Filter {
        theme: Some(ThemeFilter::Unthemed),
        ..Filter::default()
    };
    assert_eq!(
        lib.filter(&f),
        expect(&lib, false, |_, n| n.theme.is_none())
    );

    let status_of = |s: &Session, n: &Note| {
        s.responses
            .iter()
            .rev()
            .find(|r| r.target == ResponseTarget::Note(n.id))
            .map(|r| r.status)
    };
    for (want, check) in [
        (
            ResponseFilter::Status(ResponseStatus::Done),
            Box::new(move |s: &Session, n: &Note| status_of(s, n) == Some(ResponseStatus::Done))
                as Box<dyn Fn(&Session, &Note) -> bool>,
        ),
        (
            ResponseFilter::None,
            Box::new(move |s: &Session, n: &Note| status_of(s, n).is_none()),
        ),
        (
            ResponseFilter::Any,
            Box::new(move |s: &Session, n: &Note| status_of(s, n).is_some()),
        ),
    ] {
        let f = Filter {
            response: Some(want),
            ..Filter::default()
        };
        let got = lib.filter(&f);
        assert!(!got.is_empty(), "{want:?}");
        assert_eq!(got, expect(&lib, false, check), "{want:?}");
    }

    let f = Filter {
        sessions: Some(vec![1]),
        ..Filter::default()
    };
    assert_eq!(
        lib.filter(&f),
        expect(&lib, false, |s, _| s.title.starts_with("Riverside"))
    );

    // Filters combine; unknown values match nothing.
    let f = Filter {
        principle: Some("1".into()),
        kind: Some(NoteKind::Idea),
        search: "bus".into(),
        ..Filter::default()
    };
    assert_eq!(
        lib.filter(&f),
        expect(&lib, false, |_, n| n.step == "person-centred"
            && n.kind == NoteKind::Idea
            && n.text.to_lowercase().contains("bus"))
    );
    for f in [
        Filter {
            tag: Some("no such tag".into()),
            ..Filter::default()
        },
        Filter {
            principle: Some("99".into()),
            ..Filter::default()
        },
        Filter {
            step: Some("nowhere".into()),
            ..Filter::default()
        },
    ] {
        assert!(lib.filter(&f).is_empty(), "{f:?}");
    }
}

#[test]
fn search_ignores_case_across_scripts_and_highlights_the_original_text() {
    let lib = library();
    let find = |q: &str| {
        lib.filter(&Filter {
            search: q.into(),
            ..Filter::default()
        })
    };
    let hits = find("école");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        lib.note(hits[0]).text,
        "ÉCOLE de la deuxième chance: a night bus for carers"
    );
    let ranges = lib.matches(hits[0], "école");
    assert_eq!(ranges, vec![0..6]);
    assert_eq!(&lib.note(hits[0]).text[ranges[0].clone()], "ÉCOLE");

    let hits = find("ΕΛΛΗΝΙΚΆ 日本語");
    assert_eq!(hits.len(), 1, "every word must occur");
    let text = &lib.note(hits[0]).text;
    let shown: Vec<&str> = lib
        .matches(hits[0], "ΕΛΛΗΝΙΚΆ 日本語")
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(shown, ["日本語", "Ελληνικά"]);

    let hits = find("BUS");
    assert!(hits.len() >= 3);
    for &i in &hits {
        let text = &lib.note(i).text;
        let ranges = lib.matches(i, "BUS");
        assert!(!ranges.is_empty());
        for r in ranges {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            assert_eq!(text[r].to_lowercase(), "bus");
        }
    }
    assert!(find("zzzz no such words").is_empty());
    // Sensitive notes are found only when asked for.
    assert!(find("confidence").is_empty());
    let f = Filter {
        search: "CONFIDENCE".into(),
        include_sensitive: true,
        ..Filter::default()
    };
    assert_eq!(lib.filter(&f).len(), 1);
}

#[test]
fn provenance_says_where_a_note_came_from() {
    let lib = library();
    let i = lib.filter(&Filter {
        search: "last BUS leaves 6pm".into(),
        ..Filter::default()
    })[0];
    let p = lib.provenance(i);
    assert!(p.session_title.starts_with("Riverside"));
    assert_eq!(p.session_path, PathBuf::from("b/riverside.ron"));
    assert_eq!(p.table_letter, "A");
    assert_eq!(p.table_name, "Canal Side");
    assert_eq!(
        p.table_mix,
        vec![Stakeholder::Employer, Stakeholder::LivedExperience]
    );
    assert_eq!(p.step_number, 2);
    assert_eq!(p.principle, Some(1));
    assert_eq!(p.theme.as_deref(), Some("Travel to work after 6pm"));
    assert_eq!(p.responses.len(), 1);
    let r = p.responses[0].clone();
    assert_eq!(
        (r.status.as_str(), r.owner.as_str()),
        ("in progress", "Transport officer")
    );
    assert!(!p.journal_only);
    let shown = p.to_string();
    assert!(
        shown.contains("table A Canal Side (employer, lived experience)"),
        "{shown}"
    );
}

#[test]
fn principles_are_compared_across_sessions() {
    let lib = library();
    let rows = lib.filter(&Filter::default());
    let cmp = lib.compare(&rows);
    assert_eq!(cmp.len(), 6, "the six principles");
    let first = &cmp[0];
    assert_eq!(first.step_id, "person-centred");
    assert_eq!(first.sessions.len(), 2);
    let expected_notes = expect(&lib, false, |_, n| n.step == "person-centred").len();
    assert_eq!(first.notes(), expected_notes);
    // Riverside: two notes from table A (employer + lived experience).
    let river = first.sessions.iter().find(|s| s.session == 1).unwrap();
    assert_eq!(river.notes, 2);
    let by = river.by_stakeholder;
    let at = |s: Stakeholder| Stakeholder::ALL.iter().position(|x| *x == s).unwrap();
    assert_eq!(by[at(Stakeholder::Employer)], 2);
    assert_eq!(by[at(Stakeholder::LivedExperience)], 2);
    assert_eq!(by[at(Stakeholder::PublicSector)], 0);
    assert_eq!(river.top_themes[0].label, "Travel to work after 6pm");
    assert_eq!(river.top_themes[0].notes, 2);
    let demo_cell = first.sessions.iter().find(|s| s.session == 0).unwrap();
    assert!(demo_cell.top_themes.len() <= TOP_THEMES);
    assert!(
        demo_cell
            .top_themes
            .windows(2)
            .all(|w| w[0].notes >= w[1].notes)
    );

    // The stand-in theme finder joins the same label across workshops.
    let shared = lib.cross_themes(&rows, &SameLabel);
    assert_eq!(shared[0].label.to_lowercase(), "travel to work after 6pm");
    assert_eq!(shared[0].sessions, 2);
    let summary = lib.summary(&rows);
    assert!(summary.contains("2 sessions"), "{summary}");
    assert!(
        summary.contains("Themes named in more than one session"),
        "{summary}"
    );
    assert!(
        summary.contains("1. Person-centred, place-based"),
        "{summary}"
    );
}

#[test]
fn the_combined_csv_reads_back_with_a_session_column() {
    let lib = library();
    let rows = lib.filter(&Filter::default());
    let text = lib.csv(&rows, &Options::default());
    assert!(text.starts_with('\u{feff}'));
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, review_columns());
    assert_eq!(
        &header[..convene::export::NOTE_COLUMNS.len()],
        convene::export::NOTE_COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let file = header.iter().position(|h| h == "session_file").unwrap();
    assert_eq!(records.len(), rows.len());
    let demo_rows = records.iter().filter(|r| r[file] == *"a/demo.ron").count();
    assert_eq!(
        demo_rows,
        demo().notes.iter().filter(|n| !n.sensitive).count()
    );
    let river: Vec<&csv::StringRecord> = records
        .iter()
        .filter(|r| r[file] == *"b/riverside.ron")
        .collect();
    assert_eq!(river.len(), 5);
    assert!(
        river
            .iter()
            .all(|r| r[0] == *"Riverside partnership — “Café” & <Co>")
    );
    let multi = river
        .iter()
        .find(|r| r[11].starts_with("Interviews"))
        .unwrap();
    assert_eq!(
        &multi[11],
        "Interviews felt like a benefits assessment.\r\nSecond line\rthird"
    );
    assert!(
        records.iter().all(|r| r[14] == *"false"),
        "no sensitive notes"
    );

    // A filtered, anonymised export keeps only what was asked for.
    let rows = lib.filter(&Filter {
        principle: Some("1".into()),
        ..Filter::default()
    });
    let text = lib.csv(
        &rows,
        &Options {
            include_sensitive: false,
            anonymise: true,
        },
    );
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    assert!(records.iter().all(|r| r[9] == *"1"));
    assert!(records.iter().all(|r| r[4].starts_with("Table ")));

    let json: serde_json::Value =
        serde_json::from_str(&lib.json(&rows, &Options::default())).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), rows.len());
    assert_eq!(list[0]["principle_number"], 1);
    assert!(list[0]["note_id"].is_u64());
    assert!(list[0]["session_file"].is_string());
}

/// The demo, the workshop with second responses and the one on another framework.
fn mixed() -> Library {
    Library::from_sessions(vec![
        LoadedSession::in_memory("a/demo.ron", demo()),
        LoadedSession::in_memory("b/answered.ron", common::answered_twice()),
        LoadedSession::in_memory("c/widening.ron", common::widening()),
    ])
}

fn texts(lib: &Library, rows: &[usize]) -> Vec<String> {
    rows.iter().map(|&r| lib.note(r).text.clone()).collect()
}

#[test]
fn every_response_reaches_the_status_filter_and_every_export() {
    let lib = mixed();
    let status = |s: ResponseStatus| {
        let rows = lib.filter(&Filter {
            response: Some(ResponseFilter::Status(s)),
            sessions: Some(vec![1]),
            ..Filter::default()
        });
        texts(&lib, &rows)
    };
    // Each note has an open and a done response, in opposite orders: both are found by both.
    let both = ["Open first, done later", "Done first, reopened later"];
    assert_eq!(status(ResponseStatus::Done), both);
    assert_eq!(status(ResponseStatus::Open), both);
    assert!(status(ResponseStatus::InProgress).is_empty());

    let rows = lib.filter(&Filter {
        response: Some(ResponseFilter::Any),
        sessions: Some(vec![1]),
        ..Filter::default()
    });
    assert_eq!(texts(&lib, &rows), both);

    // CSV: one row per note; each response column lists every response, oldest first.
    let text = lib.csv(&rows, &Options::default());
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][col("response_status")], "open; done");
    assert_eq!(
        &records[0][col("response")],
        "Asked the bus company; Late bus running"
    );
    assert_eq!(&records[1][col("response_status")], "done; open");
    assert_eq!(&records[1][col("responses")], "2");
    assert_eq!(&records[1][col("journal_damaged_at")], "");

    // JSON: the responses as a list of objects.
    let json: serde_json::Value =
        serde_json::from_str(&lib.json(&rows, &Options::default())).unwrap();
    let list = json[1]["responses"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["status"], "done");
    assert_eq!(list[0]["text"], "Crèche booked");
    assert_eq!(list[1]["status"], "open");
    assert_eq!(json[1]["journal_damaged_at"], serde_json::Value::Null);

    // REFI-QDA: each response is a memo.
    let bytes = lib.qdpx(&rows, &Options::default());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut project = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut project).unwrap();
    for text in [
        "Asked the bus company",
        "Late bus running",
        "Crèche booked",
        "Crèche cancelled; looking again",
    ] {
        assert!(project.contains(text), "{text} missing from the project");
    }

    // Provenance: every response.
    let p = lib.provenance(rows[1]);
    let statuses: Vec<&str> = p.responses.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["done", "open"]);
    assert!(p.to_string().contains("Crèche cancelled"), "{p}");
}

#[test]
fn search_is_normalised_and_folds_case_fully() {
    let lib = mixed();
    let find = |q: &str| {
        texts(
            &lib,
            &lib.filter(&Filter {
                search: q.into(),
                ..Filter::default()
            }),
        )
    };
    // Stored decomposed ("e" + U+0301): found precomposed, without the accent, in capitals.
    for query in ["école", "ecole", "ÉCOLE", "E\u{301}COLE"] {
        assert_eq!(find(query), [common::DECOMPOSED], "{query}");
    }
    for query in ["STRASSE", "strasse", "straße", "STRAẞE"] {
        assert_eq!(
            find(query),
            ["Die Straße zum Jobcenter ist zu weit"],
            "{query}"
        );
    }
    // The highlight covers the original characters, the accent with its letter.
    let row = lib.filter(&Filter {
        search: "ÉCOLE".into(),
        ..Filter::default()
    })[0];
    let text = &lib.note(row).text;
    let ranges = lib.matches(row, "ÉCOLE");
    assert_eq!(ranges.len(), 1);
    assert_eq!(&text[ranges[0].clone()], "e\u{301}cole");
    let row = lib.filter(&Filter {
        search: "strasse".into(),
        ..Filter::default()
    })[0];
    let ranges = lib.matches(row, "STRASSE");
    assert_eq!(&lib.note(row).text[ranges[0].clone()], "Straße");
}

#[test]
fn a_principle_is_the_frameworks_own_by_key_or_unambiguous_number() {
    let lib = mixed();
    // "1" is person-centred in the six principles but workforce-participation in the other.
    let err = lib.resolve_principle("1", None).unwrap_err();
    assert_eq!(err.field, FilterField::Principle);
    for part in [
        "principle 1 is a different principle",
        "six-principles has 6 principles (1 person-centred, 2 invested-commitment",
        "widening-access has 3 principles (1 workforce-participation, 2 future-workforce",
    ] {
        assert!(err.message.contains(part), "{part}\n{}", err.message);
    }
    let f = Filter {
        principle: Some("1".into()),
        ..Filter::default()
    };
    assert!(
        lib.filter(&f).is_empty(),
        "an ambiguous number mixes nothing"
    );
    assert_eq!(lib.check(&f), Err(err));
    // Within sessions of one framework, a number is that framework's principle.
    let f = Filter {
        principle: Some("1".into()),
        sessions: Some(vec![2]),
        ..Filter::default()
    };
    assert_eq!(lib.check(&f), Ok(()));
    assert_eq!(
        texts(&lib, &lib.filter(&f)),
        ["Widening note under workforce-participation"]
    );
    // A number only one framework reaches is unambiguous.
    assert_eq!(
        lib.resolve_principle("5", None).unwrap(),
        "diversity-within-diversity"
    );
    // By key (ignoring case): only that framework's principle.
    let f = Filter {
        principle: Some("Person-Centred".into()),
        ..Filter::default()
    };
    assert_eq!(lib.check(&f), Ok(()));
    let got = lib.filter(&f);
    assert!(got.len() > 4);
    assert_eq!(got, expect(&lib, false, |_, n| n.step == "person-centred"));
    let f = Filter {
        principle: Some("future-workforce".into()),
        ..Filter::default()
    };
    assert_eq!(
        texts(&lib, &lib.filter(&f)),
        ["Widening note under future-workforce"]
    );
    // Nothing has a ninth principle: said, with what exists.
    let err = lib.resolve_principle("9", None).unwrap_err();
    assert!(
        err.message
            .starts_with("no framework of these sessions has a principle 9: six-principles has 6"),
        "{}",
        err.message
    );
    let err = lib.resolve_principle("welcome", None).unwrap_err();
    assert!(err.message.contains("not a principle"), "{}", err.message);
    let err = lib
        .resolve_principle("no-such-principle", None)
        .unwrap_err();
    assert!(
        err.message.contains("`no-such-principle`"),
        "{}",
        err.message
    );
}

#[test]
fn a_filter_naming_what_no_session_has_says_so() {
    let lib = mixed();
    let problem = |f: Filter| lib.check(&f).unwrap_err();
    let p = problem(Filter {
        step: Some("nowhere".into()),
        ..Filter::default()
    });
    assert_eq!(p.field, FilterField::Step);
    assert!(
        p.message.contains("no session here has a step `nowhere`"),
        "{p}"
    );
    assert!(p.message.contains("welcome, person-centred"), "{p}");
    let p = problem(Filter {
        tag: Some("no such tag".into()),
        ..Filter::default()
    });
    assert_eq!(p.field, FilterField::Tag);
    assert!(
        p.message.contains("no note here has the tag `no such tag`"),
        "{p}"
    );
    let p = problem(Filter {
        theme: Some(ThemeFilter::Label("Nothing like it".into())),
        ..Filter::default()
    });
    assert_eq!(p.field, FilterField::Theme);
    assert!(p.message.contains("`Nothing like it`"), "{p}");
    let mut f = Filter {
        theme: Some(ThemeFilter::Label("Nothing like it".into())),
        ..Filter::default()
    };
    p.clear(&mut f);
    assert_eq!(f, Filter::default());
    // What exists passes, even when it selects no note.
    for f in [
        Filter {
            step: Some("themes-and-votes".into()),
            ..Filter::default()
        },
        Filter {
            tag: Some("TRANSPORT".into()),
            kind: Some(NoteKind::Commitment),
            ..Filter::default()
        },
        Filter {
            theme: Some(ThemeFilter::Unthemed),
            ..Filter::default()
        },
    ] {
        assert_eq!(lib.check(&f), Ok(()), "{f:?}");
    }
}

#[test]
fn what_exists_is_listed_without_what_only_sensitive_notes_hold() {
    // Before the fix "the tags are: …" and "the themes are: …" named a sensitive note's tag
    // and the theme made of it, and a filter on them passed the check.
    let lib = Library::from_sessions(vec![LoadedSession::in_memory(
        "a/secret.ron",
        common::with_a_secret(),
    )]);
    for f in [
        Filter {
            tag: Some("nosuch".into()),
            ..Filter::default()
        },
        Filter {
            tag: Some("Secret-Diagnosis".into()),
            ..Filter::default()
        },
        Filter {
            theme: Some(ThemeFilter::Label("nosuch".into())),
            ..Filter::default()
        },
        Filter {
            theme: Some(ThemeFilter::Label("secret diagnosis".into())),
            ..Filter::default()
        },
    ] {
        let p = lib.check(&f).unwrap_err();
        assert!(!p.message.contains("secret-diagnosis"), "{p}");
        assert!(!p.message.contains("secret diagnosis "), "{p}");
        assert!(p.message.contains("sensitive notes were left out"), "{p}");
        assert!(p.message.contains(" are: "), "{p}");
    }
    // Included, they are there to name.
    for f in [
        Filter {
            tag: Some("secret-diagnosis".into()),
            include_sensitive: true,
            ..Filter::default()
        },
        Filter {
            theme: Some(ThemeFilter::Label("Secret diagnosis".into())),
            include_sensitive: true,
            ..Filter::default()
        },
    ] {
        assert_eq!(lib.check(&f), Ok(()), "{f:?}");
    }
    let p = lib
        .check(&Filter {
            tag: Some("nosuch".into()),
            include_sensitive: true,
            ..Filter::default()
        })
        .unwrap_err();
    assert!(p.message.contains("secret-diagnosis"), "{p}");
    assert!(!p.message.contains("left out"), "{p}");
}

#[test]
fn a_journal_damaged_mid_way_gives_a_partial_session_to_readers_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.ron");
    let journal = common::damaged_journal(&path);
    write(&dir.path().join("whole.ron"), &demo());

    // The facilitator's open keeps refusing it, naming the line.
    let err = SessionFile::open(&path).unwrap_err().to_string();
    assert!(err.contains(&format!("{}:2:", journal.display())), "{err}");
    let before = fingerprint(dir.path());

    let library = open(&[dir.path().to_path_buf()]);
    assert!(library.skipped().is_empty(), "{:?}", library.skipped());
    assert_eq!(library.sessions().len(), 2);
    let partial: Vec<&LoadedSession> = library.partial().collect();
    assert_eq!(partial.len(), 1);
    let loaded = partial[0];
    assert_eq!(loaded.path, path);
    let damage = loaded.damage.as_ref().unwrap();
    assert_eq!(damage.position(), format!("{}:2", journal.display()));
    assert_eq!((damage.entries_read, damage.lines_after), (1, 1));
    // The snapshot and the journal up to the damage.
    let notes: Vec<&str> = loaded
        .session
        .notes
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(notes.len(), riverside().notes.len() + 1);
    assert!(notes.contains(&common::JOURNALED[0]));
    assert!(!notes.contains(&common::JOURNALED[2]));
    assert_eq!(loaded.journal_only.len(), 1);

    // Said in the summary, the provenance and the exports.
    let rows = library.filter(&Filter::default());
    let summary = library.summary(&rows);
    assert!(summary.contains("1 session read only in part"), "{summary}");
    assert!(
        summary.contains(&format!(
            "partial: the journal is damaged at {}:2",
            journal.display()
        )),
        "{summary}"
    );
    let row = library.filter(&Filter {
        search: "before the damage".into(),
        ..Filter::default()
    })[0];
    let p = library.provenance(row);
    assert!(
        p.partial
            .as_deref()
            .unwrap()
            .contains("damaged.ron.journal:2")
    );
    let text = library.csv(&rows, &Options::default());
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = header
        .iter()
        .position(|h| h == "journal_damaged_at")
        .unwrap();
    let file = header.iter().position(|h| h == "session_file").unwrap();
    for r in reader.records().map(Result::unwrap) {
        // Both named from the folder reviewed, never from the root of the machine.
        let name = |p: &std::path::Path| p.file_name().unwrap().to_string_lossy().into_owned();
        let expected = if r[file].ends_with(&format!("/{}", name(&path))) {
            let file = std::path::Path::new(&r[file]);
            format!("{}:2", file.with_file_name(name(&journal)).display())
        } else {
            String::new()
        };
        assert_eq!(r[col], expected);
    }
    // Reading changed nothing.
    assert!(fingerprint(dir.path()) == before, "a file was written");
}

#[cfg(unix)]
#[test]
fn a_session_met_under_several_names_is_reviewed_once() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.ron");
    write(&s, &demo());
    std::os::unix::fs::symlink("s.ron", dir.path().join("cur.ron")).unwrap();
    std::fs::hard_link(&s, dir.path().join("h.ron")).unwrap();
    write(&dir.path().join("other/riverside.ron"), &riverside());

    // The folder, and the file named again directly.
    let found = discover(&[dir.path().to_path_buf(), s.clone()]);
    assert_eq!(
        found.sessions,
        [
            dir.path().join("cur.ron"),
            dir.path().join("other/riverside.ron")
        ],
        "one name a session, the first met"
    );
    let left_out: Vec<_> = found.duplicates.iter().map(|(d, _)| d.clone()).collect();
    assert_eq!(
        left_out,
        [dir.path().join("h.ron"), dir.path().join("s.ron"), s]
    );
    assert!(
        found
            .duplicates
            .iter()
            .all(|(_, kept)| kept == &dir.path().join("cur.ron"))
    );
    let library = open(&[dir.path().to_path_buf()]);
    assert_eq!(library.sessions().len(), 2);
    assert_eq!(library.duplicates().len(), 2);
    assert!(library.skipped().is_empty());

    // The command line says what it left out.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
        .env("CONVENE_DATA", dir.path().join("data"))
        .env("CONVENE_CONFIG", dir.path().join("config"))
        .args(["review", "--summary"])
        .arg(dir.path())
        .arg(dir.path().join("s.ron"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("2 sessions"), "{stdout}");
    assert!(
        stderr.contains("left out 3 names that are other names of sessions already found"),
        "{stderr}"
    );
}

/// `convene review --summary PATHS…`, killed (and failing) if it takes more than 10 s.
#[cfg(unix)]
fn review_briefly(root: &Path, paths: &[PathBuf]) -> std::process::Output {
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
        .env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .args(["review", "--summary"])
        .args(paths)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("convene review {paths:?} was still running after 10 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_beside_a_session_is_skipped_by_review_without_waiting() {
    for what in ["fifo journal", "device journal", "fifo session"] {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("riverside.ron"), &riverside());
        let s = dir.path().join("s.ron");
        write(&s, &demo());
        let bad = match what {
            "fifo journal" | "fifo session" => {
                let bad = if what == "fifo session" {
                    std::fs::remove_file(&s).unwrap();
                    s.clone()
                } else {
                    dir.path().join("s.ron.journal")
                };
                let made = std::process::Command::new("mkfifo")
                    .arg(&bad)
                    .status()
                    .unwrap();
                assert!(made.success());
                bad
            }
            _ => {
                let bad = dir.path().join("s.ron.journal");
                std::os::unix::fs::symlink("/dev/zero", &bad).unwrap();
                bad
            }
        };
        // Found in the folder, and named directly.
        let out = review_briefly(dir.path(), &[dir.path().to_path_buf(), s.clone()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{what}: {stderr}");
        assert!(stdout.contains("1 session"), "{what}: {stdout}");
        assert!(
            stderr.contains(&format!("skipped {}", bad.display()))
                && stderr.contains("not a regular file"),
            "{what}: {stderr}"
        );
    }
}

/// What `src/review` must not contain outside comments: reading or walking the file system is
/// the store's work (`convene::store::review`), so the review stays a pure library over data
/// in memory, like `model`, `cluster` and `export`.
const FILE_SYSTEM: &[&str] = &[
    "std::fs",
    "fs::",
    "File::",
    "OpenOptions",
    "read_dir",
    "read_to_string",
    "canonicalize",
    "metadata(",
    "read_link",
    ".is_dir()",
    ".is_file()",
    ".exists()",
    "try_exists",
    "load_partial",
    "store::load",
    "SessionFile",
    "std::process",
    "std::net",
];

#[test]
fn the_review_library_reads_no_file_itself() {
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/review");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() >= 5, "the review's sources are under {root:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FILE_SYSTEM.iter().filter(|w| code.contains(*w)) {
                found.push(format!(
                    "{}:{}: `{word}` in {}",
                    file.strip_prefix(&root).unwrap().display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "src/review touches the file system; move that into the store:\n{}",
        found.join("\n")
    );
}
