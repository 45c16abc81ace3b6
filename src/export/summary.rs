//! The workshop summary as plain data, computed once and rendered as Markdown or HTML.

use super::plural;
use crate::framework::StepKind;
use crate::model::{
    Note, NoteKind, Recommendation, Response, ResponseTarget, Session, Stakeholder, TableId,
    ThemeId,
};
use std::collections::BTreeMap;

/// Everything a summary shows, in the order it shows it.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    pub session: &'a Session,
    /// Sensitive notes left out of this export.
    pub withheld: usize,
    pub principles: Vec<PrincipleSummary<'a>>,
    /// Notes written under steps that are not principles (welcome, themes…).
    pub other_notes: Vec<&'a Note>,
    /// Themes ranked by dots (then by notes) as [`crate::model::ranking`] ranks them, with
    /// votes by stakeholder group.
    pub priorities: Vec<ThemeSummary<'a>>,
    /// Stakeholder groups present at any table, in a fixed order.
    pub groups: Vec<Stakeholder>,
    pub by_audience: Vec<(String, Vec<&'a Recommendation>)>,
    /// Pairs of "You said" (the note's or theme's text) and the response.
    pub you_said: Vec<(String, &'a Response)>,
}

/// A step of the appendix: the step, then each table's notes under it.
pub type AppendixStep<'a> = (&'a crate::framework::Step, Vec<(TableId, Vec<&'a Note>)>);

/// One principle: its notes, counts per table, and the themes its notes fell into.
#[derive(Debug, Clone)]
pub struct PrincipleSummary<'a> {
    pub number: usize,
    pub step_number: usize,
    pub title: &'a str,
    pub prompt: &'a str,
    pub notes: Vec<&'a Note>,
    /// Notes per table, in table order.
    pub per_table: Vec<(TableId, usize)>,
    /// Themes with this principle's notes in them, biggest first, with those notes.
    pub themes: Vec<(ThemeId, &'a str, Vec<&'a Note>)>,
    /// Notes not (yet) in any theme.
    pub unthemed: Vec<&'a Note>,
}

/// A theme's place in the room's priorities.
#[derive(Debug, Clone)]
pub struct ThemeSummary<'a> {
    pub id: ThemeId,
    pub label: &'a str,
    /// The rank as shown: "2", or "2=" when another theme has as many dots.
    pub rank: String,
    /// Another theme shares this rank.
    pub tied: bool,
    pub notes: usize,
    pub dots: u32,
    /// Dots by stakeholder group: every dot a table placed counts for each group at that table.
    pub dots_by_group: BTreeMap<Stakeholder, u32>,
    /// The note closest to the theme's meaning, for quoting: the first one placed by a person,
    /// else the longest of the shortest half (short notes quote better).
    pub quotes: Vec<&'a Note>,
}

impl<'a> Summary<'a> {
    pub fn new(session: &'a Session, withheld: usize) -> Summary<'a> {
        let mut principles = Vec::new();
        let mut other_notes = Vec::new();
        let mut number = 0;
        for (i, step) in session.framework.steps.iter().enumerate() {
            let notes: Vec<&Note> = session.notes.iter().filter(|n| n.step == step.id).collect();
            if step.kind != StepKind::Principle {
                other_notes.extend(notes);
                continue;
            }
            number += 1;
            let per_table = session
                .tables
                .iter()
                .map(|t| (t.id, notes.iter().filter(|n| n.table == t.id).count()))
                .collect();
            let mut themes: Vec<(ThemeId, &str, Vec<&Note>)> = session
                .themes
                .iter()
                .map(|t| {
                    let members: Vec<&Note> = notes
                        .iter()
                        .copied()
                        .filter(|n| n.theme == Some(t.id))
                        .collect();
                    (t.id, t.label.as_str(), members)
                })
                .filter(|(_, _, members)| !members.is_empty())
                .collect();
            themes.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));
            let unthemed = notes
                .iter()
                .copied()
                .filter(|n| n.theme.is_none())
                .collect();
            principles.push(PrincipleSummary {
                number,
                step_number: i + 1,
                title: &step.title,
                prompt: &step.prompt,
                notes,
                per_table,
                themes,
                unthemed,
            });
        }

