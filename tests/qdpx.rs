//! The REFI-QDA export: the archive unpacks, the XML is well-formed, in the REFI namespace and
//! valid against the REFI-QDA Project schema, every segment's offsets select exactly its note's
//! text, GUIDs are unique, resolvable, the same on every run and the research dataset's global
//! ids, names are unique, and every note's text is a file in the archive.

use crate::review_common as common;

use common::demo;
use convene::dataset;
use convene::export::{Options, QDA_NAMESPACE, QDC_NAMESPACE, qdc, qdpx, qdpx_clean};
use convene::model::{ResponseTarget, Session};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use uuid::Uuid;

/// The riverside workshop with a fixed UUID, so that two calls give the same session (a new
/// session's UUID is made at random).
fn riverside() -> Session {
    let mut s = common::riverside();
    s.uuid = Uuid::from_u128(0x0f1e_2d3c_4b5a_4697_8877_6655_4433_2211);
    s
}

/// `id` as the GUID of the `copy`th session with one UUID in an export (from 1): the id itself
/// for the first, a version-5 UUID of `copy/<n>` in its namespace for the others.
fn copy_of(id: Uuid, copy: usize) -> String {
    if copy == 1 {
        id.to_string()
    } else {
        Uuid::new_v5(&id, format!("copy/{copy}").as_bytes()).to_string()
    }
}

/// Which copy of its UUID each session is, in export order.
fn copies(sessions: &[Session]) -> Vec<usize> {
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    sessions
        .iter()
        .map(|s| {
            let n = seen.entry(s.uuid).or_default();
            *n += 1;
            *n
        })
        .collect()
}

/// The notes (recommendations and responses) an export of `s` holds, as (dataset id, text).
fn expected_notes(s: &Session, options: &Options) -> Vec<(Uuid, String)> {
    let mut out: Vec<(Uuid, String)> = s
        .recommendations
        .iter()
        .map(|r| (dataset::recommendation_id(s.uuid, r.id), r.text.clone()))
        .collect();
    for r in &s.responses {
        let exported = match r.target {
            ResponseTarget::Note(id) => s
                .note(id)
                .is_some_and(|n| options.include_sensitive || !n.sensitive),
            ResponseTarget::Theme(_) => true,
        };
        if exported {
            out.push((dataset::response_id(s.uuid, r.id), r.text.clone()));
        }
    }
    out
}

