//! Sessions for the review and QDPX tests, built through the model API.
#![allow(dead_code)]

use convene::framework::Framework;
use convene::model::*;
use std::path::Path;

pub fn demo() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene::store::parse(&std::fs::read(path).unwrap()).unwrap()
}

/// A small second workshop with Unicode, hostile and multi-line notes, a theme shared with the
/// demo by label, a sensitive note and responses.
pub fn riverside() -> Session {
    let created: jiff::Timestamp = "2026-10-08T09:00:00Z".parse().unwrap();
    let mut s = Session::new(
        "Riverside partnership — “Café” & <Co>",
        jiff::civil::date(2026, 10, 8),
        Framework::default_framework(),
        created,
    );
    // Fixed, so that every call gives the same session (as copies of one file would).
    s.uuid = uuid::Uuid::from_u128(0x7e57_0000_0000_0000_0000_0000_0000_0001);
    s.place = "Riverside".into();
    s.facilitators = vec!["Sam Facilitator".into()];
    let a = s.next_table(
        Some("Canal Side".into()),
        vec![Stakeholder::Employer, Stakeholder::LivedExperience],
    );
    s.apply(Change::AddTable(a.clone())).unwrap();
    let b = s.next_table(Some("Market Hall".into()), vec![Stakeholder::PublicSector]);
    s.apply(Change::AddTable(b.clone())).unwrap();
    let theme = Theme {
        id: ThemeId(s.next_ids.theme),
        label: "Travel to work after 6pm".into(),
        origin: Origin::Person,
        step: Some("person-centred".into()),
        description: "Buses & shifts".into(),
    };
    s.apply(Change::AddTheme(theme.clone())).unwrap();
    let notes: &[NoteSpec] = &[
        (
            &a.id,
            "person-centred",
            NoteKind::Barrier,
            "The last BUS leaves at 6pm 🚌 — shifts end at 10",
            &["transport"],
            false,
        ),
        (
            &a.id,
            "person-centred",
            NoteKind::Idea,
            "ÉCOLE de la deuxième chance: a night bus for carers",
            &["Transport", "carers"],
            false,
        ),
        (
            &b.id,
            "trauma-awareness",
            NoteKind::Comment,
            "Interviews felt like a benefits assessment.\r\nSecond line\rthird",
            &[],
            false,
        ),
        (
            &b.id,
            "trauma-awareness",
            NoteKind::Question,
            "<script>alert('x')</script> & \"quotes\" \u{7}bell",
            &[],
            false,
        ),
        (
            &a.id,
            "diversity-within-diversity",
            NoteKind::Comment,
            "Something said in confidence about a named employer",
            &[],
            true,
        ),
        (
            &b.id,
            "invested-commitment",
            NoteKind::Commitment,
            "日本語 and Ελληνικά: the council will fund interpreters",
            &["language"],
            false,
        ),
    ];
    let mut ids = Vec::new();
    for (i, (table, step, kind, text, tags, sensitive)) in notes.iter().enumerate() {
        let mut n = s.next_note(
            **table,
            step,
            *kind,
            *text,
            created + jiff::SignedDuration::from_mins(i as i64 + 1),
        );
        n.tags = tags.iter().map(|t| t.to_string()).collect();
        n.sensitive = *sensitive;
        ids.push(n.id);
        s.apply(Change::AddNote(n)).unwrap();
    }
    for id in &ids[..2] {
        s.apply(Change::PlaceNote {
            note: *id,
            theme: Some(theme.id),
            by: Some(Origin::Person),
        })
        .unwrap();
    }
    let r = Response {
        id: ResponseId(s.next_ids.response),
        target: ResponseTarget::Note(ids[0]),
        kind: ResponseKind::SuggestionPassedOn,
        text: "Passed to the bus operator".into(),
        owner: "Transport officer".into(),
        status: ResponseStatus::InProgress,
    };
    s.apply(Change::AddResponse(r)).unwrap();
    let r = Response {
        id: ResponseId(s.next_ids.response),
        target: ResponseTarget::Note(ids[5]),
        kind: ResponseKind::Action,
        text: "Interpreters funded".into(),
        owner: "Council".into(),
        status: ResponseStatus::Done,
    };
    s.apply(Change::AddResponse(r)).unwrap();
    let rec = Recommendation {
        id: RecommendationId(s.next_ids.recommendation),
        text: "Run a late bus on shift days".into(),
        audience: "Local policy makers".into(),
        owner: "Transport board".into(),
        timeframe: Some(Timeframe::TwelveMonths),
        themes: vec![theme.id],
        steps: vec!["person-centred".into()],
        commitments: vec![],
    };
    s.apply(Change::AddRecommendation(rec)).unwrap();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    s
}

