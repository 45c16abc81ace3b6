//! Many sessions loaded read-only, and a flat index of their notes ready for fast filtering.
//!
//! The sessions come in memory: [`crate::store::review`] finds and reads the files (it defines
//! [`Library::open`] and [`Library::load`]); nothing here touches a file.

use super::search::fold_into;
use crate::model::{Note, NoteId, NoteKind, ResponseStatus, ResponseTarget, Session, Stakeholder};
use crate::store;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// One session file as the review sees it.
#[derive(Debug, Clone)]
pub struct LoadedSession {
    pub path: PathBuf,
    /// The snapshot with its journal replayed, in memory.
    pub session: Session,
    /// Things worth telling the reader (a torn last journal line…).
    pub warnings: Vec<String>,
    /// Journal entries replayed on top of the snapshot: changes not yet in the `.ron` file.
    pub replayed: usize,
    /// The revision of the `.ron` file itself.
    pub snapshot_revision: u64,
    /// Notes that exist only in the journal: not yet written to the snapshot.
    pub journal_only: HashSet<NoteId>,
    /// Set when the journal is damaged part-way: the session is the snapshot and the journal
    /// up to the damaged line (partial), and this says where the damage is.
    pub damage: Option<store::JournalDamage>,
}

impl LoadedSession {
    /// A session that is not on disk (tests, benchmarks, previews).
    pub fn in_memory(path: impl Into<PathBuf>, session: Session) -> LoadedSession {
        LoadedSession {
            path: path.into(),
            snapshot_revision: session.revision,
            session,
            warnings: Vec::new(),
            replayed: 0,
            journal_only: HashSet::new(),
            damage: None,
        }
    }

    /// True when only part of the session could be read (its journal is damaged part-way).
    pub fn is_partial(&self) -> bool {
        self.damage.is_some()
    }
}

/// A file left out as a copy of a session already found: the same session uuid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCopy {
    pub left_out: PathBuf,
    /// The file used instead: the one with the most changes (the first found of equals).
    pub kept: PathBuf,
    /// How many changes each had (left out, kept): they differ when the copy was worked on
    /// after it was made, and then the reader should look at both.
    pub revisions: (u64, u64),
}

impl SessionCopy {
    /// True when the two files hold different states of the session.
    pub fn differs(&self) -> bool {
        self.revisions.0 != self.revisions.1
    }
}

/// A path that was named or found but cannot be reviewed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// What went wrong, ready to print after the path (`path: message` or `path:line:col: …`).
    pub message: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Store errors already start with the path (and line:column); others do not.
        let shown = self.path.display().to_string();
        if self.message.starts_with(&shown) {
            f.write_str(&self.message)
        } else {
            write!(f, "{shown}: {}", self.message)
        }
    }
}

/// How far loading has got, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// The file just read.
    pub path: PathBuf,
}

/// Whether and how a note was answered ("You said / We did"). A note can have several
/// responses; every one of them counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseFilter {
    /// No response yet.
    None,
    /// Any response at all.
    Any,
    /// Some response to the note has this status (not only the latest).
    Status(ResponseStatus),
}

/// The bit of a response status in [`NoteRow::responses`].
pub fn status_bit(status: ResponseStatus) -> u8 {
    match status {
        ResponseStatus::Open => 1,
        ResponseStatus::InProgress => 2,
        ResponseStatus::Done => 4,
    }
}

/// One note in the flat index: small, copyable, every filterable field precomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRow {
    /// Index into [`Library::sessions`].
    pub session: u32,
    /// Index into that session's `notes`.
    pub note: u32,
    pub id: NoteId,
    pub kind: NoteKind,
    /// Interned step id (see [`Library::step_id`]).
    pub step: u32,
    /// 1-based number of the principle within the session's framework; 0 if the step is not one.
    pub principle: u8,
    /// Bit `i` is set when `Stakeholder::ALL[i]` sits at the note's table.
    pub stakeholders: u8,
    /// Interned lower-case theme label, or [`NONE`].
    pub theme: u32,
    /// The statuses of every response to the note, as bits ([`status_bit`]); 0 when none.
    pub responses: u8,
    pub sensitive: bool,
    pub lived_experience: bool,
    /// Only in the journal, not yet in the snapshot file.
    pub journal_only: bool,
    pub(crate) tags_start: u32,
    pub(crate) tags_len: u32,
    pub(crate) text_start: u32,
    pub(crate) text_len: u32,
}

impl NoteRow {
    /// True when some response to the note has `status`.
    pub fn has_response(&self, status: ResponseStatus) -> bool {
        self.responses & status_bit(status) != 0
    }
}

