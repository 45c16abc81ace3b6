//! The themes and voting views' side of [`App::update`]: suggestions computed on a worker
//! thread and applied only when the facilitator accepts them, edits of themes by a person
//! (each one `Change`, marked [`Origin::Person`]), and the dots each table placed.

use super::{App, Overlay, Target, View, new_textarea, text_of, textarea_with};
use crate::cluster::{self, Accept, Options};
use crate::model::{Change, NoteId, Origin, ResponseTarget, Session, Theme, ThemeId};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::keymap::Mode;
use crate::tui::themes::{
    Job, JobKind, JobMessage, Naming, Picking, Poll, Preview, ThemesOverlay, VotePane,
};
use std::collections::BTreeSet;

/// True when `action` is for the themes or voting view (or asks for one of them).
pub(super) fn handles(view: View, action: &Action) -> bool {
    matches!(view, View::Themes | View::Voting)
        || matches!(action, Action::ShowThemes | Action::ShowVoting)
}

/// The keymap modes of a themes pop-up.
pub(super) fn overlay_modes(overlay: &ThemesOverlay) -> Vec<Mode> {
    match overlay {
        ThemesOverlay::Preview(_) => vec![Mode::Suggestions],
        ThemesOverlay::ConfirmAccept { .. } => vec![Mode::Confirm],
        ThemesOverlay::Prompt { .. } => vec![Mode::ThemePrompt],
        ThemesOverlay::Similar { .. } => vec![Mode::Similar],
    }
}

/// «label» of a theme, for messages.
fn quoted(session: &Session, id: ThemeId) -> String {
    session
        .theme(id)
        .map_or_else(|| id.to_string(), |t| format!("«{}»", t.label))
}

/// "«a», «b», «c» and 2 more".
fn list_labels(labels: &[String], most: usize) -> String {
    let mut out = labels
        .iter()
        .take(most)
        .map(|l| format!("«{l}»"))
        .collect::<Vec<_>>()
        .join(", ");
    if labels.len() > most {
        out.push_str(&format!(" and {} more", labels.len() - most));
    }
    out
}

/// Themes added and notes placed by a batch of suggested changes.
fn counts(changes: &[Change]) -> (usize, usize) {
    let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    (
        count(|c| matches!(c, Change::AddTheme(_))),
        count(|c| matches!(c, Change::PlaceNote { .. })),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The changes that mark suggested themes among `themes` as shaped by a person.
fn shaped(session: &Session, themes: &BTreeSet<ThemeId>) -> Vec<Change> {
    themes
        .iter()
        .filter_map(|id| session.theme(*id))
        .filter(|t| t.origin == Origin::Suggested)
        .map(|t| {
            Change::UpdateTheme(Theme {
                origin: Origin::Person,
                ..t.clone()
            })
        })
        .collect()
}

/// What "accept all" will and will not change, in plain words; `None` when it neither
/// replaces earlier suggestions nor meets themes people made (nothing to warn about).
pub fn accept_all_warning(session: &Session, changes: &[Change]) -> Option<Vec<String>> {
    let replaced: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DeleteTheme { id } => session.theme(*id).map(|t| t.label.clone()),
            _ => None,
        })
        .collect();
    let kept = cluster::kept_themes(session);
    let kept_labels: Vec<String> = session
        .themes
        .iter()
        .filter(|t| kept.contains(&t.id))
        .map(|t| t.label.clone())
        .collect();
    if replaced.is_empty() && kept_labels.is_empty() {
        return None;
    }
    let (added, placed) = counts(changes);
    let by_people = session
        .notes
        .iter()
        .filter(|n| n.theme.is_some() && n.placed_by == Some(Origin::Person))
        .count();
    let mut lines = vec![format!(
        "Accepting all adds {} and places {}.",
        plural(added, "suggested theme", "suggested themes"),
        plural(placed, "note", "notes")
    )];
    if !replaced.is_empty() {
        lines.push(format!(
            "It REPLACES {} nobody has changed: {}. Their notes are grouped again.",
            plural(
                replaced.len(),
                "earlier suggested theme",
                "earlier suggested themes"
            ),
            list_labels(&replaced, 3)
        ));
    }
    if !kept_labels.is_empty() {
        lines.push(format!(
            "Not touched: {} made, shaped or voted on by people ({}), and the {} people placed.",
            plural(kept_labels.len(), "theme", "themes"),
            list_labels(&kept_labels, 3),
            plural(by_people, "note", "notes")
        ));
    }
    lines.push("One undo (u) takes all of it back. Apply? y/n".into());
    Some(lines)
}