/// The files of a `.qdpx`, unpacked with the zip crate.
fn unpack(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Every file of a `.qdpx` as text, one after another.
fn everything(bytes: &[u8]) -> String {
    unpack(bytes)
        .into_iter()
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect()
}

fn sessions() -> Vec<Session> {
    vec![demo(), riverside()]
}

/// Checks everything the issue asks of a project made from `sessions`; returns the XML.
fn check(sessions: &[Session], options: &Options) -> String {
    let bytes = qdpx(sessions, options);
    let files = unpack(&bytes);
    assert_eq!(files[0].0, "project.qde", "the project comes first");
    let by_name: HashMap<&str, &[u8]> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    for (name, data) in &files[1..] {
        assert!(
            name.starts_with("sources/") && name.ends_with(".txt"),
            "{name}"
        );
        assert!(
            !data.starts_with(b"\xEF\xBB\xBF"),
            "{name}: no byte-order mark"
        );
        assert!(!data.contains(&b'\r'), "{name}: LF line endings only");
        std::str::from_utf8(data).expect("sources are UTF-8");
    }
    let qde = std::str::from_utf8(by_name["project.qde"]).expect("UTF-8");
    assert!(qde.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(!qde.contains('\r'));
    let doc = roxmltree::Document::parse(qde).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "Project");
    assert_eq!(root.tag_name().namespace(), Some(QDA_NAMESPACE));
    assert!(
        doc.descendants()
            .filter(|n| n.is_element())
            .all(|n| n.tag_name().namespace() == Some(QDA_NAMESPACE)),
        "every element is in the REFI namespace"
    );

    // GUIDs: well-formed, unique, and every reference points at one.
    let guids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("guid"))
        .collect();
    let unique: HashSet<&str> = guids.iter().copied().collect();
    assert_eq!(unique.len(), guids.len(), "GUIDs are unique");
    for g in &guids {
        assert_eq!(
            Uuid::parse_str(g).unwrap().to_string(),
            *g,
            "lower-case hyphenated"
        );
    }
    for n in doc.descendants() {
        if let Some(t) = n.attribute("targetGUID") {
            assert!(
                unique.contains(t),
                "{} points at unknown {t}",
                n.tag_name().name()
            );
        }
    }

    // Names a QDA tool shows are unique within their kind.
    for kind in ["TextSource", "Case", "Set", "Note", "Code"] {
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((QDA_NAMESPACE, kind)))
            .map(|n| n.attribute("name").unwrap())
            .collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(
            unique.len(),
            names.len(),
            "{kind} names are unique: {names:#?}"
        );
    }

    // Sources and cases: GUIDs from the session's UUID and the dataset's table ids.
    let copy = copies(sessions);
    let mut source_of: HashMap<String, (&Session, usize)> = HashMap::new();
    let mut cases: HashSet<String> = HashSet::new();
    for (s, &c) in sessions.iter().zip(&copy) {
        for t in &s.tables {
            let source = dataset::global_id(s.uuid, "qdpx-source", &t.id.0.to_string());
            source_of.insert(copy_of(source, c), (s, c));
            cases.insert(copy_of(dataset::table_id(s.uuid, t.id), c));
        }
    }
    for case in doc
        .descendants()
        .filter(|n| n.has_tag_name((QDA_NAMESPACE, "Case")))
    {
        assert!(cases.contains(case.attribute("guid").unwrap()));
    }

    // Every note is a text file in the archive (QualCoder reads notes only from files).
    let mut note_text: HashMap<&str, &str> = HashMap::new();
    for note in doc
        .descendants()
        .filter(|n| n.has_tag_name((QDA_NAMESPACE, "Note")))
    {
        let g = note.attribute("guid").unwrap();
        assert_eq!(
            note.attribute("plainTextPath"),
            Some(format!("internal://{g}.txt").as_str())
        );
        assert!(
            !note
                .children()
                .any(|n| n.has_tag_name((QDA_NAMESPACE, "PlainTextContent"))),
            "the text is in the file, not both"
        );
        let file = by_name
            .get(format!("sources/{g}.txt").as_str())
            .unwrap_or_else(|| panic!("no file for note {g}"));
        note_text.insert(g, std::str::from_utf8(file).unwrap());
    }
    for (s, &c) in sessions.iter().zip(&copy) {
        assert!(
            note_text[copy_of(s.uuid, c).as_str()].contains(&qdpx_clean(&s.title)),
            "the workshop's note is the session's own id"
        );
        for (id, text) in expected_notes(s, options) {
            let file = note_text
                .get(copy_of(id, c).as_str())
                .unwrap_or_else(|| panic!("no note {id} of {}", s.title));
            assert!(file.contains(&qdpx_clean(&text)), "{file:?}");
            assert!(file.contains(&format!("Id: {id}")), "{file:?}");
        }
    }
    let notes: usize = sessions
        .iter()
        .zip(&copy)
        .map(|(s, _)| 1 + expected_notes(s, options).len())
        .sum();
    assert_eq!(
        note_text.len(),
        notes,
        "one note per workshop, recommendation, response"
    );
    assert_eq!(
        files.len(),
        1 + notes
            + source_of
                .keys()
                .filter(|g| by_name.contains_key(format!("sources/{g}.txt").as_str()))
                .count(),
        "nothing else in the archive"
    );

    // Every segment selects exactly its note's text, counting code points, and its GUID is
    // the note's id in the research dataset.
    let mut segments = 0;
    for source in doc
        .descendants()
        .filter(|n| n.has_tag_name((QDA_NAMESPACE, "TextSource")))
    {
        let path = source.attribute("plainTextPath").unwrap();
        let file = format!(
            "sources/{}",
            path.strip_prefix("internal://")
                .expect("an internal source")
        );
        let text = std::str::from_utf8(by_name[file.as_str()]).unwrap();
        let chars: Vec<char> = text.chars().collect();
        assert!(
            !source
                .children()
                .any(|n| n.has_tag_name((QDA_NAMESPACE, "NoteRef"))),
            "QualCoder drops a note a source refers to"
        );
        let (session, copy) = source_of[source.attribute("guid").unwrap()];
        for sel in source
            .children()
            .filter(|n| n.has_tag_name((QDA_NAMESPACE, "PlainTextSelection")))
        {
            let start: usize = sel.attribute("startPosition").unwrap().parse().unwrap();
            let end: usize = sel.attribute("endPosition").unwrap().parse().unwrap();
            assert!(start < end && end <= chars.len());
            let selected: String = chars[start..end].iter().collect();
            let id: u32 = sel
                .attribute("name")
                .unwrap()
                .strip_prefix("Note ")
                .and_then(|r| r.split(' ').next())
                .unwrap()
                .parse()
                .unwrap();
            let note = session.notes.iter().find(|n| n.id.0 == id).unwrap();
            let note_id = dataset::note_id(session.uuid, note.id);
            assert_eq!(sel.attribute("guid").unwrap(), copy_of(note_id, copy));
            let description = sel
                .children()
                .find(|n| n.has_tag_name((QDA_NAMESPACE, "Description")))
                .and_then(|n| n.text())
                .unwrap();
            assert!(description.ends_with(&format!("id {note_id}")));
            assert_eq!(
                selected,
                qdpx_clean(&note.text),
                "note {id} of {}",
                session.title
            );
            let codings = sel
                .children()
                .filter(|n| n.has_tag_name((QDA_NAMESPACE, "Coding")))
                .count();
            assert_eq!(codings, 1 + usize::from(note.theme.is_some()));
            segments += 1;
        }
    }
    let expected: usize = sessions
        .iter()
        .map(|s| {
            s.notes
                .iter()
                .filter(|n| options.include_sensitive || !n.sensitive)
                .count()
        })
        .sum();
    assert_eq!(segments, expected, "one coded segment per exported note");
    qde.to_string()
}

