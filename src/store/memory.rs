//! A session store kept only in memory: for tests, benchmarks and previews.

use super::{CommitError, SessionStore};
use crate::model::{Change, Session};

/// Keeps the session in memory. Can be told to refuse writes, to test how callers handle a
/// full or read-only disk.
#[derive(Debug, Clone)]
pub struct MemoryStore {
    pub session: Session,
    /// When set, every commit fails with this disk error (and nothing is applied).
    pub fail_with: Option<String>,
    /// Every change committed, in order.
    pub committed: Vec<Change>,
    pub saves: usize,
    /// A session file to pretend to be (exports are written next to it); none by default.
    pub path: Option<std::path::PathBuf>,
}

impl MemoryStore {
    pub fn new(session: Session) -> MemoryStore {
        MemoryStore {
            session,
            fail_with: None,
            committed: Vec::new(),
            saves: 0,
            path: None,
        }
    }
}

impl SessionStore for MemoryStore {
    fn session(&self) -> &Session {
        &self.session
    }

    fn commit(&mut self, change: Change) -> Result<Option<Change>, CommitError> {
        if let Some(message) = &self.fail_with {
            return Err(CommitError::Disk {
                path: "memory".into(),
                message: message.clone(),
            });
        }
        let inverse = self.session.apply(change.clone())?;
        self.committed.push(change);
        Ok(inverse)
    }

    fn save(&mut self) -> Result<(), CommitError> {
        self.saves += 1;
        Ok(())
    }

    fn label(&self) -> String {
        "in memory".into()
    }

    fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }
}
