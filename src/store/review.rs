//! Reading session files for review: finding them among the paths a researcher names (files, or
//! folders searched recursively) and loading them, snapshot and journal, on a few threads.
//!
//! Readers only: nothing here writes, locks, creates, replays into or truncates a file, so a
//! researcher can review sessions while a facilitator still has one open. What is read is
//! handed to [`crate::review`] as data in memory; [`Library::open`] and [`Library::load`], the
//! review's ways in from disk, are defined here, so the review itself never touches a file.

use crate::model::NoteId;
use crate::review::{Library, LoadedSession, Progress, SessionCopy, Skipped};
use crate::store::{self, StoreError};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The folder paths are shown relative to: the one folder named, or the folders' common parent
/// (a file named counts as its folder).
pub fn common_root(paths: &[PathBuf]) -> Option<PathBuf> {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(PathBuf::from).unwrap_or_default()
            }
        })
        .collect();
    let first = dirs.first()?.clone();
    let mut root = first;
    while !dirs.iter().all(|d| d.starts_with(&root)) {
        if !root.pop() {
            return None;
        }
    }
    (!root.as_os_str().is_empty()).then_some(root)
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

/// Reads a session file and its journal without writing, locking or truncating anything.
/// A journal damaged part-way does not lose the session: the snapshot and the journal up to
/// the damage are read, and [`LoadedSession::damage`] says where it is.
/// When the journal added notes, the snapshot is read again to tell which notes are only in
/// the journal; if a facilitator saved in between, the whole read is tried again.
pub fn read_session(path: &Path) -> Result<LoadedSession, StoreError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let store::Partial { loaded, damage } = store::load_partial(path)?;
        let mut journal_only = HashSet::new();
        if loaded.replayed > 0 {
            let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, "read", e))?;
            let snapshot = store::parse(&bytes).map_err(|error| StoreError::Format {
                path: path.to_path_buf(),
                error,
            })?;
            if snapshot.revision != loaded.snapshot_revision && attempts < 3 {
                continue; // saved while we were reading: read the new pair
            }
            let before: HashSet<NoteId> = snapshot.notes.iter().map(|n| n.id).collect();
            journal_only = loaded
                .session
                .notes
                .iter()
                .map(|n| n.id)
                .filter(|id| !before.contains(id))
                .collect();
        }
        return Ok(LoadedSession {
            path: path.to_path_buf(),
            session: loaded.session,
            warnings: loaded.warnings,
            replayed: loaded.replayed,
            snapshot_revision: loaded.snapshot_revision,
            journal_only,
            damage,
        });
    }
}

/// Reads session files with [`read_session`], on up to four threads. Returns the sessions read,
/// in the order of `files`, and the files that could not be read with their errors. A file
/// whose reading stops on a bug rather than on what is in it is skipped, not the review.
/// `progress` is called once per file, in order of completion, on the calling thread.
pub fn read_sessions(
    files: &[PathBuf],
    progress: &mut dyn FnMut(Progress),
) -> (Vec<LoadedSession>, Vec<Skipped>) {
    let mut sessions = Vec::new();
    let mut skipped = Vec::new();
    for (path, result) in files.iter().zip(read_all(files, progress)) {
        match result {
            Ok(s) => sessions.push(s),
            Err(e) => skipped.push(Skipped {
                path: path.clone(),
                message: e.to_string(),
            }),
        }
    }
    (sessions, skipped)
}

impl Library {
    /// Finds the sessions among `paths` (files or folders, recursively) and loads them. Copies
    /// of a session (files with its [`uuid`](crate::model::Session::uuid)) are left out:
    /// the one with the most changes is kept, and [`Library::copies`] lists the others.
    pub fn open(paths: &[PathBuf], progress: &mut dyn FnMut(Progress)) -> Library {
        Library::open_keeping(paths, false, progress)
    }

    /// [`Library::open`], keeping copies of a session when `keep_copies`.
    pub fn open_keeping(
        paths: &[PathBuf],
        keep_copies: bool,
        progress: &mut dyn FnMut(Progress),
    ) -> Library {
        let found = discover(paths);
        let (mut sessions, mut unread) = read_sessions(&found.sessions, progress);
        let mut skipped = found.skipped;
        skipped.append(&mut unread);
        let copies = if keep_copies {
            Vec::new()
        } else {
            let mut first = std::collections::HashMap::new();
            drop_copies(&mut sessions, &mut first)
        };
        let mut library = Library::from_read(sessions, skipped, found.duplicates);
        library.copies = copies;
        library.root = common_root(paths);
        library
    }

    /// Loads session files read-only, on a few threads. Files that cannot be read are kept in
    /// [`Library::skipped`] with their error; the rest load. `progress` is called once per file,
    /// in order of completion, on the calling thread.
    pub fn load(files: &[PathBuf], progress: &mut dyn FnMut(Progress)) -> Library {
        let (sessions, skipped) = read_sessions(files, progress);
        Library::from_read(sessions, skipped, Vec::new())
    }
}

