//! What a valid session is: the checks on each item, shared by loading a file
//! ([`Session::problems`]) and by applying a change ([`Session::apply`]), so the two never differ.

use super::change::{MAX_DOTS, ModelError};
use super::{
    Note, NoteId, Recommendation, Response, ResponseTarget, Session, Table, TableId, Theme,
    ThemeId, Vote,
};
use std::collections::HashSet;

/// What an item may refer to. While changes are applied the session answers; the loader asks
/// sets it builds once, so that checking a whole file stays linear in its size.
pub(crate) trait Known {
    fn has_table(&self, id: TableId) -> bool;
    fn has_theme(&self, id: ThemeId) -> bool;
    fn has_note(&self, id: NoteId) -> bool;
    fn has_step(&self, step: &str) -> bool;
    /// An item carried from an earlier workshop ([`super::FollowUp`]).
    fn has_item(&self, id: uuid::Uuid) -> bool;
}

impl Known for Session {
    fn has_table(&self, id: TableId) -> bool {
        self.table(id).is_some()
    }

    fn has_theme(&self, id: ThemeId) -> bool {
        self.theme(id).is_some()
    }

    fn has_note(&self, id: NoteId) -> bool {
        self.note(id).is_some()
    }

    fn has_step(&self, step: &str) -> bool {
        self.framework.step(step).is_some()
    }

    fn has_item(&self, id: uuid::Uuid) -> bool {
        self.carried(id).is_some()
    }
}

/// The ids and steps of a session read from a file, gathered once.
pub(crate) struct InFile<'a> {
    tables: HashSet<TableId>,
    themes: HashSet<ThemeId>,
    notes: HashSet<NoteId>,
    steps: HashSet<&'a str>,
    items: HashSet<uuid::Uuid>,
}

impl<'a> InFile<'a> {
    pub(crate) fn of(session: &'a Session) -> InFile<'a> {
        InFile {
            tables: session.tables.iter().map(|t| t.id).collect(),
            themes: session.themes.iter().map(|t| t.id).collect(),
            notes: session.notes.iter().map(|n| n.id).collect(),
            steps: session
                .framework
                .steps
                .iter()
                .map(|s| s.id.as_str())
                .collect(),
            items: session
                .follow_up
                .iter()
                .flat_map(|f| f.items.iter().map(|i| i.id))
                .collect(),
        }
    }
}

impl Known for InFile<'_> {
    fn has_table(&self, id: TableId) -> bool {
        self.tables.contains(&id)
    }

    fn has_theme(&self, id: ThemeId) -> bool {
        self.themes.contains(&id)
    }

    fn has_note(&self, id: NoteId) -> bool {
        self.notes.contains(&id)
    }

    fn has_step(&self, step: &str) -> bool {
        self.steps.contains(step)
    }

    fn has_item(&self, id: uuid::Uuid) -> bool {
        self.items.contains(&id)
    }
}

/// Why an item is not valid, and which of its fields is at fault (as named in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    pub field: &'static str,
    pub error: ModelError,
}

/// What is wrong with one item, field by field: nothing when it is valid. Applying a change
/// stops at the first fault; reading a file reports them all.
#[derive(Debug, Default)]
#[must_use]
pub(crate) struct Faults(Vec<Invalid>);

impl Faults {
    fn add(&mut self, field: &'static str, error: ModelError) -> &mut Faults {
        self.0.push(Invalid { field, error });
        self
    }

    fn not_empty(&mut self, text: &str, field: &'static str, what: &'static str) -> &mut Faults {
        if text.trim().is_empty() {
            self.add(field, ModelError::Empty { what });
        }
        self
    }

    fn step(&mut self, known: &impl Known, step: &str, field: &'static str) -> &mut Faults {
        if !known.has_step(step) {
            self.add(field, ModelError::UnknownStep(step.to_string()));
        }
        self
    }

    fn theme(&mut self, known: &impl Known, theme: ThemeId, field: &'static str) -> &mut Faults {
        if !known.has_theme(theme) {
            self.add(field, ModelError::UnknownTheme(theme));
        }
        self
    }

    fn table(&mut self, known: &impl Known, table: TableId, field: &'static str) -> &mut Faults {
        if !known.has_table(table) {
            self.add(field, ModelError::UnknownTable(table));
        }
        self
    }

