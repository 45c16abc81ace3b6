//! Changes: every mutation of a session as a value, validated and applied by [`Session::apply`].

use super::valid::{self, Known, index_of};
use super::{
    DeviceVote, NextIds, Note, NoteId, NoteKind, Origin, Recommendation, RecommendationId,
    Response, ResponseId, ResponseTarget, Session, Sharing, StepVisit, Table, TableId, Theme,
    ThemeId, TimerState, Vote,
};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One change to a session. The journal stores these, one per line; undo applies their inverses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Title, date, venue, place and facilitators, replaced together.
    SetDetails {
        title: String,
        date: Date,
        venue: String,
        place: String,
        facilitators: Vec<String>,
    },
    AddTable(Table),
    /// Replaces a table's name, letter, colour and mix (its id stays).
    UpdateTable(Table),
    /// Removes a table that has no notes and no votes.
    RemoveTable {
        id: TableId,
    },
    RestoreTable {
        table: Table,
        index: usize,
    },
    AddNote(Note),
    EditNote {
        id: NoteId,
        text: String,
    },
    SetNoteKind {
        id: NoteId,
        kind: NoteKind,
    },
    SetNoteFlags {
        id: NoteId,
        lived_experience: bool,
        sensitive: bool,
    },
    SetNoteTags {
        id: NoteId,
        tags: Vec<String>,
    },
    MoveNote {
        id: NoteId,
        table: TableId,
        step: String,
    },
    DeleteNote {
        id: NoteId,
    },
    RestoreNote {
        note: Note,
        index: usize,
    },
    /// The facilitator moved to a step. Navigation: journaled (to resume there), never undone.
    GoToStep {
        step: String,
        at: Timestamp,
    },
    AddTheme(Theme),
    UpdateTheme(Theme),
    /// Removes a theme; its notes become unplaced and its votes are dropped.
    DeleteTheme {
        id: ThemeId,
    },
    RestoreTheme {
        theme: Theme,
        index: usize,
    },
    /// Places a note in a theme (or takes it out with `None`), saying who did it.
    PlaceNote {
        note: NoteId,
        theme: Option<ThemeId>,
        by: Option<Origin>,
    },
    /// Sets the dots one table placed on one theme (0 removes them).
    SetVotes {
        table: TableId,
        theme: ThemeId,
        dots: u32,
    },
    SetDotsPerTable {
        dots: u32,
    },
    /// Sets the dots one device placed on one theme; its table's dots change by as much, so a
    /// table's dots are the sum of its devices' (and of any the facilitator set by hand).
    SetDeviceDots {
        device: String,
        table: TableId,
        theme: ThemeId,
        dots: u32,
    },
    AddRecommendation(Recommendation),
    UpdateRecommendation(Recommendation),
    DeleteRecommendation {
        id: RecommendationId,
    },
    RestoreRecommendation {
        recommendation: Recommendation,
        index: usize,
    },
    AddResponse(Response),
    UpdateResponse(Response),
    DeleteResponse {
        id: ResponseId,
    },
    RestoreResponse {
        response: Response,
        index: usize,
    },
    /// The step timer was started, paused or set (journaled like moving between steps: kept
    /// when the session is reopened, never undone).
    SetTimer(TimerState),
    /// Cards turned face down on the projector (hide until reveal), or revealed. Navigation:
    /// journaled so that the wall follows it, never undone.
    SetFaceDown(bool),
    /// Sharing with the room's devices started (where they join) or stopped. Navigation.
    SetSharing(Option<Sharing>),
    /// A note from a device, waiting for the facilitator (moderation is on).
    Submit(Note),
    /// Takes a waiting submission away (the inverse of `Submit`).
    Unsubmit {
        id: NoteId,
    },
    /// Puts a waiting submission on the board, with its text or an edited one.
    Accept {
        id: NoteId,
        text: String,
    },
    /// Rejects a waiting submission: it is kept, marked rejected.
    Reject {
        id: NoteId,
    },
    /// Puts an accepted or rejected submission back in the queue (the inverse of both).
    Reopen {
        id: NoteId,
    },
    /// Records where an item carried from an earlier workshop stands and what was done about
    /// it (see [`super::FollowUp`]); its inverse records what it replaced.
    UpdateItem {
        id: uuid::Uuid,
        status: super::ItemStatus,
        done: String,
    },
    /// Several changes applied as one: all or none.
    Batch(Vec<Change>),
}

