//! Bad session files and journals: each is refused with a message naming the file (and line:column), exit code 2, and left byte-for-byte as it was.

use convene::framework::Framework;
use convene::model::{
    Change, NoteId, NoteKind, Origin, Response, ResponseId, ResponseKind, ResponseStatus,
    ResponseTarget, Session, Stakeholder, TableId, Theme, ThemeId, Vote,
};
use convene::store::{self, SessionFile, SessionStore, journal};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A valid session with tables, notes, a theme, votes, a response and a recommendation.
/// Its texts are plain ASCII on one line each, so tests can edit the file line by line.
fn sample() -> Session {
    let mut s = Session::new(
        "Riverside workshop",
        jiff::civil::date(2026, 11, 23),
        Framework::default_framework(),
        "2026-11-23T09:00:00Z".parse().unwrap(),
    );
    for mix in [
        vec![Stakeholder::Employer, Stakeholder::LivedExperience],
        vec![Stakeholder::PublicSector],
        vec![],
    ] {
        let t = s.next_table(None, mix);
        s.apply(Change::AddTable(t)).unwrap();
    }
    let theme = Theme {
        id: ThemeId(s.next_ids.theme),
        label: "Transport".into(),
        origin: Origin::Person,
        step: None,
        description: String::new(),
    };
    s.apply(Change::AddTheme(theme)).unwrap();
    for (i, text) in ["Bus passes for interviews", "Why no evening jobs?", "Ramps"]
        .into_iter()
        .enumerate()
    {
        let table = s.tables[i].id;
        let n = s.next_note(table, "person-centred", NoteKind::Idea, text, s.created);
        s.apply(Change::AddNote(n)).unwrap();
    }
    s.apply(Change::PlaceNote {
        note: NoteId(1),
        theme: Some(ThemeId(1)),
        by: Some(Origin::Person),
    })
    .unwrap();
    s.apply(Change::SetVotes {
        table: TableId(2),
        theme: ThemeId(1),
        dots: 2,
    })
    .unwrap();
    s.apply(Change::AddResponse(Response {
        id: ResponseId(1),
        target: ResponseTarget::Note(NoteId(2)),
        kind: ResponseKind::Answered,
        text: "Evening shifts are being piloted".into(),
        owner: "Council".into(),
        status: ResponseStatus::InProgress,
    }))
    .unwrap();
    assert!(s.problems().is_empty());
    s
}

fn sample_text() -> String {
    store::to_ron(&sample())
}

/// The 1-based number of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
        + 1
}

/// Replaces exactly one occurrence of `from`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// Every file in a folder with its bytes (lock files aside: opening may create one).
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|x| x != "lock"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// A `convene` command whose data and config folders are throwaway.
fn convene(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_convene"));
    c.env("CONVENE_DATA", home.join("data"))
        .env("CONVENE_CONFIG", home.join("config"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"));
    c
}

fn check(home: &Path, path: &Path) -> Output {
    convene(home).arg("check").arg(path).output().unwrap()
}

/// `path:LINE:COL:` at the start of a message, if there is one.
fn position(message: &str, path: &Path) -> Option<(usize, usize)> {
    let rest = message.strip_prefix(&format!("{}:", path.display()))?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let col = parts.next()?.parse().ok()?;
    Some((line, col))
}

/// A bad file in a throwaway folder, refused the same way by every reader.
struct Refused {
    _home: tempfile::TempDir,
    path: PathBuf,
    /// The message `store::load` gave.
    message: String,
}

/// Writes `bytes` (and a journal, if given) to a fresh folder, then checks that:
/// `store::load` fails with a message starting with the file's path and exit code 2;
/// `convene check FILE` exits 2 printing that message as its one line of output;
/// `SessionFile::open` fails too; and no file in the folder changed.
fn refused(name: &str, bytes: &[u8], journal_bytes: Option<&[u8]>) -> Refused {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("files");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, bytes).unwrap();
    if let Some(j) = journal_bytes {
        std::fs::write(journal::journal_path(&path), j).unwrap();
    }
    let before = contents(&dir);

    let error = store::load(&path).expect_err("a bad file must not load");
    let message = error.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{name}: the message must start with the path: {message}"
    );
    assert_eq!(error.exit_code(), 2, "{name}: {message}");
    assert!(
        !message.contains('\n'),
        "{name}: one line only: {message:?}"
    );
    assert!(
        message.len() < 2_000,
        "{name}: the message is {} bytes long",
        message.len()
    );
    assert_eq!(contents(&dir), before, "{name}: load changed a file");

    let started = Instant::now();
    let out = check(home.path(), &path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{name}: convene check: {stdout}{stderr}"
    );
    assert_eq!(
        stdout.lines().count(),
        1,
        "{name}: one line per file: {stdout:?}"
    );
    assert_eq!(stdout.trim_end(), message, "{name}: check prints the error");
    assert!(
        !stderr.contains("panicked"),
        "{name}: convene check panicked: {stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{name}: check took {:?}",
        started.elapsed()
    );
    assert_eq!(
        contents(&dir),
        before,
        "{name}: convene check changed a file"
    );

    let opened = SessionFile::open(&path).expect_err("a bad file must not open for writing");
    assert_eq!(opened.to_string(), message, "{name}");
    assert_eq!(
        contents(&dir),
        before,
        "{name}: SessionFile::open changed a file"
    );
    let read_only = SessionFile::open_read_only(&path).expect_err("nor read-only");
    assert_eq!(read_only.to_string(), message, "{name}");

    Refused {
        _home: home,
        path,
        message,
    }
}

