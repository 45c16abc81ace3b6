//! The facilitator's screen as state: what is shown and selected, and `update`, which turns
//! actions into committed changes (durable first) and keeps what the disk refused until it takes it.

use super::action::Action;
use super::board::{BoardIndex, Group};
use super::keymap::{self, Mode};
use super::palette::{Palette, Preset};
use super::start::{Opener, StartFocus, StartState};
use super::themes::{ThemesOverlay, ThemesState};
use super::timer::Timer;
use crate::model::{Change, History, Note, NoteId, NoteKind, Session, Table};
use crate::store::SessionStore;
use crate::store::config::Config;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};
use std::collections::VecDeque;
use std::time::Duration;

// Themes and voting: their side of `update` lives in a child module, to reach the commit path.
mod sorting;

/// Lets the app hold any store behind a box (the real screen) or a concrete one (tests).
impl SessionStore for Box<dyn SessionStore> {
    fn session(&self) -> &Session {
        (**self).session()
    }
    fn commit(&mut self, change: Change) -> Result<Option<Change>, crate::store::CommitError> {
        (**self).commit(change)
    }
    fn save(&mut self) -> Result<(), crate::store::CommitError> {
        (**self).save()
    }
    fn label(&self) -> String {
        (**self).label()
    }
    fn read_only(&self) -> bool {
        (**self).read_only()
    }
    fn path(&self) -> Option<&std::path::Path> {
        (**self).path()
    }
}

/// The views of a session, plus the start screen before one is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Start,
    Step,
    Board,
    // Themes and voting
    Themes,
    Voting,
    // Outcomes
    Recommendations,
    /// "You said / We did".
    Responses,
    Export,
}

impl View {
    /// The views of a session, in the order Tab goes through them.
    pub const SESSION_VIEWS: [View; 7] = [
        View::Step,
        View::Board,
        View::Themes,
        View::Voting,
        View::Recommendations,
        View::Responses,
        View::Export,
    ];

    /// The next (or previous) view of a session.
    pub fn cycle(self, forward: bool) -> View {
        let all = View::SESSION_VIEWS;
        let i = all.iter().position(|v| *v == self).unwrap_or(0);
        let n = all.len();
        all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// Something drawn over the view.
#[derive(Debug)]
pub enum Overlay {
    Help,
    /// The calm screen: break timer, no notes.
    Pause,
    /// One card, full size.
    Card(NoteId),
    /// Choosing the table to move `note` to; `table` is the one highlighted.
    PickTable {
        note: NoteId,
        table: usize,
    },
    /// Typing the timer's minutes.
    Prompt(Box<TextArea<'static>>),
    Confirm(Question),
    // Themes and voting
    Themes(ThemesOverlay),
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Quit although something would be lost (the reason says what).
    Quit(String),
    /// Add one note per pasted line.
    PasteLines(Vec<String>),
    /// Replace the files an earlier export left (listed) with the export on screen.
    ReplaceExport(Vec<std::path::PathBuf>),
}

impl Question {
    pub fn text(&self) -> String {
        match self {
            Question::Quit(reason) => format!("{reason} Quit anyway? y/n"),
            Question::PasteLines(lines) => {
                format!("Add {} notes, one per line? y/n", lines.len())
            }
            Question::ReplaceExport(paths) => {
                let names: Vec<String> = paths
                    .iter()
                    .map(|p| {
                        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                        crate::terminal_text::one_line(&name.unwrap_or_default()).into_owned()
                    })
                    .collect();
                match names.as_slice() {
                    [one] => format!("{one} is already there. Replace it? y/n"),
                    several => format!(
                        "{} are already there. Replace them? y/n",
                        several.join(", ")
                    ),
                }
            }
        }
    }
}

/// How a message on the status line should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
}

/// Whether the session's changes are on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Every change is durable.
    Saved,
    /// Changes are waiting to be written.
    Saving(usize),
    /// The disk refused; `waiting` changes are kept and retried.
    Refused {
        message: String,
        waiting: usize,
    },
    ReadOnly,
    /// No session is open.
    None,
}

/// Things the run loop does for the app (the app itself does no terminal or config I/O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Bell,
    SaveConfig(Config),
}

/// What a click landed on, recorded by the last draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Card(NoteId),
    Table(usize),
    Step(usize),
    StartItem(usize),
    // Themes and voting
    /// A column of the themes view (by position).
    ThemeColumn(usize),
    /// A cell of the voting grid: theme row, table position.
    VoteCell {
        row: usize,
        table: usize,
    },
    /// A row of the suggestions preview or of the similar notes.
    ListRow(usize),
}

/// The note input: a text area, and which note it edits (none: a new note).
#[derive(Debug)]
pub struct Capture {
    pub open: bool,
    pub text: TextArea<'static>,
    pub editing: Option<NoteId>,
    /// The kind and marks the note being edited will be saved with (the keys that set them for
    /// a new note change these while editing).
    pub marks: Marks,
}

/// A note's kind and marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    pub kind: NoteKind,
    pub lived: bool,
    pub sensitive: bool,
}

impl Default for Marks {
    fn default() -> Self {
        Marks {
            kind: NoteKind::Comment,
            lived: false,
            sensitive: false,
        }
    }
}

/// Where a change waiting for the disk came from, to show it on screen meanwhile.
pub type Pending = Change;

/// Cards per column the last frame could show (used to page and scroll).
pub const DEFAULT_ROWS: usize = 6;

/// The whole screen's state.
pub struct App<S: SessionStore> {
    store: Option<S>,
    opener: Box<dyn Opener<S>>,
    history: History,
    pending: VecDeque<Pending>,
    disk_error: Option<String>,