/// "No value" for interned fields.
pub const NONE: u32 = u32::MAX;

/// Strings stored once and referred to by number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    pub(crate) fn intern(&mut self, key: &str) -> u32 {
        if let Some(id) = self.ids.get(key) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(key.to_string(), id);
        self.names.push(key.to_string());
        id
    }

    pub(crate) fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// Sessions read for review, and every note across them in one flat index.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub(crate) sessions: Vec<LoadedSession>,
    pub(crate) skipped: Vec<Skipped>,
    /// Other names of sessions already found, left out (each with the name kept).
    pub(crate) duplicates: Vec<(PathBuf, PathBuf)>,
    /// Copies of a session (files with the same session uuid) left out, each with the file kept.
    pub(crate) copies: Vec<SessionCopy>,
    /// The folder the sessions were found under (see [`Library::file_label`]).
    pub(crate) root: Option<PathBuf>,
    pub(crate) rows: Vec<NoteRow>,
    /// Every note's text folded for search ([`super::fold`]), one after another
    /// (`text_start`, `text_len` in a row).
    pub(crate) folded: String,
    /// Interned tag ids of every note, one run per note (`tags_start`, `tags_len`).
    pub(crate) tag_pool: Vec<u32>,
    pub(crate) tags: Interner,
    pub(crate) steps: Interner,
    pub(crate) themes: Interner,
    /// The distinct frameworks of the sessions, and which one each session uses.
    pub(crate) frameworks: Vec<FrameworkPrinciples>,
    pub(crate) framework_of: Vec<u32>,
}

/// One framework as the review's filters see it: its principles and steps, in agenda order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkPrinciples {
    /// The framework's short name (`six-principles`).
    pub id: String,
    /// Each principle's key (its step id) and title.
    pub principles: Vec<(String, String)>,
    /// Every step id of the agenda.
    pub steps: Vec<String>,
}

impl Library {
    /// Builds the index over what was read from disk: the sessions, the files that could not
    /// be read (with why), and the names left out as other names of a session already found
    /// (each with the name kept).
    pub fn from_read(
        sessions: Vec<LoadedSession>,
        skipped: Vec<Skipped>,
        duplicates: Vec<(PathBuf, PathBuf)>,
    ) -> Library {
        let mut library = Library::from_sessions(sessions);
        library.skipped = skipped;
        library.duplicates = duplicates;
        library
    }

    /// Builds the index over sessions already in memory.
    pub fn from_sessions(sessions: Vec<LoadedSession>) -> Library {
        let mut library = Library {
            sessions,
            ..Library::default()
        };
        library.index();
        library
    }

