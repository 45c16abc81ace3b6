//! Measures theme quality against human labels: ARI, NMI and the largest theme's share, with k
//! set to the true number of labels and with `auto`.
//!
//! ```text
//! cargo run --release --example evaluate [-- DATA_DIR]
//! ```
//!
//! Reads `bbc_headlines.csv` (`text`, `label`), `dev_notes.csv` (`text`, `theme`) and
//! `workshop_wall.csv` (`text`, `theme`, `theme_name`: the heading a person wrote) from DATA_DIR
//! (default `../shared/data`); skips quietly when they are absent. The data are for evaluation
//! only and are never copied into this repository. For the wall it also prints, for the largest
//! human themes, the name of the suggested theme holding most of their notes.
//!
//! Knobs (environment): `FAST=1` uses the static model for walls too (as `--fast`);
//! `SEEDS=n` also reports the mean over n other k-means seeds; `RESTARTS`, `TFIDF_WEIGHT`,
//! `SMOOTH`, `CENTRE=1`, `IDF=1` override the defaults (of the mix in use), `MAX_SHARE` the
//! largest share a theme may take; `SHOW=1` prints
//! each theme.

use convene::cluster::{self, Options, ThemeCount, metrics};
use std::path::{Path, PathBuf};
use std::time::Instant;

type Rows = (Vec<String>, Vec<String>, Vec<String>);

/// Texts, labels and (when the file has the column) the heading of each row's theme.
fn read(path: &Path, label_column: &str) -> Option<Rows> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let headers = reader.headers().ok()?.clone();
    let t = headers.iter().position(|h| h == "text")?;
    let l = headers.iter().position(|h| h == label_column)?;
    let h = headers.iter().position(|h| h == "theme_name");
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    let mut headings = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        texts.push(record[t].to_string());
        labels.push(record[l].to_string());
        headings.push(h.map(|h| record[h].to_string()).unwrap_or_default());
    }
    Some((texts, labels, headings))
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
        (dir.join("workshop_wall.csv"), "theme"),
        // Hand-made workshop-like notes shipped with the tests (written for this project).
        (PathBuf::from("tests/fixtures/workshop_notes.csv"), "theme"),
    ];
    for (path, label_column) in sets {
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("?");
        let Some((texts, labels, headings)) = read(&path, label_column) else {
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
                fast: std::env::var("FAST").is_ok_and(|s| s == "1"),
                ..Options::default()
            };
            let wall = options.mix_for(texts.len()).uses_transformer();
            let mix = if wall {
                &mut options.wall_mix
            } else {
                &mut options.mix
            };
            if let Some(w) = mix_weight {
                mix.tfidf_weight = w;
            }
            mix.centre |= centre;
            mix.idf_pooling |= idf;
            if let Some(p) = std::env::var("PROPAGATE").ok().and_then(|s| s.parse().ok()) {
                mix.propagate = p;
            }
            if let Some(m) = smooth {
                mix.smooth = m;
            }
            if let Some(r) = restarts {
                options.plan.restarts = r;
            }
            if let Some(m) = std::env::var("MAX_SHARE").ok().and_then(|s| s.parse().ok()) {
                options.max_wall_share = m;
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
            if themes == ThemeCount::Auto && headings.iter().any(|h| !h.is_empty()) {
                compare_names(&result, &labels, &headings);
            }
        }
    }
    if !any {
        eprintln!("no evaluation data found; nothing measured");
    }
}

/// For the ten largest human themes: the person's heading, and the name of the suggested theme
/// that holds most of its notes (with how many of them).
fn compare_names(result: &cluster::Clustering, labels: &[String], headings: &[String]) {
    let mut by_label: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, l) in labels.iter().enumerate() {
        by_label.entry(l.as_str()).or_default().push(i);
    }
    let mut themes: Vec<(&str, Vec<usize>)> = by_label.into_iter().collect();
    themes.sort_by_key(|(l, notes)| (std::cmp::Reverse(notes.len()), *l));
    println!("   person's heading (notes) → suggested name holding most of them (of its notes)");
    for (_, notes) in themes.iter().take(10) {
        let mut count: std::collections::BTreeMap<usize, usize> = Default::default();
        for &i in notes {
            *count.entry(result.assignment[i]).or_default() += 1;
        }
        let (g, n) = count
            .into_iter()
            .max_by_key(|&(g, n)| (n, std::cmp::Reverse(g)))
            .unwrap_or((0, 0));
        let group = &result.groups[g];
        println!(
            "   {:<42} ({:>2}) → {} ({n} of {})",
            headings[notes[0]],
            notes.len(),
            group.label,
            group.members.len()
        );
    }
}
