//! Exports written next to the session file (`NAME-summary.md`, `NAME-csv/`…), atomically, so
//! a summary taken mid-workshop is always complete and easy to find.

use super::StoreError;
use crate::export::{self, CsvTable, Options};
use crate::model::Session;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to export from the facilitator's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// The workshop summary as Markdown.
    Markdown,
    /// The same summary as one self-contained HTML page.
    Html,
    CsvNotes,
    CsvThemes,
    CsvRecommendations,
    /// The three CSV tables in one folder.
    CsvAll,
    /// The whole session.
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::CsvNotes,
        ExportFormat::CsvThemes,
        ExportFormat::CsvRecommendations,
        ExportFormat::CsvAll,
        ExportFormat::Json,
    ];

    /// The name shown on screen.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "summary (Markdown)",
            ExportFormat::Html => "summary (HTML page)",
            ExportFormat::CsvNotes => "CSV: notes",
            ExportFormat::CsvThemes => "CSV: themes",
            ExportFormat::CsvRecommendations => "CSV: recommendations",
            ExportFormat::CsvAll => "CSV: notes, themes and recommendations",
            ExportFormat::Json => "JSON: the whole session",
        }
    }

    /// The file (or, for [`ExportFormat::CsvAll`], folder) name next to a session named `stem`.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            ExportFormat::Markdown => format!("{stem}-summary.md"),
            ExportFormat::Html => format!("{stem}-summary.html"),
            ExportFormat::CsvNotes => format!("{stem}-notes.csv"),
            ExportFormat::CsvThemes => format!("{stem}-themes.csv"),
            ExportFormat::CsvRecommendations => format!("{stem}-recommendations.csv"),
            ExportFormat::CsvAll => format!("{stem}-csv"),
            ExportFormat::Json => format!("{stem}.json"),
        }
    }

    pub fn next(self) -> ExportFormat {
        let i = ExportFormat::ALL
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0);
        ExportFormat::ALL[(i + 1) % ExportFormat::ALL.len()]
    }

    pub fn prev(self) -> ExportFormat {
        let n = ExportFormat::ALL.len();
        let i = ExportFormat::ALL
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0);
        ExportFormat::ALL[(i + n - 1) % n]
    }

    /// The files this format produces, as (name inside the folder, text); one unnamed file
    /// (empty name) for every format but [`ExportFormat::CsvAll`]. Pure: uses the exporters.
    pub fn texts(self, session: &Session, options: &Options) -> Vec<(String, String)> {
        let one = |text: String| vec![(String::new(), text)];
        match self {
            ExportFormat::Markdown => one(export::markdown(session, options)),
            ExportFormat::Html => one(export::html(session, options)),
            ExportFormat::CsvNotes => one(export::csv(session, options, CsvTable::Notes)),
            ExportFormat::CsvThemes => one(export::csv(session, options, CsvTable::Themes)),
            ExportFormat::CsvRecommendations => {
                one(export::csv(session, options, CsvTable::Recommendations))
            }
            ExportFormat::CsvAll => [
                ("notes.csv", CsvTable::Notes),
                ("themes.csv", CsvTable::Themes),
                ("recommendations.csv", CsvTable::Recommendations),
            ]
            .into_iter()
            .map(|(name, table)| (name.to_string(), export::csv(session, options, table)))
            .collect(),
            ExportFormat::Json => one(export::json(session, options)),
        }
    }
}

/// Where `format` is written for the session at `session_path`: beside it, named after it.
pub fn export_path(session_path: &Path, format: ExportFormat) -> PathBuf {
    let stem = session_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    let name = format.file_name(&stem);
    match session_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => PathBuf::from(name),
    }
}

/// Writes one export next to the session file, atomically (a temporary file in the same folder,
/// flushed, then renamed over any earlier export). Returns the full path written.
pub fn write_export(
    session_path: &Path,
    format: ExportFormat,
    text: &str,
) -> Result<PathBuf, StoreError> {
    let path = export_path(session_path, format);
    write_atomically(&path, text)?;
    Ok(absolute(&path))
}

/// Writes several files into the export folder for `format` (created if needed), each
/// atomically. Returns the full path of the folder.
pub fn write_export_folder(
    session_path: &Path,
    format: ExportFormat,
    files: &[(String, String)],
) -> Result<PathBuf, StoreError> {
    let dir = export_path(session_path, format);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create the folder", e))?;
    for (name, text) in files {
        write_atomically(&dir.join(name), text)?;
    }
    Ok(absolute(&dir))
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn write_atomically(path: &Path, text: &str) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".convene-export-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io(&dir, "create a temporary file", e))?;
    // Exports are documents to share: readable by others, like the session file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.write_all(text.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| StoreError::io(tmp.path(), "write", e))?;
    tmp.persist(path)
        .map_err(|e| StoreError::io(path, "write", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_go_next_to_the_session_named_after_it() {
        let p = Path::new("work/2026-09-24-riverside.ron");
        assert_eq!(
            export_path(p, ExportFormat::Markdown),
            Path::new("work/2026-09-24-riverside-summary.md")
        );
        assert_eq!(
            export_path(Path::new("demo.ron"), ExportFormat::CsvAll),
            Path::new("demo-csv")
        );
    }

    #[test]
    fn writing_replaces_an_earlier_export_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.ron");
        let first = write_export(&session, ExportFormat::Json, "one").unwrap();
        let second = write_export(&session, ExportFormat::Json, "two").unwrap();
        assert_eq!(first, second);
        assert!(second.is_absolute());
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["w.json".to_string()]);
    }
}
