//! Follow-up workshops: last time's promises carried into this session, and what became of them.
//!
//! A session made with `convene new --follow-up PREVIOUS.ron` holds a [`FollowUp`]: which
//! session it follows (by its uuid, so a renamed file still matches) and a copy of every item
//! that workshop left to do — its recommendations and their commitments, its responses not yet
//! done, and what it had itself carried and not closed. Each item keeps the global id it was
//! given where it was first made ([`super::global`]), so one commitment can be followed from
//! workshop to workshop. During the "Since last time" step the facilitator records each item's
//! status and what was done ([`super::Change::UpdateItem`]); the room's notes can point at one
//! ([`super::Note::about`]).
//!
//! The copy makes each file stand alone: a follow-up read without its predecessor still says
//! what was promised, by whom and by when.

use super::global::{commitment_id, recommendation_id, response_id};
use super::{ResponseStatus, ResponseTarget, Session, Timeframe};
use crate::framework::{Framework, Step, StepKind};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The key of the step a follow-up's agenda gains.
pub const SINCE_LAST_TIME: &str = "since-last-time";

/// The session this one follows, and what it left to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub previous: PreviousSession,
    /// What was carried in, in the previous session's order: each recommendation followed by
    /// its commitments, then responses, then items it had carried itself.
    pub items: Vec<CarriedItem>,
}

/// The session followed, as it was when this one was made from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousSession {
    pub uuid: Uuid,
    pub title: String,
    pub date: Date,
    /// Its revision then: a file with a later one has changed since.
    pub revision: u64,
    /// Its file's name then (no folder), to find it again and to name it in messages.
    pub file: String,
}

/// One recommendation, commitment or response carried from an earlier workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedItem {
    /// Its global id, given where it was first made and kept in every session it reaches.
    pub id: Uuid,
    pub kind: ItemKind,
    /// A commitment's recommendation (its global id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Uuid>,
    /// The workshop it was made at.
    pub made_in: Uuid,
    pub made_title: String,
    pub made_on: Date,
    /// What was said: a recommendation's text, what a commitment pledged, the note or theme a
    /// response answers.
    pub text: String,
    /// A response's own words ("We will…"); empty for the other kinds.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reply: String,
    /// Who it is addressed to (a recommendation's audience).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub audience: String,
    /// Who is to do it: a recommendation's or response's owner, whoever made a commitment.
    #[serde(default)]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe: Option<Timeframe>,
    /// When it falls due ([`Timeframe::due`]); none without a timeframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// The principles (step titles) and themes (labels) it answers, as named where it was made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// It quotes a note marked sensitive: left out of what is shown or published unless asked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Where it stood when carried in.
    pub status_before: ItemStatus,
    /// Where it stands now, as recorded in this session.
    pub status: ItemStatus,
    /// What was done, as recorded in this session.
    #[serde(default)]
    pub done: String,
    /// What earlier follow-ups recorded, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ItemUpdate>,
}

/// What one follow-up workshop recorded of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemUpdate {
    pub session: Uuid,
    pub date: Date,
    pub status: ItemStatus,
    #[serde(default)]
    pub done: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ItemKind {
    Recommendation,
    Commitment,
    Response,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Recommendation => "recommendation",
            ItemKind::Commitment => "commitment",
            ItemKind::Response => "response",
        }
    }
}

/// Where a promise stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum ItemStatus {
    #[default]
    Open,
    InProgress,
    Done,
    /// Decided against, or no longer possible: closed without being done.
    Dropped,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 4] = [
        ItemStatus::Open,
        ItemStatus::InProgress,
        ItemStatus::Done,
        ItemStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::InProgress => "in progress",
            ItemStatus::Done => "done",
            ItemStatus::Dropped => "not going ahead",
        }
    }

    /// A mark that says the status without colour: ○ open, ◐ in progress, ✓ done, ✗ dropped.
    pub fn symbol(self) -> &'static str {
        match self {
            ItemStatus::Open => "○",
            ItemStatus::InProgress => "◐",
            ItemStatus::Done => "✓",
            ItemStatus::Dropped => "✗",
        }
    }

    /// The status after this one in the facilitator's cycle (open → in progress → done →
    /// not going ahead → open).
    pub fn next(self) -> ItemStatus {
        match self {
            ItemStatus::Open => ItemStatus::InProgress,
            ItemStatus::InProgress => ItemStatus::Done,
            ItemStatus::Done => ItemStatus::Dropped,
            ItemStatus::Dropped => ItemStatus::Open,
        }
    }

    /// Done or dropped: nothing more to follow up.
    pub fn is_closed(self) -> bool {
        matches!(self, ItemStatus::Done | ItemStatus::Dropped)
    }

    /// Parses a label or key ("open", "in-progress", "done", "dropped", "not going ahead").
    pub fn parse(text: &str) -> Option<ItemStatus> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '_' || c == ' ' { '-' } else { c })
            .collect();
        match key.as_str() {
            "open" => Some(ItemStatus::Open),
            "in-progress" | "progress" | "started" => Some(ItemStatus::InProgress),
            "done" => Some(ItemStatus::Done),
            "dropped" | "not-going-ahead" => Some(ItemStatus::Dropped),
            _ => None,
        }
    }
}

