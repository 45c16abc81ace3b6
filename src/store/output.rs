//! Writing what a command produces (an export, a dataset, a new session): never over a session
//! or the files beside it, over nothing else unless asked (`--force`), and always whole.
//!
//! The rule, in one place for every command and the export screen:
//! - never, even when asked: an existing `*.ron` file (a session, a framework, the settings), a
//!   file that is a session whatever its name, a file with a journal beside it, and any name of
//!   the kind convene keeps beside a session (`*.journal`, `*.bak`, `*.lock`, `*.bak.tmp`,
//!   `*.journal.torn-*`, `.*.convene-*.tmp`). A symbolic link is judged by the file it points
//!   at too; writing replaces the link itself, never that file.
//! - an existing file otherwise: only when asked (`force`).
//! - always atomically: a temporary file in the same folder, flushed to disk, then renamed into
//!   place (without `force`, a rename that fails if the name was taken meanwhile), so a kill
//!   leaves the old file or the new one, never half of one.

use super::StoreError;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why an output was not written. Nothing was changed on disk when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The file exists and replacing it was not asked for.
    #[error(
        "{} already exists; pass --force to replace it, or choose another name",
        path.display()
    )]
    Exists { path: PathBuf },
    /// The file is a session, or belongs to one: never written over.
    #[error(
        "{} {why}; convene never writes an output over it, even with --force: choose another name",
        path.display()
    )]
    Protected { path: PathBuf, why: String },
    /// A new session would inherit a journal or backup left by an earlier one of that name.
    #[error(
        "{} is still there from an earlier session called {}; a new session there would take it \
         over. Move it away, or choose another name",
        side.display(),
        path.display()
    )]
    Leftover { path: PathBuf, side: PathBuf },
    #[error("{} is a folder; give the name of a file", path.display())]
    Folder { path: PathBuf },
    /// A device, pipe or socket: renaming a file over it would replace it.
    #[error(
        "{} is not an ordinary file (a device, a pipe or a socket); to write to standard output, leave out -o",
        path.display()
    )]
    Special { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OutputError {
    /// 2 (bad input) when the name was refused; the disk error's own code otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            OutputError::Store(e) => e.exit_code(),
            _ => 2,
        }
    }
}

/// Names convene keeps beside a session, by ending, with what they are.
const SIDE_FILES: [(&str, &str); 4] = [
    (".journal", "the journal"),
    (".bak", "the backup"),
    (".bak.tmp", "the backup being written"),
    (".lock", "the lock"),
];

/// How many bytes at the start of a file are read to tell whether it is a session.
const SNIFF_BYTES: u64 = 1 << 20;

/// Why `path` must never be written over, if it must not. Judged on the name given and, for a
/// symbolic link, on the file it points at.
pub fn protected(path: &Path) -> Option<String> {
    if let Some(why) = protected_here(path) {
        return Some(why);
    }
    if is_link(path) {
        let target = link_target(path);
        if let Some(why) = protected_here(&target) {
            return Some(format!("is a link to {}, which {why}", target.display()));
        }
    }
    None
}

fn protected_here(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    if let Some((suffix, what)) = SIDE_FILES.iter().find(|(s, _)| name.ends_with(s)) {
        return Some(format!("is named like {what} of a session (*{suffix})"));
    }
    if name.contains(".journal.torn-") {
        return Some(
            "is named like the cut-off end of a session's journal (*.journal.torn-*)".into(),
        );
    }
    if name.starts_with('.') && name.contains(".convene-") && name.ends_with(".tmp") {
        return Some("is named like a temporary file of a save in progress".into());
    }
    // A link is judged by its target in `protected`; here only a file itself counts.
    let meta = std::fs::symlink_metadata(path).ok();
    if meta.as_ref().is_some_and(|m| m.is_file()) {
        if name.ends_with(".ron") {
            return Some(
                "already exists and is a convene file (*.ron: a session, a framework or the settings)"
                    .into(),
            );
        }
        if looks_like_session(path) {
            return Some("already exists and is a session file".into());
        }
    }
    let journal = super::journal::journal_path(path);
    if std::fs::symlink_metadata(&journal).is_ok() {
        return Some(format!(
            "is a session: its journal {} is beside it",
            journal.display()
        ));
    }
    None
}

/// True when the file reads like a session: RON whose top-level struct (after any comments,
/// `//` or `/* */`, and an optional struct name) has a `schema` field, wherever that field is
/// among the first [`SNIFF_BYTES`].
fn looks_like_session(path: &Path) -> bool {
    let mut start = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut start));
    read.is_ok() && has_schema_field(&start)
}

