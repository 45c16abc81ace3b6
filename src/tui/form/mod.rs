//! The recommendation and response forms: fields, keys, and saving what was typed as one change.

use crate::framework::StepKind;
use crate::model::{
    CarriedItem, Change, Commitment, ItemStatus, Recommendation, RecommendationId, Response,
    ResponseId, ResponseKind, ResponseStatus, ResponseTarget, Session, ThemeId, Timeframe,
};
use crate::store::SessionStore;
use crate::tui::action::Action;
use crate::tui::app::{App, text_of, textarea_with};
use crate::tui::keymap::Mode;
use ratatui_textarea::TextArea;

/// What a form saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Recommendation {
        id: RecommendationId,
        new: bool,
        /// Accepted from a draft (said on screen, so nobody thinks the room wrote it as is).
        draft: bool,
    },
    Response {
        id: ResponseId,
        target: ResponseTarget,
        new: bool,
    },
    /// What was done about an item carried from an earlier workshop, and its status.
    Item { id: uuid::Uuid },
}

/// A form: labelled fields, one focused.
#[derive(Debug)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
}

#[derive(Debug)]
pub struct Field {
    pub label: &'static str,
    pub value: Value,
}

#[derive(Debug)]
pub enum Value {
    Text {
        area: TextArea<'static>,
        multiline: bool,
    },
    Choice {
        options: Vec<String>,
        at: usize,
    },
    Check {
        items: Vec<CheckItem>,
        cursor: usize,
    },
    /// Commitments added so far (shown, not focused).
    Pledges(Vec<Commitment>),
    /// Who / what of the next commitment.
    Pledge(TextArea<'static>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// The id saved (a theme number, a step id).
    pub key: String,
    pub label: String,
    pub ticked: bool,
}

// Fields of the recommendation form, in order.
pub const REC_TEXT: usize = 0;
pub const REC_AUDIENCE: usize = 1;
pub const REC_OWNER: usize = 2;
pub const REC_TIMEFRAME: usize = 3;
pub const REC_DATE: usize = 4;
pub const REC_THEMES: usize = 5;
pub const REC_PRINCIPLES: usize = 6;
pub const REC_PLEDGES: usize = 7;
pub const REC_WHO: usize = 8;
pub const REC_WHAT: usize = 9;
/// The timeframe choice that needs a date.
const BY_DATE: usize = 4;
const TIMEFRAMES: [&str; 5] = [
    "not set",
    "now",
    "within 3 months",
    "within 12 months",
    "by a date (YYYY-MM-DD)",
];

// Fields of the response form.
pub const RESP_KIND: usize = 0;
pub const RESP_TEXT: usize = 1;
pub const RESP_OWNER: usize = 2;
pub const RESP_STATUS: usize = 3;
const KINDS: [ResponseKind; 4] = [
    ResponseKind::Noted,
    ResponseKind::Answered,
    ResponseKind::SuggestionPassedOn,
    ResponseKind::Action,
];
const STATUSES: [ResponseStatus; 3] = [
    ResponseStatus::Open,
    ResponseStatus::InProgress,
    ResponseStatus::Done,
];

// Fields of the form for a carried item.
pub const ITEM_STATUS: usize = 0;
pub const ITEM_DONE: usize = 1;

impl Form {
    /// Whether field `i` can take the focus now.
    pub fn focusable(&self, i: usize) -> bool {
        match &self.fields[i].value {
            Value::Pledges(_) => false,
            _ if self.is_recommendation() && i == REC_DATE => self.choice(REC_TIMEFRAME) == BY_DATE,
            _ => true,
        }
    }

    pub fn is_recommendation(&self) -> bool {
        matches!(self.kind, FormKind::Recommendation { .. })
    }

    fn choice(&self, i: usize) -> usize {
        match &self.fields[i].value {
            Value::Choice { at, .. } => *at,
            _ => 0,
        }
    }