#[test]
fn a_project_of_two_workshops_holds_together() {
    let s = sessions();
    let qde = check(&s, &Options::default());
    let doc = roxmltree::Document::parse(&qde).unwrap();
    let el = |name: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name((QDA_NAMESPACE, name)))
            .count()
    };
    // Codes: six principles plus the other steps with notes, themes beneath.
    let top: Vec<&str> = doc
        .descendants()
        .find(|n| n.has_tag_name((QDA_NAMESPACE, "Codes")))
        .unwrap()
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert!(top.contains(&"Person-centred, place-based"));
    assert!(top.contains(&"Awareness around trauma"));
    let travel = doc
        .descendants()
        .filter(|n| n.attribute("name") == Some("Travel to work after 6pm"))
        .count();
    assert_eq!(travel, 1, "the same theme in two workshops is one code");
    // Cases: one per table with notes, with variables for the stakeholder mix.
    let tables: usize = s
        .iter()
        .map(|s| {
            s.tables
                .iter()
                .filter(|t| s.notes.iter().any(|n| n.table == t.id && !n.sensitive))
                .count()
        })
        .sum();
    assert_eq!(el("Case"), tables);
    assert_eq!(el("TextSource"), tables);
    assert!(el("Variable") >= 13);
    assert!(qde.contains("Stakeholder: lived experience"));
    // Memos: the workshops, recommendations and responses.
    let memos = s.len()
        + s.iter().map(|s| s.recommendations.len()).sum::<usize>()
        + s.iter()
            .map(|s| {
                s.responses
                    .iter()
                    .filter(|r| match r.target {
                        ResponseTarget::Note(id) => s.note(id).is_some_and(|n| !n.sensitive),
                        ResponseTarget::Theme(_) => true,
                    })
                    .count()
            })
            .sum::<usize>();
    assert_eq!(el("Note"), memos);
    let files = unpack(&qdpx(&s, &Options::default()));
    assert!(
        files
            .iter()
            .any(|(_, d)| String::from_utf8_lossy(d).contains("Passed to the bus operator"))
    );
    // Hostile text is escaped, control characters dropped.
    assert!(qde.contains("Riverside partnership — “Café” &amp; &lt;Co&gt;"));
    assert!(!qde.contains('\u{7}'));
    // Facilitators' names stay unless anonymised.
    assert!(everything(&qdpx(&s, &Options::default())).contains("Sam Facilitator"));
    let anonymised = Options {
        include_sensitive: false,
        anonymise: true,
    };
    check(&s, &anonymised);
    let anonymous = everything(&qdpx(&s, &anonymised));
    assert!(!anonymous.contains("Sam Facilitator"));
    assert!(!anonymous.contains("Canal Side"));
}