/// Why a change was refused. The session is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("there is no {0}")]
    UnknownTable(TableId),
    #[error("there is no {0}")]
    UnknownNote(NoteId),
    #[error("there is no {0}")]
    UnknownTheme(ThemeId),
    #[error("there is no {0}")]
    UnknownRecommendation(RecommendationId),
    #[error("there is no {0}")]
    UnknownResponse(ResponseId),
    #[error("there is no item {0} carried from an earlier workshop")]
    UnknownItem(uuid::Uuid),
    #[error("there is no step `{0}` in this framework")]
    UnknownStep(String),
    #[error("{0} already exists")]
    DuplicateId(String),
    #[error("another table already uses the letter `{0}`")]
    DuplicateLetter(String),
    #[error("{what} is empty")]
    Empty { what: &'static str },
    #[error(
        "{table} still has {} and {}; move or delete them first",
        super::plural(*notes, "note"),
        super::plural(*votes, "vote")
    )]
    TableInUse {
        table: TableId,
        notes: usize,
        votes: usize,
    },
    #[error("{dots} dots is more than any table can place (at most {max})")]
    TooManyDots { dots: u32, max: u32 },
    #[error("a vote has at least one dot (setting it to 0 removes it)")]
    NoDots,
    /// A device tried to place more dots than it has left.
    #[error("no dots left to place ({left} left)")]
    OutOfDots { left: u32 },
    #[error("there is no submission {0}")]
    UnknownSubmission(NoteId),
    #[error("submission {0} is not waiting for review")]
    NotWaiting(NoteId),
    #[error("{0} is in a theme or has responses: take those off first")]
    AcceptedInUse(NoteId),
    #[error("{0} has the largest id there can be: no more can be added")]
    IdTooLarge(String),
    #[error("the session has reached the largest revision number")]
    RevisionFull,
    /// A batch failed, and taking back the part already applied failed too: the session is
    /// half-changed and must not be saved. Never happens to a session that passed
    /// [`Session::problems`]; kept as an error rather than a crash all the same.
    #[error("{failed}; taking back the part already applied failed too ({undo})")]
    NotRolledBack {
        failed: Box<ModelError>,
        undo: Box<ModelError>,
    },
}

impl ModelError {
    /// True when the session was left half-changed (see [`ModelError::NotRolledBack`]).
    pub fn left_half_changed(&self) -> bool {
        matches!(self, ModelError::NotRolledBack { .. })
    }
}

/// The most dots a session may give a table; guards against typos like 300.
pub const MAX_DOTS: u32 = 99;

impl Change {
    /// True for changes that move the facilitator around rather than change content;
    /// they are journaled but not put on the undo stack.
    pub fn is_navigation(&self) -> bool {
        matches!(
            self,
            Change::GoToStep { .. }
                | Change::SetTimer(_)
                | Change::SetFaceDown(_)
                | Change::SetSharing(_)
        )
    }

