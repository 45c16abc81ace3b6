//! The start screen's state: recent sessions, the new-workshop form and "open a file", and the
//! [`Opener`] that finds, opens and creates sessions (on disk, or in memory for tests).

pub mod view;

use super::action::Action;
use super::app::{text_of, textarea_with};
use crate::framework::Framework;
use crate::model::{Change, Session, Stakeholder};
use crate::store::{self, MemoryStore, SessionFile, SessionStore};
use jiff::Timestamp;
use jiff::civil::Date;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use std::path::{Path, PathBuf};

/// A session shown in the recent list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recent {
    pub path: PathBuf,
    pub title: String,
    /// "2026-09-24 · 6 tables · 137 notes · at Close", or why the file cannot be read.
    pub detail: String,
    pub readable: bool,
}

/// Finds, opens and creates sessions for the start screen.
pub trait Opener<S> {
    /// Sessions in the data folder, newest first.
    fn recent(&self) -> Vec<Recent>;
    /// Frameworks a new workshop can use (the built-in ones first).
    fn frameworks(&self) -> Vec<Framework>;
    fn open(&mut self, path: &Path) -> Result<S, String>;
    /// Reads a session without opening it for writing or locking it (the one a follow-up
    /// follows): from its file, unless the opener keeps sessions elsewhere.
    fn read(&self, path: &Path) -> Result<Session, String> {
        store::load(path)
            .map(|l| l.session)
            .map_err(|e| e.to_string())
    }
    fn create(&mut self, session: Session) -> Result<S, String>;
    /// Things worth telling the facilitator about the session just opened (a torn journal
    /// line that was skipped…).
    fn take_notices(&mut self) -> Vec<String> {
        Vec::new()
    }
}

/// Sessions as files in the data folder, through [`SessionFile`] (journal, lock, snapshots).
pub struct FileOpener {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
    pub notices: Vec<String>,
}

impl Opener<Box<dyn SessionStore>> for FileOpener {
    fn recent(&self) -> Vec<Recent> {
        store::list_sessions(&self.data_dir)
            .into_iter()
            .map(|s| match s.details {
                Ok(d) => Recent {
                    title: d.title,
                    detail: format!(
                        "{} · {} tables · {} notes · at {}",
                        d.date, d.tables, d.notes, d.step
                    ),
                    readable: true,
                    path: s.path,
                },
                Err(e) => Recent {
                    title: s
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    detail: e,
                    readable: false,
                    path: s.path,
                },
            })
            .collect()
    }

    fn frameworks(&self) -> Vec<Framework> {
        store::frameworks::list(&self.config_dir)
            .into_iter()
            .filter_map(|a| a.framework.ok())
            .collect()
    }

    fn open(&mut self, path: &Path) -> Result<Box<dyn SessionStore>, String> {
        let file = SessionFile::open(path).map_err(|e| e.to_string())?;
        self.notices = file.warnings().to_vec();
        self.notices
            .extend(crate::tui::follow_up::link_notice(path, file.session()));
        Ok(Box::new(file))
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn create(&mut self, session: Session) -> Result<Box<dyn SessionStore>, String> {
        let path = store::session_path(&self.data_dir, &session.title, session.date);
        SessionFile::create(&path, session)
            .map(|f| Box::new(f) as Box<dyn SessionStore>)
            .map_err(|e| e.to_string())
    }
}

/// Sessions kept in memory: for tests and benchmarks.
#[derive(Default)]
pub struct MemoryOpener {
    pub sessions: Vec<(PathBuf, Session)>,
}

impl Opener<MemoryStore> for MemoryOpener {
    fn recent(&self) -> Vec<Recent> {
        self.sessions
            .iter()
            .map(|(path, s)| Recent {
                path: path.clone(),
                title: s.title.clone(),
                detail: format!(
                    "{} · {} tables · {} notes · at {}",
                    s.date,
                    s.tables.len(),
                    s.notes.len(),
                    s.current_step().title
                ),
                readable: true,
            })
            .collect()
    }

