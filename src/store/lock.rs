//! One writer per session: OS locks on the session file itself and on a lock file beside it that names the holder.

use super::{StoreError, side};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held while a session is open for writing. The OS releases its locks if the process dies, so
/// a crash never leaves a stale lock behind.
///
/// A session can have several names, so there are two locks:
/// - `workshop.ron.lock`, beside the session's real file (links resolved): it says who holds
///   the session, and keeps out writers using any name that resolves to that file;
/// - on unix, the snapshot file itself (its inode), so that a hard link made while it is held
///   (`ln s.ron h.ron`), whose lock file would be `h.ron.lock`, is refused too. Each new
///   snapshot is locked before it is renamed into place, and that lock is kept
///   ([`Lock::hold_snapshot`]). A session that already has several names is not opened for
///   writing at all: each name would get its own journal.
#[derive(Debug)]
pub struct Lock {
    file: File,
    holder: String,
    snapshot: Option<File>,
    refused_at: Option<u64>,
}

/// The line of a lock file remembering a refused snapshot.
const REFUSED: &str = "snapshot refused at revision ";

impl Lock {
    /// Takes the lock for the existing session at `session` (its real path; `shown` is the
    /// name the user gave, for messages), or says who holds it. The session file is locked
    /// first, so a refused writer leaves no lock file behind.
    pub fn acquire(session: &Path, shown: &Path) -> Result<Lock, StoreError> {
        patiently(|| {
            let snapshot = lock_snapshot(session, shown)?;
            let mut lock = Lock::acquire_new_once(session, shown)?;
            lock.snapshot = snapshot;
            Ok(lock)
        })
    }

    /// Takes the lock file only, for a session about to be created: its snapshot is locked
    /// once written ([`Lock::hold_snapshot`]).
    pub fn acquire_new(session: &Path, shown: &Path) -> Result<Lock, StoreError> {
        patiently(|| Lock::acquire_new_once(session, shown))
    }

    fn acquire_new_once(session: &Path, shown: &Path) -> Result<Lock, StoreError> {
        let path = lock_path(session);
        // Refused before it is locked or written if it is a FIFO, a device or a hard link.
        let mut file = side::open_written(
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false),
            &path,
            "create the lock file",
        )?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: shown.to_path_buf(),
                    holder: holder_in(&mut file).unwrap_or_else(|| "another convene".into()),
                });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, "lock", e)),
        }
        let mut before = Vec::new();
        let _ = (&file).take(4096).read_to_end(&mut before);
        let refused_at = String::from_utf8_lossy(&before).lines().find_map(|line| {
            let digits = line.strip_prefix(REFUSED)?;
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            digits[..end].parse().ok()
        });
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        let since = jiff::Zoned::now().strftime("%Y-%m-%d %H:%M:%S %Z");
        let holder = format!(
            "convene (pid {}) on {host}, since {since}",
            std::process::id()
        );
        let mut lock = Lock {
            file,
            holder,
            snapshot: None,
            refused_at,
        };
        lock.write();
        Ok(lock)
    }

    /// Keeps `snapshot`, the file just renamed into place as the session, locked instead of
    /// the one it replaced (`None` where the file system has no locks).
    pub fn hold_snapshot(&mut self, snapshot: Option<File>) {
        self.snapshot = snapshot;
    }

    /// The revision at which the last attempt to write a snapshot was refused, remembered in
    /// the lock file so that short-lived writers (`convene add`) back off as a long one does.
    pub fn snapshot_refused_at(&self) -> Option<u64> {
        self.refused_at
    }

    /// Remembers (or, with `None`, forgets) a refused snapshot.
    pub fn remember_refused_snapshot(&mut self, revision: Option<u64>) {
        if self.refused_at != revision {
            self.refused_at = revision;
            self.write();
        }
    }

    fn write(&mut self) {
        let mut text = format!("{}\n", self.holder);
        if let Some(revision) = self.refused_at {
            text.push_str(&format!("{REFUSED}{revision}\n"));
        }
        let write = self
            .file
            .set_len(0)
            .and_then(|_| self.file.seek(SeekFrom::Start(0)))
            .and_then(|_| self.file.write_all(text.as_bytes()));
        // The lock is what matters; the text is a courtesy.
        let _ = write;
    }
}