    /// A short description for the status line and the audit trail ("added note #4").
    pub fn describe(&self) -> String {
        match self {
            Change::SetDetails { .. } => "updated the workshop details".into(),
            Change::AddTable(t) => format!("added table {} ({})", t.letter, t.name),
            Change::UpdateTable(t) => format!("updated table {}", t.letter),
            Change::RemoveTable { id } => format!("removed {id}"),
            Change::RestoreTable { table, .. } => format!("restored table {}", table.letter),
            Change::AddNote(n) => format!("added {}", n.id),
            Change::EditNote { id, .. } => format!("edited {id}"),
            Change::SetNoteKind { id, kind } => format!("marked {id} as a {}", kind.label()),
            Change::SetNoteFlags { id, .. } => format!("changed the marks on {id}"),
            Change::SetNoteTags { id, .. } => format!("tagged {id}"),
            Change::MoveNote { id, .. } => format!("moved {id}"),
            Change::DeleteNote { id } => format!("deleted {id}"),
            Change::RestoreNote { note, .. } => format!("restored {}", note.id),
            Change::GoToStep { step, .. } => format!("moved to step `{step}`"),
            Change::SetTimer(t) => format!("set the timer of step `{}`", t.step),
            Change::SetFaceDown(true) => "turned the cards face down".into(),
            Change::SetFaceDown(false) => "revealed the cards".into(),
            Change::SetSharing(Some(s)) => format!("invited the room to join at {}", s.url),
            Change::SetSharing(None) => "stopped sharing with the room".into(),
            Change::Submit(n) => format!("{} from the room, waiting for review", n.id),
            Change::Unsubmit { id } => format!("took back submission {id}"),
            Change::Accept { id, .. } => format!("accepted {id} onto the board"),
            Change::Reject { id } => format!("rejected {id} (kept, not shown)"),
            Change::Reopen { id } => format!("put {id} back in the review queue"),
            Change::AddTheme(t) => format!("added theme “{}”", t.label),
            Change::UpdateTheme(t) => format!("updated theme “{}”", t.label),
            Change::DeleteTheme { id } => format!("dissolved {id}"),
            Change::RestoreTheme { theme, .. } => format!("restored theme “{}”", theme.label),
            Change::PlaceNote {
                note,
                theme: Some(t),
                ..
            } => format!("placed {note} in {t}"),
            Change::PlaceNote {
                note, theme: None, ..
            } => format!("took {note} out of its theme"),
            Change::SetVotes { table, theme, dots } => {
                format!(
                    "{table}: {} on {theme}",
                    super::plural(*dots as usize, "dot")
                )
            }
            Change::SetDotsPerTable { dots } => {
                format!("{} per table", super::plural(*dots as usize, "dot"))
            }
            Change::SetDeviceDots {
                table, theme, dots, ..
            } => format!(
                "a device at {table}: {} on {theme}",
                super::plural(*dots as usize, "dot")
            ),
            Change::AddRecommendation(r) => format!("added {}", r.id),
            Change::UpdateRecommendation(r) => format!("updated {}", r.id),
            Change::DeleteRecommendation { id } => format!("deleted {id}"),
            Change::RestoreRecommendation { recommendation, .. } => {
                format!("restored {}", recommendation.id)
            }
            Change::AddResponse(r) => format!("added {}", r.id),
            Change::UpdateResponse(r) => format!("updated {}", r.id),
            Change::DeleteResponse { id } => format!("deleted {id}"),
            Change::RestoreResponse { response, .. } => format!("restored {}", response.id),
            Change::UpdateItem { status, .. } => {
                format!("recorded an item from last time as {}", status.label())
            }
            Change::Batch(changes) => match changes.as_slice() {
                [one] => one.describe(),
                _ => format!("{} changes", changes.len()),
            },
        }
    }
}

/// A point to roll a session back to; see [`Session::checkpoint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    revision: u64,
    next_ids: NextIds,
    step_log: usize,
    timer: Option<TimerState>,
    face_down: bool,
    sharing: Option<Sharing>,
}

impl Session {
    /// Validates and applies one change. On success returns the change that undoes it
    /// (`None` for navigation) and increments [`Session::revision`]. On error the session is
    /// exactly as it was.
    pub fn apply(&mut self, change: Change) -> Result<Option<Change>, ModelError> {
        let navigation = change.is_navigation();
        let revision = self
            .revision
            .checked_add(1)
            .ok_or(ModelError::RevisionFull)?;
        let inverse = self.apply_inner(change)?;
        self.revision = revision;
        Ok(if navigation { None } else { Some(inverse) })
    }

