//! The open session as the screen uses it: the one commit path (store, undo history, changes
//! waiting for the disk and the disk's last error), and the one way to choose new ids.

use crate::model::{Change, History, NextIds, Session};
use crate::store::SessionStore;
use std::collections::VecDeque;

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

/// What became of a change given to [`SessionCtx::commit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// Durable and applied: show it.
    Done,
    /// Kept in memory behind a change the disk refused; retried on every tick, in order.
    Waiting,
    /// Not possible (the message says why); nothing changed.
    Refused(String),
}

impl Committed {
    pub fn done(&self) -> bool {
        *self == Committed::Done
    }

    /// Done, or kept to be written: either way the typed text may be cleared.
    pub fn kept(&self) -> bool {
        matches!(self, Committed::Done | Committed::Waiting)
    }
}

/// What [`SessionCtx::retry`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Retried {
    /// Some waiting changes were written and applied.
    pub changed: bool,
    /// Every waiting change is now written.
    pub all_saved: bool,
    /// A waiting change that could no longer be applied, and why.
    pub dropped: Option<String>,
}

/// The open session and its commit path.
pub struct SessionCtx<S: SessionStore> {
    store: S,
    history: History,
    waiting: VecDeque<Change>,
    disk_error: Option<String>,
}

impl<S: SessionStore> SessionCtx<S> {
    pub fn new(store: S) -> SessionCtx<S> {
        SessionCtx {
            store,
            history: History::default(),
            waiting: VecDeque::new(),
            disk_error: None,
        }
    }

