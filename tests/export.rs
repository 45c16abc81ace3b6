//! Exports of a session: snapshots of each format, CSV and JSON read back, hostile text, mid-workshop.

use convene::export::{self, CsvTable, Options};
use convene::model::*;

fn demo() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    convene::store::parse(&std::fs::read(path).unwrap()).unwrap()
}

/// The demo as it was half-way through the morning: two principles done, nothing grouped yet.
fn mid_workshop() -> Session {
    let mut s = demo();
    let keep = ["person-centred", "invested-commitment"];
    s.notes.retain(|n| keep.contains(&n.step.as_str()));
    for n in &mut s.notes {
        n.theme = None;
        n.placed_by = None;
    }
    s.themes.clear();
    s.votes.clear();
    s.recommendations.clear();
    s.responses.clear();
    assert!(s.problems().is_empty());
    s
}

const HOSTILE: &[&str] = &[
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "</li></ul></section><h1>injected</h1>",
    "<svg onload=alert(1)><circle r=5/></svg>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
    "<style>body{display:none}</style>",
    "]]><!-- --><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
];

const FORMULAS: &[&str] = &[
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "\tTAB",
    "\rCR",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "=cmd|' /C calc'!A0",
];

/// The demo with extra notes carrying `texts` on table A under the first principle.
fn with_texts(texts: &[&str]) -> Session {
    let mut s = demo();
    for text in texts {
        let n = s.next_note(
            TableId(1),
            "person-centred",
            NoteKind::Comment,
            *text,
            s.created,
        );
        s.apply(Change::AddNote(n)).unwrap();
    }
    s
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(export::markdown(&demo(), &Options::default()));
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!(export::html(&demo(), &Options::default()));
}

#[test]
fn csv_snapshots() {
    let s = demo();
    insta::assert_snapshot!(
        "csv_notes",
        export::csv(&s, &Options::default(), CsvTable::Notes)
    );
    insta::assert_snapshot!(
        "csv_themes",
        export::csv(&s, &Options::default(), CsvTable::Themes)
    );
    insta::assert_snapshot!(
        "csv_recommendations",
        export::csv(&s, &Options::default(), CsvTable::Recommendations)
    );
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(export::json(&demo(), &Options::default()));
}

#[test]
fn sensitive_notes_are_left_out_unless_asked_for() {
    let s = demo();
    let sensitive: Vec<&Note> = s.notes.iter().filter(|n| n.sensitive).collect();
    assert!(!sensitive.is_empty());
    let md = export::markdown(&s, &Options::default());
    let html = export::html(&s, &Options::default());
    let csv = export::csv(&s, &Options::default(), CsvTable::Notes);
    let json = export::json(&s, &Options::default());
    for n in &sensitive {
        let probe = &n.text[..n.text.len().min(30)];
        for (name, text) in [("md", &md), ("csv", &csv), ("json", &json)] {
            assert!(
                !text.contains(probe),
                "{name} leaks a sensitive note: {probe}"
            );
        }
        assert!(
            !html.contains(&convene_escape(probe)),
            "html leaks a sensitive note"
        );
    }
    assert!(md.contains(&format!(
        "{} notes marked sensitive are not included",
        sensitive.len()
    )));
    let all = Options {
        include_sensitive: true,
        ..Options::default()
    };
    let csv_all = export::csv(&s, &all, CsvTable::Notes);
    let rows = read_csv(&csv_all);
    assert_eq!(rows.len() - 1, s.notes.len());
}