/// A refused file whose message has a `path:LINE:COL:` position.
fn refused_at(name: &str, bytes: &[u8]) -> (Refused, (usize, usize)) {
    let r = refused(name, bytes, None);
    let pos = position(&r.message, &r.path)
        .unwrap_or_else(|| panic!("{name}: no line:column in {:?}", r.message));
    assert!(pos.0 >= 1 && pos.1 >= 1, "{name}: positions are 1-based");
    (r, pos)
}

// ---------------------------------------------------------------------------------------------
// Files that are not session files at all

#[test]
fn empty_file() {
    let (r, pos) = refused_at("empty", b"");
    assert_eq!(pos.0, 1, "{}", r.message);
}

#[test]
fn only_whitespace() {
    let (r, pos) = refused_at("blank", b"  \n\t\n   \n\n");
    assert!(pos.0 >= 1 && pos.0 <= 5, "{}", r.message);
}

#[test]
fn only_a_comment() {
    let (r, _) = refused_at("comment", b"// just a comment\n/* and another */\n");
    assert!(!r.message.is_empty());
}

#[test]
fn truncated_half_way() {
    let text = sample_text();
    let half = &text.as_bytes()[..text.len() / 2];
    let (r, (line, _)) = refused_at("truncated", half);
    // The error is at the end, where the text stops, not at the start.
    let lines = String::from_utf8_lossy(half).lines().count();
    assert!(
        line + 1 >= lines,
        "error at line {line} of {lines}: {}",
        r.message
    );
}

#[test]
fn json_instead_of_ron() {
    let json = serde_json::to_string_pretty(&sample()).unwrap();
    let (r, (line, _)) = refused_at("json", json.as_bytes());
    assert_eq!(line, 1, "{}", r.message);
}

#[test]
fn random_binary_bytes() {
    // A fixed-seed xorshift, so the bytes are the same on every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let (r, _) = refused_at("binary", &bytes);
    assert!(r.message.contains("not valid UTF-8"), "{}", r.message);
}

#[test]
fn utf16_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in sample_text().encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (r, pos) = refused_at("utf16", &bytes);
    assert_eq!(pos, (1, 1), "{}", r.message);
    assert!(r.message.contains("not valid UTF-8"), "{}", r.message);
}

