//! Themes shaped like a wall: agglomerative clustering (average linkage, via `kodama`) on the
//! exact cosine similarities of the notes' joint vectors, and the number of themes read from
//! the tree at the knee of within-theme tightness.

use super::features::Features;
use super::kmeans::{Choice, Fit, knee};

/// Called at each number of clusters while the tree is replayed: (clusters, the size of each
/// cluster — 0 once merged, the sum of similarities within each).
type Visit<'a> = dyn FnMut(usize, &[usize], &[f64]) + 'a;

/// The merge tree of some notes.
pub struct Tree {
    /// Number of notes (leaves).
    n: usize,
    /// Merges in order: (cluster a, cluster b, mean similarity between them). Clusters are
    /// numbered as `kodama` does: leaves `0..n`, then `n + s` for the one made by merge `s`.
    merges: Vec<(usize, usize, f64)>,
}

/// Builds the tree of the notes `idx` of `f`. `None` when `stop` says so (checked between
/// rows of the similarity matrix).
pub fn build(f: &Features, idx: &[usize], stop: &dyn Fn() -> bool) -> Option<Tree> {
    let n = idx.len();
    let mut condensed: Vec<f64> = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for (a, &i) in idx.iter().enumerate() {
        if a % 64 == 0 && stop() {
            return None;
        }
        for &j in &idx[a + 1..] {
            condensed.push(1.0 - f.pair(i, j) as f64);
        }
    }
    let dendrogram = kodama::linkage(&mut condensed, n, kodama::Method::Average);
    let merges = dendrogram
        .steps()
        .iter()
        .map(|s| (s.cluster1, s.cluster2, 1.0 - s.dissimilarity))
        .collect();
    Some(Tree { n, merges })
}

impl Tree {
    /// Replays the merges down to `k` clusters; `visit(clusters, sizes, within)` is called at
    /// every number of clusters from `n` down to `k`, with the sum of similarities within each
    /// live cluster (each note with itself counted as 1).
    fn replay(&self, k: usize, visit: &mut Visit) -> Vec<usize> {
        let total = self.n + self.merges.len();
        let mut size = vec![0usize; total];
        let mut within = vec![0f64; total];
        let mut parent: Vec<usize> = (0..total).collect();
        size[..self.n].fill(1);
        within[..self.n].fill(1.0);
        let mut clusters = self.n;
        visit(clusters, &size, &within);
        for (s, &(a, b, sim)) in self.merges.iter().enumerate() {
            if clusters <= k.max(1) {
                break;
            }
            let c = self.n + s;
            size[c] = size[a] + size[b];
            // Average linkage: the merge's similarity is the mean over all pairs across.
            within[c] = within[a] + within[b] + 2.0 * sim * (size[a] * size[b]) as f64;
            size[a] = 0;
            size[b] = 0;
            parent[a] = c;
            parent[b] = c;
            clusters -= 1;
            visit(clusters, &size, &within);
        }
        (0..self.n)
            .map(|mut x| {
                while parent[x] != x {
                    x = parent[x];
                }
                x
            })
            .collect()
    }

    /// The notes' clusters when the tree is cut into `k`, numbered 0.. in order of each
    /// cluster's first note.
    pub fn cut(&self, k: usize) -> Vec<u32> {
        let roots = self.replay(k, &mut |_, _, _| {});
        let mut number: std::collections::HashMap<usize, u32> = Default::default();
        roots
            .iter()
            .map(|r| {
                let next = number.len() as u32;
                *number.entry(*r).or_insert(next)
            })
            .collect()
    }

