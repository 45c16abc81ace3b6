//! The terms most distinctive of each theme (class-based TF-IDF, preferring lexicon concepts and
//! word pairs), shown in their most common spelling: what a theme's explanation cites.

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
