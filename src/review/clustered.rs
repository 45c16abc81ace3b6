//! Cross-workshop themes found by the clustering library: a [`ThemeFinder`] over note texts.

use super::compare::{CrossNote, ThemeFinder};
use crate::cluster::{self, Options, Progress};
use std::cell::RefCell;

/// Groups notes from many workshops by meaning and shared words with
/// [`cluster::cluster_texts`], whatever themes the rooms gave them. Each group's notes come
/// closest to its centre first, so the first few are good samples.
pub struct Clustered<'a> {
    pub options: Options,
    progress: RefCell<Box<dyn FnMut(Progress) + 'a>>,
}

impl Default for Clustered<'_> {
    fn default() -> Self {
        Clustered::new(Options::default())
    }
}

impl<'a> Clustered<'a> {
    pub fn new(options: Options) -> Clustered<'a> {
        Clustered {
            options,
            progress: RefCell::new(Box::new(|_| {})),
        }
    }

    /// Reports how far a run has got (for a progress line on another thread).
    pub fn with_progress(mut self, progress: impl FnMut(Progress) + 'a) -> Clustered<'a> {
        self.progress = RefCell::new(Box::new(progress));
        self
    }
}

impl ThemeFinder for Clustered<'_> {
    fn find(&self, notes: &[CrossNote<'_>]) -> Vec<(String, Vec<usize>)> {
        if notes.is_empty() {
            return Vec::new();
        }
        let texts: Vec<&str> = notes.iter().map(|n| n.text).collect();
        let mut progress = self.progress.borrow_mut();
        let clustering = cluster::cluster_texts(&texts, &self.options, &mut *progress);
        clustering
            .groups
            .into_iter()
            .filter(|g| !g.members.is_empty())
            .map(|g| (g.label, g.members.into_iter().map(|m| m.index).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Library, LoadedSession, sample};

    #[test]
    fn clustering_groups_notes_across_sessions() {
        let library = Library::from_sessions(
            (0..3)
                .map(|n| LoadedSession::in_memory(format!("w{n}.ron"), sample::session(n, 40)))
                .collect(),
        );
        let rows = library.all();
        let mut calls = 0;
        let finder = Clustered::default().with_progress(|_| calls += 1);
        let themes = library.cross_themes(&rows, &finder);
        drop(finder);
        assert!(calls > 0);
        assert!(themes.len() >= 2, "{themes:?}");
        let placed: usize = themes.iter().map(|t| t.rows.len()).sum();
        assert_eq!(placed, rows.len(), "every note is in one theme");
        assert!(themes.iter().any(|t| t.sessions > 1));
        assert!(themes.iter().all(|t| !t.label.is_empty()));
    }
}
