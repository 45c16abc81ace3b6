//! The REFI-QDA export: the archive unpacks, the XML is well-formed, in the REFI namespace and
//! valid against the REFI-QDA Project schema, every segment's offsets select exactly its note's
//! text, and GUIDs are unique, resolvable and the same on every run.

use crate::review_common as common;

use common::{demo, riverside};
use convene::export::{Options, QDA_NAMESPACE, qdpx, qdpx_clean};
use convene::model::Session;
use std::collections::{HashMap, HashSet};
use std::io::Read;

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
        assert_eq!(uuid::Uuid::parse_str(g).unwrap().get_version_num(), 5);
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

    // Every segment selects exactly its note's text, counting code points.
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
        let source_name = source.attribute("name").unwrap();
        let session = sessions
            .iter()
            .find(|s| source_name.starts_with(&format!("{} — ", s.title)))
            .unwrap_or_else(|| panic!("no session for source {source_name}"));
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
                        convene::model::ResponseTarget::Note(id) => {
                            s.note(id).is_some_and(|n| !n.sensitive)
                        }
                        convene::model::ResponseTarget::Theme(_) => true,
                    })
                    .count()
            })
            .sum::<usize>();
    assert_eq!(el("Note"), memos);
    assert!(qde.contains("Passed to the bus operator"));
    // Hostile text is escaped, control characters dropped.
    assert!(qde.contains("Riverside partnership — “Café” &amp; &lt;Co&gt;"));
    assert!(!qde.contains('\u{7}'));
    // Facilitators' names stay unless anonymised.
    assert!(qde.contains("Sam Facilitator"));
    let anonymous = check(
        &s,
        &Options {
            include_sensitive: false,
            anonymise: true,
        },
    );
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

/// Validates against the REFI-QDA Project schema (tests/refi-qda/Project.xsd) with xmllint.
/// CI installs xmllint (Debian `libxml2-utils`); elsewhere, a machine without it skips with a note.
#[test]
fn the_project_is_valid_against_the_refi_qda_schema() {
    let has_xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !has_xmllint {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is missing: CI must install libxml2-utils"
        );
        eprintln!("xmllint not found: schema validation skipped (apt-get install libxml2-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/refi-qda/Project.xsd");
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
    ] {
        let files = unpack(&qdpx(&sessions, &options));
        let path = dir.path().join(format!("{name}.qde"));
        std::fs::write(&path, &files[0].1).unwrap();
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema", schema])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
