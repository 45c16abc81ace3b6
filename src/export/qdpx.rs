//! REFI-QDA project exchange (`.qdpx`): the format NVivo, ATLAS.ti, MAXQDA and QualCoder import.
//!
//! A `.qdpx` file is a zip holding `project.qde` (XML in the `urn:QDA-XML:project:1.0`
//! namespace, valid against the REFI-QDA `Project.xsd`) and `sources/`, one plain-text file per
//! table per session and one per note. In it:
//!
//! - each framework step that has notes (every principle) is a parent **code**; each theme is a
//!   child code under its step (themes without a step sit under "Themes across steps");
//! - each note is a **coded segment** (`PlainTextSelection`) of its table's text source, coded
//!   with its step and, when it has one, its theme;
//! - each table is a **case** with **variables**: session, date, place, table letter and name,
//!   the session's and the table's ids in the research dataset, and one true/false variable per
//!   stakeholder group (its mix);
//! - recommendations, "You said / We did" responses and each workshop's details are **notes**
//!   (memos), each a plain-text file `sources/<guid>.txt` beside the sources, its text repeated
//!   in its description, linked from the themes and segments they concern and from the
//!   session's **set** (which holds the session's sources and notes).
//!
//! [`qdc`] writes the same codes as a REFI-QDA codebook (`.qdc`), with the same GUIDs.
//!
//! Positions (`startPosition`, `endPosition`) count Unicode code points (characters) from the
//! start of the source text, from 0, the end exclusive. Source files are UTF-8 without a
//! byte-order mark, with LF line endings. Text is cleaned the same way everywhere it appears:
//! CR LF and lone CR become LF, and characters XML 1.0 forbids (control characters other than
//! tab and line feed, U+FFFE, U+FFFF) are dropped.
//!
//! The same sessions always give the same bytes: zip entries have fixed times and a fixed order,
//! and every GUID is fixed by the sessions:
//!
//! - what stands for one row of the research dataset has that row's global id
//!   ([`crate::dataset`]): each note's coded segment is its `note_id`, each table's case its
//!   `table_id`, each recommendation's and response's note its `recommendation_id` and
//!   `response_id`, and the workshop's details note is the session's own UUID (the `sessions`
//!   row). So a segment, case or note found in a QDA tool joins the CSV, JSON, Parquet, SQLite
//!   and Excel exports by its GUID; the ids are also written where a QDA user sees them (the
//!   segment's description, the notes' text, the cases' "Session id" and "Table id"), and each
//!   commitment's `commitment_id` is in its recommendation's note.
//! - what has no row of its own is a version-5 UUID in the session's namespace
//!   ([`crate::dataset::global_id`]) under a kind of its own: a table's text source is
//!   `qdpx-source/<table>`, the session's set `qdpx-set/`.
//! - codes merge sessions (one code per step key, one per theme label within a step), so their
//!   GUIDs cannot be one session's id: they are UUID v5 of the step key and theme label in a
//!   fixed namespace ([`guid`]), the same in every project and codebook; so are variables,
//!   codings and the user.
//!
//! Names a QDA tool shows are unique within their kind (QualCoder refuses or renames a second
//! source, case, note or code of the same name): sessions are named "Title (date)"; two
//! sessions with the same title and date add the first 8 hex digits of their UUID, "Title
//! (date, 1a2b3c4d)"; the same session twice (two copies with one UUID, which callers drop but
//! which must not break the file) gets ", copy 2" and GUIDs of its own (each id as the
//! namespace of a version-5 UUID of `copy/2`).

use super::{Options, prepare};
use crate::model::{Note, ResponseTarget, Session, Stakeholder, Table, TableId, ThemeId};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use uuid::Uuid;

/// The namespace of the GUIDs of what no one session owns: codes, variables, codings, the user.
const GUID_NAMESPACE: Uuid = Uuid::from_u128(0xee10a01d_7911_4aee_90bb_75200958b2d3);

/// The REFI-QDA project namespace.
pub const QDA_NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// A GUID for `name`, always the same for the same name.
pub fn guid(name: &str) -> String {
    Uuid::new_v5(&GUID_NAMESPACE, name.as_bytes()).to_string()
}

