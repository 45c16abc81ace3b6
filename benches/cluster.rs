//! Theme suggestion speed on generated workshop notes (never the evaluation data).
//!
//! - `embed one note`: the transformer on one note, one thread (the cache left out);
//!   the bench also prints p50 / p95 over 300 distinct notes.
//! - `wall of 500, vectors ready`: suggestions for a 500-note session whose vectors the
//!   background thread has already read (what `g` costs after a round).
//! - `import 500 cold`: printed once: reading 500 new notes' meaning, then the themes.
//! - `corpus`: 10,000 and 100,000 notes, the static path (k-means), with `auto` themes.
//!
//! Peak memory for 100,000 notes: `cargo run --release --example scale -- 100000`.

use convene::cluster::{self, Options, meaning, synthetic};
use convene::framework::Framework;
use convene::model::{Change, NoteKind, Session, TableId};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A session of `n` generated notes spread over the framework's principles.
fn session(n: usize, seed: u64) -> Session {
    let mut s = Session::new(
        "Bench",
        jiff::civil::date(2026, 11, 26),
        Framework::default_framework(),
        "2026-11-26T09:00:00Z".parse().unwrap(),
    );
    let t = s.next_table(None, Vec::new());
    s.apply(Change::AddTable(t)).unwrap();
    let steps: Vec<String> = s
        .framework
        .steps
        .iter()
        .filter(|st| st.kind == convene::framework::StepKind::Principle)
        .map(|st| st.id.clone())
        .collect();
    let (texts, _) = synthetic::notes(n, seed);
    for (i, text) in texts.into_iter().enumerate() {
        let note = s.next_note(
            TableId(1),
            &steps[i % steps.len()],
            NoteKind::Idea,
            text,
            s.created,
        );
        s.apply(Change::AddNote(note)).unwrap();
    }
    s
}

fn inputs(s: &Session) -> Vec<String> {
    let texts: Vec<&str> = s.notes.iter().map(|n| n.text.as_str()).collect();
    cluster::features::model_inputs(&texts, &cluster::Lexicon::builtin())
}

#[cfg(feature = "transformer")]
fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[cfg(feature = "transformer")]
fn embed_one(c: &mut Criterion) {
    let model = cluster::transformer::model();
    let (texts, _) = synthetic::notes(300, 7);
    let mut times: Vec<f64> = texts
        .iter()
        .map(|t| {
            let start = Instant::now();
            black_box(model.embed(t));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "embed one note, 300 distinct notes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0)
    );
    let mut i = 0;
    c.bench_function("embed one note", |b| {
        b.iter(|| {
            i = (i + 1) % texts.len();
            model.embed(black_box(&texts[i]))
        })
    });
}

#[cfg(not(feature = "transformer"))]
fn embed_one(_: &mut Criterion) {}

fn wall(c: &mut Criterion) {
    let options = Options::default();
    // Cold: 500 notes nobody has read yet, as after an import.
    let cold = session(500, 1001);
    let start = Instant::now();
    let _ = meaning::vectors(&inputs(&cold), &mut |_| {}, &|| false);
    let read = start.elapsed();
    let themes = cluster::suggest(&cold, &options, &mut |_| {});
    println!(
        "import 500 cold: meaning read in {:.2} s, {} themes after {:.2} s in all",
        read.as_secs_f64(),
        themes.themes.len(),
        start.elapsed().as_secs_f64()
    );
    // Ready: the same session again, every vector in the cache.
    let mut group = c.benchmark_group("wall");
    group.sample_size(20);
    group.bench_function("500 notes, vectors ready, auto", |b| {
        b.iter(|| cluster::suggest(black_box(&cold), &options, &mut |_| {}))
    });
    let each = Options {
        each_step: true,
        ..Options::default()
    };
    group.bench_function("500 notes, vectors ready, each step", |b| {
        b.iter(|| cluster::suggest(black_box(&cold), &each, &mut |_| {}))
    });
    group.finish();
}

fn corpus(c: &mut Criterion) {
    // Load the static model once, outside the timings (a running app loads it once too).
    let _ = cluster::embed::model();
    let options = Options::default();
    let mut group = c.benchmark_group("corpus");
    for (n, samples, secs) in [(10_000, 10, 10), (100_000, 10, 60)] {
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

criterion_group!(benches, embed_one, wall, corpus);
criterion_main!(benches);
