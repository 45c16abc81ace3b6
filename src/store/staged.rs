//! Outputs too big to hold in memory (a database, a workbook, a folder of tables): written
//! beside their final name and put in place whole, by the same rule as [`super::output`].

use super::StoreError;
use super::output::{OutputError, check, protected};
use std::path::{Path, PathBuf};

/// A file or folder being written under a temporary name in the folder of its final name.
/// [`Staged::commit`] puts it in place; dropped before that, it is removed and nothing changed.
#[derive(Debug)]
pub struct Staged {
    tmp: Option<PathBuf>,
    /// The temporary file as created (a staged file only), for writers that take a handle.
    file: Option<std::fs::File>,
    target: PathBuf,
    force: bool,
    folder: bool,
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The names a dataset folder holds: `datapackage.json` and one file per table.
fn dataset_file(name: &str) -> bool {
    name == "datapackage.json"
        || [".csv", ".parquet"]
            .iter()
            .any(|ext| name.ends_with(ext) && !name.starts_with('.'))
}

/// Whether a folder of tables may be written at `path`: a new name; or, with `force`, a folder
/// that holds only what a dataset export writes (anything else in it would be lost).
pub fn check_folder(path: &Path, force: bool) -> Result<(), OutputError> {
    if let Some(why) = protected(path) {
        return Err(OutputError::Protected {
            path: path.to_path_buf(),
            why,
        });
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !force {
        return Err(OutputError::Exists {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_dir() {
        return Err(OutputError::Store(StoreError::io(
            path,
            "replace",
            std::io::Error::other("it is not a folder; a dataset is written as a folder"),
        )));
    }
    let entries = std::fs::read_dir(path).map_err(|e| StoreError::io(path, "read", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(path, "read", e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !file || !dataset_file(&name) {
            return Err(OutputError::Store(StoreError::io(
                path,
                "replace",
                std::io::Error::other(format!(
                    "it holds {name}, which a dataset export does not write; --force replaces \
                     only a folder of exported tables. Choose another name"
                )),
            )));
        }
    }
    Ok(())
}

impl Staged {
    /// A file to be written at `path` ([`check`]ed now and again at commit).
    pub fn file(path: &Path, force: bool) -> Result<Staged, OutputError> {
        check(path, force)?;
        let dir = parent(path);
        let tmp = tempfile::Builder::new()
            .prefix(".convene-output-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| StoreError::io(&dir, "create a temporary file in the folder", e))?
            .keep()
            .map_err(|e| StoreError::io(&dir, "create a temporary file in the folder", e.error))?;
        let (file, tmp) = tmp;
        Ok(Staged {
            tmp: Some(tmp),
            file: Some(file),
            target: path.to_path_buf(),
            force,
            folder: false,
        })
    }

    /// A folder to be written at `path` ([`check_folder`]).
    pub fn folder(path: &Path, force: bool) -> Result<Staged, OutputError> {
        check_folder(path, force)?;
        let dir = parent(path);
        let tmp = tempfile::Builder::new()
            .prefix(".convene-output-")
            .suffix(".tmp")
            .tempdir_in(&dir)
            .map_err(|e| StoreError::io(&dir, "create a temporary folder in the folder", e))?
            .keep();
        Ok(Staged {
            tmp: Some(tmp),
            file: None,
            target: path.to_path_buf(),
            force,
            folder: true,
        })
    }

    /// The staged file's handle, open for writing, as it was created: writers that take a
    /// handle use it rather than opening the temporary by name again. `None` for a folder, or
    /// once taken.
    pub fn take_file(&mut self) -> Option<std::fs::File> {
        self.file.take()
    }

    /// Where to write now: a temporary file or a new folder only this process has written to
    /// (a folder is created private, and opened to others when it is put in place).
    pub fn path(&self) -> &Path {
        self.tmp.as_deref().expect("not yet committed")
    }

    /// The name it will have.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes what was written to disk and puts it in place under its final name.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let tmp = self.tmp.take().expect("committed once");
        let result = self.put_in_place(&tmp);
        if result.is_err() {
            remove(&tmp);
        }
        result
    }

    fn put_in_place(&self, tmp: &Path) -> Result<(), OutputError> {
        let target = &self.target;
        sync(tmp).map_err(|e| StoreError::io(target, "write", e))?;
        if self.folder {
            #[cfg(unix)]
            set_mode(tmp, 0o755);
            check_folder(target, self.force)?;
            let old = if std::fs::symlink_metadata(target).is_ok() {
                let old = parent(target).join(format!(
                    ".{}.convene-old-{}",
                    target.file_name().unwrap_or_default().to_string_lossy(),
                    std::process::id()
                ));
                std::fs::rename(target, &old).map_err(|e| StoreError::io(target, "replace", e))?;
                Some(old)
            } else {
                None
            };
            if let Err(e) = std::fs::rename(tmp, target) {
                if let Some(old) = &old {
                    let _ = std::fs::rename(old, target);
                }
                return Err(StoreError::io(target, "write", e).into());
            }
            if let Some(old) = old {
                let _ = std::fs::remove_dir_all(old);
            }
        } else {
            #[cfg(unix)]
            set_mode(tmp, 0o644);
            check(target, self.force)?;
            if self.force {
                std::fs::rename(tmp, target).map_err(|e| StoreError::io(target, "write", e))?;
            } else {
                // Fails if the name was taken meanwhile: never over a file nobody named.
                std::fs::hard_link(tmp, target).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        OutputError::Exists {
                            path: target.to_path_buf(),
                        }
                    } else {
                        StoreError::io(target, "write", e).into()
                    }
                })?;
                let _ = std::fs::remove_file(tmp);
            }
        }
        if let Ok(d) = std::fs::File::open(parent(target)) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            remove(&tmp);
        }
    }
}

fn remove(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        let _ = std::fs::remove_file(path);
    }
}

/// Flushes a file, or every file of a folder and the folder itself, to disk.
fn sync(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::File::open(entry.path())?.sync_all()?;
            }
        }
    }
    std::fs::File::open(path)?.sync_all()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("data");
        let staged = Staged::folder(&out, false).unwrap();
        std::fs::write(staged.path().join("notes.csv"), "a\r\n").unwrap();
        assert!(!out.exists(), "not before commit");
        staged.commit().unwrap();
        assert_eq!(std::fs::read(out.join("notes.csv")).unwrap(), b"a\r\n");
        // Without --force an existing folder is refused; with it, replaced.
        assert!(matches!(
            Staged::folder(&out, false).unwrap_err(),
            OutputError::Exists { .. }
        ));
        let staged = Staged::folder(&out, true).unwrap();
        std::fs::write(staged.path().join("notes.csv"), "b\r\n").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(out.join("notes.csv")).unwrap(), b"b\r\n");
        // A folder holding anything else is never replaced.
        std::fs::write(out.join("analysis.R"), "x").unwrap();
        let e = Staged::folder(&out, true).unwrap_err().to_string();
        assert!(e.contains("analysis.R"), "{e}");
        // Dropped unfinished: nothing left behind.
        let other = dir.path().join("other");
        drop(Staged::folder(&other, false).unwrap());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only `data`");
    }

    #[test]
    fn a_file_is_never_written_over_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.sqlite");
        std::fs::write(&out, "old").unwrap();
        assert!(Staged::file(&out, false).is_err());
        let staged = Staged::file(&out, true).unwrap();
        std::fs::write(staged.path(), "new").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
    }
}
