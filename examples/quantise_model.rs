//! One-off: converts a model2vec static model (float32 safetensors) into convene's int8 file.
//!
//! ```text
//! cargo run --release --example quantise_model -- MODEL.safetensors OUT.q8
//! ```
//!
//! The output format ("CVQ8", all little-endian) is documented in `src/cluster/embed.rs`:
//! magic `CVQ8`, `u32` rows, `u32` dims, `f32` scale, then rows × dims `i8`, row-major;
//! a weight is `i8 as f32 * scale`. One global scale = the largest absolute weight / 127.

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
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
