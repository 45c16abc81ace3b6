//! The review browser as state: what is loaded, selected and filtered, and `update`, which turns
//! actions into new state. Read-only by construction: it holds a [`Library`] and nothing that
//! can write, lock or commit.
//!
//! This file holds the state, the views and moving between and within them; choosing what the
//! views cover is in `filters`, and clustering themes across workshops in `themes`.

mod export;
mod filters;
mod promises;
mod themes;

pub use export::{Choice, Exporting, Job, write as write_export};
pub use filters::{Field, Typing};
pub use promises::Promises;
pub use themes::{MOST_NOTES_CLUSTERED, Themes, describe, find_themes};

use super::keymap::{self, Action, Mode};
use crate::review::{Filter, Library, PrincipleComparison};
use crate::tui::palette::{Palette, Preset};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The views, in Tab order (and number-key order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Sessions,
    Notes,
    Provenance,
    Compare,
    Themes,
    Promises,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Sessions,
        View::Notes,
        View::Provenance,
        View::Compare,
        View::Themes,
        View::Promises,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Sessions => "Sessions",
            View::Notes => "Notes",
            View::Provenance => "Provenance",
            View::Compare => "Compare",
            View::Themes => "Themes",
            View::Promises => "Promises",
        }
    }

    fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// A cursor in a list and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub at: usize,
    pub offset: usize,
}

impl Cursor {
    fn moved(&mut self, delta: isize, len: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        self.at = (self.at as isize + delta).clamp(0, len as isize - 1) as usize;
    }

    /// Keeps the cursor inside `len` rows and the window of `page` rows around it.
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.at = self.at.min(len.saturating_sub(1));
        if self.at < self.offset {
            self.offset = self.at;
        } else if self.at >= self.offset + page {
            self.offset = self.at + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }
}

/// Loading on the worker thread, for the gauge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loading {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

/// Work the run loop does for the app on another thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Cluster these rows; report back with [`ReviewApp::themes_found`] and `generation`.
    FindThemes { generation: u64, rows: Vec<usize> },
    /// Write an export; report back with [`ReviewApp::exported`].
    Export(Job),
    /// Read the sessions again; report back with [`ReviewApp::reloaded`].
    Reload,
}

/// What the last frame drew where, for the mouse and for paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    pub tabs: Vec<(Rect, View)>,
    /// The list of the current view, its first row's index, and rows visible.
    pub list: Option<(Rect, usize)>,
    pub page: usize,
    pub help_max_scroll: u16,
}

/// The review browser.
pub struct ReviewApp {
    pub library: Option<Arc<Library>>,
    pub loading: Loading,
    /// Paths are shown relative to this folder.
    pub root: Option<PathBuf>,
    pub palette: Palette,
    pub view: View,
    pub help: Option<u16>,
    pub typing: Option<Typing>,
    /// The export chooser (`X`), while open.
    pub exporting: Option<Exporting>,
    pub filter: Filter,
    /// Which sessions are selected (all at first).
    pub selected: Vec<bool>,
    /// The rows (indices into `Library::rows`) the filter lets through, in order.
    pub rows: Vec<usize>,
    pub sessions: Cursor,
    pub notes: Cursor,
    pub themes_cursor: Cursor,
    pub compare_scroll: usize,
    /// The note whose provenance is shown (an index into `Library::rows`).
    pub provenance: Option<usize>,
    /// Each principle compared, over `rows`; computed when the view is shown.
    pub compare: Option<Vec<PrincipleComparison>>,
    pub themes: Themes,
    /// Every promise across the selected sessions; built when the Promises view is shown.
    pub promises: Option<Promises>,
    pub promises_cursor: Cursor,
    /// The Promises view lists only those not done or dropped.
    pub open_only: bool,
    /// The day promises are counted overdue on (today; fixed in tests).
    pub today: jiff::civil::Date,
    /// Bumped whenever `rows` changes.
    pub generation: u64,
    pub message: Option<String>,
    pub drawn: Drawn,
    quit: bool,
    effects: Vec<Effect>,
}

impl ReviewApp {
    /// A browser waiting for its library (loading on another thread).
    pub fn loading(root: Option<PathBuf>, filter: Filter, preset: Preset) -> ReviewApp {
        ReviewApp {
            library: None,
            loading: Loading::default(),
            root,
            palette: Palette::new(preset),
            view: View::Sessions,
            help: None,
            typing: None,
            exporting: None,
            filter,
            selected: Vec::new(),
            rows: Vec::new(),
            sessions: Cursor::default(),
            notes: Cursor::default(),
            themes_cursor: Cursor::default(),
            compare_scroll: 0,
            provenance: None,
            compare: None,
            themes: Themes::NotRun,
            promises: None,
            promises_cursor: Cursor::default(),
            open_only: false,
            today: jiff::Zoned::now().date(),
            generation: 0,
            message: None,
            drawn: Drawn::default(),
            quit: false,
            effects: Vec::new(),
        }
    }