/// The `.qdpx` file (zip bytes) for `sessions`, after the export options are applied.
pub fn qdpx(sessions: &[Session], options: &Options) -> Vec<u8> {
    let files = qdpx_files(sessions, options);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let entry = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), entry)
            .and_then(|_| zip.write_all(bytes).map_err(Into::into))
            .expect("writing to memory cannot fail");
    }
    zip.finish()
        .expect("writing to memory cannot fail")
        .into_inner()
}

/// The REFI-QDA codebook namespace.
pub const QDC_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// The REFI-QDA codebook (`.qdc`) for `sessions`: XML in the `urn:QDA-XML:codebook:1.0`
/// namespace, valid against the REFI-QDA `Codebook.xsd`, holding exactly the codes of the
/// project [`qdpx`] makes from the same sessions and options (every principle and step with
/// notes, the themes beneath), with the same GUIDs, names, nesting and descriptions, so codes
/// imported from one meet codings imported from the other. A codebook has no notes, so the
/// codes' links to recommendations and responses are left out; nor sets (the project's sets
/// group sources and notes, which a codebook cannot hold).
///
/// The schema asks for at least one code: with no codes (no sessions) the codebook holds one
/// placeholder, "No codes", that cannot be coded.
pub fn qdc(sessions: &[Session], options: &Options) -> String {
    let prepared: Vec<Session> = sessions.iter().map(|s| prepare(s, options).0).collect();
    let mut builder = Builder::default();
    builder.collect(&prepared);
    builder.codebook_xml()
}

/// The files inside the `.qdpx`, in archive order: `project.qde` first, then the sources'
/// text files, then the notes' (all `sources/<guid>.txt`).
pub fn qdpx_files(sessions: &[Session], options: &Options) -> Vec<(String, Vec<u8>)> {
    let prepared: Vec<Session> = sessions.iter().map(|s| prepare(s, options).0).collect();
    Builder::default().build(&prepared)
}

/// Text as it goes into the project: LF line endings, no characters XML 1.0 forbids.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an XML element.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an XML attribute value in double quotes, keeping tabs and line breaks.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            c => out.push(c),
        }
    }
    out
}

/// A code in the codebook.
#[derive(Debug, Default)]
struct Code {
    guid: String,
    name: String,
    description: String,
    codable: bool,
    /// Notes about it (recommendations, responses to a theme).
    memos: Vec<String>,
    parent: Option<usize>,
    children: Vec<usize>,
}

/// A note (memo) of the project: its text is a file of its own, `sources/<guid>.txt`, and
/// also its description (which tools that read no note files show).
#[derive(Debug)]
struct Memo {
    guid: String,
    name: String,
    text: String,
    created: String,
}

#[derive(Debug)]
struct Segment {
    guid: String,
    name: String,
    description: String,
    start: usize,
    end: usize,
    created: String,
    codes: Vec<String>,
    memos: Vec<String>,
}

#[derive(Debug)]
struct Source {
    guid: String,
    name: String,
    description: String,
    created: String,
    segments: Vec<Segment>,
    text: String,
}

#[derive(Debug)]
struct Case {
    guid: String,
    name: String,
    description: String,
    values: Vec<(String, Value)>,
    source: String,
}

#[derive(Debug)]
struct Set {
    guid: String,
    name: String,
    description: String,
    sources: Vec<String>,
    notes: Vec<String>,
}

#[derive(Debug)]
enum Value {
    Text(String),
    Boolean(bool),
    Date(String),
}

const VARIABLES: &[(&str, &str, &str)] = &[
    ("Session", "Text", "The workshop's title"),
    ("Session date", "Date", "The day of the workshop"),
    (
        "Place",
        "Text",
        "The town, city or area the workshop's findings apply to",
    ),
    ("Table", "Text", "The table's letter"),
    ("Table name", "Text", "The table's name"),
    (
        "Session id",
        "Text",
        "The session's UUID: its id in convene's research dataset",
    ),
    (
        "Table id",
        "Text",
        "The table's id in convene's research dataset (also this case's GUID)",
    ),
];

fn stakeholder_variable(s: Stakeholder) -> String {
    format!("Stakeholder: {}", s.label())
}

