//! "You said / We did": a response to each note and theme (what was done about it), with
//! filters by status and owner — state, keys and update.

pub mod view;

use crate::model::{
    Change, NoteId, NoteKind, Response, ResponseId, ResponseKind, ResponseStatus, ResponseTarget,
    Session,
};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::{App, text_of, textarea_with};
use crate::tui::form::response_form;
use ratatui_textarea::TextArea;

/// Which responses "You said / We did" shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Is(ResponseStatus),
    /// Notes and themes nobody has responded to yet.
    NoResponse,
}

impl StatusFilter {
    pub fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Is(ResponseStatus::Open),
            StatusFilter::Is(ResponseStatus::Open) => StatusFilter::Is(ResponseStatus::InProgress),
            StatusFilter::Is(ResponseStatus::InProgress) => StatusFilter::Is(ResponseStatus::Done),
            StatusFilter::Is(ResponseStatus::Done) => StatusFilter::NoResponse,
            StatusFilter::NoResponse => StatusFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Is(s) => s.label(),
            StatusFilter::NoResponse => "no response yet",
        }
    }
}

/// One row of "You said / We did": a note or theme, and one response to it (or none yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaidRow {
    pub target: ResponseTarget,
    /// Position in `session.responses`.
    pub response: Option<usize>,
}

/// "You said / We did": rows prepared after every change, filters, the cursor.
#[derive(Debug)]
pub struct Said {
    pub rows: Vec<SaidRow>,
    pub cursor: usize,
    pub status: StatusFilter,
    pub owner: TextArea<'static>,
    /// The owner filter is being typed.
    pub typing_owner: bool,
    /// Rows before filtering.
    pub total: usize,
    /// The row to keep the cursor on across changes: its target and response.
    pub(crate) keep: Option<(ResponseTarget, Option<ResponseId>)>,
}

impl Default for Said {
    fn default() -> Said {
        Said {
            rows: Vec::new(),
            cursor: 0,
            status: StatusFilter::All,
            owner: textarea_with("", "part of an owner's name"),
            typing_owner: false,
            total: 0,
            keep: None,
        }
    }
}

impl Said {
    pub fn owner_filter(&self) -> String {
        text_of(&self.owner).trim().to_string()
    }

    /// Rebuilds the rows: responded-to notes and themes first (themes, then notes by step and
    /// table), then those without a response; then the filters.
    pub fn rebuild(&mut self, session: &Session) {
        let mut targets: Vec<ResponseTarget> = session
            .themes
            .iter()
            .map(|t| ResponseTarget::Theme(t.id))
            .collect();
        let mut notes: Vec<(usize, usize, NoteId)> = session
            .notes
            .iter()
            .map(|n| {
                (
                    session.framework.step_index(&n.step).unwrap_or(usize::MAX),
                    session
                        .tables
                        .iter()
                        .position(|t| t.id == n.table)
                        .unwrap_or(usize::MAX),
                    n.id,
                )
            })
            .collect();
        notes.sort_unstable();
        targets.extend(notes.into_iter().map(|(_, _, id)| ResponseTarget::Note(id)));
        let mut by_target: std::collections::HashMap<ResponseTarget, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, r) in session.responses.iter().enumerate() {
            by_target.entry(r.target).or_default().push(i);
        }
        let mut with = Vec::new();
        let mut without = Vec::new();
        for target in targets {
            match by_target.get(&target) {
                Some(list) => with.extend(list.iter().map(|&i| SaidRow {
                    target,
                    response: Some(i),
                })),
                None => without.push(SaidRow {
                    target,
                    response: None,
                }),
            }
        }
        self.total = with.len() + without.len();
        let owner = self.owner_filter().to_lowercase();
        let status = self.status;
        self.rows = with
            .into_iter()
            .chain(without)
            .filter(|row| {
                let response = row.response.map(|i| &session.responses[i]);
                let status_ok = match (status, response) {
                    (StatusFilter::All, _) => true,
                    (StatusFilter::Is(s), Some(r)) => r.status == s,
                    (StatusFilter::NoResponse, None) => true,
                    _ => false,
                };
                let owner_ok = owner.is_empty()
                    || response.is_some_and(|r| r.owner.to_lowercase().contains(&owner));
                status_ok && owner_ok
            })
            .collect();
        let keep = self.keep;
        if let Some((target, response)) = keep {
            let id_of = |row: &SaidRow| row.response.map(|i| session.responses[i].id);
            let found = self
                .rows
                .iter()
                .position(|r| r.target == target && id_of(r) == response)
                .or_else(|| self.rows.iter().position(|r| r.target == target));
            if let Some(i) = found {
                self.cursor = i;
            }
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.remember(session);
    }

