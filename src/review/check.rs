//! Checking a filter against what the sessions hold: a principle named by its key or number,
//! a step, a tag or a theme that exists nowhere is reported instead of silently matching nothing.

use super::library::{FrameworkPrinciples, Library, NONE};
use super::search::{Filter, ThemeFilter};
use std::collections::HashSet;

/// The part of a filter a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Principle,
    Step,
    Tag,
    Theme,
}

/// A filter that names something no session has, or a principle number that stands for
/// different principles in different frameworks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterProblem {
    pub field: FilterField,
    pub message: String,
}

impl FilterProblem {
    fn new(field: FilterField, message: String) -> FilterProblem {
        FilterProblem { field, message }
    }

    /// Removes the part of `filter` this problem is about.
    pub fn clear(&self, filter: &mut Filter) {
        match self.field {
            FilterField::Principle => filter.principle = None,
            FilterField::Step => filter.step = None,
            FilterField::Tag => filter.tag = None,
            FilterField::Theme => filter.theme = None,
        }
    }
}

/// How many known values a message lists before "…".
const LISTED: usize = 12;

impl Library {
    /// The distinct frameworks of `sessions` (all when `None`), in order of first use.
    fn frameworks_of(&self, sessions: Option<&[usize]>) -> Vec<&FrameworkPrinciples> {
        let mut used = vec![false; self.frameworks.len()];
        match sessions {
            None => self
                .framework_of
                .iter()
                .for_each(|f| used[*f as usize] = true),
            Some(list) => list
                .iter()
                .filter_map(|s| self.framework_of.get(*s))
                .for_each(|f| used[*f as usize] = true),
        }
        self.frameworks
            .iter()
            .zip(used)
            .filter(|(_, u)| *u)
            .map(|(f, _)| f)
            .collect()
    }

