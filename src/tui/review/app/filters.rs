//! Choosing what the views cover: the sessions selected, the filters stepped through by key,
//! and the search, tag or theme label typed in; each change runs the filter again. Drawn by
//! `screens::notes` (the filter bar) and `screens::chrome` (the field being typed into).

use super::{ReviewApp, View};
use crate::model::{NoteKind, ResponseStatus, Stakeholder};
use crate::review::{Filter, ResponseFilter, ThemeFilter};
use crate::tui::review::keymap::Action;

/// Which text field is being typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Search,
    Tag,
    Theme,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Search => "search",
            Field::Tag => "tag",
            Field::Theme => "theme",
        }
    }
}

/// Text being typed; the filter follows it key by key, and Esc puts `before` back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typing {
    pub field: Field,
    pub text: String,
    before: Filter,
}

impl ReviewApp {
    /// A key that changes the selection or a filter, then filters again.
    pub(super) fn change_filter(&mut self, action: Action) {
        match action {
            Action::ToggleSession => {
                let at = self.sessions.at;
                if let Some(s) = self.selected.get_mut(at) {
                    *s = !*s;
                    self.refilter();
                }
            }
            Action::ToggleAllSessions => {
                let all = self.selected.iter().all(|s| *s);
                self.selected.iter_mut().for_each(|s| *s = !all);
                self.refilter();
            }
            Action::NextPrinciple | Action::PrevPrinciple => {
                // Through each framework's own principles, by key: the first principles of
                // two different frameworks are two steps of this cycle, not one.
                let keys: Vec<String> = self.library.as_ref().map_or_else(Vec::new, |l| {
                    l.principle_keys().into_iter().map(String::from).collect()
                });
                let n = keys.len();
                let cur = self
                    .filter
                    .principle
                    .as_ref()
                    .and_then(|p| keys.iter().position(|k| k == p))
                    .map_or(0, |i| i + 1);
                let next = if action == Action::NextPrinciple {
                    (cur + 1) % (n + 1)
                } else {
                    (cur + n) % (n + 1)
                };
                self.filter.principle = next.checked_sub(1).map(|i| keys[i].clone());
                self.refilter();
            }
            Action::CycleStakeholder => {
                self.filter.stakeholder = cycle(&Stakeholder::ALL, self.filter.stakeholder);
                self.refilter();
            }
            Action::CycleKind => {
                self.filter.kind = cycle(&NoteKind::ALL, self.filter.kind);
                self.refilter();
            }
            Action::CycleResponse => {
                const ORDER: [ResponseFilter; 5] = [
                    ResponseFilter::None,
                    ResponseFilter::Any,
                    ResponseFilter::Status(ResponseStatus::Open),
                    ResponseFilter::Status(ResponseStatus::InProgress),
                    ResponseFilter::Status(ResponseStatus::Done),
                ];
                self.filter.response = cycle(&ORDER, self.filter.response);
                self.refilter();
            }
            Action::ToggleSensitive => {
                self.filter.include_sensitive = !self.filter.include_sensitive;
                self.refilter();
            }
            Action::ClearFilters => {
                let keep = self.filter.include_sensitive;
                self.filter = Filter {
                    include_sensitive: keep,
                    ..Filter::default()
                };
                self.refilter();
            }
            _ => {}
        }
    }

    pub(super) fn start_typing(&mut self, field: Field) {
        let text = match field {
            Field::Search => self.filter.search.clone(),
            Field::Tag => self.filter.tag.clone().unwrap_or_default(),
            Field::Theme => match &self.filter.theme {
                Some(ThemeFilter::Label(l)) => l.clone(),
                Some(ThemeFilter::Unthemed) => "none".into(),
                None => String::new(),
            },
        };
        self.typing = Some(Typing {
            field,
            text,
            before: self.filter.clone(),
        });
        if self.view != View::Notes {
            self.view = View::Notes;
        }
    }

    pub(super) fn update_typing(&mut self, action: Action) {
        let Some(typing) = self.typing.as_mut() else {
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Cancel => {
                let before = typing.before.clone();
                self.typing = None;
                if before != self.filter {
                    self.filter = before;
                    self.refilter();
                }
                return;
            }
            Action::Submit => {
                self.typing = None;
                return;
            }
            Action::Backspace => {
                typing.text.pop();
            }
            Action::Type(c) => typing.text.push(c),
            _ => return,
        }
        let (field, text) = (typing.field, typing.text.clone());
        match field {
            Field::Search => self.filter.search = text,
            Field::Tag => self.filter.tag = Some(text).filter(|t| !t.trim().is_empty()),
            Field::Theme => {
                self.filter.theme = if text.trim().is_empty() {
                    None
                } else if text.trim().eq_ignore_ascii_case("none") {
                    Some(ThemeFilter::Unthemed)
                } else {
                    Some(ThemeFilter::Label(text))
                }
            }
        }
        self.refilter();
    }

    /// A principle filter as shown: its number and title in the first framework that has it
    /// (`1 Person-centred, place-based`), or what was asked for when no framework has it.
    pub fn principle_label(&self, wanted: &str) -> String {
        let Some(library) = self.library.as_ref() else {
            return wanted.to_string();
        };
        match library
            .resolve_principle(wanted, None)
            .ok()
            .and_then(|key| library.principle_label(&key))
        {
            Some((n, title)) => format!("{n} {title}"),
            None => wanted.to_string(),
        }
    }

    /// Runs the filter again (a keystroke's work: the library's filter and nothing per note).
    pub(super) fn refilter(&mut self) {
        let Some(library) = &self.library else {
            return;
        };
        self.filter.sessions = if self.selected.iter().all(|s| *s) {
            None
        } else {
            Some(
                self.selected
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s)
                    .map(|(i, _)| i)
                    .collect(),
            )
        };
        let rows = library.filter(&self.filter);
        self.filter.sessions = None;
        // Keep the cursor on the same note when it is still there.
        let current = self.rows.get(self.notes.at).copied();
        self.rows = rows;
        self.notes.at = current
            .and_then(|r| self.rows.binary_search(&r).ok())
            .unwrap_or(0);
        self.notes.clamp(self.rows.len(), self.page());
        self.generation += 1;
        self.compare = None;
        self.prepare();
    }
}

/// The next value of an optional filter: none → first → … → last → none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}