impl From<ResponseStatus> for ItemStatus {
    fn from(status: ResponseStatus) -> ItemStatus {
        match status {
            ResponseStatus::Open => ItemStatus::Open,
            ResponseStatus::InProgress => ItemStatus::InProgress,
            ResponseStatus::Done => ItemStatus::Done,
        }
    }
}

impl Timeframe {
    /// The day a promise made on `made_on` with this timeframe falls due: that day for "now",
    /// three or twelve months later, or the date given.
    pub fn due(&self, made_on: Date) -> Date {
        match self {
            Timeframe::Now => made_on,
            Timeframe::ThreeMonths => made_on.checked_add(3.months()).unwrap_or(made_on),
            Timeframe::TwelveMonths => made_on.checked_add(12.months()).unwrap_or(made_on),
            Timeframe::By(date) => *date,
        }
    }
}

impl CarriedItem {
    /// Past its due date on `on` and not closed.
    pub fn is_overdue(&self, on: Date) -> bool {
        !self.status.is_closed() && self.due.is_some_and(|due| due < on)
    }

    /// Days since it was made, on `on`.
    pub fn age_days(&self, on: Date) -> i64 {
        (on - self.made_on)
            .total(jiff::Unit::Day)
            .map_or(0, |d| d as i64)
    }

    /// Whether this session changed it: a status other than the one carried in, or words
    /// about what was done.
    pub fn updated(&self) -> bool {
        self.status != self.status_before || !self.done.trim().is_empty()
    }
}

impl FollowUp {
    pub fn item(&self, id: Uuid) -> Option<&CarriedItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The number it is shown with (1, 2, …), in the order carried.
    pub fn number(&self, id: Uuid) -> Option<usize> {
        self.items.iter().position(|i| i.id == id).map(|i| i + 1)
    }
}

/// What `previous` leaves for the next workshop: every recommendation it made with its
/// commitments, its responses not done, and whatever it carried that it did not close (with
/// what it recorded added to the item's history). `file` is the previous file's name.
pub fn carry_forward(previous: &Session, file: &str) -> FollowUp {
    let mut items = promises_of(previous, false);
    if let Some(before) = &previous.follow_up {
        for item in before.items.iter().filter(|i| !i.status.is_closed()) {
            let mut carried = item.clone();
            if item.updated() {
                carried.history.push(ItemUpdate {
                    session: previous.uuid,
                    date: previous.date,
                    status: item.status,
                    done: item.done.clone(),
                });
            }
            carried.status_before = item.status;
            carried.done = String::new();
            items.push(carried);
        }
    }
    FollowUp {
        previous: PreviousSession {
            uuid: previous.uuid,
            title: previous.title.clone(),
            date: previous.date,
            revision: previous.revision,
            file: file.to_string(),
        },
        items,
    }
}