    /// A browser on a library already loaded.
    pub fn new(library: Library, root: Option<PathBuf>, preset: Preset) -> ReviewApp {
        let mut app = ReviewApp::loading(root, Filter::default(), preset);
        app.loaded(library);
        app
    }

    pub fn progress(&mut self, loading: Loading) {
        self.loading = loading;
    }

    /// The library has been read: select every session, apply the filter. A filter from the
    /// command line that names something no session has (or a principle number that means
    /// different principles in different frameworks) is dropped, and the message says why.
    pub fn loaded(&mut self, library: Library) {
        let mut problems = Vec::new();
        while let Err(problem) = library.check(&self.filter) {
            problem.clear(&mut self.filter);
            problems.push(problem.to_string());
        }
        if !problems.is_empty() {
            self.message = Some(format!("filter dropped: {}", problems.join(" · ")));
        }
        self.selected = vec![true; library.sessions().len()];
        self.library = Some(Arc::new(library));
        if let Some(list) = self.filter.sessions.take() {
            self.selected.iter_mut().for_each(|s| *s = false);
            for i in list {
                if let Some(s) = self.selected.get_mut(i) {
                    *s = true;
                }
            }
        }
        self.refilter();
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn set_drawn(&mut self, drawn: Drawn) {
        if let Some(s) = self.help.as_mut() {
            *s = (*s).min(drawn.help_max_scroll);
        }
        self.drawn = drawn;
        let page = self.page();
        match self.view {
            View::Sessions => self.sessions.clamp(self.session_count(), page),
            View::Notes => self.notes.clamp(self.rows.len(), page),
            View::Themes => self.themes_cursor.clamp(self.theme_count(), page),
            View::Promises => {
                let len = self.promise_threads().len();
                self.promises_cursor.clamp(len, page)
            }
            _ => {}
        }
    }

    fn page(&self) -> usize {
        if self.drawn.page == 0 {
            10
        } else {
            self.drawn.page
        }
    }

    pub fn session_count(&self) -> usize {
        self.library.as_ref().map_or(0, |l| l.sessions().len())
    }

    /// The active modes, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        if self.help.is_some() {
            return vec![Mode::Help];
        }
        if self.typing.is_some() {
            return vec![Mode::Typing];
        }
        if self.exporting.is_some() {
            return vec![Mode::Export];
        }
        let own = match self.view {
            View::Sessions => Mode::Sessions,
            View::Notes => Mode::Notes,
            View::Provenance => Mode::Provenance,
            View::Compare => Mode::Compare,
            View::Themes => Mode::Themes,
            View::Promises => Mode::Promises,
        };
        vec![own, Mode::Browse]
    }

    /// A key press; releases and repeats are ignored.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        let modes = self.modes();
        let action = keymap::action_for(&modes, &key).or_else(|| {
            use ratatui::crossterm::event::{KeyCode, KeyModifiers};
            match key.code {
                KeyCode::Char(c)
                    if (modes == [Mode::Typing] || modes == [Mode::Export])
                        && !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    Some(Action::Type(c))
                }
                _ => None,
            }
        });
        if let Some(a) = action {
            self.update(a);
        }
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => self.update(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollUp => self.update(Action::ScrollUp),
            MouseEventKind::ScrollDown => self.update(Action::ScrollDown),
            _ => {}
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        if self.help.is_some() {
            self.update_help(action);
            return;
        }
        if self.typing.is_some() {
            self.update_typing(action);
            return;
        }
        if self.exporting.is_some() {
            self.update_export(action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = Some(0),
            Action::Cancel => self.cancel(),
            Action::NextView => self.show(View::ALL[(self.view.index() + 1) % View::ALL.len()]),
            Action::PrevView => {
                self.show(View::ALL[(self.view.index() + View::ALL.len() - 1) % View::ALL.len()])
            }
            Action::ShowView(i) => {
                if let Some(v) = View::ALL.get(i) {
                    self.show(*v)
                }
            }
            Action::CycleColours => {
                let next = self.palette.preset.next();
                self.palette = Palette::new(next);
                self.message = Some(format!("colours: {}", next.label()));
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::ScrollUp => self.move_by(-3),
            Action::ScrollDown => self.move_by(3),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_by(isize::MAX / 2),
            Action::ToggleSession
            | Action::ToggleAllSessions
            | Action::NextPrinciple
            | Action::PrevPrinciple
            | Action::CycleStakeholder
            | Action::CycleKind
            | Action::CycleResponse
            | Action::ToggleSensitive
            | Action::ClearFilters => self.change_filter(action),
            Action::OpenNotes => self.show(View::Notes),
            Action::Search => self.start_typing(Field::Search),
            Action::TypeTag => self.start_typing(Field::Tag),
            Action::TypeTheme => self.start_typing(Field::Theme),
            Action::OpenProvenance => {
                if let Some(&row) = self.rows.get(self.notes.at) {
                    self.provenance = Some(row);
                    self.view = View::Provenance;
                }
            }
            Action::FindThemes => self.find_themes(),
            Action::ToggleOpenOnly => self.toggle_open_only(),
            Action::Export => self.start_export(),
            Action::Reload => self.reload(),
            Action::NextFormat | Action::PrevFormat => {}
            Action::Click { column, row } => self.click(column, row),
            Action::Submit | Action::Backspace | Action::Type(_) => {}
        }
        self.prepare();
    }

    fn update_help(&mut self, action: Action) {
        let scroll = self.help.unwrap_or(0);
        let page = self.page() as u16;
        self.help = match action {
            Action::Cancel | Action::Help => None,
            Action::Quit => {
                self.quit = true;
                None
            }
            Action::Up | Action::ScrollUp => Some(scroll.saturating_sub(1)),
            Action::Down | Action::ScrollDown => Some(scroll.saturating_add(1)),
            Action::PageUp => Some(scroll.saturating_sub(page)),
            Action::PageDown => Some(scroll.saturating_add(page)),
            _ => Some(scroll),
        };
        if let Some(s) = self.help.as_mut()
            && self.drawn.help_max_scroll > 0
        {
            *s = (*s).min(self.drawn.help_max_scroll);
        }
    }

    fn cancel(&mut self) {
        match self.view {
            View::Provenance => self.view = View::Notes,
            View::Notes if !self.filter.search.is_empty() => {
                self.filter.search.clear();
                self.refilter();
            }
            _ => {}
        }
    }

    fn show(&mut self, view: View) {
        self.view = view;
        if view == View::Provenance && self.provenance.is_none() {
            self.provenance = self.rows.get(self.notes.at).copied();
        }
        if view == View::Themes && self.themes == Themes::NotRun {
            self.find_themes();
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.view {
            View::Sessions => self.sessions.moved(delta, self.session_count()),
            View::Notes => self.notes.moved(delta, self.rows.len()),
            View::Themes => self.themes_cursor.moved(delta, self.theme_count()),
            View::Promises => {
                let len = self.promise_threads().len();
                self.promises_cursor.moved(delta, len)
            }
            View::Compare => {
                self.compare_scroll =
                    (self.compare_scroll as isize).saturating_add(delta).max(0) as usize;
            }
            View::Provenance => {
                // The previous or next note of the list.
                let Some(row) = self.provenance else { return };
                let at = self.rows.binary_search(&row).unwrap_or_else(|i| i);
                let mut c = Cursor { at, offset: 0 };
                c.moved(delta.signum(), self.rows.len());
                if let Some(&r) = self.rows.get(c.at) {
                    self.provenance = Some(r);
                    self.notes.at = c.at;
                }
            }
        }
        let page = self.page();
        self.sessions.clamp(self.session_count(), page);
        self.notes.clamp(self.rows.len(), page);
        self.themes_cursor.clamp(self.theme_count(), page);
        let len = self.promise_threads().len();
        self.promises_cursor.clamp(len, page);
    }

    fn click(&mut self, column: u16, row: u16) {
        let hit = |r: &Rect| {
            column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
        };
        if let Some((_, view)) = self.drawn.tabs.iter().find(|(r, _)| hit(r)) {
            let view = *view;
            self.show(view);
            return;
        }
        if let Some((area, first)) = self.drawn.list
            && hit(&area)
        {
            let index = first + (row - area.y) as usize;
            match self.view {
                View::Sessions if index < self.session_count() => self.sessions.at = index,
                View::Notes if index < self.rows.len() => {
                    if self.notes.at == index {
                        self.update(Action::OpenProvenance);
                    }
                    self.notes.at = index;
                }
                View::Themes if index < self.theme_count() => self.themes_cursor.at = index,
                View::Promises if index < self.promise_threads().len() => {
                    self.promises_cursor.at = index
                }
                _ => {}
            }
        }
    }

    /// Computes what the current view needs (outside drawing, which stays pure and cheap).
    fn prepare(&mut self) {
        if self.view == View::Compare
            && self.compare.is_none()
            && let Some(library) = &self.library
        {
            self.compare = Some(library.compare(&self.rows));
        }
        self.prepare_promises();
    }

    /// A path as shown: relative to the folder the review was started on.
    pub fn short_path(&self, path: &Path) -> String {
        match &self.root {
            Some(root) => path
                .strip_prefix(root)
                .ok()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(path)
                .display()
                .to_string(),
            None => path.display().to_string(),
        }
    }
}
