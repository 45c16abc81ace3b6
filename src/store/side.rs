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

/// Opens `path` with `options`, refusing to follow a link at its last component (`O_NOFOLLOW`).
pub(crate) fn open(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
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
/// such; anything else is the system's error.
pub(crate) fn open_error(path: &Path, action: &'static str, e: std::io::Error) -> StoreError {
    if is_link(path) {
        StoreError::Link {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::io(path, action, e)
    }
}

/// Refuses a session whose lock, journal, backup or backup-in-progress is a symbolic link:
/// writing through it would change whatever file it points at.
pub(crate) fn refuse_links(session: &Path) -> Result<(), StoreError> {
    for suffix in WRITTEN {
        let path = sibling(session, suffix);
        if is_link(&path) {
            return Err(StoreError::Link { path });
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
