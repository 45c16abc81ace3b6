//! Theme labels and explanations: the terms most distinctive of each theme (class-based TF-IDF,
//! preferring lexicon concepts and word pairs), shown in their most common spelling.

use super::features::Features;
use super::text::TermKey;

/// A term that characterises a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeTerm {
    /// As shown: "school run", "living wage".
    pub text: String,
    /// How many of the theme's notes hold it.
    pub notes: usize,
    /// Whether it is a lexicon concept.
    pub concept: bool,
    /// Distinctiveness score (class-based TF-IDF).
    pub score: f32,
}

/// For each group, its terms by distinctiveness, best first. Hidden (sensitive) notes give
/// no terms.
pub fn distinctive_terms(f: &Features, members: &[Vec<usize>]) -> Vec<Vec<ThemeTerm>> {
    let k = members.len().max(1);
    let avg = f.n as f32 / k as f32;
    let mut in_group = vec![0u32; f.terms.len()];
    let mut out = Vec::with_capacity(members.len());
    for group in members {
        let mut touched = Vec::new();
        for &i in group.iter().filter(|&&i| !f.hidden[i]) {
            for &(t, _) in &f.note_terms[i] {
                if in_group[t as usize] == 0 {
                    touched.push(t);
                }
                in_group[t as usize] += 1;
            }
        }
        let size = group.len().max(1) as f32;
        let min_notes = if group.len() >= 3 { 2 } else { 1 };
        let mut terms: Vec<(u32, ThemeTerm)> = touched
            .iter()
            .filter(|&&t| in_group[t as usize] >= min_notes)
            .map(|&t| {
                let term = &f.terms[t as usize];
                let tf = in_group[t as usize] as f32 / size;
                let idf = (1.0 + avg / term.df as f32).ln();
                let boost = match term.key {
                    TermKey::Concept(_) => 1.5,
                    TermKey::Pair(..) => 1.25,
                    TermKey::Word(_) => 1.0,
                };
                (
                    t,
                    ThemeTerm {
                        text: term.label.clone(),
                        notes: in_group[t as usize] as usize,
                        concept: matches!(term.key, TermKey::Concept(_)),
                        score: tf * idf * boost,
                    },
                )
            })
            .collect();
        terms.sort_by(|a, b| {
            b.1.score
                .total_cmp(&a.1.score)
                .then(b.1.notes.cmp(&a.1.notes))
                .then(a.0.cmp(&b.0))
        });
        for t in touched {
            in_group[t as usize] = 0;
        }
        out.push(terms.into_iter().map(|(_, t)| t).collect());
    }
    out
}

/// A label of 2–4 words from the best terms: no term repeats a word of a better one.
pub fn label(terms: &[ThemeTerm], max_words: usize) -> Option<String> {
    let mut chosen: Vec<&str> = Vec::new();
    let mut words_used: Vec<String> = Vec::new();
    for t in terms {
        let words: Vec<String> = t.text.split_whitespace().map(str::to_string).collect();
        if words.is_empty() || words_used.len() + words.len() > max_words {
            continue;
        }
        // A term of vague words only ("people", "feel") says nothing as a theme's name.
        if words.iter().all(|w| is_vague(w)) {
            continue;
        }
        // Skip a term that overlaps a chosen one ("school" after "school run").
        let overlaps = words.iter().any(|w| {
            words_used
                .iter()
                .any(|u| u == w || stem_like(u) == stem_like(w))
        });
        if overlaps {
            continue;
        }
        chosen.push(&t.text);
        words_used.extend(words);
        if chosen.len() == 3 || words_used.len() >= max_words {
            break;
        }
    }
    if chosen.is_empty() {
        return None;
    }
    let text = chosen.join(", ");
    let mut c = text.chars();
    Some(match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => text,
    })
}

/// Everyday words that are too vague to name a theme (they still count for grouping).
#[rustfmt::skip]
const VAGUE: &[&str] = &[
    "people", "person", "feel", "feels", "felt", "go", "goes", "going", "get", "gets",
    "getting", "got", "make", "makes", "made", "need", "needs", "never", "always", "thing",
    "things", "want", "wants", "know", "knows", "think", "thinks", "really", "lot", "lots",
    "way", "ways", "just", "even", "still", "much", "many", "one", "two", "three", "every",
    "everyone", "anyone", "someone", "nobody", "something", "say", "says", "said", "take",
    "takes", "come", "comes", "put", "use", "used", "like", "new", "good", "bad", "big",
    "time", "times", "year", "years", "day", "days", "week", "weeks", "table", "note",
    "notes", "here", "now", "back", "well", "better", "help", "helps", "work", "works",
];

fn is_vague(word: &str) -> bool {
    VAGUE.contains(&word.to_lowercase().as_str())
}

/// A crude shared root, enough to keep "employer" and "employers" from both appearing.
fn stem_like(w: &str) -> &str {
    let w = w.trim_end_matches('s');
    &w[..w.char_indices().nth(5).map_or(w.len(), |(i, _)| i)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, score: f32) -> ThemeTerm {
        ThemeTerm {
            text: text.into(),
            notes: 2,
            concept: false,
            score,
        }
    }

    #[test]
    fn labels_skip_overlapping_terms_and_stay_short() {
        let terms = [
            term("school run", 3.0),
            term("school", 2.5),
            term("childcare", 2.0),
            term("after school clubs", 1.5),
            term("costs", 1.0),
        ];
        assert_eq!(label(&terms, 4).unwrap(), "School run, childcare, costs");
        assert_eq!(label(&[], 4), None);
        let vague = [
            term("people", 3.0),
            term("feel", 2.9),
            term("bus fares", 1.0),
        ];
        assert_eq!(label(&vague, 4).unwrap(), "Bus fares");
        assert_eq!(label(&[term("people", 1.0)], 4), None);
    }
}
