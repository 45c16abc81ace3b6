//! What the workshop produced, on the facilitator's screen: recommendations (with drafts from the
//! top-voted themes), "You said / We did" responses, and exports with a preview — state and update.
//!
//! Every save is a `Change` committed through the app's store (journal first); exports are
//! written by `store::exports`, never here.

use super::action::Action;
use super::app::{App, View, text_of, textarea_with};
use super::keymap::Mode;
use crate::export::Options;
use crate::framework::StepKind;
use crate::model::{
    Change, Commitment, NoteId, NoteKind, Recommendation, RecommendationId, Response, ResponseId,
    ResponseKind, ResponseStatus, ResponseTarget, Session, ThemeId, Timeframe,
    draft_recommendations,
};
use crate::store::SessionStore;
use crate::store::exports::{self, ExportFormat};
use ratatui_textarea::TextArea;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The outcome views in Tab order: after the board, and back round to the step view.
pub const VIEWS: [View; 3] = [View::Recommendations, View::Responses, View::Export];

/// How many drafts to offer: one per top-voted theme without a recommendation.
pub const MAX_DRAFTS: usize = 8;

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
    keep: Option<(ResponseTarget, Option<ResponseId>)>,
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

/// The export screen: format, options, the exact text(s) the file will hold, the last path written.
#[derive(Debug)]
pub struct ExportScreen {
    pub format: ExportFormat,
    pub options: Options,
    /// (file name inside the folder, text), as written; prepared when something changes.
    pub texts: Vec<(String, String)>,
    /// Lines of the preview (all files, one after the other).
    pub lines: usize,
    pub scroll: usize,
    /// Where the next write goes (none for a session only in memory).
    pub target: Option<PathBuf>,
    /// The full path of the last file or folder written.
    pub written: Option<PathBuf>,
    /// Sensitive notes in the session the preview was made from.
    pub sensitive: usize,
    /// How many previews were started: one per session revision, format and options shown.
    pub generation: u64,
    /// Where each preview line starts: (file, byte offset in its text, or `HEADING`).
    starts: Vec<(usize, usize)>,
    made_from: Option<PreviewKey>,
    making: Option<Making>,
}

/// What a preview is made from. A session's creation time tells sessions apart; its
/// revision changes with every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PreviewKey {
    created: jiff::Timestamp,
    revision: u64,
    format: ExportFormat,
    options: Options,
}

/// A preview ready to show.
#[derive(Debug, Default)]
struct Preview {
    texts: Vec<(String, String)>,
    starts: Vec<(usize, usize)>,
    sensitive: usize,
}

/// A preview being made on another thread; its generation tells it from later ones.
#[derive(Debug)]
struct Making {
    key: PreviewKey,
    generation: u64,
    receiver: Receiver<(u64, Preview)>,
}

/// The start of a file's heading line, in [`ExportScreen`]'s line index.
const HEADING: usize = usize::MAX;

/// Sessions with this many items (notes, tables, themes, votes, outcomes) or more are
/// exported for the preview on another thread, so the screen never waits for it.
pub const PREVIEW_IN_BACKGROUND_FROM: usize = 20_000;

impl Preview {
    fn make(session: &Session, key: PreviewKey) -> Preview {
        let texts = key.format.texts(session, &key.options);
        let several = texts.len() > 1;
        let mut starts = Vec::new();
        for (file, (_, text)) in texts.iter().enumerate() {
            if several {
                starts.push((file, HEADING));
            }
            let bom = text.len() - text.trim_start_matches('\u{feff}').len();
            let mut at = bom;
            for line in text[bom..].split_inclusive('\n') {
                starts.push((file, at));
                at += line.len();
            }
        }
        Preview {
            texts,
            starts,
            sensitive: session.notes.iter().filter(|n| n.sensitive).count(),
        }
    }
}

impl Default for ExportScreen {
    fn default() -> ExportScreen {
        ExportScreen {
            format: ExportFormat::Markdown,
            options: Options::default(),
            texts: Vec::new(),
            lines: 0,
            scroll: 0,
            target: None,
            written: None,
            sensitive: 0,
            generation: 0,
            starts: Vec::new(),
            made_from: None,
            making: None,
        }
    }
}

