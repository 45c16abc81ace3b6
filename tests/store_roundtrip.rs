//! Property tests: any valid session survives the file format, snapshots, journal replay and undo unchanged.
//!
//! Sessions are generated through the model's own API: a random plan of operations is turned
//! into `Change`s against the session as it is at that moment and applied with
//! `Session::apply`, so every generated session is one the program could really produce.

use convene::framework::Framework;
use convene::model::{
    Change, Commitment, NoteId, NoteKind, Origin, Recommendation, RecommendationId, Response,
    ResponseId, ResponseKind, ResponseStatus, ResponseTarget, Session, Stakeholder, Theme, ThemeId,
    Timeframe,
};
use convene::store::{self, SessionFile, SessionStore, journal};
use jiff::Timestamp;
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// The top-level fields where two sessions differ, for readable failures.
fn diff(a: &Session, b: &Session) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    let mut out = String::new();
    for (key, left) in a.as_object().unwrap() {
        let right = &b[key];
        if left != right {
            let short = |v: &serde_json::Value| v.to_string().chars().take(600).collect::<String>();
            out.push_str(&format!(
                "\n  {key}:\n    left:  {}\n    right: {}",
                short(left),
                short(right)
            ));
        }
    }
    out
}

/// Asserts two sessions are equal, showing only the fields that differ.
macro_rules! prop_assert_same {
    ($left:expr, $right:expr) => {
        prop_assert_same!($left, $right, "sessions differ")
    };
    ($left:expr, $right:expr, $($what:tt)+) => {{
        let (l, r): (&Session, &Session) = (&$left, &$right);
        prop_assert!(l == r, "{}:{}", format!($($what)+), diff(l, r));
    }};
}

// ---------------------------------------------------------------------------------------------
// Text

/// Awkward pieces of text for a file format: quotes, backslashes, raw-string hashes, comment
/// markers, newlines, control characters, emoji (incl. joiners), CJK, right-to-left, BOM.
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\"#",
    "#\"",
    "\"##",
    "r#\"",
    "\\n",
    "\\u{7}",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{7}",
    "\0",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{feff}",
    "\u{202e}",
    "\u{200d}",
    "//",
    "/*",
    "*/",
    "(",
    ")]}",
    ",",
    ":",
    "'",
    "`",
    "🚌",
    "👩‍👩‍👧‍👦",
    "🏳️‍🌈",
    "日本語のメモ",
    "中文笔记",
    "한국어",
    "שלום עולם",
    "مرحبا بالعالم",
    "Ünïcödé café",
    "e\u{301}",
    " ",
    "  ",
    "bus pass",
    "Some(1)",
    "None",
    "schema: 2",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(String::from),
        3 => any::<char>().prop_map(String::from),
        3 => "[a-zA-Z0-9 .,!?'-]{1,20}",
    ]
}

/// Any text, from empty to very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => proptest::collection::vec(piece(), 0..12).prop_map(|v| v.concat()),
        3 => any::<String>(),
        1 => (piece(), 5_000usize..40_000, piece())
            .prop_map(|(a, n, b)| format!("{a}{}{b}", "long text with \"quotes\" ## ".repeat(n / 28))),
    ]
}

/// Text the model requires to be non-blank (a note, a label, a name).
fn words() -> impl Strategy<Value = String> {
    text().prop_map(|t| {
        if t.trim().is_empty() {
            format!("·{t}")
        } else {
            t
        }
    })
}

fn short_list() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text(), 0..4)
}

// ---------------------------------------------------------------------------------------------
// Times

fn timestamp() -> impl Strategy<Value = Timestamp> {
    let min = Timestamp::MIN.as_second();
    let max = Timestamp::MAX.as_second() - 1;
    prop_oneof![
        // A plausible workshop day, to the nanosecond.
        8 => (1_700_000_000i64..1_900_000_000, 0i32..1_000_000_000),
        // Anywhere jiff can represent.
        1 => (min..max, 0i32..1_000_000_000),
        1 => Just((0i64, 0i32)),
    ]
    .prop_map(|(s, ns)| Timestamp::new(s, ns).unwrap_or(Timestamp::UNIX_EPOCH))
}

fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        8 => (2020i16..2040, 1i8..=12, 1i8..=28),
        1 => (-9999i16..=9999, 1i8..=12, 1i8..=28),
    ]
    .prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn timeframe() -> impl Strategy<Value = Option<Timeframe>> {
    prop_oneof![
        Just(None),
        Just(Some(Timeframe::Now)),
        Just(Some(Timeframe::ThreeMonths)),
        Just(Some(Timeframe::TwelveMonths)),
        date().prop_map(|d| Some(Timeframe::By(d))),
    ]
}

// ---------------------------------------------------------------------------------------------
// Small enums

fn kind() -> impl Strategy<Value = NoteKind> {
    proptest::sample::select(NoteKind::ALL.to_vec())
}

fn mix() -> impl Strategy<Value = Vec<Stakeholder>> {
    proptest::sample::subsequence(Stakeholder::ALL.to_vec(), 0..=Stakeholder::ALL.len())
        .prop_shuffle()
}

fn origin() -> impl Strategy<Value = Origin> {
    prop_oneof![Just(Origin::Suggested), Just(Origin::Person)]
}

fn response_kind() -> impl Strategy<Value = ResponseKind> {
    proptest::sample::select(vec![
        ResponseKind::Noted,
        ResponseKind::Answered,
        ResponseKind::SuggestionPassedOn,
        ResponseKind::Action,
    ])
}

fn status() -> impl Strategy<Value = ResponseStatus> {
    proptest::sample::select(vec![
        ResponseStatus::Open,
        ResponseStatus::InProgress,
        ResponseStatus::Done,
    ])
}

// ---------------------------------------------------------------------------------------------
// Operations: what a facilitator might do, with positions that are resolved against the
// session at the moment the operation runs (so any plan can run on any session).