    /// The principle `wanted` names among `sessions` (all when `None`): a key (a principle's
    /// step id, ignoring case) or a number from 1. A number is resolved in each framework; it
    /// names a principle only when every framework that has that many principles agrees on
    /// which one, since "principle 1" of two different frameworks are two different things.
    /// Returns the principle's key.
    pub fn resolve_principle(
        &self,
        wanted: &str,
        sessions: Option<&[usize]>,
    ) -> Result<String, FilterProblem> {
        let frameworks = self.frameworks_of(sessions);
        let wanted = wanted.trim();
        let problem = |message: String| FilterProblem::new(FilterField::Principle, message);
        if let Ok(n) = wanted.parse::<usize>() {
            let mut keys: Vec<&str> = Vec::new();
            for f in &frameworks {
                if let Some((key, _)) = n.checked_sub(1).and_then(|i| f.principles.get(i))
                    && !keys.contains(&key.as_str())
                {
                    keys.push(key);
                }
            }
            return match keys.as_slice() {
                [key] => Ok(key.to_string()),
                [] => Err(problem(format!(
                    "no framework of these sessions has a principle {n}: {}",
                    principle_lists(&frameworks)
                ))),
                _ => Err(problem(format!(
                    "principle {n} is a different principle in different frameworks of these \
                     sessions ({}); name the principle by its key instead: {}",
                    keys.join(", "),
                    principle_lists(&frameworks)
                ))),
            };
        }
        for f in &frameworks {
            if let Some((key, _)) = f
                .principles
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(wanted))
            {
                return Ok(key.clone());
            }
        }
        if frameworks
            .iter()
            .any(|f| f.steps.iter().any(|s| s.eq_ignore_ascii_case(wanted)))
        {
            return Err(problem(format!(
                "`{wanted}` is a step of the agenda but not a principle; filter it as a step \
                 (--step {wanted}), or name a principle: {}",
                principle_lists(&frameworks)
            )));
        }
        Err(problem(format!(
            "no framework of these sessions has a principle `{wanted}`: {}",
            principle_lists(&frameworks)
        )))
    }

    /// Checks that everything `filter` names exists in the sessions it covers: its principle
    /// (see [`Library::resolve_principle`]), step, tag and theme. A filter that passes can
    /// still select no note (no barrier was written under that principle); one that fails
    /// could never select any, and the problem says what exists instead.
    pub fn check(&self, filter: &Filter) -> Result<(), FilterProblem> {
        let sessions = filter.sessions.as_deref();
        if let Some(p) = &filter.principle {
            self.resolve_principle(p, sessions)?;
        }
        if let Some(step) = &filter.step {
            let frameworks = self.frameworks_of(sessions);
            if !frameworks.iter().any(|f| f.steps.iter().any(|s| s == step)) {
                let mut steps: Vec<&str> = Vec::new();
                for s in frameworks.iter().flat_map(|f| f.steps.iter()) {
                    if !steps.contains(&s.as_str()) {
                        steps.push(s);
                    }
                }
                return Err(FilterProblem::new(
                    FilterField::Step,
                    format!(
                        "no session here has a step `{step}`; the steps are: {}",
                        listed(&steps)
                    ),
                ));
            }
        }
        let left_out = if !filter.include_sensitive && self.rows.iter().any(|r| r.sensitive) {
            "; sensitive notes were left out (include them to look there too)"
        } else {
            ""
        };
        if let Some(tag) = &filter.tag {
            let known = self.known_tags(filter.include_sensitive);
            if !self
                .tags
                .get(&tag.trim().to_lowercase())
                .is_some_and(|t| known.contains(&t))
            {
                let mut tags: Vec<&str> = known.iter().map(|t| self.tags.name(*t)).collect();
                tags.sort_unstable();
                let known = if tags.is_empty() {
                    "no note here has a tag".to_string()
                } else {
                    format!("the tags are: {}", listed(&tags))
                };
                return Err(FilterProblem::new(
                    FilterField::Tag,
                    format!("no note here has the tag `{tag}`; {known}{left_out}"),
                ));
            }
        }
        if let Some(ThemeFilter::Label(label)) = &filter.theme {
            let known = self.known_themes(filter.include_sensitive);
            if !self
                .themes
                .get(&label.trim().to_lowercase())
                .is_some_and(|t| known.contains(&t))
            {
                let mut themes: Vec<&str> = known.iter().map(|t| self.themes.name(*t)).collect();
                themes.sort_unstable();
                let known = if themes.is_empty() {
                    "these sessions have no themes yet".to_string()
                } else {
                    format!("the themes are: {}", listed(&themes))
                };
                return Err(FilterProblem::new(
                    FilterField::Theme,
                    format!("no session here has a theme labelled `{label}`; {known}{left_out}"),
                ));
            }
        }
        Ok(())
    }

    /// The tags a filter may name and a message may list: those of the notes that could be
    /// exported, so a sensitive note's tags are neither listed nor confirmed unless sensitive
    /// notes are included.
    fn known_tags(&self, include_sensitive: bool) -> HashSet<u32> {
        self.rows
            .iter()
            .filter(|r| include_sensitive || !r.sensitive)
            .flat_map(|r| {
                &self.tag_pool[r.tags_start as usize..(r.tags_start + r.tags_len) as usize]
            })
            .copied()
            .collect()
    }

    /// The theme labels a filter may name and a message may list: themes with a note that
    /// could be exported, and themes with no note at all. A theme made only of sensitive notes
    /// (its label may come from their words) counts only when sensitive notes are included.
    fn known_themes(&self, include_sensitive: bool) -> HashSet<u32> {
        let mut with_notes = HashSet::new();
        let mut shown = HashSet::new();
        for r in self.rows.iter().filter(|r| r.theme != NONE) {
            with_notes.insert(r.theme);
            if include_sensitive || !r.sensitive {
                shown.insert(r.theme);
            }
        }
        (0..self.themes.names().count() as u32)
            .filter(|t| shown.contains(t) || !with_notes.contains(t))
            .collect()
    }

    /// The principle a key stands for: its number and title in the first framework that has
    /// it, for showing a filter (`1 Person-centred, place-based`).
    pub fn principle_label(&self, key: &str) -> Option<(usize, &str)> {
        self.frameworks.iter().find_map(|f| {
            f.principles
                .iter()
                .position(|(k, _)| k == key)
                .map(|i| (i + 1, f.principles[i].1.as_str()))
        })
    }

    /// Every principle's key across the frameworks, each once, in the frameworks' order.
    pub fn principle_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for (key, _) in self.frameworks.iter().flat_map(|f| f.principles.iter()) {
            if !keys.contains(&key.as_str()) {
                keys.push(key);
            }
        }
        keys
    }
}

/// Each framework's principles, numbered: `six-principles has 6 principles (1 person-centred, …); …`.
fn principle_lists(frameworks: &[&FrameworkPrinciples]) -> String {
    if frameworks.is_empty() {
        return "no session is selected".to_string();
    }
    frameworks
        .iter()
        .map(|f| {
            if f.principles.is_empty() {
                return format!("{} has no principles", f.id);
            }
            let list: Vec<String> = f
                .principles
                .iter()
                .enumerate()
                .map(|(i, (key, _))| format!("{} {key}", i + 1))
                .collect();
            format!(
                "{} has {} ({})",
                f.id,
                crate::export::plural(f.principles.len(), "principle"),
                list.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Up to [`LISTED`] values, then how many more.
fn listed(values: &[&str]) -> String {
    let mut out = values
        .iter()
        .take(LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > LISTED {
        out.push_str(&format!(" and {} more", values.len() - LISTED));
    }
    out
}
