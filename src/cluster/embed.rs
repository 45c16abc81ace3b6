//! The semantic signal: potion-base-8M static embeddings (int8, compiled in), with its BERT
//! lower-case WordPiece tokeniser, mean pooling and L2 normalisation.
//!
//! The model file format is documented in `assets/models/potion-base-8M/README.md`:
//! magic `CVQ8`, `u32` rows, `u32` dims, `f32` scale, then rows × dims `i8`.

use super::wordpiece::WordPiece;
use std::sync::OnceLock;

static MODEL_BYTES: &[u8] = include_bytes!("../../assets/models/potion-base-8M/embeddings.q8");
static VOCAB: &str = include_str!("../../assets/models/potion-base-8M/vocab.txt");

/// A static embedding model: one vector per word piece.
pub struct Model {
    dims: usize,
    scale: f32,
    /// Rows × dims bytes, each an `i8` weight.
    weights: &'static [u8],
    vocab: WordPiece,
}

/// The compiled-in model, parsed once on first use.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(MODEL_BYTES, VOCAB).expect("the compiled-in model is valid"))
}

impl Model {
    /// Reads a `CVQ8` weight file and its `vocab.txt`.
    pub fn parse(bytes: &'static [u8], vocab: &'static str) -> Result<Model, String> {
        if bytes.len() < 16 || &bytes[0..4] != b"CVQ8" {
            return Err("not a CVQ8 model file".into());
        }
        let word = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
        let rows = word(4) as usize;
        let dims = word(8) as usize;
        let scale = f32::from_bits(word(12));
        let body = &bytes[16..];
        if body.len() != rows * dims {
            return Err(format!(
                "model file holds {} weights, expected {rows} × {dims}",
                body.len()
            ));
        }
        let weights = body;
        let vocab = WordPiece::new(vocab);
        if vocab.len() != rows {
            return Err(format!(
                "vocabulary has {} entries, the weights {rows} rows",
                vocab.len()
            ));
        }
        Ok(Model {
            dims,
            scale,
            weights,
            vocab,
        })
    }

    /// Number of dimensions of an embedding.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Word-piece ids of `text` (BERT basic tokenisation, then greedy longest-match WordPiece).
    /// Unknown words are left out, as model2vec does.
    pub fn tokenize(&self, text: &str, out: &mut Vec<u32>) {
        self.vocab.tokenize(text, out);
    }

    /// Adds the vector of word piece `id` to `acc`.
    fn add_row(&self, id: u32, acc: &mut [f32]) {
        let row = &self.weights[id as usize * self.dims..(id as usize + 1) * self.dims];
        for (a, &w) in acc.iter_mut().zip(row) {
            *a += (w as i8) as f32;
        }
    }

    /// The embedding of `text`: mean of its word-piece vectors, L2-normalised, written into
    /// `out` (length [`Model::dims`]). All zeros when no word piece is known.
    pub fn embed_into(&self, text: &str, ids: &mut Vec<u32>, out: &mut [f32]) {
        ids.clear();
        self.tokenize(text, ids);
        out.fill(0.0);
        for &id in ids.iter() {
            self.add_row(id, out);
        }
        // Mean pooling then L2: the mean's factor and the global scale cancel out.
        let _ = self.scale;
        normalise(out);
    }

    /// Number of word pieces in the vocabulary.
    pub fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    /// Weighted mean of the vectors of word pieces `ids`, L2-normalised, into `out`.
    pub fn pool(&self, ids: &[u32], weight: impl Fn(u32) -> f32, out: &mut [f32]) {
        out.fill(0.0);
        let row_len = self.dims;
        for &id in ids {
            let w = weight(id);
            let row = &self.weights[id as usize * row_len..(id as usize + 1) * row_len];
            for (a, &x) in out.iter_mut().zip(row) {
                *a += w * (x as i8) as f32;
            }
        }
        normalise(out);
    }

    /// The embedding of `text` as a new vector.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut out = vec![0.0; self.dims];
        self.embed_into(text, &mut Vec::new(), &mut out);
        out
    }
}

/// Scales `v` to unit length (leaves a zero vector alone). Returns the old length.
pub fn normalise(v: &mut [f32]) -> f32 {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
    norm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        let m = model();
        let mut ids = Vec::new();
        m.tokenize(text, &mut ids);
        let words: Vec<&str> = VOCAB.lines().collect();
        ids.iter().map(|&i| words[i as usize].to_string()).collect()
    }

    #[test]
    fn tokenises_like_bert_lower_case() {
        assert_eq!(
            pieces("Childcare, please!"),
            ["child", "##care", ",", "please", "!"]
        );
        assert_eq!(pieces("CAFÉ"), ["cafe"]);
        assert_eq!(pieces(""), Vec::<String>::new());
    }

    #[test]
    fn a_long_note_is_tokenised_in_linear_time() {
        // Each of these words is split into pieces ("child", "##care"), which once made every
        // word go over all the pieces before it: a note of many words never finished.
        let words = 50_000;
        let text = "Childcare ".repeat(words);
        let started = std::time::Instant::now();
        let mut ids = Vec::new();
        model().tokenize(&text, &mut ids);
        assert_eq!(ids.len(), 2 * words);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn embeddings_are_unit_length_and_meaningful() {
        let m = model();
        assert_eq!(m.dims(), 256);
        let a = m.embed("help with childcare costs");
        let b = m.embed("paying for nursery places for children");
        let c = m.embed("football match results");
        let cos = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f32>();
        assert!((cos(&a, &a) - 1.0).abs() < 1e-4);
        assert!(
            cos(&a, &b) > cos(&a, &c),
            "childcare is nearer nursery than football"
        );
        assert!(m.embed("###").iter().all(|x| x.is_finite()));
    }
}