impl<S: SessionStore> App<S> {
    /// The keymap modes of the themes and voting views (no pop-up open).
    pub(super) fn sorting_modes(&self) -> Vec<Mode> {
        match self.view {
            View::Themes if self.themes.picking.is_some() => vec![Mode::PickTheme],
            View::Themes => vec![Mode::Themes, Mode::Sorting],
            _ => vec![Mode::Voting, Mode::Sorting],
        }
    }

    fn switch_view(&mut self, view: View) {
        self.themes.picking = None;
        self.themes.clicked = None;
        self.view = view;
        self.sync_cursor();
        if view == View::Themes && self.themes.ready.is_some() {
            self.info("suggested themes are ready: g shows them");
        }
    }

    /// An action in the themes or voting view.
    pub(super) fn update_sorting(&mut self, action: Action) {
        if self.store.is_none() {
            return;
        }
        if !matches!(action, Action::Click { .. }) {
            self.themes.clicked = None;
        }
        match action {
            Action::ShowThemes => self.switch_view(View::Themes),
            Action::ShowVoting => self.switch_view(View::Voting),
            Action::NextView | Action::PrevView => {
                self.switch_view(self.view.cycle(action == Action::NextView))
            }
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Quit => self.ask_quit(),
            Action::CycleTheme => self.cycle_theme(),
            Action::Pause => {
                self.break_timer.reset();
                self.break_timer.start(self.now);
                self.overlay = Some(Overlay::Pause);
            }
            Action::Undo => self.undo(true),
            Action::Redo => self.undo(false),
            other if self.view == View::Themes => self.update_themes_view(other),
            other => self.update_voting(other),
        }
    }

    fn session_ref(&self) -> &Session {
        self.store.as_ref().expect("a session is open").session()
    }

