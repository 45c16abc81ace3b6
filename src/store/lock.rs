//! One writer per session: an OS file lock beside the session, naming its holder.

use super::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Held while a session is open for writing. The OS releases it if the process dies, so a
/// crash never leaves a stale lock behind.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock for `session_path`, or says who holds it.
    pub fn acquire(session_path: &Path) -> Result<Lock, StoreError> {
        let path = lock_path(session_path);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, "create the lock file", e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                return Err(StoreError::Locked {
                    path: session_path.to_path_buf(),
                    holder: if holder.is_empty() {
                        "another convene".into()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, "lock", e)),
        }
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        let since = jiff::Zoned::now().strftime("%Y-%m-%d %H:%M:%S %Z");
        let holder = format!(
            "convene (pid {}) on {host}, since {since}\n",
            std::process::id()
        );
        let write = file
            .set_len(0)
            .and_then(|_| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(holder.as_bytes()));
        // The lock is what matters; the holder text is a courtesy.
        let _ = write;
        Ok(Lock { _file: file })
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
