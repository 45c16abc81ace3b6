//! The recommendations view: recommendations grouped by audience, and drafts from the
//! top-voted themes to start from — state, keys and update.

pub mod view;

use crate::model::{Change, Recommendation, RecommendationId, draft_recommendations};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::recommendation_form;

/// How many drafts to offer: one per top-voted theme without a recommendation.
pub const MAX_DRAFTS: usize = 8;

/// The recommendations, grouped by audience (prepared after every change).
#[derive(Debug, Default)]
pub struct RecList {
    /// (audience, positions in `session.recommendations`), in the framework's audience order.
    pub groups: Vec<(String, Vec<usize>)>,
    pub selected: Option<RecommendationId>,
}

impl RecList {
    /// Positions in `session.recommendations`, in the order shown.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups
            .iter()
            .flat_map(|(_, list)| list.iter().copied())
    }
}

#[derive(Debug, Default)]
pub struct Drafts {
    pub list: Vec<Recommendation>,
    pub cursor: usize,
}

impl<S: SessionStore> App<S> {
    pub(crate) fn update_recommendations(&mut self, action: Action) -> Option<Action> {
        let session = self.session().expect("a session is open");
        let order: Vec<usize> = self.outcomes.recs.order().collect();
        let at = order
            .iter()
            .position(|&i| Some(session.recommendations[i].id) == self.outcomes.recs.selected);
        let current = at.map(|a| session.recommendations[order[a]].clone());
        let to = match action {
            Action::Up | Action::ScrollUp => Some(at.unwrap_or(0).saturating_sub(1)),
            Action::Down | Action::ScrollDown => {
                Some(at.map_or(0, |a| (a + 1).min(order.len().saturating_sub(1))))
            }
            _ => None,
        };
        if let Some(to) = to {
            if let Some(&i) = order.get(to) {
                self.outcomes.recs.selected = Some(session.recommendations[i].id);
            }
            return None;
        }
        match action {
            Action::NewItem => {
                if self.refuse_read_only() {
                    return None;
                }
                let session = self.session().expect("open");
                let rec = Recommendation {
                    id: self.next_recommendation_id(),
                    text: String::new(),
                    audience: session
                        .framework
                        .audiences
                        .first()
                        .cloned()
                        .unwrap_or_default(),
                    owner: String::new(),
                    timeframe: None,
                    themes: Vec::new(),
                    steps: Vec::new(),
                    commitments: Vec::new(),
                };
                let form = recommendation_form(session, &rec, true, false);
                self.outcomes.form = Some(form);
            }
            Action::Edit => match current {
                Some(rec) => {
                    if !self.refuse_read_only() {
                        let session = self.session().expect("open");
                        self.outcomes.form = Some(recommendation_form(session, &rec, false, false));
                    }
                }
                None => self.info("no recommendation yet: a writes one, D offers drafts"),
            },
            Action::Delete => match current {
                Some(rec) => {
                    // The neighbour below (else above) is selected next.
                    let at = at.unwrap_or(0);
                    let neighbour = order
                        .get(at + 1)
                        .or_else(|| at.checked_sub(1).and_then(|i| order.get(i)))
                        .map(|&i| session.recommendations[i].id);
                    if self
                        .commit(Change::DeleteRecommendation { id: rec.id })
                        .done()
                    {
                        self.outcomes.recs.selected = neighbour;
                        self.info(format!("deleted recommendation #{} — u to undo", rec.id.0));
                    }
                }
                None => self.info("no recommendation to delete"),
            },
            Action::OpenDrafts => {
                let list = draft_recommendations(session, MAX_DRAFTS);
                if list.is_empty() {
                    self.info(
                        "no drafts: every theme with dots already has a recommendation, or nobody has voted yet",
                    );
                }
                self.outcomes.drafts = Some(Drafts { list, cursor: 0 });
            }
            other => return Some(other),
        }
        None
    }

    pub(crate) fn update_drafts(&mut self, action: Action) -> Option<Action> {
        let Some(drafts) = self.outcomes.drafts.as_mut() else {
            return Some(action);
        };
        match action {
            Action::Up | Action::ScrollUp => drafts.cursor = drafts.cursor.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                drafts.cursor = (drafts.cursor + 1).min(drafts.list.len().saturating_sub(1))
            }
            Action::Yes => {
                let Some(draft) = drafts.list.get(drafts.cursor).cloned() else {
                    self.info("no draft to take: Esc goes back to the list");
                    return None;
                };
                if self.refuse_read_only() {
                    return None;
                }
                let mut draft = draft;
                draft.id = self.next_recommendation_id();
                let session = self.session().expect("open");
                let form = recommendation_form(session, &draft, true, true);
                self.outcomes.drafts = None;
                self.outcomes.form = Some(form);
                self.info("draft accepted into the editor: edit it, then Enter or Ctrl-s saves");
            }
            Action::CloseOverlay => self.outcomes.drafts = None,
            Action::Help | Action::Quit => return Some(action),
            _ => {}
        }
        None
    }

    pub(crate) fn next_recommendation_id(&self) -> RecommendationId {
        RecommendationId(self.next_ids().recommendation)
    }
}
