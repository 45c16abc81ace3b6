//! The review browser as state: what is loaded, selected and filtered, and `update`, which turns
//! actions into new state. Read-only by construction: it holds a [`Library`] and nothing that
//! can write, lock or commit.

use super::keymap::{self, Action, Mode};
use crate::model::{NoteKind, ResponseStatus, Stakeholder};
use crate::review::{
    CrossTheme, Filter, Library, PrincipleComparison, ResponseFilter, ThemeFilter,
};
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
}

impl View {
    pub const ALL: [View; 5] = [
        View::Sessions,
        View::Notes,
        View::Provenance,
        View::Compare,
        View::Themes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Sessions => "Sessions",
            View::Notes => "Notes",
            View::Provenance => "Provenance",
            View::Compare => "Compare",
            View::Themes => "Themes",
        }
    }

    fn index(self) -> usize {
        View::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// Which text field is being typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Search,
    Tag,
    Theme,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Search => "search",
            Field::Tag => "tag",
            Field::Theme => "theme",
        }
    }
}

/// Text being typed; the filter follows it key by key, and Esc puts `before` back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    pub field: Field,
    pub text: String,
    before: Filter,
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

/// Cross-workshop themes: not asked for yet, being found, or found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Themes {
    NotRun,
    Running {
        generation: u64,
        notes: usize,
        progress: String,
    },
    Found {
        generation: u64,
        /// Notes clustered, and how many the filters selected.
        notes: usize,
        of: usize,
        themes: Vec<CrossTheme>,
    },
}

/// At most this many notes are clustered for cross-workshop themes (an even sample beyond).
pub const MOST_NOTES_CLUSTERED: usize = 5_000;

