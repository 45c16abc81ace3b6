//! The Word summary (`convene export --format docx`): the package's parts are well-formed and
//! consistent (content types, relationships), headings use Word's heading styles, charts carry
//! alternative text with every value, the footer numbers the pages, the properties hold the
//! title; sensitive notes stay out unless asked for; hostile text in every field stays text.
//! Then LibreOffice, a real reader, turns the documents into PDF and the text is read back.
//!
//! LibreOffice (`soffice`, package libreoffice-writer) and `pdftotext` (poppler-utils) are
//! needed: `.ci/run` installs them, and without them the reader's test fails saying so.

use crate::review_common::{convene, demo, write};
use convene::framework::Framework;
use convene::model::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Text that tries to break out of a `w:t` element, the XML, or the document's fields, or is
/// hard to carry: with what each must read as in the document (`None`: exactly as typed).
const HOSTILE: &[(&str, Option<&str>)] = &[
    (
        "</w:t></w:r></w:p><w:p><w:r><w:t>injected</w:t></w:r></w:p><w:p><w:r><w:t>",
        None,
    ),
    ("&amp; &lt;b&gt; &#x41; & <b>not bold</b>", None),
    ("]]> <![CDATA[ x ]]> <?pi x?> <!-- c -->", None),
    ("\"double\" 'single' “curly” ‘quotes’", None),
    ("שלום עולם and مرحبا بالعالم", None),
    ("👩‍👩‍👧 a family, 🏳️‍🌈 a flag", None),
    ("a tab\there", None),
    (
        "line one\r\nline two\rline three",
        Some("line one\nline two\nline three"),
    ),
    (
        "bell\u{7} nul\u{0} escape\u{1b}[31m vt\u{b}",
        Some("bell nul escape[31m vt"),
    ),
    ("non\u{FFFE}char\u{FFFF}acters", Some("noncharacters")),
    ("{ PAGE } { MERGEFIELD x } { DDEAUTO c:\\\\x }", None),
    (
        "\u{202e}reversed, with its override left open",
        Some("\u{202e}reversed, with its override left open\u{202c}"),
    ),
];

/// The text a hostile string must read as.
fn expected(i: usize) -> String {
    let (text, shown) = HOSTILE[i];
    shown.unwrap_or(text).to_string()
}

/// A long note, to see that very long text is carried whole.
fn long_text() -> String {
    format!(
        "Long note start. {}Long note end.",
        "Forty-two words of a long note. ".repeat(700)
    )
}

const SECRET: &str = "Said in confidence: the named manager at the depot";

