//! A follow-up's link to the session before it: found, changed since, replaced, or missing.
//!
//! A follow-up names the session it follows by uuid, revision and file name
//! ([`crate::model::PreviousSession`]). The previous file is looked for beside the follow-up
//! under that name, then among the other sessions in that folder by uuid (a renamed file).
//! Nothing here is ever fatal: a broken link is something to report, and the follow-up's own
//! copy of the carried items still says what was promised.

use crate::model::{PreviousSession, Session};
use std::path::{Path, PathBuf};

/// What became of the session a follow-up follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Found and unchanged since the follow-up was made.
    Found(PathBuf),
    /// Found, but worked on since: its revision is now `now`, it was `then`.
    Changed { path: PathBuf, then: u64, now: u64 },
    /// A file with the name was found, but it is another session (or cannot be read), and no
    /// file in the folder holds the session.
    Replaced { path: PathBuf, why: String },
    /// Neither the name nor any session in the folder.
    Missing { file: String },
}

impl Link {
    /// Found and unchanged.
    pub fn is_intact(&self) -> bool {
        matches!(self, Link::Found(_))
    }

    /// One line for a person, naming the previous session: "follows “March” (2026-03-14):
    /// march.ron, changed since (revision 12, now 15)".
    pub fn describe(&self, previous: &PreviousSession) -> String {
        let who = format!("“{}” ({})", previous.title, previous.date);
        match self {
            Link::Found(path) => format!("follows {who}: {}", path.display()),
            Link::Changed { path, then, now } => format!(
                "follows {who}: {} has changed since this follow-up was made (revision {then}, \
                 now {now}); what was carried in is this file's copy",
                path.display()
            ),
            Link::Replaced { path, why } => format!(
                "follows {who}, but {} {why}; what was carried in is this file's copy",
                path.display()
            ),
            Link::Missing { file } => format!(
                "follows {who}, but its file {file} is not beside this one (moved or deleted?); \
                 what was carried in is this file's copy"
            ),
        }
    }
}

/// Where `session` (read from `path`) stands with the session it follows; `None` when it
/// follows none.
pub fn previous(path: &Path, session: &Session) -> Option<Link> {
    let prev = &session.follow_up.as_ref()?.previous;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // The name is a file name only; anything else (a hand-edited path) is looked up by uuid.
    let named = Path::new(&prev.file)
        .file_name()
        .filter(|n| Path::new(n) == Path::new(&prev.file))
        .map(|n| dir.join(n));
    let mut replaced = None;
    if let Some(candidate) = named.filter(|p| p.is_file()) {
        match super::load(&candidate) {
            Ok(l) if l.session.uuid == prev.uuid => {
                return Some(judge(candidate, prev, &l.session));
            }
            Ok(l) => {
                replaced = Some((
                    candidate,
                    format!("is another session now (“{}”)", l.session.title),
                ))
            }
            Err(e) => replaced = Some((candidate, format!("cannot be read ({e})"))),
        }
    }
    // Renamed: any other session in the folder with its uuid.
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.as_path() != path)
            .collect();
        files.sort();
        for candidate in files {
            if let Ok(l) = super::load(&candidate)
                && l.session.uuid == prev.uuid
            {
                return Some(judge(candidate, prev, &l.session));
            }
        }
    }
    Some(match replaced {
        Some((path, why)) => Link::Replaced { path, why },
        None => Link::Missing {
            file: prev.file.clone(),
        },
    })
}

fn judge(path: PathBuf, prev: &PreviousSession, found: &Session) -> Link {
    if found.revision == prev.revision {
        Link::Found(path)
    } else {
        Link::Changed {
            path,
            then: prev.revision,
            now: found.revision,
        }
    }
}