#[test]
fn invalid_utf8_in_the_middle() {
    let text = sample_text();
    let line = line_of(&text, "Why no evening jobs?");
    let marker = "Why no evening";
    let at = text.find(marker).unwrap() + "Why no ".len();
    let mut bytes = text.as_bytes().to_vec();
    bytes.splice(at..at, [0xC3, 0x28]); // a broken two-byte sequence
    let line_text = text.lines().nth(line - 1).unwrap();
    let col = line_text[..line_text.find(marker).unwrap() + "Why no ".len()]
        .chars()
        .count()
        + 1;
    let (r, pos) = refused_at("utf8", &bytes);
    assert_eq!(pos, (line, col), "{}", r.message);
    assert!(r.message.contains(&format!("byte {at}")), "{}", r.message);
}

#[test]
fn invalid_utf8_after_multibyte_characters() {
    // The column counts characters, not bytes.
    let text = replace_once(&sample_text(), "Ramps", "Rämps 日本 🚌 x");
    let at = text.find(" x\"").unwrap() + 1;
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at, 0xFF);
    let line = line_of(&text, "Rämps");
    let line_text = text.lines().nth(line - 1).unwrap();
    let col = line_text[..line_text.find(" x\"").unwrap() + 1]
        .chars()
        .count()
        + 1;
    let (r, pos) = refused_at("utf8-wide", &bytes);
    assert_eq!(pos, (line, col), "{}", r.message);
}

// ---------------------------------------------------------------------------------------------
// Schema

#[test]
fn newer_schema() {
    let text = replace_once(&sample_text(), "schema: 3,", "schema: 99,");
    let r = refused("newer", text.as_bytes(), None);
    assert!(
        r.message.contains("99") && r.message.contains("schema 3"),
        "{}",
        r.message
    );
    assert!(r.message.contains("newer convene"), "{}", r.message);
}

#[test]
fn newer_schema_with_fields_this_build_does_not_know() {
    // A future file is refused for its version, not for a field it added.
    let text = replace_once(&sample_text(), "schema: 3,", "schema: 4,\n    mood: Sunny,");
    let r = refused("future", text.as_bytes(), None);
    assert!(r.message.contains("schema 4"), "{}", r.message);
}

#[test]
fn schema_missing() {
    let text = replace_once(&sample_text(), "    schema: 3,\n", "");
    let (r, pos) = refused_at("noschema", text.as_bytes());
    assert_eq!(pos, (1, 1), "{}", r.message);
    assert!(r.message.contains("schema"), "{}", r.message);
}

#[test]
fn schema_zero() {
    let text = replace_once(&sample_text(), "schema: 3,", "schema: 0,");
    let r = refused("schema0", text.as_bytes(), None);
    assert!(r.message.contains("schema"), "{}", r.message);
}

// ---------------------------------------------------------------------------------------------
// Syntax and types

#[test]
fn wrong_type() {
    let text = replace_once(&sample_text(), "revision: 10,", "revision: \"x\",");
    let line = line_of(&text, "revision:");
    let (r, pos) = refused_at("wrongtype", text.as_bytes());
    assert_eq!(pos.0, line, "{}", r.message);
}

#[test]
fn unknown_field() {
    let text = replace_once(
        &sample_text(),
        "    revision: 10,\n",
        "    revision: 10,\n    colour_scheme: \"dark\",\n",
    );
    let line = line_of(&text, "colour_scheme");
    let (r, pos) = refused_at("unknownfield", text.as_bytes());
    assert_eq!(pos.0, line, "{}", r.message);
    assert!(r.message.contains("colour_scheme"), "{}", r.message);
}

#[test]
fn missing_required_field() {
    let text = replace_once(&sample_text(), "    title: \"Riverside workshop\",\n", "");
    let (r, _) = refused_at("notitle", text.as_bytes());
    assert!(r.message.contains("title"), "{}", r.message);
}

#[test]
fn unknown_enum_variant() {
    let text = replace_once(
        &sample_text(),
        "kind: Idea,\n            text: \"Ramps\"",
        "kind: Rant,\n            text: \"Ramps\"",
    );
    let line = line_of(&text, "kind: Rant");
    let (r, pos) = refused_at("variant", text.as_bytes());
    assert_eq!(pos.0, line, "{}", r.message);
}

