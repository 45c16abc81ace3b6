//! The board: notes as cards, in columns by table or by step, and the card actions shared with
//! the step view (select, open, edit, delete, move, mark). State, keys and update live here;
//! [`index`] prepares the columns after each change.

pub mod view;

pub mod index;

use super::action::Action;
use super::app::{App, Overlay, Target, View};
use crate::model::{Change, NoteId, NoteKind};
use crate::store::SessionStore;
use crate::tui::widgets::cursor::Cursor;
pub use index::{BoardIndex, Column, Group};

/// Cards per column the last frame could show (used to page and scroll).
pub const DEFAULT_ROWS: usize = 6;

/// What the board shows and where its cursor is.
#[derive(Debug)]
pub struct Board {
    pub index: BoardIndex,
    pub group: Group,
    /// (column, row) of the selection on the board.
    pub cursor: (usize, usize),
    /// First card row shown.
    pub top: usize,
    /// Rows of cards visible in the last frame.
    pub rows_visible: usize,
    pub show_sensitive: bool,
}

impl Default for Board {
    fn default() -> Self {
        Board {
            index: BoardIndex::default(),
            group: Group::Table,
            cursor: (0, 0),
            top: 0,
            rows_visible: DEFAULT_ROWS,
            show_sensitive: false,
        }
    }
}

impl Board {
    /// The cursor's row in its column, with the first row shown.
    pub fn row(&self) -> Cursor {
        Cursor::new(self.cursor.1, self.top)
    }
}

