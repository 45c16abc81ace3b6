//! The workshop session: plain data that changes only through [`Session::apply`].

mod change;
mod drafts;
mod follow_up;
pub mod global;
mod history;
mod ids;
mod note;
mod outcome;
mod ranking;
mod submission;
mod table;
mod theme;
mod valid;

pub use change::{Change, Checkpoint, ModelError};
pub use drafts::draft_recommendations;
pub use follow_up::{
    CarriedItem, FollowUp, ItemKind, ItemStatus, ItemUpdate, PreviousSession, SINCE_LAST_TIME,
    carry_forward, promises_of, since_last_time_step, with_follow_up_step,
};
pub use history::History;
pub use ids::{NextIds, NoteId, RecommendationId, ResponseId, TableId, ThemeId};
pub use note::{Device, Note, NoteKind};
pub use outcome::{
    Commitment, Recommendation, Response, ResponseKind, ResponseStatus, ResponseTarget, Timeframe,
    timeframe_fault, timeframe_faults,
};
pub use ranking::{Ranked, ranking};
pub use submission::{Review, Submission};
pub use table::{Stakeholder, Table, TableColour, default_letter};
pub use theme::{Origin, Theme, Vote};
pub use valid::{Place, Problem};

use crate::framework::{Framework, Step};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The version of the session file format this build writes. Schema 2 added the session's
/// [`Session::uuid`]; schema 1 files are read and given one derived from their content.
/// Schema 3 added follow-ups: [`Session::follow_up`], [`Note::about`] and the
/// [`StepKind::FollowUp`](crate::framework::StepKind::FollowUp) step; schema 2 files are
/// schema 3 files without them.
pub const SCHEMA: u32 = 3;

/// Dots each table gets for voting unless the session says otherwise.
pub const DEFAULT_DOTS: u32 = 3;

/// One workshop: who, where, the framework it follows, and everything the room produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// File format version; always first in the file.
    pub schema: u32,
    /// The session's identity: made at random when it is created, kept by every save, and the
    /// root of every id in the research dataset ([`crate::dataset::global_id`]). Two files
    /// with the same one are copies of one workshop. Files from before it existed get one
    /// derived from their content ([`Session::derived_uuid`]), written on their next save.
    #[serde(default = "Uuid::nil")]
    pub uuid: Uuid,
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
    /// The step timer as it was last left (paused, started, set), so a session closed and
    /// reopened keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer: Option<TimerState>,
    /// Dots placed from the room's devices, each also counted in its table's `votes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub device_votes: Vec<DeviceVote>,
    /// Cards face down on the projector (hide until reveal): counts only, no text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub face_down: bool,
    /// While the room is invited to join from its devices: where they join.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Sharing>,
    /// Notes from devices sent while moderation was on: waiting, accepted or rejected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submissions: Vec<Submission>,
    /// The workshop this one follows on from, and the promises it carried in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    pub next_ids: NextIds,
}

/// The dots one device in the room placed on one theme for its table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceVote {
    /// The device's key (see [`Device::key`]).
    pub device: String,
    pub table: TableId,
    pub theme: ThemeId,
    pub dots: u32,
}

/// The room is joining from its devices: the address to open and the code in it. Kept in the
/// session so that the wall (a reader of the file) can show it; cleared when sharing stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sharing {
    /// `http://ADDR:PORT/j/CODE`.
    pub url: String,
    pub code: String,
}

/// A count and its noun, for messages: "1 note", "2 notes", "0 notes".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn default_dots() -> u32 {
    DEFAULT_DOTS
}

/// The step timer: its step, its duration (none: counting up), the time it had run, and
/// when it was started if it was running then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimerState {
    pub step: String,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    pub run_ms: u64,
    #[serde(default)]
    pub running_since: Option<Timestamp>,
}

/// The facilitator moved to `step` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepVisit {
    pub step: String,
    pub at: Timestamp,
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
            uuid: Uuid::new_v4(),
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
            timer: None,
            device_votes: Vec::new(),
            face_down: false,
            sharing: None,
            submissions: Vec::new(),
            follow_up: None,
            next_ids: NextIds::default(),
        }
    }

    /// The identity a session from before sessions had one is given: the same for every copy
    /// of the file, since it is read from what a session never changes (when it was created)
    /// and what it was first called and dated.
    pub fn derived_uuid(&self) -> Uuid {
        /// Version-5 namespace of ids derived from a session's content.
        const DERIVED: Uuid = Uuid::from_u128(0x6c1f_2a0e_43d5_5b8e_9a57_0c3e_e2b4_91d7);
        let key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.created, self.title, self.date, self.framework.id
        );
        Uuid::new_v5(&DERIVED, key.as_bytes())
    }

    /// A table ready to add: the next id, letter and colour, a default name.
    pub fn next_table(&self, name: Option<String>, mix: Vec<Stakeholder>) -> Table {
        let n = self.tables.len();
        // The first letter nobody uses: tables A, B and Z are joined by C, not D.
        let used: std::collections::HashSet<String> = self
            .tables
            .iter()
            .map(|t| valid::letter_key(&t.letter))
            .collect();
        let letter = (0..)
            .map(default_letter)
            .find(|l| !used.contains(&valid::letter_key(l)))
            .unwrap_or_default();
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
            device: None,
            about: None,
        }
    }

    pub fn table(&self, id: TableId) -> Option<&Table> {
        valid::index_of(&self.tables, id, |t| t.id).map(|i| &self.tables[i])
    }

    pub fn table_by_letter(&self, letter: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.letter.eq_ignore_ascii_case(letter.trim()))
    }

    pub fn note(&self, id: NoteId) -> Option<&Note> {
        valid::index_of(&self.notes, id, |n| n.id).map(|i| &self.notes[i])
    }

    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        valid::index_of(&self.themes, id, |t| t.id).map(|i| &self.themes[i])
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
        valid::index_of(&self.votes, (table, theme), |v| (v.table, v.theme))
            .map_or(0, |i| self.votes[i].dots)
    }

    /// The dots a device in the room has still to place: the session's dots per table, less
    /// those it placed on themes that still exist.
    pub fn device_dots_left(&self, device: &str) -> u32 {
        let placed: u32 = self
            .device_votes
            .iter()
            .filter(|v| v.device == device && self.theme(v.theme).is_some())
            .map(|v| v.dots)
            .sum();
        self.dots_per_table.saturating_sub(placed)
    }

    /// All dots placed on a theme.
    pub fn theme_dots(&self, theme: ThemeId) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.theme == theme)
            .map(|v| v.dots)
            .sum()
    }
}
