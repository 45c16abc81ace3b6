//! The export screen: format and options, the exact text the file will hold as a preview
//! (made off the screen's thread for big sessions, [`MakePreview`]), and writing it next to the session (asked for
//! as an effect, [`WriteExport`]; the run loop writes with [`write`] and answers).

pub mod view;

use crate::export::Options;
use crate::model::Session;
use crate::store::SessionStore;
use crate::store::exports::{self, ExportFormat};
use crate::tui::action::Action;
use crate::tui::app::App;
use std::borrow::Cow;
use std::path::PathBuf;

/// The export screen: format, options, the exact text(s) the file will hold, the last path written.
#[derive(Debug)]
pub struct ExportScreen {
    pub format: ExportFormat,
    pub options: Options,
    /// (file name inside the folder, text), as written; prepared when something changes.
    pub texts: Vec<(String, String)>,
    /// Lines of the preview (all files, one after the other).
    pub lines: usize,
    pub scroll: usize,
    /// Where the next write goes (none for a session only in memory).
    pub target: Option<PathBuf>,
    /// The full path of the last file or folder written, while the format and options on
    /// screen are those it was written with.
    pub written: Option<PathBuf>,
    /// Sensitive notes in the session the preview was made from.
    pub sensitive: usize,
    /// How many previews were started: one per session revision, format and options shown.
    pub generation: u64,
    /// Where each preview line starts: (file, byte offset in its text, or `HEADING`).
    starts: Vec<(usize, usize)>,
    made_from: Option<PreviewKey>,
    making: Option<Making>,
}

/// What a preview is made from. A session's creation time tells sessions apart; its
/// revision changes with every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreviewKey {
    created: jiff::Timestamp,
    revision: u64,
    format: ExportFormat,
    options: Options,
}

/// A preview ready to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    texts: Vec<(String, String)>,
    starts: Vec<(usize, usize)>,
    sensitive: usize,
}

/// A preview being made elsewhere (an effect); its generation tells it from later ones.
#[derive(Debug)]
struct Making {
    key: PreviewKey,
    generation: u64,
}

/// A preview to make off the screen's thread (an effect: [`MakePreview::run`] makes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MakePreview {
    generation: u64,
    key: PreviewKey,
    session: Box<Session>,
}

/// A preview made, for [`Action::PreviewMade`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewMade {
    generation: u64,
    key: PreviewKey,
    preview: Preview,
}

impl MakePreview {
    /// Makes the preview where it is called.
    pub fn run(&self) -> PreviewMade {
        PreviewMade {
            generation: self.generation,
            key: self.key,
            preview: Preview::make(&self.session, self.key),
        }
    }

    /// The answer when making it failed: an empty preview, rather than waiting forever.
    pub fn failed(&self) -> PreviewMade {
        PreviewMade {
            generation: self.generation,
            key: self.key,
            preview: Preview::default(),
        }
    }
}

/// The start of a file's heading line, in [`ExportScreen`]'s line index.
const HEADING: usize = usize::MAX;

/// Sessions with this many items (notes, tables, themes, votes, outcomes) or more are
/// exported for the preview on another thread, so the screen never waits for it.
pub const PREVIEW_IN_BACKGROUND_FROM: usize = 20_000;

impl Preview {
    fn make(session: &Session, key: PreviewKey) -> Preview {
        let texts = key.format.texts(session, &key.options);
        let several = texts.len() > 1;
        let mut starts = Vec::new();
        for (file, (_, text)) in texts.iter().enumerate() {
            if several {
                starts.push((file, HEADING));
            }
            let bom = text.len() - text.trim_start_matches('\u{feff}').len();
            let mut at = bom;
            for line in text[bom..].split_inclusive('\n') {
                starts.push((file, at));
                at += line.len();
            }
        }
        Preview {
            texts,
            starts,
            sensitive: session.notes.iter().filter(|n| n.sensitive).count(),
        }
    }
}

impl Default for ExportScreen {
    fn default() -> ExportScreen {
        ExportScreen {
            format: ExportFormat::Markdown,
            options: Options::default(),
            texts: Vec::new(),
            lines: 0,
            scroll: 0,
            target: None,
            written: None,
            sensitive: 0,
            generation: 0,
            starts: Vec::new(),
            made_from: None,
            making: None,
        }
    }
}