#[test]
fn unterminated_string() {
    let text = replace_once(&sample_text(), "\"Ramps\"", "\"Ramps");
    let (r, _) = refused_at("unterminated", text.as_bytes());
    assert!(!r.message.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Readable but inconsistent: ids and references

fn inconsistent(name: &str, s: &Session, expect: &[&str]) -> Refused {
    let r = refused(name, store::to_ron(s).as_bytes(), None);
    for e in expect {
        assert!(
            r.message.contains(e),
            "{name}: expected {e:?} in {}",
            r.message
        );
    }
    r
}

#[test]
fn duplicate_note_ids() {
    let mut s = sample();
    let mut copy = s.notes[0].clone();
    copy.text = "a second note with the same id".into();
    s.notes.push(copy);
    inconsistent("dupnote", &s, &["note #1", "two notes"]);
}

#[test]
fn duplicate_table_letters() {
    let mut s = sample();
    s.tables[1].letter = "a".into(); // letters are compared without case
    inconsistent("dupletter", &s, &["table #2", "letter `a`"]);
}

#[test]
fn note_on_a_missing_table() {
    let mut s = sample();
    s.notes[2].table = TableId(42);
    inconsistent("notable", &s, &["note #3", "table #42"]);
}

#[test]
fn note_under_a_missing_step() {
    let mut s = sample();
    s.notes[1].step = "free-lunch".into();
    inconsistent("nostep", &s, &["note #2", "free-lunch"]);
}

#[test]
fn note_in_a_missing_theme() {
    let mut s = sample();
    s.notes[1].theme = Some(ThemeId(9));
    inconsistent("notheme", &s, &["note #2", "theme #9"]);
}

#[test]
fn vote_on_a_missing_theme() {
    let mut s = sample();
    s.votes.push(Vote {
        table: TableId(1),
        theme: ThemeId(5),
        dots: 1,
    });
    inconsistent("vote", &s, &["vote of table #1 on theme #5"]);
}

#[test]
fn response_to_a_missing_note() {
    let mut s = sample();
    s.responses[0].target = ResponseTarget::Note(NoteId(77));
    inconsistent("response", &s, &["response #1", "note #77"]);
}

#[test]
fn next_ids_too_small() {
    let mut s = sample();
    s.next_ids.note = 2;
    inconsistent("nextids", &s, &["note #2", "next_ids.note (2)"]);
}

#[test]
fn many_problems_are_summarised_on_one_line() {
    let mut s = sample();
    for n in &mut s.notes {
        n.table = TableId(99);
        n.step = "nowhere".into();
    }
    s.next_ids.note = 1;
    s.next_ids.table = 1;
    let r = inconsistent("many", &s, &["and ", "more"]);
    assert!(r.message.len() < 1_500, "{}", r.message);
}

/// The 1-based line and column of `field` on the first line containing `needle`.
fn field_at(text: &str, needle: &str, field: &str) -> (usize, usize) {
    let line = line_of(text, needle);
    let line_text = text.lines().nth(line - 1).unwrap();
    let column = line_text[..line_text.find(field).unwrap()].chars().count() + 1;
    (line, column)
}

#[test]
fn a_reference_error_names_the_line_and_column_of_the_item() {
    let mut s = sample();
    s.notes[2].table = TableId(42);
    s.notes[1].step = "free-lunch".into();
    let text = store::to_ron(&s);
    let (r, pos) = refused_at("reference", text.as_bytes());
    assert_eq!(pos, field_at(&text, "step: \"free-lunch\"", "step"));
    let (table_line, table_column) = field_at(&text, "table: 42", "table");
    assert_eq!(
        r.message,
        format!(
            "{}:{}:{}: note #2: refers to step `free-lunch`, which is not in the framework; \
             {table_line}:{table_column}: note #3: refers to table #42, which is not in the file",
            r.path.display(),
            pos.0,
            pos.1
        )
    );
}

/// A snapshot holding something no change could have made, and a journal whose one entry is
/// a batch that touches it and then fails, so that taking the batch back would need to put
/// the impossible value back.
struct Crafted {
    name: &'static str,
    session: Session,
    touch: Change,
    /// Expected in the message.
    expect: &'static str,
    /// Where: the first line containing the first string, at the second.
    at: (&'static str, &'static str),
}

fn crafted() -> Vec<Crafted> {
    use convene::model::{Recommendation, RecommendationId};
    let base = sample();
    let edit = |f: &dyn Fn(&mut Session)| {
        let mut s = base.clone();
        f(&mut s);
        s
    };
    let mut theme = base.themes[0].clone();
    theme.label = "Renamed".into();
    let mut table = base.tables[1].clone();
    table.name = "Renamed".into();
    let rec = Recommendation {
        id: RecommendationId(1),
        text: String::new(),
        audience: "Employers".into(),
        owner: String::new(),
        timeframe: None,
        themes: vec![ThemeId(1)],
        steps: Vec::new(),
        commitments: Vec::new(),
    };
    vec![
        Crafted {
            name: "empty-note",
            session: edit(&|s| s.notes[1].text = String::new()),
            touch: Change::EditNote {
                id: NoteId(2),
                text: "words".into(),
            },
            expect: "note #2: the note's text is empty",
            at: ("text: \"\"", "text"),
        },
        Crafted {
            name: "empty-label",
            session: edit(&|s| s.themes[0].label = "  ".into()),
            touch: Change::UpdateTheme(theme),
            expect: "theme #1: the theme's label is empty",
            at: ("label: \"  \"", "label"),
        },
        Crafted {
            name: "empty-table-name",
            session: edit(&|s| s.tables[1].name = String::new()),
            touch: Change::UpdateTable(table),
            expect: "table #2: the table's name is empty",
            at: ("name: \"\"", "name"),
        },
        Crafted {
            name: "empty-title",
            session: edit(&|s| s.title = String::new()),
            touch: Change::SetDetails {
                title: "A title".into(),
                date: base.date,
                venue: String::new(),
                place: String::new(),
                facilitators: Vec::new(),
            },
            expect: "the title is empty",
            at: ("title: \"\"", "title"),
        },
        Crafted {
            name: "many-dots",
            session: edit(&|s| s.votes[0].dots = 150),
            touch: Change::SetVotes {
                table: TableId(2),
                theme: ThemeId(1),
                dots: 1,
            },
            expect: "vote of table #2 on theme #1: 150 dots is more than any table can place",
            at: ("dots: 150", "dots"),
        },
        Crafted {
            name: "no-dots",
            session: edit(&|s| s.votes[0].dots = 0),
            touch: Change::SetVotes {
                table: TableId(2),
                theme: ThemeId(1),
                dots: 1,
            },
            expect: "vote of table #2 on theme #1: a vote has at least one dot",
            at: ("dots: 0", "dots"),
        },
        Crafted {
            name: "dots-per-table",
            session: edit(&|s| s.dots_per_table = 150),
            touch: Change::SetDotsPerTable { dots: 3 },
            expect: "150 dots is more than any table can place",
            at: ("dots_per_table: 150", "dots_per_table"),
        },
        Crafted {
            name: "empty-recommendation",
            session: edit(&|s| {
                s.recommendations.push(rec.clone());
                s.next_ids.recommendation = 2;
            }),
            touch: Change::UpdateRecommendation(Recommendation {
                text: "Pay the living wage".into(),
                ..rec.clone()
            }),
            expect: "recommendation #1: the recommendation's text is empty",
            at: ("text: \"\"", "text"),
        },
    ]
}

fn failing_batch(c: &Crafted) -> String {
    let entry = journal::Entry {
        seq: c.session.revision + 1,
        at: c.session.created,
        change: Change::Batch(vec![
            c.touch.clone(),
            Change::EditNote {
                id: NoteId(999),
                text: "no such note".into(),
            },
        ]),
    };
    format!("{}\n", serde_json::to_string(&entry).unwrap())
}

#[test]
fn an_item_no_change_could_make_is_refused_where_it_is_before_its_journal_is_read() {
    for c in crafted() {
        let text = store::to_ron(&c.session);
        let r = refused(c.name, text.as_bytes(), Some(failing_batch(&c).as_bytes()));
        assert!(r.message.contains(c.expect), "{}: {}", c.name, r.message);
        let pos = position(&r.message, &r.path)
            .unwrap_or_else(|| panic!("{}: no line:column in {}", c.name, r.message));
        assert_eq!(
            pos,
            field_at(&text, c.at.0, c.at.1),
            "{}: {}",
            c.name,
            r.message
        );
    }
}

#[test]
fn a_review_skips_crafted_files_lists_them_and_reads_the_rest() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("files");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("good.ron"), sample_text()).unwrap();
    let crafted = crafted();
    for c in &crafted {
        let path = dir.join(format!("{}.ron", c.name));
        std::fs::write(&path, store::to_ron(&c.session)).unwrap();
        std::fs::write(journal::journal_path(&path), failing_batch(c)).unwrap();
    }
    let out = convene(home.path())
        .args(["review", "--summary"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("Riverside workshop"), "{stdout}");
    for c in &crafted {
        let path = dir.join(format!("{}.ron", c.name));
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(c.expect),
            "{} is not listed as skipped: {stderr}",
            c.name
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile sizes

#[test]
fn deeply_nested_brackets() {
    let started = Instant::now();
    let bytes = vec![b'('; 100_000];
    refused("nested", &bytes, None);
    // Nesting inside a field the schema probe skips over, and inside a real field.
    let deep = format!("(schema: 1, extra: {}", "[".repeat(100_000));
    refused("nested-field", deep.as_bytes(), None);
    let deep = replace_once(
        &sample_text(),
        "tags: [],\n            lived_experience: false,\n            sensitive: false,\n            created: \"2026-11-23T09:00:00Z\",\n            theme: None,\n            placed_by: None,\n        ),\n        (\n            id: 3,",
        &format!("tags: {}", "[".repeat(100_000)),
    );
    refused("nested-tags", deep.as_bytes(), None);
    for (i, open) in ["Some(", "(", "A(", "{", "(a: "].into_iter().enumerate() {
        let deep = format!("(schema: 1, extra: {}", open.repeat(100_000));
        refused(&format!("nested-{i}"), deep.as_bytes(), None);
    }
    // Block comments nest in RON too.
    refused("nested-comments", "/*".repeat(100_000).as_bytes(), None);
    let deep = format!(
        "(schema: 1, revision: {}{}0)",
        "/*".repeat(100_000),
        "*/".repeat(100_000)
    );
    refused("nested-closed-comments", deep.as_bytes(), None);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn fifty_megabytes_of_junk() {
    let started = Instant::now();
    let mut bytes = b"(\n    schema: 1,\n    revision: 0,\n    title: \"".to_vec();
    bytes.extend(std::iter::repeat_n(b"lorem ipsum ".as_slice(), 50 * 1024 * 1024 / 12).flatten());
    let r = refused("junk", &bytes, None);
    assert!(r.message.contains("junk.ron:"), "{}", r.message);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn fifty_megabyte_note_loads() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("big.ron");
    let mut s = sample();
    let unit = "Everyone at the table had something to say about buses. ";
    let text = unit.repeat(50 * 1024 * 1024 / unit.len() + 1);
    s.apply(Change::EditNote {
        id: NoteId(3),
        text,
    })
    .unwrap();
    store::write_snapshot(&path, &s).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 50 * 1024 * 1024, "{size} bytes");
    let started = Instant::now();
    let loaded = store::load(&path).unwrap();
    assert!(loaded.session == s, "the big session loads as written");
    let load_time = started.elapsed();
    let out = check(home.path(), &path);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("big.ron: ok"));
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "load {load_time:?}, total {:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------------------------
// Journals

/// A session file with a journal of `n` real entries (adding notes), as the program writes it.
fn with_journal(dir: &Path, n: usize) -> (PathBuf, Vec<String>) {
    let path = dir.join("workshop.ron");
    let mut file = SessionFile::create(&path, sample()).unwrap();
    for i in 0..n {
        let s = file.session();
        let note = s.next_note(
            TableId(1 + (i as u32 % 3)),
            "trauma-awareness",
            NoteKind::Comment,
            format!("journal note {i}"),
            s.created,
        );
        file.commit(Change::AddNote(note)).unwrap();
    }
    drop(file);
    let text = std::fs::read_to_string(journal::journal_path(&path)).unwrap();
    let lines = text.lines().map(String::from).collect();
    (path, lines)
}

fn journal_text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// Sets up a session whose journal is `journal`, then checks it is refused at `line`.
fn refused_journal(name: &str, journal: &str, line: usize) -> Refused {
    let r = refused(name, sample_text().as_bytes(), Some(journal.as_bytes()));
    let journal_path = journal::journal_path(&r.path);
    let prefix = format!("{}:{line}: ", journal_path.display());
    assert!(
        r.message.starts_with(&prefix),
        "{name}: expected {prefix:?}, got {}",
        r.message
    );
    assert!(r.message.contains("left untouched"), "{}", r.message);
    r
}

#[test]
fn journal_with_a_damaged_middle_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut lines) = with_journal(dir.path(), 4);
    lines[1] = lines[1][..lines[1].len() / 2].to_string();
    let r = refused_journal("damaged", &journal_text(&lines), 2);
    assert!(r.message.contains("damaged"), "{}", r.message);
}

#[test]
fn journal_with_binary_garbage_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let (_, lines) = with_journal(dir.path(), 3);
    let mut bytes = journal_text(&lines[..1]).into_bytes();
    bytes.extend_from_slice(&[0, 159, 146, 150, 255, b'\n']);
    bytes.extend_from_slice(journal_text(&lines[1..]).as_bytes());
    let r = refused("garbage", sample_text().as_bytes(), Some(&bytes));
    let prefix = format!("{}:2: ", journal::journal_path(&r.path).display());
    assert!(r.message.starts_with(&prefix), "{}", r.message);
}