/// The promises made at `previous` itself, as items to follow: each recommendation followed
/// by its commitments, then its responses (those done too when `done_too`; a response to a note
/// or theme no longer there is left out). Their status is where the session left them.
pub fn promises_of(previous: &Session, done_too: bool) -> Vec<CarriedItem> {
    let u = previous.uuid;
    let made = |kind, id, text: String| CarriedItem {
        id,
        kind,
        parent: None,
        made_in: u,
        made_title: previous.title.clone(),
        made_on: previous.date,
        text,
        reply: String::new(),
        audience: String::new(),
        owner: String::new(),
        timeframe: None,
        due: None,
        principles: Vec::new(),
        themes: Vec::new(),
        sensitive: false,
        status_before: ItemStatus::Open,
        status: ItemStatus::Open,
        done: String::new(),
        history: Vec::new(),
    };
    let mut items = Vec::new();
    for r in &previous.recommendations {
        let rec_id = recommendation_id(u, r.id);
        let principles: Vec<String> = r
            .steps
            .iter()
            .filter_map(|k| previous.framework.step(k).map(|s| s.title.clone()))
            .collect();
        let themes: Vec<String> = r
            .themes
            .iter()
            .filter_map(|t| previous.theme(*t).map(|t| t.label.clone()))
            .collect();
        let due = r.timeframe.as_ref().map(|t| t.due(previous.date));
        items.push(CarriedItem {
            audience: r.audience.clone(),
            owner: r.owner.clone(),
            timeframe: r.timeframe.clone(),
            due,
            principles: principles.clone(),
            themes: themes.clone(),
            ..made(ItemKind::Recommendation, rec_id, r.text.clone())
        });
        for (i, c) in r.commitments.iter().enumerate() {
            items.push(CarriedItem {
                parent: Some(rec_id),
                owner: c.who.clone(),
                timeframe: r.timeframe.clone(),
                due,
                principles: principles.clone(),
                themes: themes.clone(),
                ..made(
                    ItemKind::Commitment,
                    commitment_id(u, r.id, i + 1),
                    c.what.clone(),
                )
            });
        }
    }
    for r in previous
        .responses
        .iter()
        .filter(|r| done_too || r.status != ResponseStatus::Done)
    {
        let (text, sensitive, principles, themes) = match r.target {
            ResponseTarget::Note(id) => match previous.note(id) {
                Some(n) => (
                    n.text.clone(),
                    n.sensitive,
                    previous
                        .framework
                        .step(&n.step)
                        .map(|s| vec![s.title.clone()])
                        .unwrap_or_default(),
                    n.theme
                        .and_then(|t| previous.theme(t))
                        .map(|t| vec![t.label.clone()])
                        .unwrap_or_default(),
                ),
                None => continue,
            },
            ResponseTarget::Theme(id) => match previous.theme(id) {
                Some(t) => (t.label.clone(), false, Vec::new(), vec![t.label.clone()]),
                None => continue,
            },
        };
        let status = ItemStatus::from(r.status);
        items.push(CarriedItem {
            reply: r.text.clone(),
            owner: r.owner.clone(),
            sensitive,
            principles,
            themes,
            status_before: status,
            status,
            ..made(ItemKind::Response, response_id(u, r.id), text)
        });
    }
    items
}

/// The "Since last time" step a follow-up's agenda gains.
pub fn since_last_time_step() -> Step {
    Step {
        id: SINCE_LAST_TIME.into(),
        title: "Since last time".into(),
        kind: StepKind::FollowUp,
        prompt: "Last time we made these promises. What has happened since, and what is still \
                 to do?"
            .into(),
        guidance: "Go through each item with the room: ask the owner what was done, record its \
                   status, and write down what the room says about it. Be honest about what \
                   slipped and why; overdue items are marked."
            .into(),
        minutes: Some(20),
    }
}

/// `framework` with a "Since last time" step after its welcome (or first, without one),
/// unless it has a follow-up step already.
pub fn with_follow_up_step(mut framework: Framework) -> Framework {
    if framework.steps.iter().any(|s| s.kind == StepKind::FollowUp) {
        return framework;
    }
    let mut step = since_last_time_step();
    // A framework's own step with this key keeps it; the new one is told apart.
    while framework.step(&step.id).is_some() {
        step.id.push_str("-2");
    }
    let at = framework
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Welcome)
        .map_or(0, |i| i + 1);
    framework.steps.insert(at, step);
    framework
}

impl Session {
    /// A new session following `previous` (read from the file named `file`): its agenda gains
    /// a "Since last time" step, and its [`FollowUp`] carries what `previous` left to do. The
    /// tables are not copied: who comes to the next workshop is its own business.
    pub fn follow_up(
        previous: &Session,
        file: &str,
        title: impl Into<String>,
        date: Date,
        framework: Framework,
        created: jiff::Timestamp,
    ) -> Session {
        let mut session = Session::new(title, date, with_follow_up_step(framework), created);
        session.place = previous.place.clone();
        session.follow_up = Some(carry_forward(previous, file));
        session
    }

    /// The follow-up step of this session's agenda, if it has one.
    pub fn follow_up_step(&self) -> Option<&Step> {
        self.framework
            .steps
            .iter()
            .find(|s| s.kind == StepKind::FollowUp)
    }

