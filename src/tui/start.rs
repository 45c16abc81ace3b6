//! The start screen's state: recent sessions, the new-workshop form and "open a file", and the
//! [`Opener`] that finds, opens and creates sessions (on disk, or in memory for tests).

use super::action::Action;
use super::app::{text_of, textarea_with};
use crate::framework::Framework;
use crate::model::{Change, Session, Stakeholder};
use crate::store::{self, MemoryStore, SessionFile, SessionStore};
use jiff::Timestamp;
use jiff::civil::Date;
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

/// The new-workshop form's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Framework,
    Tables,
    Names,
    Mix,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Title,
        Field::Framework,
        Field::Tables,
        Field::Names,
        Field::Mix,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "Title",
            Field::Framework => "Framework",
            Field::Tables => "Tables",
            Field::Names => "Table names",
            Field::Mix => "Stakeholder mix",
        }
    }
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
    pub title_edited: bool,
    pub framework: usize,
    pub tables: u32,
    pub names: TextArea<'static>,
    pub mix: TextArea<'static>,
    pub path: TextArea<'static>,
    pub error: Option<String>,
    pub today: Date,
}

/// Items before the recent sessions in the list.
pub const FIXED_ITEMS: usize = 2;

/// Most tables the form allows.
pub const MAX_TABLES: u32 = 30;

impl StartState {
    pub fn new(recent: Vec<Recent>) -> StartState {
        let today = Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::system())
            .date();
        let mut s = StartState {
            focus: StartFocus::List,
            selected: 0,
            recent,
            frameworks: Vec::new(),
            field: Field::Title,
            title: textarea_with("", ""),
            title_edited: false,
            framework: 0,
            tables: 6,
            names: textarea_with("", "optional: Civic, Health, … (else Table A, Table B, …)"),
            mix: textarea_with(
                "",
                "optional, per table: employer, lived; public, voluntary; …",
            ),
            path: textarea_with("", "path to a session .ron file"),
            error: None,
            today,
        };
        s.set_today(today);
        s
    }

    pub fn set_frameworks(&mut self, frameworks: Vec<Framework>) {
        self.framework = frameworks
            .iter()
            .position(|f| f.id == crate::framework::DEFAULT_ID)
            .unwrap_or(0);
        self.frameworks = frameworks;
    }

    /// Sets the date used for the default title (unless the title was edited).
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
        if !self.title_edited {
            self.title = textarea_with(&format!("Workshop {today}"), "the workshop's title");
        }
    }

    pub fn items(&self) -> usize {
        FIXED_ITEMS + self.recent.len()
    }

    fn field_text(&mut self) -> Option<&mut TextArea<'static>> {
        match self.field {
            Field::Title => Some(&mut self.title),
            Field::Names => Some(&mut self.names),
            Field::Mix => Some(&mut self.mix),
            _ => None,
        }
    }

    /// Keys that only move or type on the start screen.
    pub fn update(&mut self, action: Action) {
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
                    Field::Tables => {
                        self.tables = if right {
                            (self.tables + 1).min(MAX_TABLES)
                        } else {
                            self.tables.saturating_sub(1).max(1)
                        }
                    }
                    _ => {
                        let key = if right {
                            ratatui::crossterm::event::KeyCode::Right
                        } else {
                            ratatui::crossterm::event::KeyCode::Left
                        };
                        if let Some(t) = self.field_text() {
                            t.input(ratatui::crossterm::event::KeyEvent::from(key));
                        }
                    }
                }
            }
            (StartFocus::Form, Action::Type(key)) => match self.field {
                Field::Tables => {
                    if let ratatui::crossterm::event::KeyCode::Char(c) = key.code
                        && let Some(d) = c.to_digit(10)
                    {
                        let n = (self.tables % 10) * 10 + d;
                        self.tables = if (1..=MAX_TABLES).contains(&n) {
                            n
                        } else {
                            d.max(1)
                        };
                    } else if key.code == ratatui::crossterm::event::KeyCode::Backspace {
                        self.tables = (self.tables / 10).max(1);
                    }
                }
                Field::Title => {
                    self.title_edited = true;
                    self.title.input(key);
                }
                _ => {
                    if let Some(t) = self.field_text() {
                        t.input(key);
                    }
                }
            },
            (StartFocus::Open, Action::Type(key)) => {
                self.path.input(key);
            }
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        let line = text.lines().next().unwrap_or("").trim();
        match self.focus {
            StartFocus::Open => {
                self.path.insert_str(line);
            }
            StartFocus::Form => {
                if self.field == Field::Title {
                    self.title_edited = true;
                }
                if let Some(t) = self.field_text() {
                    t.insert_str(line);
                }
            }
            StartFocus::List => {}
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
                let session = self.new_session(now)?;
                opener.create(session).map(Some)
            }
        }
    }

    /// The workshop the form describes.
    pub fn new_session(&self, now: Timestamp) -> Result<Session, String> {
        let title = text_of(&self.title);
        let title = title.trim();
        if title.is_empty() {
            return Err("the workshop needs a title".into());
        }
        let framework = self
            .frameworks
            .get(self.framework)
            .cloned()
            .unwrap_or_else(Framework::default_framework);
        let names: Vec<String> = split_list(&text_of(&self.names), ',');
        let mixes: Vec<String> = split_list(&text_of(&self.mix), ';');
        let count = (self.tables as usize).max(names.len()).max(1);
        let mut session = Session::new(title, self.today, framework, now);
        for i in 0..count {
            let mix = match mixes.get(i) {
                Some(text) => parse_mix(text)?,
                None => Vec::new(),
            };
            let table = session.next_table(names.get(i).cloned(), mix);
            session
                .apply(Change::AddTable(table))
                .map_err(|e| format!("table {}: {e}", i + 1))?;
        }
        Ok(session)
    }
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
}