/// What the project calls each session, and which copy of its UUID it is (1 for the first).
///
/// "Title (date)"; when another exported session has the same title and date, "Title (date,
/// 1a2b3c4d)" with the first 8 hex digits of the session's UUID; when that is still taken (the
/// same session twice), ", copy 2" and so on. The same sessions in the same order always get the
/// same names; a session's name depends on the others only when they share its title and date.
fn session_names(sessions: &[Session]) -> Vec<(String, usize)> {
    let title = |s: &Session| clean(s.title.trim()).replace('\n', " ");
    let mut shared: HashMap<(String, jiff::civil::Date), usize> = HashMap::new();
    for s in sessions {
        *shared.entry((title(s), s.date)).or_default() += 1;
    }
    let mut taken = std::collections::HashSet::new();
    let mut copies: HashMap<Uuid, usize> = HashMap::new();
    sessions
        .iter()
        .map(|s| {
            let copy = copies.entry(s.uuid).or_default();
            *copy += 1;
            let mut parts = vec![s.date.to_string()];
            if shared[&(title(s), s.date)] > 1 {
                parts.push(s.uuid.simple().to_string()[..8].to_string());
            }
            let mut name = format!("{} ({})", title(s), parts.join(", "));
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{} ({}, copy {n})", title(s), parts.join(", "));
            }
            (name, *copy)
        })
        .collect()
}

/// Names made unique within one kind: a name already given gets " (2)", " (3)", ….
#[derive(Debug, Default)]
struct Names(std::collections::HashSet<String>);

impl Names {
    fn unique(&mut self, name: &str) -> String {
        let name = clean(name);
        let mut candidate = name.clone();
        let mut n = 1;
        while !self.0.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{name} ({n})");
        }
        candidate
    }
}

/// One session's part of the project: its UUID, its name, and which copy of its UUID it is.
struct Ids {
    uuid: Uuid,
    copy: usize,
}

impl Ids {
    /// `id` as this copy's GUID: the id itself for the first copy (every real export), a
    /// version-5 UUID of `copy/<n>` in the id's namespace for the second and later.
    fn of(&self, id: Uuid) -> String {
        if self.copy <= 1 {
            id.to_string()
        } else {
            Uuid::new_v5(&id, format!("copy/{}", self.copy).as_bytes()).to_string()
        }
    }

    /// The GUID of something the dataset has no row for, in the session's namespace.
    fn own(&self, kind: &str, local: &str) -> String {
        self.of(crate::dataset::global_id(self.uuid, kind, local))
    }
}

#[derive(Debug, Default)]
struct Builder {
    codes: Vec<Code>,
    roots: Vec<usize>,
    code_by_key: HashMap<String, usize>,
    cases: Vec<Case>,
    sources: Vec<Source>,
    memos: Vec<Memo>,
    sets: Vec<Set>,
    project_memos: Vec<String>,
    source_names: Names,
    case_names: Names,
    memo_names: Names,
    set_names: Names,
}

impl Builder {
    fn code(&mut self, key: &str, name: &str, codable: bool, parent: Option<usize>) -> usize {
        if let Some(&i) = self.code_by_key.get(key) {
            return i;
        }
        self.codes.push(Code {
            guid: guid(&format!("code:{key}")),
            name: clean(name),
            codable,
            parent,
            ..Code::default()
        });
        let i = self.codes.len() - 1;
        self.code_by_key.insert(key.to_string(), i);
        match parent {
            Some(p) => self.codes[p].children.push(i),
            None => self.roots.push(i),
        }
        i
    }

    /// Everything in `sessions`, with unique names.
    fn collect(&mut self, sessions: &[Session]) {
        // QualCoder imports sets as file variables named after the set: keep clear of ours.
        for (n, _, _) in VARIABLES {
            self.set_names.unique(n);
        }
        for st in Stakeholder::ALL {
            self.set_names.unique(&stakeholder_variable(st));
        }
        for (s, (name, copy)) in sessions.iter().zip(session_names(sessions)) {
            let ids = Ids { uuid: s.uuid, copy };
            self.add_session(s, &name, &ids);
        }
        self.unique_code_names();
    }

    /// Code names unique across the codebook (QualCoder keeps one code per name and drops the
    /// codings of the others): a theme whose label another code has is named with its step,
    /// "Travel (Person-centred, place-based)"; any name still shared is numbered.
    fn unique_code_names(&mut self) {
        let mut count: HashMap<String, usize> = HashMap::new();
        for c in &self.codes {
            *count.entry(c.name.clone()).or_default() += 1;
        }
        for i in 0..self.codes.len() {
            if count[&self.codes[i].name] > 1
                && let Some(p) = self.codes[i].parent
            {
                self.codes[i].name = format!("{} ({})", self.codes[i].name, self.codes[p].name);
            }
        }
        let mut names = Names::default();
        for c in &mut self.codes {
            c.name = names.unique(&c.name);
        }
    }