/// table, step, kind, text, tags, sensitive
type NoteSpec<'a> = (&'a TableId, &'a str, NoteKind, &'a str, &'a [&'a str], bool);

/// `convene` with its data and config folders inside `root`, never the user's own.
pub fn convene(root: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("convene").unwrap();
    cmd.env("CONVENE_DATA", root.join("data"))
        .env("CONVENE_CONFIG", root.join("config"))
        .env_remove("NO_COLOR");
    cmd
}

/// `root/sessions`, holding the demo (`a/brackenford.ron`) and riverside (`b/riverside.ron`).
pub fn two_workshops(root: &Path) -> std::path::PathBuf {
    let dir = root.join("sessions");
    write(&dir.join("a/brackenford.ron"), &demo());
    write(&dir.join("b/riverside.ron"), &riverside());
    dir
}

/// Writes a session file (snapshot only) at `path`.
pub fn write(path: &Path, session: &Session) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, convene::store::to_ron(session)).unwrap();
}

/// Every file under `dir` with its bytes and modification time: equal before and after means
/// nothing was written.
pub fn fingerprint(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<std::path::PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                out.insert(
                    e.path(),
                    (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

/// Text stored decomposed: "e" followed by a combining acute accent, as some keyboards and
/// pasted text produce it.
pub const DECOMPOSED: &str = "Une e\u{301}cole du soir pour les carers";

/// A workshop for the issues a researcher hit: a note stored decomposed, one with "ß", and
/// two notes with two responses each, of different statuses, in opposite orders.
pub fn answered_twice() -> Session {
    let created: jiff::Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
    let mut s = Session::new(
        "Second responses",
        jiff::civil::date(2026, 11, 20),
        Framework::default_framework(),
        created,
    );
    // Fixed, so that every call gives the same session (as copies of one file would).
    s.uuid = uuid::Uuid::from_u128(0x7e57_0000_0000_0000_0000_0000_0000_0002);
    let a = s.next_table(Some("North".into()), vec![Stakeholder::Employer]);
    s.apply(Change::AddTable(a.clone())).unwrap();
    let mut ids = Vec::new();
    for (i, text) in [
        DECOMPOSED,
        "Die Straße zum Jobcenter ist zu weit",
        "Open first, done later",
        "Done first, reopened later",
    ]
    .iter()
    .enumerate()
    {
        let n = s.next_note(
            a.id,
            "person-centred",
            NoteKind::Comment,
            *text,
            created + jiff::SignedDuration::from_mins(i as i64),
        );
        ids.push(n.id);
        s.apply(Change::AddNote(n)).unwrap();
    }
    let statuses = [
        (ids[2], ResponseStatus::Open, "Asked the bus company"),
        (ids[2], ResponseStatus::Done, "Late bus running"),
        (ids[3], ResponseStatus::Done, "Crèche booked"),
        (
            ids[3],
            ResponseStatus::Open,
            "Crèche cancelled; looking again",
        ),
    ];
    for (note, status, text) in statuses {
        let r = Response {
            id: ResponseId(s.next_ids.response),
            target: ResponseTarget::Note(note),
            kind: ResponseKind::Action,
            text: text.into(),
            owner: "Partnership lead".into(),
            status,
        };
        s.apply(Change::AddResponse(r)).unwrap();
    }
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    s
}

/// A workshop on the `widening-access` framework (three principles, none shared with the six
/// principles), one note under each principle.
pub fn widening() -> Session {
    let created: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
    let framework = Framework::builtin("widening-access").expect("a built-in framework");
    let principles: Vec<String> = framework.principles().map(|p| p.id.clone()).collect();
    let mut s = Session::new(
        "Widening access",
        jiff::civil::date(2026, 12, 1),
        framework,
        created,
    );
    // Fixed, so that every call gives the same session (as copies of one file would).
    s.uuid = uuid::Uuid::from_u128(0x7e57_0000_0000_0000_0000_0000_0000_0003);
    let a = s.next_table(Some("East".into()), vec![Stakeholder::EducationSkills]);
    s.apply(Change::AddTable(a.clone())).unwrap();
    for (i, step) in principles.iter().enumerate() {
        let n = s.next_note(
            a.id,
            step,
            NoteKind::Idea,
            format!("Widening note under {step}"),
            created + jiff::SignedDuration::from_mins(i as i64),
        );
        s.apply(Change::AddNote(n)).unwrap();
    }
    s
}

/// Notes journaled in a session whose journal is then damaged on its second line (of three):
/// the first note is readable, the second line is not, the third comes after the damage.
pub const JOURNALED: [&str; 3] = [
    "Before the damage: a note only in the journal",
    "The damaged line",
    "After the damage",
];

/// Creates `path` (a snapshot of `riverside()`), journals the three notes of [`JOURNALED`],
/// closes it, and damages the journal's second line in the middle. Returns the journal's path.
pub fn damaged_journal(path: &Path) -> std::path::PathBuf {
    use convene::store::{SessionFile, SessionStore};
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut session = riverside();
    // Its own workshop, not a copy of riverside's file.
    session.uuid = uuid::Uuid::from_u128(0x7e57_0000_0000_0000_0000_0000_0000_0005);
    let mut live = SessionFile::create(path, session).unwrap();
    let table = live.session().tables[0].id;
    let at: jiff::Timestamp = "2026-10-08T11:00:00Z".parse().unwrap();
    for text in JOURNALED {
        let note = live
            .session()
            .next_note(table, "person-centred", NoteKind::Idea, text, at);
        live.commit(Change::AddNote(note)).unwrap();
    }
    drop(live);
    let journal = convene::store::journal::journal_path(path);
    let text = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let broken = &lines[1][..lines[1].len() / 2];
    std::fs::write(&journal, format!("{}\n{broken}\n{}\n", lines[0], lines[2])).unwrap();
    journal
}

/// The demo with one sensitive note tagged `secret-diagnosis` and alone in a theme labelled
/// "Secret diagnosis": neither may be named to a reader who did not include sensitive notes.
pub fn with_a_secret() -> Session {
    let mut s = demo();
    // Another workshop, not a copy of the demo.
    s.uuid = uuid::Uuid::from_u128(0x7e57_0000_0000_0000_0000_0000_0000_0004);
    let theme = ThemeId(s.next_ids.theme);
    s.next_ids.theme += 1;
    s.themes.push(Theme {
        id: theme,
        label: "Secret diagnosis".into(),
        origin: Origin::Person,
        step: None,
        description: String::new(),
    });
    let note = s.notes.iter_mut().find(|n| n.sensitive).unwrap();
    note.tags = vec!["secret-diagnosis".into()];
    note.theme = Some(theme);
    s
}

/// Three linked workshops in `root/chain`, made as a facilitator makes them: `convene new` for
/// March, whose recommendations, note and response are committed through the store (as the
/// facilitator's screen commits them); `convene new --follow-up` for June and October, each
/// recording through the store what became of the promises it carried.
///
/// March (2026-03-14): "Pay travel to interviews" (owner Chamber, 3 months: due 2026-06-14)
/// with the Council's "Fund bus passes" and the Jobcentre's "Share the fares scheme"; "Quiet
/// room at the jobcentre" (owner DWP, due 2026-09-01) with the Jobcentre's "Find a room"; the
/// note "No bus after 6pm" with an open response "We will ask the operator" (Coordinator).
/// June (2026-06-20): bus passes in progress ("Passes ordered"), fares scheme done ("Leaflets
/// out"), the room dropped ("No room free"), travel pay in progress ("Two employers pay").
/// October (2026-10-10): bus passes done ("200 passes given"); nothing else recorded.
pub struct Chain {
    pub dir: std::path::PathBuf,
    pub march: std::path::PathBuf,
    pub june: std::path::PathBuf,
    pub october: std::path::PathBuf,
}

/// Records `status` and what was done for the carried item whose text is `text`, through the
/// store.
pub fn update_item(path: &Path, text: &str, status: ItemStatus, done: &str) {
    use convene::store::SessionStore;
    let mut file = convene::store::SessionFile::open(path).unwrap();
    let id = file
        .session()
        .follow_up
        .as_ref()
        .unwrap()
        .items
        .iter()
        .find(|i| i.text == text)
        .unwrap_or_else(|| panic!("{text} is carried into {}", path.display()))
        .id;
    file.commit(Change::UpdateItem {
        id,
        status,
        done: done.into(),
    })
    .unwrap();
}

pub fn chain(root: &Path) -> Chain {
    use convene::store::SessionStore;
    let dir = root.join("chain");
    std::fs::create_dir_all(&dir).unwrap();
    let (march, june, october) = (
        dir.join("march.ron"),
        dir.join("june.ron"),
        dir.join("october.ron"),
    );
    convene(root)
        .args([
            "new",
            "--title",
            "March",
            "--date",
            "2026-03-14",
            "--tables",
            "2",
        ])
        .arg("-o")
        .arg(&march)
        .assert()
        .success();
    {
        let mut file = convene::store::SessionFile::open(&march).unwrap();
        let recommendations = [
            (
                "Pay travel to interviews",
                "Chamber",
                Timeframe::ThreeMonths,
                vec![
                    ("Council", "Fund bus passes"),
                    ("Jobcentre", "Share the fares scheme"),
                ],
            ),
            (
                "Quiet room at the jobcentre",
                "DWP",
                Timeframe::By(jiff::civil::date(2026, 9, 1)),
                vec![("Jobcentre", "Find a room")],
            ),
        ];
        for (text, owner, timeframe, commitments) in recommendations {
            let id = RecommendationId(file.session().next_ids.recommendation);
            file.commit(Change::AddRecommendation(Recommendation {
                id,
                text: text.into(),
                audience: "Employers".into(),
                owner: owner.into(),
                timeframe: Some(timeframe),
                themes: Vec::new(),
                steps: Vec::new(),
                commitments: commitments
                    .into_iter()
                    .map(|(who, what)| Commitment {
                        who: who.into(),
                        what: what.into(),
                    })
                    .collect(),
            }))
            .unwrap();
        }
        let s = file.session();
        let note = s.next_note(
            s.tables[0].id,
            "person-centred",
            NoteKind::Barrier,
            "No bus after 6pm",
            s.created,
        );
        let response = Response {
            id: ResponseId(s.next_ids.response),
            target: ResponseTarget::Note(note.id),
            kind: ResponseKind::Action,
            text: "We will ask the operator".into(),
            owner: "Coordinator".into(),
            status: ResponseStatus::Open,
        };
        file.commit(Change::AddNote(note)).unwrap();
        file.commit(Change::AddResponse(response)).unwrap();
    }
    for (previous, title, date, path) in [
        (&march, "June", "2026-06-20", &june),
        (&june, "October", "2026-10-10", &october),
    ] {
        convene(root)
            .args(["new", "--follow-up"])
            .arg(previous)
            .args(["--title", title, "--date", date, "--tables", "2", "-o"])
            .arg(path)
            .assert()
            .success();
        if title == "June" {
            for (text, status, done) in [
                ("Fund bus passes", ItemStatus::InProgress, "Passes ordered"),
                ("Share the fares scheme", ItemStatus::Done, "Leaflets out"),
                ("Find a room", ItemStatus::Dropped, "No room free"),
                (
                    "Pay travel to interviews",
                    ItemStatus::InProgress,
                    "Two employers pay",
                ),
            ] {
                update_item(&june, text, status, done);
            }
        }
    }
    update_item(
        &october,
        "Fund bus passes",
        ItemStatus::Done,
        "200 passes given",
    );
    Chain {
        dir,
        march,
        june,
        october,
    }
}