/// The first line of a lock file: who holds it.
fn holder_in(file: &mut File) -> Option<String> {
    let mut text = Vec::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(4096).read_to_end(&mut text);
    let text = String::from_utf8_lossy(&text);
    let first = text.lines().next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// Locks the session file itself, checking that the file locked is still the one at
/// `session` (a save by the holder may have just renamed a new one into place).
#[cfg(unix)]
fn lock_snapshot(session: &Path, shown: &Path) -> Result<Option<File>, StoreError> {
    use std::os::unix::fs::MetadataExt;
    let locked = || StoreError::Locked {
        path: shown.to_path_buf(),
        holder: holder_of(session),
    };
    // Each name of a session would get its own lock file and journal, and notes written
    // through one name would be missing from the other: a session is written under one name.
    let one_name = |meta: &std::fs::Metadata| {
        if meta.nlink() > 1 {
            return Err(StoreError::SessionLinked {
                path: shown.to_path_buf(),
                links: meta.nlink(),
            });
        }
        Ok(())
    };
    for _ in 0..16 {
        // Without waiting, should it be a FIFO.
        let file = side::open(OpenOptions::new().read(true), session)
            .map_err(|e| StoreError::io(shown, "read", e))?;
        let held = file
            .metadata()
            .map_err(|e| StoreError::io(shown, "read", e))?;
        side::must_be_regular(&held, shown)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(locked()),
            // A file system without locks: the lock file still keeps out writers by name.
            Err(TryLockError::Error(_)) => return one_name(&held).map(|()| None),
        }
        match std::fs::symlink_metadata(session) {
            Ok(now) if now.dev() == held.dev() && now.ino() == held.ino() => {
                // Counted again now that it is locked: a name added meanwhile counts too.
                let now = file
                    .metadata()
                    .map_err(|e| StoreError::io(shown, "read", e))?;
                return one_name(&now).map(|()| Some(file));
            }
            _ => continue,
        }
    }
    Err(locked())
}

/// Windows locks are mandatory and would keep readers out of the snapshot: there, the lock
/// file alone keeps a second writer out.
#[cfg(not(unix))]
fn lock_snapshot(session: &Path, shown: &Path) -> Result<Option<File>, StoreError> {
    let meta = std::fs::metadata(session).map_err(|e| StoreError::io(shown, "read", e))?;
    side::must_be_regular(&meta, shown)?;
    Ok(None)
}

/// Who holds the session at `session`: the live lock file beside it, or beside another name
/// of the same file in its folder (a hard link).
fn holder_of(session: &Path) -> String {
    let live_holder = |name: &Path| {
        let mut file = side::open(OpenOptions::new().read(true), &lock_path(name)).ok()?;
        match file.try_lock() {
            Err(TryLockError::WouldBlock) => holder_in(&mut file),
            // Not held by anyone: an old lock file, whose text names a past holder.
            _ => None,
        }
    };
    if let Some(holder) = live_holder(session) {
        return holder;
    }
    #[cfg(unix)]
    if let Some(holder) = other_names(session).iter().find_map(|p| live_holder(p)) {
        return holder;
    }
    "another convene".into()
}

/// The other names of the file at `session` in its own folder.
#[cfg(unix)]
fn other_names(session: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let Ok(me) = std::fs::metadata(session) else {
        return Vec::new();
    };
    if me.nlink() < 2 {
        return Vec::new();
    }
    let dir = match session.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name() != session.file_name()
                && std::fs::symlink_metadata(p).is_ok_and(|m| {
                    m.file_type().is_file() && m.dev() == me.dev() && m.ino() == me.ino()
                })
        })
        .collect()
}

/// How long a lock held by someone else is waited for before saying who holds it: long enough
/// for a process that has just let go to be gone (a process starting another program shares
/// its open files for an instant), short enough to feel immediate.
const PATIENCE: std::time::Duration = std::time::Duration::from_millis(300);

/// Runs `take` until it gets the lock, or the lock is still held after [`PATIENCE`].
fn patiently(mut take: impl FnMut() -> Result<Lock, StoreError>) -> Result<Lock, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match take() {
            Err(StoreError::Locked { .. }) if started.elapsed() < PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            result => return result,
        }
    }
}

/// `workshop.ron` → `workshop.ron.lock`.
pub fn lock_path(session_path: &Path) -> PathBuf {
    sibling(session_path, "lock")
}

/// `workshop.ron` → `workshop.ron.<suffix>`.
pub(crate) fn sibling(session_path: &Path, suffix: &str) -> PathBuf {
    let mut name = session_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(suffix);
    session_path.with_file_name(name)
}
