//! The board's columns, prepared after each change so that drawing never filters or sorts notes.

use crate::model::{Session, TableId};

/// How the board groups its cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// One column per table, with the notes of the current step.
    Table,
    /// One column per step, with the notes of every table.
    Step,
}

/// One column of cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The table this column shows (grouped by table).
    pub table: Option<TableId>,
    /// The step this column shows, by position (grouped by step).
    pub step: Option<usize>,
    /// Positions in `session.notes`, in the order written.
    pub notes: Vec<usize>,
}

/// The board, ready to draw: columns of note positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardIndex {
    pub columns: Vec<Column>,
    /// Positions in `session.notes` of the current step's notes, all tables (step view).
    pub step_notes: Vec<usize>,
}

impl BoardIndex {
    /// Builds the columns for `group`, with `step` (a position in the framework) as the current step.
    pub fn build(session: &Session, group: Group, step: usize) -> BoardIndex {
        let step_id = session
            .framework
            .steps
            .get(step)
            .map(|s| s.id.as_str())
            .unwrap_or("");
        let step_notes: Vec<usize> = session
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.step == step_id)
            .map(|(i, _)| i)
            .collect();
        let columns = match group {
            Group::Table => {
                let mut columns: Vec<Column> = session
                    .tables
                    .iter()
                    .map(|t| Column {
                        table: Some(t.id),
                        step: None,
                        notes: Vec::new(),
                    })
                    .collect();
                for &i in &step_notes {
                    let table = session.notes[i].table;
                    if let Some(c) = columns.iter_mut().find(|c| c.table == Some(table)) {
                        c.notes.push(i);
                    }
                }
                columns
            }
            Group::Step => {
                let mut columns: Vec<Column> = (0..session.framework.steps.len())
                    .map(|s| Column {
                        table: None,
                        step: Some(s),
                        notes: Vec::new(),
                    })
                    .collect();
                let position: std::collections::HashMap<&str, usize> = session
                    .framework
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.as_str(), i))
                    .collect();
                for (i, n) in session.notes.iter().enumerate() {
                    if let Some(&s) = position.get(n.step.as_str()) {
                        columns[s].notes.push(i);
                    }
                }
                columns
            }
        };
        BoardIndex {
            columns,
            step_notes,
        }
    }

    /// (column, row) of the note at position `note` in the session, if it is on the board.
    pub fn find(&self, note: usize) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(c, col)| col.notes.iter().position(|&n| n == note).map(|r| (c, r)))
    }
}