    fn frameworks(&self) -> Vec<Framework> {
        crate::framework::BUILTIN
            .iter()
            .filter_map(|(id, _)| Framework::builtin(id))
            .collect()
    }

    fn open(&mut self, path: &Path) -> Result<MemoryStore, String> {
        self.sessions
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| MemoryStore::new(s.clone()))
            .ok_or_else(|| format!("{}: no such session", path.display()))
    }

    fn read(&self, path: &Path) -> Result<Session, String> {
        self.sessions
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| s.clone())
            .ok_or_else(|| format!("{}: no such session", path.display()))
    }

    fn create(&mut self, session: Session) -> Result<MemoryStore, String> {
        Ok(MemoryStore::new(session))
    }
}

/// Which part of the start screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartFocus {
    List,
    Form,
    Open,
}

/// The new-workshop form's fields, in order: what most workshops set first, then the
/// optional details (so Tab reaches framework and tables as it always did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Framework,
    Tables,
    Names,
    Mix,
    Date,
    Venue,
    Place,
    Facilitators,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Title,
        Field::Framework,
        Field::Tables,
        Field::Names,
        Field::Mix,
        Field::Date,
        Field::Venue,
        Field::Place,
        Field::Facilitators,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Framework => "Framework",
            Field::Tables => "Tables",
            Field::Names => "Table names",
            Field::Mix => "Stakeholder mix",
            Field::Date => "Date",
            Field::Venue => "Venue",
            Field::Place => "Place",
            Field::Facilitators => "Facilitators",
        }
    }

    /// What an empty text field shows.
    pub fn placeholder(self) -> &'static str {
        match self {
            Field::Title => "the workshop's title",
            Field::Names => "optional: Civic, Health, … (else Table A, Table B, …)",
            Field::Mix => "optional, per table: employer, lived; public, voluntary; …",
            Field::Date => "YYYY-MM-DD",
            Field::Venue => "optional: the building or room",
            Field::Place => "optional: the town, city or area",
            Field::Facilitators => "optional: names, separated by commas",
            Field::Framework | Field::Tables => "",
        }
    }

    /// Whether the field holds typed text (the others are choices changed with ←/→).
    pub fn is_text(self) -> bool {
        !matches!(self, Field::Framework | Field::Tables)
    }
}

/// The session a new workshop will follow up, as read from its file.
pub struct FollowingUp {
    pub path: PathBuf,
    pub previous: Box<Session>,
    /// How many of its promises the follow-up carries in.
    pub carried: usize,
}

/// The start screen.
pub struct StartState {
    pub focus: StartFocus,
    /// 0: new workshop, 1: open a file, 2…: recent sessions.
    pub selected: usize,
    pub recent: Vec<Recent>,
    pub frameworks: Vec<Framework>,
    pub field: Field,
    pub title: TextArea<'static>,
    pub framework: usize,
    pub tables: u32,
    pub names: TextArea<'static>,
    pub mix: TextArea<'static>,
    pub date: TextArea<'static>,
    pub venue: TextArea<'static>,
    pub place: TextArea<'static>,
    pub facilitators: TextArea<'static>,
    /// Fields still holding their untouched suggestion (title, date, tables): the first
    /// printable key typed replaces it, as in a text field with everything selected. Moving
    /// the cursor (or any other editing key) keeps the suggestion for editing.
    pub suggested: Vec<Field>,
    pub path: TextArea<'static>,
    pub error: Option<String>,
    pub today: Date,
    /// The form makes a follow-up of this session (`f` on a recent session).
    pub follow_up: Option<FollowingUp>,
}

/// Items before the recent sessions in the list.
pub const FIXED_ITEMS: usize = 2;

/// Most tables the form allows.
pub const MAX_TABLES: u32 = 30;

/// The title suggested for a workshop on `date`.
pub fn default_title(date: Date) -> String {
    format!("Workshop {date}")
}

