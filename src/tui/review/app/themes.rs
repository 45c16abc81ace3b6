//! Themes across workshops: what the Themes view shows while the notes the filters select are
//! clustered on another thread (the run loop's [`Effect::FindThemes`]), and the clustering job
//! itself. Drawn by `screens::themes`.

use super::{Cursor, Effect, ReviewApp};
use crate::review::{CrossTheme, Library};

/// Cross-workshop themes: not asked for yet, being found, or found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Themes {
    NotRun,
    Running {
        generation: u64,
        notes: usize,
        progress: String,
    },
    Found {
        generation: u64,
        /// Notes clustered, and how many the filters selected.
        notes: usize,
        of: usize,
        themes: Vec<CrossTheme>,
    },
}

/// At most this many notes are clustered for cross-workshop themes (an even sample beyond).
pub const MOST_NOTES_CLUSTERED: usize = 5_000;

impl ReviewApp {
    /// How many themes were found: none until the clustering has finished.
    pub fn theme_count(&self) -> usize {
        match &self.themes {
            Themes::Found { themes, .. } => themes.len(),
            _ => 0,
        }
    }

    /// Asks the run loop to cluster the selected notes (an even sample when there are many).
    pub(super) fn find_themes(&mut self) {
        if self.library.is_none() {
            return;
        }
        let rows: Vec<usize> = if self.rows.len() <= MOST_NOTES_CLUSTERED {
            self.rows.clone()
        } else {
            (0..MOST_NOTES_CLUSTERED)
                .map(|i| self.rows[i * self.rows.len() / MOST_NOTES_CLUSTERED])
                .collect()
        };
        self.themes = Themes::Running {
            generation: self.generation,
            notes: rows.len(),
            progress: "starting".into(),
        };
        self.effects.push(Effect::FindThemes {
            generation: self.generation,
            rows,
        });
    }

    /// How far the clustering has got.
    pub fn themes_progress(&mut self, generation: u64, text: String) {
        if let Themes::Running {
            generation: g,
            progress,
            ..
        } = &mut self.themes
            && *g == generation
        {
            *progress = text;
        }
    }

    /// The clustering's result for the rows of `generation`.
    pub fn themes_found(&mut self, generation: u64, themes: Vec<CrossTheme>) {
        let Themes::Running {
            generation: g,
            notes,
            ..
        } = &self.themes
        else {
            return;
        };
        if *g != generation {
            return; // an older run, overtaken by a newer one
        }
        self.themes = Themes::Found {
            generation,
            notes: *notes,
            of: self.rows.len().max(*notes),
            themes,
        };
        self.themes_cursor = Cursor::default();
    }
}

/// The run loop's clustering job: themes across workshops among `rows`.
pub fn find_themes(
    library: &Library,
    rows: &[usize],
    progress: &mut dyn FnMut(crate::cluster::Progress),
) -> Vec<CrossTheme> {
    let finder = crate::review::Clustered::default().with_progress(progress);
    library.cross_themes(rows, &finder)
}

/// Words for a clustering progress report.
pub fn describe(progress: crate::cluster::Progress) -> String {
    use crate::cluster::Progress as P;
    match progress {
        P::Reading { done, total } => format!("reading notes {done} of {total}"),
        P::Choosing { tried, of } => format!("choosing the number of themes ({tried} of {of})"),
        P::Grouping { themes } => format!("grouping into {themes} themes"),
        P::Labelling => "naming the themes".into(),
    }
}