/// Leaves the copies out of `sessions`: of the files with one session uuid, the one with the most
/// changes (its revision; the first found of equals) is kept, unless an earlier batch already
/// used one (`first`, which gains the uuids kept here, each with its path and revision).
fn drop_copies(
    sessions: &mut Vec<LoadedSession>,
    first: &mut std::collections::HashMap<uuid::Uuid, (PathBuf, u64)>,
) -> Vec<SessionCopy> {
    use std::collections::HashMap;
    // The file kept for each uuid met in this batch: the one with the highest revision.
    let mut best: HashMap<uuid::Uuid, usize> = HashMap::new();
    for (i, s) in sessions.iter().enumerate() {
        if first.contains_key(&s.session.uuid) {
            continue;
        }
        let slot = best.entry(s.session.uuid).or_insert(i);
        if s.session.revision > sessions[*slot].session.revision {
            *slot = i;
        }
    }
    for &i in best.values() {
        let s = &sessions[i];
        first.insert(s.session.uuid, (s.path.clone(), s.session.revision));
    }
    let mut copies = Vec::new();
    let mut i = 0;
    sessions.retain(|s| {
        let keep = best.get(&s.session.uuid) == Some(&i);
        i += 1;
        if !keep {
            let (path, revision) = &first[&s.session.uuid];
            copies.push(SessionCopy {
                left_out: s.path.clone(),
                kept: path.clone(),
                revisions: (s.session.revision, *revision),
            });
        }
        keep
    });
    copies
}

/// What [`stream`] read, besides the sessions it handed over.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Files that could not be read, with why.
    pub skipped: Vec<Skipped>,
    /// Other names of a session already found (links), each with the name kept.
    pub duplicates: Vec<(PathBuf, PathBuf)>,
    /// Copies of a session left out (same uuid).
    pub copies: Vec<SessionCopy>,
    /// Sessions handed over.
    pub sessions: usize,
    /// Of those, read only up to a damaged journal line.
    pub partial: usize,
}

/// Sessions read per batch by [`stream`], at most: a batch is also closed once it holds
/// [`BATCH_NOTES`] notes, so memory stays bounded whatever the corpus.
const BATCH_SESSIONS: usize = 500;
const BATCH_NOTES: usize = 100_000;

/// Reads the sessions among `paths` a batch at a time and hands each batch to `each` as a
/// [`Library`], so that an export of any number of sessions holds one batch in memory. Copies
/// are left out unless `keep_copies`: within a batch the one with the most changes is kept,
/// across batches the one read first. Stops at the first error `each` returns.
pub fn stream<E>(
    paths: &[PathBuf],
    keep_copies: bool,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(Library) -> Result<(), E>,
) -> Result<Streamed, E> {
    let found = discover(paths);
    let mut out = Streamed {
        skipped: found.skipped,
        duplicates: found.duplicates,
        ..Streamed::default()
    };
    let mut first = std::collections::HashMap::new();
    let root = common_root(paths);
    let total = found.sessions.len();
    let mut done = 0;
    let mut start = 0;
    while start < total {
        // Files are read a few at a time until the batch is full.
        let mut batch = Vec::new();
        let mut notes = 0;
        while start < total && batch.len() < BATCH_SESSIONS && notes < BATCH_NOTES {
            let end = (start + 4).min(total);
            let (read, mut unread) = read_sessions(&found.sessions[start..end], &mut |p| {
                progress(Progress {
                    done: done + p.done,
                    total,
                    path: p.path,
                })
            });
            done += end - start;
            start = end;
            out.skipped.append(&mut unread);
            notes += read.iter().map(|s| s.session.notes.len()).sum::<usize>();
            batch.extend(read);
        }
        if !keep_copies {
            out.copies.extend(drop_copies(&mut batch, &mut first));
        }
        out.sessions += batch.len();
        out.partial += batch.iter().filter(|s| s.is_partial()).count();
        if !batch.is_empty() {
            let mut library = Library::from_sessions(batch);
            library.root.clone_from(&root);
            each(library)?;
        }
    }
    Ok(out)
}

type LoadResult = Result<LoadedSession, StoreError>;

/// The error of a file whose loading stopped on a bug rather than on what is in the file.
fn unexpected(path: &Path) -> StoreError {
    StoreError::io(
        path,
        "read",
        std::io::Error::other("convene stopped on something unexpected in it (please report this)"),
    )
}

/// Loads every file, on up to four threads, keeping the order of `files`.
fn read_all(files: &[PathBuf], progress: &mut dyn FnMut(Progress)) -> Vec<LoadResult> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, LoadResult)>();
    let mut results: Vec<Option<LoadResult>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    // Last resort: whatever goes wrong inside, this file is skipped, not the review.
                    let loaded = std::panic::catch_unwind(|| read_session(path))
                        .unwrap_or_else(|_| Err(unexpected(path)));
                    if tx.send((i, loaded)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (done, (i, result)) in rx.iter().enumerate() {
            results[i] = Some(result);
            progress(Progress {
                done: done + 1,
                total: files.len(),
                path: files[i].clone(),
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every file was loaded"))
        .collect()
}
