//! The files beside a session (lock, journal, backup, temporaries): named after the session's real file, never opened through a link.

use super::StoreError;
use super::lock::sibling;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The side files a writer creates or replaces, by suffix: `workshop.ron.lock`…
pub(crate) const WRITTEN: [&str; 4] = ["lock", "journal", "bak", "bak.tmp"];

/// The path whose side files belong to the session at `path`. A session reached through a
/// symbolic link (`current.ron` → `s.ron`) is the file the link points at, so every name of a
/// session shares one lock and one journal. Folders on the way need no resolving: side files
/// live in the same folder as the session, whichever way it is reached.
pub(crate) fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// True when `path` is itself a symbolic link (dangling or not).
pub(crate) fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Opens `path` with `options`, refusing to follow a link at its last component (`O_NOFOLLOW`),
/// and without waiting for a FIFO's other end (`O_NONBLOCK`, which regular files ignore).
pub(crate) fn open(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Opens a side file for writing as [`open`] does, then refuses it, before anything is
/// written, unless it is a regular file with no other name: a hard link would carry the
/// writes to another file, and a FIFO or device would never behave as a file.
pub(crate) fn open_written(
    options: &mut OpenOptions,
    path: &Path,
    action: &'static str,
) -> Result<File, StoreError> {
    let file = open(options, path).map_err(|e| open_error(path, action, e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, action, e))?;
    must_be_regular(&meta, path)?;
    let links = link_count(&meta);
    if links > 1 {
        return Err(StoreError::SideLinked {
            path: path.to_path_buf(),
            links,
        });
    }
    Ok(file)
}

/// Reads the whole of `path` (links followed, as readers do), refusing anything that is not a
/// regular file before reading a byte: a FIFO would wait forever, `/dev/zero` would never end.
pub(crate) fn read(path: &Path, action: &'static str) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options
        .open(path)
        .map_err(|e| StoreError::io(path, action, e))?;
    let meta = file
        .metadata()
        .map_err(|e| StoreError::io(path, action, e))?;
    must_be_regular(&meta, path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, action, e))?;
    Ok(bytes)
}

/// Refuses anything but a regular file, naming it as `shown`: a FIFO would wait forever and a
/// device would never end.
pub(crate) fn must_be_regular(meta: &std::fs::Metadata, shown: &Path) -> Result<(), StoreError> {
    match not_regular(meta) {
        Some(kind) => Err(StoreError::NotRegular {
            path: shown.to_path_buf(),
            kind,
        }),
        None => Ok(()),
    }
}

/// What a file that is not a regular file is, for a message (`None` for a regular file).
pub(crate) fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// How many names the file has (1 where the system does not say).
pub(crate) fn link_count(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// Creates `path`, which must not exist in any form (`O_EXCL`: not even as a dangling link),
/// for writing, readable as `mode` on unix.
pub(crate) fn create_new(path: &Path, mode: u32) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    open(&mut options, path)
}

/// The error for a side file that could not be opened: a link where it should be is named as
/// such, and so is a FIFO or device (a FIFO opened for writing alone fails without a reader);
/// anything else is the system's error.
pub(crate) fn open_error(path: &Path, action: &'static str, e: std::io::Error) -> StoreError {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => StoreError::Link {
            path: path.to_path_buf(),
        },
        Ok(meta) => match not_regular(&meta) {
            Some(kind) => StoreError::NotRegular {
                path: path.to_path_buf(),
                kind,
            },
            None => StoreError::io(path, action, e),
        },
        Err(_) => StoreError::io(path, action, e),
    }
}

/// Refuses a session whose lock, journal, backup or backup-in-progress is a symbolic link, or
/// whose lock or journal is a hard link, a FIFO or a device: writing through it would change
/// another file, or wait forever. Checked by name before anything is read or kept; the writers check again on the
/// file they opened ([`open_written`]).
pub(crate) fn refuse_links(session: &Path) -> Result<(), StoreError> {
    for suffix in WRITTEN {
        let path = sibling(session, suffix);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            return Err(StoreError::Link { path });
        }
        // The backups are replaced by renaming, never written in place: whatever else is at
        // their name is left as it is (and a save that cannot replace it says so).
        if !matches!(suffix, "lock" | "journal") {
            continue;
        }
        if let Some(kind) = not_regular(&meta) {
            return Err(StoreError::NotRegular { path, kind });
        }
        let links = link_count(&meta);
        if links > 1 {
            return Err(StoreError::SideLinked { path, links });
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_session_reached_through_a_link_is_the_file_it_points_at() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("s.ron");
        std::fs::write(&real, "x").unwrap();
        let link = dir.path().join("current.ron");
        symlink("s.ron", &link).unwrap();
        assert_eq!(
            real_path(&link).unwrap(),
            std::fs::canonicalize(&real).unwrap()
        );
        assert_eq!(
            real_path(&real).unwrap(),
            real,
            "no link: the path as given"
        );
        let dangling = dir.path().join("gone.ron");
        symlink("nowhere.ron", &dangling).unwrap();
        assert!(real_path(&dangling).is_err());
    }

    #[test]
    fn opening_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join("s.ron.journal");
        symlink(&target, &link).unwrap();
        let e = open(OpenOptions::new().write(true).create(true), &link).unwrap_err();
        assert!(matches!(
            open_error(&link, "open", e),
            StoreError::Link { .. }
        ));
        assert!(create_new(&link, 0o644).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }
}
