//! The workshop session: plain data that changes only through [`Session::apply`].

mod change;
mod drafts;
mod history;
mod ids;
mod note;
mod outcome;
mod table;
mod theme;

pub use change::{Change, ModelError};
pub use drafts::draft_recommendations;
pub use history::History;
pub use ids::{NextIds, NoteId, RecommendationId, ResponseId, TableId, ThemeId};
pub use note::{Note, NoteKind};
pub use outcome::{
    Commitment, Recommendation, Response, ResponseKind, ResponseStatus, ResponseTarget, Timeframe,
};
pub use table::{Stakeholder, Table, TableColour, default_letter};
pub use theme::{Origin, Theme, Vote};

use crate::framework::{Framework, Step};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The version of the session file format this build writes.
pub const SCHEMA: u32 = 1;

/// Dots each table gets for voting unless the session says otherwise.
pub const DEFAULT_DOTS: u32 = 3;

/// One workshop: who, where, the framework it follows, and everything the room produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// File format version; always first in the file.
    pub schema: u32,
    /// How many changes have been applied since the session was created. The journal's
    /// sequence numbers continue from it, so a reopened session knows what to replay.
    pub revision: u64,
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub venue: String,
    /// Town, city or area: where the workshop's place-based findings apply.
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub facilitators: Vec<String>,
    pub created: Timestamp,
    /// Copied in whole, so the file stands alone.
    pub framework: Framework,
    pub tables: Vec<Table>,
    pub notes: Vec<Note>,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default = "default_dots")]
    pub dots_per_table: u32,
    #[serde(default)]
    pub votes: Vec<Vote>,
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub responses: Vec<Response>,
    /// Every time the facilitator moved to a step, in order.
    #[serde(default)]
    pub step_log: Vec<StepVisit>,
    pub next_ids: NextIds,
}

fn default_dots() -> u32 {
    DEFAULT_DOTS
}

/// The facilitator moved to `step` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepVisit {
    pub step: String,
    pub at: Timestamp,
}

/// Something wrong inside an otherwise readable session file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What the problem is about, e.g. "note #17".
    pub subject: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

impl Session {
    /// A new, empty session on `framework`.
    pub fn new(
        title: impl Into<String>,
        date: Date,
        framework: Framework,
        created: Timestamp,
    ) -> Session {
        Session {
            schema: SCHEMA,
            revision: 0,
            title: title.into(),
            date,
            venue: String::new(),
            place: String::new(),
            facilitators: Vec::new(),
            created,
            framework,
            tables: Vec::new(),
            notes: Vec::new(),
            themes: Vec::new(),
            dots_per_table: DEFAULT_DOTS,
            votes: Vec::new(),
            recommendations: Vec::new(),
            responses: Vec::new(),
            step_log: Vec::new(),
            next_ids: NextIds::default(),
        }
    }

    /// A table ready to add: the next id, letter and colour, a default name.
    pub fn next_table(&self, name: Option<String>, mix: Vec<Stakeholder>) -> Table {
        let n = self.tables.len();
        // The first letter nobody uses: tables A, B and Z are joined by C, not D.
        let mut letter_n = 0;
        while self
            .tables
            .iter()
            .any(|t| t.letter == default_letter(letter_n))
        {
            letter_n += 1;
        }
        let letter = default_letter(letter_n);
        Table {
            id: TableId(self.next_ids.table),
            name: name.unwrap_or_else(|| format!("Table {letter}")),
            letter,
            colour: TableColour::nth(n),
            mix,
        }
    }

