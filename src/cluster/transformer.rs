//! all-MiniLM-L6-v2, the sentence transformer behind suggested themes: its weights compiled in
//! as 8-bit integers, turned back into floats once at load, run on candle's CPU backend.
//!
//! The weight file and what was changed from the original are described in
//! `assets/models/all-MiniLM-L6-v2/README.md`.

use super::embed::normalise;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, HiddenAct, PositionEmbeddingType};
use std::collections::HashMap;
use std::sync::OnceLock;

static WEIGHTS: &[u8] = include_bytes!("../../assets/models/all-MiniLM-L6-v2/model.q8.safetensors");
static TOKENIZER: &[u8] = include_bytes!("../../assets/models/all-MiniLM-L6-v2/tokenizer.json");

/// Dimensions of a sentence vector.
pub const DIMS: usize = 384;
/// Longest input in word pieces, `[CLS]` and `[SEP]` included (the model's `max_seq_length`):
/// the rest of a longer note is not read.
pub const MAX_TOKENS: usize = 256;

/// Suffix of the tensor holding the per-row scales of an 8-bit matrix.
pub const SCALE_SUFFIX: &str = ".scale";

/// The transformer and its tokeniser.
pub struct Transformer {
    bert: BertModel,
    tokenizer: tokenizers::Tokenizer,
    cls: u32,
    sep: u32,
    device: Device,
}

/// The compiled-in model, loaded on first use (about a tenth of a second).
pub fn model() -> &'static Transformer {
    static MODEL: OnceLock<Transformer> = OnceLock::new();
    MODEL.get_or_init(|| {
        Transformer::from_quantised(WEIGHTS).expect("the compiled-in transformer is valid")
    })
}

/// all-MiniLM-L6-v2's architecture (its `config.json`).
fn config() -> Config {
    Config {
        vocab_size: 30522,
        hidden_size: DIMS,
        num_hidden_layers: 6,
        num_attention_heads: 12,
        intermediate_size: 1536,
        hidden_act: HiddenAct::Gelu,
        hidden_dropout_prob: 0.1,
        max_position_embeddings: 512,
        type_vocab_size: 2,
        initializer_range: 0.02,
        layer_norm_eps: 1e-12,
        pad_token_id: 0,
        position_embedding_type: PositionEmbeddingType::Absolute,
        use_cache: true,
        classifier_dropout: None,
        model_type: Some("bert".into()),
    }
}

fn failed(e: candle_core::Error) -> String {
    format!("transformer weights: {e}")
}

impl Transformer {
    /// Loads 8-bit weights: each matrix stored as `u8` (value + 128) with a `f32` scale per
    /// row in `NAME.scale`; vectors (biases, layer norms) as `f32`.
    pub fn from_quantised(bytes: &[u8]) -> Result<Transformer, String> {
        let device = Device::Cpu;
        let stored = candle_core::safetensors::load_buffer(bytes, &device).map_err(failed)?;
        let mut tensors = HashMap::with_capacity(stored.len());
        for (name, t) in &stored {
            if name.ends_with(SCALE_SUFFIX) {
                continue;
            }
            let t = if t.dtype() == DType::U8 {
                let scale = stored
                    .get(&format!("{name}{SCALE_SUFFIX}"))
                    .ok_or_else(|| format!("transformer weights: no scales for {name}"))?;
                let values = (t.to_dtype(DType::F32).map_err(failed)? - 128.0).map_err(failed)?;
                values
                    .broadcast_mul(&scale.unsqueeze(1).map_err(failed)?)
                    .map_err(failed)?
            } else {
                t.to_dtype(DType::F32).map_err(failed)?
            };
            tensors.insert(name.clone(), t);
        }
        Transformer::from_tensors(tensors, device)
    }

    /// Loads the original float weights (`model.safetensors`), to measure what 8 bits lose.
    pub fn from_float(bytes: &[u8]) -> Result<Transformer, String> {
        let device = Device::Cpu;
        let tensors = candle_core::safetensors::load_buffer(bytes, &device).map_err(failed)?;
        Transformer::from_tensors(tensors, device)
    }

    fn from_tensors(
        tensors: HashMap<String, Tensor>,
        device: Device,
    ) -> Result<Transformer, String> {
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let bert = BertModel::load(vb, &config()).map_err(failed)?;
        let mut tokenizer = tokenizers::Tokenizer::from_bytes(TOKENIZER)
            .map_err(|e| format!("transformer tokeniser: {e}"))?;
        // Whole notes, unpadded; cut to the model's length in `token_ids`.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| format!("transformer tokeniser: {e}"))?;
        let (Some(cls), Some(sep)) = (
            tokenizer.token_to_id("[CLS]"),
            tokenizer.token_to_id("[SEP]"),
        ) else {
            return Err("transformer tokeniser has no [CLS] or [SEP]".into());
        };
        Ok(Transformer {
            bert,
            tokenizer,
            cls,
            sep,
            device,
        })
    }

    /// Word-piece ids the model reads for `text` (the model's own BERT tokeniser): `[CLS]`, at
    /// most [`MAX_TOKENS`] − 2 pieces, `[SEP]`.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        let mut ids = match self.tokenizer.encode(text, true) {
            Ok(encoding) => encoding.get_ids().to_vec(),
            // The BERT tokeniser takes any text; should it not, the note counts as empty.
            Err(_) => vec![self.cls, self.sep],
        };
        if ids.len() > MAX_TOKENS {
            ids.truncate(MAX_TOKENS - 1);
            ids.push(self.sep);
        }
        ids
    }

    /// The sentence vector of `text` (mean of the last layer over its word pieces, unit
    /// length), [`DIMS`] long. The same text always gives the same vector.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.try_embed(text)
            .expect("the transformer runs on any input of valid ids")
    }

    fn try_embed(&self, text: &str) -> Result<Vec<f32>, candle_core::Error> {
        let ids = self.token_ids(text);
        let input = Tensor::new(ids.as_slice(), &self.device)?.unsqueeze(0)?;
        let types = input.zeros_like()?;
        let out = self.bert.forward(&input, &types, None)?;
        let mut v: Vec<f32> = out.mean(1)?.squeeze(0)?.to_vec1()?;
        normalise(&mut v);
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cos(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn notes_about_one_thing_are_closer_than_notes_about_another() {
        let m = model();
        let a = m.embed("The last bus leaves before the late shift ends");
        let b = m.embed("No transport home after evening work");
        let c = m.embed("Managers need training on trauma-informed interviews");
        assert_eq!(a.len(), DIMS);
        assert!((cos(&a, &a) - 1.0).abs() < 1e-4);
        assert!(
            cos(&a, &b) > cos(&a, &c) + 0.1,
            "{} {}",
            cos(&a, &b),
            cos(&a, &c)
        );
        // Deterministic, and any text runs (empty, symbols only, very long).
        assert_eq!(a, m.embed("The last bus leaves before the late shift ends"));
        for text in ["", "###", &"word ".repeat(2000)] {
            assert!(m.embed(text).iter().all(|x| x.is_finite()));
        }
        assert_eq!(m.token_ids(&"word ".repeat(2000)).len(), MAX_TOKENS);
    }
}