#[test]
fn sensitive_notes_are_left_out_unless_asked_for() {
    let s = sessions();
    let without = check(&s, &Options::default());
    assert!(!without.contains("confidence"));
    let bytes = qdpx(
        &s,
        &Options {
            include_sensitive: true,
            anonymise: false,
        },
    );
    let all: String = unpack(&bytes)
        .into_iter()
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect();
    assert!(all.contains("Something said in confidence"));
    check(
        &s,
        &Options {
            include_sensitive: true,
            anonymise: false,
        },
    );
}

#[test]
fn the_same_sessions_always_give_the_same_file() {
    let s = sessions();
    let a = qdpx(&s, &Options::default());
    let b = qdpx(&s, &Options::default());
    assert_eq!(a, b, "byte for byte");
    // A copy of the same session in one project still gets unique GUIDs.
    let twice = vec![riverside(), riverside()];
    check(&twice, &Options::default());
    // One session's GUIDs do not depend on which other sessions are exported with it.
    let guids = |bytes: &[u8]| -> HashSet<String> {
        let files = unpack(bytes);
        let qde = String::from_utf8(files[0].1.clone()).unwrap();
        let doc = roxmltree::Document::parse(&qde).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name((QDA_NAMESPACE, "PlainTextSelection")))
            .map(|n| n.attribute("guid").unwrap().to_string())
            .collect()
    };
    let alone = guids(&qdpx(&[riverside()], &Options::default()));
    let together = guids(&a);
    assert!(alone.is_subset(&together));
}

#[test]
fn offsets_count_code_points_not_bytes_or_utf16_units() {
    let s = vec![riverside()];
    let files = unpack(&qdpx(&s, &Options::default()));
    let qde = String::from_utf8(files[0].1.clone()).unwrap();
    let doc = roxmltree::Document::parse(&qde).unwrap();
    let sel = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((QDA_NAMESPACE, "PlainTextSelection"))
                && n.attribute("name") == Some("Note 1 (barrier)")
        })
        .unwrap();
    let start: usize = sel.attribute("startPosition").unwrap().parse().unwrap();
    let end: usize = sel.attribute("endPosition").unwrap().parse().unwrap();
    let text = "The last BUS leaves at 6pm 🚌 — shifts end at 10";
    assert_eq!(end - start, text.chars().count());
    assert_ne!(end - start, text.len());
    assert_ne!(end - start, text.encode_utf16().count());
}

/// Whether xmllint is here to validate with. CI installs it (Debian `libxml2-utils`);
/// elsewhere, a machine without it skips schema validation with a note.
fn has_xmllint() -> bool {
    let here = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !here {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing: CI must install libxml2-utils"
        );
        eprintln!("xmllint not found: schema validation skipped (apt-get install libxml2-utils)");
    }
    here
}

