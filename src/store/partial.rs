//! A session whose journal is damaged part-way, read for viewing only: the snapshot and the
//! journal up to the damage, with where the damage is.
//!
//! Writers never use this: [`super::SessionFile::open`] refuses a damaged journal, so nothing
//! is ever appended after a line that cannot be read.

use super::journal::{self, Entry};
use super::{Loaded, StoreError, format};
use crate::model::Session;
use std::path::{Path, PathBuf};

/// Where a journal is damaged, and what was left out because of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalDamage {
    /// The journal file.
    pub journal: PathBuf,
    /// 1-based line of the first entry that could not be used.
    pub line: usize,
    /// Why it could not be used.
    pub message: String,
    /// Entries read and replayed before the damage.
    pub entries_read: usize,
    /// Lines after the damaged one that hold something: not read.
    pub lines_after: usize,
}

impl std::fmt::Display for JournalDamage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.journal.display(),
            self.line,
            self.message
        )
    }
}

impl JournalDamage {
    /// `file.ron.journal:LINE`, the position alone.
    pub fn position(&self) -> String {
        format!("{}:{}", self.journal.display(), self.line)
    }

    /// What the reader is shown instead of the whole session, in a sentence.
    pub fn what_is_shown(&self) -> String {
        self.what_is_shown_with(&self.journal.display().to_string())
    }

    /// The same, with the journal's path shown as `journal` (shortened for a screen).
    pub fn what_is_shown_with(&self, journal: &str) -> String {
        let after = match self.lines_after {
            0 => String::new(),
            1 => "; 1 later line was not read".to_string(),
            n => format!("; {n} later lines were not read"),
        };
        if self.line <= 1 {
            return format!(
                "partial: the journal is damaged at {journal}:{}, so this is the snapshot only \
                 (the journal is damaged from its first line){after}",
                self.line
            );
        }
        format!(
            "partial: the journal is damaged at {journal}:{}, so this is the snapshot and the \
             journal up to line {}{after}",
            self.line,
            self.line - 1
        )
    }
}

/// A session read for viewing, whole or in part.
#[derive(Debug, Clone)]
pub struct Partial {
    pub loaded: Loaded,
    /// `None` when the whole session was read; otherwise where its journal is damaged.
    pub damage: Option<JournalDamage>,
}

/// Reads a session for viewing only, never writing, locking or truncating anything. A session
/// that [`super::load`] reads is returned whole. If its journal is damaged part-way (a line
/// that cannot be read, an entry that leaves a gap or does not apply), the snapshot and the
/// entries before the damage are returned, with where the damage is. Any other problem (the
/// snapshot itself, the file system) is an error, as for [`super::load`].
pub fn load_partial(path: &Path) -> Result<Partial, StoreError> {
    let journal_path = match super::load(path) {
        Ok(loaded) => {
            return Ok(Partial {
                loaded,
                damage: None,
            });
        }
        Err(StoreError::Journal { path, .. }) => path,
        Err(e) => return Err(e),
    };
    // The journal the loader found damaged lives beside the snapshot it read.
    let snapshot = snapshot_beside(&journal_path).unwrap_or_else(|| path.to_path_buf());
    let bytes = std::fs::read(&snapshot).map_err(|e| StoreError::io(&snapshot, "read", e))?;
    let mut session = format::parse(&bytes).map_err(|error| StoreError::Format {
        path: path.to_path_buf(),
        error,
    })?;
    let snapshot_revision = session.revision;
    let (read, damaged_line) = journal::read_until_damage(&journal_path)?;
    let (replayed, damage) = replay_until_damage(&mut session, read.entries, &journal_path);
    let damage = match (damage, damaged_line) {
        // An entry that does not apply comes before the line that could not be read.
        (Some(mut d), Some(later)) => {
            d.lines_after += 1 + later.lines_after;
            Some(d)
        }
        (d, later) => d.or(later),
    };
    let damage = damage.map(|d| JournalDamage {
        journal: journal_path.clone(),
        line: d.line,
        message: d.message,
        entries_read: replayed,
        lines_after: d.lines_after,
    });
    Ok(Partial {
        loaded: Loaded {
            session,
            warnings: Vec::new(),
            replayed,
            snapshot_revision,
        },
        damage,
    })
}

/// `dir/workshop.ron.journal` → `dir/workshop.ron`.
fn snapshot_beside(journal_path: &Path) -> Option<PathBuf> {
    let name = journal_path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".journal")?;
    Some(journal_path.with_file_name(stem))
}