    fn done(&mut self) -> Faults {
        std::mem::take(self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first fault, as the error of a refused change.
    pub fn first(self) -> Result<(), ModelError> {
        match self.0.into_iter().next() {
            Some(invalid) => Err(invalid.error),
            None => Ok(()),
        }
    }
}

impl IntoIterator for Faults {
    type Item = Invalid;
    type IntoIter = std::vec::IntoIter<Invalid>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The session's title: not empty.
pub(crate) fn title(title: &str) -> Faults {
    Faults::default()
        .not_empty(title, "title", "the title")
        .done()
}

/// A table's own fields: a letter and a name. That no other table has its letter is checked
/// by the caller, with [`same_letter`] or [`letter_key`].
pub(crate) fn table(table: &Table) -> Faults {
    Faults::default()
        .not_empty(&table.letter, "letter", "the table's letter")
        .not_empty(&table.name, "name", "the table's name")
        .done()
}

/// Whether two tables' letters clash: compared without case ("a" is "A").
pub(crate) fn same_letter(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A letter as compared by [`same_letter`], for sets.
pub(crate) fn letter_key(letter: &str) -> String {
    letter.to_ascii_uppercase()
}

/// A note's text: not empty.
pub(crate) fn note_text(text: &str) -> Faults {
    Faults::default()
        .not_empty(text, "text", "the note's text")
        .done()
}

/// A note: its text, and the table, step and theme it refers to.
pub(crate) fn note(note: &Note, known: &impl Known) -> Faults {
    let mut faults = note_text(&note.text);
    faults
        .table(known, note.table, "table")
        .step(known, &note.step, "step");
    if let Some(theme) = note.theme {
        faults.theme(known, theme, "theme");
    }
    if let Some(item) = note.about
        && !known.has_item(item)
    {
        faults.add("about", ModelError::UnknownItem(item));
    }
    faults
}

/// Where the room joins: an address and its code, both given.
pub(crate) fn sharing(sharing: &super::Sharing) -> Faults {
    Faults::default()
        .not_empty(&sharing.url, "url", "the address to join at")
        .not_empty(&sharing.code, "code", "the join code")
        .done()
}

/// Where a note is moved: a table and a step that exist.
pub(crate) fn note_place(table: TableId, step: &str, known: &impl Known) -> Faults {
    Faults::default()
        .table(known, table, "table")
        .step(known, step, "step")
        .done()
}

/// A theme: a label, and the step it belongs to when it has one.
pub(crate) fn theme(theme: &Theme, known: &impl Known) -> Faults {
    let mut faults = Faults::default();
    faults.not_empty(&theme.label, "label", "the theme's label");
    if let Some(step) = &theme.step {
        faults.step(known, step, "step");
    }
    faults
}

/// A step visited, or moved to.
pub(crate) fn step(step: &str, known: &impl Known) -> Faults {
    Faults::default().step(known, step, "step").done()
}

/// A number of dots: a table's share, or the dots it placed on a theme.
pub(crate) fn dots(dots: u32) -> Faults {
    let mut faults = Faults::default();
    if dots > MAX_DOTS {
        faults.add(
            "dots",
            ModelError::TooManyDots {
                dots,
                max: MAX_DOTS,
            },
        );
    }
    faults
}

/// A recorded vote: a table and a theme that exist, and at least one dot (a vote of none is
/// not kept: setting one to 0 removes it).
pub(crate) fn vote(vote: &Vote, known: &impl Known) -> Faults {
    let mut faults = dots(vote.dots);
    faults
        .table(known, vote.table, "table")
        .theme(known, vote.theme, "theme");
    if vote.dots == 0 {
        faults.add("dots", ModelError::NoDots);
    }
    faults
}

/// A recommendation: its text, and the themes and steps it answers.
pub(crate) fn recommendation(rec: &Recommendation, known: &impl Known) -> Faults {
    let mut faults = Faults::default();
    faults.not_empty(&rec.text, "text", "the recommendation's text");
    for theme in &rec.themes {
        faults.theme(known, *theme, "themes");
    }
    for step in &rec.steps {
        faults.step(known, step, "steps");
    }
    faults
}

/// A response: the note or theme it answers.
pub(crate) fn response(response: &Response, known: &impl Known) -> Faults {
    let mut faults = Faults::default();
    match response.target {
        ResponseTarget::Note(id) if !known.has_note(id) => {
            faults.add("target", ModelError::UnknownNote(id));
        }
        ResponseTarget::Theme(id) => {
            faults.theme(known, id, "target");
        }
        _ => {}
    }
    faults
}

/// The id after `id`, for `next_ids`; the largest id has none.
pub(crate) fn after(id: u32, what: impl std::fmt::Display) -> Result<u32, ModelError> {
    id.checked_add(1)
        .ok_or_else(|| ModelError::IdTooLarge(what.to_string()))
}

/// Where `id` is in `items`: a binary search while the list is in id order (as every change
/// keeps it), and a plain search when it is not (a list edited by hand or built in code).
pub(crate) fn index_of<T, K: Ord + Copy>(
    items: &[T],
    id: K,
    key: impl Fn(&T) -> K,
) -> Option<usize> {
    match items.binary_search_by_key(&id, &key) {
        Ok(i) => Some(i),
        Err(_) => items.iter().position(|item| key(item) == id),
    }
}

/// Where a problem is in a session file: the session's own field, or a field of the n-th item
/// (from 0) of one of its lists, named as in the file (`notes`, `table`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Session {
        field: &'static str,
    },
    Item {
        list: &'static str,
        index: usize,
        field: &'static str,
    },
}

/// Something wrong inside an otherwise readable session file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What the problem is about, e.g. "note #17".
    pub subject: String,
    pub message: String,
    pub place: Place,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// A refused item's error, worded for a file rather than for a change.
fn in_file(error: &ModelError) -> String {
    match error {
        ModelError::UnknownTable(id) => format!("refers to {id}, which is not in the file"),
        ModelError::UnknownTheme(id) => format!("refers to {id}, which is not in the file"),
        ModelError::UnknownNote(id) => format!("refers to {id}, which is not in the file"),
        ModelError::UnknownStep(step) => {
            format!("refers to step `{step}`, which is not in the framework")
        }
        other => other.to_string(),
    }
}

/// Collects problems, each with its place.
struct Report(Vec<Problem>);

impl Report {
    fn push(&mut self, subject: impl ToString, message: String, place: Place) {
        self.0.push(Problem {
            subject: subject.to_string(),
            message,
            place,
        });
    }

    fn item(&mut self, subject: impl ToString, list: &'static str, index: usize, faults: Faults) {
        if faults.is_empty() {
            return;
        }
        let subject = subject.to_string();
        for Invalid { field, error } in faults {
            self.push(
                &subject,
                in_file(&error),
                Place::Item { list, index, field },
            );
        }
    }

    fn id_below(
        &mut self,
        subject: impl ToString,
        list: &'static str,
        index: usize,
        id: u32,
        (next, name): (u32, &str),
    ) {
        if id >= next {
            self.push(
                subject,
                format!("id is not below next_ids.{name} ({next})"),
                Place::Item {
                    list,
                    index,
                    field: "id",
                },
            );
        }
    }

    fn unique<T: std::hash::Hash + Eq>(
        &mut self,
        seen: &mut HashSet<T>,
        id: T,
        subject: impl ToString,
        (list, what): (&'static str, &str),
        index: usize,
    ) {
        if !seen.insert(id) {
            self.push(
                subject,
                format!("this id is used by two {what}"),
                Place::Item {
                    list,
                    index,
                    field: "id",
                },
            );
        }
    }
}

impl Session {
    /// Checks a session read from a file with the same checks [`Session::apply`] makes of every
    /// item it adds or changes, plus what only a whole file can get wrong (an id used twice, an
    /// id not below `next_ids`). An empty list means the session is valid.
    pub fn problems(&self) -> Vec<Problem> {
        let mut r = Report(Vec::new());
        let session = |field| Place::Session { field };
        if let Err(message) = self.framework.validate() {
            r.push("framework", message, session("framework"));
        }
        for Invalid { error, .. } in title(&self.title) {
            r.push("the session", error.to_string(), session("title"));
        }
        for Invalid { error, .. } in dots(self.dots_per_table) {
            r.push(
                "dots_per_table",
                error.to_string(),
                session("dots_per_table"),
            );
        }
        let known = InFile::of(self);
        let next = self.next_ids;

        let (mut ids, mut letters) = (HashSet::new(), HashSet::new());
        for (i, t) in self.tables.iter().enumerate() {
            r.unique(&mut ids, t.id, t.id, ("tables", "tables"), i);
            r.id_below(t.id, "tables", i, t.id.0, (next.table, "table"));
            let fields = table(t);
            let fine = fields.is_empty();
            r.item(t.id, "tables", i, fields);
            if fine && !letters.insert(letter_key(&t.letter)) {
                r.push(
                    t.id,
                    format!("letter `{}` is used by two tables", t.letter),
                    Place::Item {
                        list: "tables",
                        index: i,
                        field: "letter",
                    },
                );
            }
        }
        let mut ids = HashSet::new();
        for (i, t) in self.themes.iter().enumerate() {
            r.unique(&mut ids, t.id, t.id, ("themes", "themes"), i);
            r.id_below(t.id, "themes", i, t.id.0, (next.theme, "theme"));
            r.item(t.id, "themes", i, theme(t, &known));
        }
        let mut ids = HashSet::new();
        for (i, n) in self.notes.iter().enumerate() {
            r.unique(&mut ids, n.id, n.id, ("notes", "notes"), i);
            r.id_below(n.id, "notes", i, n.id.0, (next.note, "note"));
            r.item(n.id, "notes", i, note(n, &known));
        }
        let mut submitted = HashSet::new();
        for (i, sub) in self.submissions.iter().enumerate() {
            let n = &sub.note;
            r.unique(
                &mut submitted,
                n.id,
                n.id,
                ("submissions", "submissions"),
                i,
            );
            r.id_below(n.id, "submissions", i, n.id.0, (next.note, "note"));
            r.item(n.id, "submissions", i, note(n, &known));
            // An accepted note may have been deleted since; one not accepted is not shown.
            if ids.contains(&n.id) && sub.review != super::Review::Accepted {
                r.push(
                    n.id,
                    "is on the board but was not accepted".into(),
                    Place::Item {
                        list: "submissions",
                        index: i,
                        field: "review",
                    },
                );
            }
        }
        let mut pairs = HashSet::new();
        for (i, v) in self.votes.iter().enumerate() {
            let subject = || format!("vote of {} on {}", v.table, v.theme);
            let faults = vote(v, &known);
            if !faults.is_empty() {
                r.item(subject(), "votes", i, faults);
            }
            if !pairs.insert((v.table, v.theme)) {
                r.push(
                    subject(),
                    "recorded twice".into(),
                    Place::Item {
                        list: "votes",
                        index: i,
                        field: "theme",
                    },
                );
            }
        }
        let mut ids = HashSet::new();
        for (i, rec) in self.recommendations.iter().enumerate() {
            let list = ("recommendations", "recommendations");
            r.unique(&mut ids, rec.id, rec.id, list, i);
            let next = (next.recommendation, "recommendation");
            r.id_below(rec.id, "recommendations", i, rec.id.0, next);
            r.item(rec.id, "recommendations", i, recommendation(rec, &known));
        }
        let mut ids = HashSet::new();
        for (i, resp) in self.responses.iter().enumerate() {
            r.unique(&mut ids, resp.id, resp.id, ("responses", "responses"), i);
            r.id_below(
                resp.id,
                "responses",
                i,
                resp.id.0,
                (next.response, "response"),
            );
            r.item(resp.id, "responses", i, response(resp, &known));
        }
        if let Some(f) = &self.follow_up {
            let mut ids = HashSet::new();
            for item in &f.items {
                if !ids.insert(item.id) {
                    r.push(
                        format_args!("carried item {}", item.id),
                        "is carried twice".into(),
                        Place::Session { field: "follow_up" },
                    );
                }
            }
        }
        for (i, v) in self.step_log.iter().enumerate() {
            let faults = step(&v.step, &known);
            r.item(
                format_args!("step_log entry {}", i + 1),
                "step_log",
                i,
                faults,
            );
        }
        r.0
    }
}