impl StartState {
    pub fn new(recent: Vec<Recent>) -> StartState {
        let today = Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::system())
            .date();
        let text = |field: Field, value: &str| textarea_with(value, field.placeholder());
        StartState {
            focus: StartFocus::List,
            selected: 0,
            recent,
            frameworks: Vec::new(),
            field: Field::Title,
            title: text(Field::Title, &default_title(today)),
            framework: 0,
            tables: 6,
            names: text(Field::Names, ""),
            mix: text(Field::Mix, ""),
            date: text(Field::Date, &today.to_string()),
            venue: text(Field::Venue, ""),
            place: text(Field::Place, ""),
            facilitators: text(Field::Facilitators, ""),
            suggested: vec![Field::Title, Field::Tables, Field::Date],
            path: textarea_with("", "path to a session .ron file"),
            error: None,
            today,
            follow_up: None,
        }
    }

    pub fn set_frameworks(&mut self, frameworks: Vec<Framework>) {
        self.framework = frameworks
            .iter()
            .position(|f| f.id == crate::framework::DEFAULT_ID)
            .unwrap_or(0);
        self.frameworks = frameworks;
    }

    /// Sets today's date: the suggested title and date follow it unless they were changed.
    pub fn set_today(&mut self, today: Date) {
        let before = self.today;
        self.today = today;
        if text_of(&self.title) == default_title(before) {
            self.title = textarea_with(&default_title(today), Field::Title.placeholder());
        }
        if text_of(&self.date) == before.to_string() {
            self.date = textarea_with(&today.to_string(), Field::Date.placeholder());
        }
    }

    pub fn items(&self) -> usize {
        FIXED_ITEMS + self.recent.len()
    }

    /// Whether `field` still holds its untouched suggestion.
    pub fn is_suggested(&self, field: Field) -> bool {
        self.suggested.contains(&field)
    }

    pub fn text(&self, field: Field) -> Option<&TextArea<'static>> {
        match field {
            Field::Title => Some(&self.title),
            Field::Names => Some(&self.names),
            Field::Mix => Some(&self.mix),
            Field::Date => Some(&self.date),
            Field::Venue => Some(&self.venue),
            Field::Place => Some(&self.place),
            Field::Facilitators => Some(&self.facilitators),
            Field::Framework | Field::Tables => None,
        }
    }

    fn field_text(&mut self) -> Option<&mut TextArea<'static>> {
        match self.field {
            Field::Title => Some(&mut self.title),
            Field::Names => Some(&mut self.names),
            Field::Mix => Some(&mut self.mix),
            Field::Date => Some(&mut self.date),
            Field::Venue => Some(&mut self.venue),
            Field::Place => Some(&mut self.place),
            Field::Facilitators => Some(&mut self.facilitators),
            Field::Framework | Field::Tables => None,
        }
    }

    /// The focused field is touched: from now on keys edit it. Returns whether it held its
    /// suggestion until now.
    fn touch(&mut self) -> bool {
        let field = self.field;
        let was = self.is_suggested(field);
        self.suggested.retain(|f| *f != field);
        was
    }

    /// A key typed into the focused text field: a printable key replaces an untouched
    /// suggestion, Ctrl-u clears the line, keys that would start a second line do nothing.
    fn type_into_text(&mut self, key: KeyEvent) {
        let suggested = self.touch();
        let Some(t) = self.field_text() else {
            return;
        };
        if is_clear_line(&key) {
            t.clear();
        } else if !is_newline(&key) {
            if suggested && is_printable(&key) {
                t.clear();
            }
            t.input(key);
        }
    }

    /// Keys that only move or type on the start screen.
    pub fn update(&mut self, action: Action) {
        if self.focus != StartFocus::List
            && matches!(
                action,
                Action::Type(_)
                    | Action::Left
                    | Action::Right
                    | Action::StartNextField
                    | Action::StartPrevField
            )
        {
            // The facilitator is fixing what the message was about.
            self.error = None;
        }
        match (self.focus, action.clone()) {
            (StartFocus::List, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (StartFocus::List, Action::Down) => {
                self.selected = (self.selected + 1).min(self.items().saturating_sub(1))
            }
            (StartFocus::Form | StartFocus::Open, Action::CloseOverlay) => {
                self.focus = StartFocus::List;
                self.error = None;
            }
            (StartFocus::Form, Action::StartNextField | Action::StartPrevField) => {
                let i = Field::ALL
                    .iter()
                    .position(|f| *f == self.field)
                    .unwrap_or(0);
                let n = Field::ALL.len();
                let next = if action_is_next(&action) {
                    i + 1
                } else {
                    i + n - 1
                };
                self.field = Field::ALL[next % n];
            }
            (StartFocus::Form, Action::Left | Action::Right) => {
                let right = matches!(action, Action::Right);
                match self.field {
                    Field::Framework if !self.frameworks.is_empty() => {
                        let n = self.frameworks.len();
                        self.framework = (self.framework + if right { 1 } else { n - 1 }) % n;
                    }
                    Field::Framework => {}
                    Field::Tables => {
                        self.touch();
                        self.tables = if right {
                            (self.tables + 1).min(MAX_TABLES)
                        } else {
                            self.tables.saturating_sub(1).max(1)
                        }
                    }
                    _ => {
                        self.touch();
                        let key = if right { KeyCode::Right } else { KeyCode::Left };
                        if let Some(t) = self.field_text() {
                            t.input(KeyEvent::from(key));
                        }
                    }
                }
            }
            (StartFocus::Form, Action::Type(key)) => match self.field {
                Field::Tables => {
                    let suggested = self.touch();
                    if let KeyCode::Char(c) = key.code
                        && let Some(d) = c.to_digit(10)
                    {
                        let n = if suggested {
                            d
                        } else {
                            (self.tables % 10) * 10 + d
                        };
                        self.tables = if (1..=MAX_TABLES).contains(&n) {
                            n
                        } else {
                            d.max(1)
                        };
                    } else if key.code == KeyCode::Backspace {
                        self.tables = (self.tables / 10).max(1);
                    }
                }
                Field::Framework => {}
                _ => self.type_into_text(key),
            },
            (StartFocus::Open, Action::Type(key)) => {
                if is_clear_line(&key) {
                    self.path.clear();
                } else if !is_newline(&key) {
                    self.path.input(key);
                }
            }
            _ => {}
        }
    }

    /// Pasted text (its first line) goes into the focused field, replacing a suggestion.
    pub fn paste(&mut self, text: &str) {
        let line = text.lines().next().unwrap_or("").trim();
        match self.focus {
            StartFocus::Open => {
                self.path.insert_str(line);
            }
            StartFocus::Form if self.field.is_text() => {
                self.error = None;
                let suggested = self.touch();
                if let Some(t) = self.field_text() {
                    if suggested {
                        t.clear();
                    }
                    t.insert_str(line);
                }
            }
            StartFocus::Form | StartFocus::List => {}
        }
    }

    /// Enter: opens the form or the path input, opens a session, or creates the workshop.
    pub fn choose<S>(
        &mut self,
        opener: &mut dyn Opener<S>,
        now: Timestamp,
    ) -> Result<Option<S>, String> {
        match self.focus {
            StartFocus::List => match self.selected {
                0 => {
                    if self.frameworks.is_empty() {
                        self.set_frameworks(opener.frameworks());
                    }
                    if self.follow_up.take().is_some() {
                        // A plain new workshop after a follow-up was begun: its suggestions
                        // come back.
                        self.set_frameworks(opener.frameworks());
                        self.title =
                            textarea_with(&default_title(self.today), Field::Title.placeholder());
                        self.place = textarea_with("", Field::Place.placeholder());
                        self.suggested = vec![Field::Title, Field::Tables, Field::Date];
                    }
                    self.focus = StartFocus::Form;
                    self.field = Field::Title;
                    self.error = None;
                    Ok(None)
                }
                1 => {
                    self.focus = StartFocus::Open;
                    self.error = None;
                    Ok(None)
                }
                i => match self.recent.get(i - FIXED_ITEMS) {
                    Some(r) => opener.open(&r.path).map(Some),
                    None => Ok(None),
                },
            },
            StartFocus::Open => {
                let typed = text_of(&self.path);
                let typed = typed.trim();
                if typed.is_empty() {
                    return Err("type the path of a session file".into());
                }
                let path = expand_home(typed);
                opener.open(&path).map(Some)
            }
            StartFocus::Form => {
                if self.frameworks.is_empty() {
                    self.set_frameworks(opener.frameworks());
                }
                match self.build(now) {
                    Ok(session) => opener.create(session).map(Some),
                    Err((field, e)) => {
                        // Straight to the field to fix.
                        self.field = field;
                        Err(e)
                    }
                }
            }
        }
    }

    /// `f` on a recent session: the new-workshop form, prefilled to follow it up (its title,
    /// place and framework; today's date). The form creates the session as any other.
    pub fn follow_up_selected<S>(&mut self, opener: &dyn Opener<S>) {
        let Some(recent) = self
            .selected
            .checked_sub(FIXED_ITEMS)
            .and_then(|i| self.recent.get(i))
        else {
            self.error = Some("choose a recent session below to follow it up".into());
            return;
        };
        let path = recent.path.clone();
        let previous = match opener.read(&path) {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(format!("cannot follow it up: {e}"));
                return;
            }
        };
        let mut frameworks = opener.frameworks();
        let mut framework = previous.framework.clone();
        framework
            .steps
            .retain(|s| s.kind != crate::framework::StepKind::FollowUp);
        let at = match frameworks.iter().position(|f| *f == framework) {
            Some(i) => i,
            None => {
                // Its own copy, as it was used: first, so that it is the one chosen.
                frameworks.insert(0, framework);
                0
            }
        };
        self.frameworks = frameworks;
        self.framework = at;
        self.title = textarea_with(&previous.title, Field::Title.placeholder());
        self.place = textarea_with(&previous.place, Field::Place.placeholder());
        let date = self.today.max(previous.date);
        self.date = textarea_with(&date.to_string(), Field::Date.placeholder());
        self.suggested = vec![Field::Title, Field::Tables, Field::Date];
        let carried = crate::model::carry_forward(&previous, "").items.len();
        self.follow_up = Some(FollowingUp {
            path,
            previous: Box::new(previous),
            carried,
        });
        self.focus = StartFocus::Form;
        self.field = Field::Title;
        self.error = None;
    }

    /// The workshop the form describes.
    pub fn new_session(&self, now: Timestamp) -> Result<Session, String> {
        self.build(now).map_err(|(_, e)| e)
    }

    /// The workshop the form describes, or the field that is wrong and why.
    fn build(&self, now: Timestamp) -> Result<Session, (Field, String)> {
        let title = text_of(&self.title);
        let title = title.trim();
        if title.is_empty() {
            return Err((Field::Title, "the workshop needs a title".into()));
        }
        let date = parse_date(&text_of(&self.date), self.today).map_err(|e| (Field::Date, e))?;
        // As `convene new --follow-up`: a follow-up is not held before the workshop it follows.
        if let Some(f) = &self.follow_up
            && date < f.previous.date
        {
            return Err((
                Field::Date,
                format!(
                    "{date} is before the workshop it follows ({}, {})",
                    one_line(&f.previous.title),
                    f.previous.date
                ),
            ));
        }
        let framework = self
            .frameworks
            .get(self.framework)
            .cloned()
            .unwrap_or_else(Framework::default_framework);
        let names: Vec<String> = split_list(&text_of(&self.names), ',');
        let mixes: Vec<String> = split_list(&text_of(&self.mix), ';');
        let count = (self.tables as usize).max(names.len()).max(1);
        let mut session = match &self.follow_up {
            Some(f) => {
                let file = f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Session::follow_up(&f.previous, &file, title, date, framework, now)
            }
            None => Session::new(title, date, framework, now),
        };
        session.venue = one_line(&text_of(&self.venue));
        session.place = one_line(&text_of(&self.place));
        session.facilitators = split_list(&text_of(&self.facilitators), ',')
            .into_iter()
            .filter(|name| !name.is_empty())
            .collect();
        for i in 0..count {
            let mix = match mixes.get(i) {
                Some(text) => parse_mix(text).map_err(|e| (Field::Mix, e))?,
                None => Vec::new(),
            };
            let table = session.next_table(names.get(i).cloned(), mix);
            session
                .apply(Change::AddTable(table))
                .map_err(|e| (Field::Names, format!("table {}: {e}", i + 1)))?;
        }
        Ok(session)
    }
}