    fn build(mut self, sessions: &[Session]) -> Vec<(String, Vec<u8>)> {
        self.collect(sessions);
        let latest = sessions.iter().map(|s| s.created).max();
        let name = match sessions {
            [one] => one.title.clone(),
            _ => format!("convene review of {} workshop sessions", sessions.len()),
        };
        let mut description = String::from(
            "Exported by convene. Codes: each step (principle) of the agenda, with the workshop's \
             themes beneath; coded segments: the notes tables wrote; cases: the tables, with their \
             stakeholder mix as variables; notes: recommendations, responses and workshop details.",
        );
        for s in sessions {
            let _ = write!(
                description,
                "\nSession: {} ({}), id {}",
                s.title, s.date, s.uuid
            );
        }
        let qde = self.xml(&name, &description, latest.map(|t| t.to_string()));
        let mut files = vec![("project.qde".to_string(), qde.into_bytes())];
        for src in self.sources {
            files.push((format!("sources/{}.txt", src.guid), src.text.into_bytes()));
        }
        for m in self.memos {
            files.push((format!("sources/{}.txt", m.guid), m.text.into_bytes()));
        }
        files
    }

    fn memo(&mut self, guid: String, name: &str, text: String, created: &str) {
        let name = self.memo_names.unique(name);
        self.memos.push(Memo {
            guid,
            name,
            text: clean(&text),
            created: created.to_string(),
        });
    }

