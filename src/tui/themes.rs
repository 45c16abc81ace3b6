//! The themes and voting views as state: notes in columns by theme, the voting grid with its
//! ranking and its dots by stakeholder group, and the clustering job waited for (run by
//! whoever runs the app's effects: see `job`).
//!
//! Everything here is prepared in `update` (after each change), so drawing never sorts or
//! filters notes. Nothing here changes the session: `App` turns choices into `Change`s.

pub mod popups;
pub mod view;

mod job;
mod suggestions;
mod update;
pub use job::{Job, JobKind, JobOutcome, SIMILAR_NOTES, Scope, Workers, run_job};
pub use suggestions::accept_all_warning;

use crate::cluster::Suggestions;
use crate::model::{NoteId, Session, Stakeholder, TableId, ThemeId};
use crate::tui::widgets::cursor::Cursor;
use ratatui_textarea::TextArea;
use std::collections::BTreeMap;

/// One column of the themes view: a theme, or the notes in no theme (`theme: None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeColumn {
    pub theme: Option<ThemeId>,
    /// Positions in `session.notes`, in the order written.
    pub notes: Vec<usize>,
}

/// The themes view's columns: "Unthemed" first, then every theme in the session's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeIndex {
    pub columns: Vec<ThemeColumn>,
}

impl ThemeIndex {
    pub fn build(session: &Session) -> ThemeIndex {
        let mut columns = vec![ThemeColumn {
            theme: None,
            notes: Vec::new(),
        }];
        let mut at: BTreeMap<ThemeId, usize> = BTreeMap::new();
        for t in &session.themes {
            at.insert(t.id, columns.len());
            columns.push(ThemeColumn {
                theme: Some(t.id),
                notes: Vec::new(),
            });
        }
        for (i, n) in session.notes.iter().enumerate() {
            let c = n.theme.and_then(|t| at.get(&t).copied()).unwrap_or(0);
            columns[c].notes.push(i);
        }
        ThemeIndex { columns }
    }

    /// (column, row) of the note at position `note` in the session.
    pub fn find(&self, note: usize) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.notes.iter().position(|&n| n == note).map(|r| (c, r)))
    }

    /// The column of a theme (`None`: the unthemed column).
    pub fn column_of(&self, theme: Option<ThemeId>) -> Option<usize> {
        self.columns.iter().position(|c| c.theme == theme)
    }
}

// One ranking rule everywhere (ties share a rank): the model's, as in the exported summary.
pub use crate::model::{Ranked, ranking};

/// Dots by stakeholder group: every dot a table placed counts for each group sitting at it
/// (the rule of the exported summary). Groups present at some table, lived experience and
/// employers first; in each, themes with dots, most first.
pub fn dots_by_group(session: &Session) -> Vec<(Stakeholder, Vec<(ThemeId, u32)>)> {
    let mut order: Vec<Stakeholder> = vec![Stakeholder::LivedExperience, Stakeholder::Employer];
    order.extend(
        Stakeholder::ALL
            .into_iter()
            .filter(|s| !matches!(s, Stakeholder::LivedExperience | Stakeholder::Employer)),
    );
    order
        .into_iter()
        .filter(|g| session.tables.iter().any(|t| t.mix.contains(g)))
        .map(|g| {
            let mut themes: Vec<(ThemeId, u32)> = session
                .themes
                .iter()
                .map(|t| {
                    let dots = session
                        .votes
                        .iter()
                        .filter(|v| v.theme == t.id)
                        .filter(|v| session.table(v.table).is_some_and(|x| x.mix.contains(&g)))
                        .map(|v| v.dots)
                        .sum();
                    (t.id, dots)
                })
                .filter(|(_, d)| *d > 0)
                .collect();
            themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            (g, themes)
        })
        .collect()
}

/// The voting view's numbers, prepared after each change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoteIndex {
    pub ranking: Vec<Ranked>,
    /// Dots each table has placed, in table order.
    pub placed: Vec<(TableId, u32)>,
    pub by_group: Vec<(Stakeholder, Vec<(ThemeId, u32)>)>,
}

