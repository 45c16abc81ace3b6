//! Measures theme quality against human labels: ARI, NMI and the largest theme's share, with k
//! set to the true number of labels and with `auto`.
//!
//! ```text
//! cargo run --release --example evaluate [-- DATA_DIR]
//! ```
//!
//! Reads `bbc_headlines.csv` (`text`, `label`) and `dev_notes.csv` (`text`, `theme`) from
//! DATA_DIR (default `../shared/data`); skips quietly when they are absent. The data are for
//! evaluation only and are never copied into this repository.
//!
//! Knobs (environment): `SEEDS=n` also reports the mean over n other k-means seeds;
//! `RESTARTS`, `TFIDF_WEIGHT`, `SMOOTH`, `CENTRE=1`, `IDF=1` override the defaults; `SHOW=1`
//! prints each theme.

use convene::cluster::{self, Options, ThemeCount, metrics};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn read(path: &Path, label_column: &str) -> Option<(Vec<String>, Vec<String>)> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let headers = reader.headers().ok()?.clone();
    let t = headers.iter().position(|h| h == "text")?;
    let l = headers.iter().position(|h| h == label_column)?;
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        texts.push(record[t].to_string());
        labels.push(record[l].to_string());
    }
    Some((texts, labels))
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let mix_weight: Option<f32> = std::env::var("TFIDF_WEIGHT")
        .ok()
        .and_then(|s| s.parse().ok());
    let centre = std::env::var("CENTRE").is_ok_and(|s| s == "1");
    let idf = std::env::var("IDF").is_ok_and(|s| s == "1");
    let smooth: Option<usize> = std::env::var("SMOOTH").ok().and_then(|s| s.parse().ok());
    let restarts: Option<usize> = std::env::var("RESTARTS").ok().and_then(|s| s.parse().ok());
    // SEEDS=n: also run with n other k-means seeds and report the mean (k-means finds local
    // optima; on small sets one seed's luck moves ARI by more than most changes do).
    let seeds: usize = std::env::var("SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut any = false;
    let sets = [
        (dir.join("bbc_headlines.csv"), "label"),
        (dir.join("dev_notes.csv"), "theme"),
        // Hand-made workshop-like notes shipped with the tests (written for this project).
        (PathBuf::from("tests/fixtures/workshop_notes.csv"), "theme"),
    ];
    for (path, label_column) in sets {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("?");
        let Some((texts, labels)) = read(&path, label_column) else {
            eprintln!("{}: not found, skipped", path.display());
            continue;
        };
        any = true;
        let mut distinct = labels.clone();
        distinct.sort();
        distinct.dedup();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for themes in [ThemeCount::Fixed(distinct.len()), ThemeCount::Auto] {
            let mut options = Options {
                themes,
                ..Options::default()
            };
            if let Some(w) = mix_weight {
                options.mix.tfidf_weight = w;
            }
            options.mix.centre = centre;
            options.mix.idf_pooling = idf;
            if let Some(r) = restarts {
                options.plan.restarts = r;
            }
            if let Some(p) = std::env::var("PROPAGATE").ok().and_then(|s| s.parse().ok()) {
                options.mix.propagate = p;
            }
            if let Some(m) = smooth {
                options.mix.smooth = m;
            }
            let start = Instant::now();
            let result = cluster::cluster_texts(&refs, &options, &mut |_| {});
            let elapsed = start.elapsed();
            let ari = metrics::adjusted_rand_index(&result.assignment, &labels);
            let nmi = metrics::normalized_mutual_info(&result.assignment, &labels);
            let largest = result
                .groups
                .iter()
                .map(|g| g.members.len())
                .max()
                .unwrap_or(0);
            println!(
                "{file:<18} {:>5} notes  k={:<6} → {:>2} themes  ARI {ari:.3}  NMI {nmi:.3}  largest {:.0} %  ({} ms)",
                texts.len(),
                match themes {
                    ThemeCount::Fixed(k) => k.to_string(),
                    ThemeCount::Auto => "auto".into(),
                },
                result.groups.len(),
                100.0 * largest as f64 / texts.len() as f64,
                elapsed.as_millis()
            );
            if seeds > 0 {
                let runs: Vec<(f64, f64, usize)> = (1..=seeds as u64)
                    .map(|s| {
                        let mut o = options.clone();
                        o.plan.seed = o.plan.seed.wrapping_add(s.wrapping_mul(0x9E37_79B9));
                        let r = cluster::cluster_texts(&refs, &o, &mut |_| {});
                        (
                            metrics::adjusted_rand_index(&r.assignment, &labels),
                            metrics::normalized_mutual_info(&r.assignment, &labels),
                            r.groups.len(),
                        )
                    })
                    .collect();
                let mean = |f: &dyn Fn(&(f64, f64, usize)) -> f64| {
                    runs.iter().map(f).sum::<f64>() / runs.len() as f64
                };
                println!(
                    "{:>47} over {seeds} other seeds: {:.1} themes  ARI {:.3} (min {:.3}, max {:.3})  NMI {:.3}",
                    "",
                    mean(&|r| r.2 as f64),
                    mean(&|r| r.0),
                    runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min),
                    runs.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max),
                    mean(&|r| r.1),
                );
            }
            if std::env::var("SHOW").is_ok() {
                for g in &result.groups {
                    println!(
                        "   {:>4}  {}  — {}",
                        g.members.len(),
                        g.label,
                        texts[g.representative]
                    );
                }
                if let Some(c) = &result.choice {
                    println!("   tried: {:?}", c.tried);
                }
            }
        }
    }
    if !any {
        eprintln!("no evaluation data found; nothing measured");
    }
}
