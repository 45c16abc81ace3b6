//! The themes and voting views' side of [`App::update`]: the keys of the themes view (the
//! suggestions themselves are in `suggestions`), edits of themes by a person
//! (each one `Change`, marked [`Origin::Person`]), and the dots each table placed.

use crate::model::{Change, NoteId, Origin, ResponseTarget, Session, Theme, ThemeId};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay, Target};
use crate::tui::capture::{new_textarea, text_of, textarea_with};
use crate::tui::themes::{Naming, Picking, Scope, ThemesOverlay};
use std::collections::BTreeSet;

/// «label» of a theme, for messages.
pub(super) fn quoted(session: &Session, id: ThemeId) -> String {
    session
        .theme(id)
        .map_or_else(|| id.to_string(), |t| format!("«{}»", t.label))
}

/// "«a», «b», «c» and 2 more".
pub(super) fn list_labels(labels: &[String], most: usize) -> String {
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
pub(super) fn counts(changes: &[Change]) -> (usize, usize) {
    let count = |f: fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    (
        count(|c| matches!(c, Change::AddTheme(_))),
        count(|c| matches!(c, Change::PlaceNote { .. })),
    )
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The changes that mark suggested themes among `themes` as shaped by a person.
pub(super) fn shaped(session: &Session, themes: &BTreeSet<ThemeId>) -> Vec<Change> {
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

impl<S: SessionStore> App<S> {
    pub(super) fn session_ref(&self) -> &Session {
        self.session().expect("a session is open")
    }

    /// Commits `changes` as one undo step, says `message`, and puts the cursor on `follow`.
    fn commit_edit(&mut self, changes: Vec<Change>, message: String, follow: Option<NoteId>) {
        if changes.is_empty() {
            self.info("nothing to change");
            return;
        }
        if self.commit_all(changes).done() {
            self.info(message);
            if let Some(open) = &self.open {
                self.themes.rebuild(open.session(), follow);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Themes view

    /// Keys of the themes view; gives back those it does not take.
    pub(crate) fn update_themes_view(&mut self, action: Action) -> Option<Action> {
        if !matches!(action, Action::Click { .. }) {
            self.themes.clicked = None;
        }
        match action {
            Action::Up | Action::ScrollUp => self.move_theme_cursor(0, -1),
            Action::Down | Action::ScrollDown => self.move_theme_cursor(0, 1),
            Action::Left => self.move_theme_cursor(-1, 0),
            Action::Right => self.move_theme_cursor(1, 0),
            Action::PageUp => self.move_theme_cursor(0, -(self.board.rows_visible as isize)),
            Action::PageDown => self.move_theme_cursor(0, self.board.rows_visible as isize),
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
                    return None;
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
                    return None;
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
            Action::SuggestThemes => self.suggest(None),
            Action::SuggestEachStep => self.suggest(Some(Scope::EachStep)),
            Action::CloseOverlay => {
                if self.themes.suggesting() {
                    self.stop_suggesting();
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
            other => return Some(other),
        }
        None
    }

    /// The note under the cursor of the themes view.
    pub(super) fn cursor_note(&self) -> Option<NoteId> {
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

    pub(super) fn move_theme_cursor(&mut self, dx: isize, dy: isize) {
        let rows_visible = self.board.rows_visible;
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

    pub(super) fn go_to_note(&mut self, id: NoteId) {
        let session = self.session().expect("a session is open");
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

    pub(crate) fn ask(&mut self, naming: Naming, text: &str) {
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

    /// Keys while carrying notes or a theme to another column; takes every key.
    pub(crate) fn update_picking(&mut self, action: Action) -> Option<Action> {
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
            Action::Help | Action::Quit => return Some(action),
            _ => self.info("carrying: ← → choose the column, Enter drops, Esc cancels"),
        }
        None
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
        let session = self.session_ref();
        match naming {
            Naming::NewTheme => {
                let id = ThemeId(self.next_ids().theme);
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
                let id = ThemeId(self.next_ids().theme);
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
    // Pop-ups

    pub(crate) fn update_themes_overlay(&mut self, overlay: ThemesOverlay, action: Action) {
        match overlay {
            ThemesOverlay::Preview(preview) => self.update_preview(preview, action),
            ThemesOverlay::ConfirmAccept { preview, lines } => {
                self.update_confirm_accept(preview, lines, action)
            }
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
}