impl VoteIndex {
    pub fn build(session: &Session) -> VoteIndex {
        VoteIndex {
            ranking: ranking(session),
            placed: session
                .tables
                .iter()
                .map(|t| {
                    let dots = session
                        .votes
                        .iter()
                        .filter(|v| v.table == t.id)
                        .map(|v| v.dots)
                        .sum();
                    (t.id, dots)
                })
                .collect(),
            by_group: dots_by_group(session),
        }
    }

    pub fn rank_of(&self, theme: ThemeId) -> Option<&Ranked> {
        self.ranking.iter().find(|r| r.theme == theme)
    }
}

/// The lines of the votes by stakeholder group, in order: (group, theme) for each theme a
/// group gave dots to, or (group, `None`) for a group that gave none. Headings are drawn where
/// a group starts (and again where it goes on in another column or page).
pub fn group_entries(
    by_group: &[(Stakeholder, Vec<(ThemeId, u32)>)],
) -> Vec<(usize, Option<usize>)> {
    by_group
        .iter()
        .enumerate()
        .flat_map(|(g, (_, themes))| {
            let rows: Vec<Option<usize>> = if themes.is_empty() {
                vec![None]
            } else {
                (0..themes.len()).map(Some).collect()
            };
            rows.into_iter().map(move |t| (g, t))
        })
        .collect()
}

/// What the voting view shows beside (or instead of) the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VotePane {
    /// Recording dots: themes × tables.
    Grid,
    /// Totals and ranking as a bar chart.
    Ranking,
    /// Dots by stakeholder group, side by side.
    Groups,
}

impl VotePane {
    pub fn next(self) -> VotePane {
        match self {
            VotePane::Grid => VotePane::Ranking,
            VotePane::Ranking => VotePane::Groups,
            VotePane::Groups => VotePane::Grid,
        }
    }
}

/// What is being carried to another column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picking {
    /// Notes to place in the chosen theme (or to take out of their theme).
    Notes(Vec<NoteId>),
    /// A theme to merge into the chosen one.
    Theme(ThemeId),
}

/// Suggestions shown before anything is applied.
#[derive(Debug, Clone)]
pub struct Preview {
    pub suggestions: Suggestions,
    /// Which notes were grouped, in words.
    pub about: String,
    /// Row selected: a proposed theme, or (one past the last) the offers to existing themes.
    pub selected: usize,
    /// The session's revision when the run started (the notes it saw).
    pub revision: u64,
}

impl Preview {
    /// Rows in the list: the proposed themes, plus one for the offers when there are any.
    pub fn rows(&self) -> usize {
        self.suggestions.themes.len() + usize::from(!self.suggestions.offers.is_empty())
    }

    pub fn on_offers(&self) -> bool {
        self.selected >= self.suggestions.themes.len()
    }
}

/// What a name typed in a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    NewTheme,
    Rename(ThemeId),
    /// A new theme for these notes.
    Split(Vec<NoteId>),
    DotsPerTable,
}

/// Pop-ups of the themes and voting views.
#[derive(Debug)]
pub enum ThemesOverlay {
    Preview(Box<Preview>),
    /// "Accept all" would replace earlier suggestions or the session has themes people made:
    /// says what will and will not change before anything is applied.
    ConfirmAccept {
        preview: Box<Preview>,
        lines: Vec<String>,
    },
    Prompt {
        naming: Naming,
        text: Box<TextArea<'static>>,
    },
    Similar {
        note: NoteId,
        list: Vec<(NoteId, f32)>,
        selected: usize,
    },
}

/// The themes and voting views' state.
#[derive(Debug)]
pub struct ThemesState {
    pub index: ThemeIndex,
    /// (column, row) of the selected card.
    pub cursor: (usize, usize),
    /// First card row shown in each column that has been scrolled, by the column's theme
    /// (`None`: Unthemed): each column keeps its own, so a short theme never looks empty
    /// because a long one was scrolled down.
    pub tops: BTreeMap<Option<ThemeId>, usize>,
    /// Notes marked with Space, to move or split together.
    pub marked: Vec<NoteId>,
    /// Notes or a theme being carried to another column (`m`, `M`, or a click).
    pub picking: Option<Picking>,
    /// A note just clicked: a click on a theme's heading moves it there.
    pub clicked: Option<NoteId>,
    pub job: Option<Job>,
    /// The generation the next job gets (each job's answers are told apart by it).
    pub next_generation: u64,
    /// Suggestions that arrived while the facilitator was busy elsewhere.
    pub ready: Option<Box<Preview>>,
    pub votes: VoteIndex,
    /// (theme row in session order, table position) in the voting grid.
    pub vote_cursor: (usize, usize),
    pub pane: VotePane,
    /// The first of [`group_entries`] shown by the votes by stakeholder group (its page).
    pub groups_top: usize,
}

