//! The tables of the research dataset: their fields, types, meanings, keys and allowed values.
//!
//! One definition serves every format: the CSV headers and `datapackage.json`, the Parquet
//! schemas, the SQLite tables and the Excel sheets are all made from [`Table::def`].

/// The type of a field, as the Frictionless Table Schema names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A UUID, written as text (`string`, format `uuid`).
    Id,
    Text,
    Integer,
    Boolean,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// An instant in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`.
    DateTime,
}

impl FieldType {
    /// The Frictionless type name.
    pub fn frictionless(self) -> &'static str {
        match self {
            FieldType::Id | FieldType::Text => "string",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
        }
    }
}

/// One column.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldType,
    /// Never empty (null).
    pub required: bool,
    pub description: &'static str,
    /// The only values it may hold, when it is one of a few.
    pub values: &'static [&'static str],
}

/// A foreign key: `fields` of this table name a row of `table` by its `references`.
#[derive(Debug)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: Table,
    pub references: &'static [&'static str],
}

/// One table of the dataset.
#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

impl TableDef {
    /// The position of the field called `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// The tables, in the order rows are written (every table after those it refers to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Sessions,
    Steps,
    Tables,
    TableStakeholders,
    Themes,
    Notes,
    NoteTags,
    Votes,
    Recommendations,
    RecommendationThemes,
    RecommendationPrinciples,
    Commitments,
    Responses,
    CarriedItems,
}

impl Table {
    pub const ALL: [Table; 14] = [
        Table::Sessions,
        Table::Steps,
        Table::Tables,
        Table::TableStakeholders,
        Table::Themes,
        Table::Notes,
        Table::NoteTags,
        Table::Votes,
        Table::Recommendations,
        Table::RecommendationThemes,
        Table::RecommendationPrinciples,
        Table::Commitments,
        Table::Responses,
        Table::CarriedItems,
    ];