/// A session with hostile text in every field a summary shows: title, venue, place, tables,
/// steps' notes, themes, recommendations (text, audience, owner, commitments), responses; one
/// sensitive note; dots, so that both charts are drawn.
fn hostile() -> Session {
    let created: jiff::Timestamp = "2026-10-08T09:00:00Z".parse().unwrap();
    let mut s = Session::new(
        format!("Hostile <w:p> & {}", HOSTILE[3].0),
        jiff::civil::date(2026, 10, 8),
        Framework::default_framework(),
        created,
    );
    s.venue = HOSTILE[1].0.into();
    s.place = HOSTILE[4].0.into();
    s.facilitators = vec![format!("Facilitator {}", HOSTILE[1].0)];
    let a = s.next_table(Some(HOSTILE[0].0.into()), vec![Stakeholder::Employer]);
    s.apply(Change::AddTable(a.clone())).unwrap();
    let b = s.next_table(
        Some(HOSTILE[2].0.into()),
        vec![Stakeholder::LivedExperience],
    );
    s.apply(Change::AddTable(b.clone())).unwrap();
    let steps: Vec<String> = s
        .framework
        .steps
        .iter()
        .filter(|st| st.kind == convene::framework::StepKind::Principle)
        .map(|st| st.id.clone())
        .collect();
    let mut themes = Vec::new();
    for (i, (label, _)) in HOSTILE.iter().enumerate().take(4) {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: format!("{label} {i}"),
            origin: Origin::Person,
            step: None,
            description: String::new(),
        };
        s.apply(Change::AddTheme(theme.clone())).unwrap();
        themes.push(theme.id);
    }
    let mut notes = Vec::new();
    let mut texts: Vec<String> = HOSTILE.iter().map(|(t, _)| t.to_string()).collect();
    texts.push(long_text());
    for (i, text) in texts.iter().enumerate() {
        let table = if i % 2 == 0 { a.id } else { b.id };
        let n = s.next_note(
            table,
            &steps[i % steps.len()],
            NoteKind::ALL[i % NoteKind::ALL.len()],
            text.clone(),
            created + jiff::SignedDuration::from_mins(i as i64 + 1),
        );
        notes.push(n.id);
        s.apply(Change::AddNote(n)).unwrap();
    }
    // The first notes go into themes, so some are quoted; the rest are listed in the appendix.
    for (i, id) in notes.iter().take(4).enumerate() {
        s.apply(Change::PlaceNote {
            note: *id,
            theme: Some(themes[i % themes.len()]),
            by: Some(Origin::Person),
        })
        .unwrap();
    }
    let mut secret = s.next_note(
        a.id,
        &steps[0],
        NoteKind::Comment,
        SECRET,
        created + jiff::SignedDuration::from_mins(60),
    );
    secret.sensitive = true;
    s.apply(Change::AddNote(secret)).unwrap();
    for (table, theme, dots) in [
        (a.id, themes[0], 2),
        (b.id, themes[1], 3),
        (a.id, themes[2], 1),
    ] {
        s.apply(Change::SetVotes { table, theme, dots }).unwrap();
    }
    for (i, (text, _)) in HOSTILE.iter().enumerate() {
        let rec = Recommendation {
            id: RecommendationId(s.next_ids.recommendation),
            text: format!("Recommendation {i}: {text}"),
            audience: if i == 0 {
                HOSTILE[7].0.into()
            } else {
                s.framework.audiences[i % s.framework.audiences.len()].clone()
            },
            owner: HOSTILE[(i + 1) % HOSTILE.len()].0.into(),
            timeframe: Some(Timeframe::ThreeMonths),
            themes: vec![themes[i % themes.len()]],
            steps: vec![steps[i % steps.len()].clone()],
            commitments: vec![Commitment {
                who: HOSTILE[(i + 2) % HOSTILE.len()].0.into(),
                what: HOSTILE[(i + 3) % HOSTILE.len()].0.into(),
            }],
        };
        s.apply(Change::AddRecommendation(rec)).unwrap();
    }
    for (i, id) in notes.iter().take(3).enumerate() {
        let r = Response {
            id: ResponseId(s.next_ids.response),
            target: ResponseTarget::Note(*id),
            kind: ResponseKind::Action,
            text: HOSTILE[(i + 8) % HOSTILE.len()].0.into(),
            owner: HOSTILE[(i + 9) % HOSTILE.len()].0.into(),
            status: ResponseStatus::InProgress,
        };
        s.apply(Change::AddResponse(r)).unwrap();
    }
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    s
}

