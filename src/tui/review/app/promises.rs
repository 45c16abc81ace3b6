//! The Promises view's state: every recommendation, commitment and response across the selected
//! sessions, followed through the follow-up workshops that carried it ([`Lineage`]), and the
//! follow-ups whose previous session is not among them or has changed. Drawn by
//! `screens::promises`.

use super::{ReviewApp, View};
use crate::review::{BrokenLink, Lineage, Thread, broken_links};

/// The lineage of the selected sessions, as of the selection it was built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promises {
    /// The app's generation it was built at: rebuilt when the selection changes.
    pub generation: u64,
    pub lineage: Lineage,
    pub broken: Vec<BrokenLink>,
}

impl ReviewApp {
    /// Builds the lineage of the selected sessions when the Promises view needs it.
    pub(super) fn prepare_promises(&mut self) {
        if self.view != View::Promises
            || self.promises.as_ref().map(|p| p.generation) == Some(self.generation)
        {
            return;
        }
        let Some(library) = &self.library else {
            return;
        };
        let sessions: Vec<&crate::model::Session> = library
            .sessions()
            .iter()
            .zip(&self.selected)
            .filter(|(_, on)| **on)
            .map(|(l, _)| &l.session)
            .collect();
        self.promises = Some(Promises {
            generation: self.generation,
            lineage: Lineage::build(sessions.iter().copied()),
            broken: broken_links(sessions.iter().copied()),
        });
        let len = self.promise_threads().len();
        let page = self.page();
        self.promises_cursor.clamp(len, page);
    }

    /// The promises listed: every one, or those not done or dropped with `o`.
    pub fn promise_threads(&self) -> Vec<&Thread> {
        let Some(p) = &self.promises else {
            return Vec::new();
        };
        p.lineage
            .threads
            .iter()
            .filter(|t| !self.open_only || !t.status().is_closed())
            .collect()
    }

    /// The promise under the cursor.
    pub fn promise(&self) -> Option<&Thread> {
        self.promise_threads().get(self.promises_cursor.at).copied()
    }

    pub(super) fn toggle_open_only(&mut self) {
        self.open_only = !self.open_only;
        self.promises_cursor = Default::default();
        self.message = Some(
            if self.open_only {
                "promises: only those not done or dropped"
            } else {
                "promises: every one"
            }
            .into(),
        );
    }
}