    fn add_session(&mut self, s: &Session, label: &str, ids: &Ids) {
        let created = s.created.to_string();
        // Codes: every step with notes or themes, and every principle.
        let mut step_code: HashMap<&str, usize> = HashMap::new();
        for step in &s.framework.steps {
            let used = s.notes.iter().any(|n| n.step == step.id)
                || s.themes.iter().any(|t| t.step.as_deref() == Some(&step.id));
            if used || step.kind == crate::framework::StepKind::Principle {
                let i = self.code(&format!("step:{}", step.id), &step.title, true, None);
                step_code.insert(step.id.as_str(), i);
            }
        }
        let mut theme_code: HashMap<ThemeId, usize> = HashMap::new();
        for t in &s.themes {
            let step = t.step.clone().or_else(|| main_step(s, t.id));
            let parent = match step.as_deref().and_then(|st| step_code.get(st)) {
                Some(&p) => p,
                None => self.code("themes-without-step", "Themes across steps", false, None),
            };
            let parent_key = step.unwrap_or_default();
            let i = self.code(
                &format!("theme:{parent_key}:{}", t.label.trim().to_lowercase()),
                t.label.trim(),
                true,
                Some(parent),
            );
            if self.codes[i].description.is_empty() {
                self.codes[i].description = t.description.clone();
            }
            theme_code.insert(t.id, i);
        }

        // Notes: the workshop (the session's own id: its row of the dataset), recommendations,
        // responses.
        let mut session_notes = Vec::new();
        let session_memo = ids.of(s.uuid);
        let mut details = format!("{}\nDate: {}", s.title, s.date);
        for (label, value) in [("Venue", &s.venue), ("Place", &s.place)] {
            if !value.is_empty() {
                let _ = write!(details, "\n{label}: {value}");
            }
        }
        if !s.facilitators.is_empty() {
            let _ = write!(details, "\nFacilitators: {}", s.facilitators.join(", "));
        }
        let _ = write!(
            details,
            "\nFramework: {}\nTables: {}\nSession id: {}\n",
            s.framework.name,
            s.tables
                .iter()
                .map(table_label)
                .collect::<Vec<_>>()
                .join("; "),
            s.uuid
        );
        self.memo(
            session_memo.clone(),
            &format!("Workshop: {label}"),
            details,
            &created,
        );
        session_notes.push(session_memo);
        for r in &s.recommendations {
            let id = crate::dataset::recommendation_id(s.uuid, r.id);
            let g = ids.of(id);
            let mut content = format!("Recommendation to {}: {}", r.audience, r.text);
            if !r.owner.is_empty() {
                let _ = write!(content, "\nOwner: {}", r.owner);
            }
            if let Some(t) = &r.timeframe {
                let _ = write!(content, "\nTimeframe: {}", t.label());
            }
            let themes: Vec<&str> = r
                .themes
                .iter()
                .filter_map(|t| s.theme(*t))
                .map(|t| t.label.as_str())
                .collect();
            if !themes.is_empty() {
                let _ = write!(content, "\nThemes: {}", themes.join("; "));
            }
            let steps: Vec<&str> = r
                .steps
                .iter()
                .filter_map(|st| s.framework.step(st))
                .map(|st| st.title.as_str())
                .collect();
            if !steps.is_empty() {
                let _ = write!(content, "\nPrinciples: {}", steps.join("; "));
            }
            for (i, c) in r.commitments.iter().enumerate() {
                let cid = crate::dataset::commitment_id(s.uuid, r.id, i + 1);
                let _ = write!(content, "\nCommitment: {}: {} (id {cid})", c.who, c.what);
            }
            let _ = writeln!(content, "\nId: {id}");
            self.memo(
                g.clone(),
                &format!("Recommendation {} — {label}", r.id.0),
                content,
                &created,
            );
            for t in &r.themes {
                if let Some(&c) = theme_code.get(t) {
                    self.codes[c].memos.push(g.clone());
                }
            }
            session_notes.push(g.clone());
            self.project_memos.push(g);
        }
        let note_ids: std::collections::HashSet<_> = s.notes.iter().map(|n| n.id).collect();
        let mut note_memos: HashMap<crate::model::NoteId, Vec<String>> = HashMap::new();
        for r in &s.responses {
            let target_ok = match r.target {
                ResponseTarget::Note(n) => note_ids.contains(&n),
                ResponseTarget::Theme(t) => theme_code.contains_key(&t),
            };
            if !target_ok {
                continue; // about a note that is not exported
            }
            let id = crate::dataset::response_id(s.uuid, r.id);
            let g = ids.of(id);
            let mut content = format!("You said / We did — {}: {}", r.kind.label(), r.text);
            if !r.owner.is_empty() {
                let _ = write!(content, "\nOwner: {}", r.owner);
            }
            let _ = write!(content, "\nStatus: {}", r.status.label());
            match r.target {
                ResponseTarget::Note(n) => {
                    let _ = write!(content, "\nAbout note {}", n.0);
                }
                ResponseTarget::Theme(t) => {
                    if let Some(theme) = s.theme(t) {
                        let _ = write!(content, "\nAbout the theme “{}”", theme.label);
                    }
                }
            }
            let _ = writeln!(content, "\nId: {id}");
            self.memo(
                g.clone(),
                &format!("Response {} — {label}", r.id.0),
                content,
                &created,
            );
            match r.target {
                ResponseTarget::Note(n) => note_memos.entry(n).or_default().push(g.clone()),
                ResponseTarget::Theme(t) => self.codes[theme_code[&t]].memos.push(g.clone()),
            }
            session_notes.push(g);
        }

        // Sources and cases: one per table that has notes.
        let mut by_table: HashMap<TableId, Vec<&Note>> = HashMap::new();
        for n in &s.notes {
            by_table.entry(n.table).or_default().push(n);
        }
        let mut members = Vec::new();
        for table in &s.tables {
            let Some(notes) = by_table.get_mut(&table.id) else {
                continue;
            };
            notes.sort_by_key(|n| {
                (
                    s.framework.step_index(&n.step).unwrap_or(usize::MAX),
                    n.created,
                    n.id,
                )
            });
            let source_guid = ids.own("qdpx-source", &table.id.0.to_string());
            let mut body = String::new();
            let mut position = 0usize;
            let mut segments = Vec::new();
            for n in notes.iter() {
                let step_title = s
                    .framework
                    .step(&n.step)
                    .map_or(n.step.as_str(), |st| st.title.as_str());
                let header = clean(&format!(
                    "[{step_title} · {} · note {}]\n",
                    n.kind.label(),
                    n.id.0
                ));
                body.push_str(&header);
                position += header.chars().count();
                let note_text = clean(&n.text);
                let start = position;
                position += note_text.chars().count();
                body.push_str(&note_text);
                body.push_str("\n\n");
                let end = position;
                position += 2;
                if start == end {
                    continue; // nothing to code
                }
                let mut codes = Vec::new();
                if let Some(&c) = step_code.get(n.step.as_str()) {
                    codes.push(self.codes[c].guid.clone());
                }
                if let Some(c) = n.theme.and_then(|t| theme_code.get(&t)) {
                    codes.push(self.codes[*c].guid.clone());
                }
                let id = crate::dataset::note_id(s.uuid, n.id);
                let mut description = format!("{step_title} · {}", n.kind.label());
                if !n.tags.is_empty() {
                    let _ = write!(description, " · tags: {}", n.tags.join(", "));
                }
                if n.lived_experience {
                    description.push_str(" · lived experience");
                }
                if n.sensitive {
                    description.push_str(" · sensitive");
                }
                let _ = write!(description, " · id {id}");
                segments.push(Segment {
                    guid: ids.of(id),
                    name: format!("Note {} ({})", n.id.0, n.kind.label()),
                    description,
                    start,
                    end,
                    created: n.created.to_string(),
                    codes,
                    memos: note_memos.remove(&n.id).unwrap_or_default(),
                });
            }
            let name = format!("{label} — {}", table_label(table));
            let about = format!(
                "Notes written at {} during “{}” on {}",
                table_label(table),
                s.title,
                s.date
            );
            self.sources.push(Source {
                guid: source_guid.clone(),
                name: self.source_names.unique(&name),
                description: about.clone(),
                created: created.clone(),
                segments,
                text: body,
            });
            let table_uuid = crate::dataset::table_id(s.uuid, table.id);
            let mut values = vec![
                ("Session".to_string(), Value::Text(s.title.clone())),
                ("Session date".to_string(), Value::Date(s.date.to_string())),
                ("Place".to_string(), Value::Text(s.place.clone())),
                ("Table".to_string(), Value::Text(table.letter.clone())),
                ("Table name".to_string(), Value::Text(table.name.clone())),
                ("Session id".to_string(), Value::Text(s.uuid.to_string())),
                ("Table id".to_string(), Value::Text(table_uuid.to_string())),
            ];
            for st in Stakeholder::ALL {
                values.push((
                    stakeholder_variable(st),
                    Value::Boolean(table.mix.contains(&st)),
                ));
            }
            self.cases.push(Case {
                guid: ids.of(table_uuid),
                name: self.case_names.unique(&name),
                description: about,
                values,
                source: source_guid.clone(),
            });
            members.push(source_guid);
        }
        self.sets.push(Set {
            guid: ids.own("qdpx-set", ""),
            name: self.set_names.unique(label),
            description: format!(
                "The tables' notes and the notes of the workshop “{}” on {}",
                s.title, s.date
            ),
            sources: members,
            notes: session_notes,
        });
    }

