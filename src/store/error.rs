//! Store errors: what went wrong, with the file (and line) it concerns and what to do.

use super::FormatError;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: could not {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}", located(path, error))]
    Format { path: PathBuf, error: FormatError },
    #[error("{}:{line}: {message}; the journal was left untouched", path.display())]
    Journal {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error(
        "{} is already open for writing by {holder}. Close it there first, or open it read-only",
        path.display()
    )]
    Locked { path: PathBuf, holder: String },
    #[error("{} already exists; choose another name (-o) or open it instead", path.display())]
    Exists { path: PathBuf },
    /// A journal or backup left under the name a new session would take: it may hold the only
    /// copy of an earlier session's notes.
    #[error(
        "{} is left from an earlier session named {} and may hold its notes; move it away or choose another name",
        side.display(),
        path.display()
    )]
    Leftover { path: PathBuf, side: PathBuf },
    /// A symbolic link where a lock, journal or backup should be: writing would go through it.
    #[error(
        "{} is a symbolic link; convene never writes through a link beside a session: remove it, then open the session again",
        path.display()
    )]
    Link { path: PathBuf },
    /// A lock, journal or backup with another name elsewhere (a hard link): writing it would
    /// change that other file too.
    #[error(
        "{} has {links} names (hard links); convene never writes a file beside a session that has another name: remove it, then open the session again",
        path.display()
    )]
    SideLinked { path: PathBuf, links: u64 },
    /// A session file with several names: each name would get its own journal.
    #[error(
        "{} has {links} names (hard links); convene writes a session under one name only, so notes cannot go to two journals: make a separate copy with cp, or remove the other name",
        path.display()
    )]
    SessionLinked { path: PathBuf, links: u64 },
    /// A FIFO, device, socket or folder where a session or a file beside it should be: reading
    /// it could wait forever or never end.
    #[error(
        "{} is {kind}, not a regular file; convene reads and writes sessions and the files beside them only as regular files: remove it or name the right file",
        path.display()
    )]
    NotRegular { path: PathBuf, kind: &'static str },
}

impl StoreError {
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The exit code a command should end with: 2 for bad input (a malformed, newer or
    /// inconsistent file or journal), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Format { .. }
            | StoreError::Journal { .. }
            | StoreError::Exists { .. }
            | StoreError::Leftover { .. }
            | StoreError::Link { .. }
            | StoreError::SideLinked { .. }
            | StoreError::SessionLinked { .. }
            | StoreError::NotRegular { .. } => 2,
            // A file that is not there, or an output that would overwrite one, is bad input.
            StoreError::Io { source, .. }
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::InvalidData
                        | std::io::ErrorKind::NotFound
                        | std::io::ErrorKind::AlreadyExists
                ) =>
            {
                2
            }
            _ => 1,
        }
    }
}

fn located(path: &Path, error: &FormatError) -> String {
    if error.has_position() {
        format!("{}:{error}", path.display())
    } else {
        format!("{}: {error}", path.display())
    }
}
