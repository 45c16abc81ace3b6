//! A session on disk: snapshot + journal + lock, opened for writing or read-only.

use super::journal::{self, Entry, Writer};
use super::lock::{Lock, sibling};
use super::{CommitError, SessionStore, StoreError, format, side};
use crate::model::{Change, Session};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// After this many journal entries, a commit also writes a fresh snapshot. When writing it is
/// refused, the next attempt waits for as many entries again (or an explicit save).
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
    // Through a link, the journal is the one beside the file linked to, as for a writer.
    let real = side::real_path(path).unwrap_or_else(|_| path.to_path_buf());
    let (loaded, _) = load_with_journal(&real)?;
    Ok(loaded)
}

fn load_with_journal(path: &Path) -> Result<(Loaded, journal::Read), StoreError> {
    // A FIFO or device is refused without waiting or reading.
    let bytes = side::read(path, "read")?;
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
    /// The name the session was opened by, for messages and the status line.
    path: PathBuf,
    /// The file itself (a link resolved): every read and write goes here and beside it.
    real: PathBuf,
    session: Session,
    journal: Option<Writer>,
    lock: Option<Lock>,
    warnings: Vec<String>,
    entries_since_snapshot: usize,
    /// Why nothing more is written: the session in memory could not be put back after a
    /// refused change, so it may differ from what is on disk.
    stopped: Option<String>,
}