/// Applies entries newer than the session's revision, in order, until one leaves a gap or
/// does not apply; returns how many were applied and the damage that stopped it, if any.
fn replay_until_damage(
    session: &mut Session,
    entries: Vec<(usize, Entry)>,
    journal_path: &Path,
) -> (usize, Option<journal::Damage>) {
    let before = session.revision;
    let lines: Vec<usize> = entries.iter().map(|(line, _)| *line).collect();
    let e = match super::replay(session, entries, journal_path) {
        Ok(replayed) => return (replayed, None),
        Err(e) => e,
    };
    let (line, message) = match e {
        StoreError::Journal { line, message, .. } => (line, message),
        other => (lines.first().copied().unwrap_or(1), other.to_string()),
    };
    // Each entry applied moved the revision on by one; the one that failed changed nothing.
    let replayed = session.revision.saturating_sub(before) as usize;
    let lines_after = lines.iter().filter(|l| **l > line).count();
    let damage = journal::Damage {
        line,
        message,
        lines_after,
    };
    (replayed, Some(damage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteId, NoteKind};

    /// A session file with two notes journaled after its snapshot, then `edit` applied to the
    /// journal's lines.
    fn session_with_journal(dir: &Path, edit: impl FnOnce(&mut Vec<String>)) -> (PathBuf, PathBuf) {
        let at: jiff::Timestamp = "2026-11-02T14:05:00Z".parse().unwrap();
        let mut s = Session::new(
            "Partial",
            jiff::civil::date(2026, 11, 2),
            Framework::default_framework(),
            at,
        );
        let table = s.next_table(None, vec![]);
        s.apply(Change::AddTable(table.clone())).unwrap();
        let path = dir.join("s.ron");
        std::fs::write(&path, format::to_ron(&s)).unwrap();
        let mut lines = Vec::new();
        for text in ["one", "two", "three"] {
            let note = s.next_note(table.id, "person-centred", NoteKind::Idea, text, at);
            s.apply(Change::AddNote(note.clone())).unwrap();
            let entry = Entry {
                seq: s.revision,
                at,
                change: Change::AddNote(note),
            };
            lines.push(serde_json::to_string(&entry).unwrap());
        }
        edit(&mut lines);
        let journal = journal::journal_path(&path);
        std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
        (path, journal)
    }

    fn texts(p: &Partial) -> Vec<&str> {
        p.loaded
            .session
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .collect()
    }

    #[test]
    fn a_whole_journal_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = session_with_journal(dir.path(), |_| {});
        let p = load_partial(&path).unwrap();
        assert_eq!(p.damage, None);
        assert_eq!(texts(&p), ["one", "two", "three"]);
    }

    #[test]
    fn an_entry_that_does_not_apply_stops_the_read_there() {
        let dir = tempfile::tempdir().unwrap();
        // The second entry deletes a note that does not exist.
        let (path, journal) = session_with_journal(dir.path(), |lines| {
            let mut entry: Entry = serde_json::from_str(&lines[1]).unwrap();
            entry.change = Change::DeleteNote { id: NoteId(999) };
            lines[1] = serde_json::to_string(&entry).unwrap();
        });
        assert!(
            super::super::load(&path).is_err(),
            "a writer still refuses it"
        );
        let p = load_partial(&path).unwrap();
        assert_eq!(texts(&p), ["one"]);
        let d = p.damage.unwrap();
        assert_eq!((d.line, d.entries_read, d.lines_after), (2, 1, 1));
        assert_eq!(d.journal, journal);
        assert!(d.message.contains("does not apply"), "{}", d.message);
        assert!(
            d.to_string()
                .starts_with(&format!("{}:2: ", journal.display()))
        );
    }

    #[test]
    fn a_gap_in_the_journal_stops_the_read_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = session_with_journal(dir.path(), |lines| {
            lines.remove(1);
        });
        let p = load_partial(&path).unwrap();
        assert_eq!(texts(&p), ["one"]);
        let d = p.damage.unwrap();
        assert_eq!((d.line, d.lines_after), (2, 0));
        assert!(d.message.contains("entries are missing"), "{}", d.message);
        assert_eq!(
            d.what_is_shown_with("s.ron.journal"),
            "partial: the journal is damaged at s.ron.journal:2, so this is the snapshot and \
             the journal up to line 1"
        );
    }

    #[test]
    fn damage_on_the_first_line_says_only_the_snapshot_is_shown() {
        let damage = JournalDamage {
            journal: PathBuf::from("s.ron.journal"),
            line: 1,
            message: "this entry is damaged".into(),
            entries_read: 0,
            lines_after: 2,
        };
        assert_eq!(
            damage.what_is_shown_with("s.ron.journal"),
            "partial: the journal is damaged at s.ron.journal:1, so this is the snapshot only \
             (the journal is damaged from its first line); 2 later lines were not read"
        );
    }

    #[test]
    fn an_unreadable_line_then_a_bad_entry_counts_what_was_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = session_with_journal(dir.path(), |lines| {
            lines[2] = "{\"seq\": oops".into();
            lines.push("more".into());
        });
        let p = load_partial(&path).unwrap();
        assert_eq!(texts(&p), ["one", "two"]);
        let d = p.damage.unwrap();
        assert_eq!((d.line, d.entries_read, d.lines_after), (3, 2, 1));
        assert!(d.message.contains("damaged"), "{}", d.message);
    }
}
