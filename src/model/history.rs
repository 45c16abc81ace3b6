//! Undo and redo over changes: stacks of inverse changes, kept outside the saved session.

use super::Change;

/// Undo and redo stacks. Each entry is the change that reverses one user action.
///
/// Undo and redo are themselves changes: the caller commits them through the same path as any
/// other change (journal, then apply), via the `commit` closure, which returns the inverse.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

/// How many steps of undo are kept.
pub const UNDO_LIMIT: usize = 1000;

impl History {
    /// Records the inverse of a change the user just made; clears the redo stack.
    pub fn record(&mut self, inverse: Option<Change>) {
        if let Some(inverse) = inverse {
            self.undo.push(inverse);
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The change the next undo would apply.
    pub fn peek_undo(&self) -> Option<&Change> {
        self.undo.last()
    }

    /// Undoes the last action by committing its inverse. Returns `Ok(None)` when there is
    /// nothing to undo. If `commit` fails, the history is left unchanged.
    pub fn undo<E>(
        &mut self,
        commit: impl FnOnce(Change) -> Result<Option<Change>, E>,
    ) -> Result<Option<String>, E> {
        Self::step(&mut self.undo, &mut self.redo, commit)
    }

    /// Redoes the last undone action.
    pub fn redo<E>(
        &mut self,
        commit: impl FnOnce(Change) -> Result<Option<Change>, E>,
    ) -> Result<Option<String>, E> {
        Self::step(&mut self.redo, &mut self.undo, commit)
    }

    fn step<E>(
        from: &mut Vec<Change>,
        to: &mut Vec<Change>,
        commit: impl FnOnce(Change) -> Result<Option<Change>, E>,
    ) -> Result<Option<String>, E> {
        let Some(change) = from.pop() else {
            return Ok(None);
        };
        let description = change.describe();
        match commit(change.clone()) {
            Ok(inverse) => {
                if let Some(inverse) = inverse {
                    to.push(inverse);
                }
                Ok(Some(description))
            }
            Err(e) => {
                from.push(change);
                Err(e)
            }
        }
    }
}