fn convene_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn anonymise_removes_facilitators_and_table_names() {
    let s = demo();
    let opts = Options {
        anonymise: true,
        ..Options::default()
    };
    let md = export::markdown(&s, &opts);
    let html = export::html(&s, &opts);
    let csv = export::csv(&s, &opts, CsvTable::Notes);
    let json = export::json(&s, &opts);
    for text in [&md, &html, &csv, &json] {
        for f in &s.facilitators {
            let name = f.split(" (").next().unwrap();
            assert!(!text.contains(name), "facilitator {name} still named");
        }
    }
    // Table names appear nowhere the export itself puts them (notes may still mention places).
    let back: Session = serde_json::from_str(&json).unwrap();
    assert!(
        back.tables
            .iter()
            .all(|t| t.name == format!("Table {}", t.letter))
    );
    let rows = read_csv(&csv);
    let col = rows[0].iter().position(|c| c == "table_name").unwrap();
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[col] == format!("Table {}", r[col - 1]))
    );
    for t in &s.tables {
        assert!(!md.contains(&format!("| {} · {} |", t.letter, t.name)));
        assert!(md.contains(&format!("| Table {} |", t.letter)));
    }
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    let body = text
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_reads_back_as_the_same_rows() {
    let s = with_texts(&[
        "Line one\nline two, with \"quotes\"",
        "Ünïcödé 日本語 🚌 عربى",
    ]);
    let opts = Options {
        include_sensitive: true,
        ..Options::default()
    };
    for table in [CsvTable::Notes, CsvTable::Themes, CsvTable::Recommendations] {
        let text = export::csv(&s, &opts, table);
        assert!(text.contains("\r\n"), "RFC 4180 line ends");
        let expected: Vec<Vec<String>> = export::csv_rows(&s, &opts, table)
            .into_iter()
            .map(|row| row.iter().map(|c| export::neutralise(c)).collect())
            .collect();
        assert_eq!(read_csv(&text), expected, "{table:?}");
    }
    let rows = read_csv(&export::csv(&s, &opts, CsvTable::Notes));
    let text_col = rows[0].iter().position(|c| c == "text").unwrap();
    assert!(
        rows.iter()
            .any(|r| r[text_col] == "Line one\nline two, with \"quotes\"")
    );
    assert!(rows.iter().any(|r| r[text_col] == "Ünïcödé 日本語 🚌 عربى"));
    let mut header = export::NOTE_COLUMNS.to_vec();
    header.push("responses");
    assert_eq!(rows[0], header);
}

#[test]
fn every_response_to_a_note_or_a_theme_reaches_the_csv() {
    // Before the fix notes.csv and themes.csv kept only the last response of each.
    let mut s = demo();
    s.responses.clear();
    let note = s.notes.iter().find(|n| !n.sensitive).unwrap().id;
    let theme = s.themes[0].id;
    for (target, status, text) in [
        (
            ResponseTarget::Note(note),
            ResponseStatus::Open,
            "Asked the bus company",
        ),
        (
            ResponseTarget::Theme(theme),
            ResponseStatus::Done,
            "Crèche booked",
        ),
        (
            ResponseTarget::Note(note),
            ResponseStatus::Done,
            "Late bus running",
        ),
        (
            ResponseTarget::Theme(theme),
            ResponseStatus::Open,
            "Crèche cancelled",
        ),
    ] {
        let r = Response {
            id: ResponseId(s.next_ids.response),
            target,
            kind: ResponseKind::Action,
            text: text.into(),
            owner: "Partnership lead".into(),
            status,
        };
        s.apply(Change::AddResponse(r)).unwrap();
    }
    let check = |table: CsvTable, id_column: &str, id: u32, texts: &str, statuses: &str| {
        let rows = read_csv(&export::csv(&s, &Options::default(), table));
        let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
        let row = rows
            .iter()
            .find(|r| r[col(id_column)] == id.to_string())
            .unwrap();
        assert_eq!(row[col("response")], texts, "{table:?}");
        assert_eq!(row[col("response_status")], statuses, "{table:?}");
        assert_eq!(
            row[col("response_kind")],
            "action taken; action taken",
            "{table:?}"
        );
        assert_eq!(row[col("responses")], "2", "{table:?}");
        let unanswered = rows
            .iter()
            .skip(1)
            .find(|r| r[col(id_column)] != id.to_string())
            .unwrap();
        assert_eq!(unanswered[col("response")], "");
        assert_eq!(unanswered[col("responses")], "0");
    };
    check(
        CsvTable::Notes,
        "note_id",
        note.0,
        "Asked the bus company; Late bus running",
        "open; done",
    );
    check(
        CsvTable::Themes,
        "theme_id",
        theme.0,
        "Crèche booked; Crèche cancelled",
        "done; open",
    );
}

#[test]
fn csv_neutralises_formulas() {
    let s = with_texts(FORMULAS);
    let rows = read_csv(&export::csv(&s, &Options::default(), CsvTable::Notes));
    let text_col = rows[0].iter().position(|c| c == "text").unwrap();
    for f in FORMULAS {
        let cell = rows
            .iter()
            .map(|r| &r[text_col])
            .find(|c| c.ends_with(&f[1..]) && c.len() == f.len() + 1)
            .unwrap_or_else(|| panic!("{f:?} missing"));
        assert!(cell.starts_with('\''), "{f:?} not neutralised: {cell:?}");
    }
    for row in &rows {
        for cell in row {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "{cell:?} would run as a formula"
            );
        }
    }
}

