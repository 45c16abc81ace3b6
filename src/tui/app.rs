//! The facilitator's screen's shell: which part has the focus, routing every action to it (and
//! to the keys shared by every view when it does not take them), the commit path, overlays,
//! and switching views. Each feature's state, keys and update live in its own room
//! (`capture`, `board`, `step`, `themes`, `voting`, `recommendations`, `responses`, `export`,
//! `start`); the shell only holds them.

use super::action::Action;
use super::board::Board;
use super::capture::Capture;
use super::focus::Focus;
use super::keymap::{self, Mode};
use super::palette::{Palette, Preset};
use super::session::{Committed, SessionCtx};
use super::start::{Opener, StartFocus, StartState};
use super::themes::{ThemesOverlay, ThemesState};
use super::timer::Timer;
use crate::model::{Change, Note, NoteId, Session};
use crate::store::SessionStore;
use crate::store::config::Config;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::time::Duration;

pub use super::board::DEFAULT_ROWS;
pub use super::capture::{Marks, text_of, textarea_with};
pub use super::overlays::{Overlay, Question};
pub use super::session::SaveState;

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

/// How a message on the status line should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
}

/// Things the run loop does for the app (the app itself does no terminal, file or thread
/// work); answers come back as actions. `crate::tui::run_effects_now` runs them inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Bell,
    SaveConfig(Config),
    /// Runs a job on a copy of the session; answered with `Action::JobProgress` and
    /// `Action::JobDone` carrying `generation`.
    StartJob {
        generation: u64,
        kind: super::themes::JobKind,
        session: Box<Session>,
    },
    /// Tells the job of `generation` to stop (its answer, if any, is ignored).
    CancelJob {
        generation: u64,
    },
    /// Writes an export; answered with `Action::ExportWritten`.
    WriteExport(Box<super::export::WriteExport>),
    /// Makes a large session's export preview; answered with `Action::PreviewMade`.
    MakePreview(Box<super::export::MakePreview>),
    /// Starts the room's server (on this address, or the LAN address); answered with
    /// [`App::sharing_started`].
    StartSharing(Option<std::net::SocketAddr>),
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
/// The whole screen's state. Rooms reach their own fields; the world outside sees methods.
pub struct App<S: SessionStore> {
    pub(crate) open: Option<SessionCtx<S>>,
    opener: Box<dyn Opener<S>>,

    pub(crate) view: View,
    pub(crate) overlay: Option<Overlay>,
    pub(crate) start: StartState,
    /// The step shown (a position in the framework).
    pub(crate) step: usize,
    /// The table the next note goes to (a position in `session.tables`).
    pub(crate) table: usize,
    pub(crate) selected: Option<NoteId>,
    /// The last frame was too small to show anything but "enlarge the window".
    too_small: bool,
    pub(crate) show_guidance: bool,
    pub(crate) timer: Timer,
    pub(crate) break_timer: Timer,
    pub(crate) bell: bool,
    pub(crate) signalled: bool,
    pub(crate) palette: Palette,
    pub(crate) help_scroll: u16,
    pub(crate) message: Option<(String, Level)>,
    /// Monotonic time since start (from ticks).
    pub(crate) now: Duration,
    /// Clock time (from ticks), stamped on notes.
    pub(crate) wall: Timestamp,
    pub(crate) tz: TimeZone,
    pub(crate) quit: bool,
    pub(crate) effects: Vec<Effect>,
    hits: Vec<(Rect, Target)>,
    pub(crate) config: Config,
    /// A bound key that reached no part of the screen (a routing bug; tests look for it).
    unrouted: Option<Action>,

    // Rooms
    pub(crate) capture: Capture,
    pub(crate) board: Board,
    pub(crate) themes: ThemesState,
    pub(crate) outcomes: super::outcomes::Outcomes,
    /// The "Since last time" step of a follow-up: the item selected.
    pub(crate) since: super::follow_up::Since,
    /// The room's server, while devices can join.
    pub(crate) sharing: Option<super::share::Live>,
    /// Where the room's server listens when `W` starts it (`None`: the LAN address).
    pub(crate) share_bind: Option<std::net::SocketAddr>,
    /// Notes from the room wait for review before they reach the board.
    pub(crate) moderated: bool,
}