/// The scan behind [`looks_like_session`]: knows comments, strings and brackets, nothing more.
fn has_schema_field(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (mut i, mut depth, mut named) = (0usize, 0usize, false);
    let skip_comment = |i: usize| -> Option<usize> {
        if b[i..].starts_with(b"//") {
            return Some(memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1));
        }
        if b[i..].starts_with(b"/*") {
            // RON block comments nest.
            let (mut j, mut open) = (i + 2, 1usize);
            while j < b.len() && open > 0 {
                if b[j..].starts_with(b"/*") {
                    open += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    open -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            return Some(j);
        }
        None
    };
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if let Some(next) = skip_comment(i) {
            i = next;
        } else if c == b'"' {
            if depth == 0 {
                return false; // a string before the struct: not a session
            }
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if matches!(c, b'(' | b'[' | b'{') {
            depth += 1;
            i += 1;
        } else if matches!(c, b')' | b']' | b'}') {
            if depth <= 1 {
                return false; // the top-level struct ended without a schema
            }
            depth -= 1;
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = b[i..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                .map_or(b.len(), |n| i + n);
            let word = &b[i..end];
            i = end;
            if depth == 0 {
                if named {
                    return false; // two words before the struct
                }
                named = true;
            } else if depth == 1 && word == b"schema" {
                // Followed (after blanks and comments) by a colon: the field itself.
                let mut j = i;
                loop {
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match skip_comment(j.min(b.len())) {
                        Some(next) if j < b.len() => j = next,
                        _ => break,
                    }
                }
                if b.get(j) == Some(&b':') {
                    return true;
                }
            }
        } else if depth == 0 {
            return false;
        } else {
            i += 1;
        }
    }
    false
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The file a link finally points at: resolved fully when it exists, else followed link by
/// link as far as it goes.
fn link_target(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&at) else {
            break;
        };
        at = match at.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            _ => next,
        };
    }
    at
}

