//! A session on disk: snapshot + journal + lock, opened for writing or read-only.

use super::journal::{self, Entry, Writer};
use super::lock::{Lock, sibling};
use super::{CommitError, SessionStore, StoreError, format};
use crate::model::{Change, Session};
use std::io::Write;
use std::path::{Path, PathBuf};

/// After this many journal entries, a commit also writes a fresh snapshot.
pub const SNAPSHOT_EVERY: usize = 500;

/// A session read from disk without taking the lock or writing anything.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub session: Session,
    /// Things worth telling the user (a torn journal line skipped…).
    pub warnings: Vec<String>,
    /// How many journal entries were replayed on top of the snapshot.
    pub replayed: usize,
    /// The revision of the snapshot file itself (before the journal).
    pub snapshot_revision: u64,
}

/// Reads a session file and replays its journal, in memory only. Never writes, locks or
/// truncates anything, so it is safe while another process has the session open.
pub fn load(path: &Path) -> Result<Loaded, StoreError> {
    let (loaded, _) = load_with_journal(path)?;
    Ok(loaded)
}

fn load_with_journal(path: &Path) -> Result<(Loaded, journal::Read), StoreError> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, "read", e))?;
    let mut session = format::parse(&bytes).map_err(|error| StoreError::Format {
        path: path.to_path_buf(),
        error,
    })?;
    let snapshot_revision = session.revision;
    let journal_path = journal::journal_path(path);
    let mut read = journal::read(&journal_path)?;
    let mut warnings = Vec::new();
    let replayed = replay(
        &mut session,
        std::mem::take(&mut read.entries),
        &journal_path,
    )?;
    if let Some(torn) = &read.torn {
        warnings.push(format!(
            "{}:{}: the last entry was cut off mid-write (a crash or power cut) and was skipped",
            journal_path.display(),
            torn.line
        ));
    }
    Ok((
        Loaded {
            session,
            warnings,
            replayed,
            snapshot_revision,
        },
        read,
    ))
}

/// Applies journal entries newer than the session's revision, in order; returns how many were
/// applied. An entry that leaves a gap or does not apply is an error naming its line.
pub fn replay(
    session: &mut Session,
    entries: Vec<(usize, Entry)>,
    journal_path: &Path,
) -> Result<usize, StoreError> {
    let mut replayed = 0;
    for (line, entry) in entries {
        if entry.seq <= session.revision {
            continue; // already in the snapshot
        }
        if entry.seq != session.revision + 1 {
            return Err(StoreError::Journal {
                path: journal_path.to_path_buf(),
                line,
                message: format!(
                    "entry {} follows revision {}; entries are missing before it",
                    entry.seq, session.revision
                ),
            });
        }
        session
            .apply(entry.change)
            .map_err(|e| StoreError::Journal {
                path: journal_path.to_path_buf(),
                line,
                message: format!("this change does not apply to the session: {e}"),
            })?;
        replayed += 1;
    }
    Ok(replayed)
}

/// A session open for writing (or read-only): every commit is journaled and flushed before it
/// is applied; snapshots are written atomically with the previous one kept as a backup.
#[derive(Debug)]
pub struct SessionFile {
    path: PathBuf,
    session: Session,
    journal: Option<Writer>,
    _lock: Option<Lock>,
    warnings: Vec<String>,
    entries_since_snapshot: usize,
}