    pub fn carried(&self, id: Uuid) -> Option<&CarriedItem> {
        self.follow_up.as_ref()?.item(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Commitment, NoteKind, Recommendation, RecommendationId};

    fn made(date: Date) -> Session {
        let mut s = Session::new(
            "March",
            date,
            Framework::default_framework(),
            "2026-03-14T09:00:00Z".parse().unwrap(),
        );
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t.clone())).unwrap();
        let n = s.next_note(t.id, "person-centred", NoteKind::Idea, "Buses", s.created);
        s.apply(Change::AddNote(n)).unwrap();
        s.apply(Change::AddRecommendation(Recommendation {
            id: RecommendationId(1),
            text: "Pay travel to interviews".into(),
            audience: "Employers".into(),
            owner: "Chamber".into(),
            timeframe: Some(Timeframe::ThreeMonths),
            themes: Vec::new(),
            steps: vec!["person-centred".into()],
            commitments: vec![Commitment {
                who: "Council".into(),
                what: "Fund bus passes".into(),
            }],
        }))
        .unwrap();
        s
    }

    #[test]
    fn a_follow_up_carries_recommendations_and_commitments_with_their_ids() {
        let march = made(jiff::civil::date(2026, 3, 14));
        let june = Session::follow_up(
            &march,
            "march.ron",
            "June",
            jiff::civil::date(2026, 6, 20),
            Framework::default_framework(),
            "2026-06-20T09:00:00Z".parse().unwrap(),
        );
        let f = june.follow_up.as_ref().unwrap();
        assert_eq!(f.previous.uuid, march.uuid);
        assert_eq!(f.items.len(), 2);
        let rec = &f.items[0];
        assert_eq!(rec.id, recommendation_id(march.uuid, RecommendationId(1)));
        assert_eq!(rec.due, Some(jiff::civil::date(2026, 6, 14)));
        assert!(rec.is_overdue(june.date));
        assert_eq!(rec.principles, vec!["Person-centred, place-based"]);
        let c = &f.items[1];
        assert_eq!(c.kind, ItemKind::Commitment);
        assert_eq!(c.parent, Some(rec.id));
        assert_eq!(c.owner, "Council");
        // The agenda opens with the new step, after the welcome.
        assert_eq!(june.framework.steps[1].kind, StepKind::FollowUp);
        assert!(june.problems().is_empty(), "{:?}", june.problems());
    }

    #[test]
    fn open_items_go_on_with_their_history_and_closed_ones_stop() {
        let march = made(jiff::civil::date(2026, 3, 14));
        let file = "march.ron";
        let mut june = Session::follow_up(
            &march,
            file,
            "June",
            jiff::civil::date(2026, 6, 20),
            Framework::default_framework(),
            "2026-06-20T09:00:00Z".parse().unwrap(),
        );
        let items = june.follow_up.as_ref().unwrap().items.clone();
        let undo = june
            .apply(Change::UpdateItem {
                id: items[0].id,
                status: ItemStatus::Done,
                done: "Three employers pay fares".into(),
            })
            .unwrap()
            .unwrap();
        june.apply(Change::UpdateItem {
            id: items[1].id,
            status: ItemStatus::InProgress,
            done: "Passes ordered".into(),
        })
        .unwrap();
        // Undo puts the first back as it was.
        let mut copy = june.clone();
        copy.apply(undo).unwrap();
        assert_eq!(copy.carried(items[0].id).unwrap().status, ItemStatus::Open);

        let october = Session::follow_up(
            &june,
            "june.ron",
            "October",
            jiff::civil::date(2026, 10, 10),
            Framework::default_framework(),
            "2026-10-10T09:00:00Z".parse().unwrap(),
        );
        let f = october.follow_up.as_ref().unwrap();
        // June made no recommendations: only March's commitment, still in progress, goes on.
        assert_eq!(f.items.len(), 1);
        let c = &f.items[0];
        assert_eq!(c.id, items[1].id);
        assert_eq!(c.made_in, march.uuid);
        assert_eq!(c.status_before, ItemStatus::InProgress);
        assert_eq!(c.history.len(), 1);
        assert_eq!(c.history[0].done, "Passes ordered");
        assert_eq!(c.history[0].session, june.uuid);
        assert!(october.problems().is_empty());
    }

    #[test]
    fn unknown_items_and_notes_about_them_are_refused() {
        let march = made(jiff::civil::date(2026, 3, 14));
        let mut june = Session::follow_up(
            &march,
            "m.ron",
            "June",
            jiff::civil::date(2026, 6, 20),
            Framework::default_framework(),
            "2026-06-20T09:00:00Z".parse().unwrap(),
        );
        assert!(
            june.apply(Change::UpdateItem {
                id: Uuid::nil(),
                status: ItemStatus::Done,
                done: String::new(),
            })
            .is_err()
        );
        let t = june.next_table(None, Vec::new());
        june.apply(Change::AddTable(t.clone())).unwrap();
        let mut n = june.next_note(t.id, SINCE_LAST_TIME, NoteKind::Comment, "x", june.created);
        n.about = Some(Uuid::nil());
        assert!(june.apply(Change::AddNote(n.clone())).is_err());
        n.about = Some(june.follow_up.as_ref().unwrap().items[1].id);
        june.apply(Change::AddNote(n)).unwrap();
        assert!(june.problems().is_empty());
    }

    #[test]
    fn statuses_parse_from_their_labels_and_keys() {
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.label()), Some(s));
        }
        assert_eq!(
            ItemStatus::parse("in_progress"),
            Some(ItemStatus::InProgress)
        );
        assert_eq!(ItemStatus::parse("dropped"), Some(ItemStatus::Dropped));
        assert_eq!(ItemStatus::parse("finished"), None);
    }
}