#[derive(Debug, Clone)]
struct RecFields {
    text: String,
    audience: usize,
    owner: String,
    timeframe: Option<Timeframe>,
    themes: Vec<usize>,
    steps: Vec<usize>,
    commitments: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
enum Op {
    AddTable {
        name: Option<String>,
        mix: Vec<Stakeholder>,
    },
    UpdateTable {
        table: usize,
        name: String,
        mix: Vec<Stakeholder>,
    },
    RemoveTable {
        table: usize,
    },
    SetDetails {
        title: String,
        date: Date,
        venue: String,
        place: String,
        facilitators: Vec<String>,
    },
    AddNote {
        table: usize,
        step: usize,
        kind: NoteKind,
        text: String,
        tags: Vec<String>,
        lived: bool,
        sensitive: bool,
        created: Timestamp,
    },
    EditNote {
        note: usize,
        text: String,
    },
    SetNoteKind {
        note: usize,
        kind: NoteKind,
    },
    SetNoteFlags {
        note: usize,
        lived: bool,
        sensitive: bool,
    },
    SetNoteTags {
        note: usize,
        tags: Vec<String>,
    },
    MoveNote {
        note: usize,
        table: usize,
        step: usize,
    },
    DeleteNote {
        note: usize,
    },
    GoToStep {
        step: usize,
        at: Timestamp,
    },
    AddTheme {
        label: String,
        step: Option<usize>,
        description: String,
        origin: Origin,
    },
    UpdateTheme {
        theme: usize,
        label: String,
        step: Option<usize>,
        description: String,
        origin: Origin,
    },
    DeleteTheme {
        theme: usize,
    },
    PlaceNote {
        note: usize,
        theme: Option<usize>,
        by: Option<Origin>,
    },
    SetVotes {
        table: usize,
        theme: usize,
        dots: u32,
    },
    SetDotsPerTable {
        dots: u32,
    },
    AddRecommendation(RecFields),
    UpdateRecommendation {
        rec: usize,
        fields: RecFields,
    },
    DeleteRecommendation {
        rec: usize,
    },
    AddResponse {
        on_note: bool,
        target: usize,
        kind: ResponseKind,
        text: String,
        owner: String,
        status: ResponseStatus,
    },
    UpdateResponse {
        resp: usize,
        kind: ResponseKind,
        text: String,
        owner: String,
        status: ResponseStatus,
    },
    DeleteResponse {
        resp: usize,
    },
    Batch(Vec<Op>),
    /// A batch whose last part is refused, so the whole batch must be rolled back.
    FailingBatch(Vec<Op>),
}

fn table_op() -> impl Strategy<Value = Op> {
    (proptest::option::weighted(0.5, words()), mix())
        .prop_map(|(name, mix)| Op::AddTable { name, mix })
}

fn note_op() -> impl Strategy<Value = Op> {
    (
        any::<usize>(),
        any::<usize>(),
        kind(),
        words(),
        short_list(),
        any::<bool>(),
        any::<bool>(),
        timestamp(),
    )
        .prop_map(
            |(table, step, kind, text, tags, lived, sensitive, created)| Op::AddNote {
                table,
                step,
                kind,
                text,
                tags,
                lived,
                sensitive,
                created,
            },
        )
}

fn theme_op() -> impl Strategy<Value = Op> {
    (
        words(),
        proptest::option::of(any::<usize>()),
        text(),
        origin(),
    )
        .prop_map(|(label, step, description, origin)| Op::AddTheme {
            label,
            step,
            description,
            origin,
        })
}

fn rec_fields() -> impl Strategy<Value = RecFields> {
    (
        words(),
        any::<usize>(),
        text(),
        timeframe(),
        proptest::collection::vec(any::<usize>(), 0..3),
        proptest::collection::vec(any::<usize>(), 0..3),
        proptest::collection::vec((text(), text()), 0..3),
    )
        .prop_map(
            |(text, audience, owner, timeframe, themes, steps, commitments)| RecFields {
                text,
                audience,
                owner,
                timeframe,
                themes,
                steps,
                commitments,
            },
        )
}

fn response_op() -> impl Strategy<Value = Op> {
    (
        any::<bool>(),
        any::<usize>(),
        response_kind(),
        text(),
        text(),
        status(),
    )
        .prop_map(
            |(on_note, target, kind, text, owner, status)| Op::AddResponse {
                on_note,
                target,
                kind,
                text,
                owner,
                status,
            },
        )
}

/// Any single operation (no batches).
fn simple_op() -> impl Strategy<Value = Op> {
    let idx = any::<usize>;
    prop_oneof![
        2 => table_op(),
        1 => (idx(), words(), mix()).prop_map(|(table, name, mix)| Op::UpdateTable { table, name, mix }),
        1 => idx().prop_map(|table| Op::RemoveTable { table }),
        1 => (words(), date(), text(), text(), short_list()).prop_map(
            |(title, date, venue, place, facilitators)| Op::SetDetails { title, date, venue, place, facilitators }
        ),
        6 => note_op(),
        2 => (idx(), words()).prop_map(|(note, text)| Op::EditNote { note, text }),
        1 => (idx(), kind()).prop_map(|(note, kind)| Op::SetNoteKind { note, kind }),
        1 => (idx(), any::<bool>(), any::<bool>())
            .prop_map(|(note, lived, sensitive)| Op::SetNoteFlags { note, lived, sensitive }),
        1 => (idx(), short_list()).prop_map(|(note, tags)| Op::SetNoteTags { note, tags }),
        1 => (idx(), idx(), idx()).prop_map(|(note, table, step)| Op::MoveNote { note, table, step }),
        2 => idx().prop_map(|note| Op::DeleteNote { note }),
        1 => (idx(), timestamp()).prop_map(|(step, at)| Op::GoToStep { step, at }),
        2 => theme_op(),
        1 => (idx(), words(), proptest::option::of(idx()), text(), origin()).prop_map(
            |(theme, label, step, description, origin)| Op::UpdateTheme { theme, label, step, description, origin }
        ),
        1 => idx().prop_map(|theme| Op::DeleteTheme { theme }),
        3 => (idx(), proptest::option::weighted(0.8, idx()), proptest::option::of(origin()))
            .prop_map(|(note, theme, by)| Op::PlaceNote { note, theme, by }),
        2 => (idx(), idx(), 0u32..=12).prop_map(|(table, theme, dots)| Op::SetVotes { table, theme, dots }),
        1 => (0u32..=99).prop_map(|dots| Op::SetDotsPerTable { dots }),
        1 => rec_fields().prop_map(Op::AddRecommendation),
        1 => (idx(), rec_fields()).prop_map(|(rec, fields)| Op::UpdateRecommendation { rec, fields }),
        1 => idx().prop_map(|rec| Op::DeleteRecommendation { rec }),
        1 => response_op(),
        1 => (idx(), response_kind(), text(), text(), status()).prop_map(
            |(resp, kind, text, owner, status)| Op::UpdateResponse { resp, kind, text, owner, status }
        ),
        1 => idx().prop_map(|resp| Op::DeleteResponse { resp }),
    ]
}

/// Any operation, including a few batches.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => simple_op(),
        1 => proptest::collection::vec(simple_op(), 0..4).prop_map(Op::Batch),
        1 => proptest::collection::vec(simple_op(), 0..4).prop_map(Op::FailingBatch),
    ]
}