impl SessionFile {
    /// Creates a new session file at `path` (refusing to overwrite one) and opens it.
    pub fn create(path: &Path, session: Session) -> Result<SessionFile, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::io(dir, "create the folder", e))?;
        }
        // Refused before the lock is taken, so no lock file is left beside someone's session;
        // checked again under the lock against a session created meanwhile.
        let exists = || -> Result<(), StoreError> {
            if path.exists() {
                return Err(StoreError::Exists {
                    path: path.to_path_buf(),
                });
            }
            Ok(())
        };
        exists()?;
        let lock = Lock::acquire(path)?;
        exists()?;
        write_snapshot(path, &session)?;
        let journal_path = journal::journal_path(path);
        let journal = Writer::open(&journal_path, 0, false)?;
        Ok(SessionFile {
            path: path.to_path_buf(),
            session,
            journal: Some(journal),
            _lock: Some(lock),
            warnings: Vec::new(),
            entries_since_snapshot: 0,
        })
    }

    /// Opens a session for writing: takes the lock, reads the snapshot, replays the journal.
    pub fn open(path: &Path) -> Result<SessionFile, StoreError> {
        let lock = Lock::acquire(path)?;
        let (loaded, read) = load_with_journal(path)?;
        let journal_path = journal::journal_path(path);
        let mut warnings = loaded.warnings;
        if let Some(torn) = &read.torn {
            // Keep the torn bytes beside the journal rather than dropping them silently.
            let stamp = jiff::Timestamp::now().as_second();
            let keep = (1..)
                .map(|n| match n {
                    1 => sibling(path, &format!("journal.torn-{stamp}")),
                    n => sibling(path, &format!("journal.torn-{stamp}-{n}")),
                })
                .find(|p| !p.exists())
                .expect("an unused name exists");
            match std::fs::write(&keep, &torn.bytes) {
                Ok(()) => {
                    warnings.push(format!("the cut-off bytes were kept in {}", keep.display()))
                }
                Err(e) => warnings.push(format!("could not keep the cut-off bytes: {e}")),
            }
        }
        let journal = Writer::open(&journal_path, read.good_len, read.missing_newline)?;
        remove_stale_temporaries(path);
        Ok(SessionFile {
            path: path.to_path_buf(),
            entries_since_snapshot: loaded.replayed,
            session: loaded.session,
            journal: Some(journal),
            _lock: Some(lock),
            warnings,
        })
    }

    /// Opens a session without the lock: nothing can be changed or written.
    pub fn open_read_only(path: &Path) -> Result<SessionFile, StoreError> {
        let loaded = load(path)?;
        Ok(SessionFile {
            path: path.to_path_buf(),
            session: loaded.session,
            journal: None,
            _lock: None,
            warnings: loaded.warnings,
            entries_since_snapshot: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Warnings from opening (torn journal line…), for the status line.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Consumes the store, giving back the session.
    pub fn into_session(self) -> Session {
        self.session
    }

    fn disk_error(&self, what: &Path, e: std::io::Error) -> CommitError {
        CommitError::Disk {
            path: what.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl SessionStore for SessionFile {
    fn session(&self) -> &Session {
        &self.session
    }

    fn commit(&mut self, change: Change) -> Result<Option<Change>, CommitError> {
        let Some(journal) = self.journal.as_mut() else {
            return Err(CommitError::ReadOnly {
                path: self.path.display().to_string(),
            });
        };
        let before_revision = self.session.revision;
        let before_ids = self.session.next_ids;
        let before_log = self.session.step_log.len();
        // Validate by applying in memory; nothing is drawn until this function returns.
        let inverse = self.session.apply(change.clone())?;
        let entry = Entry {
            seq: self.session.revision,
            at: jiff::Timestamp::now(),
            change,
        };
        if let Err(e) = journal.append(&entry) {
            // Not durable: put the session back exactly as it was.
            if let Some(inverse) = inverse {
                self.session
                    .apply(inverse)
                    .expect("the inverse of an applied change applies");
            }
            self.session.step_log.truncate(before_log);
            self.session.revision = before_revision;
            self.session.next_ids = before_ids;
            let path = journal.path().to_path_buf();
            return Err(self.disk_error(&path, e));
        }
        self.entries_since_snapshot += 1;
        if self.entries_since_snapshot >= SNAPSHOT_EVERY {
            // The change is already durable in the journal; a failed snapshot only delays compaction.
            if let Err(e) = self.save() {
                self.warnings.push(e.to_string());
            }
        }
        Ok(inverse)
    }

    fn save(&mut self) -> Result<(), CommitError> {
        if self.journal.is_none() {
            return Err(CommitError::ReadOnly {
                path: self.path.display().to_string(),
            });
        }
        write_snapshot(&self.path, &self.session).map_err(|e| CommitError::Disk {
            path: self.path.display().to_string(),
            message: e.to_string(),
        })?;
        if let Some(journal) = self.journal.as_mut() {
            // Safe even if this fails: replay skips entries the snapshot already has.
            if journal.clear().is_ok() {
                self.entries_since_snapshot = 0;
            }
        }
        Ok(())
    }

    fn label(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }

    fn read_only(&self) -> bool {
        self.journal.is_none()
    }

    fn path(&self) -> Option<&Path> {
        Some(&self.path)
    }
}

/// `workshop.ron` → `workshop.ron.bak`, the previous snapshot.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, "bak")
}

/// Writes the snapshot atomically: a temporary file in the same folder, flushed, then renamed
/// over the old one, which is first copied to the backup.
pub fn write_snapshot(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = format::to_ron(session);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&temporary_prefix(path))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io(&dir, "create a temporary file", e))?;
    // Session files are meant to be read by researchers: readable by others, like any document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0o644);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| StoreError::io(tmp.path(), "write", e))?;
    if path.exists() {
        let backup = backup_path(path);
        let backup_tmp = sibling(path, "bak.tmp");
        std::fs::copy(path, &backup_tmp)
            .and_then(|_| std::fs::File::open(&backup_tmp)?.sync_all())
            .and_then(|_| std::fs::rename(&backup_tmp, &backup))
            .map_err(|e| StoreError::io(&backup, "keep the backup", e))?;
    }
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, "replace", e.error))?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Temporary snapshots of `workshop.ron` are named `.workshop.ron.convene-*.tmp`, so that the
/// holder of its lock knows which leftovers are its own.
fn temporary_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.convene-")
}

/// Removes temporary snapshots left by a process killed mid-save. Only called with the lock
/// held, so no other process can be writing one of them.
fn remove_stale_temporaries(path: &Path) {
    let prefix = temporary_prefix(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