/// Validates `xml` against `tests/refi-qda/<schema>` with xmllint.
fn assert_valid(schema: &str, name: &str, xml: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let schema = format!("{}/tests/refi-qda/{schema}", env!("CARGO_MANIFEST_DIR"));
    let path = dir.path().join(name);
    std::fs::write(&path, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", &schema])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Validates against the REFI-QDA Project schema (tests/refi-qda/Project.xsd) with xmllint.
#[test]
fn the_project_is_valid_against_the_refi_qda_schema() {
    if !has_xmllint() {
        return;
    }
    for (name, sessions, options) in [
        ("two", sessions(), Options::default()),
        (
            "all",
            sessions(),
            Options {
                include_sensitive: true,
                anonymise: true,
            },
        ),
        ("one", vec![riverside()], Options::default()),
        ("none", vec![], Options::default()),
        ("hostile", vec![hostile(), twin()], Options::default()),
        ("copies", vec![riverside(), riverside()], Options::default()),
    ] {
        let files = unpack(&qdpx(&sessions, &options));
        assert_valid("Project.xsd", &format!("{name}.qde"), &files[0].1);
    }
}

/// Text that has broken exports: markup, CDATA ends, control characters, right-to-left
/// overrides and scripts, emoji with joiners, quotes and Windows line ends.
const HOSTILE: &str = "<script>alert('x')</script> ]]> <![CDATA[ & &amp; \"q\" 'a'\r\n\
     bell\u{7} nul\u{0} esc\u{1b}[31m \u{FFFF}\rRTL: \u{202E}שלום عليكم\u{202C} \
     emoji 🚌 👩🏽‍🦯 🏳️‍🌈";

/// The riverside workshop (another UUID) with a recommendation, a commitment, a response and a
/// theme in hostile text, and a second theme with the label of the first under another step.
fn hostile() -> Session {
    use convene::model::*;
    let mut s = riverside();
    s.uuid = Uuid::from_u128(0x5eed_0000_4000_8000_0000_0000_0000_0002);
    let travel = s.themes[0].id;
    let rec = Recommendation {
        id: RecommendationId(s.next_ids.recommendation),
        text: HOSTILE.into(),
        audience: "Employers".into(),
        owner: "<b>owner</b>".into(),
        timeframe: None,
        themes: vec![travel],
        steps: vec![],
        commitments: vec![Commitment {
            who: "]]>".into(),
            what: HOSTILE.into(),
        }],
    };
    s.apply(Change::AddRecommendation(rec)).unwrap();
    let r = Response {
        id: ResponseId(s.next_ids.response),
        target: ResponseTarget::Theme(travel),
        kind: ResponseKind::Answered,
        text: HOSTILE.into(),
        owner: String::new(),
        status: ResponseStatus::Open,
    };
    s.apply(Change::AddResponse(r)).unwrap();
    let theme = Theme {
        id: ThemeId(s.next_ids.theme),
        label: "Travel to work after 6pm".into(),
        origin: Origin::Person,
        step: Some("trauma-awareness".into()),
        description: HOSTILE.into(),
    };
    s.apply(Change::AddTheme(theme.clone())).unwrap();
    let note = s
        .notes
        .iter()
        .find(|n| n.step == "trauma-awareness")
        .unwrap()
        .id;
    s.apply(Change::PlaceNote {
        note,
        theme: Some(theme.id),
        by: Some(Origin::Person),
    })
    .unwrap();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    s
}

/// Another workshop with the riverside workshop's title and date (another UUID).
fn twin() -> Session {
    let mut s = riverside();
    s.uuid = Uuid::from_u128(0x7a11_0000_4000_8000_0000_0000_0000_0003);
    s
}

/// The `name` attributes of the elements called `kind`, in document order.
fn names(qde: &str, kind: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(qde).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((QDA_NAMESPACE, kind)))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect()
}

#[test]
fn two_sessions_with_one_title_and_date_get_names_of_their_own() {
    let s = vec![riverside(), twin(), demo()];
    let qde = check(&s, &Options::default());
    let title = "Riverside partnership — “Café” & <Co>";
    assert_eq!(
        names(&qde, "Set"),
        [
            format!("{title} (2026-10-08, 0f1e2d3c)"),
            format!("{title} (2026-10-08, 7a110000)"),
            "Inclusive employment in Brackenford: six principles workshop (2026-09-24)".into(),
        ]
    );
    let sources = names(&qde, "TextSource");
    assert!(sources.contains(&format!(
        "{title} (2026-10-08, 7a110000) — Table A (Canal Side)"
    )));
    assert_eq!(
        names(&qde, "Case"),
        sources,
        "a case is named as its source"
    );
    assert!(names(&qde, "Note").contains(&format!(
        "Recommendation 1 — {title} (2026-10-08, 0f1e2d3c)"
    )));
    // A session alone, or with others of other titles, is "Title (date)".
    let alone = check(&[riverside(), demo()], &Options::default());
    assert_eq!(names(&alone, "Set")[0], format!("{title} (2026-10-08)"));
    // Two copies of one session (one UUID): numbered, with GUIDs of their own (check()).
    let copies = check(&[riverside(), riverside()], &Options::default());
    assert_eq!(
        names(&copies, "Set"),
        [
            format!("{title} (2026-10-08, 0f1e2d3c)"),
            format!("{title} (2026-10-08, 0f1e2d3c, copy 2)"),
        ]
    );
}

#[test]
fn segments_cases_and_notes_carry_the_research_datasets_ids() {
    let s = riverside();
    let files = unpack(&qdpx(std::slice::from_ref(&s), &Options::default()));
    let qde = std::str::from_utf8(&files[0].1).unwrap();
    let doc = roxmltree::Document::parse(qde).unwrap();
    let guids = |kind: &str| -> HashSet<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name((QDA_NAMESPACE, kind)))
            .map(|n| n.attribute("guid").unwrap().to_string())
            .collect()
    };
    let exported = s.notes.iter().filter(|n| !n.sensitive);
    let notes: HashSet<String> = exported
        .map(|n| dataset::note_id(s.uuid, n.id).to_string())
        .collect();
    assert_eq!(guids("PlainTextSelection"), notes);
    let tables: HashSet<String> = s
        .tables
        .iter()
        .map(|t| dataset::table_id(s.uuid, t.id).to_string())
        .collect();
    assert_eq!(guids("Case"), tables);
    let mut memos: HashSet<String> = [s.uuid.to_string()].into();
    memos.extend(
        s.recommendations
            .iter()
            .map(|r| dataset::recommendation_id(s.uuid, r.id).to_string()),
    );
    memos.extend(
        s.responses
            .iter()
            .map(|r| dataset::response_id(s.uuid, r.id).to_string()),
    );
    assert_eq!(guids("Note"), memos);
    // The ids are where a QDA user sees them too: the cases' variables.
    assert!(qde.contains(&format!("<TextValue>{}</TextValue>", s.uuid)));
    for t in &tables {
        assert!(qde.contains(&format!("<TextValue>{t}</TextValue>")));
    }
}

