//! The file system side of a session: file format, journal, atomic snapshots, locks, folders.

pub mod config;
pub mod dataset;
mod error;
pub mod exports;
mod file;
mod format;
pub mod frameworks;
pub mod journal;
pub mod link;
mod lock;
mod memory;
pub mod output;
mod partial;
mod paths;
pub mod review;
pub mod sample;
mod side;
mod staged;

use crate::model::{Change, ModelError, Session};
pub use error::StoreError;
pub use file::{Loaded, SNAPSHOT_EVERY, SessionFile, backup_path, load, replay, write_snapshot};
pub use format::{FormatError, parse, to_ron};
pub use lock::lock_path;
pub use memory::MemoryStore;
pub use partial::{JournalDamage, Partial, load_partial};
pub use paths::{
    CONFIG_ENV, DATA_ENV, SessionSummary, SummaryDetails, config_dir, data_dir, list_sessions,
    session_path, slug,
};
pub use staged::{Staged, check_folder};

/// Why a change could not be committed. The session in memory is unchanged when one is returned.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CommitError {
    /// The change itself is invalid (unknown note, empty text…).
    #[error(transparent)]
    Invalid(#[from] ModelError),
    /// The change is valid but the disk refused it (read-only, full, removed…). Keep it and retry.
    #[error("could not save to {path}: {message}")]
    Disk { path: String, message: String },
    /// The session was opened read-only.
    #[error("{path} is open read-only; changes are not allowed")]
    ReadOnly { path: String },
    /// An earlier change could not be taken back, so the session in memory may not be what is
    /// on disk: nothing more is written. What was saved before is intact.
    #[error(
        "{path}: nothing more is saved, because {why}; everything saved before is intact: \
         close convene and open the file again"
    )]
    Stopped { path: String, why: String },
}

impl CommitError {
    /// True when retrying later may succeed (the change was fine, the disk was not).
    pub fn is_retryable(&self) -> bool {
        matches!(self, CommitError::Disk { .. })
    }
}

/// Somewhere a session lives while it is being changed: on disk (journal + snapshot) or in
/// memory (tests). Every change goes through [`SessionStore::commit`], which returns only once the
/// change is durable: nothing is shown or acknowledged before.
pub trait SessionStore {
    /// The session as it is now.
    fn session(&self) -> &Session;

    /// Validates `change` by applying it in memory, makes it durable (the journal, fsynced), and
    /// returns the inverse change for undo (`None` for navigation). If it returns an error the
    /// session is as it was: a change the disk refused is rolled back to its
    /// [`Checkpoint`](crate::model::Checkpoint).
    fn commit(&mut self, change: Change) -> Result<Option<Change>, CommitError>;

    /// Commits independent changes together, with one flush to disk (group commit). Each is
    /// validated on its own, so one refused does not stop the others; every one answered `Ok`
    /// is durable when this returns. A disk that refuses refuses them all, and the session is
    /// as it was. The default commits them one by one.
    fn commit_group(&mut self, changes: Vec<Change>) -> Vec<Result<Option<Change>, CommitError>> {
        changes.into_iter().map(|c| self.commit(c)).collect()
    }

    /// Writes a fresh snapshot if the journal has grown enough since the last one (the rule a
    /// single commit follows); writers that commit in groups call it when they are idle. A
    /// refused snapshot is only a warning: every change is safe in the journal. True when one
    /// was written.
    fn compact_if_due(&mut self) -> bool {
        false
    }

    /// Writes a full snapshot (atomically) so the journal can start afresh.
    fn save(&mut self) -> Result<(), CommitError>;

    /// A short name for the status line: the file name, or "in memory".
    fn label(&self) -> String;

    /// True when changes cannot be made.
    fn read_only(&self) -> bool {
        false
    }

    /// The session file, when there is one (exports are written next to it).
    fn path(&self) -> Option<&std::path::Path> {
        None
    }
}

/// Any store behind a box (the facilitator's screen holds one) is a store, forwarding every
/// method, so a store's own group commit is kept.
impl SessionStore for Box<dyn SessionStore> {
    fn session(&self) -> &Session {
        (**self).session()
    }
    fn commit(&mut self, change: Change) -> Result<Option<Change>, CommitError> {
        (**self).commit(change)
    }
    fn commit_group(&mut self, changes: Vec<Change>) -> Vec<Result<Option<Change>, CommitError>> {
        (**self).commit_group(changes)
    }
    fn compact_if_due(&mut self) -> bool {
        (**self).compact_if_due()
    }
    fn save(&mut self) -> Result<(), CommitError> {
        (**self).save()
    }
    fn label(&self) -> String {
        (**self).label()
    }
    fn read_only(&self) -> bool {
        (**self).read_only()
    }
    fn path(&self) -> Option<&std::path::Path> {
        (**self).path()
    }
}