        let groups: Vec<Stakeholder> = Stakeholder::ALL
            .into_iter()
            .filter(|g| session.tables.iter().any(|t| t.mix.contains(g)))
            .collect();
        let priorities: Vec<ThemeSummary> = crate::model::ranking(session)
            .into_iter()
            .filter_map(|r| {
                let t = session.theme(r.theme)?;
                let members: Vec<&Note> = session
                    .notes
                    .iter()
                    .filter(|n| n.theme == Some(t.id))
                    .collect();
                let mut dots_by_group = BTreeMap::new();
                for v in session.votes.iter().filter(|v| v.theme == t.id) {
                    if let Some(table) = session.table(v.table) {
                        for g in &table.mix {
                            *dots_by_group.entry(*g).or_insert(0) += v.dots;
                        }
                    }
                }
                Some(ThemeSummary {
                    id: t.id,
                    label: &t.label,
                    rank: r.label(),
                    tied: r.tied,
                    notes: r.notes,
                    dots: r.dots,
                    dots_by_group,
                    quotes: quotes(&members, 3),
                })
            })
            .collect();

        let mut by_audience: Vec<(String, Vec<&Recommendation>)> = session
            .framework
            .audiences
            .iter()
            .map(|a| (a.clone(), Vec::new()))
            .collect();
        for r in &session.recommendations {
            match by_audience
                .iter_mut()
                .find(|(a, _)| a.eq_ignore_ascii_case(&r.audience))
            {
                Some((_, list)) => list.push(r),
                None => by_audience.push((r.audience.clone(), vec![r])),
            }
        }
        by_audience.retain(|(_, list)| !list.is_empty());

        let you_said = session
            .responses
            .iter()
            .filter_map(|r| {
                let said = match r.target {
                    ResponseTarget::Note(id) => session.note(id)?.text.clone(),
                    ResponseTarget::Theme(id) => format!("Theme: {}", session.theme(id)?.label),
                };
                Some((said, r))
            })
            .collect();