impl ExportScreen {
    /// The preview's lines: each file's text (with a heading when there are several), without
    /// the byte-order mark that CSV files start with.
    pub fn preview_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.preview_from(0).map(|l| l.into_owned())
    }

    /// The preview's lines from line `first` (from 0) on; found at once, however long the
    /// preview, so drawing a screenful costs a screenful.
    pub fn preview_from(&self, first: usize) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        self.starts.iter().skip(first).map(|&(file, at)| {
            let (name, text) = &self.texts[file];
            if at == HEADING {
                return Cow::Owned(format!("──── {name} ────"));
            }
            let line = text[at..].split('\n').next().unwrap_or_default();
            Cow::Borrowed(line.strip_suffix('\r').unwrap_or(line))
        })
    }

    /// True while the preview for what is on screen is being made off the screen's thread.
    pub fn preparing(&self) -> bool {
        self.making.is_some()
    }

    /// Makes the preview for `session` unless the one shown (or being made) is for the same
    /// revision, format and options. For a large session it returns a request to make it off
    /// the screen's thread (an effect) unless `wait` is set (writing the file needs the text
    /// now).
    #[must_use]
    pub(crate) fn rebuild(
        &mut self,
        session: &Session,
        path: Option<&std::path::Path>,
        wait: bool,
    ) -> Option<MakePreview> {
        self.target = path.map(|p| exports::export_path(p, self.format));
        let key = PreviewKey {
            created: session.created,
            revision: session.revision,
            format: self.format,
            options: self.options,
        };
        if self.made_from == Some(key) {
            self.making = None;
            return None;
        }
        if !wait && self.making.as_ref().is_some_and(|m| m.key == key) {
            return None;
        }
        self.generation += 1;
        let items = session.notes.len()
            + session.tables.len()
            + session.themes.len()
            + session.votes.len()
            + session.recommendations.len()
            + session.responses.len();
        if wait || items < PREVIEW_IN_BACKGROUND_FROM {
            self.making = None;
            self.show(key, Preview::make(session, key));
            return None;
        }
        let generation = self.generation;
        self.making = Some(Making { key, generation });
        Some(MakePreview {
            generation,
            key,
            session: Box::new(session.clone()),
        })
    }

    /// Shows a preview made off the screen's thread, unless a later one was asked for since.
    pub(crate) fn preview_made(&mut self, made: PreviewMade) {
        if self
            .making
            .as_ref()
            .is_some_and(|m| m.generation == made.generation)
        {
            self.making = None;
            self.show(made.key, made.preview);
        }
    }

    fn show(&mut self, key: PreviewKey, preview: Preview) {
        self.texts = preview.texts;
        self.starts = preview.starts;
        self.sensitive = preview.sensitive;
        self.lines = self.starts.len();
        self.scroll = self.scroll.min(self.lines.saturating_sub(1));
        self.made_from = Some(key);
    }
}