impl Default for ThemesState {
    fn default() -> Self {
        ThemesState {
            index: ThemeIndex::default(),
            cursor: (0, 0),
            tops: BTreeMap::new(),
            clicked: None,
            marked: Vec::new(),
            picking: None,
            job: None,
            next_generation: 1,
            ready: None,
            votes: VoteIndex::default(),
            vote_cursor: (0, 0),
            pane: VotePane::Grid,
            groups_top: 0,
        }
    }
}

impl ThemesState {
    /// The note under the cursor.
    pub fn note_at_cursor<'s>(&self, session: &'s Session) -> Option<&'s crate::model::Note> {
        let (c, r) = self.cursor;
        let i = *self.index.columns.get(c)?.notes.get(r)?;
        session.notes.get(i)
    }

    /// The theme of the cursor's column (`None` on the unthemed column).
    pub fn theme_at_cursor(&self) -> Option<ThemeId> {
        self.index.columns.get(self.cursor.0).and_then(|c| c.theme)
    }

    /// The first card row shown in column `column` (0 when it was never scrolled).
    pub fn top_of(&self, column: usize) -> usize {
        self.index
            .columns
            .get(column)
            .and_then(|c| self.tops.get(&c.theme))
            .copied()
            .unwrap_or(0)
    }

    /// The first card row to show in column `column`, `rows` cards high: its own top, moved
    /// just enough to show the cursor in the cursor's column, and never so far down that rows
    /// stay empty while cards above are hidden.
    pub fn visible_top(&self, column: usize, rows: usize) -> usize {
        let rows = rows.max(1);
        let len = self.index.columns.get(column).map_or(0, |c| c.notes.len());
        let mut top = self.top_of(column);
        if column == self.cursor.0 {
            top = Cursor::new(self.cursor.1, top).visible_top(rows);
        }
        top.min(len.saturating_sub(rows))
    }

    /// Scrolls the cursor's column (only that one) so the cursor shows among `rows` cards.
    pub fn scroll_to_cursor(&mut self, rows: usize) {
        let c = self.cursor.0;
        let top = self.visible_top(c, rows);
        if let Some(col) = self.index.columns.get(c) {
            self.tops.insert(col.theme, top);
        }
    }

    /// `g` in the voting view: the next page of the votes by stakeholder group while some of
    /// them are not shown yet (`shown`: how many of [`group_entries`] the last frame showed),
    /// else the next pane. True when it turned the page.
    pub fn next_vote_pane(&mut self, shown: usize) -> bool {
        if self.pane == VotePane::Groups {
            let total = group_entries(&self.votes.by_group).len();
            let next = self.groups_top + shown.max(1);
            if next < total {
                self.groups_top = next;
                return true;
            }
        }
        self.pane = self.pane.next();
        self.groups_top = 0;
        false
    }

    /// True while suggestions are being computed.
    pub fn suggesting(&self) -> bool {
        self.job
            .as_ref()
            .is_some_and(|j| matches!(j.kind, JobKind::Suggest(_)))
    }

    /// Prepares the columns and the vote after a change, keeping the cursor on the same note
    /// (or on `follow`, a note that just moved), else in the same theme's column.
    pub fn rebuild(&mut self, session: &Session, follow: Option<NoteId>) {
        let before_theme = self.index.columns.get(self.cursor.0).map(|c| c.theme);
        let before_note = self.note_at_cursor(session).map(|n| n.id);
        self.index = ThemeIndex::build(session);
        self.votes = VoteIndex::build(session);
        self.marked.retain(|id| session.note(*id).is_some());
        self.tops
            .retain(|theme, _| theme.is_none_or(|t| session.theme(t).is_some()));
        let find = |id: NoteId| {
            session
                .notes
                .iter()
                .position(|n| n.id == id)
                .and_then(|i| self.index.find(i))
        };
        let column = before_theme.and_then(|t| self.index.column_of(t));
        let at = follow.and_then(find).or_else(|| {
            before_note
                .and_then(find)
                .filter(|(c, _)| Some(*c) == column)
        });
        self.cursor = match (at, column) {
            (Some(at), _) => at,
            (None, Some(c)) => (c, self.cursor.1),
            (None, None) => self.cursor,
        };
        let cols = self.index.columns.len();
        self.cursor.0 = self.cursor.0.min(cols.saturating_sub(1));
        let len = self.index.columns[self.cursor.0].notes.len();
        self.cursor.1 = self.cursor.1.min(len.saturating_sub(1));
        let rows = session.themes.len();
        let (mut row, mut table) = (
            Cursor::new(self.vote_cursor.0, 0),
            Cursor::new(self.vote_cursor.1, 0),
        );
        row.clamp(rows);
        table.clamp(session.tables.len());
        self.vote_cursor = (row.at, table.at);
        if let Some(Picking::Theme(t)) = &self.picking
            && session.theme(*t).is_none()
        {
            self.picking = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteKind, Origin, Theme};

    fn session() -> Session {
        let mut s = Session::new(
            "Votes",
            jiff::civil::date(2026, 9, 24),
            Framework::default_framework(),
            "2026-09-24T09:00:00Z".parse().unwrap(),
        );
        for mix in [
            vec![Stakeholder::Employer],
            vec![Stakeholder::LivedExperience, Stakeholder::Employer],
            vec![Stakeholder::LivedExperience],
        ] {
            let t = s.next_table(None, mix);
            s.apply(Change::AddTable(t)).unwrap();
        }
        for label in ["One", "Two", "Three"] {
            let theme = Theme {
                id: ThemeId(s.next_ids.theme),
                label: label.into(),
                origin: Origin::Person,
                step: None,
                description: String::new(),
            };
            s.apply(Change::AddTheme(theme)).unwrap();
        }
        let n = s.next_note(TableId(1), "welcome", NoteKind::Idea, "a note", s.created);
        s.apply(Change::AddNote(n)).unwrap();
        s
    }

    fn vote(s: &mut Session, table: u32, theme: u32, dots: u32) {
        s.apply(Change::SetVotes {
            table: TableId(table),
            theme: ThemeId(theme),
            dots,
        })
        .unwrap();
    }

    #[test]
    fn ranking_shares_ranks_on_ties_and_counts_every_group_at_a_table() {
        let mut s = session();
        vote(&mut s, 1, 1, 2);
        vote(&mut s, 2, 2, 2);
        vote(&mut s, 3, 3, 3);
        let r = ranking(&s);
        let order: Vec<(u32, usize, u32)> = r.iter().map(|r| (r.theme.0, r.rank, r.dots)).collect();
        assert_eq!(order, vec![(3, 1, 3), (1, 2, 2), (2, 2, 2)]);
        let groups = dots_by_group(&s);
        assert_eq!(groups[0].0, Stakeholder::LivedExperience);
        assert_eq!(groups[0].1, vec![(ThemeId(3), 3), (ThemeId(2), 2)]);
        assert_eq!(groups[1].0, Stakeholder::Employer);
        assert_eq!(groups[1].1, vec![(ThemeId(1), 2), (ThemeId(2), 2)]);
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn unthemed_notes_come_first_and_the_cursor_follows_a_moved_note() {
        let mut s = session();
        let mut state = ThemesState::default();
        state.rebuild(&s, None);
        assert_eq!(state.index.columns.len(), 4);
        assert_eq!(state.index.columns[0].notes, vec![0]);
        s.apply(Change::PlaceNote {
            note: NoteId(1),
            theme: Some(ThemeId(2)),
            by: Some(Origin::Person),
        })
        .unwrap();
        state.rebuild(&s, Some(NoteId(1)));
        assert_eq!(state.cursor, (2, 0));
        assert_eq!(state.theme_at_cursor(), Some(ThemeId(2)));
    }
}