/// `convene export FILE --format docx -o OUT` (and `extra` options), through the command line.
fn export(root: &Path, session: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = root.join(name);
    convene(root)
        .arg("export")
        .arg(session)
        .args(["--format", "docx", "-o"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

/// A follow-up of `previous` named `name` beside it, made through the command line, with its
/// first item done and its second in progress (with what was done).
fn follow_up(root: &Path, previous: &Path, name: &str) -> PathBuf {
    let out = root.join(name);
    convene(root)
        .args([
            "new",
            "--title",
            "June review",
            "--date",
            "2026-12-07",
            "--follow-up",
        ])
        .arg(previous)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    convene(root)
        .arg("progress")
        .arg(&out)
        .args(["1", "--status", "done"])
        .assert()
        .success();
    convene(root)
        .arg("progress")
        .arg(&out)
        .args(["2", "--status", "in-progress", "--done"])
        .arg("Shift times from 3 of 5 employers")
        .assert()
        .success();
    out
}

/// `convene export FILES… --format yousaid-docx -o OUT`, through the command line.
fn export_yousaid(root: &Path, files: &[&Path], name: &str, extra: &[&str]) -> PathBuf {
    let out = root.join(name);
    convene(root)
        .arg("export")
        .args(files)
        .args(["--format", "yousaid-docx", "-o"])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

/// No text became a field, a link, or a run of its own (the hostile texts try all three).
fn no_markup_from_text(doc: &roxmltree::Document) {
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(
            !["fldChar", "instrText", "fldSimple", "hyperlink"].contains(&name),
            "a {name} in the body"
        );
        if n.has_tag_name((W, "t")) {
            assert_ne!(n.text(), Some("injected"), "a run broke out of its text");
        }
    }
}

/// Every part of a .docx file, by name.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn xml<'a>(parts: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    std::str::from_utf8(&parts[name]).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Each paragraph of a WordprocessingML part as its style and its text: `w:t` as written,
/// `w:tab` as a tab, `w:br` as a line break.
fn paragraphs(part: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(part).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pStyle")))
                .and_then(|n| n.attribute((W, "val")))
                .unwrap_or("")
                .to_string();
            let mut text = String::new();
            for n in p.descendants() {
                if n.has_tag_name((W, "t")) {
                    text.push_str(n.text().unwrap_or(""));
                } else if n.has_tag_name((W, "tab")) && n.parent().unwrap().has_tag_name((W, "r")) {
                    text.push('\t');
                } else if n.has_tag_name((W, "br")) {
                    text.push('\n');
                }
            }
            (style, text)
        })
        .collect()
}

/// The package holds together: every part is well-formed XML (or a PNG), every part has a
/// content type, every relationship points at a part that is there.
fn check_package(parts: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        parts.keys().next().map(String::as_str),
        Some("[Content_Types].xml")
    );
    for (name, bytes) in parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = std::str::from_utf8(bytes).unwrap();
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else {
            assert!(name.ends_with(".png"), "{name}");
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}");
        }
    }
    let types = roxmltree::Document::parse(xml(parts, "[Content_Types].xml")).unwrap();
    let defaults: Vec<&str> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Default")
        .filter_map(|n| n.attribute("Extension"))
        .collect();
    let overrides: Vec<&str> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Override")
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    for name in parts.keys().filter(|n| *n != "[Content_Types].xml") {
        let extension = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(&format!("/{name}").as_str()) || defaults.contains(&extension),
            "{name} has no content type"
        );
    }
    for part in overrides {
        assert!(
            parts.contains_key(&part[1..]),
            "{part} is declared but missing"
        );
    }
    for (name, bytes) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let base = name.replace("_rels/", "").replace(".rels", "");
        let folder = base.rsplit_once('/').map_or("", |(f, _)| f);
        let rels = roxmltree::Document::parse(std::str::from_utf8(bytes).unwrap()).unwrap();
        for rel in rels
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            if rel.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = rel.attribute("Target").unwrap();
            let path = match folder {
                "" => target.to_string(),
                f => format!("{f}/{target}"),
            };
            assert!(parts.contains_key(&path), "{name}: {target} is missing");
        }
    }
}

