//! Capture: the note input (state, keys and saving), where the room's contributions are typed
//! under the current table and step; [`view`] draws it.
//!
//! One rule for kinds and marks: while the input is open, the kind keys and mark keys (F2,
//! F3, F4) set them for the next note only, cleared once it is saved; a typed prefix (`q:`)
//! does the same. With the input closed, `K`, `L` and `S` change the selected card.

pub mod view;

use super::action::Action;
use super::app::App;
use crate::model::{Change, Note, NoteId, NoteKind, Table};
use crate::store::SessionStore;
use ratatui_textarea::{CursorMove, TextArea};

/// The placeholder of an empty note input.
pub const PLACEHOLDER: &str = "type a note; q: i: b: co: cm: before the text set its kind";

/// The note input: a text area, which note it edits (none: a new note), and the kind and marks
/// the note will be saved with.
#[derive(Debug)]
pub struct Capture {
    pub open: bool,
    pub text: TextArea<'static>,
    pub editing: Option<NoteId>,
    /// Kind and marks chosen by key for the note being typed (or edited).
    pub marks: Marks,
}

impl Default for Capture {
    fn default() -> Self {
        Capture {
            open: false,
            text: new_textarea(PLACEHOLDER),
            editing: None,
            marks: Marks::default(),
        }
    }
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

pub fn new_textarea(placeholder: &str) -> TextArea<'static> {
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

fn next_kind(kind: NoteKind) -> NoteKind {
    let i = NoteKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    NoteKind::ALL[(i + 1) % NoteKind::ALL.len()]
}

impl<S: SessionStore> App<S> {
    /// Keys while the note input is open; gives back those it does not take.
    pub(super) fn update_input(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::SaveNote => self.save_input(),
            Action::CloseInput => {
                self.capture.open = false;
                if self.capture.editing.take().is_some() {
                    self.capture.text = new_textarea(PLACEHOLDER);
                    self.capture.marks = Marks::default();
                    self.info("edit cancelled");
                }
            }
            Action::Newline => self.capture.text.insert_newline(),
            Action::Type(key) => {
                self.capture.text.input(key);
            }
            Action::CycleKind => {
                let kind = next_kind(self.input_kind());
                self.capture.marks.kind = kind;
                strip_kind_prefix(&mut self.capture.text);
                let whose = self.whose_marks();
                self.info(format!("{whose}: {} {}", kind.symbol(), kind.label()));
            }
            Action::ToggleLived | Action::ToggleSensitive => {
                let lived = action == Action::ToggleLived;
                let m = &mut self.capture.marks;
                let on = if lived {
                    m.lived = !m.lived;
                    m.lived
                } else {
                    m.sensitive = !m.sensitive;
                    m.sensitive
                };
                let whose = self.whose_marks();
                self.info(format!(
                    "{whose}: {}",
                    match (lived, on) {
                        (true, true) => "a lived-experience voice",
                        (true, false) => "no lived-experience mark",
                        (false, true) => "sensitive",
                        (false, false) => "not sensitive",
                    }
                ));
            }
            Action::SelectTable(n) => self.select_table(n),
            Action::NextTable | Action::PrevTable => self.step_table(action == Action::NextTable),
            other => return Some(other),
        }
        None
    }

    /// "next note only" or "#12, when saved": whose kind and marks the keys change.
    fn whose_marks(&self) -> String {
        match self.capture.editing {
            Some(id) => format!("{id}, when saved"),
            None => "next note only".into(),
        }
    }

    /// Opens the note input for a new note.
    pub(super) fn open_input(&mut self) {
        if self.read_only() {
            self.warn("this session is open read-only");
        } else if self.session().is_some_and(|s| s.tables.is_empty()) {
            self.warn("this session has no tables to write notes for");
        } else {
            self.capture.open = true;
        }
    }

    /// Opens the note input on the selected note.
    pub(super) fn edit_selected(&mut self) {
        match self.selected_note().cloned() {
            Some(note) => {
                if self.read_only() {
                    self.warn("this session is open read-only");
                    return;
                }
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
                let committed = self.commit_all(changes);
                if committed.done() {
                    self.info(format!("edited {id} — u to undo"));
                }
                if committed.kept() {
                    self.capture.open = false;
                    self.capture.editing = None;
                }
                committed.kept()
            }
            None => self.add_note_text(&typed),
        };
        if saved {
            self.capture.text = new_textarea("next note…");
            self.capture.marks = Marks::default();
        }
    }

    /// Adds a note from typed text (a kind prefix is honoured). True when saved or kept waiting.
    pub(super) fn add_note_text(&mut self, typed: &str) -> bool {
        let (kind, text) = NoteKind::split_prefix(typed.trim());
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        let marks = self.capture.marks;
        let Some(note) = self.new_note(kind.unwrap_or(marks.kind), text) else {
            return false;
        };
        let id = note.id;
        let table = self
            .session()
            .and_then(|s| s.table(note.table))
            .map(|t| t.letter.clone())
            .unwrap_or_default();
        let committed = self.commit(Change::AddNote(note));
        if committed.kept() {
            // Kind and marks belong to one voice: they apply to this note only.
            self.capture.marks = Marks::default();
        }
        if committed.done() {
            self.selected = Some(id);
            self.sync_cursor();
            self.info(format!(
                "saved {id} for table {table}{}",
                if marks != Marks::default() {
                    " (kind and marks cleared for the next note)"
                } else {
                    ""
                }
            ));
        }
        committed.kept()
    }

    fn new_note(&self, kind: NoteKind, text: &str) -> Option<Note> {
        let ctx = self.open.as_ref()?;
        let session = ctx.session();
        let table: &Table = session.tables.get(self.table)?;
        let step = session.framework.steps.get(self.step)?;
        let mut note = session.next_note(table.id, &step.id, kind, text, self.wall);
        note.id = NoteId(ctx.next_ids().note);
        note.lived_experience = self.capture.marks.lived;
        note.sensitive = self.capture.marks.sensitive;
        note.about = self.note_about();
        Some(note)
    }

    /// The carried item a new note is about: at the "Since last time" step, the one selected.
    pub fn note_about(&self) -> Option<uuid::Uuid> {
        if self.at_follow_up_step() {
            self.selected_item().map(|i| i.id)
        } else {
            None
        }
    }

    /// The kind the note being typed will get: a typed prefix wins over the chosen kind.
    pub fn input_kind(&self) -> NoteKind {
        let first = self.capture.text.lines().first().map_or("", |l| l.as_str());
        NoteKind::split_prefix(first)
            .0
            .unwrap_or(self.capture.marks.kind)
    }

    /// The kind and marks the open input will save with.
    pub fn input_marks(&self) -> Marks {
        Marks {
            kind: self.input_kind(),
            ..self.capture.marks
        }
    }

    /// The note input's state.
    pub fn capture(&self) -> &Capture {
        &self.capture
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