impl<S: SessionStore> App<S> {
    /// Keys of the step and board views (their notes as cards); gives back those it does not
    /// take.
    pub(super) fn update_cards(&mut self, action: Action) -> Option<Action> {
        self.open.as_ref()?;
        match action {
            Action::OpenInput => self.open_input(),
            Action::SelectTable(n) => self.select_table(n),
            Action::NextTable | Action::PrevTable => self.step_table(action == Action::NextTable),
            Action::CycleKind => self.cycle_selected_kind(),
            Action::ToggleLived | Action::ToggleSensitive => {
                self.toggle_selected_mark(action == Action::ToggleLived)
            }
            Action::Up | Action::ScrollUp => self.move_selection(0, -1),
            Action::Down | Action::ScrollDown => self.move_selection(0, 1),
            Action::Left => self.move_selection(-1, 0),
            Action::Right => self.move_selection(1, 0),
            Action::PageUp => self.move_selection(0, -(self.board.rows_visible.max(1) as isize)),
            Action::PageDown => self.move_selection(0, self.board.rows_visible.max(1) as isize),
            Action::First => self.move_selection(0, -(isize::MAX / 2)),
            Action::Last => self.move_selection(0, isize::MAX / 2),
            Action::OpenCard => match self.selected {
                Some(id) => self.overlay = Some(Overlay::Card(id)),
                None => self.info("no card selected"),
            },
            Action::Edit => self.edit_selected(),
            Action::Delete => self.delete_selected(),
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
                self.move_selected_to_step(action == Action::MoveToNextStep)
            }
            Action::ToggleGroup => {
                self.board.group = match self.board.group {
                    Group::Table => Group::Step,
                    Group::Step => Group::Table,
                };
                self.board.top = 0;
                self.after_change();
                self.info(match self.board.group {
                    Group::Table => "cards grouped by table (this step)",
                    Group::Step => "cards grouped by step (all steps)",
                });
            }
            Action::ToggleFaceDown => self.toggle_face_down(),
            Action::ToggleShowSensitive => self.toggle_show_sensitive(),
            Action::Click { column, row } => match self.hit(column, row) {
                Some(Target::Card(id)) => {
                    self.selected = Some(id);
                    self.sync_cursor();
                }
                Some(Target::Table(i)) => self.select_table(i),
                Some(Target::Step(i)) => self.go_to_step(i),
                _ => {}
            },
            other => return self.update_step(other),
        }
        None
    }

    /// Hide until reveal, or reveal: journaled (the wall follows it), never undone. A refused
    /// change leaves the cards as they were and says why.
    fn toggle_face_down(&mut self) {
        let Some(open) = &mut self.open else {
            return;
        };
        let down = !open.session().face_down;
        match open.commit_now(Change::SetFaceDown(down)) {
            Ok(()) if down => {
                self.info("cards face down, and the note being typed hidden: v reveals them")
            }
            Ok(()) => self.info("cards revealed"),
            Err(why) => self.warn(format!(
                "cards not {}: {why}",
                if down { "turned face down" } else { "revealed" }
            )),
        }
    }

    /// Keys while one card is open full size.
    pub(super) fn update_card(&mut self, id: NoteId, action: Action) {
        self.selected = Some(id);
        match action {
            Action::CloseOverlay => {}
            Action::Edit
            | Action::Delete
            | Action::MoveToTable
            | Action::MoveToNextStep
            | Action::MoveToPrevStep => {
                self.update_cards(action);
            }
            Action::ToggleLived | Action::ToggleSensitive | Action::ToggleShowSensitive => {
                self.update_cards(action);
                self.overlay = Some(Overlay::Card(id));
            }
            _ => self.overlay = Some(Overlay::Card(id)),
        }
    }

    /// Keys while choosing the table to move `note` to (`table` highlighted).
    pub(super) fn update_pick_table(&mut self, note: NoteId, table: usize, action: Action) {
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

    pub(crate) fn toggle_show_sensitive(&mut self) {
        self.board.show_sensitive = !self.board.show_sensitive;
        self.info(if self.board.show_sensitive {
            "sensitive notes shown: s hides them again"
        } else {
            "sensitive notes hidden"
        });
    }

    /// `K` with the input closed: the selected card's kind goes round.
    fn cycle_selected_kind(&mut self) {
        let Some(note) = self.selected_note().cloned() else {
            self.info("select a card to change its kind (for the next note: a, then F2)");
            return;
        };
        let i = NoteKind::ALL
            .iter()
            .position(|k| *k == note.kind)
            .unwrap_or(0);
        let kind = NoteKind::ALL[(i + 1) % NoteKind::ALL.len()];
        if self
            .commit(Change::SetNoteKind { id: note.id, kind })
            .done()
        {
            self.info(format!(
                "{} is now {} {} — u to undo",
                note.id,
                kind.symbol(),
                kind.label()
            ));
        }
    }

    /// `L` or `S` with the input closed: the selected card's mark is toggled.
    fn toggle_selected_mark(&mut self, lived: bool) {
        let Some(note) = self.selected_note().cloned() else {
            self.info(if lived {
                "select a card to mark it (for the next note: a, then F3)"
            } else {
                "select a card to mark it (for the next note: a, then F4)"
            });
            return;
        };
        let (l, s) = if lived {
            (!note.lived_experience, note.sensitive)
        } else {
            (note.lived_experience, !note.sensitive)
        };
        if self
            .commit(Change::SetNoteFlags {
                id: note.id,
                lived_experience: l,
                sensitive: s,
            })
            .done()
        {
            self.info(flag_message(note.id, lived, if lived { l } else { s }));
        }
    }

    fn delete_selected(&mut self) {
        let Some(id) = self.selected else {
            self.info("select a card to delete");
            return;
        };
        // The next card in the list is selected after it (else the one before).
        let next = self.neighbour_of(id);
        if self.commit(Change::DeleteNote { id }).done() {
            self.selected = next;
            self.sync_cursor();
            self.info(format!("deleted {id} — u to undo"));
        }
    }

    /// The card after `id` in its column or list, else the one before it.
    fn neighbour_of(&self, id: NoteId) -> Option<NoteId> {
        let session = self.session()?;
        let list: &[usize] = if self.view == View::Step {
            &self.board.index.step_notes
        } else {
            let (c, _) = self
                .board
                .index
                .find(session.notes.iter().position(|n| n.id == id)?)?;
            &self.board.index.columns[c].notes
        };
        let at = list.iter().position(|&i| session.notes[i].id == id)?;
        list.get(at + 1)
            .or_else(|| at.checked_sub(1).and_then(|b| list.get(b)))
            .map(|&i| session.notes[i].id)
    }

    fn move_selected_to_step(&mut self, forward: bool) {
        let Some(note) = self.selected_note().cloned() else {
            self.info("select a card to move");
            return;
        };
        let Some(session) = self.session() else {
            return;
        };
        let framework = &session.framework;
        let at = framework.step_index(&note.step).unwrap_or(0);
        let to = if forward { at + 1 } else { at.wrapping_sub(1) };
        let Some(step) = framework.steps.get(to) else {
            self.info("there is no step that way");
            return;
        };
        let label = super::step::step_label(framework, to);
        let change = Change::MoveNote {
            id: note.id,
            table: note.table,
            step: step.id.clone(),
        };
        if self.commit(change).done() {
            self.info(format!("moved {} to {label} — u to undo", note.id));
        }
    }

    pub(super) fn select_table(&mut self, n: usize) {
        let Some(session) = self.session() else {
            return;
        };
        match session.tables.get(n) {
            Some(t) => {
                let text = format!("table {} · {}", t.letter, t.name);
                self.table = n;
                if self.board.group == Group::Table
                    && self.view == View::Board
                    && !self.capture.open
                {
                    self.board.cursor = (n, 0);
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

    /// The next (or previous) table, round the room.
    pub(super) fn step_table(&mut self, forward: bool) {
        let count = self.session().map_or(0, |s| s.tables.len());
        if count > 0 {
            let step = if forward { 1 } else { count - 1 };
            self.select_table((self.table + step) % count);
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
        if self.commit(change).done() {
            self.info(format!("moved {id} to table {letter} — u to undo"));
            self.sync_cursor();
        }
    }

    fn note_at(&self, col: usize, row: usize) -> Option<NoteId> {
        let i = *self.board.index.columns.get(col)?.notes.get(row)?;
        Some(self.session()?.notes.get(i)?.id)
    }

    /// Moves the selection on the board (columns and rows) or in the step's list (rows only).
    fn move_selection(&mut self, dx: isize, dy: isize) {
        let Some(session) = self.session() else {
            return;
        };
        match self.view {
            View::Step => {
                let list = &self.board.index.step_notes;
                if list.is_empty() {
                    self.info("no notes for this step yet: a adds one");
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
                let cols = self.board.index.columns.len();
                if cols == 0 {
                    return;
                }
                let (mut c, mut r) = (Cursor::new(self.board.cursor.0, 0), self.board.row());
                c.move_by(dx, cols);
                r.move_by(dy, self.board.index.columns[c.at].notes.len());
                self.board.cursor = (c.at, r.at);
                let (c, r) = self.board.cursor;
                self.selected = self.note_at(c, r);
                self.scroll_to_cursor();
            }
        }
    }

    fn scroll_to_cursor(&mut self) {
        let mut row = self.board.row();
        row.keep_visible(self.board.rows_visible);
        self.board.top = row.top;
    }

    /// Puts the board cursor on the selected note, if it is on the board.
    pub(super) fn sync_cursor(&mut self) {
        let Some(session) = self.session() else {
            return;
        };
        let found = self
            .selected
            .and_then(|id| session.notes.iter().position(|n| n.id == id))
            .and_then(|i| self.board.index.find(i));
        if let Some(at) = found {
            self.board.cursor = at;
        } else {
            let cols = self.board.index.columns.len();
            self.board.cursor.0 = self.board.cursor.0.min(cols.saturating_sub(1));
            self.board.cursor.1 = 0;
            if self.view == View::Board {
                self.selected = self.note_at(self.board.cursor.0, 0);
            }
        }
        self.scroll_to_cursor();
    }

    pub(super) fn keep_selection_valid(&mut self) {
        if self.selected_note().is_none() {
            self.selected = None;
        }
        self.sync_cursor();
    }

    /// Rebuilds the board's columns after the session, the step or the grouping changed.
    pub(super) fn rebuild_board(&mut self) {
        let Some(session) = self.session() else {
            return;
        };
        self.board.index = BoardIndex::build(session, self.board.group, self.step);
        if self.selected.is_some() && self.selected_note().is_none() {
            // The selected card went away (deleted elsewhere, or undone): its neighbour.
            let (c, r) = self.board.cursor;
            let len = self
                .board
                .index
                .columns
                .get(c)
                .map_or(0, |col| col.notes.len());
            self.selected = if len == 0 {
                None
            } else {
                self.note_at(c, r.min(len - 1))
            };
        }
        let cols = self.board.index.columns.len();
        if self.board.cursor.0 >= cols {
            self.board.cursor = (cols.saturating_sub(1), 0);
        }
        let len = self
            .board
            .index
            .columns
            .get(self.board.cursor.0)
            .map_or(0, |c| c.notes.len());
        if self.board.cursor.1 >= len {
            self.board.cursor.1 = len.saturating_sub(1);
        }
        if let Some(id) = self.selected
            && let Some(session) = self.session()
            && let Some(at) = session
                .notes
                .iter()
                .position(|n| n.id == id)
                .and_then(|i| self.board.index.find(i))
        {
            self.board.cursor = at;
        }
    }
}

fn flag_message(id: NoteId, lived: bool, on: bool) -> String {
    match (lived, on) {
        (true, true) => format!("{id} marked as a lived-experience voice — u to undo"),
        (true, false) => format!("{id}: lived-experience mark removed — u to undo"),
        (false, true) => format!("{id} marked sensitive: hidden on the board — u to undo"),
        (false, false) => format!("{id} is no longer sensitive — u to undo"),
    }
}