impl SessionFile {
    /// Creates a new session file at `path` (refusing to overwrite one) and opens it.
    pub fn create(path: &Path, session: Session) -> Result<SessionFile, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::io(dir, "create the folder", e))?;
        }
        // Anything already there under that name counts, a link to nowhere included.
        // Refused before the lock is taken, so no lock file is left beside someone's session;
        // checked again under the lock against a session created meanwhile.
        // A journal or backup left by an earlier session under this name may hold the only
        // copy of its notes: refused too, never emptied.
        let exists = || -> Result<(), StoreError> {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(StoreError::Exists {
                    path: path.to_path_buf(),
                });
            }
            for side in [journal::journal_path(path), backup_path(path)] {
                if std::fs::symlink_metadata(&side).is_ok() {
                    return Err(StoreError::Leftover {
                        path: path.to_path_buf(),
                        side,
                    });
                }
            }
            Ok(())
        };
        exists()?;
        let mut lock = Lock::acquire_new(path, path)?;
        exists()?;
        side::refuse_links(path)?;
        // Renamed into place only if the name is still free, so nothing is replaced even now.
        let snapshot = write_snapshot_file(path, &session, Replace::Never)?;
        lock.hold_snapshot(snapshot);
        let journal_path = journal::journal_path(path);
        let journal = Writer::open(&journal_path, 0, false)?;
        Ok(SessionFile {
            path: path.to_path_buf(),
            real: path.to_path_buf(),
            session,
            journal: Some(journal),
            lock: Some(lock),
            warnings: Vec::new(),
            entries_since_snapshot: 0,
            stopped: None,
        })
    }

    /// Opens a session for writing: takes the lock, reads the snapshot, replays the journal.
    /// Whatever name it is given (a link, a hard link), a session has one writer at a time.
    pub fn open(path: &Path) -> Result<SessionFile, StoreError> {
        let real = side::real_path(path).map_err(|e| StoreError::io(path, "read", e))?;
        let lock = Lock::acquire(&real, path)?;
        side::refuse_links(&real)?;
        let (loaded, read) = load_with_journal(&real)?;
        let journal_path = journal::journal_path(&real);
        let mut warnings = loaded.warnings;
        if let Some(torn) = &read.torn {
            // Keep the torn bytes beside the journal rather than dropping them silently.
            warnings.push(keep_torn_bytes(&real, &torn.bytes));
        }
        let journal = Writer::open(&journal_path, read.good_len, read.missing_newline)?;
        remove_stale_temporaries(&real);
        Ok(SessionFile {
            path: path.to_path_buf(),
            real,
            entries_since_snapshot: loaded.replayed,
            stopped: None,
            session: loaded.session,
            journal: Some(journal),
            lock: Some(lock),
            warnings,
        })
    }

    /// Opens a session without the lock: nothing can be changed or written.
    pub fn open_read_only(path: &Path) -> Result<SessionFile, StoreError> {
        let loaded = load(path)?;
        Ok(SessionFile {
            path: path.to_path_buf(),
            real: side::real_path(path).unwrap_or_else(|_| path.to_path_buf()),
            session: loaded.session,
            journal: None,
            lock: None,
            warnings: loaded.warnings,
            entries_since_snapshot: 0,
            stopped: None,
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

    /// Writes a fresh snapshot when one is due (see `snapshot_due`); a refusal is a warning.
    fn compact_now_if_due(&mut self) -> bool {
        if self.journal.is_none() || self.stopped.is_some() || !self.snapshot_due() {
            return false;
        }
        if let Err(e) = self.write_snapshot_now() {
            self.warnings.push(format!(
                "{}: no fresh snapshot ({}); every change is safe in the journal; next try \
                 in {SNAPSHOT_EVERY} changes",
                self.path.display(),
                reason(&e)
            ));
            return false;
        }
        true
    }

    /// True when this commit should also write a fresh snapshot: every [`SNAPSHOT_EVERY`]
    /// entries, and after a refused one, only once as many more have been journaled.
    fn snapshot_due(&self) -> bool {
        if self.entries_since_snapshot < SNAPSHOT_EVERY {
            return false;
        }
        let refused = self.lock.as_ref().and_then(Lock::snapshot_refused_at);
        let snapshot_revision =
            (self.session.revision).saturating_sub(self.entries_since_snapshot as u64);
        // A refusal older than the snapshot on disk is over: a later save succeeded.
        refused.is_none_or(|at| {
            at <= snapshot_revision || self.session.revision >= at + SNAPSHOT_EVERY as u64
        })
    }

    /// Writes the snapshot (locking the new file before it replaces the old one), then empties
    /// the journal; a refusal is remembered so that the next commits do not retry at once.
    fn write_snapshot_now(&mut self) -> Result<(), StoreError> {
        let Some(lock) = self.lock.as_mut() else {
            let e = std::io::Error::other("it is open read-only");
            return Err(StoreError::io(&self.path, "write", e));
        };
        match write_snapshot_file(&self.real, &self.session, Replace::Always) {
            Ok(snapshot) => {
                lock.hold_snapshot(snapshot);
                lock.remember_refused_snapshot(None);
            }
            Err(e) => {
                lock.remember_refused_snapshot(Some(self.session.revision));
                return Err(e);
            }
        }
        // Everything journaled is in the snapshot now. Emptying the journal may fail: replay
        // skips entries the snapshot already has, and the next snapshot tries again.
        if let Some(journal) = self.journal.as_mut() {
            let _ = journal.clear();
        }
        self.entries_since_snapshot = 0;
        Ok(())
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
        if let Some(why) = &self.stopped {
            return Err(stopped(&self.path, why));
        }
        // Validated by applying it in memory (nothing is drawn or acknowledged until this
        // function returns), then made durable; a change the disk refuses is rolled back.
        let checkpoint = self.session.checkpoint();
        let inverse = match self.session.apply(change.clone()) {
            Ok(inverse) => inverse,
            Err(e) => {
                if e.left_half_changed() {
                    self.stopped = Some(e.to_string());
                }
                return Err(e.into());
            }
        };
        let entry = Entry {
            seq: self.session.revision,
            at: jiff::Timestamp::now(),
            change,
        };
        if let Err(e) = journal.append(&entry) {
            // Not durable: put the session back exactly as it was.
            if let Err(undo) = self
                .session
                .roll_back(checkpoint, inverse.into_iter().collect())
            {
                self.stopped = Some(format!(
                    "a change the disk refused could not be taken back ({undo})"
                ));
            }
            let path = journal.path().to_path_buf();
            return Err(self.disk_error(&path, e));
        }
        self.entries_since_snapshot += 1;
        if self.snapshot_due() {
            // The change is already durable in the journal; a refused snapshot only delays
            // compaction, and is not tried again on every change.
            if let Err(e) = self.write_snapshot_now() {
                self.warnings.push(format!(
                    "{}: no fresh snapshot ({}); every change is safe in the journal; next try \
                     in {SNAPSHOT_EVERY} changes",
                    self.path.display(),
                    reason(&e)
                ));
            }
        }
        Ok(inverse)
    }

    fn commit_group(&mut self, changes: Vec<Change>) -> Vec<Result<Option<Change>, CommitError>> {
        if changes.len() <= 1 {
            return changes.into_iter().map(|c| self.commit(c)).collect();
        }
        let Some(journal) = self.journal.as_mut() else {
            let path = self.path.display().to_string();
            let refused = || CommitError::ReadOnly { path: path.clone() };
            return changes.iter().map(|_| Err(refused())).collect();
        };
        if let Some(why) = &self.stopped {
            let why = why.clone();
            return changes
                .iter()
                .map(|_| Err(stopped(&self.path, &why)))
                .collect();
        }
        // Each change is validated by applying it in memory, as in `commit`; those the session
        // takes are written together, with one flush, before any of them is answered.
        let checkpoint = self.session.checkpoint();
        let mut results = Vec::with_capacity(changes.len());
        let mut entries = Vec::new();
        let mut inverses = Vec::new();
        for change in changes {
            match self.session.apply(change.clone()) {
                Ok(inverse) => {
                    inverses.extend(inverse.iter().cloned());
                    entries.push(Entry {
                        seq: self.session.revision,
                        at: jiff::Timestamp::now(),
                        change,
                    });
                    results.push(Ok(inverse));
                }
                Err(e) => {
                    if e.left_half_changed() {
                        self.stopped = Some(e.to_string());
                    }
                    results.push(Err(e.into()));
                }
            }
        }
        if entries.is_empty() {
            return results;
        }
        if let Err(e) = journal.append_all(&entries) {
            if let Err(undo) = self.session.roll_back(checkpoint, inverses) {
                self.stopped = Some(format!(
                    "changes the disk refused could not be taken back ({undo})"
                ));
            }
            let path = journal.path().to_path_buf();
            let error = self.disk_error(&path, e);
            return results
                .into_iter()
                .map(|r| match r {
                    Ok(_) => Err(error.clone()),
                    Err(e) => Err(e),
                })
                .collect();
        }
        // No snapshot here: a group is a burst of devices waiting for their answers. The
        // writer compacts when the room is quiet (`compact_if_due`), or on its next single
        // commit.
        self.entries_since_snapshot += entries.len();
        results
    }

    fn compact_if_due(&mut self) -> bool {
        self.compact_now_if_due()
    }

    fn save(&mut self) -> Result<(), CommitError> {
        if self.journal.is_none() {
            return Err(CommitError::ReadOnly {
                path: self.path.display().to_string(),
            });
        }
        if let Some(why) = &self.stopped {
            return Err(stopped(&self.path, why));
        }
        self.write_snapshot_now().map_err(|e| CommitError::Disk {
            path: self.path.display().to_string(),
            message: reason(&e),
        })
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

/// What went wrong, for a message that names the session itself: an I/O error without the
/// path of the temporary or side file it concerned.
fn reason(e: &StoreError) -> String {
    match e {
        StoreError::Io { action, source, .. } => format!("cannot {action}: {source}"),
        e => e.to_string(),
    }
}

/// The error of every write once a store has stopped writing.
fn stopped(path: &Path, why: &str) -> CommitError {
    CommitError::Stopped {
        path: path.display().to_string(),
        why: why.to_string(),
    }
}

/// `workshop.ron` → `workshop.ron.bak`, the previous snapshot.
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, "bak")
}

/// Writes the snapshot atomically: a temporary file in the same folder, flushed, then renamed
/// over the old one, which is first copied to the backup. Through a link, the file linked to is
/// rewritten (the link stays).
pub fn write_snapshot(path: &Path, session: &Session) -> Result<(), StoreError> {
    let real = side::real_path(path).unwrap_or_else(|_| path.to_path_buf());
    write_snapshot_file(&real, session, Replace::Always).map(drop)
}

/// Whether a new snapshot may replace a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replace {
    Always,
    /// Creating a session: whatever appeared at the path meanwhile is kept, and refused.
    Never,
}

/// Writes the snapshot of `session` at `path` (a real path, not a link) and returns the new
/// file, locked on unix (see [`Lock`]) before it was renamed into place.
fn write_snapshot_file(
    path: &Path,
    session: &Session,
    replace: Replace,
) -> Result<Option<File>, StoreError> {
    let text = format::to_ron(session);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Created with O_EXCL: never an existing file, nor a link.
    let mut tmp = tempfile::Builder::new()
        .prefix(&temporary_prefix(path))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io(&dir, "create a temporary file", e))?;
    let mode = snapshot_mode(path);
    // Session files are meant to be read by researchers: readable by others, like any document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    // Locked before it becomes the session, so a writer never finds it unlocked.
    #[cfg(unix)]
    let locked = tmp.as_file().try_lock().is_ok();
    #[cfg(not(unix))]
    let locked = false;
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| StoreError::io(tmp.path(), "write", e))?;
    let file = match replace {
        Replace::Always => {
            if std::fs::symlink_metadata(path).is_ok() {
                keep_backup(path, mode)?;
            }
            tmp.persist(path)
                .map_err(|e| StoreError::io(path, "replace", e.error))?
        }
        Replace::Never => tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::io(path, "create", e.error)
            }
        })?,
    };
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(locked.then_some(file))
}

