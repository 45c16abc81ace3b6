//! Exporting what the filters show (`X`) and reading the sessions again (`R`): the chooser's
//! state and keys here, the writing on a worker thread ([`write`]), the drawing in
//! `screens::export`.

use super::{Effect, ReviewApp};
use crate::export::{Options, plural};
use crate::review::Library;
use crate::store::dataset::{TidyExport, TidyFormat};
use crate::store::output;
use crate::tui::review::keymap::Action;
use std::path::{Path, PathBuf};

/// What `X` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Dataset,
    Parquet,
    Sqlite,
    Xlsx,
    Csv,
    Jsonl,
    Qdpx,
}

impl Choice {
    pub const ALL: [Choice; 7] = [
        Choice::Dataset,
        Choice::Parquet,
        Choice::Sqlite,
        Choice::Xlsx,
        Choice::Csv,
        Choice::Jsonl,
        Choice::Qdpx,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Choice::Dataset => "dataset — a folder of CSV tables + datapackage.json",
            Choice::Parquet => "parquet — a folder of Parquet tables (DuckDB, pandas, R, Spark)",
            Choice::Sqlite => "sqlite — one database with keys and views",
            Choice::Xlsx => "xlsx — one workbook, a sheet per table (Excel, LibreOffice)",
            Choice::Csv => "csv — the notes, one row each",
            Choice::Jsonl => "jsonl — the notes, one JSON object per line",
            Choice::Qdpx => "qdpx — a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
        }
    }

    /// The ending of its default name (empty for a folder).
    fn ending(self) -> &'static str {
        match self {
            Choice::Dataset => "-dataset",
            Choice::Parquet => "-parquet",
            Choice::Sqlite => ".sqlite",
            Choice::Xlsx => ".xlsx",
            Choice::Csv => ".csv",
            Choice::Jsonl => ".jsonl",
            Choice::Qdpx => ".qdpx",
        }
    }

    fn tidy(self) -> Option<TidyFormat> {
        match self {
            Choice::Dataset => Some(TidyFormat::Dataset { guard: true }),
            Choice::Parquet => Some(TidyFormat::Parquet),
            Choice::Sqlite => Some(TidyFormat::Sqlite),
            Choice::Xlsx => Some(TidyFormat::Xlsx),
            _ => None,
        }
    }
}

/// The export chooser, open after `X`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exporting {
    pub choice: Choice,
    /// Where to write, as typed (relative to the folder convene was started in).
    pub path: String,
    /// The name was typed by hand: changing the format keeps it.
    edited: bool,
    /// The name exists: Enter again replaces it.
    pub confirm: bool,
    /// Why the last Enter wrote nothing (shown in the chooser, wrapped, never cut).
    pub refused: Option<String>,
}

/// What an export needs, taken from the browser when Enter is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub choice: Choice,
    pub path: PathBuf,
    pub force: bool,
    /// The rows the filters show; `None`: every session whole (nothing filtered).
    pub rows: Option<Vec<usize>>,
    pub include_sensitive: bool,
}

fn default_name(choice: Choice) -> String {
    let today = jiff::Zoned::now().date();
    format!("review-{today}{}", choice.ending())
}

impl ReviewApp {
    pub(super) fn start_export(&mut self) {
        if self.library.is_none() {
            return;
        }
        self.exporting = Some(Exporting {
            choice: Choice::Dataset,
            path: default_name(Choice::Dataset),
            edited: false,
            confirm: false,
            refused: None,
        });
    }

    /// A key while the chooser is open.
    pub(super) fn update_export(&mut self, action: Action) {
        let Some(e) = self.exporting.as_mut() else {
            return;
        };
        let step = |c: Choice, by: usize| {
            let i = Choice::ALL.iter().position(|x| *x == c).unwrap_or(0);
            Choice::ALL[(i + by) % Choice::ALL.len()]
        };
        match action {
            Action::Cancel => self.exporting = None,
            Action::Quit => self.quit = true,
            Action::NextFormat | Action::PrevFormat => {
                let by = if action == Action::NextFormat {
                    1
                } else {
                    Choice::ALL.len() - 1
                };
                e.choice = step(e.choice, by);
                if !e.edited {
                    e.path = default_name(e.choice);
                }
                e.confirm = false;
                e.refused = None;
            }
            Action::Backspace => {
                e.path.pop();
                e.edited = true;
                e.confirm = false;
                e.refused = None;
            }
            Action::Type(c) if !c.is_control() => {
                e.path.push(c);
                e.edited = true;
                e.confirm = false;
                e.refused = None;
            }
            Action::Submit => self.submit_export(),
            _ => {}
        }
    }