    pub view: View,
    pub overlay: Option<Overlay>,
    pub capture: Capture,
    pub start: StartState,
    /// The step shown (a position in the framework).
    pub step: usize,
    /// The table the next note goes to (a position in `session.tables`).
    pub table: usize,
    pub kind: NoteKind,
    pub lived: bool,
    pub sensitive: bool,
    pub selected: Option<NoteId>,
    pub board: BoardIndex,
    pub group: Group,
    /// (column, row) of the selection on the board.
    pub cursor: (usize, usize),
    /// First card row shown.
    pub top: usize,
    /// Rows of cards visible in the last frame.
    pub rows_visible: usize,
    pub face_down: bool,
    pub show_sensitive: bool,
    /// The last frame was too small to show anything but "enlarge the window".
    too_small: bool,
    pub show_guidance: bool,
    pub timer: Timer,
    pub break_timer: Timer,
    pub bell: bool,
    signalled: bool,
    pub palette: Palette,
    pub help_scroll: u16,
    pub message: Option<(String, Level)>,
    /// Monotonic time since start (from ticks).
    pub now: Duration,
    /// Clock time (from ticks), stamped on notes.
    pub wall: Timestamp,
    pub tz: TimeZone,
    quit: bool,
    // Themes and voting
    pub themes: ThemesState,
    effects: Vec<Effect>,
    hits: Vec<(Rect, Target)>,
    config: Config,
    // Outcomes
    pub outcomes: super::outcomes::Outcomes,
}

fn new_textarea(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(placeholder);
    t.set_cursor_line_style(ratatui::style::Style::new());
    t
}

/// A text area holding `text`, with the cursor at the end.
pub fn textarea_with(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.lines().map(String::from).collect());
    t.set_placeholder_text(placeholder);
    t.set_cursor_line_style(ratatui::style::Style::new());
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

/// The text of a text area, lines joined.
pub fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("\n")
}

impl<S: SessionStore> App<S> {
    /// An app on the start screen.
    pub fn new(opener: Box<dyn Opener<S>>, config: Config, preset: Preset) -> App<S> {
        let recent = opener.recent();
        let mut start = StartState::new(recent);
        start.set_frameworks(opener.frameworks());
        App {
            store: None,
            opener,
            history: History::default(),
            pending: VecDeque::new(),
            disk_error: None,
            view: View::Start,
            overlay: None,
            capture: Capture {
                marks: Marks::default(),
                open: false,
                text: new_textarea("type a note; q: i: b: c: … set the kind"),
                editing: None,
            },
            start,
            step: 0,
            table: 0,
            kind: NoteKind::Comment,
            lived: false,
            sensitive: false,
            selected: None,
            board: BoardIndex::default(),
            group: Group::Table,
            cursor: (0, 0),
            top: 0,
            rows_visible: DEFAULT_ROWS,
            face_down: false,
            show_sensitive: false,
            too_small: false,
            show_guidance: false,
            timer: Timer::default(),
            break_timer: Timer::from_minutes(Some(5)),
            bell: config.bell,
            signalled: false,
            palette: Palette::new(preset),
            help_scroll: 0,
            message: None,
            now: Duration::ZERO,
            wall: Timestamp::UNIX_EPOCH,
            tz: TimeZone::system(),
            quit: false,
            themes: ThemesState::default(),
            effects: Vec::new(),
            hits: Vec::new(),
            config,
            // Outcomes
            outcomes: Default::default(),
        }
    }

    /// An app with `store` already open, at the step the session was left on.
    pub fn with_store(
        store: S,
        opener: Box<dyn Opener<S>>,
        config: Config,
        preset: Preset,
    ) -> App<S> {
        let mut app = App::new(opener, config, preset);
        app.open_store(store);
        app
    }

    /// Sets the clock before anything is shown (tests use a fixed one).
    pub fn set_clock(&mut self, now: Duration, wall: Timestamp, tz: TimeZone) {
        self.now = now;
        self.wall = wall;
        self.tz = tz;
        self.start
            .set_today(self.wall.to_zoned(self.tz.clone()).date());
    }

    fn open_store(&mut self, store: S) {
        let session = store.session();
        self.step = session
            .framework
            .step_index(&session.current_step().id)
            .unwrap_or(0);
        self.timer = Timer::from_minutes(session.framework.steps[self.step].minutes);
        self.table = 0;
        self.selected = None;
        self.history = History::default();
        self.pending.clear();
        self.disk_error = None;
        if store.read_only() {
            self.message = Some((
                format!(
                    "{} is open read-only: nothing can be changed",
                    store.label()
                ),
                Level::Warning,
            ));
        }
        self.store = Some(store);
        self.view = View::Step;
        self.overlay = None;
        self.after_change();
    }

    pub fn session(&self) -> Option<&Session> {
        self.store.as_ref().map(|s| s.session())
    }

    pub fn store(&self) -> Option<&S> {
        self.store.as_ref()
    }

    pub fn store_mut(&mut self) -> Option<&mut S> {
        self.store.as_mut()
    }

