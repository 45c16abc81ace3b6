//! Finding session files among the paths a researcher names: files, or folders searched recursively.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A path that was named or found but cannot be reviewed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// What went wrong, ready to print after the path (`path: message` or `path:line:col: …`).
    pub message: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Store errors already start with the path (and line:column); others do not.
        let shown = self.path.display().to_string();
        if self.message.starts_with(&shown) {
            f.write_str(&self.message)
        } else {
            write!(f, "{shown}: {}", self.message)
        }
    }
}

/// What [`discover`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovered {
    /// Session files, sorted, each once.
    pub sessions: Vec<PathBuf>,
    /// Paths that do not exist or cannot be read.
    pub skipped: Vec<Skipped>,
    /// Names left out because they are another name of a session already found (a symbolic
    /// or hard link, or a file named again), each with the name kept.
    pub duplicates: Vec<(PathBuf, PathBuf)>,
}

/// How many bytes at the start of a `.ron` file are looked at to decide whether it is a session.
const SNIFF_BYTES: usize = 4096;

/// Finds the session files among `paths`. A file named directly is always taken (a broken one
/// is reported when it is loaded). A folder is searched recursively for `*.ron` files that look
/// like sessions (a `schema` field near the start), skipping hidden entries, symbolic links to
/// folders, and the `.bak`, `.lock`, `.journal` and temporary files that live beside sessions.
/// Reads only; never writes, locks or creates anything.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut out = Discovered::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(_) => out.sessions.push(path.clone()),
            Err(e) => out.skipped.push(Skipped {
                path: path.clone(),
                message: format!("cannot be read: {e}"),
            }),
        }
    }
    // One session, however many names it was met by: the first name met is kept.
    let mut seen = std::collections::HashMap::new();
    let mut sessions = Vec::with_capacity(out.sessions.len());
    for path in std::mem::take(&mut out.sessions) {
        match seen.entry(identity(&path)) {
            std::collections::hash_map::Entry::Occupied(kept) => {
                let kept: &PathBuf = kept.get();
                if kept != &path {
                    out.duplicates.push((path, kept.clone()));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(path.clone());
                sessions.push(path);
            }
        }
    }
    sessions.sort();
    out.sessions = sessions;
    out
}

/// What makes two names the same file: its device and inode on unix (hard and symbolic links
/// alike), its canonical path elsewhere; a file that cannot be looked at is its own name.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(PathBuf),
    Name(PathBuf),
}

fn identity(path: &Path) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match std::fs::metadata(path) {
            Ok(meta) => Identity::Inode(meta.dev(), meta.ino()),
            Err(_) => Identity::Name(path.to_path_buf()),
        }
    }
    #[cfg(not(unix))]
    {
        match std::fs::canonicalize(path) {
            Ok(real) => Identity::Canonical(real),
            Err(_) => Identity::Name(path.to_path_buf()),
        }
    }
}

fn walk(dir: &Path, out: &mut Discovered) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.skipped.push(Skipped {
                path: dir.to_path_buf(),
                message: format!("the folder cannot be read: {e}"),
            });
            return;
        }
    };
    let mut children: Vec<_> = entries.filter_map(Result::ok).collect();
    children.sort_by_key(|e| e.file_name());
    for entry in children {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue; // hidden files, and the `.convene-*.tmp` files of an atomic save
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, out);
        } else if name.ends_with(".ron") && (kind.is_file() || path.is_file()) {
            match looks_like_session(&path) {
                Ok(true) => out.sessions.push(path),
                Ok(false) => {} // a framework or some other RON file
                Err(e) => out.skipped.push(Skipped {
                    path,
                    message: format!("cannot be read: {e}"),
                }),
            }
        }
    }
}

/// True when the start of the file has a `schema` field, as every session file does.
fn looks_like_session(path: &Path) -> std::io::Result<bool> {
    let mut buf = Vec::with_capacity(SNIFF_BYTES);
    std::fs::File::open(path)?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    Ok(text
        .match_indices("schema")
        .any(|(at, word)| text[at + word.len()..].trim_start().starts_with(':')))
}