/// The permissions of the snapshot at `path` (0o644 for a new one).
fn snapshot_mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0o644)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o644
    }
}

/// Copies the snapshot at `path` to its backup: into `.bak.tmp` (created new, never through a
/// link), flushed, then renamed to `.bak`. A link at either name is refused.
fn keep_backup(path: &Path, mode: u32) -> Result<(), StoreError> {
    let backup = backup_path(path);
    let backup_tmp = sibling(path, "bak.tmp");
    for side_file in [&backup, &backup_tmp] {
        if side::is_link(side_file) {
            return Err(StoreError::Link {
                path: side_file.to_path_buf(),
            });
        }
    }
    // A leftover from a save that was killed; only the lock's holder writes it.
    if std::fs::symlink_metadata(&backup_tmp).is_ok_and(|m| m.is_file()) {
        let _ = std::fs::remove_file(&backup_tmp);
    }
    let mut out = side::create_new(&backup_tmp, mode)
        .map_err(|e| side::open_error(&backup_tmp, "keep the backup", e))?;
    let copied = File::open(path)
        .and_then(|mut from| std::io::copy(&mut from, &mut out))
        .and_then(|_| out.sync_all())
        .and_then(|_| std::fs::rename(&backup_tmp, &backup));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&backup_tmp);
        return Err(StoreError::io(&backup, "keep the backup", e));
    }
    Ok(())
}

/// Writes the cut-off end of a journal to a new `workshop.ron.journal.torn-…` file beside it,
/// and says where (or why not).
fn keep_torn_bytes(path: &Path, bytes: &[u8]) -> String {
    let stamp = jiff::Timestamp::now().as_second();
    for n in 1..1000 {
        let keep = match n {
            1 => sibling(path, &format!("journal.torn-{stamp}")),
            n => sibling(path, &format!("journal.torn-{stamp}-{n}")),
        };
        match side::create_new(&keep, 0o644).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        }) {
            Ok(()) => return format!("the cut-off bytes were kept in {}", keep.display()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return format!("could not keep the cut-off bytes: {e}"),
        }
    }
    "could not keep the cut-off bytes: no free name".into()
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

/// Removes temporary snapshots and backups left by a process killed mid-save. Only called with
/// the lock held, so no other process can be writing one of them. Links are left alone.
fn remove_stale_temporaries(path: &Path) {
    let backup_tmp = sibling(path, "bak.tmp");
    if std::fs::symlink_metadata(&backup_tmp).is_ok_and(|m| m.is_file()) {
        let _ = std::fs::remove_file(&backup_tmp);
    }
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