#[test]
fn journal_entry_that_does_not_apply() {
    let dir = tempfile::tempdir().unwrap();
    let (_, lines) = with_journal(dir.path(), 3);
    let mut entry: journal::Entry = serde_json::from_str(&lines[1]).unwrap();
    let Change::AddNote(note) = &mut entry.change else {
        panic!("{entry:?}")
    };
    note.table = TableId(99);
    let mut lines = lines.clone();
    lines[1] = serde_json::to_string(&entry).unwrap();
    let r = refused_journal("noapply", &journal_text(&lines), 2);
    assert!(
        r.message.contains("does not apply") && r.message.contains("table #99"),
        "{}",
        r.message
    );
}

#[test]
fn journal_with_a_gap_in_its_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let (_, lines) = with_journal(dir.path(), 4);
    let gap = [lines[0].clone(), lines[1].clone(), lines[3].clone()];
    let r = refused_journal("gap", &journal_text(&gap), 3);
    assert!(
        r.message.contains("entry 14 follows revision 12"),
        "{}",
        r.message
    );
}

#[test]
fn journal_that_does_not_start_at_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (_, lines) = with_journal(dir.path(), 3);
    let r = refused_journal("late", &journal_text(&lines[1..]), 1);
    assert!(r.message.contains("missing"), "{}", r.message);
}