#[test]
fn json_reads_back_as_the_same_session() {
    let s = demo();
    let all = Options {
        include_sensitive: true,
        ..Options::default()
    };
    let back: Session = serde_json::from_str(&export::json(&s, &all)).unwrap();
    assert_eq!(back, s);
    let filtered: Session = serde_json::from_str(&export::json(&s, &Options::default())).unwrap();
    assert!(filtered.notes.iter().all(|n| !n.sensitive));
    assert!(
        filtered.problems().is_empty(),
        "a filtered export is still consistent"
    );
}

#[test]
fn html_escapes_every_hostile_text() {
    let s = with_texts(HOSTILE);
    let html = export::html(&s, &Options::default());
    for h in HOSTILE {
        assert!(!html.contains(h), "raw hostile text in the page: {h}");
        assert!(
            html.contains(&convene_escape(h)),
            "hostile text not shown as text: {h}"
        );
    }
    assert!(!html.contains("<script"), "the page has no script");
    for raw in [
        "<img",
        "<iframe",
        "<a href",
        "<svg onload",
        "<style>body",
        "<math",
        "<h1>injected",
    ] {
        assert!(!html.contains(raw), "raw markup from a note: {raw}");
    }
    assert!(
        !html.contains("<link") && !html.contains("src=\"http"),
        "no external assets"
    );
}

#[test]
fn html_is_self_contained_and_accessible() {
    let html = export::html(&demo(), &Options::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("@media print") && html.contains("size: A4"));
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(html.matches("<svg role=\"img\"").count(), 2, "two charts");
    assert!(html.contains("aria-labelledby=\"notes-title notes-desc\""));
    assert!(
        html.contains("<p id=\"votes-desc\""),
        "charts carry text alternatives"
    );
}

#[test]
fn a_mid_workshop_export_is_a_useful_summary() {
    let s = mid_workshop();
    let md = export::markdown(&s, &Options::default());
    // Every note so far is in it, under its principle, with its table.
    for n in s.notes.iter().filter(|n| !n.sensitive) {
        let start: String = n.text.chars().take(25).collect();
        let escaped = convene::export::markdown_inline(&start);
        assert!(md.contains(&escaped), "missing note: {start}");
    }
    assert!(md.contains("### 1. Person-centred, place-based"));
    assert!(md.contains("No themes yet"));
    assert!(md.contains("No notes yet."), "later principles say so");
    let html = export::html(&s, &Options::default());
    assert!(html.contains("Notes per principle, by table"));
    insta::assert_snapshot!(md);
}

#[test]
fn html_isolates_user_text_so_bidirectional_controls_cannot_reorder_the_page() {
    // U+202E (right-to-left override) and U+2067 (right-to-left isolate), left open, in every
    // kind of user text. Before the fix they reached the page bare and reversed what followed.
    let rlo = "evil \u{202e}txet desrever \u{2067}open";
    let mut s = with_texts(&[rlo]);
    s.title = format!("Workshop {rlo}");
    s.venue = rlo.into();
    s.facilitators = vec![rlo.into()];
    s.tables[0].name = rlo.into();
    s.themes[0].label = rlo.into();
    s.recommendations[0].text = rlo.into();
    s.recommendations[0].owner = rlo.into();
    s.responses[0].text = rlo.into();
    s.framework.steps[1].title = rlo.into();
    let html = export::html(&s, &Options::default());
    assert!(html.contains("<li><bdi>evil \u{202e}txet desrever \u{2067}open</bdi> <span"));
    assert!(html.contains("<h1><bdi>Workshop evil \u{202e}"));
    // Every bidirectional control is inside a <bdi> element; none in <title> or the charts.
    let mut depth = 0i32;
    let mut rest = html.as_str();
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("<bdi>") {
            depth += 1;
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix("</bdi>") {
            depth -= 1;
            rest = after;
            continue;
        }
        if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            let at = html.len() - rest.len();
            assert!(
                depth > 0,
                "a bidirectional control outside <bdi>: …{}…",
                &html[html.floor_char_boundary(at.saturating_sub(80))..at]
            );
        }
        rest = &rest[c.len_utf8()..];
    }
    assert_eq!(depth, 0, "every <bdi> is closed");
    let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
    assert_eq!(title, "<title>Workshop evil txet desrever open");
}