    fn submit_export(&mut self) {
        let Some(e) = self.exporting.clone() else {
            return;
        };
        let path = PathBuf::from(e.path.trim());
        let refuse = |app: &mut ReviewApp, why: String| {
            if let Some(x) = app.exporting.as_mut() {
                x.refused = Some(why);
                x.confirm = false;
            }
        };
        if path.as_os_str().is_empty() {
            refuse(self, "type where to write the export".into());
            return;
        }
        // What could never be written (a session, a folder of other files) is refused at
        // once; a name that could be replaced needs a second Enter.
        let folder = e.choice.tidy().is_some_and(|t| t.is_folder());
        let check = |force: bool| {
            if folder {
                crate::store::check_folder(&path, force)
            } else {
                output::check(&path, force)
            }
        };
        if let Err(err) = check(true) {
            refuse(self, err.to_string());
            return;
        }
        if !e.confirm && check(false).is_err() {
            if let Some(x) = self.exporting.as_mut() {
                x.confirm = true;
            }
            return;
        }
        let all_selected = self.selected.iter().all(|s| *s);
        let whole = all_selected && self.filter.is_empty();
        self.effects.push(Effect::Export(Job {
            choice: e.choice,
            path,
            force: e.confirm,
            rows: (!whole).then(|| self.rows.clone()),
            include_sensitive: self.filter.include_sensitive,
        }));
        self.exporting = None;
        self.message = Some(format!("writing {}…", e.path.trim()));
    }

    /// What `X` would export now, in words: "120 notes from 3 sessions".
    pub fn export_scope(&self) -> String {
        let sessions = self.selected.iter().filter(|s| **s).count();
        let filtered = !self.filter.is_empty() || sessions < self.selected.len();
        format!(
            "{} from {}{}",
            plural(self.rows.len(), "note"),
            plural(sessions, "session"),
            if filtered {
                " (as the filters show them)"
            } else {
                ""
            }
        )
    }

    /// The export finished (or failed): say so.
    pub fn exported(&mut self, result: Result<String, String>) {
        self.message = Some(match result {
            Ok(done) => done,
            Err(why) => format!("not written: {why}"),
        });
    }

    pub(super) fn reload(&mut self) {
        if self.library.is_some() {
            self.effects.push(Effect::Reload);
            self.message = Some("reading the sessions again…".into());
        }
    }

    /// The sessions were read again: the filters and the sessions left out stay as they were,
    /// sessions new since are selected, and the message says what changed.
    pub fn reloaded(&mut self, library: Library) {
        let Some(old) = self.library.clone() else {
            self.loaded(library);
            return;
        };
        let left_out: std::collections::HashSet<&Path> = old
            .sessions()
            .iter()
            .zip(&self.selected)
            .filter(|(_, on)| !**on)
            .map(|(s, _)| s.path.as_path())
            .collect();
        let selected: Vec<bool> = library
            .sessions()
            .iter()
            .map(|s| !left_out.contains(s.path.as_path()))
            .collect();
        let (notes_before, sessions_before) = (old.rows().len(), old.sessions().len());
        let (notes_now, sessions_now) = (library.rows().len(), library.sessions().len());
        let filter = self.filter.clone();
        self.loaded(library);
        self.selected = selected;
        self.filter = filter;
        self.refilter();
        self.compare = None;
        let change = |now: usize, before: usize, word: &str| match now.cmp(&before) {
            std::cmp::Ordering::Greater => format!("{} more", plural(now - before, word)),
            std::cmp::Ordering::Less => format!("{} fewer", plural(before - now, word)),
            std::cmp::Ordering::Equal => format!("no new {word}s"),
        };
        self.message = Some(format!(
            "read again: {} · {}",
            change(notes_now, notes_before, "note"),
            change(sessions_now, sessions_before, "session")
        ));
    }
}

/// Writes an export of `library` (run on a worker thread): what to say when done, or why not.
pub fn write(library: &Library, job: &Job) -> Result<String, String> {
    let options = Options {
        include_sensitive: job.include_sensitive,
        anonymise: false,
    };
    let all;
    let rows = match &job.rows {
        Some(rows) => rows.as_slice(),
        None => {
            all = library.all();
            &all
        }
    };
    let shown = job.path.display();
    if let Some(format) = job.choice.tidy() {
        let mut ids = std::collections::HashSet::new();
        if !library
            .sessions()
            .iter()
            .all(|s| ids.insert(s.session.uuid))
        {
            return Err(
                "copies of a session are kept (--keep-copies), and copies share every id; \
                 the research dataset holds each session once: start the review without \
                 --keep-copies"
                    .into(),
            );
        }
        let mut export =
            TidyExport::create(format, &job.path, job.force).map_err(|e| e.to_string())?;
        library
            .each_source(job.rows.as_deref(), &options, &mut |s| export.add(s))
            .map_err(|e| e.to_string())?;
        let (sessions, notes) = (
            export.count(crate::dataset::Table::Sessions),
            export.count(crate::dataset::Table::Notes),
        );
        export
            .finish(&format!(
                "Exported from the review browser by convene {}.",
                env!("CARGO_PKG_VERSION")
            ))
            .map_err(|e| e.to_string())?;
        return Ok(format!(
            "wrote {} from {} to {shown}",
            plural(notes, "note"),
            plural(sessions, "session")
        ));
    }
    let bytes = match job.choice {
        Choice::Csv => library.csv(rows, &options).into_bytes(),
        Choice::Jsonl => {
            let mut bytes = Vec::new();
            library
                .jsonl(rows, &options, &mut bytes)
                .map_err(|e| e.to_string())?;
            bytes
        }
        _ => library.qdpx(rows, &options),
    };
    output::write(&job.path, &bytes, job.force).map_err(|e| e.to_string())?;
    Ok(format!("wrote {} to {shown}", plural(rows.len(), "note")))
}