impl ExportScreen {
    /// The preview's lines: each file's text (with a heading when there are several), without
    /// the byte-order mark that CSV files start with.
    pub fn preview_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.preview_from(0).map(|l| l.into_owned())
    }

    /// The preview's lines from line `first` (from 0) on; found at once, however long the
    /// preview, so drawing a screenful costs a screenful.
    pub fn preview_from(&self, first: usize) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        self.starts.iter().skip(first).map(|&(file, at)| {
            let (name, text) = &self.texts[file];
            if at == HEADING {
                return Cow::Owned(format!("──── {name} ────"));
            }
            let line = text[at..].split('\n').next().unwrap_or_default();
            Cow::Borrowed(line.strip_suffix('\r').unwrap_or(line))
        })
    }

    /// True while the preview for what is on screen is being made on another thread.
    pub fn preparing(&self) -> bool {
        self.making.is_some()
    }

    /// Makes the preview for `session` unless the one shown (or being made) is for the same
    /// revision, format and options. Large sessions are exported on another thread unless
    /// `wait` is set (writing the file needs the text now).
    fn rebuild(&mut self, session: &Session, path: Option<&std::path::Path>, wait: bool) {
        self.target = path.map(|p| exports::export_path(p, self.format));
        let key = PreviewKey {
            created: session.created,
            revision: session.revision,
            format: self.format,
            options: self.options,
        };
        if self.made_from == Some(key) {
            self.making = None;
            return;
        }
        if !wait && self.making.as_ref().is_some_and(|m| m.key == key) {
            return;
        }
        self.generation += 1;
        let items = session.notes.len()
            + session.tables.len()
            + session.themes.len()
            + session.votes.len()
            + session.recommendations.len()
            + session.responses.len();
        if wait || items < PREVIEW_IN_BACKGROUND_FROM {
            self.making = None;
            self.show(key, Preview::make(session, key));
            return;
        }
        let (sender, receiver) = channel();
        let (copy, generation) = (session.clone(), self.generation);
        std::thread::spawn(move || {
            // The screen may have moved on: then nobody is listening, and that is fine.
            let _ = sender.send((generation, Preview::make(&copy, key)));
        });
        self.making = Some(Making {
            key,
            generation,
            receiver,
        });
    }

    /// Takes the preview made on another thread, when it is ready; called on every tick.
    pub fn poll(&mut self) {
        let Some(making) = &self.making else {
            return;
        };
        let key = making.key;
        match making.receiver.try_recv() {
            Ok((generation, preview)) if generation == making.generation => {
                self.making = None;
                self.show(key, preview);
            }
            Ok(_) | Err(TryRecvError::Empty) => {}
            // The export failed on its thread: show nothing rather than try again each tick.
            Err(TryRecvError::Disconnected) => {
                self.making = None;
                self.show(key, Preview::default());
            }
        }
    }

    fn show(&mut self, key: PreviewKey, preview: Preview) {
        self.texts = preview.texts;
        self.starts = preview.starts;
        self.sensitive = preview.sensitive;
        self.lines = self.starts.len();
        self.scroll = self.scroll.min(self.lines.saturating_sub(1));
        self.made_from = Some(key);
    }
}

fn is_outcome_view(view: View) -> bool {
    VIEWS.contains(&view)
}

impl<S: SessionStore> App<S> {
    /// The keymap modes of the outcome views, most specific first.
    pub(crate) fn outcome_modes(&self) -> Vec<Mode> {
        let o = &self.outcomes;
        if let Some(form) = &o.form {
            return vec![form.field_mode(), Mode::Form];
        }
        match self.view {
            View::Recommendations if o.drafts.is_some() => vec![Mode::Drafts],
            View::Recommendations => vec![Mode::Recommendations, Mode::Outcomes],
            View::Responses if o.said.typing_owner => vec![Mode::OwnerFilter],
            View::Responses => vec![Mode::Responses, Mode::Outcomes],
            _ => vec![Mode::Export, Mode::Outcomes],
        }
    }

    /// Handles `action` when it concerns the outcome views; gives it back otherwise, for the
    /// app's own handling (help, quit, undo, theme, pause…).
    pub(crate) fn update_outcomes(&mut self, action: Action) -> Option<Action> {
        if self.overlay.is_some() || self.view == View::Start || self.session().is_none() {
            return Some(action);
        }
        match action {
            Action::ShowRecommendations => return self.show(View::Recommendations),
            Action::ShowResponses => return self.show(View::Responses),
            Action::ShowExport => return self.show(View::Export),
            // The themes and voting views are the app's to open.
            Action::ShowThemes | Action::ShowVoting => return Some(action),
            _ => {}
        }
        let mine = is_outcome_view(self.view);
        if matches!(action, Action::NextView | Action::PrevView) {
            // Tab order is the app's (`View::cycle`); entering an outcome view prepares it.
            let to = self.view.cycle(action == Action::NextView);
            if is_outcome_view(to) {
                return self.show(to);
            }
            return Some(action);
        }
        if !mine {
            return Some(action);
        }
        if self.outcomes.form.is_some() {
            return self.update_form(action);
        }
        match self.view {
            View::Recommendations => self.update_recommendations(action),
            View::Responses => self.update_responses(action),
            _ => self.update_export(action),
        }
    }

