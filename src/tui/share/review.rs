//! Moderation on the facilitator's screen: notes from the room wait in a queue until the
//! facilitator accepts them (perhaps edited first) or rejects them; both go through the one
//! commit path, so they are journaled and undone like any change, and a rejected note is kept.

use crate::model::{Change, NoteId};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::capture::{text_of, textarea_with};
use ratatui_textarea::TextArea;

impl<S: SessionStore> App<S> {
    /// True when notes from the room wait for review before they reach the board.
    pub fn moderated(&self) -> bool {
        self.moderated
    }

    /// Moderation on or off (`convene open --share --moderate`, or `M` in the sharing panel).
    pub fn set_moderated(&mut self, on: bool) {
        self.moderated = on;
    }

    /// The ids of the notes waiting for review, oldest first.
    pub fn waiting(&self) -> Vec<NoteId> {
        self.session()
            .map(|s| s.waiting_submissions().map(|w| w.note.id).collect())
            .unwrap_or_default()
    }

    pub(crate) fn toggle_moderation(&mut self) {
        self.moderated = !self.moderated;
        let text = if self.moderated {
            "moderating: notes from the room wait for review (Q shows them)"
        } else {
            "not moderating: notes from the room go straight to the board"
        };
        self.message = Some((text.into(), Level::Info));
    }

    /// Shows the review queue (even empty: it says whether moderation is on).
    pub(crate) fn show_review(&mut self) {
        self.overlay = Some(Overlay::Review {
            selected: 0,
            edit: None,
        });
    }

    /// Keys while the review queue is open.
    pub(crate) fn update_review(
        &mut self,
        selected: usize,
        edit: Option<Box<TextArea<'static>>>,
        action: Action,
    ) {
        let waiting = self.waiting();
        let selected = selected.min(waiting.len().saturating_sub(1));
        let current = waiting.get(selected).copied();
        if let Some(mut text) = edit {
            match action {
                Action::Yes => {
                    if let Some(id) = current {
                        self.accept(id, text_of(&text));
                    }
                }
                Action::No => {}
                Action::Type(key) => {
                    text.input(key);
                    return self.keep_review(selected, Some(text));
                }
                _ => return self.keep_review(selected, Some(text)),
            }
            return self.keep_review(selected, None);
        }
        match action {
            Action::CloseOverlay | Action::ShowReview => return,
            Action::Up | Action::ScrollUp => {
                return self.keep_review(selected.saturating_sub(1), None);
            }
            Action::Down | Action::ScrollDown => {
                return self.keep_review(selected + 1, None);
            }
            Action::AcceptSubmission => match current {
                Some(id) => {
                    let text = self
                        .session()
                        .and_then(|s| s.submission(id))
                        .map(|s| s.note.text.clone())
                        .unwrap_or_default();
                    self.accept(id, text);
                }
                None => self.nothing_waiting(),
            },
            Action::RejectSubmission => match current {
                Some(id) => {
                    if self.commit(Change::Reject { id }).done() {
                        self.message = Some((
                            format!("rejected {id}: not shown, kept in the session (u undoes)"),
                            Level::Info,
                        ));
                    }
                }
                None => self.nothing_waiting(),
            },
            Action::Edit => {
                let text = current
                    .and_then(|id| self.session()?.submission(id))
                    .map(|s| s.note.text.clone());
                match text {
                    Some(text) => {
                        let area = textarea_with(&text, "the note, as it will show");
                        return self.keep_review(selected, Some(Box::new(area)));
                    }
                    None => self.nothing_waiting(),
                }
            }
            Action::Undo => self.undo(true),
            Action::ToggleModeration => self.toggle_moderation(),
            _ => {}
        }
        self.keep_review(selected, None);
    }

    fn keep_review(&mut self, selected: usize, edit: Option<Box<TextArea<'static>>>) {
        let last = self.waiting().len().saturating_sub(1);
        self.overlay = Some(Overlay::Review {
            selected: selected.min(last),
            edit,
        });
    }

    fn accept(&mut self, id: NoteId, text: String) {
        let text = text.trim().to_string();
        if self.commit(Change::Accept { id, text }).done() {
            self.message = Some((format!("{id} is on the board (u undoes)"), Level::Info));
        }
    }

    fn nothing_waiting(&mut self) {
        self.message = Some(("no note is waiting for review".into(), Level::Info));
    }
}
