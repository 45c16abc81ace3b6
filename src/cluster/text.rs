//! The text pipeline: normalise (NFKC, lower case), split into words, drop stop words, stem,
//! and match the domain lexicon; yields the terms (words, word pairs, concepts) of a note.

use super::lexicon::Lexicon;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Unicode NFKC, then lower case: "Ｌｉｖｉｎｇ Wage" → "living wage".
pub fn normalise(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// The words of already normalised text, as Unicode defines words (no punctuation).
pub fn words(normalised: &str) -> impl Iterator<Item = &str> {
    normalised.unicode_words()
}

/// English function words that say nothing about a theme.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "eg",
    "either",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "i'm",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let",
    "let's",
    "like",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "quite",
    "rather",
    "really",
    "same",
    "shall",
    "she",
    "should",
    "shouldn't",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "use",
    "used",
    "very",
    "want",
    "was",
    "wasn't",
    "way",
    "we",
    "we're",
    "well",
    "were",
    "weren't",
    "what",
    "what's",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yes",
    "yet",
    "you",
    "you're",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "’s",
    "'s",
];

/// Welsh function words (workshops in Wales write in Welsh as well as English).
#[rustfmt::skip]
const WELSH_STOP_WORDS: &[&str] = &[
    "a", "a'r", "ac", "ag", "am", "ar", "at", "beth", "ble", "bod", "bydd", "byddai", "cael",
    "dan", "dim", "does", "drwy", "dros", "dyma", "dyna", "e", "ei", "eich", "ein", "eto", "eu",
    "fe", "fi", "fod", "fy", "gan", "gyda", "gyda'r", "hefyd", "hi", "hon", "hwn", "hwnnw",
    "hyn", "hynny", "i", "i'r", "i'w", "iawn", "mae", "mae'n", "mae'r", "maen", "mewn", "na",
    "nad", "neu", "ni", "nid", "o", "o'r", "oedd", "oes", "ond", "os", "pam", "pan", "pob",
    "pwy", "rhy", "sut", "sy", "sydd", "trwy", "wedi", "wrth", "y", "yma", "yn", "yna",
    "yr", "yw", "yw'r", "ydy", "ydyn", "ôl", "’r", "'r", "'n",
];

/// True for English and Welsh function words.
pub fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().chain(WELSH_STOP_WORDS).copied().collect())
        .contains(word)
}

/// One term of a note: a word stem, a pair of neighbouring stems, or a lexicon concept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermKey {
    Word(String),
    Pair(String, String),
    Concept(u32),
}

/// A term as found in one note, with the words that spelled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub key: TermKey,
    /// The words as written (lower case), for readable labels: "school runs", "OLW" → "olw".
    pub surface: String,
}

/// The terms of one note plus the concepts it matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysed {
    pub terms: Vec<Found>,
    pub concepts: Vec<u32>,
    /// Concepts matched through an abbreviation ("OLW", "UC"): the embedding reads their names,
    /// since the language model does not know the abbreviations.
    pub expansions: Vec<u32>,
}

/// Whether a lexicon variant is an abbreviation: one word written in capitals ("OLW", "DWP").
pub fn is_abbreviation(variant: &str) -> bool {
    let letters = variant.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !variant.contains(char::is_whitespace)
        && variant.chars().all(|c| !c.is_lowercase())
}

/// Turns notes into terms: holds the stemmer and the compiled lexicon.
pub struct Analyzer {
    stemmer: Stemmer,
    /// Concept names, by concept index.
    pub concept_names: Vec<String>,
    /// Lexicon phrases by their first stem: (stems, concept, abbreviation), longest first.
    phrases: HashMap<String, Vec<(Vec<String>, u32, bool)>>,
}