#[test]
fn the_summary_is_a_word_document_with_headings_charts_and_numbered_pages() {
    let root = tempfile::tempdir().unwrap();
    let session = demo();
    let file = root.path().join("demo.ron");
    write(&file, &session);
    let out = export(root.path(), &file, "summary.docx", &[]);
    let parts = parts(&out);
    check_package(&parts);

    // Headings in Word's own heading styles, with outline levels.
    let styles = roxmltree::Document::parse(xml(&parts, "word/styles.xml")).unwrap();
    for level in 1..=3 {
        let style = styles
            .descendants()
            .find(|n| n.attribute((W, "styleId")) == Some(&format!("Heading{level}")))
            .unwrap_or_else(|| panic!("Heading{level} is defined"));
        let name = style
            .children()
            .find(|n| n.has_tag_name((W, "name")))
            .and_then(|n| n.attribute((W, "val")));
        assert_eq!(name, Some(format!("heading {level}").as_str()));
        let outline = style
            .descendants()
            .find(|n| n.has_tag_name((W, "outlineLvl")))
            .and_then(|n| n.attribute((W, "val")));
        assert_eq!(outline, Some((level - 1).to_string().as_str()));
    }
    let body = paragraphs(xml(&parts, "word/document.xml"));
    let headings = |style: &str| -> Vec<&str> {
        body.iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert_eq!(headings("Heading1"), [session.title.as_str()]);
    for section in [
        "Who was in the room",
        "What the tables said",
        "Priorities",
        "Recommendations",
        "You said, we did",
        "Appendix: every note",
    ] {
        assert!(headings("Heading2").contains(&section), "{section}");
    }
    assert!(headings("Heading3").contains(&"1. Person-centred, place-based"));
    assert!(headings("Heading3").contains(&"For employers"));

    // Every recommendation, with its owner and commitments.
    let text: Vec<&str> = body.iter().map(|(_, t)| t.as_str()).collect();
    for r in &session.recommendations {
        let cell = text.iter().find(|t| t.starts_with(&r.text));
        assert!(cell.is_some(), "{}", r.text);
        assert!(text.contains(&r.owner.as_str()), "{}", r.owner);
        for c in &r.commitments {
            assert!(
                text.iter()
                    .any(|t| t.contains(&format!("{}: {}", c.who, c.what)))
            );
        }
    }

    // Two charts, each a PNG in the package with alternative text stating every value.
    let document = roxmltree::Document::parse(xml(&parts, "word/document.xml")).unwrap();
    let described: Vec<&str> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .map(|n| n.attribute("descr").unwrap_or(""))
        .collect();
    let drawings = document
        .descendants()
        .filter(|n| n.has_tag_name((W, "drawing")))
        .count();
    assert_eq!((described.len(), drawings), (2, 2));
    assert_eq!(parts.keys().filter(|n| n.ends_with(".png")).count(), 2);
    let ids: std::collections::HashSet<&str> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(ids.len(), 2, "each picture has its own id");
    let sum = convene::export::Summary::new(&session, 0);
    for p in &sum.principles {
        let count = p.notes.iter().filter(|n| !n.sensitive).count();
        let value = format!("{}. {}: {count} note", p.number, p.title);
        assert!(described[0].contains(&value), "{value} in {}", described[0]);
    }
    for t in &sum.priorities {
        let value = format!("{} (rank {}): {} dot", t.label, t.rank, t.dots);
        assert!(described[1].contains(&value), "{value} in {}", described[1]);
    }

    // Page N of M in the footer.
    let footer = parts
        .keys()
        .find(|n| n.starts_with("word/footer"))
        .expect("a footer");
    let footer = roxmltree::Document::parse(xml(&parts, footer)).unwrap();
    let fields: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert_eq!(fields, ["PAGE", "NUMPAGES"]);

    // The document's properties.
    let core = roxmltree::Document::parse(xml(&parts, "docProps/core.xml")).unwrap();
    let property = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(property("title"), session.title);
    assert!(property("subject").starts_with("Workshop summary"));
    assert_eq!(
        property("created"),
        session.created.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    );
    assert!(xml(&parts, "docProps/app.xml").contains("<Application>convene "));

    // Sensitive notes only when asked for.
    let sensitive: Vec<&Note> = session.notes.iter().filter(|n| n.sensitive).collect();
    assert!(!sensitive.is_empty());
    let document_xml = xml(&parts, "word/document.xml");
    for n in &sensitive {
        assert!(!document_xml.contains(&n.text), "{}", n.text);
    }
    let with = parts_of_export(root.path(), &file, &["--include-sensitive"]);
    let body = paragraphs(xml(&with, "word/document.xml"));
    for n in &sensitive {
        assert!(body.iter().any(|(_, t)| t == &n.text), "{}", n.text);
    }

    // The same session gives the same file; a docx needs a file to go to.
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(export(root.path(), &file, "again.docx", &[])).unwrap()
    );
    convene(root.path())
        .arg("export")
        .arg(&file)
        .args(["--format", "docx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give a file with -o"));
}

