//! The voting view: the dots each table placed on each theme (as on the wall), the ranking,
//! and the votes of each stakeholder group — keys and update. Its state is kept with the
//! themes' ([`crate::tui::themes::ThemesState`]), which it shares.

pub mod view;

use crate::model::Change;
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::{App, Target};
use crate::tui::themes::{Naming, VotePane};
use crate::tui::widgets::cursor::Cursor;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl<S: SessionStore> App<S> {
    // -----------------------------------------------------------------------------------------
    // Voting view

    pub(crate) fn update_voting(&mut self, action: Action) -> Option<Action> {
        let (themes, tables) = {
            let s = self.session().expect("a session is open");
            (s.themes.len(), s.tables.len())
        };
        let (mut row, mut col) = (
            Cursor::new(self.themes.vote_cursor.0, 0),
            Cursor::new(self.themes.vote_cursor.1, 0),
        );
        match action {
            Action::Up | Action::ScrollUp if !row.step(false, themes) => {
                self.info("this is the first theme")
            }
            Action::Down | Action::ScrollDown if !row.step(true, themes) => {
                self.info("this is the last theme")
            }
            Action::Up | Action::ScrollUp | Action::Down | Action::ScrollDown => {
                self.themes.vote_cursor.0 = row.at
            }
            Action::Left if !col.step(false, tables) => self.info("this is the first table"),
            Action::Right if !col.step(true, tables) => self.info("this is the last table"),
            Action::Left | Action::Right => self.themes.vote_cursor.1 = col.at,
            Action::NextVotePane => {
                if self.themes.next_vote_pane(self.board.rows_visible) {
                    self.info("votes by stakeholder group, next page (g goes on)");
                    return None;
                }
                self.info(match self.themes.pane {
                    VotePane::Grid => "recording dots: themes × tables",
                    VotePane::Ranking => "ranking: dots per theme",
                    VotePane::Groups => {
                        "votes by stakeholder group: a table's dots count for each group at it"
                    }
                });
            }
            Action::SetDots(dots) => self.set_dots(|_| Some(dots)),
            Action::AddDot => self.set_dots(|d| Some(d + 1)),
            Action::RemoveDot => self.set_dots(|d| d.checked_sub(1)),
            Action::DotsPerTable => {
                let dots = self
                    .session()
                    .expect("a session is open")
                    .dots_per_table
                    .to_string();
                self.ask(Naming::DotsPerTable, &dots);
            }
            Action::Click { column, row } => match self.hit(column, row) {
                Some(Target::VoteCell { row, table }) => self.themes.vote_cursor = (row, table),
                Some(Target::Table(i)) => self.themes.vote_cursor.1 = i,
                _ => {}
            },
            other => return Some(other),
        }
        // The table bar below shows the same table as the grid's cursor.
        if tables > 0 {
            self.table = self.themes.vote_cursor.1.min(tables - 1);
        }
        None
    }

    /// Records the dots of the selected table on the selected theme: `f(current)`.
    fn set_dots(&mut self, f: impl Fn(u32) -> Option<u32>) {
        let session = self.session().expect("a session is open");
        let (row, col) = self.themes.vote_cursor;
        let (Some(theme), Some(table)) = (session.themes.get(row), session.tables.get(col)) else {
            self.info("no theme or table to vote on yet");
            return;
        };
        let current = session.dots(table.id, theme.id);
        let Some(dots) = f(current) else {
            self.info("no dots to take away");
            return;
        };
        if dots == current {
            self.info(format!(
                "table {}: already {} on «{}»",
                table.letter,
                plural(dots as usize, "dot", "dots"),
                theme.label
            ));
            return;
        }
        let placed: u32 = session
            .votes
            .iter()
            .filter(|v| v.table == table.id)
            .map(|v| v.dots)
            .sum::<u32>()
            - current
            + dots;
        let per = session.dots_per_table;
        let (letter, label) = (table.letter.clone(), theme.label.clone());
        let change = Change::SetVotes {
            table: table.id,
            theme: theme.id,
            dots,
        };
        if self.commit(change).done() {
            if placed > per {
                self.warn(format!(
                    "table {letter} has now placed {placed} dots, more than its {per}: recorded as on the wall (D changes the dots per table)"
                ));
            } else {
                self.info(format!(
                    "table {letter}: {} on «{label}» · {} left",
                    plural(dots as usize, "dot", "dots"),
                    per - placed
                ));
            }
        }
    }
}