#[test]
fn recommendations_and_responses_are_notes_stored_as_files_whatever_their_text() {
    let s = vec![hostile(), twin()];
    let qde = check(&s, &Options::default());
    let files: HashMap<String, String> = unpack(&qdpx(&s, &Options::default()))
        .into_iter()
        .map(|(n, d)| (n, String::from_utf8(d).unwrap()))
        .collect();
    let h = &s[0];
    for id in [
        dataset::recommendation_id(h.uuid, h.recommendations.last().unwrap().id),
        dataset::response_id(h.uuid, h.responses.last().unwrap().id),
    ] {
        let text = &files[&format!("sources/{id}.txt")];
        // A plain-text file: the text as written, only line ends and what XML forbids cleaned.
        assert!(text.contains("<script>alert('x')</script> ]]> <![CDATA[ & &amp; \"q\" 'a'\n"));
        assert!(text.contains("\u{202E}שלום عليكم\u{202C}"));
        assert!(text.contains("emoji 🚌 👩🏽‍🦯 🏳️‍🌈"));
        assert!(text.contains(&qdpx_clean(HOSTILE)));
        for c in ['\r', '\u{7}', '\u{0}', '\u{1b}', '\u{FFFF}'] {
            assert!(!text.contains(c), "{c:?} in {text:?}");
        }
        // The description repeats the text, escaped in the XML and whole once parsed.
        let doc = roxmltree::Document::parse(&qde).unwrap();
        let note = doc
            .descendants()
            .find(|n| n.attribute("guid") == Some(id.to_string().as_str()))
            .unwrap();
        let description = note.first_element_child().unwrap();
        assert_eq!(description.text(), Some(text.as_str()));
    }
    let rec = h.recommendations.last().unwrap();
    let text = &files[&format!("sources/{}.txt", dataset::recommendation_id(h.uuid, rec.id))];
    let commitment = dataset::commitment_id(h.uuid, rec.id, 1);
    assert!(text.contains(&format!("(id {commitment})")), "{text}");
    assert!(!qde.contains("<script>"));
    assert!(!qde.contains("]]>"));
    // One label under two steps is two codes, named apart.
    let codes = names(&qde, "Code");
    assert!(codes.contains(&"Travel to work after 6pm (Person-centred, place-based)".into()));
    assert!(codes.contains(&"Travel to work after 6pm (Awareness around trauma)".into()));
}

