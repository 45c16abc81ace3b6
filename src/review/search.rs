//! Filters and text search over the note index, and match ranges for highlighting.
//!
//! Search ignores case and accents in any script. Text and query are folded the same way
//! ([`fold`]): compatibility decomposition (NFKD, so "ﬁ" is "fi" and "é" is "e" + an accent),
//! the generic combining accents dropped (so "ecole" finds "école", however it was stored),
//! then full case folding (lower case, plus "ß" → "ss" and final "ς" → "σ", so "STRASSE" finds
//! "straße"). Every word of the query must occur in a note (in any order); each occurrence is
//! highlighted on the original text.

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
    /// A principle: its key (the framework's step id, `person-centred`), or its number from 1.
    /// A number stands for one principle only when every framework that has that many agrees
    /// on which; otherwise it matches nothing ([`Library::check`] says why).
    pub principle: Option<String>,
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

/// Appends `text`, folded for search (see the module notes), to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// `text` folded as the index stores it: no accents, full case folding.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends one character, folded. Most text is ASCII and takes the first branch.
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        // A Hangul syllable stays whole: decomposed into letters, "하" would be found in "한".
        out.push(c);
    } else {
        unicode_normalization::char::decompose_compatible(c, |d| fold_decomposed(d, out));
    }
}

/// One character of a compatibility decomposition, accents dropped and case folded.
fn fold_decomposed(d: char, out: &mut String) {
    if d.is_ascii() {
        out.push(d.to_ascii_lowercase());
        return;
    }
    if d == '\u{345}' {
        out.push('ι'); // the Greek iota subscript folds to iota ("ᾳ" is "αι")
        return;
    }
    if is_accent(d) {
        return;
    }
    for l in d.to_lowercase() {
        // Where full case folding differs from lower case (Unicode CaseFolding.txt, after
        // NFKD has already done the compatibility forms).
        match l {
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            '\u{1C80}' => out.push('в'),
            '\u{1C81}' => out.push('д'),
            '\u{1C82}' => out.push('о'),
            '\u{1C83}' => out.push('с'),
            '\u{1C84}' | '\u{1C85}' => out.push('т'),
            '\u{1C86}' => out.push('ъ'),
            '\u{1C87}' => out.push('ѣ'),
            '\u{1C88}' => out.push('\u{A64B}'),
            _ => out.push(l),
        }
    }
}

/// The combining accents shared by the Latin, Greek and Cyrillic scripts (the blocks of
/// combining diacritical marks). The vowel signs and other marks of scripts such as
/// Devanagari or Thai carry meaning a reader would not ignore, so they are kept.
fn is_accent(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The words of a query, folded.
fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(fold).collect()
}

impl Library {
    /// The rows (indices into [`Library::rows`]) that pass `filter`, in index order.
    /// Allocation-free per note: fields are compared as small integers and the text search
    /// runs over the text folded once at load with a prepared substring finder.
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
        let principle = match &filter.principle {
            Some(p) => match self.resolve_principle(p, filter.sessions.as_deref()) {
                Ok(key) => match self.steps.get(&key) {
                    Some(s) => Some(s),
                    None => return Vec::new(), // a principle no note is under yet
                },
                Err(_) => return Vec::new(),
            },
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
                || principle.is_some_and(|p| r.step != p || r.principle == 0)
                || step.is_some_and(|s| r.step != s)
                || stakeholder.is_some_and(|b| r.stakeholders & b == 0)
                || filter.kind.is_some_and(|k| r.kind != k)
                || theme.is_some_and(|t| r.theme != t)
            {
                continue;
            }
            if let Some(want) = filter.response {
                let ok = match want {
                    ResponseFilter::None => r.responses == 0,
                    ResponseFilter::Any => r.responses != 0,
                    ResponseFilter::Status(s) => r.has_response(s),
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

/// Where the words of `query` occur in `text`, folded as search folds them: byte ranges into
/// `text`, on character boundaries, sorted and merged. A match covers whole characters of the
/// original text, with the accents that follow them (which search ignores), so it never cuts
/// a letter from its accent. Works for any text, indexed or not.
pub fn highlight(text: &str, query: &str) -> Vec<Range<usize>> {
    let words = terms(query);
    if words.iter().all(|w| w.is_empty()) {
        return Vec::new();
    }
    // Fold the text, remembering for each folded byte which original characters it came from:
    // its own character, widened over the accents after it that folded to nothing.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    let mut last = 0..0; // the folded bytes of the last character that gave any
    for (at, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        let end = at + c.len_utf8();
        if folded.len() == before {
            for o in &mut origin[last.clone()] {
                o.1 = end;
            }
        } else {
            origin.extend(std::iter::repeat_n((at, end), folded.len() - before));
            last = before..folded.len();
        }
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
    fn characters_that_grow_when_folded_map_back_to_whole_characters() {
        // 'İ' is 'I' and a dot above; the Kelvin sign folds to one byte; 'ß' to two letters.
        let text = "İstanbul \u{212A}elvin Straße";
        let ranges = highlight(text, "istanbul");
        assert_eq!(&text[ranges[0].clone()], "İstanbul");
        let ranges = highlight(text, "kelvin");
        assert_eq!(&text[ranges[0].clone()], "\u{212A}elvin");
        let ranges = highlight(text, "STRASSE");
        assert_eq!(&text[ranges[0].clone()], "Straße");
        // A match inside a character's expansion widens to the whole character.
        let ranges = highlight(text, "ss");
        assert_eq!(&text[ranges[0].clone()], "ß");
        // A query of accents alone finds nothing (search ignores accents).
        assert!(highlight(text, "\u{307}").is_empty());
    }

    #[test]
    fn folding_drops_accents_and_folds_case_fully() {
        assert_eq!(fold("École"), "ecole");
        assert_eq!(fold("e\u{301}cole"), "ecole");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("Straße STRASSE ẞ"), "strasse strasse ss");
        assert_eq!(fold("ΣΊΣΥΦΟΣ σίσυφος"), "σισυφοσ σισυφοσ");
        assert_eq!(fold("ﬁnance ①"), "finance 1");
        assert_eq!(fold("ᾳ"), "αι");
        // Marks that are letters' vowels in other scripts stay; Hangul syllables stay whole.
        assert_eq!(fold("कम"), "कम");
        assert_ne!(fold("कामा"), fold("कम"));
        assert_eq!(fold("한국"), "한국");
    }

    #[test]
    fn a_decomposed_accent_is_highlighted_with_its_letter() {
        let text = "e\u{301}cole and ecole";
        let ranges = highlight(text, "ÉCOLE");
        let found: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["e\u{301}cole", "ecole"]);
        // Ending on an accented letter takes its accent too.
        let text = "cafe\u{301}s";
        let ranges = highlight(text, "cafe");
        assert_eq!(&text[ranges[0].clone()], "cafe\u{301}");
    }

    #[test]
    fn overlapping_words_merge() {
        let ranges = highlight("transport", "trans sport");
        assert_eq!(ranges, vec![0..9]);
    }
}