    pub fn def(self) -> &'static TableDef {
        &TABLES[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The table called `name`.
    pub fn named(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

const fn field(
    name: &'static str,
    kind: FieldType,
    required: bool,
    description: &'static str,
) -> Field {
    Field {
        name,
        kind,
        required,
        description,
        values: &[],
    }
}

const fn one_of(
    name: &'static str,
    required: bool,
    description: &'static str,
    values: &'static [&'static str],
) -> Field {
    Field {
        name,
        kind: FieldType::Text,
        required,
        description,
        values,
    }
}

use FieldType::{Boolean, Date, DateTime, Id, Integer, Text};

const SESSION_ID: Field = field(
    "session_id",
    Id,
    true,
    "The workshop session the row belongs to (sessions.session_id).",
);

const TO_SESSION: ForeignKey = ForeignKey {
    fields: &["session_id"],
    table: Table::Sessions,
    references: &["session_id"],
};

/// Stakeholder group keys, as `--stakeholder` takes them.
pub const STAKEHOLDERS: &[&str] = &[
    "public",
    "employer",
    "voluntary",
    "lived",
    "union",
    "education",
    "support",
    "other",
];

pub const NOTE_KINDS: &[&str] = &["comment", "question", "idea", "barrier", "commitment"];
pub const STEP_KINDS: &[&str] = &[
    "welcome",
    "since last time",
    "principle",
    "discussion",
    "themes",
    "voting",
    "recommendations",
    "close",
];
pub const ORIGINS: &[&str] = &["suggested", "person"];
pub const TIMEFRAMES: &[&str] = &["now", "3 months", "12 months", "by date"];
pub const RESPONSE_KINDS: &[&str] = &[
    "comment noted",
    "question answered",
    "suggestion passed on",
    "action taken",
];
pub const STATUSES: &[&str] = &["open", "in progress", "done"];
/// Where a promise followed across workshops stands ([`crate::model::ItemStatus`]).
pub const ITEM_STATUSES: &[&str] = &["open", "in progress", "done", "not going ahead"];
pub const ITEM_KINDS: &[&str] = &["recommendation", "commitment", "response"];
pub const TARGETS: &[&str] = &["note", "theme"];
pub const COLOURS: &[&str] = &[
    "orange",
    "sky blue",
    "bluish green",
    "yellow",
    "blue",
    "vermillion",
    "reddish purple",
    "grey",
];

static TABLES: [TableDef; 14] = [
    TableDef {
        name: "sessions",
        description: "One row per workshop session. Copies of a session (files with the same \
                      session_id) are counted once.",
        fields: &[
            field(
                "session_id",
                Id,
                true,
                "The session's UUID: made when it was created, the same in every copy of the file \
                 and every export.",
            ),
            field("title", Text, true, "The workshop's title."),
            field(
                "workshop_date",
                Date,
                true,
                "The day the workshop was held (not when notes were written).",
            ),
            field("venue", Text, false, "Where it was held."),
            field(
                "place",
                Text,
                false,
                "The town, city or area its place-based findings apply to.",
            ),
            field(
                "facilitators",
                Text,
                false,
                "Who facilitated, separated by \"; \" (empty when anonymised).",
            ),
            field(
                "framework_id",
                Text,
                true,
                "The key of the framework the agenda follows (e.g. six-principles).",
            ),
            field("framework_name", Text, true, "The framework's name."),
            field(
                "created",
                DateTime,
                true,
                "When the session file was created (UTC).",
            ),
            field(
                "revision",
                Integer,
                true,
                "How many changes the session had had when it was read.",
            ),
            field(
                "dots_per_table",
                Integer,
                true,
                "Dots each table had to vote with.",
            ),
            field(
                "file",
                Text,
                true,
                "The session file the row was read from: its path from the folder it was found \
                 under, that folder's name first (never where that folder is on the machine).",
            ),
            field(
                "journal_entries",
                Integer,
                true,
                "Changes read from the journal beside the file, not yet saved into it (a live or \
                 interrupted session).",
            ),
            field(
                "partial",
                Boolean,
                true,
                "True when the journal was damaged part-way and only the changes before the \
                 damage were read.",
            ),
            field(
                "notes_left_out",
                Integer,
                true,
                "Notes of this session left out of the notes table by the export's filters or \
                 because they are marked sensitive.",
            ),
            field(
                "follows_session_id",
                Id,
                false,
                "The session this one follows up (made with convene new --follow-up), whose \
                 promises it carried in; empty for a first workshop. Not a foreign key: the \
                 session followed may not be in the dataset.",
            ),
        ],
        primary_key: &["session_id"],
        foreign_keys: &[],
    },
    TableDef {
        name: "steps",
        description: "The agenda of each session: one row per step, principles among them.",
        fields: &[
            field("step_id", Id, true, "The step's global id."),
            SESSION_ID,
            field(
                "step_key",
                Text,
                true,
                "The framework's own key for the step (e.g. trauma-awareness): the same across \
                 sessions of one framework.",
            ),
            field(
                "position",
                Integer,
                true,
                "Its place on the agenda, from 1.",
            ),
            one_of(
                "kind",
                true,
                "What kind of stage it is; tables write notes at principles.",
                STEP_KINDS,
            ),
            field(
                "principle_number",
                Integer,
                false,
                "Its number among the framework's principles, from 1; empty for other steps.",
            ),
            field("title", Text, true, "The step's title."),
            field("prompt", Text, false, "The question put to the room."),
        ],
        primary_key: &["step_id"],
        foreign_keys: &[TO_SESSION],
    },
    TableDef {
        name: "tables",
        description: "The tables of participants in each session.",
        fields: &[
            field("table_id", Id, true, "The table's global id."),
            SESSION_ID,
            field(
                "number",
                Integer,
                true,
                "The table's id within its session.",
            ),
            field("letter", Text, true, "The letter shown on its cards."),
            field(
                "name",
                Text,
                true,
                "Its name (\"Table A\" when anonymised).",
            ),
            one_of("colour", true, "Its colour on screen.", COLOURS),
            field(
                "groups",
                Integer,
                true,
                "How many stakeholder groups sat at it (table_stakeholders has them).",
            ),
        ],
        primary_key: &["table_id"],
        foreign_keys: &[TO_SESSION],
    },
    TableDef {
        name: "table_stakeholders",
        description: "The stakeholder groups at each table: one row per table and group.",
        fields: &[
            field("table_id", Id, true, "The table (tables.table_id)."),
            SESSION_ID,
            one_of(
                "stakeholder",
                true,
                "The group's key: public (public sector), employer, voluntary (voluntary and \
                 community), lived (lived experience), union (trade union), education (education \
                 and skills), support (employment support), other.",
                STAKEHOLDERS,
            ),
            field("label", Text, true, "The group's name in words."),
        ],
        primary_key: &["table_id", "stakeholder"],
        foreign_keys: &[
            ForeignKey {
                fields: &["table_id"],
                table: Table::Tables,
                references: &["table_id"],
            },
            TO_SESSION,
        ],
    },
    TableDef {
        name: "themes",
        description: "Named groups of notes, with the dots the room gave them.",
        fields: &[
            field("theme_id", Id, true, "The theme's global id."),
            SESSION_ID,
            field(
                "number",
                Integer,
                true,
                "The theme's id within its session.",
            ),
            field("label", Text, true, "Its name."),
            field("description", Text, false, "What it is about, if written."),
            field(
                "step_id",
                Id,
                false,
                "The step it belongs to, when themes were made within each principle.",
            ),
            one_of(
                "origin",
                true,
                "Suggested by clustering, or made or kept by a person.",
                ORIGINS,
            ),
            field(
                "notes",
                Integer,
                true,
                "How many notes of the notes table are in it.",
            ),
            field(
                "dots",
                Integer,
                true,
                "All dots placed on it (votes has them by table).",
            ),
        ],
        primary_key: &["theme_id"],
        foreign_keys: &[
            TO_SESSION,
            ForeignKey {
                fields: &["step_id"],
                table: Table::Steps,
                references: &["step_id"],
            },
        ],
    },
    TableDef {
        name: "notes",
        description: "The notes tables wrote: one row per note.",
        fields: &[
            field("note_id", Id, true, "The note's global id."),
            SESSION_ID,
            field("number", Integer, true, "The note's id within its session."),
            field("table_id", Id, true, "The table that wrote it."),
            field(
                "step_id",
                Id,
                true,
                "The step (principle) it was written under.",
            ),
            one_of("kind", true, "What kind of note it is.", NOTE_KINDS),
            field(
                "text",
                Text,
                true,
                "What the note says, exactly as written (newlines kept).",
            ),
            field(
                "lived_experience",
                Boolean,
                true,
                "Marked as coming from lived experience.",
            ),
            field(
                "sensitive",
                Boolean,
                true,
                "Marked sensitive (such notes are only exported when asked for).",
            ),
            field(
                "created",
                DateTime,
                true,
                "When the note was written (UTC); the workshop's date is in sessions.",
            ),
            field("theme_id", Id, false, "The theme it was placed in, if any."),
            one_of(
                "placed_by",
                false,
                "Whether clustering or a person placed it in its theme.",
                ORIGINS,
            ),
            field(
                "from_device",
                Boolean,
                true,
                "Sent from a participant's device rather than typed by the facilitator.",
            ),
            field(
                "in_snapshot",
                Boolean,
                true,
                "False when the note was only in the journal beside the session file (written \
                 after the file was last saved: a live or interrupted session).",
            ),
            field(
                "about_item_id",
                Id,
                false,
                "In a follow-up, the carried promise the note is about: a row of carried_items \
                 with this item_id and the note's session_id. Not a foreign key, because an item's \
                 id alone names its row in every session that carried it.",
            ),
        ],
        primary_key: &["note_id"],
        foreign_keys: &[
            TO_SESSION,
            ForeignKey {
                fields: &["table_id"],
                table: Table::Tables,
                references: &["table_id"],
            },
            ForeignKey {
                fields: &["step_id"],
                table: Table::Steps,
                references: &["step_id"],
            },
            ForeignKey {
                fields: &["theme_id"],
                table: Table::Themes,
                references: &["theme_id"],
            },
        ],
    },
    TableDef {
        name: "note_tags",
        description: "Tags on notes: one row per note and tag.",
        fields: &[
            field("note_id", Id, true, "The note (notes.note_id)."),
            SESSION_ID,
            field("tag", Text, true, "The tag, as written."),
        ],
        primary_key: &["note_id", "tag"],
        foreign_keys: &[
            ForeignKey {
                fields: &["note_id"],
                table: Table::Notes,
                references: &["note_id"],
            },
            TO_SESSION,
        ],
    },
    TableDef {
        name: "votes",
        description: "Dots: one row per table and theme it placed dots on.",
        fields: &[
            SESSION_ID,
            field("table_id", Id, true, "The table that voted."),
            field("theme_id", Id, true, "The theme voted for."),
            field("dots", Integer, true, "How many dots."),
        ],
        primary_key: &["table_id", "theme_id"],
        foreign_keys: &[
            TO_SESSION,
            ForeignKey {
                fields: &["table_id"],
                table: Table::Tables,
                references: &["table_id"],
            },
            ForeignKey {
                fields: &["theme_id"],
                table: Table::Themes,
                references: &["theme_id"],
            },
        ],
    },
    TableDef {
        name: "recommendations",
        description: "Actionable recommendations, each to one audience.",
        fields: &[
            field(
                "recommendation_id",
                Id,
                true,
                "The recommendation's global id.",
            ),
            SESSION_ID,
            field("number", Integer, true, "Its id within its session."),
            field("text", Text, true, "What is recommended."),
            field(
                "audience",
                Text,
                true,
                "Who it is addressed to (e.g. Employers).",
            ),
            field("owner", Text, false, "Who takes it forward."),
            one_of("timeframe", false, "When it should be done by.", TIMEFRAMES),
            field(
                "due",
                Date,
                false,
                "The date, when the timeframe is a date.",
            ),
        ],
        primary_key: &["recommendation_id"],
        foreign_keys: &[TO_SESSION],
    },
    TableDef {
        name: "recommendation_themes",
        description: "The themes each recommendation answers.",
        fields: &[
            field("recommendation_id", Id, true, "The recommendation."),
            field("theme_id", Id, true, "A theme it answers."),
            SESSION_ID,
        ],
        primary_key: &["recommendation_id", "theme_id"],
        foreign_keys: &[
            ForeignKey {
                fields: &["recommendation_id"],
                table: Table::Recommendations,
                references: &["recommendation_id"],
            },
            ForeignKey {
                fields: &["theme_id"],
                table: Table::Themes,
                references: &["theme_id"],
            },
            TO_SESSION,
        ],
    },
    TableDef {
        name: "recommendation_principles",
        description: "The principles (steps) each recommendation answers.",
        fields: &[
            field("recommendation_id", Id, true, "The recommendation."),
            field("step_id", Id, true, "A principle it answers."),
            SESSION_ID,
        ],
        primary_key: &["recommendation_id", "step_id"],
        foreign_keys: &[
            ForeignKey {
                fields: &["recommendation_id"],
                table: Table::Recommendations,
                references: &["recommendation_id"],
            },
            ForeignKey {
                fields: &["step_id"],
                table: Table::Steps,
                references: &["step_id"],
            },
            TO_SESSION,
        ],
    },
    TableDef {
        name: "commitments",
        description: "Who pledged what towards a recommendation, followed across workshops: one \
                      row where the commitment was made and one for each follow-up session that \
                      carried it, with the status that session recorded. The key is \
                      (commitment_id, session_id).",
        fields: &[
            field(
                "commitment_id",
                Id,
                true,
                "The commitment's global id, given where it was made and kept in every \
                 follow-up.",
            ),
            field(
                "recommendation_id",
                Id,
                true,
                "The recommendation it serves (its global id). Not a foreign key: on a follow-up's \
                 row the recommendation was made in an earlier session, which may not be in the \
                 dataset (carried_items has the follow-up's copy of it when it was carried too).",
            ),
            SESSION_ID,
            field(
                "position",
                Integer,
                false,
                "Its place among the recommendation's commitments, from 1, as numbered where it \
                 was made (the same on every row of the commitment).",
            ),
            field("who", Text, true, "Who made it."),
            field("what", Text, true, "What they pledged."),
            field(
                "made_in_session_id",
                Id,
                true,
                "The session it was made in (the row's own session where carried is false). Not \
                 a foreign key: that session may not be in the dataset.",
            ),
            field(
                "carried",
                Boolean,
                true,
                "False on the row of the session where it was made; true on a follow-up's row.",
            ),
            field(
                "due",
                Date,
                false,
                "When it falls due: the recommendation's date, or its timeframe counted from the \
                 day it was made; empty without a timeframe.",
            ),
            one_of(
                "status",
                true,
                "Where it stood as this session recorded it (open where it was made).",
                ITEM_STATUSES,
            ),
            field(
                "overdue",
                Boolean,
                true,
                "Past its due date on this session's workshop date and not done or dropped.",
            ),
            field(
                "done",
                Text,
                false,
                "What was done, as recorded in this session; empty where it was made.",
            ),
        ],
        primary_key: &["commitment_id", "session_id"],
        foreign_keys: &[TO_SESSION],
    },
    TableDef {
        name: "responses",
        description: "\"You said / We did\": what was done about a note or a theme, one row per \
                      response.",
        fields: &[
            field("response_id", Id, true, "The response's global id."),
            SESSION_ID,
            field("number", Integer, true, "Its id within its session."),
            one_of("target", true, "What it answers.", TARGETS),
            field(
                "note_id",
                Id,
                false,
                "The note it answers, when it answers a note.",
            ),
            field(
                "theme_id",
                Id,
                false,
                "The theme it answers, when it answers a theme.",
            ),
            one_of("kind", true, "What kind of response.", RESPONSE_KINDS),
            field("text", Text, true, "What was done or said."),
            field("owner", Text, false, "Who is responsible."),
            one_of("status", true, "Where it stands.", STATUSES),
        ],
        primary_key: &["response_id"],
        foreign_keys: &[
            TO_SESSION,
            ForeignKey {
                fields: &["note_id"],
                table: Table::Notes,
                references: &["note_id"],
            },
            ForeignKey {
                fields: &["theme_id"],
                table: Table::Themes,
                references: &["theme_id"],
            },
        ],
    },
    TableDef {
        name: "carried_items",
        description: "What each follow-up session carried in from earlier workshops: one row per \
                      recommendation, commitment or response per follow-up session that carried \
                      it, with the status and what was done as that session recorded them. The \
                      key is (item_id, session_id); an item's rows across sessions share its \
                      item_id.",
        fields: &[
            field(
                "item_id",
                Id,
                true,
                "The item's global id, given where it was made: recommendations.recommendation_id, \
                 commitments.commitment_id or responses.response_id in that session.",
            ),
            SESSION_ID,
            field(
                "number",
                Integer,
                true,
                "Its number in the follow-up's list, from 1, in the order carried.",
            ),
            one_of("kind", true, "What kind of promise it is.", ITEM_KINDS),
            field(
                "made_in_session_id",
                Id,
                true,
                "The session it was made in. Not a foreign key: that session may not be in the \
                 dataset.",
            ),
            field(
                "made_in_title",
                Text,
                true,
                "The title of the session it was made in, as the follow-up copied it.",
            ),
            field(
                "made_on",
                Date,
                true,
                "The workshop date of the session it was made in.",
            ),
            field(
                "parent_id",
                Id,
                false,
                "A commitment's recommendation (its item_id); empty for the other kinds.",
            ),
            field(
                "text",
                Text,
                true,
                "What was said: the recommendation, what the commitment pledged, or the note or \
                 theme a response answers.",
            ),
            field(
                "reply",
                Text,
                false,
                "A response's own words (what was said or done back); empty for the other kinds.",
            ),
            field(
                "audience",
                Text,
                false,
                "Who a recommendation is addressed to.",
            ),
            field(
                "owner",
                Text,
                false,
                "Who is to do it: a recommendation's or response's owner, whoever made a \
                 commitment.",
            ),
            field(
                "due",
                Date,
                false,
                "When it falls due; empty without a timeframe.",
            ),
            field(
                "sensitive",
                Boolean,
                true,
                "It quotes a note marked sensitive (such items are only exported when asked for).",
            ),
            one_of(
                "status_before",
                true,
                "Where it stood when carried in.",
                ITEM_STATUSES,
            ),
            one_of(
                "status",
                true,
                "Where it stood as this session recorded it.",
                ITEM_STATUSES,
            ),
            field(
                "overdue",
                Boolean,
                true,
                "Past its due date on this session's workshop date and not done or dropped.",
            ),
            field(
                "done",
                Text,
                false,
                "What was done, as recorded in this session.",
            ),
        ],
        primary_key: &["item_id", "session_id"],
        foreign_keys: &[TO_SESSION],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_names_fields_that_exist() {
        for t in Table::ALL {
            let def = t.def();
            assert_eq!(Table::named(def.name), Some(t));
            for k in def.primary_key {
                assert!(def.column(k).is_some(), "{}.{k}", def.name);
            }
            for fk in def.foreign_keys {
                assert!(fk.table <= t, "{} refers forward", def.name);
                for (f, r) in fk.fields.iter().zip(fk.references) {
                    assert!(def.column(f).is_some(), "{}.{f}", def.name);
                    assert!(
                        fk.table.def().column(r).is_some(),
                        "{}.{r}",
                        fk.table.name()
                    );
                }
                assert_eq!(fk.table.def().primary_key, fk.references);
            }
        }
    }
}
