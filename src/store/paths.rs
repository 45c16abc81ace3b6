//! Where sessions and settings live: data and config folders, file names, the recent list.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Environment variable that overrides the sessions folder.
pub const DATA_ENV: &str = "CONVENE_DATA";
/// Environment variable that overrides the config folder.
pub const CONFIG_ENV: &str = "CONVENE_CONFIG";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "convene")
}

/// The folder sessions are saved in: `CONVENE_DATA` if set, else the platform's data folder
/// (…/convene/sessions), else `./sessions`.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    project_dirs()
        .map(|d| d.data_dir().join("sessions"))
        .unwrap_or_else(|| PathBuf::from("sessions"))
}

/// The folder for settings and user frameworks: `CONVENE_CONFIG` if set, else the platform's
/// config folder (…/convene), else `./.convene`.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    project_dirs()
        .map(|d| d.config_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".convene"))
}

/// Lower-case ASCII words joined by dashes: "Café: Work & You!" → "cafe-work-you".
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "workshop".into()
    } else {
        out
    }
}

/// A free file name for a new session in `dir`: `DATE-slug.ron`, then `-2`, `-3`…
pub fn session_path(dir: &Path, title: &str, date: jiff::civil::Date) -> PathBuf {
    // A title that already holds the date ("Workshop 2026-11-23") does not repeat it.
    let base = format!("{date}-{}", slug(&title.replace(&date.to_string(), " ")));
    let mut path = dir.join(format!("{base}.ron"));
    let mut n = 2;
    // A name is free only when nothing of an earlier session is left under it: a journal or a
    // backup left behind may hold the only copy of someone's notes.
    let taken = |p: &Path| {
        [
            p.to_path_buf(),
            super::journal::journal_path(p),
            super::backup_path(p),
        ]
        .iter()
        .any(|p| std::fs::symlink_metadata(p).is_ok())
    };
    while taken(&path) {
        path = dir.join(format!("{base}-{n}.ron"));
        n += 1;
    }
    path
}

/// One session file found in a folder, for the recent list.
#[derive(Debug, Clone)]
pub struct SessionSummary {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    /// The title, date and counts, or why the file could not be read.
    pub details: Result<SummaryDetails, String>,
}

#[derive(Debug, Clone)]
pub struct SummaryDetails {
    pub title: String,
    pub date: jiff::civil::Date,
    pub tables: usize,
    pub notes: usize,
    pub step: String,
}

/// The `*.ron` session files in `dir` (not recursive), most recently changed first.
/// A missing folder gives an empty list.
pub fn list_sessions(dir: &Path) -> Vec<SessionSummary> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<SessionSummary> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .map(|path| {
            let journal = super::journal::journal_path(&path);
            let modified = [&path, &journal]
                .iter()
                .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
                .max();
            let details = super::load(&path)
                .map(|l| SummaryDetails {
                    title: l.session.title.clone(),
                    date: l.session.date,
                    tables: l.session.tables.len(),
                    notes: l.session.notes.len(),
                    step: l.session.current_step().title.clone(),
                })
                .map_err(|e| e.to_string());
            SessionSummary {
                path,
                modified,
                details,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.modified
            .cmp(&a.modified)
            .then_with(|| a.path.cmp(&b.path))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("Café: Work & You!"), "cafe-work-you");
        assert_eq!(slug("   "), "workshop");
        assert_eq!(slug("日本"), "workshop");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        let day = jiff::civil::date(2026, 11, 23);
        let dir = Path::new("no-such-folder");
        assert_eq!(
            session_path(dir, "Workshop 2026-11-23", day),
            dir.join("2026-11-23-workshop.ron"),
            "the date is not repeated"
        );
        assert_eq!(
            session_path(dir, "Riverside", day),
            dir.join("2026-11-23-riverside.ron")
        );
    }

    #[test]
    fn session_path_never_reuses_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let date = jiff::civil::date(2026, 11, 23);
        let first = session_path(dir.path(), "Oxford", date);
        assert!(first.ends_with("2026-11-23-oxford.ron"));
        std::fs::write(&first, "x").unwrap();
        let second = session_path(dir.path(), "Oxford", date);
        assert!(second.ends_with("2026-11-23-oxford-2.ron"));
        // A journal or backup left by an earlier session keeps its name taken too.
        std::fs::write(dir.path().join("2026-11-23-oxford-2.ron.journal"), "{}\n").unwrap();
        std::fs::write(dir.path().join("2026-11-23-oxford-3.ron.bak"), "x").unwrap();
        let fourth = session_path(dir.path(), "Oxford", date);
        assert!(fourth.ends_with("2026-11-23-oxford-4.ron"), "{fourth:?}");
    }
}