    fn index(&mut self) {
        let total: usize = self.sessions.iter().map(|s| s.session.notes.len()).sum();
        let bytes: usize = self
            .sessions
            .iter()
            .flat_map(|s| s.session.notes.iter().map(|n| n.text.len()))
            .sum();
        self.rows = Vec::with_capacity(total);
        self.folded = String::with_capacity(bytes + bytes / 16);
        for (si, loaded) in self.sessions.iter().enumerate() {
            let s = &loaded.session;
            let principles: HashMap<&str, u8> = s
                .framework
                .principles()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), (i + 1).min(255) as u8))
                .collect();
            let tables: HashMap<_, u8> = s
                .tables
                .iter()
                .map(|t| (t.id, stakeholder_mask(&t.mix)))
                .collect();
            let themes: HashMap<_, u32> = s
                .themes
                .iter()
                .map(|t| (t.id, self.themes.intern(&t.label.trim().to_lowercase())))
                .collect();
            let fw = FrameworkPrinciples {
                id: s.framework.id.clone(),
                principles: s
                    .framework
                    .principles()
                    .map(|p| (p.id.clone(), p.title.clone()))
                    .collect(),
                steps: s.framework.steps.iter().map(|st| st.id.clone()).collect(),
            };
            let f = match self.frameworks.iter().position(|x| *x == fw) {
                Some(f) => f,
                None => {
                    self.frameworks.push(fw);
                    self.frameworks.len() - 1
                }
            };
            self.framework_of.push(f as u32);
            // Every response counts, not only the latest.
            let mut responses: HashMap<NoteId, u8> = HashMap::new();
            for r in &s.responses {
                if let ResponseTarget::Note(id) = r.target {
                    *responses.entry(id).or_default() |= status_bit(r.status);
                }
            }
            for (ni, note) in s.notes.iter().enumerate() {
                let tags_start = self.tag_pool.len() as u32;
                for tag in &note.tags {
                    let id = self.tags.intern(&tag.trim().to_lowercase());
                    self.tag_pool.push(id);
                }
                let text_start = self.folded.len() as u32;
                fold_into(&note.text, &mut self.folded);
                self.rows.push(NoteRow {
                    session: si as u32,
                    note: ni as u32,
                    id: note.id,
                    kind: note.kind,
                    step: self.steps.intern(&note.step),
                    principle: principles.get(note.step.as_str()).copied().unwrap_or(0),
                    stakeholders: tables.get(&note.table).copied().unwrap_or(0),
                    theme: note
                        .theme
                        .and_then(|t| themes.get(&t).copied())
                        .unwrap_or(NONE),
                    responses: responses.get(&note.id).copied().unwrap_or(0),
                    sensitive: note.sensitive,
                    lived_experience: note.lived_experience,
                    journal_only: loaded.journal_only.contains(&note.id),
                    tags_start,
                    tags_len: self.tag_pool.len() as u32 - tags_start,
                    text_start,
                    text_len: self.folded.len() as u32 - text_start,
                });
            }
        }
    }

    pub fn sessions(&self) -> &[LoadedSession] {
        &self.sessions
    }

    /// Files that were named or found but could not be read, with their errors.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Names left out because they are another name (a link, or the same file named twice)
    /// of a session already found, each with the name kept.
    pub fn duplicates(&self) -> &[(PathBuf, PathBuf)] {
        &self.duplicates
    }

    /// Files left out because they are copies of a session already found (the same session
    /// uuid), each with the file kept.
    pub fn copies(&self) -> &[SessionCopy] {
        &self.copies
    }

    /// A session's file as exports name it: from the folder it was found under, that folder's
    /// own name first (`sessions/2026/brackenford.ron`), so that no export carries where on
    /// the researcher's machine the files were (a home folder's name).
    pub fn file_label(&self, session: usize) -> String {
        let path = &self.sessions[session].path;
        let base = self
            .root
            .as_deref()
            .map(|r| r.parent().unwrap_or(r))
            .filter(|b| !b.as_os_str().is_empty());
        match base.and_then(|b| path.strip_prefix(b).ok()) {
            Some(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
            _ => path.display().to_string(),
        }
    }

    /// Every note across the sessions, in session order then note order.
    pub fn rows(&self) -> &[NoteRow] {
        &self.rows
    }

    /// The note a row stands for.
    pub fn note(&self, row: usize) -> &Note {
        let r = &self.rows[row];
        &self.sessions[r.session as usize].session.notes[r.note as usize]
    }

    /// The session a row's note belongs to.
    pub fn session_of(&self, row: usize) -> &LoadedSession {
        &self.sessions[self.rows[row].session as usize]
    }

    /// The step id a row's `step` number stands for.
    pub fn step_id(&self, step: u32) -> &str {
        self.steps.name(step)
    }

    /// The lower-cased theme label a row's `theme` number stands for.
    pub fn theme_key(&self, theme: u32) -> Option<&str> {
        (theme != NONE).then(|| self.themes.name(theme))
    }

    /// The tags of a row's note, lower-cased.
    pub fn tags_of(&self, row: usize) -> impl Iterator<Item = &str> {
        let r = &self.rows[row];
        let pool = &self.tag_pool[r.tags_start as usize..(r.tags_start + r.tags_len) as usize];
        pool.iter().map(|t| self.tags.name(*t))
    }

    /// Every row index (no filter).
    pub fn all(&self) -> Vec<usize> {
        (0..self.rows.len()).collect()
    }

    /// The distinct frameworks of the sessions (principles and steps), in order of first use.
    pub fn frameworks(&self) -> &[FrameworkPrinciples] {
        &self.frameworks
    }

    /// The framework a session uses: an index into [`Library::frameworks`].
    pub fn framework_of(&self, session: usize) -> usize {
        self.framework_of[session] as usize
    }

    /// Sessions read only in part: their journal is damaged part-way.
    pub fn partial(&self) -> impl Iterator<Item = &LoadedSession> {
        self.sessions.iter().filter(|s| s.is_partial())
    }

    /// How many notes are only in journals, not yet in their snapshot.
    pub fn journal_only_count(&self) -> usize {
        self.sessions.iter().map(|s| s.journal_only.len()).sum()
    }
}

/// The stakeholder groups at a table as a bit set (bit `i` = `Stakeholder::ALL[i]`).
pub fn stakeholder_mask(mix: &[Stakeholder]) -> u8 {
    mix.iter().fold(0u8, |m, s| m | stakeholder_bit(*s))
}

pub fn stakeholder_bit(s: Stakeholder) -> u8 {
    let i = Stakeholder::ALL
        .iter()
        .position(|x| *x == s)
        .expect("every stakeholder is in ALL");
    1 << i
}