        Summary {
            session,
            withheld,
            principles,
            other_notes,
            priorities,
            groups,
            by_audience,
            you_said,
        }
    }

    /// "A" or "A · Canal Side" for a table.
    pub fn table_name(&self, id: TableId) -> String {
        match self.session.table(id) {
            Some(t) if t.name == format!("Table {}", t.letter) => t.name.clone(),
            Some(t) => format!("{} · {}", t.letter, t.name),
            None => id.to_string(),
        }
    }

    pub fn table_letter(&self, id: TableId) -> String {
        self.session
            .table(id)
            .map_or_else(|| id.to_string(), |t| t.letter.clone())
    }

    pub fn theme_label(&self, id: ThemeId) -> String {
        self.session
            .theme(id)
            .map_or_else(|| id.to_string(), |t| t.label.clone())
    }

    pub fn step_title(&self, id: &str) -> String {
        self.session
            .framework
            .step(id)
            .map_or_else(|| id.to_string(), |s| s.title.clone())
    }

    /// Note counts by kind, for a mid-workshop summary without themes.
    pub fn kinds(notes: &[&Note]) -> Vec<(NoteKind, usize)> {
        NoteKind::ALL
            .into_iter()
            .map(|k| (k, notes.iter().filter(|n| n.kind == k).count()))
            .filter(|(_, c)| *c > 0)
            .collect()
    }

    /// What a note is, in words: "question, lived experience, theme: Travel" (`esc` escapes
    /// user text for the output format).
    pub fn note_marks(&self, n: &Note, esc: fn(&str) -> String) -> String {
        let mut marks = vec![n.kind.label().to_string()];
        if n.lived_experience {
            marks.push("lived experience".into());
        }
        if n.sensitive {
            marks.push("sensitive".into());
        }
        if let Some(theme) = n.theme {
            marks.push(format!("theme: {}", esc(&self.theme_label(theme))));
        }
        marks.join(", ")
    }

    /// Who said a quoted note: "table A, lived experience".
    pub fn quote_source(&self, n: &Note, esc: fn(&str) -> String) -> String {
        let mut who = format!("table {}", esc(&self.table_letter(n.table)));
        if n.lived_experience {
            who.push_str(", lived experience");
        }
        who
    }

    /// A recommendation's owner, timeframe, themes and principles, as short phrases.
    pub fn recommendation_facts(&self, r: &Recommendation, esc: fn(&str) -> String) -> Vec<String> {
        let mut facts = Vec::new();
        if !r.owner.is_empty() {
            facts.push(format!("Owner: {}", esc(&r.owner)));
        }
        if let Some(t) = &r.timeframe {
            facts.push(format!("When: {}", esc(&t.label())));
        }
        if !r.themes.is_empty() {
            let themes: Vec<String> = r
                .themes
                .iter()
                .map(|t| esc(&self.theme_label(*t)))
                .collect();
            facts.push(format!("Answers: {}", themes.join("; ")));
        }
        if !r.steps.is_empty() {
            let steps: Vec<String> = r.steps.iter().map(|t| esc(&self.step_title(t))).collect();
            facts.push(format!("Principles: {}", steps.join("; ")));
        }
        facts
    }

    /// Every note, by step then by table, leaving out empty steps and tables.
    pub fn appendix(&self) -> Vec<AppendixStep<'a>> {
        let s = self.session;
        s.framework
            .steps
            .iter()
            .filter_map(|step| {
                let tables: Vec<(TableId, Vec<&Note>)> = s
                    .tables
                    .iter()
                    .map(|t| {
                        let notes = s
                            .notes
                            .iter()
                            .filter(|n| n.step == step.id && n.table == t.id)
                            .collect();
                        (t.id, notes)
                    })
                    .filter(|(_, notes): &(TableId, Vec<&Note>)| !notes.is_empty())
                    .collect();
                (!tables.is_empty()).then_some((step, tables))
            })
            .collect()
    }

    /// What the room's dots were, in words, for under the priorities (user text through
    /// `esc`): the allowance, what tables placed when that differs from it, and how ties are
    /// shown. "Each table had 3 dots to place. Table B placed 4 dots."
    pub fn dots_note(&self, esc: fn(&str) -> String) -> String {
        let s = self.session;
        let allowance = plural(s.dots_per_table as usize, "dot");
        let placed: Vec<(TableId, u64)> = s
            .tables
            .iter()
            .map(|t| {
                let dots = s
                    .votes
                    .iter()
                    .filter(|v| v.table == t.id)
                    .map(|v| u64::from(v.dots))
                    .sum();
                (t.id, dots)
            })
            .collect();
        let mut out = if placed.iter().all(|(_, d)| *d == 0) {
            format!("Each table had {allowance} to place; no dots have been recorded.")
        } else if placed
            .iter()
            .all(|(_, d)| *d == u64::from(s.dots_per_table))
        {
            format!("Each table had {allowance} to place and placed them all.")
        } else {
            let differ: Vec<String> = placed
                .iter()
                .filter(|(_, d)| *d != u64::from(s.dots_per_table))
                .map(|(t, d)| {
                    let dots = match d {
                        0 => "no dots".to_string(),
                        d => plural(*d as usize, "dot"),
                    };
                    format!("table {} placed {dots}", esc(&self.table_letter(*t)))
                })
                .collect();
            let mut sentence = join_and(&differ);
            sentence[..1].make_ascii_uppercase();
            format!("Each table had {allowance} to place. {sentence}.")
        };
        out.push_str(" A table's dots count for every stakeholder group sitting at it.");
        if self.priorities.iter().any(|t| t.tied) {
            out.push_str(" Themes with the same number of dots share a rank, marked with “=”.");
        }
        out
    }

    /// Whether the room has got as far as themes.
    pub fn has_themes(&self) -> bool {
        self.session.notes.iter().any(|n| n.theme.is_some())
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Up to `n` notes to quote: placed by a person first, then shorter notes (they quote better),
/// in a stable order.
pub fn quotes<'a>(notes: &[&'a Note], n: usize) -> Vec<&'a Note> {
    let mut sorted: Vec<&Note> = notes.to_vec();
    sorted.sort_by_key(|note| {
        let by_person = note.placed_by == Some(crate::model::Origin::Person);
        (!by_person, note.text.chars().count().max(40), note.id)
    });
    sorted.truncate(n);
    sorted
}