    fn show(&mut self, view: View) -> Option<Action> {
        if view == View::Responses
            && !is_outcome_view(self.view)
            && let Some(id) = self.selected
        {
            // The card selected on the board comes first: its row is selected.
            self.outcomes.said.keep = Some((ResponseTarget::Note(id), None));
        }
        self.view = view;
        self.outcomes.drafts = None;
        self.refresh_outcomes();
        None
    }

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
        if view == View::Export {
            export.rebuild(session, self.store().and_then(|s| s.path()), false);
        }
        self.outcomes.said = said;
        self.outcomes.export = export;
        self.outcomes.recs.groups = groups;
        self.outcomes.recs.selected = selected;
    }

    fn update_recommendations(&mut self, action: Action) -> Option<Action> {
        if self.outcomes.drafts.is_some() {
            self.update_drafts(action);
            return None;
        }
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
                    if self.commit(Change::DeleteRecommendation { id: rec.id }) {
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
            other => return pass_shared(other),
        }
        None
    }

    fn update_drafts(&mut self, action: Action) {
        let Some(drafts) = self.outcomes.drafts.as_mut() else {
            return;
        };
        match action {
            Action::Up | Action::ScrollUp => drafts.cursor = drafts.cursor.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                drafts.cursor = (drafts.cursor + 1).min(drafts.list.len().saturating_sub(1))
            }
            Action::Yes => {
                let Some(draft) = drafts.list.get(drafts.cursor).cloned() else {
                    return;
                };
                if self.refuse_read_only() {
                    return;
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
            Action::Help => self.overlay = Some(super::app::Overlay::Help),
            _ => {}
        }
    }

    fn update_responses(&mut self, action: Action) -> Option<Action> {
        if self.outcomes.said.typing_owner {
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
                _ => return None,
            }
            self.refresh_outcomes();
            return None;
        }
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
                        if self.commit(Change::DeleteResponse { id }) {
                            self.info(format!("deleted response #{} — u to undo", id.0));
                        }
                    }
                    None => self.info("no response on this row to delete"),
                }
                return None;
            }
            Action::ToggleShowSensitive => return Some(action),
            other => return pass_shared(other),
        }
        let mut said = std::mem::take(&mut self.outcomes.said);
        if let Some(session) = self.session() {
            said.remember(session);
        }
        self.outcomes.said = said;
        None
    }

    fn update_export(&mut self, action: Action) -> Option<Action> {
        let e = &mut self.outcomes.export;
        match action {
            Action::Left | Action::Right => {
                e.format = if action == Action::Left {
                    e.format.prev()
                } else {
                    e.format.next()
                };
                e.scroll = 0;
                let label = e.format.label();
                self.refresh_outcomes();
                self.info(format!("format: {label}"));
            }
            Action::ToggleIncludeSensitive => {
                e.options.include_sensitive = !e.options.include_sensitive;
                let on = e.options.include_sensitive;
                self.refresh_outcomes();
                self.info(if on {
                    "sensitive notes INCLUDED in the export"
                } else {
                    "sensitive notes left out"
                });
            }
            Action::ToggleAnonymise => {
                e.options.anonymise = !e.options.anonymise;
                let on = e.options.anonymise;
                self.refresh_outcomes();
                self.info(if on {
                    "anonymised: no facilitators' names, tables by letter"
                } else {
                    "not anonymised"
                });
            }
            Action::Up | Action::ScrollUp => e.scroll = e.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                e.scroll = (e.scroll + 1).min(e.lines.saturating_sub(1))
            }
            Action::PageUp => e.scroll = e.scroll.saturating_sub(20),
            Action::PageDown => e.scroll = (e.scroll + 20).min(e.lines.saturating_sub(1)),
            Action::First => e.scroll = 0,
            Action::WriteExport => self.write_export(),
            other => return pass_shared(other),
        }
        None
    }

    /// Writes the export on screen next to the session file; asks first when that would
    /// replace files an earlier export left. A target that must never be written over (a
    /// session, or a link to one) is refused at once, without asking.
    fn write_export(&mut self) {
        self.refresh_outcomes();
        self.export_text_now();
        let Some(path) = self.export_session_path() else {
            return;
        };
        let e = &self.outcomes.export;
        let existing = exports::would_replace(&path, e.format, &e.texts);
        // The never-write rule holds even when the answer would be yes: check it first.
        if let Some(err) = existing
            .iter()
            .find_map(|p| crate::store::output::check(p, true).err())
        {
            self.warn(format!("not written, and it will not be replaced: {err}"));
            return;
        }
        if existing.is_empty() {
            self.write_export_file(&path, false);
        } else {
            self.overlay = Some(super::app::Overlay::Confirm(
                super::app::Question::ReplaceExport(existing),
            ));
        }
    }

    /// The answer "yes" to replacing an earlier export.
    pub(crate) fn write_export_replacing(&mut self) {
        self.refresh_outcomes();
        self.export_text_now();
        if let Some(path) = self.export_session_path() {
            self.write_export_file(&path, true);
        }
    }

    /// The export's text for the session as it is now, made at once if the preview is not
    /// ready (a large session's preview is made on another thread).
    fn export_text_now(&mut self) {
        let mut export = std::mem::take(&mut self.outcomes.export);
        if let Some(session) = self.session() {
            export.rebuild(session, self.store().and_then(|s| s.path()), true);
        }
        self.outcomes.export = export;
    }

    fn export_session_path(&mut self) -> Option<PathBuf> {
        let path = self.store().and_then(|s| s.path()).map(|p| p.to_path_buf());
        if path.is_none() {
            self.warn("this session is only in memory: there is no session file to write next to");
        }
        path
    }

    fn write_export_file(&mut self, path: &std::path::Path, replace: bool) {
        let e = &self.outcomes.export;
        let result = if e.format == ExportFormat::CsvAll {
            exports::write_export_folder(path, e.format, &e.texts, replace)
        } else {
            let text = e.texts.first().map_or("", |(_, t)| t.as_str());
            exports::write_export(path, e.format, text, replace)
        };
        match result {
            Ok(written) => {
                self.info(format!("written: {}", written.display()));
                self.outcomes.export.written = Some(written);
            }
            // Written meanwhile by someone else: ask, as for an earlier export.
            Err(exports::OutputError::Exists { path }) => {
                self.overlay = Some(super::app::Overlay::Confirm(
                    super::app::Question::ReplaceExport(vec![path]),
                ));
            }
            Err(err) => self.warn(format!("not written: {err}")),
        }
    }

    fn update_form(&mut self, action: Action) -> Option<Action> {
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
        };
        let (what, id) = match &change {
            Change::AddRecommendation(r) | Change::UpdateRecommendation(r) => {
                self.outcomes.recs.selected = Some(r.id);
                ("recommendation", r.id.0)
            }
            Change::AddResponse(r) | Change::UpdateResponse(r) => ("response", r.id.0),
            _ => ("change", 0),
        };
        let saved = self.commit(change);
        if saved || self.pending().next().is_some() {
            self.outcomes.form = None;
            if saved {
                self.info(format!("saved {what} #{id} — u to undo"));
            }
            self.refresh_outcomes();
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

    fn next_recommendation_id(&self) -> RecommendationId {
        let next = self.session().map_or(1, |s| s.next_ids.recommendation);
        let waiting = self
            .pending()
            .filter_map(|c| match c {
                Change::AddRecommendation(r) => Some(r.id.0 + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        RecommendationId(next.max(waiting))
    }

    fn next_response_id(&self) -> ResponseId {
        let next = self.session().map_or(1, |s| s.next_ids.response);
        let waiting = self
            .pending()
            .filter_map(|c| match c {
                Change::AddResponse(r) => Some(r.id.0 + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        ResponseId(next.max(waiting))
    }

    fn refuse_read_only(&mut self) -> bool {
        let read_only = self.store().is_none_or(|s| s.read_only());
        if read_only {
            self.warn("this session is open read-only");
        }
        read_only
    }
}

/// Keys the outcome views share with the rest of the app; everything else stops here.
fn pass_shared(action: Action) -> Option<Action> {
    match action {
        Action::Help
        | Action::Quit
        | Action::Undo
        | Action::Redo
        | Action::CycleTheme
        | Action::Pause => Some(action),
        _ => None,
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

    #[test]
    fn the_status_filter_comes_back_round() {
        let mut f = StatusFilter::All;
        for _ in 0..5 {
            f = f.next();
        }
        assert_eq!(f, StatusFilter::All);
    }
}
