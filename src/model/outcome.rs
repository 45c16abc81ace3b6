//! Outcomes: recommendations addressed to an audience, and "You said / We did" responses.

use super::Session;
use super::ids::{NoteId, RecommendationId, ResponseId, ThemeId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An actionable proposal addressed to an audience, with an owner and a timeframe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: RecommendationId,
    pub text: String,
    /// One of the framework's audiences ("Employers", "Local policy makers", …).
    pub audience: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub timeframe: Option<Timeframe>,
    /// Themes it answers.
    #[serde(default)]
    pub themes: Vec<ThemeId>,
    /// Framework steps (principles) it answers.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Who pledged what.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timeframe {
    Now,
    ThreeMonths,
    TwelveMonths,
    By(Date),
}

impl Timeframe {
    pub fn label(&self) -> String {
        match self {
            Timeframe::Now => "now".into(),
            Timeframe::ThreeMonths => "within 3 months".into(),
            Timeframe::TwelveMonths => "within 12 months".into(),
            Timeframe::By(date) => format!("by {date}"),
        }
    }
}

/// What looks wrong with a recommendation's timeframe in this session: a date before the
/// workshop it came out of ("the date 2026-01-03 is before the workshop (2026-03-14)"), almost
/// surely a typo. `None` when it looks right.
///
/// A warning for the form or command that sets the timeframe to show, not a refusal:
/// [`Session::apply`] also replays journals and undoes changes, and
/// [`Session::problems`] checks files on load, so refusing there would make sessions saved
/// with such a date unreadable (and a later change of the workshop's date can make an
/// accepted timeframe early).
pub fn timeframe_fault(session: &Session, timeframe: &Timeframe) -> Option<String> {
    match timeframe {
        Timeframe::By(date) if *date < session.date => Some(format!(
            "the date {date} is before the workshop ({})",
            session.date
        )),
        _ => None,
    }
}

/// Every recommendation whose timeframe has a [`timeframe_fault`], in session order, with it:
/// for a check of a whole session, or after the workshop's date changed.
pub fn timeframe_faults(session: &Session) -> Vec<(RecommendationId, String)> {
    session
        .recommendations
        .iter()
        .filter_map(|r| {
            let fault = timeframe_fault(session, r.timeframe.as_ref()?)?;
            Some((r.id, fault))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub who: String,
    pub what: String,
}

/// What was done about a note or a theme ("You said / We did").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub id: ResponseId,
    pub target: ResponseTarget,
    pub kind: ResponseKind,
    pub text: String,
    #[serde(default)]
    pub owner: String,
    pub status: ResponseStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponseTarget {
    Note(NoteId),
    Theme(ThemeId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponseKind {
    Noted,
    Answered,
    SuggestionPassedOn,
    Action,
}

impl ResponseKind {
    pub fn label(self) -> &'static str {
        match self {
            ResponseKind::Noted => "comment noted",
            ResponseKind::Answered => "question answered",
            ResponseKind::SuggestionPassedOn => "suggestion passed on",
            ResponseKind::Action => "action taken",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponseStatus {
    Open,
    InProgress,
    Done,
}

impl ResponseStatus {
    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Open => "open",
            ResponseStatus::InProgress => "in progress",
            ResponseStatus::Done => "done",
        }
    }
}