/// The Priorities table of a Markdown summary: (rank, theme) for each row.
fn markdown_ranks(md: &str) -> Vec<(String, String)> {
    let section = md.split("## Priorities").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Rank"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn tied_themes_share_a_rank_in_every_summary() {
    // The demo has three themes on 3 dots, two on 2 and five on 1: ranks 1=, 4=, 6=, as the
    // facilitator's voting view shows them (it used to read 1 to 10 here).
    let s = demo();
    let md = export::markdown(&s, &Options::default());
    let ranks: Vec<String> = markdown_ranks(&md).into_iter().map(|(r, _)| r).collect();
    let mut want = vec!["1="; 3];
    want.extend(["4="; 2]);
    want.extend(["6="; 5]);
    assert_eq!(ranks, want);
    assert!(md.contains("share a rank, marked with “=”"), "{md}");
    // The same ranks, and the same order, as the model's ranking.
    let ranked = ranking(&s);
    let rows = markdown_ranks(&md);
    for (r, (rank, label)) in ranked.iter().zip(&rows) {
        assert_eq!(&r.label(), rank);
        assert_eq!(
            &export::markdown_inline(&s.theme(r.theme).unwrap().label),
            label
        );
    }
    let html = export::html(&s, &Options::default());
    let priorities = html.split("<h2>Priorities</h2>").nth(1).unwrap();
    let cells: Vec<&str> = priorities
        .split("</table>")
        .next()
        .unwrap()
        .split("<tr><td class=\"num\">")
        .skip(1)
        .map(|row| row.split("</td>").next().unwrap())
        .collect();
    assert_eq!(cells, want);
    // Without ties no rank is marked.
    let mut s = demo();
    let first = ranked[0].theme;
    s.apply(Change::SetVotes {
        table: TableId(1),
        theme: first,
        dots: s.dots(TableId(1), first) + 1,
    })
    .unwrap();
    let md = export::markdown(&s, &Options::default());
    assert_eq!(markdown_ranks(&md)[0].0, "1");
    assert_eq!(markdown_ranks(&md)[1].0, "2=");
}

/// The sentence under the Priorities table.
fn dots_sentence(md: &str) -> String {
    let after = md.split("## Priorities").nth(1).unwrap();
    let after = after
        .split("\n\n")
        .find(|p| p.contains("to place"))
        .unwrap();
    after.to_string()
}

#[test]
fn the_summary_says_how_many_dots_tables_had_and_what_they_placed() {
    let s = demo();
    let md = export::markdown(&s, &Options::default());
    assert!(
        dots_sentence(&md).starts_with("Each table had 3 dots to place and placed them all."),
        "{md}"
    );
    // Table B placed a fourth dot on the wall, table C took one back: the summary says so.
    let mut s = demo();
    let (b, c) = (TableId(2), TableId(3));
    let on = |s: &Session, t: TableId| s.votes.iter().find(|v| v.table == t).unwrap().theme;
    let (tb, tc) = (on(&s, b), on(&s, c));
    for (table, theme, delta) in [(b, tb, 1i64), (c, tc, -1)] {
        let dots = (i64::from(s.dots(table, theme)) + delta) as u32;
        s.apply(Change::SetVotes { table, theme, dots }).unwrap();
    }
    let md = export::markdown(&s, &Options::default());
    let letter = |t: TableId| s.table(t).unwrap().letter.clone();
    assert_eq!(
        dots_sentence(&md),
        format!(
            "Each table had 3 dots to place. Table {} placed 4 dots and table {} placed 2 dots. \
             A table's dots count for every stakeholder group sitting at it. Themes with the \
             same number of dots share a rank, marked with “=”.",
            letter(b),
            letter(c)
        )
    );
    let html = export::html(&s, &Options::default());
    assert!(html.contains(&format!(
        "Each table had 3 dots to place. Table <bdi>{}</bdi> placed 4 dots",
        letter(b)
    )));
    assert!(!html.contains("Each table had 3 dots."));
    // One dot is one dot; nothing recorded is said plainly.
    s.apply(Change::SetDotsPerTable { dots: 1 }).unwrap();
    for v in s.votes.clone() {
        s.apply(Change::SetVotes {
            table: v.table,
            theme: v.theme,
            dots: 0,
        })
        .unwrap();
    }
    let md = export::markdown(&s, &Options::default());
    assert!(
        dots_sentence(&md)
            .starts_with("Each table had 1 dot to place; no dots have been recorded."),
        "{md}"
    );
}