/// A typed date, `YYYY-MM-DD`; an error names the field and shows the form expected.
pub fn parse_date(text: &str, today: Date) -> Result<Date, String> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    let date = if shaped {
        text.parse::<Date>().ok()
    } else {
        None
    };
    date.ok_or_else(|| {
        if text.is_empty() {
            format!("Date: the workshop needs a date, typed as YYYY-MM-DD (today is {today})")
        } else {
            format!("Date: “{text}” is not a date; type it as YYYY-MM-DD, e.g. {today}")
        }
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ctrl-u: clears the line being typed.
fn is_clear_line(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char('u' | 'U')) && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Keys a text area would turn into a second line.
fn is_newline(key: &KeyEvent) -> bool {
    key.code == KeyCode::Enter
        || matches!(key.code, KeyCode::Char('m' | 'M'))
            && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// A character typed as text (not a shortcut with Ctrl or Alt).
fn is_printable(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn action_is_next(action: &Action) -> bool {
    matches!(action, Action::StartNextField)
}

fn split_list(text: &str, sep: char) -> Vec<String> {
    let items: Vec<String> = text.split(sep).map(|s| s.trim().to_string()).collect();
    if items.iter().all(String::is_empty) {
        Vec::new()
    } else {
        items
    }
}

/// "employer, lived" → the stakeholders; an unknown word is an error naming the known ones.
pub fn parse_mix(text: &str) -> Result<Vec<Stakeholder>, String> {
    text.split([',', '+'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            Stakeholder::parse(w).ok_or_else(|| {
                let known: Vec<&str> = Stakeholder::ALL.iter().map(|s| s.key()).collect();
                format!("“{w}” is not a stakeholder; use {}", known.join(", "))
            })
        })
        .collect()
}

fn expand_home(path: &str) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_a_six_table_workshop_on_the_default_framework() {
        let mut s = StartState::new(Vec::new());
        s.set_today(jiff::civil::date(2026, 11, 23));
        s.set_frameworks(MemoryOpener::default().frameworks());
        let session = s.new_session(Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(session.title, "Workshop 2026-11-23");
        assert_eq!(session.framework.id, "six-principles");
        assert_eq!(session.tables.len(), 6);
        assert_eq!(session.tables[5].letter, "F");
        assert!(session.problems().is_empty());
    }

    #[test]
    fn names_and_mix_are_read_per_table() {
        let mut s = StartState::new(Vec::new());
        s.names.insert_str("Civic, Health");
        s.mix.insert_str("employer, lived; public");
        s.tables = 2;
        let session = s.new_session(Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(session.tables[0].name, "Civic");
        assert_eq!(
            session.tables[0].mix,
            vec![Stakeholder::Employer, Stakeholder::LivedExperience]
        );
        assert_eq!(session.tables[1].mix, vec![Stakeholder::PublicSector]);
        s.mix = textarea_with("astronauts", "");
        let e = s.new_session(Timestamp::UNIX_EPOCH).unwrap_err();
        assert!(e.contains("astronauts") && e.contains("employer"), "{e}");
    }
    fn form() -> StartState {
        let mut s = StartState::new(Vec::new());
        s.set_today(jiff::civil::date(2026, 11, 23));
        s.set_frameworks(MemoryOpener::default().frameworks());
        s.focus = StartFocus::Form;
        s
    }

    fn key(code: KeyCode) -> Action {
        Action::Type(KeyEvent::from(code))
    }

    fn type_str(s: &mut StartState, text: &str) {
        for c in text.chars() {
            s.update(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn the_first_key_typed_replaces_a_suggestion_and_cursor_keys_keep_it() {
        let mut s = form();
        type_str(&mut s, "Oxford");
        assert_eq!(text_of(&s.title), "Oxford");
        let mut s = form();
        s.update(Action::Left);
        type_str(&mut s, "x");
        assert_eq!(text_of(&s.title), "Workshop 2026-11-2x3");
        let mut s = form();
        s.update(key(KeyCode::Home));
        type_str(&mut s, "My ");
        assert_eq!(text_of(&s.title), "My Workshop 2026-11-23");
        // Backspace edits the suggestion rather than wiping it.
        let mut s = form();
        s.update(key(KeyCode::Backspace));
        assert_eq!(text_of(&s.title), "Workshop 2026-11-2");
        // The date is suggested too; a field with no suggestion just takes the text.
        let mut s = form();
        s.field = Field::Date;
        type_str(&mut s, "2026-12-01");
        s.field = Field::Venue;
        type_str(&mut s, "Hall");
        let session = s.new_session(Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(session.date, jiff::civil::date(2026, 12, 1));
        assert_eq!(session.venue, "Hall");
        assert_eq!(session.title, "Workshop 2026-11-23");
    }

    #[test]
    fn a_suggested_table_count_is_replaced_by_the_first_digit() {
        let mut s = form();
        s.field = Field::Tables;
        type_str(&mut s, "12");
        assert_eq!(s.tables, 12);
        let mut s = form();
        s.field = Field::Tables;
        s.update(Action::Left);
        s.update(Action::Left);
        s.update(Action::Left);
        s.update(Action::Left);
        type_str(&mut s, "5");
        assert_eq!(s.tables, 25, "after ← the digits are typed onto the count");
    }

    #[test]
    fn a_bad_date_is_refused_naming_the_field_and_focuses_it() {
        let today = jiff::civil::date(2026, 11, 23);
        assert_eq!(
            parse_date(" 2026-02-28 ", today),
            Ok(jiff::civil::date(2026, 2, 28))
        );
        for bad in ["2026-02-30", "23/11/2026", "2026-1-5", "tomorrow", ""] {
            let e = parse_date(bad, today).unwrap_err();
            assert!(e.starts_with("Date:") && e.contains("YYYY-MM-DD"), "{e}");
            assert!(e.contains(bad), "{e}");
        }
        let mut s = form();
        s.field = Field::Date;
        type_str(&mut s, "2026-13-01");
        s.field = Field::Title;
        let e = s
            .choose(&mut MemoryOpener::default(), Timestamp::UNIX_EPOCH)
            .err()
            .unwrap();
        assert!(e.contains("Date") && e.contains("2026-13-01"), "{e}");
        assert_eq!(s.field, Field::Date);
    }

    #[test]
    fn the_suggested_title_and_date_follow_today_until_changed() {
        let mut s = form();
        s.set_today(jiff::civil::date(2026, 11, 24));
        assert_eq!(text_of(&s.title), "Workshop 2026-11-24");
        assert_eq!(text_of(&s.date), "2026-11-24");
        type_str(&mut s, "Mine");
        s.set_today(jiff::civil::date(2026, 11, 25));
        assert_eq!(text_of(&s.title), "Mine");
        assert_eq!(text_of(&s.date), "2026-11-25");
    }
}