impl<S: SessionStore> App<S> {
    /// An app on the start screen.
    pub fn new(opener: Box<dyn Opener<S>>, config: Config, preset: Preset) -> App<S> {
        let recent = opener.recent();
        let mut start = StartState::new(recent);
        start.set_frameworks(opener.frameworks());
        App {
            open: None,
            opener,
            view: View::Start,
            overlay: None,
            start,
            step: 0,
            table: 0,
            selected: None,
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
            effects: Vec::new(),
            hits: Vec::new(),
            config,
            unrouted: None,
            capture: Capture::default(),
            board: Board::default(),
            themes: ThemesState::default(),
            outcomes: Default::default(),
            since: Default::default(),
            sharing: None,
            share_bind: None,
            moderated: false,
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
        // A session opened before the clock was known restored its timer against no clock:
        // restore it again now, so the time it ran while closed counts (as on the wall).
        if let Some(session) = self.session()
            && let Some(kept) = &session.timer
            && session.framework.steps.get(self.step).map(|s| &s.id) == Some(&kept.step)
        {
            self.timer = Timer::from_state(kept, self.now, self.wall);
        }
    }

    fn open_store(&mut self, store: S) {
        let session = store.session();
        self.step = session
            .framework
            .step_index(&session.current_step().id)
            .unwrap_or(0);
        let step_id = &session.framework.steps[self.step].id;
        self.timer = match &session.timer {
            // The timer as it was left, if it was left on this step.
            Some(kept) if kept.step == *step_id => Timer::from_state(kept, self.now, self.wall),
            _ => Timer::from_minutes(session.framework.steps[self.step].minutes),
        };
        self.table = 0;
        self.selected = None;
        if store.read_only() {
            self.message = Some((
                format!(
                    "{} is open read-only: nothing can be changed",
                    crate::terminal_text::one_line(&store.label())
                ),
                Level::Warning,
            ));
        }
        self.open = Some(SessionCtx::new(store));
        self.view = View::Step;
        self.overlay = None;
        self.clear_stale_sharing();
        self.after_change();
    }

    // -----------------------------------------------------------------------------------------
    // What the outside sees

    pub fn session(&self) -> Option<&Session> {
        self.open.as_ref().map(|o| o.session())
    }

    /// Cards face down on the projector (hide until reveal), as the session records it.
    pub fn face_down(&self) -> bool {
        self.session().is_some_and(|s| s.face_down)
    }

    pub fn store(&self) -> Option<&S> {
        self.open.as_ref().map(|o| o.store())
    }

    pub fn store_mut(&mut self) -> Option<&mut S> {
        self.open.as_mut().map(|o| o.store_mut())
    }

    /// Takes the store out (on quit, to save it); sharing stops first.
    pub fn into_store(mut self) -> Option<S> {
        self.stop_sharing();
        self.open.take().map(SessionCtx::into_store)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The start screen's state.
    pub fn start(&self) -> &StartState {
        &self.start
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The step shown (a position in the framework).
    pub fn step(&self) -> usize {
        self.step
    }

    /// The table the next note goes to.
    pub fn table(&self) -> usize {
        self.table
    }

    pub fn selected(&self) -> Option<NoteId> {
        self.selected
    }

    pub fn message(&self) -> Option<&(String, Level)> {
        self.message.as_ref()
    }

    /// Clears the status line.
    pub fn clear_message(&mut self) {
        self.message = None;
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    pub fn now(&self) -> Duration {
        self.now
    }

    pub fn timer(&self) -> &Timer {
        &self.timer
    }

    pub fn board(&self) -> &Board {
        &self.board
    }

    pub fn themes(&self) -> &ThemesState {
        &self.themes
    }

    /// The themes view's state, to stage screens that take time to reach (a job's progress)
    /// in tests and benchmarks.
    #[doc(hidden)]
    pub fn themes_mut(&mut self) -> &mut ThemesState {
        &mut self.themes
    }

    pub fn outcomes(&self) -> &super::outcomes::Outcomes {
        &self.outcomes
    }

    /// Shows `overlay`, to stage pop-ups that take time to reach (a suggestion's preview) in
    /// tests and benchmarks.
    #[doc(hidden)]
    pub fn stage_overlay(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
    }

    /// A bound key that reached no part of the screen since the last call, if any.
    pub fn take_unrouted(&mut self) -> Option<Action> {
        self.unrouted.take()
    }

    /// Where things were drawn, for mouse clicks (set by the run loop after each draw).
    pub fn set_hits(&mut self, hits: Vec<(Rect, Target)>, rows_visible: usize) {
        self.hits = hits;
        if rows_visible > 0 {
            self.board.rows_visible = rows_visible;
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

    /// Changes kept in memory because the disk refused them.
    pub fn pending(&self) -> impl Iterator<Item = &Change> {
        self.open.iter().flat_map(|o| o.waiting())
    }

    pub fn can_undo(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.can_undo())
    }

    pub fn save_state(&self) -> SaveState {
        self.open
            .as_ref()
            .map_or(SaveState::None, |o| o.save_state())
    }

    /// True when the session cannot be changed here (opened read-only, or none open).
    pub fn read_only(&self) -> bool {
        self.open.as_ref().is_none_or(|o| o.read_only())
    }

    pub fn selected_note(&self) -> Option<&Note> {
        self.session()?.note(self.selected?)
    }

    // -----------------------------------------------------------------------------------------
    // Focus and routing

    /// The part of the screen that takes keys now.
    pub fn focus(&self) -> Focus {
        match &self.overlay {
            Some(Overlay::Help) => return Focus::Help,
            Some(Overlay::Pause) => return Focus::Pause,
            Some(Overlay::Card(_)) => return Focus::Card,
            Some(Overlay::PickTable { .. }) => return Focus::PickTable,
            Some(Overlay::Prompt(_)) => return Focus::TimerPrompt,
            Some(Overlay::Confirm(_)) => return Focus::Confirm,
            Some(Overlay::Sharing) => return Focus::Sharing,
            Some(Overlay::Review { edit: None, .. }) => return Focus::Review,
            Some(Overlay::Review { edit: Some(_), .. }) => return Focus::ReviewEdit,
            Some(Overlay::Themes(o)) => {
                return match o {
                    ThemesOverlay::Preview(_) => Focus::Suggestions,
                    ThemesOverlay::ConfirmAccept { .. } => Focus::Confirm,
                    ThemesOverlay::Prompt { .. } => Focus::ThemePrompt,
                    ThemesOverlay::Similar { .. } => Focus::Similar,
                };
            }
            None => {}
        }
        if self.view == View::Start || self.open.is_none() {
            return Focus::Start(self.start.focus);
        }
        if self.capture.open {
            return Focus::Input;
        }
        let o = &self.outcomes;
        if let Some(form) = &o.form {
            return Focus::Form(form.field_mode());
        }
        match self.view {
            View::Recommendations if o.drafts.is_some() => Focus::Drafts,
            View::Responses if o.said.typing_owner => Focus::OwnerFilter,
            View::Themes if self.themes.picking.is_some() => Focus::PickTheme,
            View::Step if self.at_follow_up_step() => Focus::FollowUp,
            view => Focus::View(view),
        }
    }

    /// The keymap modes active now, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        self.focus().modes()
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

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Info));
    }

    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Level::Warning));
    }

    /// Applies one action: the focused part takes it, or gives it back to the keys shared by
    /// every view.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Tick { mono, wall } => return self.tick(mono, wall),
            Action::Paste(text) => return self.paste(text),
            Action::JobProgress {
                generation,
                progress,
            } => return self.job_progress(generation, progress),
            Action::JobDone {
                generation,
                outcome,
            } => return self.job_done(generation, *outcome),
            Action::ExportWritten(written) => return self.export_written(*written),
            Action::PreviewMade(made) => return self.outcomes.export.preview_made(*made),
            _ => {}
        }
        let rest = match self.focus() {
            Focus::Help
            | Focus::Pause
            | Focus::Card
            | Focus::PickTable
            | Focus::TimerPrompt
            | Focus::Confirm
            | Focus::Suggestions
            | Focus::ThemePrompt
            | Focus::Similar
            | Focus::Sharing
            | Focus::Review
            | Focus::ReviewEdit => {
                let overlay = self.overlay.take().expect("an overlay has the focus");
                self.update_overlay(overlay, action);
                None
            }
            Focus::Start(_) => self.update_start(action),
            Focus::Input => self.update_input(action),
            Focus::Form(_) => self.update_form(action),
            Focus::Drafts => self.update_drafts(action),
            Focus::OwnerFilter => self.update_owner_filter(action),
            Focus::PickTheme => self.update_picking(action),
            Focus::FollowUp => self
                .update_follow_up(action)
                .and_then(|rest| self.update_cards(rest)),
            Focus::View(view) => match view {
                View::Start => self.update_start(action),
                View::Step | View::Board => self.update_cards(action),
                View::Themes => self.update_themes_view(action),
                View::Voting => self.update_voting(action),
                View::Recommendations => self.update_recommendations(action),
                View::Responses => self.update_responses(action),
                View::Export => self.update_export(action),
            },
        };
        if let Some(action) = rest {
            self.update_global(action);
        }
    }

    /// The keys shared by every view of a session; the one place that switches views.
    fn update_global(&mut self, action: Action) {
        if self.open.is_none() {
            return;
        }
        match action {
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => self.ask_quit(),
            Action::CyclePalette => self.cycle_palette(),
            Action::Pause => {
                self.break_timer.reset();
                self.break_timer.start(self.now);
                self.overlay = Some(Overlay::Pause);
            }
            Action::Undo => self.undo(true),
            Action::Redo => self.undo(false),
            Action::NextView | Action::PrevView => {
                self.switch_view(self.view.cycle(action == Action::NextView))
            }
            Action::ShowThemes => self.switch_view(View::Themes),
            Action::ShowVoting => self.switch_view(View::Voting),
            Action::ShowRecommendations => self.switch_view(View::Recommendations),
            Action::ShowResponses => self.switch_view(View::Responses),
            Action::ShowExport => self.switch_view(View::Export),
            Action::ToggleSharing => self.toggle_sharing(self.share_bind),
            Action::NewJoinCode => self.new_join_code(),
            Action::ShowSharing => self.show_sharing_panel(),
            Action::ShowReview => self.show_review(),
            // Typed letters that no part binds, clicks on nothing, scrolling past the end.
            Action::Type(_) | Action::Click { .. } | Action::ScrollUp | Action::ScrollDown => {}
            other => self.unrouted = Some(other),
        }
    }

    /// Shows `view`: the one function that switches views.
    pub(crate) fn switch_view(&mut self, view: View) {
        if view == self.view {
            return;
        }
        let from = self.view;
        self.themes.picking = None;
        self.themes.clicked = None;
        self.outcomes.drafts = None;
        if view == View::Responses
            && let Some(id) = self.selected
            && matches!(from, View::Step | View::Board | View::Themes)
        {
            // The card selected on the board comes first: its row is selected.
            self.outcomes.said.keep = Some((crate::model::ResponseTarget::Note(id), None));
        }
        self.view = view;
        self.sync_cursor();
        self.refresh_outcomes();
        if view == View::Themes && self.themes.ready.is_some() {
            self.info("suggested themes are ready: g shows them");
        }
    }

    fn update_start(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::CyclePalette => self.cycle_palette(),
            Action::Click { column, row } => {
                if let Some(Target::StartItem(i)) = self.hit(column, row) {
                    self.start.focus = StartFocus::List;
                    self.start.selected = i;
                }
            }
            Action::StartFollowUp => self.start.follow_up_selected(&*self.opener),
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
        None
    }

    pub(crate) fn hit(&self, column: u16, row: u16) -> Option<Target> {
        self.hits
            .iter()
            .rev()
            .find(|(r, _)| r.contains(ratatui::layout::Position { x: column, y: row }))
            .map(|(_, t)| *t)
    }

    fn tick(&mut self, mono: Duration, wall: Timestamp) {
        self.now = mono;
        self.wall = wall;
        if self.open.as_ref().is_some_and(|o| o.is_waiting()) {
            self.retry();
        }
        self.check_signal();
    }

    // -----------------------------------------------------------------------------------------
    // The commit path

    /// Commits a change through the session's one commit path and shows the result: a change
    /// the disk refuses waits (and is retried on every tick); an impossible one is explained.
    pub(crate) fn commit(&mut self, change: Change) -> Committed {
        let Some(open) = self.open.as_mut() else {
            return Committed::Refused("no session is open".into());
        };
        let committed = open.commit(change);
        match &committed {
            Committed::Done => self.after_change(),
            Committed::Waiting => {}
            Committed::Refused(why) => self.warn(format!("not done: {why}")),
        }
        committed
    }

    /// Commits several changes as one action (one undo step).
    pub(crate) fn commit_all(&mut self, changes: Vec<Change>) -> Committed {
        let Some(open) = self.open.as_mut() else {
            return Committed::Refused("no session is open".into());
        };
        let committed = open.commit_all(changes);
        match &committed {
            Committed::Done => self.after_change(),
            Committed::Waiting => {}
            Committed::Refused(why) => self.warn(format!("not done: {why}")),
        }
        committed
    }

    /// The ids new things take now (past those of changes waiting for the disk).
    pub(crate) fn next_ids(&self) -> crate::model::NextIds {
        self.open.as_ref().map(|o| o.next_ids()).unwrap_or_default()
    }

    /// Tries the waiting changes again, in order.
    fn retry(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let retried = open.retry();
        if retried.all_saved {
            self.info("saved: the disk took the waiting changes");
        }
        if let Some(d) = retried.dropped {
            self.warn(d);
        }
        if retried.changed {
            self.after_change();
        }
    }

    pub(crate) fn undo(&mut self, undo: bool) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let verb = if undo { "undo" } else { "redo" };
        match open.undo(undo) {
            Ok(Some(description)) => {
                self.info(format!("{verb} — {description}"));
                self.after_change();
                self.keep_selection_valid();
            }
            Ok(None) => self.info(format!("nothing to {verb}")),
            Err(e) => self.warn(format!("could not {verb}: {e}")),
        }
    }

    /// Prepares what drawing needs after the session, the step or the grouping changed.
    pub(crate) fn after_change(&mut self) {
        let Some(tables) = self.session().map(|s| s.tables.len()) else {
            return;
        };
        if self.table >= tables {
            self.table = tables.saturating_sub(1);
        }
        self.rebuild_board();
        self.keep_item_in_range();
        if let Some(open) = &self.open {
            self.themes.rebuild(open.session(), None);
        }
        self.refresh_outcomes();
    }

    // -----------------------------------------------------------------------------------------
    // Shared by every view

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
        match self.focus() {
            Focus::Start(_) => self.start.paste(&text),
            Focus::Form(_) => {
                self.update_form(Action::Paste(text));
            }
            Focus::OwnerFilter => {
                self.update_owner_filter(Action::Paste(text));
            }
            _ if self.open.is_none() || lines.is_empty() => {}
            _ if lines.len() > 1 && self.capture.editing.is_none() => {
                self.overlay = Some(Overlay::Confirm(Question::PasteLines(lines)));
            }
            _ => {
                self.capture.open = true;
                self.capture.text.insert_str(text.trim_end());
            }
        }
    }

    fn cycle_palette(&mut self) {
        let preset = self.palette.preset.next();
        self.palette = Palette::new(preset);
        self.config.theme = Some(preset.name().to_string());
        self.effects.push(Effect::SaveConfig(self.config.clone()));
        self.info(format!("colours: {}", preset.label()));
    }
}