impl<S: SessionStore> App<S> {
    pub(crate) fn update_export(&mut self, action: Action) -> Option<Action> {
        let e = &mut self.outcomes.export;
        match action {
            Action::Left | Action::Right => {
                e.format = if action == Action::Left {
                    e.format.prev()
                } else {
                    e.format.next()
                };
                e.scroll = 0;
                e.written = None;
                let label = e.format.label();
                self.refresh_outcomes();
                self.info(format!("format: {label}"));
            }
            Action::ToggleIncludeSensitive => {
                e.options.include_sensitive = !e.options.include_sensitive;
                e.written = None;
                let on = e.options.include_sensitive;
                self.refresh_outcomes();
                self.info(if on {
                    "sensitive notes INCLUDED in the export"
                } else {
                    "sensitive notes left out"
                });
            }
            Action::ToggleAnonymise => {
                e.options.anonymise = !e.options.anonymise;
                e.written = None;
                let on = e.options.anonymise;
                self.refresh_outcomes();
                self.info(if on {
                    "anonymised: no facilitators' names, tables by letter"
                } else {
                    "not anonymised"
                });
            }
            Action::Up | Action::ScrollUp => e.scroll = e.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                e.scroll = (e.scroll + 1).min(e.lines.saturating_sub(1))
            }
            Action::PageUp => e.scroll = e.scroll.saturating_sub(20),
            Action::PageDown => e.scroll = (e.scroll + 20).min(e.lines.saturating_sub(1)),
            Action::First => e.scroll = 0,
            Action::WriteExport => self.write_export(),
            other => return Some(other),
        }
        None
    }

    /// Asks for the export on screen to be written next to the session file (the effect
    /// asks first when that would replace files an earlier export left, and refuses at once a
    /// target that must never be written over).
    fn write_export(&mut self) {
        self.request_export(false);
    }

    /// The answer "yes" to replacing an earlier export.
    pub(crate) fn write_export_replacing(&mut self) {
        self.request_export(true);
    }

    fn request_export(&mut self, replace: bool) {
        self.refresh_outcomes();
        self.export_text_now();
        let path = self.store().and_then(|s| s.path()).map(|p| p.to_path_buf());
        let Some(session_path) = path else {
            self.warn("this session is only in memory: there is no session file to write next to");
            return;
        };
        let e = &self.outcomes.export;
        let request = WriteExport {
            session_path,
            format: e.format,
            options: e.options,
            texts: e.texts.clone(),
            replace,
        };
        self.effects
            .push(super::app::Effect::WriteExport(Box::new(request)));
    }

    /// The export's text for the session as it is now, made at once if the preview is not
    /// ready (a large session's preview is made on another thread).
    fn export_text_now(&mut self) {
        let mut export = std::mem::take(&mut self.outcomes.export);
        if let Some(session) = self.session() {
            // Made here and now: nothing to ask for.
            let _ = export.rebuild(session, self.store().and_then(|s| s.path()), true);
        }
        self.outcomes.export = export;
    }

    /// What became of an export asked for: "✓ Written" shows only while the format and the
    /// options on screen are those it was written with.
    pub(crate) fn export_written(&mut self, answer: ExportWritten) {
        let e = &self.outcomes.export;
        let current = e.format == answer.format && e.options == answer.options;
        match answer.result {
            Written::Written(path) => {
                self.info(format!("written: {}", path.display()));
                if current {
                    self.outcomes.export.written = Some(path);
                }
            }
            Written::WouldReplace(paths) if current => {
                self.overlay = Some(super::app::Overlay::Confirm(
                    super::app::Question::ReplaceExport(paths),
                ));
            }
            Written::WouldReplace(_) => {
                self.info("not written: the format or options changed meanwhile; w writes again")
            }
            Written::Refused(err) => {
                self.warn(format!("not written, and it will not be replaced: {err}"))
            }
            Written::Failed(err) => self.warn(format!("not written: {err}")),
        }
    }
}

/// An export to write next to a session (an effect: see [`write`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteExport {
    pub session_path: PathBuf,
    pub format: ExportFormat,
    pub options: Options,
    /// (file name inside the folder, text), as shown in the preview.
    pub texts: Vec<(String, String)>,
    /// Replace the files an earlier export left (the facilitator said yes).
    pub replace: bool,
}

/// The answer to a [`WriteExport`], for [`Action::ExportWritten`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportWritten {
    /// The format and options the export was made with.
    pub format: ExportFormat,
    pub options: Options,
    pub result: Written,
}

/// What became of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// The full path of the file or folder written.
    Written(PathBuf),
    /// Files an earlier export left, to be replaced only if the facilitator says yes.
    WouldReplace(Vec<PathBuf>),
    /// A target that must never be written over (a session, or a link to one).
    Refused(String),
    Failed(String),
}

/// Writes an export (the run loop's side of [`WriteExport`]).
pub fn write(request: &WriteExport) -> ExportWritten {
    let WriteExport {
        session_path: path,
        format,
        options,
        texts,
        replace,
    } = request;
    let answer = |result| ExportWritten {
        format: *format,
        options: *options,
        result,
    };
    if !replace {
        let existing = exports::would_replace(path, *format, texts);
        // The never-write rule holds even when the answer would be yes: check it first.
        if let Some(err) = existing
            .iter()
            .find_map(|p| crate::store::output::check(p, true).err())
        {
            return answer(Written::Refused(err.to_string()));
        }
        if !existing.is_empty() {
            return answer(Written::WouldReplace(existing));
        }
    }
    let result = if *format == ExportFormat::CsvAll {
        exports::write_export_folder(path, *format, texts, *replace)
    } else {
        let text = texts.first().map_or("", |(_, t)| t.as_str());
        exports::write_export(path, *format, text, *replace)
    };
    answer(match result {
        Ok(written) => Written::Written(written),
        // Written meanwhile by someone else: ask, as for an earlier export.
        Err(exports::OutputError::Exists { path }) => Written::WouldReplace(vec![path]),
        Err(err) => Written::Failed(err.to_string()),
    })
}
