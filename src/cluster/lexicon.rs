//! The domain lexicon: synonyms and abbreviations of the field mapped to one concept each
//! (living wage / LW / OLW / real living wage), read from `assets/lexicon.ron` and user files.

use serde::{Deserialize, Serialize};

static BUILTIN: &str = include_str!("../../assets/lexicon.ron");

/// A list of concepts, each with the words and phrases that stand for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub concepts: Vec<Concept>,
}

/// One idea of the field and its surface forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Shown in theme labels and explanations.
    pub name: String,
    /// Words or phrases matched on word stems, case-insensitively.
    pub variants: Vec<String>,
}

/// A lexicon file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct LexiconError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Lexicon {
    /// The lexicon shipped with convene.
    pub fn builtin() -> Lexicon {
        Lexicon::parse(BUILTIN, "assets/lexicon.ron").expect("the built-in lexicon parses")
    }

    /// Parses a lexicon file's bytes, which must be UTF-8; `origin` names it in errors.
    pub fn parse_bytes(bytes: &[u8], origin: &str) -> Result<Lexicon, LexiconError> {
        let text = crate::utf8::decode(bytes).map_err(|e| LexiconError {
            origin: origin.to_string(),
            line: e.line,
            column: e.column,
            message: format!("the file is not valid UTF-8 (byte {})", e.offset),
        })?;
        Lexicon::parse(text, origin)
    }

    /// Parses a lexicon in RON; `origin` names it in error messages.
    pub fn parse(text: &str, origin: &str) -> Result<Lexicon, LexiconError> {
        ron::from_str(text).map_err(|e| LexiconError {
            origin: origin.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
    }

    /// Adds the concepts of `other`; a concept with an existing name gains the new variants.
    pub fn extend(&mut self, other: Lexicon) {
        for concept in other.concepts {
            match self
                .concepts
                .iter_mut()
                .find(|c| c.name.eq_ignore_ascii_case(&concept.name))
            {
                Some(existing) => {
                    for v in concept.variants {
                        if !existing.variants.contains(&v) {
                            existing.variants.push(v);
                        }
                    }
                }
                None => self.concepts.push(concept),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_the_field_s_words() {
        let lex = Lexicon::builtin();
        let lw = lex
            .concepts
            .iter()
            .find(|c| c.name == "living wage")
            .unwrap();
        assert!(lw.variants.iter().any(|v| v == "OLW"));
        assert!(lex.concepts.len() > 20);
    }

    #[test]
    fn extending_merges_by_name() {
        let mut lex = Lexicon::builtin();
        let before = lex.concepts.len();
        let extra = Lexicon::parse(
            r#"(concepts: [(name: "Living Wage", variants: ["lwage"]), (name: "bikes", variants: ["cycle to work"])])"#,
            "test",
        )
        .unwrap();
        lex.extend(extra);
        assert_eq!(lex.concepts.len(), before + 1);
        let lw = lex
            .concepts
            .iter()
            .find(|c| c.name == "living wage")
            .unwrap();
        assert!(lw.variants.iter().any(|v| v == "lwage"));
    }

    #[test]
    fn errors_say_where() {
        let e = Lexicon::parse("(concepts: [(name: 3)])", "mine.ron").unwrap_err();
        assert_eq!(e.origin, "mine.ron");
        assert_eq!(e.line, 1);
        assert!(e.to_string().starts_with("mine.ron:1:"));
    }

    #[test]
    fn invalid_utf8_is_located_like_in_a_session_file() {
        let e = Lexicon::parse_bytes(b"(concepts: [\n  (name: \"\xE9\"", "mine.ron").unwrap_err();
        assert_eq!(
            e.to_string(),
            "mine.ron:2:11: the file is not valid UTF-8 (byte 23)"
        );
    }
}
