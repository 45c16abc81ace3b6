//! What the outcome views share: the state of the recommendations, "You said / We did" and
//! export rooms, held together, and preparing them after every change.

pub mod view;

use crate::store::SessionStore;
use crate::tui::app::{App, View};
pub use crate::tui::export::ExportScreen;
pub use crate::tui::form::Form;
pub use crate::tui::recommendations::{Drafts, MAX_DRAFTS, RecList};
pub use crate::tui::responses::Said;

/// The outcome views in Tab order: after the board, and back round to the step view.
pub const VIEWS: [View; 3] = [View::Recommendations, View::Responses, View::Export];

/// The state of the three outcome views.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub recs: RecList,
    /// Drafts shown instead of the list, when open.
    pub drafts: Option<Drafts>,
    /// The recommendation or response being written, when open.
    pub form: Option<Form>,
    pub said: Said,
    pub export: ExportScreen,
}

impl<S: SessionStore> App<S> {
    /// Prepares what the outcome views draw; called after every change.
    pub(crate) fn refresh_outcomes(&mut self) {
        let mut said = std::mem::take(&mut self.outcomes.said);
        let mut export = std::mem::take(&mut self.outcomes.export);
        let view = self.view;
        let Some(session) = self.session() else {
            self.outcomes.said = said;
            self.outcomes.export = export;
            return;
        };
        let mut groups: Vec<(String, Vec<usize>)> = session
            .framework
            .audiences
            .iter()
            .map(|a| (a.clone(), Vec::new()))
            .collect();
        for (i, r) in session.recommendations.iter().enumerate() {
            match groups.iter_mut().find(|(a, _)| *a == r.audience) {
                Some((_, list)) => list.push(i),
                None => groups.push((r.audience.clone(), vec![i])),
            }
        }
        groups.retain(|(_, list)| !list.is_empty());
        let exists = |id| session.recommendations.iter().any(|r| r.id == id);
        let selected = match self.outcomes.recs.selected {
            Some(id) if exists(id) => Some(id),
            _ => groups
                .first()
                .map(|(_, list)| session.recommendations[list[0]].id),
        };
        said.rebuild(session);
        let mut asked = None;
        if view == View::Export {
            asked = export.rebuild(session, self.store().and_then(|s| s.path()), false);
        }
        self.outcomes.said = said;
        self.outcomes.export = export;
        if let Some(request) = asked {
            self.effects
                .push(crate::tui::app::Effect::MakePreview(Box::new(request)));
        }
        self.outcomes.recs.groups = groups;
        self.outcomes.recs.selected = selected;
    }
}