    /// Refuses edits that take new ids while changes wait for the disk.
    fn waiting_for_disk(&mut self) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        self.warn("wait: some changes are not saved yet (the disk refused them)");
        true
    }

    /// Commits `changes` as one undo step, says `message`, and puts the cursor on `follow`.
    fn commit_edit(&mut self, mut changes: Vec<Change>, message: String, follow: Option<NoteId>) {
        if changes.is_empty() {
            self.info("nothing to change");
            return;
        }
        let change = if changes.len() == 1 {
            changes.pop().expect("one change")
        } else {
            Change::Batch(changes)
        };
        if self.commit(change) {
            self.info(message);
            if let Some(store) = &self.store {
                self.themes.rebuild(store.session(), follow);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Themes view

    fn update_themes_view(&mut self, action: Action) {
        if self.themes.picking.is_some() {
            self.update_picking(action);
            return;
        }
        match action {
            Action::Up | Action::ScrollUp => self.move_theme_cursor(0, -1),
            Action::Down | Action::ScrollDown => self.move_theme_cursor(0, 1),
            Action::Left => self.move_theme_cursor(-1, 0),
            Action::Right => self.move_theme_cursor(1, 0),
            Action::PageUp => self.move_theme_cursor(0, -(self.rows_visible as isize)),
            Action::PageDown => self.move_theme_cursor(0, self.rows_visible as isize),
            Action::First => self.move_theme_cursor(0, -(isize::MAX / 2)),
            Action::Last => self.move_theme_cursor(0, isize::MAX / 2),
            Action::OpenCard => match self.cursor_note() {
                Some(id) => self.overlay = Some(Overlay::Card(id)),
                None => self.info("no note selected"),
            },
            Action::MarkNote => match self.cursor_note() {
                Some(id) => {
                    let marked = &mut self.themes.marked;
                    if let Some(i) = marked.iter().position(|m| *m == id) {
                        marked.remove(i);
                    } else {
                        marked.push(id);
                    }
                    let n = marked.len();
                    self.info(format!(
                        "{} marked: m moves them, S makes them a new theme, Esc clears",
                        plural(n, "note", "notes")
                    ));
                    self.move_theme_cursor(0, 1);
                }
                None => self.info("no note selected"),
            },
            Action::PickUpNotes => {
                let notes = self.chosen_notes();
                if notes.is_empty() {
                    self.info("select a note to move");
                } else {
                    self.info(format!(
                        "moving {}: ←/→ choose a theme, Enter puts it there, Esc cancels",
                        plural(notes.len(), "note", "notes")
                    ));
                    self.themes.picking = Some(Picking::Notes(notes));
                }
            }
            Action::NoteToPrevTheme | Action::NoteToNextTheme => {
                let Some(id) = self.cursor_note() else {
                    self.info("select a note to move");
                    return;
                };
                let cols = self.themes.index.columns.len();
                let c = self.themes.cursor.0;
                let to = if action == Action::NoteToNextTheme {
                    c + 1
                } else {
                    c.wrapping_sub(1)
                };
                if to >= cols {
                    self.info("there is no theme that way");
                    return;
                }
                let theme = self.themes.index.columns[to].theme;
                self.place_notes(vec![id], theme, Some(id));
            }
            Action::NewTheme => self.ask(Naming::NewTheme, ""),
            Action::RenameTheme => match self.themes.theme_at_cursor() {
                Some(id) => {
                    let label = self.session_ref().theme(id).map(|t| t.label.clone());
                    self.ask(Naming::Rename(id), &label.unwrap_or_default());
                }
                None => self.info("Unthemed is not a theme: select a theme's column to rename it"),
            },
            Action::MergeTheme => match self.themes.theme_at_cursor() {
                Some(id) => {
                    let name = quoted(self.session_ref(), id);
                    self.themes.picking = Some(Picking::Theme(id));
                    self.info(format!(
                        "merge {name} into which theme? ←/→ choose, Enter merges, Esc cancels"
                    ));
                }
                None => self.info("select a theme's column to merge it into another"),
            },
            Action::SplitTheme => {
                let notes = self.chosen_notes();
                if notes.is_empty() {
                    self.info("mark notes with Space (or select one) to split them off");
                } else {
                    self.ask(Naming::Split(notes), "");
                }
            }
            Action::DissolveTheme => match self.themes.theme_at_cursor() {
                Some(id) => self.dissolve(id),
                None => self.info("select a theme's column to dissolve it"),
            },
            Action::SimilarNotes => self.find_similar(),
            Action::SuggestThemes => self.suggest(),
            Action::CloseOverlay => {
                if self.themes.suggesting() {
                    self.themes.job = None;
                    self.info("stopped waiting for suggestions: nothing changed");
                } else if !self.themes.marked.is_empty() {
                    self.themes.marked.clear();
                    self.info("marks cleared");
                }
            }
            Action::Click { column, row } => match self.hit(column, row) {
                Some(Target::Card(id)) => {
                    self.go_to_note(id);
                    self.themes.clicked = Some(id);
                    self.info("click a theme's heading to move this note there");
                }
                Some(Target::ThemeColumn(c)) => match self.themes.clicked.take() {
                    Some(id) => {
                        let theme = self.themes.index.columns.get(c).and_then(|col| col.theme);
                        self.place_notes(vec![id], theme, Some(id));
                    }
                    None => {
                        self.themes.cursor = (c, 0);
                        self.move_theme_cursor(0, 0);
                    }
                },
                _ => {}
            },
            _ => {}
        }
    }

    /// The note under the cursor of the themes view.
    fn cursor_note(&self) -> Option<NoteId> {
        self.themes.note_at_cursor(self.session_ref()).map(|n| n.id)
    }

    /// The marked notes, else the selected one.
    fn chosen_notes(&self) -> Vec<NoteId> {
        if self.themes.marked.is_empty() {
            self.cursor_note().into_iter().collect()
        } else {
            self.themes.marked.clone()
        }
    }

    fn move_theme_cursor(&mut self, dx: isize, dy: isize) {
        let rows_visible = self.rows_visible;
        let t = &mut self.themes;
        let cols = t.index.columns.len();
        if cols == 0 {
            return;
        }
        let (c, r) = t.cursor;
        let c = (c as isize).saturating_add(dx).clamp(0, cols as isize - 1) as usize;
        let len = t.index.columns[c].notes.len();
        let r = if len == 0 {
            0
        } else {
            (r as isize).saturating_add(dy).clamp(0, len as isize - 1) as usize
        };
        t.cursor = (c, r);
        t.scroll_to_cursor(rows_visible);
    }

    fn go_to_note(&mut self, id: NoteId) {
        let session = self.store.as_ref().expect("a session is open").session();
        if let Some(at) = session
            .notes
            .iter()
            .position(|n| n.id == id)
            .and_then(|i| self.themes.index.find(i))
        {
            self.themes.cursor = at;
            self.move_theme_cursor(0, 0);
        }
    }

    fn ask(&mut self, naming: Naming, text: &str) {
        let placeholder = match naming {
            Naming::DotsPerTable => "a number, e.g. 3",
            _ => "the theme's name",
        };
        let text = if text.is_empty() {
            new_textarea(placeholder)
        } else {
            textarea_with(text, placeholder)
        };
        self.overlay = Some(Overlay::Themes(ThemesOverlay::Prompt {
            naming,
            text: Box::new(text),
        }));
    }

    fn update_picking(&mut self, action: Action) {
        match action {
            Action::Left => self.move_theme_cursor(-1, 0),
            Action::Right => self.move_theme_cursor(1, 0),
            Action::Yes => self.drop_at(self.themes.cursor.0),
            Action::CloseOverlay => {
                self.themes.picking = None;
                self.info("nothing moved");
            }
            Action::Click { column, row } => {
                let c = match self.hit(column, row) {
                    Some(Target::ThemeColumn(c)) => Some(c),
                    Some(Target::Card(id)) => {
                        let session = self.session_ref();
                        session
                            .notes
                            .iter()
                            .position(|n| n.id == id)
                            .and_then(|i| self.themes.index.find(i))
                            .map(|(c, _)| c)
                    }
                    _ => None,
                };
                if let Some(c) = c {
                    self.drop_at(c);
                }
            }
            _ => {}
        }
    }

    /// Puts what is being carried into column `col`.
    fn drop_at(&mut self, col: usize) {
        let Some(picking) = self.themes.picking.take() else {
            return;
        };
        let target = self.themes.index.columns.get(col).and_then(|c| c.theme);
        match picking {
            Picking::Notes(notes) => {
                let follow = notes.first().copied();
                self.themes.marked.clear();
                self.place_notes(notes, target, follow);
            }
            Picking::Theme(from) => match target {
                Some(into) if into != from => self.merge(from, into),
                Some(_) => {
                    self.info("choose another theme to merge into");
                    self.themes.picking = Some(Picking::Theme(from));
                }
                None => {
                    self.info("a theme merges into another theme (x dissolves it instead)");
                    self.themes.picking = Some(Picking::Theme(from));
                }
            },
        }
    }

    /// A person places `notes` in `target` (or takes them out of their themes with `None`).
    fn place_notes(&mut self, notes: Vec<NoteId>, target: Option<ThemeId>, follow: Option<NoteId>) {
        let session = self.session_ref();
        let mut touched: BTreeSet<ThemeId> = target.into_iter().collect();
        let mut changes = Vec::new();
        for id in &notes {
            let Some(n) = session.note(*id) else {
                continue;
            };
            if n.theme == target && (target.is_none() || n.placed_by == Some(Origin::Person)) {
                continue;
            }
            touched.extend(n.theme);
            changes.push(Change::PlaceNote {
                note: *id,
                theme: target,
                by: Some(Origin::Person),
            });
        }
        if changes.is_empty() {
            self.info("already there");
            return;
        }
        let count = changes.len();
        changes.extend(shaped(session, &touched));
        let what = match notes.as_slice() {
            [one] => one.to_string(),
            _ => plural(count, "note", "notes"),
        };
        let message = match target {
            Some(t) => format!("moved {what} to {} — u to undo", quoted(session, t)),
            None => format!("{what} back in Unthemed — u to undo"),
        };
        self.commit_edit(changes, message, follow);
    }

    fn merge(&mut self, from: ThemeId, into: ThemeId) {
        let session = self.session_ref();
        let mut changes = Vec::new();
        let notes: Vec<NoteId> = session
            .notes
            .iter()
            .filter(|n| n.theme == Some(from))
            .map(|n| n.id)
            .collect();
        for id in &notes {
            changes.push(Change::PlaceNote {
                note: *id,
                theme: Some(into),
                by: Some(Origin::Person),
            });
        }
        let mut dots = 0;
        for v in session
            .votes
            .iter()
            .filter(|v| v.theme == from && v.dots > 0)
        {
            dots += v.dots;
            changes.push(Change::SetVotes {
                table: v.table,
                theme: into,
                dots: session.dots(v.table, into) + v.dots,
            });
        }
        for r in session
            .recommendations
            .iter()
            .filter(|r| r.themes.contains(&from))
        {
            let mut r = r.clone();
            r.themes.retain(|t| *t != from);
            if !r.themes.contains(&into) {
                r.themes.push(into);
            }
            changes.push(Change::UpdateRecommendation(r));
        }
        for r in session
            .responses
            .iter()
            .filter(|r| r.target == ResponseTarget::Theme(from))
        {
            let mut r = r.clone();
            r.target = ResponseTarget::Theme(into);
            changes.push(Change::UpdateResponse(r));
        }
        changes.extend(shaped(session, &BTreeSet::from([into])));
        changes.push(Change::DeleteTheme { id: from });
        let message = format!(
            "merged {} into {} ({}, {}) — u to undo",
            quoted(session, from),
            quoted(session, into),
            plural(notes.len(), "note", "notes"),
            plural(dots as usize, "dot", "dots")
        );
        self.commit_edit(changes, message, notes.first().copied());
        if let Some(c) = self.themes.index.column_of(Some(into)) {
            self.themes.cursor.0 = c;
            self.move_theme_cursor(0, 0);
        }
    }

    fn dissolve(&mut self, id: ThemeId) {
        let session = self.session_ref();
        let notes = session.notes.iter().filter(|n| n.theme == Some(id)).count();
        let dots = session.theme_dots(id);
        let message = format!(
            "dissolved {}: {} back in Unthemed{} — u to undo",
            quoted(session, id),
            plural(notes, "note", "notes"),
            if dots > 0 {
                format!(", {} removed", plural(dots as usize, "dot", "dots"))
            } else {
                String::new()
            }
        );
        self.commit_edit(vec![Change::DeleteTheme { id }], message, None);
    }

    fn name_typed(&mut self, naming: Naming, typed: &str) -> bool {
        let label = typed.trim().to_string();
        if label.is_empty() {
            self.warn("type something first (Esc cancels)");
            return false;
        }
        if !matches!(naming, Naming::Rename(_)) && self.waiting_for_disk() {
            return true;
        }
        let session = self.session_ref();
        match naming {
            Naming::NewTheme => {
                let id = ThemeId(session.next_ids.theme);
                let change = Change::AddTheme(Theme {
                    id,
                    label: label.clone(),
                    origin: Origin::Person,
                    step: None,
                    description: String::new(),
                });
                self.commit_edit(
                    vec![change],
                    format!("created «{label}»: m on a note moves it there — u to undo"),
                    None,
                );
                if let Some(c) = self.themes.index.column_of(Some(id)) {
                    self.themes.cursor = (c, 0);
                    self.move_theme_cursor(0, 0);
                }
            }
            Naming::Rename(id) => {
                let Some(theme) = session.theme(id) else {
                    return true;
                };
                let change = Change::UpdateTheme(Theme {
                    label: label.clone(),
                    origin: Origin::Person,
                    ..theme.clone()
                });
                let message = format!("renamed «{}» to «{label}» — u to undo", theme.label);
                self.commit_edit(vec![change], message, None);
            }
            Naming::Split(notes) => {
                let id = ThemeId(session.next_ids.theme);
                let from: BTreeSet<ThemeId> = notes
                    .iter()
                    .filter_map(|n| session.note(*n).and_then(|n| n.theme))
                    .collect();
                let all_themed = notes
                    .iter()
                    .all(|n| session.note(*n).is_some_and(|n| n.theme.is_some()));
                let step = match (from.len(), all_themed) {
                    (1, true) => from
                        .first()
                        .and_then(|t| session.theme(*t))
                        .and_then(|t| t.step.clone()),
                    _ => None,
                };
                let description = if from.is_empty() {
                    String::new()
                } else {
                    let labels: Vec<String> = from
                        .iter()
                        .filter_map(|t| session.theme(*t))
                        .map(|t| t.label.clone())
                        .collect();
                    format!("Split from {}.", list_labels(&labels, 3))
                };
                let mut changes = vec![Change::AddTheme(Theme {
                    id,
                    label: label.clone(),
                    origin: Origin::Person,
                    step,
                    description,
                })];
                for n in &notes {
                    changes.push(Change::PlaceNote {
                        note: *n,
                        theme: Some(id),
                        by: Some(Origin::Person),
                    });
                }
                changes.extend(shaped(session, &from));
                let message = format!(
                    "split {} into «{label}» — u to undo",
                    plural(notes.len(), "note", "notes")
                );
                self.themes.marked.clear();
                self.commit_edit(changes, message, notes.first().copied());
            }
            Naming::DotsPerTable => match label.parse::<u32>() {
                Ok(dots) if dots >= 1 => self.commit_edit(
                    vec![Change::SetDotsPerTable { dots }],
                    format!("each table has {dots} dots — u to undo"),
                    None,
                ),
                _ => {
                    self.warn(format!("“{label}” is not a number of dots (try 3)"));
                    return false;
                }
            },
        }
        true
    }

    // -----------------------------------------------------------------------------------------
    // Suggestions and similar notes, on a worker thread

    fn suggest(&mut self) {
        if let Some(ready) = self.themes.ready.take() {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(ready)));
            return;
        }
        if let Some(job) = &self.themes.job {
            let stage = job.stage();
            self.info(format!("already working: {stage}"));
            return;
        }
        if self.read_only() {
            self.warn("this session is open read-only: themes can be suggested only when it is opened for writing");
            return;
        }
        let session = self.session_ref().clone();
        if session.notes.len() < 2 {
            self.info("too few notes to suggest themes");
            return;
        }
        let n = session.notes.len();
        self.themes.job = Some(Job::suggest(session, Options::default()));
        self.info(format!(
            "suggesting themes for {n} notes in the background: keep working; Esc stops waiting"
        ));
    }

    fn find_similar(&mut self) {
        let Some(id) = self.cursor_note() else {
            self.info("select a note to find notes like it");
            return;
        };
        if let Some(job) = &self.themes.job {
            let stage = job.stage();
            self.info(format!("busy: {stage}"));
            return;
        }
        let session = self.session_ref().clone();
        self.themes.job = Some(Job::similar(session, id, Options::default()));
        self.info(format!("finding notes similar to {id}…"));
    }

    /// True when a pop-up can appear without taking keys meant for something else.
    fn free_to_show(&self) -> bool {
        self.overlay.is_none() && !self.capture.open && self.view == View::Themes
    }

    /// Reads the worker's progress and result (on every tick).
    pub(super) fn poll_job(&mut self) {
        let Some(job) = self.themes.job.as_mut() else {
            return;
        };
        let message = match job.poll() {
            Poll::Running => return,
            Poll::Failed => {
                self.themes.job = None;
                self.warn("the background work stopped with an error; nothing changed");
                return;
            }
            Poll::Done(message) => message,
        };
        let job = self.themes.job.take().expect("polled above");
        match (message, job.kind) {
            (JobMessage::Suggested(suggestions), _) => {
                let preview = Box::new(Preview {
                    suggestions,
                    selected: 0,
                    revision: job.revision,
                });
                if preview.rows() == 0 {
                    self.info(
                        "no themes to suggest: every note is in a theme people made or placed",
                    );
                } else if self.free_to_show() {
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
                    self.info("suggestions ready: nothing has changed yet");
                } else {
                    self.themes.ready = Some(preview);
                    self.info("suggested themes are ready: g in the themes view (F6) shows them");
                }
            }
            (JobMessage::Similar(list), JobKind::Similar(note)) => {
                if list.is_empty() {
                    self.info("no other notes to compare with");
                } else if self.free_to_show() {
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Similar {
                        note,
                        list,
                        selected: 0,
                    }));
                }
            }
            _ => {}
        }
    }

    // -----------------------------------------------------------------------------------------
    // Pop-ups

    pub(super) fn update_sorting_overlay(&mut self, overlay: ThemesOverlay, action: Action) {
        match overlay {
            ThemesOverlay::Preview(mut preview) => {
                let rows = preview.rows();
                match action {
                    Action::Up | Action::ScrollUp => {
                        preview.selected = preview.selected.saturating_sub(1)
                    }
                    Action::Down | Action::ScrollDown => {
                        preview.selected = (preview.selected + 1).min(rows.saturating_sub(1))
                    }
                    Action::Click { column, row } => {
                        if let Some(Target::ListRow(i)) = self.hit(column, row) {
                            preview.selected = i.min(rows.saturating_sub(1));
                        }
                    }
                    Action::AcceptAll => return self.accept_all(preview),
                    Action::AcceptOne if preview.on_offers() => {
                        return self.accept_offers(preview);
                    }
                    Action::AcceptOne => return self.accept_one(preview),
                    Action::AcceptOffers => return self.accept_offers(preview),
                    Action::CloseOverlay => {
                        self.info("suggestions discarded: nothing changed");
                        return;
                    }
                    _ => {}
                }
                self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
            }
            ThemesOverlay::ConfirmAccept { preview, lines } => match action {
                Action::Yes => {
                    let changes =
                        cluster::to_changes(self.session_ref(), &preview.suggestions, Accept::All);
                    self.apply_all(changes);
                }
                Action::No | Action::CloseOverlay => {
                    self.info("nothing applied");
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
                }
                _ => {
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::ConfirmAccept {
                        preview,
                        lines,
                    }))
                }
            },
            ThemesOverlay::Prompt { naming, mut text } => match action {
                Action::Yes => {
                    let typed = text_of(&text);
                    if !self.name_typed(naming.clone(), &typed) {
                        self.overlay =
                            Some(Overlay::Themes(ThemesOverlay::Prompt { naming, text }));
                    }
                }
                Action::No | Action::CloseOverlay => self.info("cancelled"),
                Action::Type(key) => {
                    text.input(key);
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Prompt { naming, text }));
                }
                _ => self.overlay = Some(Overlay::Themes(ThemesOverlay::Prompt { naming, text })),
            },
            ThemesOverlay::Similar {
                note,
                list,
                mut selected,
            } => {
                match action {
                    Action::Up | Action::ScrollUp => selected = selected.saturating_sub(1),
                    Action::Down | Action::ScrollDown => {
                        selected = (selected + 1).min(list.len().saturating_sub(1))
                    }
                    Action::Click { column, row } => {
                        if let Some(Target::ListRow(i)) = self.hit(column, row) {
                            selected = i.min(list.len().saturating_sub(1));
                        }
                    }
                    Action::Yes => {
                        if let Some((id, _)) = list.get(selected) {
                            self.go_to_note(*id);
                        }
                        return;
                    }
                    Action::CloseOverlay => return,
                    _ => {}
                }
                self.overlay = Some(Overlay::Themes(ThemesOverlay::Similar {
                    note,
                    list,
                    selected,
                }));
            }
        }
    }

    fn accept_all(&mut self, preview: Box<Preview>) {
        let session = self.session_ref();
        let changes = cluster::to_changes(session, &preview.suggestions, Accept::All);
        if changes.is_empty() {
            self.info("nothing left to accept");
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
            return;
        }
        match accept_all_warning(session, &changes) {
            Some(lines) => {
                self.overlay = Some(Overlay::Themes(ThemesOverlay::ConfirmAccept {
                    preview,
                    lines,
                }))
            }
            None => self.apply_all(changes),
        }
    }

    fn apply_all(&mut self, changes: Vec<Change>) {
        if self.waiting_for_disk() {
            return;
        }
        let (added, placed) = counts(&changes);
        if self.commit(Change::Batch(changes)) {
            self.info(format!(
                "accepted {} and placed {} — u undoes it all",
                plural(added, "suggested theme", "suggested themes"),
                plural(placed, "note", "notes")
            ));
            self.themes.cursor = (0, 0);
            self.move_theme_cursor(0, 0);
        }
    }

    fn accept_one(&mut self, mut preview: Box<Preview>) {
        if self.waiting_for_disk() {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
            return;
        }
        let i = preview.selected;
        let session = self.session_ref();
        let changes = cluster::to_changes(session, &preview.suggestions, Accept::Theme(i));
        let Some(theme) = preview.suggestions.themes.get(i) else {
            return;
        };
        let label = theme.label.clone();
        let placed = changes
            .iter()
            .filter(|c| matches!(c, Change::PlaceNote { .. }))
            .count();
        if self.commit(Change::Batch(changes)) {
            self.info(format!(
                "accepted «{label}» with {} — u to undo",
                plural(placed, "note", "notes")
            ));
            preview.suggestions.themes.remove(i);
            preview.selected = i.min(preview.rows().saturating_sub(1));
        }
        if preview.rows() > 0 {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
        }
    }

    fn accept_offers(&mut self, mut preview: Box<Preview>) {
        let changes = cluster::to_changes(self.session_ref(), &preview.suggestions, Accept::Offers);
        if changes.is_empty() {
            self.info("no notes are offered to existing themes");
        } else {
            let n = changes.len();
            if self.commit(Change::Batch(changes)) {
                self.info(format!(
                    "placed {} in the existing themes nearest them — u to undo",
                    plural(n, "note", "notes")
                ));
                preview.suggestions.offers.clear();
                preview.selected = preview.selected.min(preview.rows().saturating_sub(1));
            }
        }
        if preview.rows() > 0 {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
        }
    }

    // -----------------------------------------------------------------------------------------
    // Voting view

    fn update_voting(&mut self, action: Action) {
        let (themes, tables) = {
            let s = self.session_ref();
            (s.themes.len(), s.tables.len())
        };
        let (row, col) = self.themes.vote_cursor;
        match action {
            Action::Up | Action::ScrollUp => self.themes.vote_cursor.0 = row.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                self.themes.vote_cursor.0 = (row + 1).min(themes.saturating_sub(1))
            }
            Action::Left => self.themes.vote_cursor.1 = col.saturating_sub(1),
            Action::Right => self.themes.vote_cursor.1 = (col + 1).min(tables.saturating_sub(1)),
            Action::NextVotePane => {
                if self.themes.next_vote_pane(self.rows_visible) {
                    self.info("votes by stakeholder group, next page (g goes on)");
                    return;
                }
                self.info(match self.themes.pane {
                    VotePane::Grid => "recording dots: themes × tables",
                    VotePane::Ranking => "ranking: dots per theme",
                    VotePane::Groups => {
                        "votes by stakeholder group: a table's dots count for each group at it"
                    }
                });
            }
            Action::SetDots(dots) => self.set_dots(|_| Some(dots)),
            Action::AddDot => self.set_dots(|d| Some(d + 1)),
            Action::RemoveDot => self.set_dots(|d| d.checked_sub(1)),
            Action::DotsPerTable => {
                let dots = self.session_ref().dots_per_table.to_string();
                self.ask(Naming::DotsPerTable, &dots);
            }
            Action::Click { column, row } => match self.hit(column, row) {
                Some(Target::VoteCell { row, table }) => self.themes.vote_cursor = (row, table),
                Some(Target::Table(i)) => self.themes.vote_cursor.1 = i,
                _ => {}
            },
            _ => {}
        }
        // The table bar below shows the same table as the grid's cursor.
        if tables > 0 {
            self.table = self.themes.vote_cursor.1.min(tables - 1);
        }
    }

    /// Records the dots of the selected table on the selected theme: `f(current)`.
    fn set_dots(&mut self, f: impl Fn(u32) -> Option<u32>) {
        let session = self.session_ref();
        let (row, col) = self.themes.vote_cursor;
        let (Some(theme), Some(table)) = (session.themes.get(row), session.tables.get(col)) else {
            self.info("no theme or table to vote on yet");
            return;
        };
        let current = session.dots(table.id, theme.id);
        let Some(dots) = f(current) else {
            self.info("no dots to take away");
            return;
        };
        if dots == current {
            return;
        }
        let placed: u32 = session
            .votes
            .iter()
            .filter(|v| v.table == table.id)
            .map(|v| v.dots)
            .sum::<u32>()
            - current
            + dots;
        let per = session.dots_per_table;
        let (letter, label) = (table.letter.clone(), theme.label.clone());
        let change = Change::SetVotes {
            table: table.id,
            theme: theme.id,
            dots,
        };
        if self.commit(change) {
            if placed > per {
                self.warn(format!(
                    "table {letter} has now placed {placed} dots, more than its {per}: recorded as on the wall (D changes the dots per table)"
                ));
            } else {
                self.info(format!(
                    "table {letter}: {} on «{label}» · {} left",
                    plural(dots as usize, "dot", "dots"),
                    per - placed
                ));
            }
        }
    }
}