    /// A note ready to add, with the next free id.
    pub fn next_note(
        &self,
        table: TableId,
        step: &str,
        kind: NoteKind,
        text: impl Into<String>,
        created: Timestamp,
    ) -> Note {
        Note {
            id: NoteId(self.next_ids.note),
            table,
            step: step.to_string(),
            kind,
            text: text.into(),
            tags: Vec::new(),
            lived_experience: false,
            sensitive: false,
            created,
            theme: None,
            placed_by: None,
        }
    }

    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub fn table_by_letter(&self, letter: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.letter.eq_ignore_ascii_case(letter.trim()))
    }

    pub fn note(&self, id: NoteId) -> Option<&Note> {
        self.notes.iter().find(|n| n.id == id)
    }

    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The step the facilitator is on: the last one visited, else the first.
    pub fn current_step(&self) -> &Step {
        self.step_log
            .last()
            .and_then(|v| self.framework.step(&v.step))
            .unwrap_or_else(|| self.framework.first_step())
    }

    /// Dots a table placed on a theme.
    pub fn dots(&self, table: TableId, theme: ThemeId) -> u32 {
        self.votes
            .iter()
            .find(|v| v.table == table && v.theme == theme)
            .map_or(0, |v| v.dots)
    }

    /// All dots placed on a theme.
    pub fn theme_dots(&self, theme: ThemeId) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.theme == theme)
            .map(|v| v.dots)
            .sum()
    }

    /// Checks the references and ids inside a session read from a file.
    /// An empty list means the session is consistent.
    pub fn problems(&self) -> Vec<Problem> {
        use std::collections::HashSet;
        let mut out = Vec::new();
        let mut push = |subject: String, message: String| out.push(Problem { subject, message });
        if let Err(message) = self.framework.validate() {
            push("framework".into(), message);
        }
        let mut table_ids = HashSet::new();
        let mut letters = HashSet::new();
        for t in &self.tables {
            if !table_ids.insert(t.id) {
                push(t.id.to_string(), "this id is used by two tables".into());
            }
            if t.letter.trim().is_empty() {
                push(t.id.to_string(), "the table has no letter".into());
            } else if !letters.insert(t.letter.to_uppercase()) {
                push(
                    t.id.to_string(),
                    format!("letter `{}` is used by two tables", t.letter),
                );
            }
            if t.id.0 >= self.next_ids.table {
                push(
                    t.id.to_string(),
                    format!("id is not below next_ids.table ({})", self.next_ids.table),
                );
            }
        }
        let mut theme_ids = HashSet::new();
        for t in &self.themes {
            if !theme_ids.insert(t.id) {
                push(t.id.to_string(), "this id is used by two themes".into());
            }
            if t.id.0 >= self.next_ids.theme {
                push(
                    t.id.to_string(),
                    format!("id is not below next_ids.theme ({})", self.next_ids.theme),
                );
            }
            if let Some(step) = &t.step
                && self.framework.step(step).is_none()
            {
                push(
                    t.id.to_string(),
                    format!("refers to step `{step}`, which is not in the framework"),
                );
            }
        }
        let mut note_ids = HashSet::new();
        for n in &self.notes {
            if !note_ids.insert(n.id) {
                push(n.id.to_string(), "this id is used by two notes".into());
            }
            if n.id.0 >= self.next_ids.note {
                push(
                    n.id.to_string(),
                    format!("id is not below next_ids.note ({})", self.next_ids.note),
                );
            }
            if !table_ids.contains(&n.table) {
                push(
                    n.id.to_string(),
                    format!("refers to {}, which is not in the file", n.table),
                );
            }
            if self.framework.step(&n.step).is_none() {
                push(
                    n.id.to_string(),
                    format!("refers to step `{}`, which is not in the framework", n.step),
                );
            }
            if let Some(theme) = n.theme
                && !theme_ids.contains(&theme)
            {
                push(
                    n.id.to_string(),
                    format!("refers to {theme}, which is not in the file"),
                );
            }
        }
        let mut vote_keys = HashSet::new();
        for v in &self.votes {
            let subject = format!("vote of {} on {}", v.table, v.theme);
            if !table_ids.contains(&v.table) {
                push(subject.clone(), format!("{} is not in the file", v.table));
            }
            if !theme_ids.contains(&v.theme) {
                push(subject.clone(), format!("{} is not in the file", v.theme));
            }
            if !vote_keys.insert((v.table, v.theme)) {
                push(subject, "recorded twice".into());
            }
        }
        let mut rec_ids = HashSet::new();
        for r in &self.recommendations {
            if !rec_ids.insert(r.id) {
                push(
                    r.id.to_string(),
                    "this id is used by two recommendations".into(),
                );
            }
            if r.id.0 >= self.next_ids.recommendation {
                push(
                    r.id.to_string(),
                    format!(
                        "id is not below next_ids.recommendation ({})",
                        self.next_ids.recommendation
                    ),
                );
            }
            for t in &r.themes {
                if !theme_ids.contains(t) {
                    push(
                        r.id.to_string(),
                        format!("refers to {t}, which is not in the file"),
                    );
                }
            }
            for s in &r.steps {
                if self.framework.step(s).is_none() {
                    push(
                        r.id.to_string(),
                        format!("refers to step `{s}`, which is not in the framework"),
                    );
                }
            }
        }
        let mut resp_ids = HashSet::new();
        for r in &self.responses {
            if !resp_ids.insert(r.id) {
                push(r.id.to_string(), "this id is used by two responses".into());
            }
            if r.id.0 >= self.next_ids.response {
                push(
                    r.id.to_string(),
                    format!(
                        "id is not below next_ids.response ({})",
                        self.next_ids.response
                    ),
                );
            }
            match r.target {
                ResponseTarget::Note(n) if !note_ids.contains(&n) => push(
                    r.id.to_string(),
                    format!("responds to {n}, which is not in the file"),
                ),
                ResponseTarget::Theme(t) if !theme_ids.contains(&t) => push(
                    r.id.to_string(),
                    format!("responds to {t}, which is not in the file"),
                ),
                _ => {}
            }
        }
        for (i, v) in self.step_log.iter().enumerate() {
            if self.framework.step(&v.step).is_none() {
                push(
                    format!("step_log entry {}", i + 1),
                    format!("step `{}` is not in the framework", v.step),
                );
            }
        }
        out
    }
}