    /// What inverses cannot take back (the revision, ids handed out, navigation), kept before
    /// changes are applied so that [`Session::roll_back`] can return to exactly this point.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            revision: self.revision,
            next_ids: self.next_ids,
            step_log: self.step_log.len(),
            timer: self.timer.clone(),
            face_down: self.face_down,
            sharing: self.sharing.clone(),
        }
    }

    /// Takes back changes applied since `checkpoint`: their `inverses` (oldest first) are
    /// applied newest first, then the counters are restored. The one rollback used both for a
    /// batch that fails half-way and for a change the disk refused after it was applied.
    pub fn roll_back(
        &mut self,
        checkpoint: Checkpoint,
        inverses: Vec<Change>,
    ) -> Result<(), ModelError> {
        let mut undone = Ok(());
        for inverse in inverses.into_iter().rev() {
            if let Err(undo) = self.apply_inner(inverse) {
                undone = Err(undo);
                break;
            }
        }
        self.revision = checkpoint.revision;
        self.next_ids = checkpoint.next_ids;
        self.step_log.truncate(checkpoint.step_log);
        self.timer = checkpoint.timer;
        self.face_down = checkpoint.face_down;
        self.sharing = checkpoint.sharing;
        undone
    }

    fn apply_inner(&mut self, change: Change) -> Result<Change, ModelError> {
        match change {
            Change::SetDetails {
                title,
                date,
                venue,
                place,
                facilitators,
            } => {
                valid::title(&title).first()?;
                let inverse = Change::SetDetails {
                    title: std::mem::replace(&mut self.title, title),
                    date: std::mem::replace(&mut self.date, date),
                    venue: std::mem::replace(&mut self.venue, venue),
                    place: std::mem::replace(&mut self.place, place),
                    facilitators: std::mem::replace(&mut self.facilitators, facilitators),
                };
                Ok(inverse)
            }
            Change::AddTable(table) => {
                let index = self.tables.len();
                self.insert_table(table, index)
            }
            Change::RestoreTable { table, index } => self.insert_table(table, index),
            Change::UpdateTable(table) => {
                let i = index_of(&self.tables, table.id, |t| t.id)
                    .ok_or(ModelError::UnknownTable(table.id))?;
                self.check_table_fields(&table, Some(table.id))?;
                let old = std::mem::replace(&mut self.tables[i], table);
                Ok(Change::UpdateTable(old))
            }
            Change::RemoveTable { id } => {
                let i = index_of(&self.tables, id, |t| t.id).ok_or(ModelError::UnknownTable(id))?;
                let notes = self.notes.iter().filter(|n| n.table == id).count();
                let votes = self.votes.iter().filter(|v| v.table == id).count();
                if notes > 0 || votes > 0 {
                    return Err(ModelError::TableInUse {
                        table: id,
                        notes,
                        votes,
                    });
                }
                let table = self.tables.remove(i);
                Ok(Change::RestoreTable { table, index: i })
            }
            Change::AddNote(note) => {
                let index = self.notes.len();
                self.insert_note(note, index)
            }
            Change::Submit(note) => self.submit(note),
            Change::Unsubmit { id } => self.unsubmit(id),
            Change::Accept { id, text } => self.accept(id, text),
            Change::Reject { id } => self.reject(id),
            Change::Reopen { id } => self.reopen(id),
            Change::RestoreNote { note, index } => self.insert_note(note, index),
            Change::EditNote { id, text } => {
                valid::note_text(&text).first()?;
                let note = self.note_mut(id)?;
                let old = std::mem::replace(&mut note.text, text);
                Ok(Change::EditNote { id, text: old })
            }
            Change::SetNoteKind { id, kind } => {
                let note = self.note_mut(id)?;
                let old = std::mem::replace(&mut note.kind, kind);
                Ok(Change::SetNoteKind { id, kind: old })
            }
            Change::SetNoteFlags {
                id,
                lived_experience,
                sensitive,
            } => {
                let note = self.note_mut(id)?;
                let inverse = Change::SetNoteFlags {
                    id,
                    lived_experience: note.lived_experience,
                    sensitive: note.sensitive,
                };
                note.lived_experience = lived_experience;
                note.sensitive = sensitive;
                Ok(inverse)
            }
            Change::SetNoteTags { id, tags } => {
                let note = self.note_mut(id)?;
                let old = std::mem::replace(&mut note.tags, tags);
                Ok(Change::SetNoteTags { id, tags: old })
            }
            Change::MoveNote { id, table, step } => {
                valid::note_place(table, &step, self).first()?;
                let note = self.note_mut(id)?;
                let inverse = Change::MoveNote {
                    id,
                    table: note.table,
                    step: std::mem::replace(&mut note.step, step),
                };
                note.table = table;
                Ok(inverse)
            }
            Change::DeleteNote { id } => {
                let index =
                    index_of(&self.notes, id, |n| n.id).ok_or(ModelError::UnknownNote(id))?;
                // Responses that point at the note go with it, and come back with it on undo.
                let mut restore = Vec::new();
                let mut i = 0;
                while i < self.responses.len() {
                    if self.responses[i].target == ResponseTarget::Note(id) {
                        let response = self.responses.remove(i);
                        restore.push(Change::RestoreResponse { response, index: i });
                    } else {
                        i += 1;
                    }
                }
                let note = self.notes.remove(index);
                let restore_note = Change::RestoreNote { note, index };
                if restore.is_empty() {
                    Ok(restore_note)
                } else {
                    restore.reverse();
                    restore.insert(0, restore_note);
                    Ok(Change::Batch(restore))
                }
            }
            Change::SetTimer(timer) => {
                valid::step(&timer.step, self).first()?;
                self.timer = Some(timer);
                // Navigation has no inverse on the undo stack; this value is never used.
                Ok(Change::Batch(Vec::new()))
            }
            Change::SetFaceDown(face_down) => {
                self.face_down = face_down;
                Ok(Change::Batch(Vec::new()))
            }
            Change::SetSharing(sharing) => {
                if let Some(s) = &sharing {
                    valid::sharing(s).first()?;
                }
                self.sharing = sharing;
                Ok(Change::Batch(Vec::new()))
            }
            Change::GoToStep { step, at } => {
                valid::step(&step, self).first()?;
                self.step_log.push(StepVisit { step, at });
                // Navigation has no inverse on the undo stack; this value is never used.
                Ok(Change::Batch(Vec::new()))
            }
            Change::AddTheme(theme) => {
                let index = self.themes.len();
                self.insert_theme(theme, index)
            }
            Change::RestoreTheme { theme, index } => self.insert_theme(theme, index),
            Change::UpdateTheme(theme) => {
                valid::theme(&theme, self).first()?;
                let i = index_of(&self.themes, theme.id, |t| t.id)
                    .ok_or(ModelError::UnknownTheme(theme.id))?;
                let old = std::mem::replace(&mut self.themes[i], theme);
                Ok(Change::UpdateTheme(old))
            }
            Change::DeleteTheme { id } => {
                let index =
                    index_of(&self.themes, id, |t| t.id).ok_or(ModelError::UnknownTheme(id))?;
                // Build the undo first: restore the theme, then its placements, votes,
                // responses and recommendation links.
                let mut undo = Vec::new();
                let theme = self.themes.remove(index);
                undo.push(Change::RestoreTheme { theme, index });
                for note in self.notes.iter_mut().filter(|n| n.theme == Some(id)) {
                    undo.push(Change::PlaceNote {
                        note: note.id,
                        theme: Some(id),
                        by: note.placed_by,
                    });
                    note.theme = None;
                    note.placed_by = None;
                }
                for vote in self.votes.iter().filter(|v| v.theme == id) {
                    undo.push(Change::SetVotes {
                        table: vote.table,
                        theme: id,
                        dots: vote.dots,
                    });
                }
                self.votes.retain(|v| v.theme != id);
                let mut removed = Vec::new();
                let mut i = 0;
                while i < self.responses.len() {
                    if self.responses[i].target == ResponseTarget::Theme(id) {
                        removed.push(Change::RestoreResponse {
                            response: self.responses.remove(i),
                            index: i,
                        });
                    } else {
                        i += 1;
                    }
                }
                removed.reverse();
                undo.extend(removed);
                for rec in self
                    .recommendations
                    .iter_mut()
                    .filter(|r| r.themes.contains(&id))
                {
                    undo.push(Change::UpdateRecommendation(rec.clone()));
                    rec.themes.retain(|t| *t != id);
                }
                Ok(Change::Batch(undo))
            }
            Change::PlaceNote { note, theme, by } => {
                if let Some(theme) = theme
                    && !self.has_theme(theme)
                {
                    return Err(ModelError::UnknownTheme(theme));
                }
                let n = self.note_mut(note)?;
                let inverse = Change::PlaceNote {
                    note,
                    theme: n.theme,
                    by: n.placed_by,
                };
                n.theme = theme;
                n.placed_by = if theme.is_some() { by } else { None };
                Ok(inverse)
            }
            Change::SetVotes { table, theme, dots } => {
                if !self.has_table(table) {
                    return Err(ModelError::UnknownTable(table));
                }
                if !self.has_theme(theme) {
                    return Err(ModelError::UnknownTheme(theme));
                }
                valid::dots(dots).first()?;
                let at = index_of(&self.votes, (table, theme), |v| (v.table, v.theme));
                let old = at.map_or(0, |i| self.votes[i].dots);
                match at {
                    Some(i) if dots == 0 => {
                        self.votes.remove(i);
                    }
                    Some(i) => self.votes[i].dots = dots,
                    None if dots == 0 => {}
                    // Kept in (table, theme) order, so undoing a removal puts the vote back
                    // where it was and a rolled-back batch leaves the list as it found it.
                    None => {
                        let i = self
                            .votes
                            .partition_point(|v| (v.table, v.theme) < (table, theme));
                        self.votes.insert(i, Vote { table, theme, dots });
                    }
                }
                Ok(Change::SetVotes {
                    table,
                    theme,
                    dots: old,
                })
            }
            Change::SetDotsPerTable { dots } => {
                valid::dots(dots).first()?;
                let old = std::mem::replace(&mut self.dots_per_table, dots);
                Ok(Change::SetDotsPerTable { dots: old })
            }
            Change::SetDeviceDots {
                device,
                table,
                theme,
                dots,
            } => {
                valid::dots(dots).first()?;
                let key = (device.as_str(), table, theme);
                let at = self
                    .device_votes
                    .iter()
                    .position(|v| (v.device.as_str(), v.table, v.theme) == key);
                let old = at.map_or(0, |i| self.device_votes[i].dots);
                if dots > old {
                    let left = self.device_dots_left(&device);
                    if dots - old > left {
                        return Err(ModelError::OutOfDots { left });
                    }
                }
                // The table's dots move by as much as the device's (the same checks as a
                // facilitator setting them), then the device's own record.
                let table_dots = (self.dots(table, theme) + dots).saturating_sub(old);
                self.apply_inner(Change::SetVotes {
                    table,
                    theme,
                    dots: table_dots,
                })?;
                match at {
                    Some(i) if dots == 0 => {
                        self.device_votes.remove(i);
                    }
                    Some(i) => self.device_votes[i].dots = dots,
                    None if dots == 0 => {}
                    None => self.device_votes.push(DeviceVote {
                        device: device.clone(),
                        table,
                        theme,
                        dots,
                    }),
                }
                Ok(Change::SetDeviceDots {
                    device,
                    table,
                    theme,
                    dots: old,
                })
            }
            Change::AddRecommendation(rec) => {
                let index = self.recommendations.len();
                self.insert_recommendation(rec, index)
            }
            Change::RestoreRecommendation {
                recommendation,
                index,
            } => self.insert_recommendation(recommendation, index),
            Change::UpdateRecommendation(rec) => {
                valid::recommendation(&rec, self).first()?;
                let i = index_of(&self.recommendations, rec.id, |r| r.id)
                    .ok_or(ModelError::UnknownRecommendation(rec.id))?;
                let old = std::mem::replace(&mut self.recommendations[i], rec);
                Ok(Change::UpdateRecommendation(old))
            }
            Change::DeleteRecommendation { id } => {
                let index = index_of(&self.recommendations, id, |r| r.id)
                    .ok_or(ModelError::UnknownRecommendation(id))?;
                let recommendation = self.recommendations.remove(index);
                Ok(Change::RestoreRecommendation {
                    recommendation,
                    index,
                })
            }
            Change::AddResponse(response) => {
                let index = self.responses.len();
                self.insert_response(response, index)
            }
            Change::RestoreResponse { response, index } => self.insert_response(response, index),
            Change::UpdateResponse(response) => {
                valid::response(&response, self).first()?;
                let i = index_of(&self.responses, response.id, |r| r.id)
                    .ok_or(ModelError::UnknownResponse(response.id))?;
                let old = std::mem::replace(&mut self.responses[i], response);
                Ok(Change::UpdateResponse(old))
            }
            Change::DeleteResponse { id } => {
                let index = index_of(&self.responses, id, |r| r.id)
                    .ok_or(ModelError::UnknownResponse(id))?;
                let response = self.responses.remove(index);
                Ok(Change::RestoreResponse { response, index })
            }
            Change::UpdateItem { id, status, done } => {
                let item = self
                    .follow_up
                    .as_mut()
                    .and_then(|f| f.items.iter_mut().find(|i| i.id == id))
                    .ok_or(ModelError::UnknownItem(id))?;
                Ok(Change::UpdateItem {
                    id,
                    status: std::mem::replace(&mut item.status, status),
                    done: std::mem::replace(&mut item.done, done),
                })
            }
            Change::Batch(changes) => {
                let checkpoint = self.checkpoint();
                let mut inverses = Vec::with_capacity(changes.len());
                for change in changes {
                    match self.apply_inner(change) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            return Err(match self.roll_back(checkpoint, inverses) {
                                Ok(()) => e,
                                Err(undo) => ModelError::NotRolledBack {
                                    failed: Box::new(e),
                                    undo: Box::new(undo),
                                },
                            });
                        }
                    }
                }
                inverses.reverse();
                Ok(Change::Batch(inverses))
            }
        }
    }

    fn note_mut(&mut self, id: NoteId) -> Result<&mut Note, ModelError> {
        let i = index_of(&self.notes, id, |n| n.id).ok_or(ModelError::UnknownNote(id))?;
        Ok(&mut self.notes[i])
    }

    /// A table's fields, and no other table (but `except`) with its letter.
    fn check_table_fields(&self, table: &Table, except: Option<TableId>) -> Result<(), ModelError> {
        valid::table(table).first()?;
        if self
            .tables
            .iter()
            .any(|t| Some(t.id) != except && valid::same_letter(&t.letter, &table.letter))
        {
            return Err(ModelError::DuplicateLetter(table.letter.clone()));
        }
        Ok(())
    }

    // Adding or restoring an item. An id at or above `next_ids` cannot be taken (every id in a
    // valid session is below it), so only older ids are looked up: adding stays cheap however
    // many items there are.

    fn insert_table(&mut self, table: Table, index: usize) -> Result<Change, ModelError> {
        if table.id.0 < self.next_ids.table && self.has_table(table.id) {
            return Err(ModelError::DuplicateId(table.id.to_string()));
        }
        self.check_table_fields(&table, None)?;
        let id = table.id;
        let next = valid::after(id.0, id)?;
        self.next_ids.table = self.next_ids.table.max(next);
        self.tables.insert(index.min(self.tables.len()), table);
        Ok(Change::RemoveTable { id })
    }

    fn insert_note(&mut self, note: Note, index: usize) -> Result<Change, ModelError> {
        if note.id.0 < self.next_ids.note && self.has_note(note.id) {
            return Err(ModelError::DuplicateId(note.id.to_string()));
        }
        valid::note(&note, self).first()?;
        let id = note.id;
        let next = valid::after(id.0, id)?;
        self.next_ids.note = self.next_ids.note.max(next);
        self.notes.insert(index.min(self.notes.len()), note);
        Ok(Change::DeleteNote { id })
    }

    fn insert_theme(&mut self, theme: Theme, index: usize) -> Result<Change, ModelError> {
        if theme.id.0 < self.next_ids.theme && self.has_theme(theme.id) {
            return Err(ModelError::DuplicateId(theme.id.to_string()));
        }
        valid::theme(&theme, self).first()?;
        let id = theme.id;
        let next = valid::after(id.0, id)?;
        self.next_ids.theme = self.next_ids.theme.max(next);
        self.themes.insert(index.min(self.themes.len()), theme);
        Ok(Change::DeleteTheme { id })
    }

    fn insert_recommendation(
        &mut self,
        rec: Recommendation,
        index: usize,
    ) -> Result<Change, ModelError> {
        if rec.id.0 < self.next_ids.recommendation
            && index_of(&self.recommendations, rec.id, |r| r.id).is_some()
        {
            return Err(ModelError::DuplicateId(rec.id.to_string()));
        }
        valid::recommendation(&rec, self).first()?;
        let id = rec.id;
        let next = valid::after(id.0, id)?;
        self.next_ids.recommendation = self.next_ids.recommendation.max(next);
        self.recommendations
            .insert(index.min(self.recommendations.len()), rec);
        Ok(Change::DeleteRecommendation { id })
    }

    fn insert_response(&mut self, response: Response, index: usize) -> Result<Change, ModelError> {
        if response.id.0 < self.next_ids.response
            && index_of(&self.responses, response.id, |r| r.id).is_some()
        {
            return Err(ModelError::DuplicateId(response.id.to_string()));
        }
        valid::response(&response, self).first()?;
        let id = response.id;
        let next = valid::after(id.0, id)?;
        self.next_ids.response = self.next_ids.response.max(next);
        self.responses
            .insert(index.min(self.responses.len()), response);
        Ok(Change::DeleteResponse { id })
    }
}

#[cfg(test)]
mod tests;
