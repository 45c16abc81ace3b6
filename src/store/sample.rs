//! Generated sessions ([`crate::review::sample`]) written into a folder, for benchmarks and for
//! trying the review on many files.

use crate::review::sample::session;
use std::path::{Path, PathBuf};

/// Writes `count` session files of `notes` notes each into `dir` (ten per sub-folder), and
/// returns their paths. Each is written as a new session is (never over an existing file or
/// beside an earlier session's journal; temporary file, fsync, rename).
pub fn write_sessions(dir: &Path, count: usize, notes: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::with_capacity(count);
    for n in 0..count {
        let folder = dir.join(format!("batch-{:03}", n / 10));
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(format!("workshop-{n:04}.ron"));
        super::output::write_session(&path, super::to_ron(&session(n, notes)).as_bytes(), false)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        paths.push(path);
    }
    Ok(paths)
}
