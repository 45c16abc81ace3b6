//! Filters and text search over the note index, and match ranges for highlighting.
//!
//! Search is case-insensitive over Unicode: text and query are both lower-cased character by
//! character (`char::to_lowercase`), so "ÉCOLE" finds "école" and "BUS" finds "bus". Every
//! word of the query must occur in a note (in any order); each occurrence is highlighted.
//! Lower-casing is not full case folding: "STRASSE" does not find "straße".

use super::library::{Library, NONE, ResponseFilter, stakeholder_bit};
use crate::model::{NoteKind, Stakeholder};
use memchr::memmem::Finder;
use std::ops::Range;

/// Which theme notes must be in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeFilter {
    /// Themes with this label (ignoring case), in any session.
    Label(String),
    /// Notes not yet placed in any theme.
    Unthemed,
}

/// What to show. Every field left at its default lets every note through (sensitive notes
/// apart: they are left out unless `include_sensitive` is set, as in exports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these sessions (indices into [`Library::sessions`]); `None` for all.
    pub sessions: Option<Vec<usize>>,
    /// Principle number within each session's framework, from 1 (as in the CSV's `principle_number`).
    pub principle: Option<usize>,
    /// A step id (`"trauma-awareness"`).
    pub step: Option<String>,
    /// Notes from tables where this stakeholder group sat.
    pub stakeholder: Option<Stakeholder>,
    pub kind: Option<NoteKind>,
    /// A tag, ignoring case.
    pub tag: Option<String>,
    pub theme: Option<ThemeFilter>,
    pub response: Option<ResponseFilter>,
    /// Words that must all occur in the note's text, ignoring case.
    pub search: String,
    pub include_sensitive: bool,
}

impl Filter {
    /// True when nothing but the default sensitive rule applies.
    pub fn is_empty(&self) -> bool {
        *self
            == Filter {
                include_sensitive: self.include_sensitive,
                ..Filter::default()
            }
    }
}

/// Appends `text`, lower-cased character by character, to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// `text` lower-cased as the index stores it.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// The words of a query, lower-cased.
fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(fold).collect()
}

impl Library {
    /// The rows (indices into [`Library::rows`]) that pass `filter`, in index order.
    /// Allocation-free per note: fields are compared as small integers and the text search
    /// runs over the pre-lower-cased text with a prepared substring finder.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        let mut sessions_ok = vec![filter.sessions.is_none(); self.sessions.len()];
        if let Some(list) = &filter.sessions {
            for &s in list {
                if let Some(ok) = sessions_ok.get_mut(s) {
                    *ok = true;
                }
            }
        }
        // A value the index has never seen matches nothing.
        let step = match &filter.step {
            Some(id) => match self.steps.get(id) {
                Some(s) => Some(s),
                None => return Vec::new(),
            },
            None => None,
        };
        let tag = match &filter.tag {
            Some(t) => match self.tags.get(&t.trim().to_lowercase()) {
                Some(id) => Some(id),
                None => return Vec::new(),
            },
            None => None,
        };
        let theme = match &filter.theme {
            Some(ThemeFilter::Label(label)) => {
                match self.themes.get(&label.trim().to_lowercase()) {
                    Some(id) => Some(id),
                    None => return Vec::new(),
                }
            }
            Some(ThemeFilter::Unthemed) => Some(NONE),
            None => None,
        };
        let principle = match filter.principle {
            Some(0) => return Vec::new(),
            Some(n) if n > 255 => return Vec::new(),
            Some(n) => Some(n as u8),
            None => None,
        };
        let stakeholder = filter.stakeholder.map(stakeholder_bit);
        let words = terms(&filter.search);
        let finders: Vec<Finder<'_>> = words.iter().map(|w| Finder::new(w.as_bytes())).collect();
        let folded = self.folded.as_bytes();
        let mut out = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if !sessions_ok[r.session as usize]
                || (r.sensitive && !filter.include_sensitive)
                || principle.is_some_and(|p| r.principle != p)
                || step.is_some_and(|s| r.step != s)
                || stakeholder.is_some_and(|b| r.stakeholders & b == 0)
                || filter.kind.is_some_and(|k| r.kind != k)
                || theme.is_some_and(|t| r.theme != t)
            {
                continue;
            }
            if let Some(want) = filter.response {
                let ok = match want {
                    ResponseFilter::None => r.response.is_none(),
                    ResponseFilter::Any => r.response.is_some(),
                    ResponseFilter::Status(s) => r.response == Some(s),
                };
                if !ok {
                    continue;
                }
            }
            if let Some(t) = tag {
                let pool =
                    &self.tag_pool[r.tags_start as usize..(r.tags_start + r.tags_len) as usize];
                if !pool.contains(&t) {
                    continue;
                }
            }
            if !finders.is_empty() {
                let text = &folded[r.text_start as usize..(r.text_start + r.text_len) as usize];
                if !finders.iter().all(|f| f.find(text).is_some()) {
                    continue;
                }
            }
            out.push(i);
        }
        out
    }

    /// Where the words of `query` occur in a row's note text: byte ranges into the original
    /// text (on character boundaries, sorted, merged where they overlap), for highlighting.
    pub fn matches(&self, row: usize, query: &str) -> Vec<Range<usize>> {
        highlight(&self.note(row).text, query)
    }
}

/// Where the words of `query` occur in `text`, ignoring case: byte ranges into `text`, on
/// character boundaries, sorted and merged. Works for any text, indexed or not.
pub fn highlight(text: &str, query: &str) -> Vec<Range<usize>> {
    let words = terms(query);
    if words.iter().all(|w| w.is_empty()) {
        return Vec::new();
    }
    // Lower-case the text, remembering for each folded byte which original character it came from.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let before = folded.len();
        fold_into(c.encode_utf8(&mut [0; 4]), &mut folded);
        let span = (at, at + c.len_utf8());
        origin.extend(std::iter::repeat_n(span, folded.len() - before));
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        for start in Finder::new(w.as_bytes()).find_iter(folded.as_bytes()) {
            let end = start + w.len() - 1;
            ranges.push(origin[start].0..origin[end].1);
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_is_case_insensitive_and_unicode_safe() {
        let text = "Bus pass for the BUS — ÉCOLE and école, 日本 bus";
        let ranges = highlight(text, "bus");
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["Bus", "BUS", "bus"]);
        let ranges = highlight(text, "école");
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["ÉCOLE", "école"]);
        assert!(highlight(text, "  ").is_empty());
    }

    #[test]
    fn characters_that_grow_when_lower_cased_map_back_to_whole_characters() {
        // 'İ' lower-cases to two characters; the Kelvin sign shrinks to one byte.
        let text = "İstanbul \u{212A}elvin";
        let ranges = highlight(text, "i̇stanbul");
        assert_eq!(&text[ranges[0].clone()], "İstanbul");
        let ranges = highlight(text, "kelvin");
        assert_eq!(&text[ranges[0].clone()], "\u{212A}elvin");
        // A match inside a character's expansion widens to the whole character.
        let ranges = highlight(text, "\u{307}");
        assert_eq!(&text[ranges[0].clone()], "İ");
    }

    #[test]
    fn overlapping_words_merge() {
        let ranges = highlight("transport", "trans sport");
        assert_eq!(ranges, vec![0..9]);
    }
}