#[test]
fn the_codebook_holds_every_principle_and_theme_with_the_projects_guids() {
    let cases = [
        sessions(),
        vec![hostile(), twin()],
        vec![riverside(), riverside()],
    ];
    for s in &cases {
        let options = Options::default();
        let qdc = qdc(s, &options);
        assert!(qdc.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        let doc = roxmltree::Document::parse(&qdc).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "CodeBook");
        assert!(
            doc.descendants()
                .filter(|n| n.is_element())
                .all(|n| n.tag_name().namespace() == Some(QDC_NAMESPACE))
        );
        // (guid, name, parent guid) of every code, in the codebook and in the project.
        let tree = |doc: &roxmltree::Document, ns: &str| -> Vec<(String, String, String)> {
            doc.descendants()
                .filter(|n| n.has_tag_name((ns, "Code")))
                .map(|n| {
                    let parent = n
                        .parent_element()
                        .and_then(|p| p.attribute("guid"))
                        .unwrap_or("");
                    (
                        n.attribute("guid").unwrap().into(),
                        n.attribute("name").unwrap().into(),
                        parent.into(),
                    )
                })
                .collect()
        };
        let files = unpack(&qdpx(s, &options));
        let qde = String::from_utf8(files[0].1.clone()).unwrap();
        let project = roxmltree::Document::parse(&qde).unwrap();
        let codes = tree(&doc, QDC_NAMESPACE);
        assert_eq!(codes, tree(&project, QDA_NAMESPACE), "the project's codes");
        let names: Vec<&str> = codes.iter().map(|c| c.1.as_str()).collect();
        for session in s {
            for step in &session.framework.steps {
                if step.kind == convene::framework::StepKind::Principle {
                    assert!(names.contains(&step.title.as_str()), "{}", step.title);
                }
            }
            for theme in &session.themes {
                let label = theme.label.trim();
                assert!(
                    names
                        .iter()
                        .any(|n| *n == label || n.starts_with(&format!("{label} ("))),
                    "{label}"
                );
            }
        }
        assert!(!qdc.contains("NoteRef"), "a codebook has no notes");
        if has_xmllint() {
            assert_valid("Codebook.xsd", "codes.qdc", qdc.as_bytes());
        }
    }
    // No sessions: still valid, with a placeholder that cannot be coded.
    let empty = qdc(&[], &Options::default());
    assert!(empty.contains("isCodable=\"false\""));
    if has_xmllint() {
        assert_valid("Codebook.xsd", "empty.qdc", empty.as_bytes());
    }
}