    fn xml(&self, name: &str, description: &str, created: Option<String>) -> String {
        let mut x = String::with_capacity(64 * 1024);
        let user = guid("user:convene");
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = write!(
            x,
            "<Project xmlns=\"{QDA_NAMESPACE}\" name=\"{}\" origin=\"convene {}\" creatingUserGUID=\"{user}\"",
            attr(name),
            env!("CARGO_PKG_VERSION")
        );
        if let Some(t) = &created {
            let _ = write!(x, " creationDateTime=\"{t}\"");
        }
        x.push_str(">\n");
        let _ = writeln!(
            x,
            "  <Users>\n    <User guid=\"{user}\" name=\"convene\"/>\n  </Users>"
        );
        if !self.roots.is_empty() {
            x.push_str("  <CodeBook>\n    <Codes>\n");
            for &r in &self.roots {
                self.code_xml(&mut x, r, 3, true);
            }
            x.push_str("    </Codes>\n  </CodeBook>\n");
        }
        let mut variables: Vec<(String, &str, String)> = VARIABLES
            .iter()
            .map(|(n, t, d)| (n.to_string(), *t, d.to_string()))
            .collect();
        for st in Stakeholder::ALL {
            variables.push((
                stakeholder_variable(st),
                "Boolean",
                format!("Someone from {} sat at the table", st.label()),
            ));
        }
        if !self.cases.is_empty() {
            x.push_str("  <Variables>\n");
            for (n, t, d) in &variables {
                let _ = writeln!(
                    x,
                    "    <Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"{t}\">\n      <Description>{}</Description>\n    </Variable>",
                    guid(&format!("variable:{n}")),
                    attr(n),
                    text(d)
                );
            }
            x.push_str("  </Variables>\n  <Cases>\n");
            for c in &self.cases {
                let _ = writeln!(
                    x,
                    "    <Case guid=\"{}\" name=\"{}\">\n      <Description>{}</Description>",
                    c.guid,
                    attr(&c.name),
                    text(&c.description)
                );
                for (n, v) in &c.values {
                    let _ = write!(
                        x,
                        "      <VariableValue>\n        <VariableRef targetGUID=\"{}\"/>\n        ",
                        guid(&format!("variable:{n}"))
                    );
                    match v {
                        Value::Text(t) => {
                            let _ = write!(x, "<TextValue>{}</TextValue>", text(t));
                        }
                        Value::Boolean(b) => {
                            let _ = write!(x, "<BooleanValue>{b}</BooleanValue>");
                        }
                        Value::Date(d) => {
                            let _ = write!(x, "<DateValue>{d}</DateValue>");
                        }
                    }
                    x.push_str("\n      </VariableValue>\n");
                }
                let _ = writeln!(
                    x,
                    "      <SourceRef targetGUID=\"{}\"/>\n    </Case>",
                    c.source
                );
            }
            x.push_str("  </Cases>\n");
        }
        if !self.sources.is_empty() {
            x.push_str("  <Sources>\n");
            for s in &self.sources {
                let _ = writeln!(
                    x,
                    "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\" creatingUser=\"{user}\" creationDateTime=\"{}\">",
                    s.guid,
                    attr(&s.name),
                    s.guid,
                    s.created
                );
                let _ = writeln!(
                    x,
                    "      <Description>{}</Description>",
                    text(&s.description)
                );
                for seg in &s.segments {
                    let _ = writeln!(
                        x,
                        "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{}\">",
                        seg.guid,
                        attr(&seg.name),
                        seg.start,
                        seg.end,
                        seg.created
                    );
                    let _ = writeln!(
                        x,
                        "        <Description>{}</Description>",
                        text(&seg.description)
                    );
                    for code in &seg.codes {
                        let _ = writeln!(
                            x,
                            "        <Coding guid=\"{}\" creatingUser=\"{user}\">\n          <CodeRef targetGUID=\"{code}\"/>\n        </Coding>",
                            guid(&format!("coding:{}:{code}", seg.guid))
                        );
                    }
                    for m in &seg.memos {
                        let _ = writeln!(x, "        <NoteRef targetGUID=\"{m}\"/>");
                    }
                    x.push_str("      </PlainTextSelection>\n");
                }
                // No NoteRef from the source itself: QualCoder takes a note a source refers to
                // for an annotation of it, and drops it when it has no selection. The workshop's
                // note is in the session's set instead.
                x.push_str("    </TextSource>\n");
            }
            x.push_str("  </Sources>\n");
        }
        if !self.memos.is_empty() {
            // Each note's text is a file beside the sources (`plainTextPath`), not inline
            // (`PlainTextContent`): QualCoder imports notes only from files, and the schema
            // allows one or the other. The description repeats the text, for tools and
            // scripts that read the project alone.
            x.push_str("  <Notes>\n");
            for m in &self.memos {
                let _ = writeln!(
                    x,
                    "    <Note guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}.txt\" creatingUser=\"{user}\" creationDateTime=\"{}\">\n      <Description>{}</Description>\n    </Note>",
                    m.guid,
                    attr(&m.name),
                    m.guid,
                    m.created,
                    text(&m.text)
                );
            }
            x.push_str("  </Notes>\n");
        }
        if !self.sets.is_empty() {
            x.push_str("  <Sets>\n");
            for set in &self.sets {
                let _ = writeln!(
                    x,
                    "    <Set guid=\"{}\" name=\"{}\">\n      <Description>{}</Description>",
                    set.guid,
                    attr(&set.name),
                    text(&set.description)
                );
                for m in &set.sources {
                    let _ = writeln!(x, "      <MemberSource targetGUID=\"{m}\"/>");
                }
                for m in &set.notes {
                    let _ = writeln!(x, "      <MemberNote targetGUID=\"{m}\"/>");
                }
                x.push_str("    </Set>\n");
            }
            x.push_str("  </Sets>\n");
        }
        let _ = writeln!(x, "  <Description>{}</Description>", text(description));
        for m in &self.project_memos {
            let _ = writeln!(x, "  <NoteRef targetGUID=\"{m}\"/>");
        }
        x.push_str("</Project>\n");
        x
    }

