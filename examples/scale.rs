//! Times theme suggestions on generated notes and reports peak memory (Linux `VmHWM`).
//!
//! ```text
//! cargo run --release --example scale -- 100000 [auto|K]
//! ```

use convene::cluster::{self, Options, ThemeCount, metrics, synthetic};
use std::time::Instant;

fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let themes: ThemeCount = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(ThemeCount::Auto);
    let (texts, topics) = synthetic::notes(n, 42);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let options = Options {
        themes,
        ..Options::default()
    };
    let mut last = Instant::now();
    let start = last;
    let result = cluster::cluster_texts(&refs, &options, &mut |p| {
        let now = Instant::now();
        eprintln!("{:>8.1} ms  {p:?}", (now - last).as_secs_f64() * 1000.0);
        last = now;
    });
    let elapsed = start.elapsed();
    println!(
        "{n} notes, {} themes in {:.1} ms; ARI vs generated topics {:.3}; peak memory {:.0} MB",
        result.groups.len(),
        elapsed.as_secs_f64() * 1000.0,
        metrics::adjusted_rand_index(&result.assignment, &topics),
        peak_mb().unwrap_or(f64::NAN)
    );
}