#[test]
fn torn_last_journal_line_is_skipped_and_kept() {
    let home = tempfile::tempdir().unwrap();
    let (path, lines) = with_journal(home.path(), 3);
    let journal_path = journal::journal_path(&path);
    let mut text = journal_text(&lines[..2]);
    let torn = &lines[2][..lines[2].len() - 7];
    text.push_str(torn);
    std::fs::write(&journal_path, &text).unwrap();
    let snapshot = std::fs::read(&path).unwrap();

    // Readers: the two complete entries, a warning naming journal:3, nothing written.
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.replayed, 2);
    assert_eq!(loaded.session.notes.len(), 5);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let at = format!("{}:3:", journal_path.display());
    assert!(
        loaded.warnings[0].starts_with(&at),
        "{}",
        loaded.warnings[0]
    );
    let out = check(home.path(), &path);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("warning") && stdout.contains(&at),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&journal_path).unwrap(), text);

    // The writer: opens, keeps the torn bytes in a side file, cuts the journal back.
    let mut file = SessionFile::open(&path).unwrap();
    assert_eq!(file.session(), &loaded.session);
    assert!(
        file.warnings().iter().any(|w| w.contains("kept in")),
        "{:?}",
        file.warnings()
    );
    let side: Vec<PathBuf> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".journal.torn-"))
        .collect();
    assert_eq!(side.len(), 1, "{side:?}");
    assert_eq!(std::fs::read(&side[0]).unwrap(), torn.as_bytes());
    assert_eq!(
        std::fs::read_to_string(&journal_path).unwrap(),
        journal_text(&lines[..2])
    );
    assert_eq!(std::fs::read(&path).unwrap(), snapshot);

    // And carries on: a new change follows the good entries.
    let s = file.session();
    let note = s.next_note(
        TableId(2),
        "welcome",
        NoteKind::Question,
        "after the crash",
        s.created,
    );
    file.commit(Change::AddNote(note)).unwrap();
    let expected = file.session().clone();
    drop(file);
    let again = store::load(&path).unwrap();
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.replayed, 3);
    assert_eq!(again.session, expected);
}

