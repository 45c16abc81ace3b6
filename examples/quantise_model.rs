//! One-off: converts the models convene ships into their compact 8-bit files.
//!
//! ```text
//! cargo run --release --example quantise_model -- MODEL.safetensors OUT.q8
//! cargo run --release --example quantise_model -- transformer MODEL.safetensors OUT.safetensors [NOTES.csv…]
//! ```
//!
//! The first converts a model2vec static model (float32 safetensors) into a `CVQ8` file. The
//! second converts all-MiniLM-L6-v2: every matrix to `u8` (value + 128) with one `f32` scale
//! per row (`NAME.scale`; the largest absolute weight of the row / 127), vectors kept as
//! `f32`; then it embeds the `text` column of each CSV with the original and the 8-bit weights
//! and prints how close the two are (mean and lowest cosine).
//!
//! The output format ("CVQ8", all little-endian) is documented in `src/cluster/embed.rs`:
//! magic `CVQ8`, `u32` rows, `u32` dims, `f32` scale, then rows × dims `i8`, row-major;
//! a weight is `i8 as f32 * scale`. One global scale = the largest absolute weight / 127.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("transformer") {
        #[cfg(feature = "transformer")]
        return transformer::main(&args[2..]);
        #[cfg(not(feature = "transformer"))]
        panic!("build with the `transformer` feature");
    }
    if args.len() != 3 {
        eprintln!("usage: quantise_model MODEL.safetensors OUT.q8");
        std::process::exit(2);
    }
    let bytes = std::fs::read(&args[1]).expect("read the safetensors file");
    let header_len = u64::from_le_bytes(bytes[0..8].try_into().unwrap()) as usize;
    let header: serde_json::Value =
        serde_json::from_slice(&bytes[8..8 + header_len]).expect("parse the JSON header");
    let tensor = &header["embeddings"];
    assert_eq!(tensor["dtype"], "F32", "expected float32 embeddings");
    let rows = tensor["shape"][0].as_u64().unwrap() as usize;
    let dims = tensor["shape"][1].as_u64().unwrap() as usize;
    let start = 8 + header_len + tensor["data_offsets"][0].as_u64().unwrap() as usize;
    let end = 8 + header_len + tensor["data_offsets"][1].as_u64().unwrap() as usize;
    assert_eq!(end - start, rows * dims * 4);
    let weights: Vec<f32> = bytes[start..end]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = max / 127.0;
    let mut out = Vec::with_capacity(16 + weights.len());
    out.extend_from_slice(b"CVQ8");
    out.extend_from_slice(&(rows as u32).to_le_bytes());
    out.extend_from_slice(&(dims as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    let mut cos_sum = 0f64;
    for row in weights.chunks_exact(dims) {
        let q: Vec<i8> = row
            .iter()
            .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        let (mut dot, mut a, mut b) = (0f64, 0f64, 0f64);
        for (w, &qi) in row.iter().zip(&q) {
            let d = qi as f64 * scale as f64;
            dot += *w as f64 * d;
            a += (*w as f64).powi(2);
            b += d * d;
        }
        cos_sum += if a > 0.0 && b > 0.0 {
            dot / (a.sqrt() * b.sqrt())
        } else {
            1.0
        };
        out.extend(q.iter().map(|&v| v as u8));
    }
    std::fs::File::create(&args[2])
        .and_then(|mut f| f.write_all(&out))
        .expect("write the output");
    eprintln!(
        "{rows} × {dims}, scale {scale:e}, mean cosine of a row to its float32 original {:.5}, {} bytes",
        cos_sum / rows as f64,
        out.len()
    );
}

#[cfg(feature = "transformer")]
mod transformer {
    use candle_core::{DType, Device, Tensor};
    use convene::cluster::transformer::{SCALE_SUFFIX, Transformer};
    use std::collections::HashMap;

    pub fn main(args: &[String]) {
        let [input, output, csvs @ ..] = args else {
            eprintln!(
                "usage: quantise_model transformer MODEL.safetensors OUT.safetensors [NOTES.csv…]"
            );
            std::process::exit(2);
        };
        let original = std::fs::read(input).expect("read the safetensors file");
        let device = Device::Cpu;
        let tensors =
            candle_core::safetensors::load_buffer(&original, &device).expect("parse the weights");
        let mut out: HashMap<String, Tensor> = HashMap::new();
        let mut worst = 1f64;
        for (name, t) in &tensors {
            let t = t.to_dtype(DType::F32).expect("float weights");
            if t.rank() != 2 {
                out.insert(name.clone(), t);
                continue;
            }
            let rows: Vec<Vec<f32>> = t.to_vec2().expect("a matrix");
            let mut bytes = Vec::with_capacity(rows.len() * rows[0].len());
            let mut scales = Vec::with_capacity(rows.len());
            for row in &rows {
                let max = row.iter().fold(0f32, |m, w| m.max(w.abs()));
                let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
                let (mut dot, mut a, mut b) = (0f64, 0f64, 0f64);
                for w in row {
                    let q = (w / scale).round().clamp(-127.0, 127.0);
                    bytes.push((q as i32 + 128) as u8);
                    let d = (q * scale) as f64;
                    dot += *w as f64 * d;
                    a += (*w as f64).powi(2);
                    b += d * d;
                }
                if a > 0.0 {
                    worst = worst.min(dot / (a.sqrt() * b.sqrt()));
                }
                scales.push(scale);
            }
            let (r, c) = (rows.len(), rows[0].len());
            out.insert(
                name.clone(),
                Tensor::from_vec(bytes, (r, c), &device).expect("u8 matrix"),
            );
            out.insert(
                format!("{name}{SCALE_SUFFIX}"),
                Tensor::from_vec(scales, r, &device).expect("scales"),
            );
        }
        candle_core::safetensors::save(&out, output).expect("write the 8-bit weights");
        let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "{} tensors, {size} bytes (from {}); lowest cosine of a row to its original {worst:.5}",
            out.len(),
            original.len()
        );
        let float = Transformer::from_float(&original).expect("load the original");
        let small = Transformer::from_quantised(&std::fs::read(output).expect("read back"))
            .expect("load the 8-bit weights");
        for path in csvs {
            let mut reader = csv::Reader::from_path(path).expect("read the CSV");
            let column = reader
                .headers()
                .expect("a header row")
                .iter()
                .position(|h| h == "text")
                .expect("a `text` column");
            let (mut sum, mut low, mut n) = (0f64, 1f64, 0usize);
            for record in reader.records() {
                let text = record.expect("a CSV row")[column].to_string();
                let (a, b) = (float.embed(&text), small.embed(&text));
                let c: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
                sum += c as f64;
                low = low.min(c as f64);
                n += 1;
            }
            eprintln!(
                "{path}: {n} texts, cosine of 8-bit to original: mean {:.5}, lowest {low:.5}",
                sum / n.max(1) as f64
            );
        }
    }
}