    fn remember(&mut self, session: &Session) {
        self.keep = self
            .rows
            .get(self.cursor)
            .map(|row| (row.target, row.response.map(|i| session.responses[i].id)));
    }

    pub fn selected(&self) -> Option<SaidRow> {
        self.rows.get(self.cursor).copied()
    }
}

impl<S: SessionStore> App<S> {
    /// Keys while typing an owner to filter by.
    pub(crate) fn update_owner_filter(&mut self, action: Action) -> Option<Action> {
        let said = &mut self.outcomes.said;
        match action {
            Action::Yes => said.typing_owner = false,
            Action::CloseOverlay => {
                said.typing_owner = false;
                said.owner = textarea_with("", "part of an owner's name");
            }
            Action::Type(key) => {
                said.owner.input(key);
            }
            Action::Paste(text) => {
                said.owner.insert_str(text.trim());
            }
            other => return Some(other),
        }
        self.refresh_outcomes();
        None
    }

    pub(crate) fn update_responses(&mut self, action: Action) -> Option<Action> {
        let page = 5;
        let last = self.outcomes.said.rows.len().saturating_sub(1);
        let selected = self.outcomes.said.selected();
        let said = &mut self.outcomes.said;
        match action {
            Action::Up | Action::ScrollUp => said.cursor = said.cursor.saturating_sub(1),
            Action::Down | Action::ScrollDown => said.cursor = (said.cursor + 1).min(last),
            Action::PageUp => said.cursor = said.cursor.saturating_sub(page),
            Action::PageDown => said.cursor = (said.cursor + page).min(last),
            Action::CycleStatusFilter => {
                said.status = said.status.next();
                let label = said.status.label();
                self.refresh_outcomes();
                self.info(format!("status: {label}"));
                return None;
            }
            Action::OwnerFilter => said.typing_owner = true,
            Action::ClearFilters => {
                said.status = StatusFilter::All;
                said.owner = textarea_with("", "part of an owner's name");
                self.refresh_outcomes();
                self.info("filters cleared");
                return None;
            }
            Action::Edit | Action::NewItem => {
                let Some(row) = selected else {
                    self.info("nothing to respond to with these filters");
                    return None;
                };
                if self.refuse_read_only() {
                    return None;
                }
                let session = self.session().expect("open");
                let form = match (row.response, action == Action::NewItem) {
                    (Some(i), false) => response_form(&session.responses[i], false),
                    _ => {
                        let kind = match row.target {
                            ResponseTarget::Theme(_) => ResponseKind::Action,
                            ResponseTarget::Note(id) => match session.note(id).map(|n| n.kind) {
                                Some(NoteKind::Question) => ResponseKind::Answered,
                                Some(NoteKind::Idea) => ResponseKind::SuggestionPassedOn,
                                _ => ResponseKind::Noted,
                            },
                        };
                        let response = Response {
                            id: self.next_response_id(),
                            target: row.target,
                            kind,
                            text: String::new(),
                            owner: String::new(),
                            status: ResponseStatus::Open,
                        };
                        response_form(&response, true)
                    }
                };
                self.outcomes.form = Some(form);
                return None;
            }
            Action::Delete => {
                let session = self.session().expect("open");
                match selected.and_then(|r| r.response) {
                    Some(i) => {
                        let id = session.responses[i].id;
                        if self.commit(Change::DeleteResponse { id }).done() {
                            self.info(format!("deleted response #{} — u to undo", id.0));
                        }
                    }
                    None => self.info("no response on this row to delete"),
                }
                return None;
            }
            Action::ToggleShowSensitive => self.toggle_show_sensitive(),
            other => return Some(other),
        }
        let mut said = std::mem::take(&mut self.outcomes.said);
        if let Some(session) = self.session() {
            said.remember(session);
        }
        self.outcomes.said = said;
        None
    }

    pub(crate) fn next_response_id(&self) -> ResponseId {
        ResponseId(self.next_ids().response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_filter_comes_back_round() {
        let mut f = StatusFilter::All;
        for _ in 0..5 {
            f = f.next();
        }
        assert_eq!(f, StatusFilter::All);
    }
}