impl Analyzer {
    pub fn new(lexicon: &Lexicon) -> Analyzer {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut phrases: HashMap<String, Vec<(Vec<String>, u32, bool)>> = HashMap::new();
        for (i, concept) in lexicon.concepts.iter().enumerate() {
            let spellings = std::iter::once(&concept.name).chain(&concept.variants);
            for variant in spellings {
                let norm = normalise(variant);
                let stems: Vec<String> = words(&norm).map(|w| stem(&stemmer, w)).collect();
                if let Some(first) = stems.first() {
                    let list = phrases.entry(first.clone()).or_default();
                    if !list.iter().any(|(s, _, _)| *s == stems) {
                        list.push((stems, i as u32, is_abbreviation(variant)));
                    }
                }
            }
        }
        for list in phrases.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        }
        Analyzer {
            stemmer,
            concept_names: lexicon.concepts.iter().map(|c| c.name.clone()).collect(),
            phrases,
        }
    }

    /// The stem of one normalised word.
    pub fn stem(&self, word: &str) -> String {
        stem(&self.stemmer, word)
    }

    /// The terms of `text`: lexicon concepts (longest phrase wins), then the stems of the
    /// remaining content words and the pairs of neighbouring content words.
    pub fn analyse(&self, text: &str) -> Analysed {
        let norm = normalise(text);
        let tokens: Vec<&str> = words(&norm).collect();
        let stems: Vec<String> = tokens.iter().map(|w| self.stem(w)).collect();
        let mut out = Analysed::default();
        let mut previous: Option<usize> = None; // last content word, for pairs
        let mut i = 0;
        while i < tokens.len() {
            if let Some((len, concept, abbreviation)) = self.match_phrase(&stems[i..]) {
                out.terms.push(Found {
                    key: TermKey::Concept(concept),
                    surface: self.concept_names[concept as usize].clone(),
                });
                if !out.concepts.contains(&concept) {
                    out.concepts.push(concept);
                }
                if abbreviation && !out.expansions.contains(&concept) {
                    out.expansions.push(concept);
                }
                previous = None;
                i += len;
                continue;
            }
            let word = tokens[i];
            if is_stop_word(word) || !is_content(word) {
                previous = None;
                i += 1;
                continue;
            }
            out.terms.push(Found {
                key: TermKey::Word(stems[i].clone()),
                surface: word.to_string(),
            });
            if let Some(p) = previous {
                out.terms.push(Found {
                    key: TermKey::Pair(stems[p].clone(), stems[i].clone()),
                    surface: format!("{} {}", tokens[p], word),
                });
            }
            previous = Some(i);
            i += 1;
        }
        out
    }

    fn match_phrase(&self, stems: &[String]) -> Option<(usize, u32, bool)> {
        let candidates = self.phrases.get(stems.first()?)?;
        candidates
            .iter()
            .find(|(phrase, _, _)| {
                stems.len() >= phrase.len() && stems[..phrase.len()] == phrase[..]
            })
            .map(|(phrase, concept, abbreviation)| (phrase.len(), *concept, *abbreviation))
    }
}

fn stem(stemmer: &Stemmer, word: &str) -> String {
    let word = word.trim_end_matches("'s").trim_end_matches("’s");
    stemmer.stem(word).into_owned()
}

/// A word worth a term: at least two characters and at least one letter.
fn is_content(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().any(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(a: &Analysed, names: &[String]) -> Vec<String> {
        a.terms
            .iter()
            .map(|t| match &t.key {
                TermKey::Word(w) => w.clone(),
                TermKey::Pair(a, b) => format!("{a}+{b}"),
                TermKey::Concept(c) => format!("<{}>", names[*c as usize]),
            })
            .collect()
    }

    #[test]
    fn normalises_width_and_case() {
        assert_eq!(normalise("Ｌｉｖｉｎｇ WAGE"), "living wage");
        assert_eq!(normalise("ﬁne"), "fine");
    }

    #[test]
    fn stop_words_are_recognised() {
        assert!(is_stop_word("the") && is_stop_word("wouldn't"));
        assert!(!is_stop_word("childcare") && !is_stop_word("The"));
    }

    #[test]
    fn lexicon_maps_variants_to_one_concept() {
        let a = Analyzer::new(&Lexicon::builtin());
        let names = &a.concept_names;
        let olw = a.analyse("Pay the OLW to all staff");
        let real = a.analyse("pay the Real Living Wage to staff");
        assert!(keys(&olw, names).contains(&"<living wage>".to_string()));
        assert!(keys(&real, names).contains(&"<living wage>".to_string()));
        assert_eq!(olw.concepts, real.concepts);
        let school = a.analyse("The school runs make 9am starts impossible");
        assert!(keys(&school, names).contains(&"<childcare>".to_string()));
        let levy = a.analyse("Use the levy for apprentices");
        assert_eq!(
            keys(&levy, names)
                .iter()
                .filter(|k| *k == "<apprenticeship>")
                .count(),
            2
        );
    }

    #[test]
    fn words_are_stemmed_and_paired() {
        let a = Analyzer::new(&Lexicon::default());
        let t = a.analyse("Employers offering mentoring schemes, and the jobs");
        let k = keys(&t, &a.concept_names);
        assert_eq!(
            k,
            [
                "employ",
                "offer",
                "employ+offer",
                "mentor",
                "offer+mentor",
                "scheme",
                "mentor+scheme",
                "job"
            ]
        );
        assert_eq!(t.terms[3].surface, "mentoring");
    }
}