/// Work the run loop does for the app on another thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Cluster these rows; report back with [`ReviewApp::themes_found`] and `generation`.
    FindThemes { generation: u64, rows: Vec<usize> },
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

    pub fn theme_count(&self) -> usize {
        match &self.themes {
            Themes::Found { themes, .. } => themes.len(),
            _ => 0,
        }
    }

    /// The active modes, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        if self.help.is_some() {
            return vec![Mode::Help];
        }
        if self.typing.is_some() {
            return vec![Mode::Typing];
        }
        let own = match self.view {
            View::Sessions => Mode::Sessions,
            View::Notes => Mode::Notes,
            View::Provenance => Mode::Provenance,
            View::Compare => Mode::Compare,
            View::Themes => Mode::Themes,
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
                    if modes == [Mode::Typing]
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
            Action::ToggleSession => {
                let at = self.sessions.at;
                if let Some(s) = self.selected.get_mut(at) {
                    *s = !*s;
                    self.refilter();
                }
            }
            Action::ToggleAllSessions => {
                let all = self.selected.iter().all(|s| *s);
                self.selected.iter_mut().for_each(|s| *s = !all);
                self.refilter();
            }
            Action::OpenNotes => self.show(View::Notes),
            Action::Search => self.start_typing(Field::Search),
            Action::TypeTag => self.start_typing(Field::Tag),
            Action::TypeTheme => self.start_typing(Field::Theme),
            Action::NextPrinciple | Action::PrevPrinciple => {
                // Through each framework's own principles, by key: the first principles of
                // two different frameworks are two steps of this cycle, not one.
                let keys: Vec<String> = self.library.as_ref().map_or_else(Vec::new, |l| {
                    l.principle_keys().into_iter().map(String::from).collect()
                });
                let n = keys.len();
                let cur = self
                    .filter
                    .principle
                    .as_ref()
                    .and_then(|p| keys.iter().position(|k| k == p))
                    .map_or(0, |i| i + 1);
                let next = if action == Action::NextPrinciple {
                    (cur + 1) % (n + 1)
                } else {
                    (cur + n) % (n + 1)
                };
                self.filter.principle = next.checked_sub(1).map(|i| keys[i].clone());
                self.refilter();
            }
            Action::CycleStakeholder => {
                self.filter.stakeholder = cycle(&Stakeholder::ALL, self.filter.stakeholder);
                self.refilter();
            }
            Action::CycleKind => {
                self.filter.kind = cycle(&NoteKind::ALL, self.filter.kind);
                self.refilter();
            }
            Action::CycleResponse => {
                const ORDER: [ResponseFilter; 5] = [
                    ResponseFilter::None,
                    ResponseFilter::Any,
                    ResponseFilter::Status(ResponseStatus::Open),
                    ResponseFilter::Status(ResponseStatus::InProgress),
                    ResponseFilter::Status(ResponseStatus::Done),
                ];
                self.filter.response = cycle(&ORDER, self.filter.response);
                self.refilter();
            }
            Action::ToggleSensitive => {
                self.filter.include_sensitive = !self.filter.include_sensitive;
                self.refilter();
            }
            Action::ClearFilters => {
                let keep = self.filter.include_sensitive;
                self.filter = Filter {
                    include_sensitive: keep,
                    ..Filter::default()
                };
                self.refilter();
            }
            Action::OpenProvenance => {
                if let Some(&row) = self.rows.get(self.notes.at) {
                    self.provenance = Some(row);
                    self.view = View::Provenance;
                }
            }
            Action::FindThemes => self.find_themes(),
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

    fn start_typing(&mut self, field: Field) {
        let text = match field {
            Field::Search => self.filter.search.clone(),
            Field::Tag => self.filter.tag.clone().unwrap_or_default(),
            Field::Theme => match &self.filter.theme {
                Some(ThemeFilter::Label(l)) => l.clone(),
                Some(ThemeFilter::Unthemed) => "none".into(),
                None => String::new(),
            },
        };
        self.typing = Some(Typing {
            field,
            text,
            before: self.filter.clone(),
        });
        if self.view != View::Notes {
            self.view = View::Notes;
        }
    }

    fn update_typing(&mut self, action: Action) {
        let Some(typing) = self.typing.as_mut() else {
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Cancel => {
                let before = typing.before.clone();
                self.typing = None;
                if before != self.filter {
                    self.filter = before;
                    self.refilter();
                }
                return;
            }
            Action::Submit => {
                self.typing = None;
                return;
            }
            Action::Backspace => {
                typing.text.pop();
            }
            Action::Type(c) => typing.text.push(c),
            _ => return,
        }
        let (field, text) = (typing.field, typing.text.clone());
        match field {
            Field::Search => self.filter.search = text,
            Field::Tag => self.filter.tag = Some(text).filter(|t| !t.trim().is_empty()),
            Field::Theme => {
                self.filter.theme = if text.trim().is_empty() {
                    None
                } else if text.trim().eq_ignore_ascii_case("none") {
                    Some(ThemeFilter::Unthemed)
                } else {
                    Some(ThemeFilter::Label(text))
                }
            }
        }
        self.refilter();
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
                _ => {}
            }
        }
    }

    /// A principle filter as shown: its number and title in the first framework that has it
    /// (`1 Person-centred, place-based`), or what was asked for when no framework has it.
    pub fn principle_label(&self, wanted: &str) -> String {
        let Some(library) = self.library.as_ref() else {
            return wanted.to_string();
        };
        match library
            .resolve_principle(wanted, None)
            .ok()
            .and_then(|key| library.principle_label(&key))
        {
            Some((n, title)) => format!("{n} {title}"),
            None => wanted.to_string(),
        }
    }

    /// Runs the filter again (a keystroke's work: the library's filter and nothing per note).
    fn refilter(&mut self) {
        let Some(library) = &self.library else {
            return;
        };
        self.filter.sessions = if self.selected.iter().all(|s| *s) {
            None
        } else {
            Some(
                self.selected
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s)
                    .map(|(i, _)| i)
                    .collect(),
            )
        };
        let rows = library.filter(&self.filter);
        self.filter.sessions = None;
        // Keep the cursor on the same note when it is still there.
        let current = self.rows.get(self.notes.at).copied();
        self.rows = rows;
        self.notes.at = current
            .and_then(|r| self.rows.binary_search(&r).ok())
            .unwrap_or(0);
        self.notes.clamp(self.rows.len(), self.page());
        self.generation += 1;
        self.compare = None;
        self.prepare();
    }

    /// Computes what the current view needs (outside drawing, which stays pure and cheap).
    fn prepare(&mut self) {
        if self.view == View::Compare
            && self.compare.is_none()
            && let Some(library) = &self.library
        {
            self.compare = Some(library.compare(&self.rows));
        }
    }

    /// Asks the run loop to cluster the selected notes (an even sample when there are many).
    fn find_themes(&mut self) {
        if self.library.is_none() {
            return;
        }
        let rows: Vec<usize> = if self.rows.len() <= MOST_NOTES_CLUSTERED {
            self.rows.clone()
        } else {
            (0..MOST_NOTES_CLUSTERED)
                .map(|i| self.rows[i * self.rows.len() / MOST_NOTES_CLUSTERED])
                .collect()
        };
        self.themes = Themes::Running {
            generation: self.generation,
            notes: rows.len(),
            progress: "starting".into(),
        };
        self.effects.push(Effect::FindThemes {
            generation: self.generation,
            rows,
        });
    }

    /// How far the clustering has got.
    pub fn themes_progress(&mut self, generation: u64, text: String) {
        if let Themes::Running {
            generation: g,
            progress,
            ..
        } = &mut self.themes
            && *g == generation
        {
            *progress = text;
        }
    }

    /// The clustering's result for the rows of `generation`.
    pub fn themes_found(&mut self, generation: u64, themes: Vec<CrossTheme>) {
        let Themes::Running {
            generation: g,
            notes,
            ..
        } = &self.themes
        else {
            return;
        };
        if *g != generation {
            return; // an older run, overtaken by a newer one
        }
        self.themes = Themes::Found {
            generation,
            notes: *notes,
            of: self.rows.len().max(*notes),
            themes,
        };
        self.themes_cursor = Cursor::default();
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

/// The next value of an optional filter: none → first → … → last → none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// The run loop's clustering job: themes across workshops among `rows`.
pub fn find_themes(
    library: &Library,
    rows: &[usize],
    progress: &mut dyn FnMut(crate::cluster::Progress),
) -> Vec<CrossTheme> {
    let finder = crate::review::Clustered::default().with_progress(progress);
    library.cross_themes(rows, &finder)
}

/// Words for a clustering progress report.
pub fn describe(progress: crate::cluster::Progress) -> String {
    use crate::cluster::Progress as P;
    match progress {
        P::Reading { done, total } => format!("reading notes {done} of {total}"),
        P::Choosing { tried, of } => format!("choosing the number of themes ({tried} of {of})"),
        P::Grouping { themes } => format!("grouping into {themes} themes"),
        P::Labelling => "naming the themes".into(),
    }
}