    /// The number of clusters at the knee of tightness (mean cosine of a note to its cluster's
    /// centre) against the number of clusters, between `min` and `max`, among cuts whose
    /// largest cluster holds at most `max_share` of the notes. `None` when no cut in the range
    /// passes (one cluster swallows the wall: the caller falls back to k-means).
    pub fn choose(&self, (min, max): (usize, usize), max_share: f32) -> Option<Choice> {
        let n = self.n;
        let max = max.min(n).max(1);
        let min = min.clamp(1, max);
        let mut tried = Vec::new();
        self.replay(min, &mut |k, size, within| {
            if k < min || k > max {
                return;
            }
            let mut tight = 0f64;
            let mut largest = 0usize;
            for (c, &s) in size.iter().enumerate() {
                if s > 0 {
                    tight += within[c].max(0.0).sqrt();
                    largest = largest.max(s);
                }
            }
            tried.push((k, (tight / n as f64) as f32, largest as f32 / n as f32));
        });
        tried.reverse();
        let ks: Vec<usize> = tried.iter().map(|t| t.0).collect();
        let tightness: Vec<f32> = tried.iter().map(|t| t.1).collect();
        let scores = knee(&ks, &tightness);
        let ok = |i: usize| tried[i].2 <= max_share;
        let best = (0..tried.len())
            .filter(|&i| ok(i))
            .map(|i| scores[i])
            .fold(f32::NEG_INFINITY, f32::max);
        if !best.is_finite() {
            return None;
        }
        let pick = (0..tried.len()).find(|&i| ok(i) && scores[i] >= best - 0.05 * best.abs())?;
        Some(Choice {
            k: tried[pick].0,
            tried,
        })
    }

    /// The largest cluster's share of the notes when cut into `k`.
    pub fn largest_share(&self, k: usize) -> f32 {
        let cut = self.cut(k);
        let mut sizes = vec![0usize; k.max(1)];
        for &c in &cut {
            sizes[c as usize] += 1;
        }
        *sizes.iter().max().unwrap_or(&0) as f32 / self.n.max(1) as f32
    }
}

/// A [`Fit`] of the notes `idx` from cluster numbers: unit centres of the joint vectors and
/// each note's cosine to its centre.
pub fn fit_of(f: &Features, idx: &[usize], assign: Vec<u32>) -> Fit {
    let k = assign.iter().map(|&a| a as usize + 1).max().unwrap_or(0);
    let width = f.width();
    let mut centres = vec![0f32; k * width];
    for (p, &a) in assign.iter().enumerate() {
        f.add_to(
            idx[p],
            &mut centres[a as usize * width..(a as usize + 1) * width],
        );
    }
    for c in centres.chunks_exact_mut(width.max(1)) {
        super::embed::normalise(c);
    }
    let sims: Vec<f32> = assign
        .iter()
        .enumerate()
        .map(|(p, &a)| {
            f.dot(
                idx[p],
                &centres[a as usize * width..(a as usize + 1) * width],
            )
        })
        .collect();
    let objective = sims.iter().map(|&s| s as f64).sum();
    Fit {
        k,
        assign,
        sims,
        centres,
        objective,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::features::Mix;
    use crate::cluster::lexicon::Lexicon;
    use crate::cluster::text::Analyzer;

    fn features(texts: &[&str]) -> Features {
        let analyzer = Analyzer::new(&Lexicon::builtin());
        let mix = Mix {
            smooth: 0,
            propagate: 0.0,
            ..Mix::default()
        };
        Features::build(texts, &analyzer, mix, &mut |_| {})
    }

    #[test]
    fn the_tree_keeps_close_notes_together_and_cuts_at_any_k() {
        let texts = [
            "late buses after the night shift",
            "no late buses home from the night shift",
            "childcare costs before payday",
            "childcare costs are too high",
            "trauma informed interview training",
            "interview training that is trauma informed",
        ];
        let f = features(&texts);
        let idx: Vec<usize> = (0..texts.len()).collect();
        let tree = build(&f, &idx, &|| false).unwrap();
        let three = tree.cut(3);
        assert_eq!(three[0], three[1]);
        assert_eq!(three[2], three[3]);
        assert_eq!(three[4], three[5]);
        assert_ne!(three[0], three[2]);
        assert_ne!(three[2], three[4]);
        assert_eq!(tree.cut(6), [0, 1, 2, 3, 4, 5]);
        assert!(tree.cut(1).iter().all(|&c| c == 0));
        let choice = tree.choose((2, 5), 0.9).unwrap();
        assert_eq!(choice.k, 3, "{:?}", choice.tried);
        // Tightness rises with the number of clusters.
        assert!(choice.tried.windows(2).all(|w| w[0].1 <= w[1].1 + 1e-6));
        assert!((tree.largest_share(3) - 2.0 / 6.0).abs() < 1e-6);
        // A cut that must leave one cluster with most notes is refused.
        assert!(tree.choose((1, 1), 0.5).is_none());
        let fit = fit_of(&f, &idx, three);
        assert_eq!(fit.k, 3);
        assert!(fit.sims.iter().all(|&s| s > 0.3), "{:?}", fit.sims);
        assert!(build(&f, &idx, &|| true).is_none());
    }
}