    /// Takes the store out (on quit, to save it).
    pub fn into_store(self) -> Option<S> {
        self.store
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Where things were drawn, for mouse clicks (set by the run loop after each draw).
    pub fn set_hits(&mut self, hits: Vec<(Rect, Target)>, rows_visible: usize) {
        self.hits = hits;
        if rows_visible > 0 {
            self.rows_visible = rows_visible;
        }
    }

    /// What the last frame drew: click targets, rows of cards, how far the help scrolls.
    pub fn set_drawn(&mut self, drawn: super::screens::Drawn) {
        if matches!(self.overlay, Some(Overlay::Help)) {
            self.help_scroll = self.help_scroll.min(drawn.help_max_scroll);
        }
        self.too_small = drawn.too_small;
        self.set_hits(drawn.hits, drawn.rows_visible);
    }

    pub fn pending(&self) -> impl Iterator<Item = &Change> {
        self.pending.iter()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn save_state(&self) -> SaveState {
        let Some(store) = &self.store else {
            return SaveState::None;
        };
        if store.read_only() {
            return SaveState::ReadOnly;
        }
        match (&self.disk_error, self.pending.len()) {
            (_, 0) => SaveState::Saved,
            (Some(message), waiting) => SaveState::Refused {
                message: message.clone(),
                waiting,
            },
            (None, waiting) => SaveState::Saving(waiting),
        }
    }

    /// The keymap modes active now, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        match &self.overlay {
            Some(Overlay::Help) => vec![Mode::Help],
            Some(Overlay::Pause) => vec![Mode::Pause],
            Some(Overlay::Card(_)) => vec![Mode::Card],
            Some(Overlay::PickTable { .. }) => vec![Mode::PickTable],
            Some(Overlay::Prompt(_)) => vec![Mode::Prompt],
            Some(Overlay::Confirm(_)) => vec![Mode::Confirm],
            Some(Overlay::Themes(o)) => sorting::overlay_modes(o),
            None => match self.view {
                View::Start => match self.start.focus {
                    StartFocus::List => vec![Mode::Start],
                    StartFocus::Form => vec![Mode::StartForm],
                    StartFocus::Open => vec![Mode::StartOpen],
                },
                _ if self.capture.open => vec![Mode::Input],
                View::Step => vec![Mode::Step, Mode::Session],
                View::Board => vec![Mode::Board, Mode::Session],
                View::Themes | View::Voting => self.sorting_modes(),
                // Outcomes
                View::Recommendations | View::Responses | View::Export => self.outcome_modes(),
            },
        }
    }