    fn codebook_xml(&self) -> String {
        let mut x = String::with_capacity(16 * 1024);
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<CodeBook xmlns=\"{QDC_NAMESPACE}\" origin=\"convene {}\">\n  <Codes>",
            env!("CARGO_PKG_VERSION")
        );
        for &r in &self.roots {
            self.code_xml(&mut x, r, 2, false);
        }
        if self.roots.is_empty() {
            let _ = writeln!(
                x,
                "    <Code guid=\"{}\" name=\"No codes\" isCodable=\"false\">\n      <Description>No sessions were exported, so there are no principles or themes.</Description>\n    </Code>",
                guid("code:none")
            );
        }
        x.push_str("  </Codes>\n</CodeBook>\n");
        x
    }

    /// A code and those beneath it; `notes`: with its NoteRefs (a project's codebook has them,
    /// a `.qdc` codebook has no notes to refer to).
    fn code_xml(&self, x: &mut String, i: usize, depth: usize, notes: bool) {
        let c = &self.codes[i];
        let pad = "  ".repeat(depth);
        let _ = write!(
            x,
            "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"",
            c.guid,
            attr(&c.name),
            c.codable
        );
        let memos: &[String] = if notes { &c.memos } else { &[] };
        if c.description.is_empty() && memos.is_empty() && c.children.is_empty() {
            x.push_str("/>\n");
            return;
        }
        x.push_str(">\n");
        if !c.description.is_empty() {
            let _ = writeln!(
                x,
                "{pad}  <Description>{}</Description>",
                text(&c.description)
            );
        }
        for m in memos {
            let _ = writeln!(x, "{pad}  <NoteRef targetGUID=\"{m}\"/>");
        }
        for &child in &c.children {
            self.code_xml(x, child, depth + 1, notes);
        }
        let _ = writeln!(x, "{pad}</Code>");
    }
}