fn parts_of_export(root: &Path, session: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let name = format!("export-{}.docx", extra.join("").trim_start_matches('-'));
    parts(&export(root, session, &name, extra))
}

#[test]
fn hostile_text_stays_text_in_every_field() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("hostile.ron");
    write(&file, &hostile());
    let out = export(root.path(), &file, "hostile.docx", &[]);
    let parts = parts(&out);
    check_package(&parts);
    let document = xml(&parts, "word/document.xml");
    let body = paragraphs(document);
    let texts: Vec<&str> = body.iter().map(|(_, t)| t.as_str()).collect();
    for i in 0..HOSTILE.len() {
        let want = expected(i);
        assert!(
            texts.iter().any(|t| t.contains(&want)),
            "{want:?} is not in the document's text"
        );
    }
    assert!(
        texts.contains(&long_text().as_str()),
        "the long note, whole"
    );
    // Put together with other text in one cell, a text's bidirectional override ends with it.
    let commitment = format!("{}: {}", expected(11), expected(0));
    assert!(
        texts.iter().any(|t| t.contains(&commitment)),
        "{commitment:?}"
    );
    // Nothing became markup or a field.
    let doc = roxmltree::Document::parse(document).unwrap();
    no_markup_from_text(&doc);
    assert!(texts.contains(&format!("Facilitated by Facilitator {}.", HOSTILE[1].0).as_str()));
    // Anonymised: no facilitators, tables by their letter only.
    let anonymised = parts_of_export(root.path(), &file, &["--anonymise"]);
    let body = paragraphs(xml(&anonymised, "word/document.xml"));
    assert!(!body.iter().any(|(_, t)| t.contains("Facilitator")));
    assert!(body.iter().any(|(_, t)| t == "Table A"));
    // The title in the properties, as text.
    let core = roxmltree::Document::parse(xml(&parts, "docProps/core.xml")).unwrap();
    let title = core
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .and_then(|n| n.text());
    assert_eq!(
        title,
        Some(format!("Hostile <w:p> & {}", HOSTILE[3].0).as_str())
    );
    // Alternative text is text too.
    let alt: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .filter_map(|n| n.attribute("descr"))
        .collect();
    assert_eq!(alt.len(), 2);
    assert!(
        alt[1].contains(&format!("{} 0", HOSTILE[0].0)),
        "{}",
        alt[1]
    );
    assert!(!document.contains(SECRET));
}

