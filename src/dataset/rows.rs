//! One session as rows of the dataset's tables, in the order rows refer to each other.

use super::ids::{
    commitment_id, note_id, recommendation_id, response_id, step_id, table_id, theme_id,
};
use super::{DatasetError, Sink, Table, Value};
use crate::framework::StepKind;
use crate::model::{
    CarriedItem, ItemKind, NoteId, Origin, RecommendationId, ResponseKind, ResponseStatus,
    ResponseTarget, Session, ThemeId, Timeframe, promises_of,
};
use std::collections::{HashMap, HashSet};

/// A session as it goes into the dataset, with what is known of its file.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The session as exported: sensitive notes left out unless asked for, names removed when
    /// anonymising, only the notes the filters chose ([`crate::export::prepare`]).
    pub session: &'a Session,
    /// The file it was read from, as named.
    pub file: &'a str,
    /// Notes only in the journal beside the file.
    pub journal_only: &'a HashSet<NoteId>,
    /// Journal entries read on top of the file.
    pub journal_entries: usize,
    /// True when the journal was damaged part-way.
    pub partial: bool,
    /// Notes of the session that are not in `session` (filtered or sensitive).
    pub left_out: usize,
    /// Carried items that quote a note marked sensitive are exported too (the notes
    /// themselves are already left out of `session` unless asked for).
    pub include_sensitive: bool,
}

impl<'a> Source<'a> {
    /// A session in memory, whole (tests, benchmarks).
    pub fn whole(session: &'a Session, journal_only: &'a HashSet<NoteId>) -> Source<'a> {
        Source {
            session,
            file: "",
            journal_only,
            journal_entries: 0,
            partial: false,
            left_out: 0,
            include_sensitive: true,
        }
    }
}

fn origin(o: Origin) -> &'static str {
    match o {
        Origin::Suggested => "suggested",
        Origin::Person => "person",
    }
}

fn step_kind(k: StepKind) -> &'static str {
    k.label()
}

/// The kind as every other export words it ("question answered").
fn response_kind(k: ResponseKind) -> &'static str {
    k.label()
}

fn status(s: ResponseStatus) -> &'static str {
    s.label()
}

