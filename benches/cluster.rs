//! Theme suggestion speed on generated workshop notes (never the evaluation data): 1,000,
//! 10,000 and 100,000 notes, the whole pipeline including embedding, with `auto` themes.
//! Peak memory for 100,000 notes: `cargo run --release --example scale -- 100000`.

use convene::cluster::{self, Options, synthetic};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    // Load the model once, outside the timings (a running app loads it once too).
    let _ = cluster::embed::model();
    let options = Options::default();
    let mut group = c.benchmark_group("cluster");
    for (n, samples, secs) in [(1_000, 30, 5), (10_000, 10, 10), (100_000, 10, 60)] {
        let (texts, _) = synthetic::notes(n, 42);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        group.sample_size(samples);
        group.measurement_time(Duration::from_secs(secs));
        group.bench_function(format!("{n} notes, auto"), |b| {
            b.iter(|| cluster::cluster_texts(black_box(&refs), &options, &mut |_| {}))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
