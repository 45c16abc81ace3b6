//! Exports written next to the session file (`NAME-summary.md`, `NAME-csv/`…), atomically, so
//! a summary taken mid-workshop is always complete and easy to find. The names are fixed, so a
//! second export of the same kind would replace the first: the screen asks before it does.

use super::StoreError;
use super::output;
pub use super::output::OutputError;
use crate::export::{self, CsvTable, Options};
use crate::model::Session;
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

/// The files that writing `files` for `format` would replace (already there), so that the
/// screen can ask first. `files` as from [`ExportFormat::texts`].
pub fn would_replace(
    session_path: &Path,
    format: ExportFormat,
    files: &[(String, String)],
) -> Vec<PathBuf> {
    targets(session_path, format, files)
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect()
}

/// Where each of `files` goes: the export's path, or for [`ExportFormat::CsvAll`] a file
/// inside the export folder.
fn targets(session_path: &Path, format: ExportFormat, files: &[(String, String)]) -> Vec<PathBuf> {
    let path = export_path(session_path, format);
    files
        .iter()
        .map(|(name, _)| {
            if name.is_empty() {
                path.clone()
            } else {
                path.join(name)
            }
        })
        .collect()
}

/// Writes one export next to the session file, atomically and by the output rule
/// ([`super::output`]): an earlier export is replaced only with `replace`, a session never.
/// Returns the full path written.
pub fn write_export(
    session_path: &Path,
    format: ExportFormat,
    text: &str,
    replace: bool,
) -> Result<PathBuf, OutputError> {
    let path = export_path(session_path, format);
    output::write(&path, text.as_bytes(), replace)?;
    Ok(absolute(&path))
}

/// Writes several files into the export folder for `format` (created if needed), each
/// atomically and by the output rule; all are checked before any is written. Returns the full
/// path of the folder.
pub fn write_export_folder(
    session_path: &Path,
    format: ExportFormat,
    files: &[(String, String)],
    replace: bool,
) -> Result<PathBuf, OutputError> {
    let dir = export_path(session_path, format);
    if let Some(why) = output::protected(&dir) {
        return Err(OutputError::Protected { path: dir, why });
    }
    let targets = targets(session_path, format, files);
    for path in &targets {
        output::check(path, replace)?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create the folder", e))?;
    for (path, (_, text)) in targets.iter().zip(files) {
        output::write(path, text.as_bytes(), replace)?;
    }
    Ok(absolute(&dir))
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
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
    fn an_earlier_export_is_replaced_only_when_asked_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.ron");
        let files = vec![(String::new(), "one".to_string())];
        assert!(would_replace(&session, ExportFormat::Json, &files).is_empty());
        let first = write_export(&session, ExportFormat::Json, "one", false).unwrap();
        assert_eq!(
            would_replace(&session, ExportFormat::Json, &files),
            vec![dir.path().join("w.json")]
        );
        let refused = write_export(&session, ExportFormat::Json, "two", false).unwrap_err();
        assert!(matches!(refused, OutputError::Exists { .. }), "{refused}");
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one");
        let second = write_export(&session, ExportFormat::Json, "two", true).unwrap();
        assert_eq!(first, second);
        assert!(second.is_absolute());
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["w.json".to_string()]);
    }

    #[test]
    fn a_folder_export_checks_every_file_before_writing_any() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("w.ron");
        let files: Vec<(String, String)> = ["notes.csv", "themes.csv", "recommendations.csv"]
            .iter()
            .map(|n| (n.to_string(), format!("new {n}")))
            .collect();
        let folder = dir.path().join("w-csv");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("themes.csv"), "old").unwrap();
        let e = write_export_folder(&session, ExportFormat::CsvAll, &files, false).unwrap_err();
        assert!(matches!(e, OutputError::Exists { .. }), "{e}");
        assert!(
            !folder.join("notes.csv").exists(),
            "nothing written before the refusal"
        );
        assert_eq!(
            would_replace(&session, ExportFormat::CsvAll, &files),
            vec![folder.join("themes.csv")]
        );
        write_export_folder(&session, ExportFormat::CsvAll, &files, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(folder.join("themes.csv")).unwrap(),
            "new themes.csv"
        );
    }
}
