//! BERT's lower-case WordPiece tokeniser (basic tokenisation, then greedy longest match), as the
//! static model reads notes.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest word WordPiece will split; longer ones are unknown (as in BERT).
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary: `vocab.txt`, one piece a line, the line number its id. Words it
/// cannot spell are left out, as model2vec does.
pub struct WordPiece {
    vocab: HashMap<&'static str, u32>,
    unk: Option<u32>,
}

impl WordPiece {
    pub fn new(vocab: &'static str) -> WordPiece {
        let vocab: HashMap<&'static str, u32> = vocab
            .lines()
            .enumerate()
            .map(|(i, w)| (w, i as u32))
            .collect();
        let unk = vocab.get("[UNK]").copied();
        WordPiece { vocab, unk }
    }

    /// Number of pieces in the vocabulary.
    pub fn len(&self) -> usize {
        self.vocab.len()
    }

    /// True for an empty vocabulary.
    pub fn is_empty(&self) -> bool {
        self.vocab.is_empty()
    }

    /// Word-piece ids of `text` appended to `out`: control characters dropped, accents stripped,
    /// lower case, split at white space, punctuation and CJK characters, then WordPiece.
    pub fn tokenize(&self, text: &str, out: &mut Vec<u32>) {
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut Vec<u32>| {
            if !word.is_empty() {
                self.wordpiece(word, out);
                word.clear();
            }
        };
        for c in text.nfd() {
            if is_combining_mark(c)
                || c == '\u{0}'
                || c == '\u{fffd}'
                || c.is_control() && !c.is_whitespace()
            {
                continue;
            }
            if c.is_whitespace() {
                flush(&mut word, out);
            } else if is_punctuation(c) || is_cjk(c) {
                flush(&mut word, out);
                let mut buf = [0u8; 4];
                self.wordpiece(c.encode_utf8(&mut buf), out);
            } else {
                word.extend(c.to_lowercase());
            }
        }
        flush(&mut word, out);
    }

    fn wordpiece(&self, word: &str, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            return;
        }
        if let Some(&id) = self.vocab.get(word) {
            out.push(id);
            return;
        }
        let start_len = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.vocab.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end = prev_boundary(word, end, start);
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    // The whole word is unknown: drop its pieces, as BERT maps it to [UNK].
                    out.truncate(start_len);
                    return;
                }
            }
        }
        // Only this word's pieces: the ones before it were already checked, and going over
        // them again for every word made a long note cost the square of its length.
        if let Some(unk) = self.unk {
            let mut kept = start_len;
            for i in start_len..out.len() {
                if out[i] != unk {
                    out[kept] = out[i];
                    kept += 1;
                }
            }
            out.truncate(kept);
        }
    }
}

fn prev_boundary(word: &str, end: usize, start: usize) -> usize {
    let mut e = end - 1;
    while e > start && !word.is_char_boundary(e) {
        e -= 1;
    }
    e
}

/// BERT's notion of punctuation: ASCII symbols plus Unicode punctuation.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3000}'..='\u{303F}'
        | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FE30}'..='\u{FE4F}')
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: &str = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nchild\n##care\n,\nplease\n!\ncafe\n";

    fn pieces(text: &str) -> Vec<String> {
        let wp = WordPiece::new(VOCAB);
        let mut ids = Vec::new();
        wp.tokenize(text, &mut ids);
        let words: Vec<&str> = VOCAB.lines().collect();
        ids.iter().map(|&i| words[i as usize].to_string()).collect()
    }

    #[test]
    fn words_are_split_into_known_pieces_and_unknown_ones_dropped() {
        assert_eq!(
            pieces("Childcare, please! Zebra"),
            ["child", "##care", ",", "please", "!"]
        );
        assert_eq!(pieces("CAFÉ childx"), ["cafe"]);
        assert_eq!(pieces(""), Vec::<String>::new());
    }
}