#[test]
fn you_said_we_did_is_a_word_document_and_hostile_text_in_a_chain_stays_text() {
    let root = tempfile::tempdir().unwrap();
    let march = root.path().join("hostile.ron");
    write(&march, &hostile());
    let june = follow_up(root.path(), &march, "june.ron");
    // What was done can be hostile too.
    convene(root.path())
        .arg("progress")
        .arg(&june)
        .args(["3", "--done", HOSTILE[0].0])
        .assert()
        .success();
    let out = export_yousaid(root.path(), &[&june, &march], "ysd.docx", &[]);
    let parts = parts(&out);
    check_package(&parts);
    let document = xml(&parts, "word/document.xml");
    let body = paragraphs(document);
    let texts: Vec<&str> = body.iter().map(|(_, t)| t.as_str()).collect();
    // Real headings: the title, then a heading per principle.
    let headings: Vec<(&str, &str)> = body
        .iter()
        .filter(|(style, _)| style.starts_with("Heading"))
        .map(|(style, t)| (style.as_str(), t.as_str()))
        .collect();
    assert_eq!(headings[0].0, "Heading1");
    assert!(headings[0].1.starts_with("You said, we did: June review"));
    assert!(
        headings
            .iter()
            .any(|(s, t)| *s == "Heading2" && t.contains("Person-centred"))
    );
    // Every recommendation, its commitment, and what was done, as text.
    for i in 0..HOSTILE.len() {
        let rec = format!("Recommendation {i}: {}", expected(i));
        assert!(texts.iter().any(|t| t.contains(&rec)), "{rec:?}");
    }
    assert!(
        texts.iter().any(|t| *t == expected(0)),
        "what was done, as typed"
    );
    let doc = roxmltree::Document::parse(document).unwrap();
    no_markup_from_text(&doc);
    // The status chart: its alternative text states every count.
    let alt: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .filter_map(|n| n.attribute("descr"))
        .collect();
    assert_eq!(alt.len(), 1);
    // 12 recommendations and their 12 commitments, 3 responses in progress; June closed one
    // and started another.
    assert!(
        alt[0].ends_with("Open 22, In progress 4, Done 1."),
        "{}",
        alt[0]
    );
    // Page numbers and properties.
    let footer = parts
        .keys()
        .find(|k| k.starts_with("word/footer"))
        .map(|k| xml(&parts, k))
        .expect("a footer");
    assert!(footer.contains("PAGE"), "{footer}");
    let core = roxmltree::Document::parse(xml(&parts, "docProps/core.xml")).unwrap();
    let title = core
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(title, "You said, we did: June review");
    assert!(!document.contains(SECRET));
}

// ---- A real reader: LibreOffice ----

/// `soffice`, or a failure that says what to install.
fn soffice() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n)))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "LibreOffice is needed to check the Word export in a real reader: install \
             libreoffice-writer and poppler-utils (apt-get install --no-install-recommends \
             libreoffice-writer poppler-utils; .ci/run does)"
        )
    })
}

/// Converts `files` to PDF in `dir` with one LibreOffice run (its own profile, so that runs at
/// the same time do not share one), within two minutes.
fn to_pdf(files: &[&Path], dir: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .args(files)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("LibreOffice starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("LibreOffice took more than two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "LibreOffice failed: {stderr}");
}

/// The text of a PDF as `pdftotext` reads it, [squeezed](squeeze).
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (package poppler-utils)");
    assert!(out.status.success());
    squeeze(&String::from_utf8(out.stdout).unwrap())
}

/// Text without white space, hyphens or invisible format characters (joiners, variation
/// selectors, bidirectional marks): lines wrap wherever the page ends them, `pdftotext` joins
/// a word broken after a hyphen ("co-" "chairs" as "cochairs"), and a PDF has glyphs, not
/// joiners.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .filter(|c| {
            !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}')
        })
        .collect()
}