fn pick<T>(items: &[T], i: usize) -> Option<&T> {
    if items.is_empty() {
        None
    } else {
        items.get(i % items.len())
    }
}

fn step_id(s: &Session, i: usize) -> String {
    s.framework.steps[i % s.framework.steps.len()].id.clone()
}

fn recommendation(s: &Session, id: RecommendationId, f: &RecFields) -> Recommendation {
    let mut themes: Vec<ThemeId> = Vec::new();
    for i in &f.themes {
        if let Some(t) = pick(&s.themes, *i)
            && !themes.contains(&t.id)
        {
            themes.push(t.id);
        }
    }
    Recommendation {
        id,
        text: f.text.clone(),
        audience: s.framework.audiences[f.audience % s.framework.audiences.len()].clone(),
        owner: f.owner.clone(),
        timeframe: f.timeframe.clone(),
        themes,
        steps: f.steps.iter().map(|i| step_id(s, *i)).collect(),
        commitments: f
            .commitments
            .iter()
            .map(|(who, what)| Commitment {
                who: who.clone(),
                what: what.clone(),
            })
            .collect(),
    }
}

/// Turns an operation into a change against the session as it is now; `None` when the
/// operation needs something the session does not have yet (a note to edit…).
fn resolve(s: &Session, op: &Op) -> Option<Change> {
    Some(match op {
        Op::AddTable { name, mix } => Change::AddTable(s.next_table(name.clone(), mix.clone())),
        Op::UpdateTable { table, name, mix } => {
            let mut t = pick(&s.tables, *table)?.clone();
            t.name = name.clone();
            t.mix = mix.clone();
            Change::UpdateTable(t)
        }
        Op::RemoveTable { table } => Change::RemoveTable {
            id: pick(&s.tables, *table)?.id,
        },
        Op::SetDetails {
            title,
            date,
            venue,
            place,
            facilitators,
        } => Change::SetDetails {
            title: title.clone(),
            date: *date,
            venue: venue.clone(),
            place: place.clone(),
            facilitators: facilitators.clone(),
        },
        Op::AddNote {
            table,
            step,
            kind,
            text,
            tags,
            lived,
            sensitive,
            created,
        } => {
            let table = pick(&s.tables, *table)?.id;
            let mut n = s.next_note(table, &step_id(s, *step), *kind, text.clone(), *created);
            n.tags = tags.clone();
            n.lived_experience = *lived;
            n.sensitive = *sensitive;
            Change::AddNote(n)
        }
        Op::EditNote { note, text } => Change::EditNote {
            id: pick(&s.notes, *note)?.id,
            text: text.clone(),
        },
        Op::SetNoteKind { note, kind } => Change::SetNoteKind {
            id: pick(&s.notes, *note)?.id,
            kind: *kind,
        },
        Op::SetNoteFlags {
            note,
            lived,
            sensitive,
        } => Change::SetNoteFlags {
            id: pick(&s.notes, *note)?.id,
            lived_experience: *lived,
            sensitive: *sensitive,
        },
        Op::SetNoteTags { note, tags } => Change::SetNoteTags {
            id: pick(&s.notes, *note)?.id,
            tags: tags.clone(),
        },
        Op::MoveNote { note, table, step } => Change::MoveNote {
            id: pick(&s.notes, *note)?.id,
            table: pick(&s.tables, *table)?.id,
            step: step_id(s, *step),
        },
        Op::DeleteNote { note } => Change::DeleteNote {
            id: pick(&s.notes, *note)?.id,
        },
        Op::GoToStep { step, at } => Change::GoToStep {
            step: step_id(s, *step),
            at: *at,
        },
        Op::AddTheme {
            label,
            step,
            description,
            origin,
        } => Change::AddTheme(Theme {
            id: ThemeId(s.next_ids.theme),
            label: label.clone(),
            origin: *origin,
            step: step.map(|i| step_id(s, i)),
            description: description.clone(),
        }),
        Op::UpdateTheme {
            theme,
            label,
            step,
            description,
            origin,
        } => Change::UpdateTheme(Theme {
            id: pick(&s.themes, *theme)?.id,
            label: label.clone(),
            origin: *origin,
            step: step.map(|i| step_id(s, i)),
            description: description.clone(),
        }),
        Op::DeleteTheme { theme } => Change::DeleteTheme {
            id: pick(&s.themes, *theme)?.id,
        },
        Op::PlaceNote { note, theme, by } => Change::PlaceNote {
            note: pick(&s.notes, *note)?.id,
            theme: match theme {
                Some(i) => Some(pick(&s.themes, *i)?.id),
                None => None,
            },
            by: *by,
        },
        Op::SetVotes { table, theme, dots } => Change::SetVotes {
            table: pick(&s.tables, *table)?.id,
            theme: pick(&s.themes, *theme)?.id,
            dots: *dots,
        },
        Op::SetDotsPerTable { dots } => Change::SetDotsPerTable { dots: *dots },
        Op::AddRecommendation(f) => Change::AddRecommendation(recommendation(
            s,
            RecommendationId(s.next_ids.recommendation),
            f,
        )),
        Op::UpdateRecommendation { rec, fields } => {
            let id = pick(&s.recommendations, *rec)?.id;
            Change::UpdateRecommendation(recommendation(s, id, fields))
        }
        Op::DeleteRecommendation { rec } => Change::DeleteRecommendation {
            id: pick(&s.recommendations, *rec)?.id,
        },
        Op::AddResponse {
            on_note,
            target,
            kind,
            text,
            owner,
            status,
        } => Change::AddResponse(Response {
            id: ResponseId(s.next_ids.response),
            target: if *on_note {
                ResponseTarget::Note(pick(&s.notes, *target)?.id)
            } else {
                ResponseTarget::Theme(pick(&s.themes, *target)?.id)
            },
            kind: *kind,
            text: text.clone(),
            owner: owner.clone(),
            status: *status,
        }),
        Op::UpdateResponse {
            resp,
            kind,
            text,
            owner,
            status,
        } => {
            let mut r = pick(&s.responses, *resp)?.clone();
            r.kind = *kind;
            r.text = text.clone();
            r.owner = owner.clone();
            r.status = *status;
            Change::UpdateResponse(r)
        }
        Op::DeleteResponse { resp } => Change::DeleteResponse {
            id: pick(&s.responses, *resp)?.id,
        },
        Op::FailingBatch(ops) => {
            let Some(Change::Batch(mut changes)) = resolve(s, &Op::Batch(ops.clone())) else {
                unreachable!()
            };
            changes.push(Change::EditNote {
                id: NoteId(u32::MAX),
                text: "never applied".into(),
            });
            Change::Batch(changes)
        }
        Op::Batch(ops) => {
            // Resolve each part against the session as the earlier parts leave it.
            let mut scratch = s.clone();
            let mut changes = Vec::new();
            for op in ops {
                if let Some(c) = resolve(&scratch, op)
                    && scratch.apply(c.clone()).is_ok()
                {
                    changes.push(c);
                }
            }
            Change::Batch(changes)
        }
    })
}