#[test]
fn journal_last_line_without_its_newline_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let (path, lines) = with_journal(home.path(), 3);
    let journal_path = journal::journal_path(&path);
    let text = journal_text(&lines);
    let text = text.strip_suffix('\n').unwrap();
    std::fs::write(&journal_path, text).unwrap();

    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.replayed, 3);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(
        loaded
            .session
            .notes
            .iter()
            .any(|n| n.text == "journal note 2")
    );
    assert_eq!(std::fs::read_to_string(&journal_path).unwrap(), text);
    let out = check(home.path(), &path);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 journal entries"));

    let mut file = SessionFile::open(&path).unwrap();
    assert_eq!(file.session(), &loaded.session);
    let s = file.session();
    let note = s.next_note(TableId(3), "welcome", NoteKind::Idea, "next one", s.created);
    file.commit(Change::AddNote(note)).unwrap();
    let expected = file.session().clone();
    drop(file);
    // The newline was finished before the new entry: four whole lines.
    let now = std::fs::read_to_string(&journal_path).unwrap();
    assert_eq!(now.lines().count(), 4);
    assert!(now.starts_with(&journal_text(&lines)));
    let again = store::load(&path).unwrap();
    assert_eq!(again.replayed, 4);
    assert_eq!(again.session, expected);
}