#[test]
fn libreoffice_reads_the_documents() {
    let root = tempfile::tempdir().unwrap();
    let demo_file = root.path().join("demo.ron");
    write(&demo_file, &demo());
    let hostile_file = root.path().join("hostile.ron");
    write(&hostile_file, &hostile());
    let summary = export(root.path(), &demo_file, "summary.docx", &[]);
    let sensitive = export(
        root.path(),
        &demo_file,
        "sensitive.docx",
        &["--include-sensitive"],
    );
    let hostile = export(root.path(), &hostile_file, "hostile.docx", &[]);
    // "You said / We did" across a follow-up of the demo, plain and with sensitive notes.
    let june = follow_up(root.path(), &demo_file, "june.ron");
    let files = [demo_file.as_path(), june.as_path()];
    let yousaid = export_yousaid(root.path(), &files, "yousaid.docx", &[]);
    let yousaid_all = export_yousaid(
        root.path(),
        &files,
        "yousaid-all.docx",
        &["--include-sensitive"],
    );
    let pdfs = root.path().join("pdf");
    let started = std::time::Instant::now();
    to_pdf(
        &[&summary, &sensitive, &hostile, &yousaid, &yousaid_all],
        &pdfs,
    );
    eprintln!(
        "LibreOffice converted 5 documents in {:.1?}",
        started.elapsed()
    );

    let session = demo();
    let text = pdf_text(&pdfs.join("yousaid.pdf"));
    let with_secrets = pdf_text(&pdfs.join("yousaid-all.pdf"));
    for heading in [
        "You said, we did: June review",
        "2 workshops from 2026-09-24 to 2026-12-07",
        "Where the promises stand",
        "Person-centred, place-based",
        "Invested commitment",
        "You said",
        "We did",
        "By whom",
        "Status",
        "Page 1 of",
        "Shift times from 3 of 5 employers",
    ] {
        assert!(text.contains(&squeeze(heading)), "{heading}");
    }
    for r in &session.recommendations {
        assert!(text.contains(&squeeze(&r.text)), "{}", r.text);
        for c in &r.commitments {
            assert!(text.contains(&squeeze(&c.what)), "{}", c.what);
        }
    }
    // The demo answered one sensitive note: out unless asked for.
    let answered: Vec<&Note> = session
        .notes
        .iter()
        .filter(|n| n.sensitive)
        .filter(|n| {
            session
                .responses
                .iter()
                .any(|r| r.target == ResponseTarget::Note(n.id))
        })
        .collect();
    assert!(!answered.is_empty());
    for n in answered {
        assert!(!text.contains(&squeeze(&n.text)), "{}", n.text);
        assert!(with_secrets.contains(&squeeze(&n.text)), "{}", n.text);
    }

    let text = pdf_text(&pdfs.join("summary.pdf"));
    for heading in [
        session.title.as_str(),
        "Who was in the room",
        "What the tables said",
        "Notes per principle",
        "Priorities",
        "Dots per theme",
        "Recommendations",
        "You said, we did",
        "Appendix: every note",
        "Page 1 of",
    ] {
        assert!(text.contains(&squeeze(heading)), "{heading}");
    }
    for r in &session.recommendations {
        assert!(text.contains(&squeeze(&r.text)), "{}", r.text);
    }
    let secrets: Vec<&Note> = session.notes.iter().filter(|n| n.sensitive).collect();
    let with_secrets = pdf_text(&pdfs.join("sensitive.pdf"));
    for n in secrets {
        assert!(!text.contains(&squeeze(&n.text)), "{}", n.text);
        assert!(with_secrets.contains(&squeeze(&n.text)), "{}", n.text);
    }

    let text = pdf_text(&pdfs.join("hostile.pdf"));
    for (i, (typed, _)) in HOSTILE.iter().enumerate() {
        let want = squeeze(&expected(i));
        if typed.contains('\u{202e}') {
            // Shown reversed, as the override asks: checked in the document's XML.
            continue;
        }
        let ascii: Vec<&str> = want
            .split(|c: char| !c.is_ascii())
            .filter(|w| !w.is_empty())
            .collect();
        if typed.contains('\u{200d}') {
            // An emoji sequence is drawn as one glyph; without a colour emoji font (none is
            // installed with LibreOffice) the PDF keeps no text for it: the words around it.
            for w in ascii {
                assert!(text.contains(w), "{w:?} of {want:?}");
            }
        } else if typed.chars().any(|c| ('\u{590}'..='\u{6ff}').contains(&c)) {
            // Right-to-left words may come out in the order they are shown in.
            for w in want.split(|c: char| c.is_ascii()).filter(|w| !w.is_empty()) {
                let reversed: String = w.chars().rev().collect();
                assert!(
                    text.contains(w) || text.contains(&reversed),
                    "{w:?} of {want:?}"
                );
            }
            for w in ascii {
                assert!(text.contains(w), "{w:?} of {want:?}");
            }
        } else {
            assert!(text.contains(&want), "{want:?}");
        }
    }
    // The long note runs onto other pages, so the footer and the table's header come between
    // its words: all of them, in order.
    let mut rest = text.as_str();
    for word in long_text().split_whitespace() {
        let word = squeeze(word);
        let at = rest
            .find(&word)
            .unwrap_or_else(|| panic!("the long note, whole: {word}"));
        rest = &rest[at + word.len()..];
    }
    assert!(!text.contains(&squeeze(SECRET)));
}