    fn text(&self, i: usize) -> String {
        match &self.fields[i].value {
            Value::Text { area, .. } | Value::Pledge(area) => text_of(area).trim().to_string(),
            _ => String::new(),
        }
    }

    fn ticked(&self, i: usize) -> Vec<String> {
        match &self.fields[i].value {
            Value::Check { items, .. } => items
                .iter()
                .filter(|c| c.ticked)
                .map(|c| c.key.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn pledges(&self) -> Vec<Commitment> {
        match self.fields.get(REC_PLEDGES).map(|f| &f.value) {
            Some(Value::Pledges(list)) => list.clone(),
            _ => Vec::new(),
        }
    }

    /// The keymap mode of the focused field.
    pub fn field_mode(&self) -> Mode {
        match &self.fields[self.focus].value {
            Value::Text { .. } => Mode::FormText,
            Value::Choice { .. } => Mode::FormChoice,
            Value::Check { .. } => Mode::FormList,
            Value::Pledge(_) | Value::Pledges(_) => Mode::FormPledge,
        }
    }

    fn step_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        let mut i = self.focus;
        for _ in 0..n {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.focusable(i) {
                self.focus = i;
                return;
            }
        }
    }

    fn clear_text(&mut self, i: usize, placeholder: &str) {
        if let Some(Value::Text { area, .. } | Value::Pledge(area)) =
            self.fields.get_mut(i).map(|f| &mut f.value)
        {
            *area = textarea_with("", placeholder);
        }
    }
}

fn text_field(label: &'static str, text: &str, placeholder: &str, multiline: bool) -> Field {
    Field {
        label,
        value: Value::Text {
            area: textarea_with(text, placeholder),
            multiline,
        },
    }
}

fn choice_field(label: &'static str, options: Vec<String>, at: usize) -> Field {
    Field {
        label,
        value: Value::Choice { options, at },
    }
}

/// The recommendation form, filled with `rec`.
pub fn recommendation_form(
    session: &Session,
    rec: &Recommendation,
    new: bool,
    draft: bool,
) -> Form {
    let mut audiences = session.framework.audiences.clone();
    if audiences.is_empty() {
        audiences.push("All partners".into());
    }
    if !rec.audience.is_empty() && !audiences.contains(&rec.audience) {
        audiences.push(rec.audience.clone());
    }
    let audience = audiences
        .iter()
        .position(|a| *a == rec.audience)
        .unwrap_or(0);
    let (timeframe, date) = match &rec.timeframe {
        None => (0, String::new()),
        Some(Timeframe::Now) => (1, String::new()),
        Some(Timeframe::ThreeMonths) => (2, String::new()),
        Some(Timeframe::TwelveMonths) => (3, String::new()),
        Some(Timeframe::By(d)) => (BY_DATE, d.to_string()),
    };
    let themes = session
        .themes
        .iter()
        .map(|t| CheckItem {
            key: t.id.0.to_string(),
            label: format!(
                "{} · {}",
                t.label,
                crate::export::plural(session.theme_dots(t.id) as usize, "dot")
            ),
            ticked: rec.themes.contains(&t.id),
        })
        .collect();
    let principles = session
        .framework
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StepKind::Principle || rec.steps.contains(&s.id))
        .map(|(i, s)| CheckItem {
            key: s.id.clone(),
            label: format!("{} {}", i + 1, s.title),
            ticked: rec.steps.contains(&s.id),
        })
        .collect();
    Form {
        kind: FormKind::Recommendation {
            id: rec.id,
            new,
            draft,
        },
        fields: vec![
            text_field(
                "Recommendation",
                &rec.text,
                "what should happen, and why",
                true,
            ),
            choice_field("Audience", audiences, audience),
            text_field("Owner", &rec.owner, "who makes it happen", false),
            choice_field(
                "Timeframe",
                TIMEFRAMES.iter().map(|s| s.to_string()).collect(),
                timeframe,
            ),
            text_field("Date", &date, "YYYY-MM-DD", false),
            Field {
                label: "Themes",
                value: Value::Check {
                    items: themes,
                    cursor: 0,
                },
            },
            Field {
                label: "Principles",
                value: Value::Check {
                    items: principles,
                    cursor: 0,
                },
            },
            Field {
                label: "Commitments",
                value: Value::Pledges(rec.commitments.clone()),
            },
            Field {
                label: "Pledged by",
                value: Value::Pledge(textarea_with("", "who pledged (then Tab)")),
            },
            Field {
                label: "Pledge",
                value: Value::Pledge(textarea_with("", "what they pledged (Enter adds it)")),
            },
        ],
        focus: REC_TEXT,
    }
}

/// The response form for `response`.
pub fn response_form(response: &Response, new: bool) -> Form {
    Form {
        kind: FormKind::Response {
            id: response.id,
            target: response.target,
            new,
        },
        fields: vec![
            choice_field(
                "Type",
                KINDS.iter().map(|k| k.label().to_string()).collect(),
                KINDS.iter().position(|k| *k == response.kind).unwrap_or(0),
            ),
            text_field("We did", &response.text, "what was done about it", true),
            text_field("Owner", &response.owner, "a team or organisation", false),
            choice_field(
                "Status",
                STATUSES.iter().map(|s| s.label().to_string()).collect(),
                STATUSES
                    .iter()
                    .position(|s| *s == response.status)
                    .unwrap_or(0),
            ),
        ],
        focus: RESP_TEXT,
    }
}

/// The form for what was done about `item`, and its status.
pub fn item_form(item: &CarriedItem) -> Form {
    Form {
        kind: FormKind::Item { id: item.id },
        fields: vec![
            choice_field(
                "Status",
                ItemStatus::ALL
                    .iter()
                    .map(|s| format!("{} {}", s.symbol(), s.label()))
                    .collect(),
                ItemStatus::ALL
                    .iter()
                    .position(|s| *s == item.status)
                    .unwrap_or(0),
            ),
            text_field(
                "What was done",
                &item.done,
                "what happened since: who did what, or why not",
                true,
            ),
        ],
        focus: ITEM_DONE,
    }
}

impl<S: SessionStore> App<S> {
    pub(crate) fn update_form(&mut self, action: Action) -> Option<Action> {
        let form = self.outcomes.form.as_mut().expect("checked by the caller");
        let focus = form.focus;
        match action {
            Action::CloseOverlay => {
                self.outcomes.form = None;
                self.info("closed: nothing saved");
            }
            Action::FormNextField => form.step_focus(true),
            Action::FormPrevField => form.step_focus(false),
            Action::FormSave => self.save_form(),
            Action::Help => return Some(action),
            Action::Newline => {
                if let Value::Text {
                    area,
                    multiline: true,
                } = &mut form.fields[focus].value
                {
                    area.insert_newline();
                }
            }
            Action::Type(key) => {
                if let Value::Text { area, .. } | Value::Pledge(area) =
                    &mut form.fields[focus].value
                {
                    area.input(key);
                }
            }
            Action::Paste(text) => match &mut form.fields[focus].value {
                Value::Text {
                    area,
                    multiline: true,
                } => {
                    area.insert_str(text.trim_end());
                }
                Value::Text { area, .. } | Value::Pledge(area) => {
                    area.insert_str(text.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                _ => {}
            },
            Action::Left | Action::Right => {
                if let Value::Choice { options, at } = &mut form.fields[focus].value {
                    let n = options.len().max(1);
                    *at = if action == Action::Left {
                        (*at + n - 1) % n
                    } else {
                        (*at + 1) % n
                    };
                }
            }
            Action::Up | Action::Down => {
                if let Value::Check { items, cursor } = &mut form.fields[focus].value {
                    *cursor = if action == Action::Up {
                        cursor.saturating_sub(1)
                    } else {
                        (*cursor + 1).min(items.len().saturating_sub(1))
                    };
                }
            }
            Action::FormToggle => {
                if let Value::Check { items, cursor } = &mut form.fields[focus].value
                    && let Some(item) = items.get_mut(*cursor)
                {
                    item.ticked = !item.ticked;
                }
            }
            Action::AddCommitment => {
                let (who, what) = (form.text(REC_WHO), form.text(REC_WHAT));
                if who.is_empty() && what.is_empty() {
                    self.save_form();
                } else if who.is_empty() || what.is_empty() {
                    form.focus = if who.is_empty() { REC_WHO } else { REC_WHAT };
                    self.warn("a commitment needs both who pledged and what they pledged");
                } else {
                    if let Value::Pledges(list) = &mut form.fields[REC_PLEDGES].value {
                        list.push(Commitment { who, what });
                    }
                    form.clear_text(REC_WHO, "who pledged (then Tab)");
                    form.clear_text(REC_WHAT, "what they pledged (Enter adds it)");
                    form.focus = REC_WHO;
                    self.info("commitment added (saved with the recommendation)");
                }
            }
            Action::RemoveCommitment => {
                if let Some(Value::Pledges(list)) =
                    form.fields.get_mut(REC_PLEDGES).map(|f| &mut f.value)
                    && list.pop().is_some()
                {
                    self.info("last commitment removed");
                }
            }
            _ => {}
        }
        None
    }

    fn save_form(&mut self) {
        let Some(form) = &self.outcomes.form else {
            return;
        };
        let change = match form.kind {
            FormKind::Recommendation { id, new, .. } => match self.recommendation_from(form, id) {
                Ok(rec) if new => Change::AddRecommendation(rec),
                Ok(rec) => Change::UpdateRecommendation(rec),
                Err((field, message)) => {
                    if let Some(form) = &mut self.outcomes.form {
                        form.focus = field;
                    }
                    self.warn(message);
                    return;
                }
            },
            FormKind::Response { id, target, new } => {
                let text = form.text(RESP_TEXT);
                if text.is_empty() {
                    if let Some(form) = &mut self.outcomes.form {
                        form.focus = RESP_TEXT;
                    }
                    self.warn("write what was done (the “We did”) first");
                    return;
                }
                let response = Response {
                    id,
                    target,
                    kind: KINDS[form.choice(RESP_KIND).min(KINDS.len() - 1)],
                    text,
                    owner: form.text(RESP_OWNER),
                    status: STATUSES[form.choice(RESP_STATUS).min(STATUSES.len() - 1)],
                };
                self.outcomes.said.keep = Some((target, Some(id)));
                if new {
                    Change::AddResponse(response)
                } else {
                    Change::UpdateResponse(response)
                }
            }
            FormKind::Item { id } => {
                let status =
                    ItemStatus::ALL[form.choice(ITEM_STATUS).min(ItemStatus::ALL.len() - 1)];
                let done = form.text(ITEM_DONE);
                return self.save_item(id, status, done);
            }
        };
        let mut early = None;
        let (what, id) = match &change {
            Change::AddRecommendation(r) | Change::UpdateRecommendation(r) => {
                self.outcomes.recs.selected = Some(r.id);
                early = r
                    .timeframe
                    .as_ref()
                    .zip(self.session())
                    .and_then(|(t, s)| crate::model::timeframe_fault(s, t));
                ("recommendation", r.id.0)
            }
            Change::AddResponse(r) | Change::UpdateResponse(r) => ("response", r.id.0),
            _ => ("change", 0),
        };
        let committed = self.commit(change);
        if committed.kept() {
            self.outcomes.form = None;
            if committed.done() {
                match early {
                    // Kept (it may be what was meant), but said: it is almost surely a typo.
                    Some(why) => self.warn(format!(
                        "saved {what} #{id}, but {why}: e edits it, u undoes"
                    )),
                    None => self.info(format!("saved {what} #{id} — u to undo")),
                }
            }
            self.refresh_outcomes();
        }
    }

    /// Records a carried item's status and what was done (from its form): one change, kept
    /// in the journal like any other (u undoes).
    fn save_item(&mut self, id: uuid::Uuid, status: ItemStatus, done: String) {
        let Some(item) = self.session().and_then(|s| s.carried(id)).cloned() else {
            self.outcomes.form = None;
            self.warn("that item is no longer in this session");
            return;
        };
        let number = self
            .session()
            .and_then(|s| s.follow_up.as_ref())
            .and_then(|f| f.number(id))
            .unwrap_or(0);
        if item.status == status && item.done == done {
            self.outcomes.form = None;
            self.info(format!("item {number}: nothing changed"));
            return;
        }
        let committed = self.commit(Change::UpdateItem { id, status, done });
        if committed.kept() {
            self.outcomes.form = None;
            if committed.done() {
                self.info(format!(
                    "item {number} recorded: {} {} — u to undo",
                    status.symbol(),
                    status.label()
                ));
            }
        }
    }

    /// The recommendation a form describes, or the field to fix and why.
    fn recommendation_from(
        &self,
        form: &Form,
        id: RecommendationId,
    ) -> Result<Recommendation, (usize, String)> {
        let text = form.text(REC_TEXT);
        if text.is_empty() {
            return Err((REC_TEXT, "write the recommendation's text first".into()));
        }
        let audience = match &form.fields[REC_AUDIENCE].value {
            Value::Choice { options, at } => options.get(*at).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let timeframe = match form.choice(REC_TIMEFRAME) {
            0 => None,
            1 => Some(Timeframe::Now),
            2 => Some(Timeframe::ThreeMonths),
            3 => Some(Timeframe::TwelveMonths),
            _ => {
                let typed = form.text(REC_DATE);
                if typed.is_empty() {
                    return Err((
                        REC_DATE,
                        "type the date as YYYY-MM-DD (e.g. 2027-03-31), or choose another timeframe"
                            .into(),
                    ));
                }
                match parse_date(&typed) {
                    Some(date) => Some(Timeframe::By(date)),
                    None => {
                        return Err((
                            REC_DATE,
                            format!(
                                "“{typed}” is not a date: type it as YYYY-MM-DD, e.g. 2027-03-31; nothing saved"
                            ),
                        ));
                    }
                }
            }
        };
        let mut commitments = form.pledges();
        let (who, what) = (form.text(REC_WHO), form.text(REC_WHAT));
        match (who.is_empty(), what.is_empty()) {
            (true, true) => {}
            (false, false) => commitments.push(Commitment { who, what }),
            (true, false) => {
                return Err((REC_WHO, "the commitment needs who pledged it".into()));
            }
            (false, true) => {
                return Err((REC_WHAT, "the commitment needs what was pledged".into()));
            }
        }
        Ok(Recommendation {
            id,
            text,
            audience,
            owner: form.text(REC_OWNER),
            timeframe,
            themes: form
                .ticked(REC_THEMES)
                .iter()
                .filter_map(|k| k.parse().ok().map(ThemeId))
                .collect(),
            steps: form.ticked(REC_PRINCIPLES),
            commitments,
        })
    }

    pub(crate) fn refuse_read_only(&mut self) -> bool {
        let read_only = self.store().is_none_or(|s| s.read_only());
        if read_only {
            self.warn("this session is open read-only");
        }
        read_only
    }
}

/// A date typed as YYYY-MM-DD (a real calendar date).
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let t = text.trim();
    let ok_shape = t.len() == 10
        && t.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !ok_shape {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_typed_as_year_month_day() {
        assert_eq!(
            parse_date(" 2027-03-31 "),
            Some(jiff::civil::date(2027, 3, 31))
        );
        assert_eq!(parse_date("2027-02-30"), None);
        assert_eq!(parse_date("31/03/2027"), None);
        assert_eq!(parse_date("2027-3-31"), None);
        assert_eq!(parse_date("next March"), None);
    }
}