/// Applies `op` if it resolves. A refused change must leave the session exactly as it was.
fn run(s: &mut Session, op: &Op) -> Result<Option<Change>, TestCaseError> {
    let Some(change) = resolve(s, op) else {
        return Ok(None);
    };
    let before = s.clone();
    match s.apply(change.clone()) {
        Ok(_) => Ok(Some(change)),
        Err(e) => {
            prop_assert_same!(*s, before, "a refused change ({}) altered the session", e);
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions

#[derive(Debug, Clone)]
struct Plan {
    title: String,
    date: Date,
    created: Timestamp,
    framework: &'static str,
    ops: Vec<Op>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        words(),
        date(),
        timestamp(),
        proptest::sample::select(vec!["six-principles", "widening-access"]),
        // Build in the order a workshop does: tables, some themes, notes, then anything.
        proptest::collection::vec(table_op(), 0..12),
        proptest::collection::vec(theme_op(), 0..6),
        proptest::collection::vec(note_op(), 0..60),
        proptest::collection::vec(op(), 0..40),
        proptest::collection::vec(response_op(), 0..4),
    )
        .prop_map(
            |(title, date, created, framework, tables, themes, notes, mut ops, responses)| {
                let mut all = tables;
                all.extend(themes);
                all.extend(notes);
                all.append(&mut ops);
                all.extend(responses);
                Plan {
                    title,
                    date,
                    created,
                    framework,
                    ops: all,
                }
            },
        )
}

fn base(plan: &Plan) -> Session {
    Session::new(
        plan.title.clone(),
        plan.date,
        Framework::builtin(plan.framework).unwrap(),
        plan.created,
    )
}

fn build(plan: &Plan) -> Result<Session, TestCaseError> {
    let mut s = base(plan);
    for op in &plan.ops {
        run(&mut s, op)?;
    }
    prop_assert!(
        s.problems().is_empty(),
        "the model produced an inconsistent session: {:?}",
        s.problems()
    );
    Ok(s)
}

fn session() -> impl Strategy<Value = Session> {
    plan().prop_map(|p| build(&p).expect("sessions built through the model are valid"))
}

/// A session with the parts that undo deliberately leaves alone set to fixed values:
/// `revision` counts changes (undo is one), and ids are never handed out twice, so undoing an
/// add keeps `next_ids` where the add moved it.
fn normalised(s: &Session) -> Session {
    let mut s = s.clone();
    s.revision = 0;
    s.next_ids = Default::default();
    s
}

/// True when the change is, or contains, navigation.
fn navigates(change: &Change) -> bool {
    match change {
        Change::Batch(changes) => changes.iter().any(navigates),
        c => c.is_navigation(),
    }
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_shrink_iters: 2000,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Text round trip: to_ron → parse gives back the same session.
    #[test]
    fn text_round_trip(s in session()) {
        let text = store::to_ron(&s);
        prop_assert!(text.starts_with("//"), "the file starts with its comment");
        let first_field = text.lines().find(|l| l.trim_start().starts_with(|c: char| c.is_alphabetic()));
        prop_assert_eq!(first_field.map(str::trim), Some("schema: 3,"));
        let back = store::parse(text.as_bytes());
        prop_assert!(back.is_ok(), "parse failed: {}", back.unwrap_err());
        prop_assert_same!(back.unwrap(), s);
        // Writing the same session twice gives the same bytes.
        prop_assert_eq!(store::to_ron(&s), text);
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// Disk round trip: write_snapshot → load gives back the same session, twice over (the
    /// second write keeps the first as the backup).
    #[test]
    fn snapshot_round_trip(s in session(), t in session()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workshop.ron");
        store::write_snapshot(&path, &s).unwrap();
        let loaded = store::load(&path).unwrap();
        prop_assert_same!(loaded.session, s);
        prop_assert!(loaded.warnings.is_empty());
        prop_assert_eq!(loaded.replayed, 0);
        prop_assert_eq!(loaded.snapshot_revision, s.revision);

        store::write_snapshot(&path, &t).unwrap();
        prop_assert_same!(store::load(&path).unwrap().session, t);
        let backup = store::parse(&std::fs::read(store::backup_path(&path)).unwrap()).unwrap();
        prop_assert_same!(backup, s);
        // Nothing but the session and its backup is left in the folder.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        prop_assert_eq!(names, vec!["workshop.ron".to_string(), "workshop.ron.bak".to_string()]);
    }

    /// Journal replay: changes committed through SessionFile and never saved come back when the
    /// file is reopened; after save() the snapshot alone holds them and the journal is empty.
    #[test]
    fn journal_replay_and_save(p in plan(), ops in proptest::collection::vec(op(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workshop.ron");
        let start = build(&p)?;
        let mut file = SessionFile::create(&path, start.clone()).unwrap();
        let mut expected = start.clone();
        let mut committed = 0;
        for op in &ops {
            let Some(change) = resolve(file.session(), op) else { continue };
            let in_memory = expected.apply(change.clone());
            let on_disk = file.commit(change);
            prop_assert_eq!(in_memory.is_ok(), on_disk.is_ok());
            if let (Ok(a), Ok(b)) = (&in_memory, &on_disk) {
                prop_assert_eq!(a, b, "the same inverse");
                committed += 1;
            }
            prop_assert_same!(*file.session(), expected);
        }
        drop(file); // no save: only the journal has the changes

        let journal_path = journal::journal_path(&path);
        let lines = std::fs::read_to_string(&journal_path).unwrap().lines().count();
        prop_assert_eq!(lines, committed);
        // The snapshot on disk is still the starting session.
        prop_assert_same!(store::parse(&std::fs::read(&path).unwrap()).unwrap(), start);

        let loaded = store::load(&path).unwrap();
        prop_assert_same!(loaded.session, expected, "journal replay");
        prop_assert_eq!(loaded.replayed, committed);
        prop_assert!(loaded.warnings.is_empty());

        let mut file = SessionFile::open(&path).unwrap();
        prop_assert_same!(*file.session(), expected);
        prop_assert!(file.warnings().is_empty());
        file.save().unwrap();
        prop_assert_eq!(std::fs::metadata(&journal_path).unwrap().len(), 0);
        drop(file);

        let loaded = store::load(&path).unwrap();
        prop_assert_same!(loaded.session, expected, "journal replay");
        prop_assert_eq!(loaded.replayed, 0);
        prop_assert_same!(store::parse(&std::fs::read(&path).unwrap()).unwrap(), expected);
        let reopened = SessionFile::open(&path).unwrap();
        prop_assert_same!(*reopened.session(), expected);
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Undo: applying a change and then the inverse it returned gives back the session
    /// (revision and next_ids aside); undoing the undo gives back the changed session.
    #[test]
    fn inverse_undoes(p in plan(), o in op()) {
        let before = build(&p)?;
        let mut s = before.clone();
        let Some(change) = resolve(&s, &o) else { return Ok(()) };
        let Ok(inverse) = s.apply(change.clone()) else {
            prop_assert_same!(s, before, "a refused change altered the session");
            return Ok(());
        };
        let after = s.clone();
        prop_assert_eq!(after.revision, before.revision + 1);
        let Some(inverse) = inverse else {
            prop_assert!(change.is_navigation(), "only navigation has no inverse: {:?}", change);
            return Ok(());
        };
        prop_assert!(!change.is_navigation());
        let redo = s.apply(inverse.clone());
        prop_assert!(redo.is_ok(), "the inverse {:?} was refused: {}", inverse, redo.unwrap_err());
        // Step visits are navigation: journaled, never undone, even inside a batch.
        let mut undone = normalised(&s);
        if navigates(&change) {
            prop_assert!(s.step_log.starts_with(&before.step_log));
            undone.step_log = before.step_log.clone();
        }
        prop_assert_same!(undone, normalised(&before), "undo of {:?}", change);
        prop_assert_eq!(s.revision, before.revision + 2);
        // Ids never go backwards, so an undone add never gives its id to another note.
        for (now, then) in [
            (s.next_ids.table, before.next_ids.table),
            (s.next_ids.note, before.next_ids.note),
            (s.next_ids.theme, before.next_ids.theme),
            (s.next_ids.recommendation, before.next_ids.recommendation),
            (s.next_ids.response, before.next_ids.response),
        ] {
            prop_assert!(now >= then);
        }
        prop_assert!(s.problems().is_empty(), "{:?}", s.problems());
        // Redo: the inverse of the inverse brings the change back.
        let redo = redo.unwrap().expect("undo is not navigation");
        s.apply(redo).unwrap();
        let mut redone = normalised(&s);
        if navigates(&change) {
            redone.step_log = after.step_log.clone();
        }
        prop_assert_same!(redone, normalised(&after), "redo of {:?}", change);
    }
}

/// The generator really produces what the properties claim to cover (guards against a
/// strategy that quietly degenerates into empty sessions).
#[test]
fn generated_sessions_cover_the_model() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = session();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    let mut count = |what: &'static str, yes: bool| *seen.entry(what).or_default() += yes as usize;
    for _ in 0..150 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let texts: Vec<&str> = s.notes.iter().map(|n| n.text.as_str()).collect();
        let any_text = |p: &dyn Fn(&str) -> bool| texts.iter().any(|t| p(t));
        count("6+ tables", s.tables.len() >= 6);
        count("mixed tables", s.tables.iter().any(|t| t.mix.len() >= 2));
        count("30+ notes", s.notes.len() >= 30);
        count("themes", !s.themes.is_empty());
        count("placed notes", s.notes.iter().any(|n| n.theme.is_some()));
        count("votes", !s.votes.is_empty());
        count(
            "dated recommendations",
            s.recommendations
                .iter()
                .any(|r| matches!(r.timeframe, Some(Timeframe::By(_)))),
        );
        count(
            "responses on notes",
            s.responses
                .iter()
                .any(|r| matches!(r.target, ResponseTarget::Note(_))),
        );
        count(
            "responses on themes",
            s.responses
                .iter()
                .any(|r| matches!(r.target, ResponseTarget::Theme(_))),
        );
        count("step visits", !s.step_log.is_empty());
        count("tags", s.notes.iter().any(|n| !n.tags.is_empty()));
        count(
            "flags",
            s.notes.iter().any(|n| n.sensitive && n.lived_experience),
        );
        count("quote-hash", any_text(&|t| t.contains("\"#")));
        count("backslash", any_text(&|t| t.contains('\\')));
        count("newline", any_text(&|t| t.contains('\n')));
        count("bell", any_text(&|t| t.contains('\u{7}')));
        count("emoji", any_text(&|t| t.contains('🚌')));
        count("cjk", any_text(&|t| t.contains('日')));
        count("rtl", any_text(&|t| t.contains('ש')));
        count("long", any_text(&|t| t.len() > 5_000));
    }
    for (what, n) in &seen {
        assert!(*n >= 3, "only {n} of 150 sessions have {what}: {seen:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// One writer per session whatever its name, and nothing written through a link beside it.

#[cfg(unix)]
mod writers_and_links {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// A session with tables A and B.
    fn two_tables() -> Session {
        let mut s = Session::new(
            "Links",
            jiff::civil::date(2026, 11, 23),
            Framework::default_framework(),
            "2026-11-23T09:00:00Z".parse().unwrap(),
        );
        for _ in 0..2 {
            let t = s.next_table(None, vec![]);
            s.apply(Change::AddTable(t)).unwrap();
        }
        s
    }

    /// A session with tables A and B, created at `dir/s.ron`.
    fn workshop(dir: &Path) -> PathBuf {
        let path = dir.join("s.ron");
        drop(SessionFile::create(&path, two_tables()).unwrap());
        path
    }

    fn note(file: &mut SessionFile, text: &str) {
        let s = file.session();
        let n = s.next_note(
            s.tables[0].id,
            "person-centred",
            NoteKind::Idea,
            text,
            Timestamp::now(),
        );
        file.commit(Change::AddNote(n)).unwrap();
    }

    fn texts(path: &Path) -> Vec<String> {
        let loaded = store::load(path).unwrap().session;
        loaded.notes.iter().map(|n| n.text.clone()).collect()
    }

    /// `convene add FILE --table A --step 2 TEXT`, with throwaway data and config folders.
    fn add(home: &Path, file: &Path, text: &str) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_convene"))
            .env("CONVENE_DATA", home.join("data"))
            .env("CONVENE_CONFIG", home.join("config"))
            .arg("add")
            .arg(file)
            .args(["--table", "A", "--step", "2", text])
            .output()
            .unwrap()
    }

    fn refused_as_locked(result: Result<SessionFile, store::StoreError>, name: &Path) {
        let e = result.expect_err("a second writer must be refused");
        assert!(
            matches!(e, store::StoreError::Locked { .. }),
            "{name:?}: {e}"
        );
        let message = e.to_string();
        assert!(
            message.contains(&format!("(pid {})", std::process::id())),
            "the holder is named: {message}"
        );
        assert_eq!(e.exit_code(), 1);
    }

    #[test]
    fn a_session_reached_through_a_symlink_has_one_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        let link = dir.path().join("current.ron");
        symlink("s.ron", &link).unwrap();
        let folder = dir.path().join("folder-link");
        symlink(dir.path(), &folder).unwrap();

        // Held by its own name: refused through the link and through a linked folder.
        let mut held = SessionFile::open(&path).unwrap();
        refused_as_locked(SessionFile::open(&link), &link);
        refused_as_locked(SessionFile::open(&folder.join("current.ron")), &folder);
        refused_as_locked(SessionFile::open(&folder.join("s.ron")), &folder);
        // Readers through the link see what the writer journaled.
        note(&mut held, "journaled by the holder");
        assert_eq!(texts(&link), ["journaled by the holder"]);
        drop(held);

        // Held through the link: refused by its own name.
        let mut held = SessionFile::open(&link).unwrap();
        refused_as_locked(SessionFile::open(&path), &path);
        note(&mut held, "through the link");
        held.save().unwrap();
        drop(held);
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "a save keeps the link a link"
        );
        assert_eq!(
            texts(&path),
            ["journaled by the holder", "through the link"]
        );
        for stray in ["current.ron.journal", "current.ron.lock", "current.ron.bak"] {
            assert!(!dir.path().join(stray).exists(), "{stray} was created");
        }
    }

    #[test]
    fn a_hard_link_has_one_writer_even_after_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = workshop(dir.path());
        let hard = dir.path().join("h.ron");

        // A name added while the session is held (one added before is refused, see below).
        let mut held = SessionFile::open(&path).unwrap();
        std::fs::hard_link(&path, &hard).unwrap();
        refused_as_locked(SessionFile::open(&hard), &hard);
        assert!(
            !dir.path().join("h.ron.lock").exists(),
            "a refused writer leaves no lock file"
        );
        // The snapshot written by a save is locked from the moment it takes the name.
        note(&mut held, "kept");
        held.save().unwrap();
        let second = dir.path().join("h2.ron");
        std::fs::hard_link(&path, &second).unwrap();
        refused_as_locked(SessionFile::open(&second), &second);

        // Not held: a file with several names is not opened for writing by any of them.
        drop(held);
        for name in [&path, &second] {
            let e = SessionFile::open(name).expect_err("two names");
            assert!(matches!(e, store::StoreError::SessionLinked { .. }), "{e}");
        }
        std::fs::remove_file(&second).unwrap();
        assert!(SessionFile::open(&path).is_ok());
    }

    /// Runs `convene ARGS…` with throwaway data and config folders, killing it (and failing)
    /// if it has not finished within a few seconds: a FIFO must never make it wait.
    fn run_briefly<S>(home: &Path, args: &[S]) -> std::process::Output
    where
        S: AsRef<std::ffi::OsStr> + std::fmt::Debug,
    {
        use std::process::Stdio;
        let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
            .env("CONVENE_DATA", home.join("data"))
            .env("CONVENE_CONFIG", home.join("config"))
            .args(args)
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
                panic!("convene {args:?} was still running after 10 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    }

    #[test]
    fn a_session_with_two_names_is_read_but_never_written() {
        let home = tempfile::tempdir().unwrap();
        let path = workshop(home.path());
        let mut file = SessionFile::open(&path).unwrap();
        note(&mut file, "before the link");
        file.save().unwrap(); // in the snapshot, which both names share
        drop(file);
        let hard = home.path().join("h.ron");
        std::fs::hard_link(&path, &hard).unwrap();
        let snapshot = std::fs::read(&path).unwrap();

        for name in [&hard, &path] {
            let e = SessionFile::open(name).expect_err("a session with two names");
            assert_eq!(e.exit_code(), 2, "{e}");
            let out = add(home.path(), name, "through one name");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name:?}: {stderr}");
            assert!(
                stderr.contains(&format!("{} has 2 names (hard links)", name.display()))
                    && stderr.contains("make a separate copy with cp, or remove the other name"),
                "{stderr}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), snapshot);
        for stray in ["h.ron.journal", "h.ron.lock"] {
            assert!(!home.path().join(stray).exists(), "{stray} was written");
        }
        // Readers go on reading it by either name.
        assert_eq!(texts(&hard), ["before the link"]);
        assert_eq!(texts(&path), ["before the link"]);

        // With one name again, it is written as before.
        std::fs::remove_file(&hard).unwrap();
        let out = add(home.path(), &path, "after");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(texts(&path), ["before the link", "after"]);
    }

    #[test]
    fn a_hard_linked_lock_or_journal_is_refused_and_its_other_file_untouched() {
        for (suffix, bytes) in [
            ("lock", &b"someone else's file\n"[..]),
            ("journal", &b"someone else's file\n"[..]),
            ("journal", &b""[..]),
        ] {
            let home = tempfile::tempdir().unwrap();
            let path = workshop(home.path());
            let victim = home.path().join("victim.txt");
            std::fs::write(&victim, bytes).unwrap();
            let side = home.path().join(format!("s.ron.{suffix}"));
            let _ = std::fs::remove_file(&side);
            std::fs::hard_link(&victim, &side).unwrap();

            let e = SessionFile::open(&path).expect_err(suffix);
            assert!(matches!(e, store::StoreError::SideLinked { .. }), "{e}");
            let out = add(home.path(), &path, "note");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{suffix}: {stderr}");
            assert!(
                stderr.contains(&format!("{} has 2 names", side.display()))
                    && stderr.contains("remove it"),
                "{stderr}"
            );
            assert_eq!(std::fs::read(&victim).unwrap(), bytes, "{suffix}");
            let strays: Vec<_> = std::fs::read_dir(home.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("torn"))
                .collect();
            assert!(strays.is_empty(), "{strays:?}");
        }
    }

    #[test]
    fn a_fifo_or_device_where_a_file_belongs_is_refused_without_waiting() {
        use std::ffi::OsStr;
        let fifo = |path: &Path| {
            let made = Command::new("mkfifo").arg(path).status().unwrap();
            assert!(made.success());
        };
        let not_regular = |out: &std::process::Output, what: &str| {
            // `check` reports on standard output, the others on standard error.
            let said = [&out.stdout[..], &out.stderr[..]].concat();
            let said = String::from_utf8_lossy(&said);
            assert_eq!(out.status.code(), Some(2), "{what}: {said}");
            assert!(said.contains("not a regular file"), "{what}: {said}");
        };
        let add_args = |file: &Path| -> Vec<std::ffi::OsString> {
            let mut args: Vec<std::ffi::OsString> = vec!["add".into(), file.into()];
            args.extend(["--table", "A", "--step", "2", "X"].map(Into::into));
            args
        };

        // A FIFO, or a link to an endless device, as the journal.
        for device in [false, true] {
            let home = tempfile::tempdir().unwrap();
            let path = workshop(home.path());
            let journal = home.path().join("s.ron.journal");
            std::fs::remove_file(&journal).unwrap();
            if device {
                symlink("/dev/zero", &journal).unwrap();
            } else {
                fifo(&journal);
            }
            for command in ["check", "show"] {
                let out = run_briefly(home.path(), &[OsStr::new(command), path.as_os_str()]);
                not_regular(&out, command);
            }
            let out = run_briefly(home.path(), &add_args(&path));
            assert_eq!(out.status.code(), Some(2));
        }

        // A FIFO as the lock file.
        let home = tempfile::tempdir().unwrap();
        let path = workshop(home.path());
        let lock = home.path().join("s.ron.lock");
        std::fs::remove_file(&lock).unwrap();
        fifo(&lock);
        not_regular(&run_briefly(home.path(), &add_args(&path)), "add");

        // A FIFO as the session itself.
        let session = home.path().join("f.ron");
        fifo(&session);
        let out = run_briefly(home.path(), &[OsStr::new("check"), session.as_os_str()]);
        not_regular(&out, "check");
        not_regular(&run_briefly(home.path(), &add_args(&session)), "add");
        assert!(!home.path().join("f.ron.journal").exists());
    }

    #[test]
    fn convene_add_through_any_name_is_refused_while_the_session_is_open() {
        let home = tempfile::tempdir().unwrap();
        let path = workshop(home.path());
        let link = home.path().join("current.ron");
        symlink("s.ron", &link).unwrap();
        let hard = home.path().join("h.ron");

        // A hard link made while the session is held (one made before is refused anyway).
        let held = SessionFile::open(&path).unwrap();
        std::fs::hard_link(&path, &hard).unwrap();
        let snapshot = std::fs::read(&path).unwrap();
        for name in [&link, &hard] {
            let out = add(home.path(), name, "second writer");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name:?}: {stderr}");
            assert!(
                stderr.contains("already open for writing by convene (pid")
                    && stderr.contains(&format!("(pid {})", std::process::id())),
                "{stderr}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), snapshot);
        for stray in ["current.ron.journal", "h.ron.journal"] {
            assert!(!home.path().join(stray).exists(), "{stray} was written");
        }
        drop(held);
        std::fs::remove_file(&hard).unwrap();

        // Once closed, a note added through the link goes into the session's own journal.
        let out = add(home.path(), &link, "through the link");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!home.path().join("current.ron.journal").exists());
        assert_eq!(texts(&path), ["through the link"]);
    }

    /// A file outside the session's reach that a link beside it points at.
    fn target(dir: &Path) -> (PathBuf, Vec<u8>) {
        let outside = dir.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        let target = outside.join("precious.txt");
        let bytes = b"someone else's file\n".to_vec();
        std::fs::write(&target, &bytes).unwrap();
        (target, bytes)
    }

    #[test]
    fn a_symlink_where_a_side_file_belongs_is_refused_and_its_target_untouched() {
        for suffix in ["lock", "journal", "bak", "bak.tmp"] {
            let home = tempfile::tempdir().unwrap();
            let path = workshop(home.path());
            // Some journaled notes, so that opening would want to replay and write.
            let mut file = SessionFile::open(&path).unwrap();
            note(&mut file, "one");
            file.save().unwrap();
            note(&mut file, "two");
            drop(file);
            let (target, bytes) = target(home.path());
            let link = home.path().join(format!("s.ron.{suffix}"));
            let _ = std::fs::remove_file(&link);
            symlink(&target, &link).unwrap();

            let e = SessionFile::open(&path).expect_err(suffix);
            let message = e.to_string();
            assert_eq!(e.exit_code(), 2, "{suffix}: {message}");
            assert!(
                message.contains(&link.display().to_string())
                    && message.contains("symbolic link")
                    && message.contains("remove it"),
                "{suffix}: {message}"
            );
            let out = add(home.path(), &path, "three");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{suffix}: {stderr}");
            assert!(stderr.contains("symbolic link"), "{stderr}");

            assert_eq!(std::fs::read(&target).unwrap(), bytes, "{suffix}");
            assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
            // Readers still work (the test replaced the journal, and "two" with it).
            let kept = if suffix == "journal" { 1 } else { 2 };
            assert_eq!(texts(&path).len(), kept, "{suffix}");
        }
    }

    #[test]
    fn a_symlink_appearing_during_a_session_is_never_written_through() {
        for suffix in ["bak", "bak.tmp"] {
            let home = tempfile::tempdir().unwrap();
            let path = workshop(home.path());
            let mut file = SessionFile::open(&path).unwrap();
            note(&mut file, "one");
            let (target, bytes) = target(home.path());
            let link = home.path().join(format!("s.ron.{suffix}"));
            let _ = std::fs::remove_file(&link);
            symlink(&target, &link).unwrap();
            let e = file.save().expect_err(suffix);
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert_eq!(std::fs::read(&target).unwrap(), bytes, "{suffix}");
            assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
            // Nothing was lost: the note is in the journal.
            drop(file);
            assert_eq!(texts(&path), ["one"]);
        }
    }

    #[test]
    fn a_leftover_backup_in_progress_is_removed_by_the_next_writer() {
        let home = tempfile::tempdir().unwrap();
        let path = workshop(home.path());
        let leftover = home.path().join("s.ron.bak.tmp");
        std::fs::write(&leftover, "half a backup").unwrap();
        // Readers leave it alone…
        store::load(&path).unwrap();
        assert!(leftover.exists());
        // …the next writer, holding the lock, removes it.
        let file = SessionFile::open(&path).unwrap();
        assert!(!leftover.exists());
        drop(file);
    }

    #[test]
    fn creating_over_a_dangling_symlink_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("s.ron");
        let nowhere = home.path().join("elsewhere").join("new.ron");
        std::fs::create_dir_all(nowhere.parent().unwrap()).unwrap();
        symlink(&nowhere, &path).unwrap();
        let e = SessionFile::create(&path, two_tables())
            .map(drop)
            .expect_err("a name already taken by a link");
        assert!(matches!(e, store::StoreError::Exists { .. }), "{e}");
        assert_eq!(e.exit_code(), 2);
        assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
        assert!(!nowhere.exists(), "nothing was written through the link");
        assert!(!home.path().join("s.ron.lock").exists());
    }

    #[test]
    fn a_journal_left_by_an_earlier_session_is_never_emptied_by_a_new_one() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("s.ron");
        for side in ["s.ron.journal", "s.ron.bak"] {
            let left = home.path().join(side);
            let bytes = b"{\"seq\":1,\"note\":\"the only copy\"}\n".to_vec();
            std::fs::write(&left, &bytes).unwrap();
            let e = SessionFile::create(&path, two_tables())
                .map(drop)
                .expect_err("a name with an earlier session's journal or backup");
            assert!(matches!(e, store::StoreError::Leftover { .. }), "{e}");
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(side), "{e}");
            assert_eq!(std::fs::read(&left).unwrap(), bytes, "{side} untouched");
            assert!(!path.exists());
            std::fs::remove_file(&left).unwrap();
        }
    }

    #[test]
    fn a_refused_snapshot_is_retried_only_after_as_many_changes_again() {
        let home = tempfile::tempdir().unwrap();
        let path = workshop(home.path());
        // A folder where the backup belongs: every snapshot is refused, the journal is not.
        std::fs::create_dir(home.path().join("s.ron.bak")).unwrap();
        let mut file = SessionFile::open(&path).unwrap();
        for i in 0..store::SNAPSHOT_EVERY + 10 {
            note(&mut file, &format!("note {i}"));
        }
        assert_eq!(file.warnings().len(), 1, "{:?}", file.warnings());
        let warning = &file.warnings()[0];
        assert!(!warning.contains('\n'), "one line: {warning}");
        assert_eq!(
            warning.matches(&path.display().to_string()).count(),
            1,
            "the path once: {warning}"
        );
        assert!(warning.len() < 200, "short: {warning}");
        drop(file);

        // Later `convene add`s do not try again at once, nor warn.
        let out = add(home.path(), &path, "by a later add");
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");

        // After as many changes again, one more try, one more warning.
        let mut file = SessionFile::open(&path).unwrap();
        for i in 0..store::SNAPSHOT_EVERY - 13 {
            note(&mut file, &format!("more {i}"));
        }
        assert!(file.warnings().is_empty(), "{:?}", file.warnings());
        note(&mut file, "the last before a retry");
        assert!(file.warnings().is_empty(), "{:?}", file.warnings());
        note(&mut file, "retried here");
        assert_eq!(file.warnings().len(), 1, "{:?}", file.warnings());

        // Once the way is clear, a save compacts, and the next writer starts afresh.
        std::fs::remove_dir(home.path().join("s.ron.bak")).unwrap();
        file.save().unwrap();
        assert_eq!(
            std::fs::metadata(journal::journal_path(&path))
                .unwrap()
                .len(),
            0
        );
        drop(file);
        assert_eq!(texts(&path).len(), 2 * store::SNAPSHOT_EVERY);
        let lock = std::fs::read_to_string(store::lock_path(&path)).unwrap();
        assert!(!lock.contains("refused"), "{lock}");
    }
}

/// A session handed to the store in code, past the checks every file gets (here a note with no
/// text): a batch that touches it and fails cannot be taken back. The store says so, and from
/// then on writes nothing, rather than save a half-changed session.
#[test]
fn a_store_that_cannot_take_a_change_back_stops_writing() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("s.ron");
    let mut s = Session::new(
        "Half-checked",
        jiff::civil::date(2026, 11, 23),
        Framework::default_framework(),
        "2026-11-23T09:00:00Z".parse().unwrap(),
    );
    let table = s.next_table(None, Vec::new());
    s.apply(Change::AddTable(table.clone())).unwrap();
    let mut empty = s.next_note(table.id, "welcome", NoteKind::Idea, "x", s.created);
    empty.text = String::new();
    s.notes.push(empty);
    s.next_ids.note += 1;
    let mut file = SessionFile::create(&path, s).unwrap();
    let journal_path = journal::journal_path(&path);
    let before = std::fs::read(&journal_path).unwrap();

    let e = file
        .commit(Change::Batch(vec![
            Change::EditNote {
                id: NoteId(1),
                text: "words".into(),
            },
            Change::EditNote {
                id: NoteId(99),
                text: "no such note".into(),
            },
        ]))
        .unwrap_err();
    assert!(!e.is_retryable(), "{e}");
    assert!(e.to_string().contains("taking back"), "{e}");

    let note = file.session().next_note(
        table.id,
        "welcome",
        NoteKind::Idea,
        "fine",
        file.session().created,
    );
    let e = file.commit(Change::AddNote(note)).unwrap_err();
    assert!(!e.is_retryable(), "{e}");
    let message = e.to_string();
    assert!(
        message.starts_with(&format!("{}: nothing more is saved", path.display()))
            && message.contains("open the file again"),
        "{message}"
    );
    assert_eq!(file.save().unwrap_err().to_string(), message);
    assert_eq!(std::fs::read(&journal_path).unwrap(), before);
}