/// Writes the rows of one session to `sink`, table by table in [`Table::ALL`] order. Rows that
/// would refer to something not in the dataset (a response to a note left out) are left out
/// with it, so every foreign key resolves.
pub fn emit(source: &Source, sink: &mut dyn Sink) -> Result<(), DatasetError> {
    use Value::{Boolean, Id, Null};
    let s = source.session;
    let u = s.uuid;
    let session = Id(u);

    sink.row(
        Table::Sessions,
        &[
            session.clone(),
            Value::text(&s.title),
            Value::Date(s.date),
            Value::text_or_null(&s.venue),
            Value::text_or_null(&s.place),
            Value::text_or_null(&s.facilitators.join("; ")),
            Value::text(&s.framework.id),
            Value::text(&s.framework.name),
            Value::time(s.created),
            Value::int(s.revision),
            Value::int(s.dots_per_table),
            Value::text(source.file),
            Value::int(source.journal_entries),
            Boolean(source.partial),
            Value::int(source.left_out),
            s.follow_up.as_ref().map_or(Null, |f| Id(f.previous.uuid)),
        ],
    )?;
    // What this session carried in, less what quotes a sensitive note when those are left out.
    let carried: Vec<&CarriedItem> = s
        .follow_up
        .iter()
        .flat_map(|f| &f.items)
        .filter(|i| source.include_sensitive || !i.sensitive)
        .collect();
    let carried_ids: HashSet<uuid::Uuid> = carried.iter().map(|i| i.id).collect();

    let mut principle = 0;
    let mut steps = HashSet::new();
    for (i, step) in s.framework.steps.iter().enumerate() {
        let number = if step.kind == StepKind::Principle {
            principle += 1;
            Value::int(principle)
        } else {
            Null
        };
        steps.insert(step.id.as_str());
        sink.row(
            Table::Steps,
            &[
                Id(step_id(u, &step.id)),
                session.clone(),
                Value::text(&step.id),
                Value::int(i + 1),
                Value::text(step_kind(step.kind)),
                number,
                Value::text(&step.title),
                Value::text_or_null(&step.prompt),
            ],
        )?;
    }
    let step = |key: &str| {
        if steps.contains(key) {
            Id(step_id(u, key))
        } else {
            Null
        }
    };

    for t in &s.tables {
        let mut groups = t.mix.clone();
        groups.sort();
        groups.dedup();
        sink.row(
            Table::Tables,
            &[
                Id(table_id(u, t.id)),
                session.clone(),
                Value::int(t.id.0),
                Value::text(&t.letter),
                Value::text(&t.name),
                Value::text(t.colour.label()),
                Value::int(groups.len()),
            ],
        )?;
        for g in groups {
            sink.row(
                Table::TableStakeholders,
                &[
                    Id(table_id(u, t.id)),
                    session.clone(),
                    Value::text(g.key()),
                    Value::text(g.label()),
                ],
            )?;
        }
    }
    let tables: HashSet<_> = s.tables.iter().map(|t| t.id).collect();

    let mut in_theme: HashMap<ThemeId, usize> = HashMap::new();
    for n in &s.notes {
        if let Some(t) = n.theme {
            *in_theme.entry(t).or_default() += 1;
        }
    }
    let themes: HashSet<ThemeId> = s.themes.iter().map(|t| t.id).collect();
    for t in &s.themes {
        sink.row(
            Table::Themes,
            &[
                Id(theme_id(u, t.id)),
                session.clone(),
                Value::int(t.id.0),
                Value::text(&t.label),
                Value::text_or_null(&t.description),
                t.step.as_deref().map_or(Null, step),
                Value::text(origin(t.origin)),
                Value::int(in_theme.get(&t.id).copied().unwrap_or(0)),
                Value::int(s.theme_dots(t.id)),
            ],
        )?;
    }
    let theme = |id: Option<ThemeId>| match id {
        Some(t) if themes.contains(&t) => Id(theme_id(u, t)),
        _ => Null,
    };

    let mut notes = HashSet::new();
    for n in &s.notes {
        if !tables.contains(&n.table) || !steps.contains(n.step.as_str()) {
            continue; // a valid session has none such; never a dangling key
        }
        notes.insert(n.id);
        sink.row(
            Table::Notes,
            &[
                Id(note_id(u, n.id)),
                session.clone(),
                Value::int(n.id.0),
                Id(table_id(u, n.table)),
                step(&n.step),
                Value::text(n.kind.label()),
                Value::text(&n.text),
                Boolean(n.lived_experience),
                Boolean(n.sensitive),
                Value::time(n.created),
                theme(n.theme),
                match (n.theme, n.placed_by) {
                    (Some(_), Some(o)) => Value::text(origin(o)),
                    _ => Null,
                },
                Boolean(n.device.is_some()),
                Boolean(!source.journal_only.contains(&n.id)),
                match n.about {
                    Some(item) if carried_ids.contains(&item) => Id(item),
                    _ => Null,
                },
            ],
        )?;
    }
    for n in s.notes.iter().filter(|n| notes.contains(&n.id)) {
        let mut seen = HashSet::new();
        for tag in &n.tags {
            if seen.insert(tag.as_str()) {
                sink.row(
                    Table::NoteTags,
                    &[Id(note_id(u, n.id)), session.clone(), Value::text(tag)],
                )?;
            }
        }
    }

    for v in &s.votes {
        if v.dots == 0 || !tables.contains(&v.table) || !themes.contains(&v.theme) {
            continue;
        }
        sink.row(
            Table::Votes,
            &[
                session.clone(),
                Id(table_id(u, v.table)),
                Id(theme_id(u, v.theme)),
                Value::int(v.dots),
            ],
        )?;
    }

    for r in &s.recommendations {
        let (timeframe, due) = match &r.timeframe {
            None => (Null, Null),
            Some(Timeframe::Now) => (Value::text("now"), Null),
            Some(Timeframe::ThreeMonths) => (Value::text("3 months"), Null),
            Some(Timeframe::TwelveMonths) => (Value::text("12 months"), Null),
            Some(Timeframe::By(d)) => (Value::text("by date"), Value::Date(*d)),
        };
        sink.row(
            Table::Recommendations,
            &[
                Id(recommendation_id(u, r.id)),
                session.clone(),
                Value::int(r.id.0),
                Value::text(&r.text),
                Value::text(&r.audience),
                Value::text_or_null(&r.owner),
                timeframe,
                due,
            ],
        )?;
    }
    for r in &s.recommendations {
        let mut seen = HashSet::new();
        for t in r.themes.iter().filter(|t| themes.contains(t)) {
            if seen.insert(*t) {
                sink.row(
                    Table::RecommendationThemes,
                    &[
                        Id(recommendation_id(u, r.id)),
                        Id(theme_id(u, *t)),
                        session.clone(),
                    ],
                )?;
            }
        }
    }
    for r in &s.recommendations {
        let mut seen = HashSet::new();
        for key in r.steps.iter().filter(|k| steps.contains(k.as_str())) {
            if seen.insert(key.as_str()) {
                sink.row(
                    Table::RecommendationPrinciples,
                    &[
                        Id(recommendation_id(u, r.id)),
                        Id(step_id(u, key)),
                        session.clone(),
                    ],
                )?;
            }
        }
    }
    // Commitments: where they were made (open, with the due date their timeframe gives), then
    // those this session carried in, as it recorded them.
    let made = promises_of(s, false);
    for r in &s.recommendations {
        for (i, c) in r.commitments.iter().enumerate() {
            let id = commitment_id(u, r.id, i + 1);
            let due = made.iter().find(|m| m.id == id).and_then(|m| m.due);
            sink.row(
                Table::Commitments,
                &[
                    Id(id),
                    Id(recommendation_id(u, r.id)),
                    session.clone(),
                    Value::int(i + 1),
                    Value::text(&c.who),
                    Value::text(&c.what),
                    session.clone(),
                    Boolean(false),
                    due.map_or(Null, Value::Date),
                    Value::text(crate::model::ItemStatus::Open.label()),
                    Boolean(due.is_some_and(|d| d < s.date)),
                    Null,
                ],
            )?;
        }
    }
    for item in carried.iter().filter(|i| i.kind == ItemKind::Commitment) {
        let Some(parent) = item.parent else {
            continue; // a valid session has none such
        };
        sink.row(
            Table::Commitments,
            &[
                Id(item.id),
                Id(parent),
                session.clone(),
                commitment_position(item).map_or(Null, Value::int),
                Value::text(&item.owner),
                Value::text(&item.text),
                Id(item.made_in),
                Boolean(true),
                item.due.map_or(Null, Value::Date),
                Value::text(item.status.label()),
                Boolean(item.is_overdue(s.date)),
                Value::text_or_null(&item.done),
            ],
        )?;
    }

    for r in &s.responses {
        let (target, note, theme) = match r.target {
            ResponseTarget::Note(n) if notes.contains(&n) => ("note", Id(note_id(u, n)), Null),
            ResponseTarget::Theme(t) if themes.contains(&t) => ("theme", Null, Id(theme_id(u, t))),
            _ => continue, // to a note left out: left out with it
        };
        sink.row(
            Table::Responses,
            &[
                Id(response_id(u, r.id)),
                session.clone(),
                Value::int(r.id.0),
                Value::text(target),
                note,
                theme,
                Value::text(response_kind(r.kind)),
                Value::text(&r.text),
                Value::text_or_null(&r.owner),
                Value::text(status(r.status)),
            ],
        )?;
    }

    for (number, item) in carried.iter().enumerate() {
        sink.row(
            Table::CarriedItems,
            &[
                Id(item.id),
                session.clone(),
                Value::int(number + 1),
                Value::text(item.kind.label()),
                Id(item.made_in),
                Value::text(&item.made_title),
                Value::Date(item.made_on),
                item.parent.map_or(Null, Id),
                Value::text(&item.text),
                Value::text_or_null(&item.reply),
                Value::text_or_null(&item.audience),
                Value::text_or_null(&item.owner),
                item.due.map_or(Null, Value::Date),
                Boolean(item.sensitive),
                Value::text(item.status_before.label()),
                Value::text(item.status.label()),
                Boolean(item.is_overdue(s.date)),
                Value::text_or_null(&item.done),
            ],
        )?;
    }
    Ok(())
}

/// Recommendation numbers and commitment positions searched for a carried commitment's place:
/// far beyond any workshop's.
const SEARCH_RECOMMENDATIONS: u32 = 10_000;
const SEARCH_POSITIONS: usize = 1_000;

/// A carried commitment's place among its recommendation's commitments where it was made. The
/// copy does not hold it, but its global id is made from it ([`commitment_id`]): the
/// recommendation's number is the one whose global id is the parent's, and the position the
/// one that gives the commitment's id. `None` for an id not made that way (a hand-edited file).
fn commitment_position(item: &CarriedItem) -> Option<usize> {
    let parent = item.parent?;
    let rec = (1..=SEARCH_RECOMMENDATIONS)
        .map(RecommendationId)
        .find(|r| recommendation_id(item.made_in, *r) == parent)?;
    (1..=SEARCH_POSITIONS).find(|&i| commitment_id(item.made_in, rec, i) == item.id)
}