// ---------------------------------------------------------------------------------------------
// The fuzzers' saved inputs, replayed: each reader meets every input the fuzzers kept (their
// corpus) and every input that once broke it (fuzz/regressions), without a panic.

#[path = "../fuzz/targets.rs"]
mod fuzz_targets;

#[test]
fn fuzz_corpus_replays_without_a_panic() {
    type Reader = fn(&[u8]);
    let targets: [(&str, Reader); 6] = [
        ("session", |bytes| {
            fuzz_targets::session(bytes);
            if let Ok(session) = store::parse(bytes) {
                fuzz_targets::exports(&session);
            }
        }),
        ("journal", fuzz_targets::journal),
        ("framework", fuzz_targets::framework),
        ("import", fuzz_targets::import),
        ("lexicon", fuzz_targets::lexicon),
        ("config", fuzz_targets::config),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    for (name, target) in targets {
        let mut inputs = 0;
        for folder in ["corpus", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(folder).join(name)) else {
                continue;
            };
            for entry in entries.flatten() {
                let bytes = std::fs::read(entry.path()).unwrap();
                inputs += 1;
                if std::panic::catch_unwind(|| target(&bytes)).is_err() {
                    failures.push(entry.path().display().to_string());
                }
            }
        }
        assert!(inputs > 0, "no saved inputs for the {name} fuzz target");
    }
    assert!(failures.is_empty(), "these inputs panic: {failures:#?}");
}
