//! Notes from the room's devices waiting for the facilitator (moderation): each is accepted
//! onto the board (perhaps edited first) or rejected, and kept either way, so that nothing the
//! room sent is ever silently dropped.

use super::change::{Change, ModelError};
use super::valid::{self, index_of};
use super::{Note, NoteId, Session};
use serde::{Deserialize, Serialize};

/// A note sent from a device while moderation was on, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The note as the device sent it (its id is the one it takes on the board).
    pub note: Note,
    pub review: Review,
}

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Review {
    /// Waiting for the facilitator.
    Waiting,
    /// On the board (as a note with the same id, its text perhaps edited).
    Accepted,
    /// Not shown: kept in the session and its journal all the same.
    Rejected,
}

impl Session {
    /// The submissions waiting for the facilitator, oldest first.
    pub fn waiting_submissions(&self) -> impl Iterator<Item = &Submission> {
        self.submissions
            .iter()
            .filter(|s| s.review == Review::Waiting)
    }

    /// The submission of note `id`.
    pub fn submission(&self, id: NoteId) -> Option<&Submission> {
        self.submissions.iter().find(|s| s.note.id == id)
    }

    fn submission_index(&self, id: NoteId, review: Review) -> Result<usize, ModelError> {
        let i = index_of(&self.submissions, id, |s| s.note.id)
            .ok_or(ModelError::UnknownSubmission(id))?;
        if self.submissions[i].review != review {
            return Err(ModelError::NotWaiting(id));
        }
        Ok(i)
    }

    /// A device's note, waiting; it takes a new note id.
    pub(super) fn submit(&mut self, note: Note) -> Result<Change, ModelError> {
        let id = note.id;
        if id.0 < self.next_ids.note
            && (valid::Known::has_note(self, id) || self.submission(id).is_some())
        {
            return Err(ModelError::DuplicateId(id.to_string()));
        }
        valid::note(&note, self).first()?;
        let next = valid::after(id.0, id)?;
        self.next_ids.note = self.next_ids.note.max(next);
        self.submissions.push(Submission {
            note,
            review: Review::Waiting,
        });
        Ok(Change::Unsubmit { id })
    }

    /// Takes a waiting submission away (the inverse of [`Session::submit`]).
    pub(super) fn unsubmit(&mut self, id: NoteId) -> Result<Change, ModelError> {
        let i = self.submission_index(id, Review::Waiting)?;
        let submission = self.submissions.remove(i);
        Ok(Change::Submit(submission.note))
    }

    /// Puts a waiting submission on the board with `text` (its own, or edited).
    pub(super) fn accept(&mut self, id: NoteId, text: String) -> Result<Change, ModelError> {
        let i = self.submission_index(id, Review::Waiting)?;
        valid::note_text(&text).first()?;
        if valid::Known::has_note(self, id) {
            return Err(ModelError::DuplicateId(id.to_string()));
        }
        let note = Note {
            text,
            ..self.submissions[i].note.clone()
        };
        valid::note(&note, self).first()?;
        self.notes.push(note);
        self.submissions[i].review = Review::Accepted;
        Ok(Change::Reopen { id })
    }

    /// Rejects a waiting submission: it stays in the session, marked rejected.
    pub(super) fn reject(&mut self, id: NoteId) -> Result<Change, ModelError> {
        let i = self.submission_index(id, Review::Waiting)?;
        self.submissions[i].review = Review::Rejected;
        Ok(Change::Reopen { id })
    }

    /// Puts an accepted (taking its note off the board) or rejected submission back in the
    /// queue: the inverse of accepting and rejecting.
    pub(super) fn reopen(&mut self, id: NoteId) -> Result<Change, ModelError> {
        let i = index_of(&self.submissions, id, |s| s.note.id)
            .ok_or(ModelError::UnknownSubmission(id))?;
        match self.submissions[i].review {
            Review::Waiting => Err(ModelError::NotWaiting(id)),
            Review::Rejected => {
                self.submissions[i].review = Review::Waiting;
                Ok(Change::Reject { id })
            }
            Review::Accepted => {
                let n = index_of(&self.notes, id, |n| n.id).ok_or(ModelError::UnknownNote(id))?;
                if self.notes[n].theme.is_some()
                    || self
                        .responses
                        .iter()
                        .any(|r| r.target == super::ResponseTarget::Note(id))
                {
                    return Err(ModelError::AcceptedInUse(id));
                }
                let note = self.notes.remove(n);
                self.submissions[i].review = Review::Waiting;
                Ok(Change::Accept {
                    id,
                    text: note.text,
                })
            }
        }
    }
}