/// "Table A (Canal Side)", or "Table A" when the name says no more.
fn table_label(t: &Table) -> String {
    let plain = format!("Table {}", t.letter);
    if t.name.trim().is_empty() || t.name == plain {
        plain
    } else {
        format!("{plain} ({})", t.name)
    }
}

/// The step most of a theme's notes were written under.
fn main_step(s: &Session, theme: ThemeId) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in s.notes.iter().filter(|n| n.theme == Some(theme)) {
        *counts.entry(n.step.as_str()).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(step, _)| step.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_normalises_line_ends_and_drops_what_xml_forbids() {
        assert_eq!(clean("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(clean("bell\u{7}\u{0}tab\there\u{FFFF}"), "belltab\there");
        assert_eq!(attr("\"<&>'\n"), "&quot;&lt;&amp;&gt;&apos;&#10;");
        assert_eq!(text("]]> <b>"), "]]&gt; &lt;b&gt;");
    }

    #[test]
    fn sessions_are_named_apart_by_date_then_uuid_then_copy() {
        use crate::framework::Framework;
        let t: jiff::Timestamp = "2026-03-14T09:00:00Z".parse().unwrap();
        let day = jiff::civil::date(2026, 3, 14);
        let session = |title: &str, uuid: u128| {
            let mut s = Session::new(title, day, Framework::default_framework(), t);
            s.uuid = Uuid::from_u128(uuid);
            s
        };
        let a = session("Inclusive work", 0xabcdef01_0000_4000_8000_000000000000);
        let b = session(
            "Inclusive\u{7} work ",
            0x12345678_0000_4000_8000_000000000000,
        );
        let c = session("Other", 0x1);
        let names: Vec<(String, usize)> = session_names(&[a.clone(), b, c, a]);
        assert_eq!(
            names,
            [
                ("Inclusive work (2026-03-14, abcdef01)".to_string(), 1),
                ("Inclusive work (2026-03-14, 12345678)".to_string(), 1),
                ("Other (2026-03-14)".to_string(), 1),
                (
                    "Inclusive work (2026-03-14, abcdef01, copy 2)".to_string(),
                    2
                ),
            ]
        );
        let ids = Ids {
            uuid: Uuid::from_u128(1),
            copy: 2,
        };
        let id = Uuid::from_u128(7);
        assert_eq!(
            ids.of(id),
            Uuid::new_v5(&id, b"copy/2").to_string(),
            "a copy's GUIDs are its own"
        );
    }

    #[test]
    fn guids_are_stable_version_5_uuids() {
        let a = guid("session:x:note:1");
        assert_eq!(a, guid("session:x:note:1"));
        assert_ne!(a, guid("session:x:note:2"));
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
    }
}