    pub fn session(&self) -> &Session {
        self.store.session()
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    pub fn into_store(self) -> S {
        self.store
    }

    pub fn read_only(&self) -> bool {
        self.store.read_only()
    }

    /// Changes kept in memory because the disk refused them, oldest first.
    pub fn waiting(&self) -> impl Iterator<Item = &Change> {
        self.waiting.iter()
    }

    pub fn is_waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn save_state(&self) -> SaveState {
        if self.store.read_only() {
            return SaveState::ReadOnly;
        }
        match (&self.disk_error, self.waiting.len()) {
            (_, 0) => SaveState::Saved,
            (Some(message), waiting) => SaveState::Refused {
                message: message.clone(),
                waiting,
            },
            (None, waiting) => SaveState::Saving(waiting),
        }
    }

    /// The ids the next new note, theme, recommendation… take: past the session's, and past
    /// those already taken by changes waiting for the disk.
    pub fn next_ids(&self) -> NextIds {
        let mut ids = self.session().next_ids;
        for change in &self.waiting {
            take_ids(change, &mut ids);
        }
        ids
    }

    /// Commits one change: durable first (the store returns only once it is), then shown.
    /// While earlier changes wait for the disk, later ones queue behind them so the order is
    /// kept. Several changes that make one action go as one [`Change::Batch`]: one undo.
    pub fn commit(&mut self, change: Change) -> Committed {
        if self.is_waiting() {
            self.waiting.push_back(change);
            return Committed::Waiting;
        }
        match self.store.commit(change.clone()) {
            Ok(inverse) => {
                if !change.is_navigation() {
                    self.history.record(inverse);
                }
                self.disk_error = None;
                Committed::Done
            }
            Err(e) if e.is_retryable() => {
                self.disk_error = Some(e.to_string());
                self.waiting.push_back(change);
                Committed::Waiting
            }
            Err(e) => Committed::Refused(e.to_string()),
        }
    }

    /// Why nothing can be written now (read-only, or changes waiting for the disk), if so.
    pub fn not_writable(&self) -> Option<String> {
        if self.store.read_only() {
            Some("the session is open read-only".into())
        } else if self.is_waiting() {
            Some(
                self.disk_error
                    .clone()
                    .unwrap_or_else(|| "earlier changes are waiting for the disk".into()),
            )
        } else {
            None
        }
    }

    /// Commits a navigation or sharing change now, or says why not: never queued behind
    /// changes waiting for the disk, never on the undo stack.
    pub fn commit_now(&mut self, change: Change) -> Result<(), String> {
        if let Some(why) = self.not_writable() {
            return Err(why);
        }
        self.store
            .commit(change)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Commits `changes` as one action (one undo step).
    pub fn commit_all(&mut self, mut changes: Vec<Change>) -> Committed {
        match changes.len() {
            0 => Committed::Refused("nothing to change".into()),
            1 => self.commit(changes.pop().expect("one change")),
            _ => self.commit(Change::Batch(changes)),
        }
    }

    /// Tries the waiting changes again, in order.
    pub fn retry(&mut self) -> Retried {
        let mut retried = Retried::default();
        while let Some(change) = self.waiting.front().cloned() {
            match self.store.commit(change.clone()) {
                Ok(inverse) => {
                    self.waiting.pop_front();
                    if !change.is_navigation() {
                        self.history.record(inverse);
                    }
                    retried.changed = true;
                }
                Err(e) if e.is_retryable() => {
                    self.disk_error = Some(e.to_string());
                    break;
                }
                Err(e) => {
                    self.waiting.pop_front();
                    retried.dropped = Some(format!("a waiting change could not be applied: {e}"));
                }
            }
        }
        if self.waiting.is_empty() {
            self.disk_error = None;
            retried.all_saved = true;
        }
        retried
    }

    /// Undoes (or redoes) the last action through the same commit path. `Ok(None)` when there
    /// is nothing to undo; an error says why it could not be done.
    pub fn undo(&mut self, undo: bool) -> Result<Option<String>, String> {
        if self.is_waiting() {
            return Err("wait: some changes are not saved yet".into());
        }
        let store = &mut self.store;
        let commit = |c: Change| store.commit(c);
        let result = if undo {
            self.history.undo(commit)
        } else {
            self.history.redo(commit)
        };
        result.map_err(|e| e.to_string())
    }
}

/// Advances `ids` past the ids `change` hands out.
fn take_ids(change: &Change, ids: &mut NextIds) {
    let past = |next: &mut u32, id: u32| *next = (*next).max(id.saturating_add(1));
    match change {
        Change::AddTable(t) => past(&mut ids.table, t.id.0),
        Change::AddNote(n) => past(&mut ids.note, n.id.0),
        Change::AddTheme(t) => past(&mut ids.theme, t.id.0),
        Change::AddRecommendation(r) => past(&mut ids.recommendation, r.id.0),
        Change::AddResponse(r) => past(&mut ids.response, r.id.0),
        Change::Batch(changes) => changes.iter().for_each(|c| take_ids(c, ids)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteId, NoteKind};
    use crate::store::MemoryStore;
    use jiff::Timestamp;

    #[test]
    fn waiting_changes_keep_their_ids_and_their_order() {
        let date = jiff::civil::date(2026, 3, 14);
        let framework = crate::framework::Framework::default_framework();
        let mut session = crate::model::Session::new("t", date, framework, Timestamp::UNIX_EPOCH);
        let table = session.next_table(None, Vec::new());
        session.apply(Change::AddTable(table)).unwrap();
        let mut ctx = SessionCtx::new(MemoryStore::new(session));
        let first = ctx.next_ids().note;
        ctx.store_mut().fail_with = Some("disk full".into());
        let s = ctx.session();
        let (table, step) = (s.tables[0].id, s.framework.steps[1].id.clone());
        let note = |ctx: &SessionCtx<MemoryStore>| {
            let mut n = ctx.session().next_note(
                table,
                &step,
                NoteKind::Comment,
                "x",
                Timestamp::UNIX_EPOCH,
            );
            n.id = NoteId(ctx.next_ids().note);
            n
        };
        let a = note(&ctx);
        assert_eq!(ctx.commit(Change::AddNote(a.clone())), Committed::Waiting);
        let b = note(&ctx);
        assert_eq!(
            b.id.0,
            first + 1,
            "the waiting note's id is not handed out twice"
        );
        assert_eq!(ctx.commit(Change::AddNote(b)), Committed::Waiting);
        assert!(matches!(
            ctx.save_state(),
            SaveState::Refused { waiting: 2, .. }
        ));
        assert!(ctx.undo(true).is_err(), "no undo while changes wait");

        ctx.store_mut().fail_with = None;
        let retried = ctx.retry();
        assert!(retried.changed && retried.all_saved);
        let ids: Vec<u32> = ctx.session().notes.iter().map(|n| n.id.0).collect();
        assert!(ids.ends_with(&[first, first + 1]), "{ids:?}");
        assert_eq!(ctx.save_state(), SaveState::Saved);
        assert!(ctx.undo(true).unwrap().is_some());
    }
}