/// Whether `path` may be written: refuses a protected name always, a folder always, and an
/// existing file (or link) unless `force`. Commands call it before doing any work, so that a
/// refused output changes nothing; [`write`] checks again.
pub fn check(path: &Path, force: bool) -> Result<(), OutputError> {
    if let Some(why) = protected(path) {
        return Err(OutputError::Protected {
            path: path.to_path_buf(),
            why,
        });
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(OutputError::Folder {
                path: path.to_path_buf(),
            });
        }
        Ok(m) if !m.is_file() => {
            return Err(OutputError::Special {
                path: path.to_path_buf(),
            });
        }
        _ => {}
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(OutputError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Like [`check`], for a new session at `path`: also refuses when a journal or backup of an
/// earlier session of that name is still beside it (the new session would replay or replace it).
pub fn check_session(path: &Path, force: bool) -> Result<(), OutputError> {
    if std::fs::symlink_metadata(path).is_ok() {
        check(path, force)?; // an existing file: refused by the general rule first
    }
    for side in [
        super::journal::journal_path(path),
        super::file::backup_path(path),
    ] {
        if std::fs::symlink_metadata(&side).is_ok() {
            return Err(OutputError::Leftover {
                path: path.to_path_buf(),
                side,
            });
        }
    }
    check(path, force)
}

/// Writes `bytes` to `path` by the rule above (see the module's comment).
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    check(path, force)?;
    write_checked(path, bytes, force)
}

/// Writes a new session's first snapshot to `path`: [`check_session`], then [`write`]'s way.
pub fn write_session(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    check_session(path, force)?;
    write_checked(path, bytes, force)
}

fn write_checked(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".convene-output-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io(&dir, "create a temporary file in the folder", e))?;
    // Outputs are documents to share: readable by others, like the session file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| StoreError::io(path, "write", e))?;
    if force {
        // Checked again just before the rename: a session may have appeared meanwhile.
        check(path, true)?;
        tmp.persist(path)
            .map_err(|e| StoreError::io(path, "write", e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::io(path, "write", e.error).into()
            }
        })?;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str =
        "// A convene workshop session (schema 1).\n(\n    schema: 1,\n    revision: 0,\n";

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_is_written_whole_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("summary.md");
        write(&out, b"# hello\n", false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"# hello\n");
        assert_eq!(names(dir.path()), ["summary.md"]);
    }

    #[test]
    fn an_existing_file_is_replaced_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes.csv");
        std::fs::write(&out, "old").unwrap();
        let e = write(&out, b"new", false).unwrap_err();
        assert!(matches!(e, OutputError::Exists { .. }), "{e}");
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        write(&out, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(names(dir.path()), ["notes.csv"]);
    }

    #[test]
    fn sessions_and_their_side_files_are_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("s.ron"), SESSION).unwrap();
        std::fs::write(d.join("workshop"), SESSION).unwrap(); // a session with no extension
        std::fs::write(d.join("other.txt"), "x").unwrap();
        std::fs::write(d.join("other.txt.journal"), "").unwrap();
        for name in [
            "s.ron",
            "workshop",
            "other.txt",
            "s.ron.journal",
            "s.ron.bak",
            "s.ron.lock",
            "s.ron.bak.tmp",
            "s.ron.journal.torn-1700000000",
            ".s.ron.convene-abc.tmp",
        ] {
            let path = d.join(name);
            let before = std::fs::read(&path).ok();
            let e = write(&path, b"export", true).unwrap_err();
            assert!(matches!(e, OutputError::Protected { .. }), "{name}: {e}");
            assert!(e.to_string().contains("even with --force"), "{e}");
            assert_eq!(std::fs::read(&path).ok(), before, "{name} unchanged");
        }
        assert_eq!(
            names(d),
            ["other.txt", "other.txt.journal", "s.ron", "workshop"]
        );
    }

    #[test]
    fn a_session_is_recognised_whatever_comes_before_its_schema() {
        let body = "(\n    revision: 3,\n    title: \"a ( \\\" ) title\",\n    schema: 1,\n)";
        let cases = [
            format!("/* a block comment /* nested */ */\n{SESSION}"),
            format!("{}{SESSION}", "// a comment line\n".repeat(800)),
            format!("Session{body}"),
            body.to_string(),
            format!("\u{feff}{body}"),
        ];
        for text in cases {
            assert!(has_schema_field(text.as_bytes()), "{text:.120}");
        }
        for text in [
            "text\n\"schema: 1\"\n",
            "(id: \"mine\", steps: [(schema: 1)])",
            "(revision: 1) (schema: 1)",
            "# notes\nschema: 1",
            "",
        ] {
            assert!(!has_schema_field(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn a_framework_file_is_not_a_session_but_ron_files_are_kept_anyway() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("mine.ron");
        std::fs::write(&f, "(id: \"mine\", name: \"Mine\")").unwrap();
        assert!(!looks_like_session(&f));
        assert!(protected(&f).is_some());
        let csv = dir.path().join("notes.csv");
        std::fs::write(&csv, "text\n\"schema: 1\"\n").unwrap();
        assert!(!looks_like_session(&csv));
        assert!(protected(&csv).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_judged_by_where_it_points_and_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("s.ron"), SESSION).unwrap();
        std::os::unix::fs::symlink(d.join("s.ron"), d.join("out.md")).unwrap();
        std::os::unix::fs::symlink("s.ron.journal", d.join("dangling.md")).unwrap();
        for name in ["out.md", "dangling.md"] {
            let e = write(&d.join(name), b"export", true).unwrap_err();
            assert!(matches!(e, OutputError::Protected { .. }), "{e}");
            assert!(e.to_string().contains("is a link to"), "{e}");
        }
        assert_eq!(std::fs::read_to_string(d.join("s.ron")).unwrap(), SESSION);
        // A link to an ordinary file: replaced with --force, the file it pointed at untouched.
        std::fs::write(d.join("plain.txt"), "keep").unwrap();
        std::os::unix::fs::symlink(d.join("plain.txt"), d.join("link.md")).unwrap();
        assert!(matches!(
            write(&d.join("link.md"), b"new", false),
            Err(OutputError::Exists { .. })
        ));
        write(&d.join("link.md"), b"new", true).unwrap();
        assert_eq!(
            std::fs::read_to_string(d.join("plain.txt")).unwrap(),
            "keep"
        );
        assert!(!is_link(&d.join("link.md")));
        assert_eq!(std::fs::read_to_string(d.join("link.md")).unwrap(), "new");
    }

    #[test]
    fn a_new_session_does_not_inherit_an_earlier_journal_or_backup() {
        let dir = tempfile::tempdir().unwrap();
        let s = dir.path().join("s.ron");
        std::fs::write(dir.path().join("s.ron.journal"), "{\"seq\":1}\n").unwrap();
        let e = write_session(&s, SESSION.as_bytes(), true).unwrap_err();
        assert!(matches!(e, OutputError::Leftover { .. }), "{e}");
        assert!(!s.exists());
        std::fs::remove_file(dir.path().join("s.ron.journal")).unwrap();
        std::fs::write(dir.path().join("s.ron.bak"), SESSION).unwrap();
        assert!(matches!(
            write_session(&s, SESSION.as_bytes(), false),
            Err(OutputError::Leftover { .. })
        ));
        std::fs::remove_file(dir.path().join("s.ron.bak")).unwrap();
        write_session(&s, SESSION.as_bytes(), false).unwrap();
        assert_eq!(std::fs::read_to_string(&s).unwrap(), SESSION);
    }

    #[test]
    fn a_folder_a_device_or_a_missing_folder_is_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x", true).unwrap_err();
        assert!(matches!(e, OutputError::Folder { .. }), "{e}");
        #[cfg(unix)]
        {
            // Renaming a file over a device, pipe or socket (or a link to one, as /dev/stdout
            // is) would replace it. A socket stands for them here: made in the test's folder.
            let socket = dir.path().join("socket");
            let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
            let e = write(&socket, b"x", true).unwrap_err();
            assert!(matches!(e, OutputError::Special { .. }), "{e}");
            assert_eq!(e.exit_code(), 2);
            let link = dir.path().join("out");
            std::os::unix::fs::symlink(&socket, &link).unwrap();
            let e = write(&link, b"x", true).unwrap_err();
            assert!(matches!(e, OutputError::Special { .. }), "{e}");
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert!(!std::fs::symlink_metadata(&socket).unwrap().is_file());
        }
        let e = write(&dir.path().join("no/such/out.md"), b"x", false).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
    }
}