    /// A key press from the terminal. Releases and repeats are ignored (Windows sends both).
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        let action = keymap::action_for(&self.modes(), &key).unwrap_or(Action::Type(key));
        // Nothing can be seen below the minimum size: only quitting works until it is enlarged.
        if self.too_small && action != Action::Quit {
            return;
        }
        self.update(action);
    }

    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        if self.too_small {
            return;
        }
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

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Info));
    }

    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Warning));
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if let Action::Tick { mono, wall } = action {
            self.now = mono;
            self.wall = wall;
            if !self.pending.is_empty() {
                self.retry_pending();
            }
            self.check_signal();
            self.poll_job();
            self.outcomes.export.poll();
            return;
        }
        // Outcomes: their views, and the keys that open them from any view of the session.
        let Some(action) = self.update_outcomes(action) else {
            return;
        };
        if let Action::Paste(text) = action {
            self.paste(text);
            return;
        }
        match self.overlay.take() {
            Some(overlay) => self.update_overlay(overlay, action),
            None if self.view == View::Start => self.update_start(action),
            None if sorting::handles(self.view, &action) => self.update_sorting(action),
            None => self.update_session(action),
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match overlay {
            Overlay::Help => match action {
                Action::CloseOverlay | Action::Help => self.help_scroll = 0,
                Action::Up | Action::ScrollUp => {
                    self.help_scroll = self.help_scroll.saturating_sub(1);
                    self.overlay = Some(Overlay::Help);
                }
                Action::Down | Action::ScrollDown => {
                    self.help_scroll = self.help_scroll.saturating_add(1);
                    self.overlay = Some(Overlay::Help);
                }
                Action::PageUp => {
                    self.help_scroll = self.help_scroll.saturating_sub(10);
                    self.overlay = Some(Overlay::Help);
                }
                Action::PageDown => {
                    self.help_scroll = self.help_scroll.saturating_add(10);
                    self.overlay = Some(Overlay::Help);
                }
                _ => self.overlay = Some(Overlay::Help),
            },
            Overlay::Pause => {
                match action {
                    Action::Pause => {
                        self.break_timer.pause(self.now);
                        self.info("welcome back");
                        return;
                    }
                    Action::TimerStartPause => self.break_timer.toggle(self.now),
                    Action::TimerAddMinute => self.break_timer.add(Duration::from_secs(60)),
                    Action::TimerSubMinute => self.break_timer.sub(Duration::from_secs(60)),
                    Action::TimerReset => {
                        self.break_timer.reset();
                        self.break_timer.start(self.now);
                    }
                    _ => {}
                }
                self.overlay = Some(Overlay::Pause);
            }
            Overlay::Card(id) => {
                self.selected = Some(id);
                match action {
                    Action::CloseOverlay => {}
                    Action::Edit
                    | Action::Delete
                    | Action::MoveToTable
                    | Action::MoveToNextStep
                    | Action::MoveToPrevStep => self.update_session(action),
                    Action::ToggleLived | Action::ToggleSensitive | Action::ToggleShowSensitive => {
                        self.update_session(action);
                        self.overlay = Some(Overlay::Card(id));
                    }
                    _ => self.overlay = Some(Overlay::Card(id)),
                }
            }
            Overlay::PickTable { note, table } => {
                let count = self.session().map_or(0, |s| s.tables.len());
                let choose = |app: &mut Self, to: usize| {
                    if to < count {
                        app.move_note_to_table(note, to);
                    } else {
                        app.warn(format!("there is no table {}", to + 1));
                        app.overlay = Some(Overlay::PickTable { note, table });
                    }
                };
                match action {
                    Action::SelectTable(n) => choose(self, n),
                    Action::Yes => choose(self, table),
                    Action::NextTable | Action::PrevTable => {
                        let step = if action == Action::NextTable {
                            1
                        } else {
                            count.saturating_sub(1)
                        };
                        self.overlay = Some(Overlay::PickTable {
                            note,
                            table: (table + step) % count.max(1),
                        });
                    }
                    Action::Type(key) => {
                        let letter = match key.code {
                            ratatui::crossterm::event::KeyCode::Char(c) => c.to_string(),
                            _ => String::new(),
                        };
                        let found = self.session().and_then(|s| {
                            s.tables
                                .iter()
                                .position(|t| t.letter.eq_ignore_ascii_case(&letter))
                        });
                        match found {
                            Some(to) => choose(self, to),
                            None => self.overlay = Some(Overlay::PickTable { note, table }),
                        }
                    }
                    Action::CloseOverlay => self.info("not moved"),
                    _ => self.overlay = Some(Overlay::PickTable { note, table }),
                }
            }
            Overlay::Prompt(mut text) => match action {
                Action::Yes => {
                    let typed = text_of(&text);
                    match parse_minutes(&typed) {
                        Some(d) => {
                            self.timer.set(d, self.now);
                            self.signalled = false;
                            self.info(format!(
                                "timer set to {}",
                                super::timer::Reading::Left(d).text()
                            ));
                        }
                        None => {
                            self.warn(format!(
                                "“{typed}” is not a number of minutes (try 5, 2.5 or 4:30)"
                            ));
                            self.overlay = Some(Overlay::Prompt(text));
                        }
                    }
                }
                Action::No | Action::CloseOverlay => {}
                Action::Type(key) => {
                    text.input(key);
                    self.overlay = Some(Overlay::Prompt(text));
                }
                _ => self.overlay = Some(Overlay::Prompt(text)),
            },
            Overlay::Confirm(question) => match (action, question) {
                (Action::Yes, Question::Quit(_)) => self.quit = true,
                (Action::Yes, Question::PasteLines(lines)) => {
                    let count = lines.len();
                    let mut saved = 0;
                    for line in lines {
                        if self.add_note_text(&line) {
                            saved += 1;
                        }
                    }
                    self.info(format!("added {saved} of {count} notes"));
                }
                (Action::No, Question::PasteLines(lines)) => {
                    self.capture.open = true;
                    self.capture.text.insert_str(lines.join("\n"));
                    self.info("pasted as one note; Enter saves it");
                }
                (Action::No, Question::Quit(_)) => {}
                (Action::Yes, Question::ReplaceExport(_)) => self.write_export_replacing(),
                (Action::No, Question::ReplaceExport(_)) => {
                    self.info("not written: the earlier export is kept")
                }
                (_, question) => self.overlay = Some(Overlay::Confirm(question)),
            },
            Overlay::Themes(o) => self.update_sorting_overlay(o, action),
        }
    }

    fn update_start(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::CycleTheme => self.cycle_theme(),
            Action::Click { column, row } => {
                if let Some(Target::StartItem(i)) = self.hit(column, row) {
                    self.start.focus = StartFocus::List;
                    self.start.selected = i;
                }
            }
            Action::StartChoose => {
                let result = self.start.choose(&mut *self.opener, self.wall);
                match result {
                    Ok(Some(store)) => {
                        self.open_store(store);
                        let notices = self.opener.take_notices();
                        if !notices.is_empty() {
                            self.warn(notices.join("; "));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => self.start.error = Some(e),
                }
            }
            other => self.start.update(other),
        }
    }

    fn hit(&self, column: u16, row: u16) -> Option<Target> {
        self.hits
            .iter()
            .rev()
            .find(|(r, _)| r.contains(ratatui::layout::Position { x: column, y: row }))
            .map(|(_, t)| *t)
    }

    fn update_session(&mut self, action: Action) {
        if self.store.is_none() {
            return;
        }
        if self.capture.open && self.update_input(&action).is_some() {
            return;
        }
        match action {
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => self.ask_quit(),
            Action::NextView | Action::PrevView => {
                self.view = self.view.cycle(action == Action::NextView);
                self.sync_cursor();
            }
            Action::CycleTheme => self.cycle_theme(),
            Action::Pause => {
                self.break_timer.reset();
                self.break_timer.start(self.now);
                self.overlay = Some(Overlay::Pause);
            }
            Action::NextStep => self.go_to_step(self.step + 1),
            Action::PrevStep if self.step > 0 => self.go_to_step(self.step - 1),
            Action::GoToStep(n) => self.go_to_step(n),
            Action::SelectTable(n) => self.select_table(n),
            Action::NextTable | Action::PrevTable => {
                let count = self.session().map_or(0, |s| s.tables.len());
                if count > 0 {
                    let step = if action == Action::NextTable {
                        1
                    } else {
                        count - 1
                    };
                    self.select_table((self.table + step) % count);
                }
            }
            Action::OpenInput => {
                if self.store.as_ref().is_some_and(|s| s.read_only()) {
                    self.warn("this session is open read-only");
                } else if self.session().is_some_and(|s| s.tables.is_empty()) {
                    self.warn("this session has no tables to write notes for");
                } else {
                    self.capture.open = true;
                }
            }
            Action::CycleKind => {
                let next = |kind: NoteKind| {
                    let i = NoteKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                    NoteKind::ALL[(i + 1) % NoteKind::ALL.len()]
                };
                if let (true, Some(id)) = (self.capture.open, self.capture.editing) {
                    let kind = next(self.input_kind());
                    self.capture.marks.kind = kind;
                    strip_kind_prefix(&mut self.capture.text);
                    self.info(format!(
                        "{id} will be saved as {} {}",
                        kind.symbol(),
                        kind.label()
                    ));
                } else {
                    self.kind = next(self.kind);
                    self.info(format!(
                        "next notes: {} {}",
                        self.kind.symbol(),
                        self.kind.label()
                    ));
                }
            }
            Action::ToggleLived | Action::ToggleSensitive => {
                let lived = action == Action::ToggleLived;
                if let (true, Some(id)) = (self.capture.open, self.capture.editing) {
                    let m = &mut self.capture.marks;
                    if lived {
                        m.lived = !m.lived;
                    } else {
                        m.sensitive = !m.sensitive;
                    }
                    let on = if lived { m.lived } else { m.sensitive };
                    self.info(format!(
                        "{id} will be saved {} — Enter saves",
                        match (lived, on) {
                            (true, true) => "as a lived-experience voice",
                            (true, false) => "without the lived-experience mark",
                            (false, true) => "as sensitive",
                            (false, false) => "as not sensitive",
                        }
                    ));
                    return;
                }
                match self.selected_note().cloned() {
                    Some(note) if !self.capture.open => {
                        let (l, s) = if lived {
                            (!note.lived_experience, note.sensitive)
                        } else {
                            (note.lived_experience, !note.sensitive)
                        };
                        if self.commit(Change::SetNoteFlags {
                            id: note.id,
                            lived_experience: l,
                            sensitive: s,
                        }) {
                            self.info(flag_message(note.id, lived, if lived { l } else { s }));
                        }
                    }
                    _ => {
                        if lived {
                            self.lived = !self.lived;
                        } else {
                            self.sensitive = !self.sensitive;
                        }
                        self.info(match (self.lived, self.sensitive) {
                            (false, false) => "next note: no marks".to_string(),
                            (l, s) => format!(
                                "next note only: {}{}",
                                if l { "lived experience " } else { "" },
                                if s { "sensitive" } else { "" }
                            ),
                        });
                    }
                }
            }
            Action::Up | Action::ScrollUp => self.move_selection(0, -1),
            Action::Down | Action::ScrollDown => self.move_selection(0, 1),
            Action::Left => self.move_selection(-1, 0),
            Action::Right => self.move_selection(1, 0),
            Action::PageUp => self.move_selection(0, -(self.rows_visible.max(1) as isize)),
            Action::PageDown => self.move_selection(0, self.rows_visible.max(1) as isize),
            Action::First => self.move_selection(0, -(isize::MAX / 2)),
            Action::Last => self.move_selection(0, isize::MAX / 2),
            Action::OpenCard => match self.selected {
                Some(id) => self.overlay = Some(Overlay::Card(id)),
                None => self.info("no card selected"),
            },
            Action::Edit => match self.selected_note().cloned() {
                Some(note) => {
                    self.capture.text = textarea_with(&note.text, "");
                    self.capture.editing = Some(note.id);
                    self.capture.marks = Marks {
                        kind: note.kind,
                        lived: note.lived_experience,
                        sensitive: note.sensitive,
                    };
                    self.capture.open = true;
                }
                None => self.info("select a card to edit"),
            },
            Action::Delete => match self.selected {
                Some(id) => {
                    if self.commit(Change::DeleteNote { id }) {
                        self.info(format!("deleted {id} — u to undo"));
                    }
                }
                None => self.info("select a card to delete"),
            },
            Action::MoveToTable => match self.selected {
                Some(id) => {
                    self.overlay = Some(Overlay::PickTable {
                        note: id,
                        table: self.table,
                    })
                }
                None => self.info("select a card to move"),
            },
            Action::MoveToNextStep | Action::MoveToPrevStep => {
                let forward = action == Action::MoveToNextStep;
                if let Some(note) = self.selected_note().cloned() {
                    let session = self.session().expect("a session is open");
                    let steps = &session.framework.steps;
                    let at = session.framework.step_index(&note.step).unwrap_or(0);
                    let to = if forward { at + 1 } else { at.wrapping_sub(1) };
                    if let Some(step) = steps.get(to) {
                        let title = step.title.clone();
                        if self.commit(Change::MoveNote {
                            id: note.id,
                            table: note.table,
                            step: step.id.clone(),
                        }) {
                            self.info(format!(
                                "moved {} to step {} {title} — u to undo",
                                note.id,
                                to + 1
                            ));
                        }
                    } else {
                        self.info("there is no step that way");
                    }
                } else {
                    self.info("select a card to move");
                }
            }
            Action::Undo => self.undo(true),
            Action::Redo => self.undo(false),
            Action::ToggleGroup => {
                self.group = match self.group {
                    Group::Table => Group::Step,
                    Group::Step => Group::Table,
                };
                self.top = 0;
                self.after_change();
            }
            Action::ToggleFaceDown => {
                self.face_down = !self.face_down;
                self.info(if self.face_down {
                    "cards face down: v reveals them"
                } else {
                    "cards revealed"
                });
            }
            Action::ToggleShowSensitive => {
                self.show_sensitive = !self.show_sensitive;
                self.info(if self.show_sensitive {
                    "sensitive notes shown: s hides them again"
                } else {
                    "sensitive notes hidden"
                });
            }
            Action::ToggleGuidance => self.show_guidance = !self.show_guidance,
            Action::TimerStartPause => self.timer.toggle(self.now),
            Action::TimerReset => {
                let minutes = self.current_step_minutes();
                self.timer = Timer::from_minutes(minutes);
                self.signalled = false;
            }
            Action::TimerAddMinute => {
                self.timer.add(Duration::from_secs(60));
                if !self.timer.finished(self.now) {
                    self.signalled = false;
                }
            }
            Action::TimerSubMinute => self.timer.sub(Duration::from_secs(60)),
            Action::TimerSet => {
                let mut t = new_textarea("minutes, e.g. 10 or 2:30");
                t.set_cursor_line_style(ratatui::style::Style::new());
                self.overlay = Some(Overlay::Prompt(Box::new(t)));
            }
            Action::ToggleBell => {
                self.bell = !self.bell;
                self.config.bell = self.bell;
                self.effects.push(Effect::SaveConfig(self.config.clone()));
                self.info(if self.bell {
                    "the bell will ring at zero"
                } else {
                    "the bell is off"
                });
            }
            Action::Click { column, row } => match self.hit(column, row) {
                Some(Target::Card(id)) => {
                    self.selected = Some(id);
                    self.sync_cursor();
                }
                Some(Target::Table(i)) => self.select_table(i),
                Some(Target::Step(i)) => self.go_to_step(i),
                _ => {}
            },
            _ => {}
        }
    }

    /// Keys while the note input is open. `Some(())` when handled here.
    fn update_input(&mut self, action: &Action) -> Option<()> {
        match action {
            Action::SaveNote => {
                self.save_input();
                Some(())
            }
            Action::CloseInput => {
                self.capture.open = false;
                if self.capture.editing.take().is_some() {
                    self.capture.text = new_textarea("type a note; q: i: b: c: … set the kind");
                    self.info("edit cancelled");
                }
                Some(())
            }
            Action::Newline => {
                self.capture.text.insert_newline();
                Some(())
            }
            Action::Type(key) => {
                self.capture.text.input(*key);
                Some(())
            }
            _ => None,
        }
    }

    fn save_input(&mut self) {
        let typed = text_of(&self.capture.text);
        if typed.trim().is_empty() {
            self.info("nothing to save: type a note first");
            return;
        }
        let saved = match self.capture.editing {
            Some(id) => {
                let (kind, text) = NoteKind::split_prefix(typed.trim());
                let kind = kind.unwrap_or(self.capture.marks.kind);
                let marks = self.capture.marks;
                let mut changes = vec![Change::EditNote {
                    id,
                    text: text.trim().to_string(),
                }];
                if let Some(before) = self.session().and_then(|s| s.note(id)).cloned() {
                    if before.kind != kind {
                        changes.push(Change::SetNoteKind { id, kind });
                    }
                    if (before.lived_experience, before.sensitive) != (marks.lived, marks.sensitive)
                    {
                        changes.push(Change::SetNoteFlags {
                            id,
                            lived_experience: marks.lived,
                            sensitive: marks.sensitive,
                        });
                    }
                }
                let change = if changes.len() == 1 {
                    changes.pop().expect("one change")
                } else {
                    Change::Batch(changes)
                };
                let done = self.commit(change);
                if done {
                    self.info(format!("edited {id} — u to undo"));
                    self.capture.open = false;
                    self.capture.editing = None;
                }
                done || !self.pending.is_empty()
            }
            None => self.add_note_text(&typed),
        };
        if saved {
            self.capture.text = new_textarea("next note…");
        }
    }

    /// Adds a note from typed text (a kind prefix is honoured). True when saved or kept waiting.
    fn add_note_text(&mut self, typed: &str) -> bool {
        let (kind, text) = NoteKind::split_prefix(typed.trim());
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        let Some(note) = self.new_note(kind.unwrap_or(self.kind), text) else {
            return false;
        };
        let id = note.id;
        let table = self
            .session()
            .and_then(|s| s.table(note.table))
            .map(|t| t.letter.clone())
            .unwrap_or_default();
        // Marks belong to one voice: they apply to this note only.
        let marked = self.lived || self.sensitive;
        if self.commit(Change::AddNote(note)) {
            self.lived = false;
            self.sensitive = false;
            self.selected = Some(id);
            self.sync_cursor();
            self.info(format!(
                "saved {id} for table {table}{}",
                if marked {
                    " (marks cleared for the next note)"
                } else {
                    ""
                }
            ));
            true
        } else if !self.pending.is_empty() {
            self.lived = false;
            self.sensitive = false;
            true
        } else {
            false
        }
    }

    fn new_note(&self, kind: NoteKind, text: &str) -> Option<Note> {
        let session = self.session()?;
        let table: &Table = session.tables.get(self.table)?;
        let step = session.framework.steps.get(self.step)?;
        let mut note = session.next_note(table.id, &step.id, kind, text, self.wall);
        // Notes waiting for the disk have taken ids already.
        let waiting = self
            .pending
            .iter()
            .filter_map(|c| match c {
                Change::AddNote(n) => Some(n.id.0 + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        note.id = NoteId(note.id.0.max(waiting));
        note.lived_experience = self.lived;
        note.sensitive = self.sensitive;
        Some(note)
    }

    /// Commits a change: durable first, then applied. A change the disk refuses is kept and
    /// retried on every tick; later changes queue behind it so the order is kept.
    /// Returns true when the change is saved and shown.
    pub(super) fn commit(&mut self, change: Change) -> bool {
        let Some(store) = self.store.as_mut() else {
            return false;
        };
        if !self.pending.is_empty() {
            self.pending.push_back(change);
            return false;
        }
        match store.commit(change.clone()) {
            Ok(inverse) => {
                if !change.is_navigation() {
                    self.history.record(inverse);
                }
                self.disk_error = None;
                self.after_change();
                true
            }
            Err(e) if e.is_retryable() => {
                self.disk_error = Some(e.to_string());
                self.pending.push_back(change);
                false
            }
            Err(e) => {
                self.warn(format!("not done: {e}"));
                false
            }
        }
    }

    /// Tries the waiting changes again, in order.
    fn retry_pending(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let mut changed = false;
        let mut dropped = None;
        while let Some(change) = self.pending.front().cloned() {
            match store.commit(change.clone()) {
                Ok(inverse) => {
                    self.pending.pop_front();
                    if !change.is_navigation() {
                        self.history.record(inverse);
                    }
                    changed = true;
                }
                Err(e) if e.is_retryable() => {
                    self.disk_error = Some(e.to_string());
                    break;
                }
                Err(e) => {
                    self.pending.pop_front();
                    dropped = Some(format!("a waiting change could not be applied: {e}"));
                }
            }
        }
        if self.pending.is_empty() {
            self.disk_error = None;
            self.info("saved: the disk took the waiting changes");
        }
        if let Some(d) = dropped {
            self.warn(d);
        }
        if changed {
            self.after_change();
        }
    }

    fn undo(&mut self, undo: bool) {
        if !self.pending.is_empty() {
            self.warn("wait: some changes are not saved yet");
            return;
        }
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let commit = |c: Change| store.commit(c);
        let result = if undo {
            self.history.undo(commit)
        } else {
            self.history.redo(commit)
        };
        match result {
            Ok(Some(description)) => {
                let verb = if undo { "undo" } else { "redo" };
                self.info(format!("{verb} — {description}"));
                self.after_change();
                self.keep_selection_valid();
            }
            Ok(None) => self.info(if undo {
                "nothing to undo"
            } else {
                "nothing to redo"
            }),
            Err(e) => self.warn(format!(
                "could not {}: {e}",
                if undo { "undo" } else { "redo" }
            )),
        }
    }

    fn ask_quit(&mut self) {
        let draft = !text_of(&self.capture.text).trim().is_empty();
        let waiting = self.pending.len();
        if waiting > 0 {
            self.overlay = Some(Overlay::Confirm(Question::Quit(format!(
                "{waiting} change(s) are not saved: the disk refused them."
            ))));
        } else if draft {
            self.overlay = Some(Overlay::Confirm(Question::Quit(
                "The note being typed is not saved.".into(),
            )));
        } else {
            self.quit = true;
        }
    }

    fn paste(&mut self, text: String) {
        let lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        match &mut self.overlay {
            Some(Overlay::Prompt(t)) => {
                t.insert_str(text.trim());
                return;
            }
            Some(_) => return,
            None => {}
        }
        if self.view == View::Start {
            self.start.paste(&text);
            return;
        }
        if self.store.is_none() || lines.is_empty() {
            return;
        }
        if lines.len() > 1 && self.capture.editing.is_none() {
            self.overlay = Some(Overlay::Confirm(Question::PasteLines(lines)));
        } else {
            self.capture.open = true;
            self.capture.text.insert_str(text.trim_end());
        }
    }

    fn cycle_theme(&mut self) {
        let preset = self.palette.preset.next();
        self.palette = Palette::new(preset);
        self.config.theme = Some(preset.name().to_string());
        self.effects.push(Effect::SaveConfig(self.config.clone()));
        self.info(format!("theme: {}", preset.label()));
    }

    fn check_signal(&mut self) {
        if self.timer.finished(self.now) && self.timer.is_running() && !self.signalled {
            self.signalled = true;
            if self.bell {
                self.effects.push(Effect::Bell);
            }
        }
    }

    fn current_step_minutes(&self) -> Option<u32> {
        self.session()
            .and_then(|s| s.framework.steps.get(self.step))
            .and_then(|s| s.minutes)
    }

    fn go_to_step(&mut self, n: usize) {
        let Some(session) = self.session() else {
            return;
        };
        let Some(step) = session.framework.steps.get(n) else {
            self.info("that was the last step");
            return;
        };
        let change = Change::GoToStep {
            step: step.id.clone(),
            at: self.wall,
        };
        self.step = n;
        self.timer = Timer::from_minutes(self.current_step_minutes());
        self.signalled = false;
        self.selected = None;
        self.top = 0;
        if !self.read_only() {
            self.commit(change);
        }
        self.after_change();
    }

    /// True when the session cannot be changed here (opened read-only, or none open).
    pub fn read_only(&self) -> bool {
        self.store.as_ref().is_none_or(|s| s.read_only())
    }

    fn select_table(&mut self, n: usize) {
        let Some(session) = self.session() else {
            return;
        };
        match session.tables.get(n) {
            Some(t) => {
                let text = format!("table {} · {}", t.letter, t.name);
                self.table = n;
                if self.group == Group::Table && self.view == View::Board && !self.capture.open {
                    self.cursor = (n, 0);
                    self.selected = self.note_at(n, 0);
                }
                self.info(text);
            }
            None => self.warn(format!(
                "there is no table {} (this session has {})",
                n + 1,
                session.tables.len()
            )),
        }
    }

    fn move_note_to_table(&mut self, id: NoteId, to: usize) {
        let Some(session) = self.session() else {
            return;
        };
        let (Some(note), Some(table)) = (session.note(id), session.tables.get(to)) else {
            return;
        };
        let letter = table.letter.clone();
        let change = Change::MoveNote {
            id,
            table: table.id,
            step: note.step.clone(),
        };
        if self.commit(change) {
            self.info(format!("moved {id} to table {letter} — u to undo"));
            self.sync_cursor();
        }
    }

    pub fn selected_note(&self) -> Option<&Note> {
        self.session()?.note(self.selected?)
    }

    fn note_at(&self, col: usize, row: usize) -> Option<NoteId> {
        let i = *self.board.columns.get(col)?.notes.get(row)?;
        Some(self.session()?.notes.get(i)?.id)
    }

    /// Moves the selection on the board (columns and rows) or in the step's list (rows only).
    fn move_selection(&mut self, dx: isize, dy: isize) {
        let Some(session) = self.session() else {
            return;
        };
        match self.view {
            View::Step => {
                let list = &self.board.step_notes;
                if list.is_empty() {
                    return;
                }
                let at = self
                    .selected
                    .and_then(|id| list.iter().position(|&i| session.notes[i].id == id))
                    .unwrap_or(list.len());
                let to = (at as isize + dy).clamp(0, list.len() as isize - 1) as usize;
                self.selected = Some(session.notes[list[to]].id);
            }
            _ => {
                let cols = self.board.columns.len();
                if cols == 0 {
                    return;
                }
                let (c, r) = self.cursor;
                let c = (c as isize + dx).clamp(0, cols as isize - 1) as usize;
                let len = self.board.columns[c].notes.len();
                let r = if len == 0 {
                    0
                } else {
                    (r as isize + dy).clamp(0, len as isize - 1) as usize
                };
                self.cursor = (c, r);
                self.selected = self.note_at(c, r);
                self.scroll_to_cursor();
            }
        }
    }

    fn scroll_to_cursor(&mut self) {
        let rows = self.rows_visible.max(1);
        if self.cursor.1 < self.top {
            self.top = self.cursor.1;
        } else if self.cursor.1 >= self.top + rows {
            self.top = self.cursor.1 + 1 - rows;
        }
    }

    /// Puts the board cursor on the selected note, if it is on the board.
    fn sync_cursor(&mut self) {
        let Some(session) = self.session() else {
            return;
        };
        let found = self
            .selected
            .and_then(|id| session.notes.iter().position(|n| n.id == id))
            .and_then(|i| self.board.find(i));
        if let Some(at) = found {
            self.cursor = at;
        } else {
            let cols = self.board.columns.len();
            self.cursor.0 = self.cursor.0.min(cols.saturating_sub(1));
            self.cursor.1 = 0;
            if self.view == View::Board {
                self.selected = self.note_at(self.cursor.0, 0);
            }
        }
        self.scroll_to_cursor();
    }

    fn keep_selection_valid(&mut self) {
        if self.selected_note().is_none() {
            self.selected = None;
        }
        self.sync_cursor();
    }

    /// Prepares what drawing needs after the session or the grouping changed.
    fn after_change(&mut self) {
        let Some(session) = self.session() else {
            return;
        };
        let board = BoardIndex::build(session, self.group, self.step);
        let tables = session.tables.len();
        self.board = board;
        if let Some(store) = &self.store {
            self.themes.rebuild(store.session(), None);
        }
        if self.table >= tables {
            self.table = tables.saturating_sub(1);
        }
        if self.selected.is_some() && self.selected_note().is_none() {
            // The selected card went away (deleted, or undone): select its neighbour.
            let (c, r) = self.cursor;
            let len = self.board.columns.get(c).map_or(0, |col| col.notes.len());
            self.selected = if len == 0 {
                None
            } else {
                self.note_at(c, r.min(len - 1))
            };
        }
        let cols = self.board.columns.len();
        if self.cursor.0 >= cols {
            self.cursor = (cols.saturating_sub(1), 0);
        }
        let len = self
            .board
            .columns
            .get(self.cursor.0)
            .map_or(0, |c| c.notes.len());
        if self.cursor.1 >= len {
            self.cursor.1 = len.saturating_sub(1);
        }
        if let Some(id) = self.selected {
            let session = self.session().expect("checked above");
            if let Some(at) = session
                .notes
                .iter()
                .position(|n| n.id == id)
                .and_then(|i| self.board.find(i))
            {
                self.cursor = at;
            }
        }
        // Outcomes
        self.refresh_outcomes();
    }

    /// The kind the note being typed will get: a typed prefix wins over the chosen kind.
    pub fn input_kind(&self) -> NoteKind {
        let first = self.capture.text.lines().first().map_or("", |l| l.as_str());
        let default = if self.capture.editing.is_some() {
            self.capture.marks.kind
        } else {
            self.kind
        };
        NoteKind::split_prefix(first).0.unwrap_or(default)
    }

    /// The kind and marks the open input will save with.
    pub fn input_marks(&self) -> Marks {
        if self.capture.editing.is_some() {
            Marks {
                kind: self.input_kind(),
                ..self.capture.marks
            }
        } else {
            Marks {
                kind: self.input_kind(),
                lived: self.lived,
                sensitive: self.sensitive,
            }
        }
    }

    /// True when the timer is at or past zero (for the visible signal).
    pub fn time_is_up(&self) -> bool {
        self.timer.finished(self.now)
    }
}

/// Removes a typed kind prefix ("q: ") from the first line, after the kind was set by key.
fn strip_kind_prefix(text: &mut TextArea<'static>) {
    let lines = text.lines().to_vec();
    let Some(first) = lines.first() else {
        return;
    };
    if let (Some(_), rest) = NoteKind::split_prefix(first) {
        let mut all = vec![rest.trim_start().to_string()];
        all.extend(lines.into_iter().skip(1));
        *text = textarea_with(&all.join("\n"), "");
    }
}

fn flag_message(id: NoteId, lived: bool, on: bool) -> String {
    match (lived, on) {
        (true, true) => format!("{id} marked as a lived-experience voice"),
        (true, false) => format!("{id}: lived-experience mark removed"),
        (false, true) => format!("{id} marked sensitive: hidden on the board"),
        (false, false) => format!("{id} is no longer sensitive"),
    }
}

/// Minutes typed by the facilitator: "10", "2.5", "4:30".
pub fn parse_minutes(text: &str) -> Option<Duration> {
    let t = text.trim();
    if let Some((m, s)) = t.split_once(':') {
        let m: u64 = m.trim().parse().ok()?;
        let s: u64 = s.trim().parse().ok()?;
        if s >= 60 {
            return None;
        }
        return Some(Duration::from_secs(m * 60 + s));
    }
    let m: f64 = t.replace(',', ".").parse().ok()?;
    if !(0.0..=24.0 * 60.0).contains(&m) || m == 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(m * 60.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_parse_in_the_forms_people_type() {
        assert_eq!(parse_minutes("10"), Some(Duration::from_secs(600)));
        assert_eq!(parse_minutes(" 2.5 "), Some(Duration::from_secs(150)));
        assert_eq!(parse_minutes("2,5"), Some(Duration::from_secs(150)));
        assert_eq!(parse_minutes("4:30"), Some(Duration::from_secs(270)));
        assert_eq!(parse_minutes("4:75"), None);
        assert_eq!(parse_minutes("ten"), None);
        assert_eq!(parse_minutes("0"), None);
    }
}
