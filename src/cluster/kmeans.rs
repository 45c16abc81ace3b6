//! Spherical k-means over the joint note vectors, with deterministic k-means++ seeding,
//! restarts, sampling for large inputs (memory linear in the number of notes), and the choice
//! of the number of themes on a sample (the knee of the tightness curve).

use super::features::{Features, dot};

/// A small deterministic random number generator (SplitMix64): the same seed, the same themes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_f64() * n as f64) as usize % n.max(1)
    }
}

/// A partition of (some of) the notes into `k` groups.
#[derive(Debug, Clone)]
pub struct Fit {
    pub k: usize,
    /// Group of each point.
    pub assign: Vec<u32>,
    /// Cosine of each point to its group's centre.
    pub sims: Vec<f32>,
    /// `k × width` unit centres.
    pub centres: Vec<f32>,
    /// Sum of `sims` (higher is tighter).
    pub objective: f64,
}

/// Points to cluster: all notes, or a subset of them by index.
struct View<'a> {
    f: &'a Features,
    idx: Option<&'a [usize]>,
}

impl View<'_> {
    fn len(&self) -> usize {
        self.idx.map_or(self.f.n, <[usize]>::len)
    }
    fn note(&self, i: usize) -> usize {
        self.idx.map_or(i, |x| x[i])
    }
}

/// Best cosine and centre of every point; with `parallel`, two threads for large inputs.
fn assign_all(
    view: &View,
    centres: &[f32],
    k: usize,
    width: usize,
    parallel: bool,
) -> (Vec<u32>, Vec<f32>) {
    let points: Vec<usize> = (0..view.len()).collect();
    debug_assert_eq!(centres.len(), k * width);
    let (dense, tails) = view.f.split_centres(centres, k);
    let best = |&p: &usize| -> (u32, f32) {
        let note = view.note(p);
        let mut sims = [0f32; 64];
        let mut heap;
        let sims: &mut [f32] = if k <= sims.len() {
            &mut sims[..k]
        } else {
            heap = vec![0f32; k];
            &mut heap
        };
        view.f.dots(note, &dense, &tails, k, sims);
        let mut best = (0u32, f32::NEG_INFINITY);
        for (c, &s) in sims.iter().enumerate() {
            if s > best.1 {
                best = (c as u32, s);
            }
        }
        best
    };
    let pairs = if parallel && points.len() * k >= 20_000 {
        super::features::par_map(&points, 256, best)
    } else {
        points.iter().map(best).collect()
    };
    pairs.into_iter().unzip()
}

/// Mean of each group, normalised; an empty group takes the point farthest from its centre.
fn update(view: &View, assign: &[u32], sims: &[f32], k: usize, width: usize) -> Vec<f32> {
    let mut centres = vec![0f32; k * width];
    let mut counts = vec![0usize; k];
    for (p, &g) in assign.iter().enumerate() {
        view.f.add_to(
            view.note(p),
            &mut centres[g as usize * width..(g as usize + 1) * width],
        );
        counts[g as usize] += 1;
    }
    let mut taken: Vec<usize> = Vec::new();
    for g in 0..k {
        if counts[g] == 0 {
            // The worst-placed point not already used seeds the empty group.
            let far = (0..assign.len())
                .filter(|p| !taken.contains(p))
                .min_by(|&a, &b| sims[a].total_cmp(&sims[b]).then(a.cmp(&b)));
            if let Some(p) = far {
                taken.push(p);
                view.f
                    .add_to(view.note(p), &mut centres[g * width..(g + 1) * width]);
            }
        }
        super::embed::normalise(&mut centres[g * width..(g + 1) * width]);
    }
    centres
}

/// k-means++ seeding: each next centre drawn with probability ∝ squared distance.
fn seed(view: &View, k: usize, width: usize, rng: &mut Rng) -> Vec<f32> {
    let n = view.len();
    let mut centres = vec![0f32; k * width];
    let mut dist = vec![f64::INFINITY; n];
    let mut pick = rng.below(n);
    for c in 0..k {
        let centre = &mut centres[c * width..(c + 1) * width];
        view.f.add_to(view.note(pick), centre);
        super::embed::normalise(centre);
        let centre = &centres[c * width..(c + 1) * width];
        let mut total = 0.0;
        for (p, d) in dist.iter_mut().enumerate() {
            let s = view.f.dot(view.note(p), centre) as f64;
            *d = d.min((2.0 - 2.0 * s).max(0.0));
            total += *d;
        }
        if total <= 0.0 {
            pick = rng.below(n);
            continue;
        }
        let mut target = rng.next_f64() * total;
        pick = n - 1;
        for (p, d) in dist.iter().enumerate() {
            target -= d;
            if target <= 0.0 && *d > 0.0 {
                pick = p;
                break;
            }
        }
    }
    centres
}

fn lloyd(view: &View, mut centres: Vec<f32>, k: usize, max_iter: usize, parallel: bool) -> Fit {
    let width = view.f.width();
    let (mut assign, mut sims) = assign_all(view, &centres, k, width, parallel);
    for _ in 0..max_iter {
        centres = update(view, &assign, &sims, k, width);
        let (next, next_sims) = assign_all(view, &centres, k, width, parallel);
        let changed = next.iter().zip(&assign).filter(|(a, b)| a != b).count();
        assign = next;
        sims = next_sims;
        if changed == 0 {
            break;
        }
    }
    let objective = sims.iter().map(|&s| s as f64).sum();
    Fit {
        k,
        assign,
        sims,
        centres,
        objective,
    }
}

/// Best of `restarts` k-means runs over `idx` (or all notes). The runs are independent (each
/// has its own seed drawn from `rng` up front), so they run side by side on two threads and
/// the result does not depend on which finishes first.
fn best_of(f: &Features, idx: Option<&[usize]>, k: usize, restarts: usize, rng: &mut Rng) -> Fit {
    let view = View { f, idx };
    let k = k.clamp(1, view.len().max(1));
    let width = f.width();
    // Small inputs get more restarts: they cost little there, and with a few dozen notes one
    // unlucky start moves the themes a lot.
    let restarts = restarts.max((SMALL_WORK / (view.len() * k).max(1)).min(MAX_RESTARTS));
    let seeds: Vec<u64> = (0..restarts.max(1)).map(|_| rng.next_u64()).collect();
    let fits = super::features::par_map(&seeds, 1, |&s| {
        let centres = seed(&view, k, width, &mut Rng::new(s));
        lloyd(&view, centres, k, 30, false)
    });
    let mut best: Option<Fit> = None;
    for fit in fits {
        if best.as_ref().is_none_or(|b| fit.objective > b.objective) {
            best = Some(fit);
        }
    }
    best.expect("at least one run")
}

/// Note-centre pairs below which a k-means run counts as cheap enough to repeat more often.
const SMALL_WORK: usize = 20_000;
/// Most restarts of a small run.
const MAX_RESTARTS: usize = 32;

/// Evenly spread, deterministic sample of `m` of `n` indices.
pub fn sample(n: usize, m: usize, rng: &mut Rng) -> Vec<usize> {
    if m >= n {
        return (0..n).collect();
    }
    // Partial Fisher–Yates, then sorted so the sample reads in note order.
    let mut all: Vec<usize> = (0..n).collect();
    for i in 0..m {
        let j = i + rng.below(n - i);
        all.swap(i, j);
    }
    let mut s = all[..m].to_vec();
    s.sort_unstable();
    s
}

/// Tunables of the k-means stage.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub seed: u64,
    /// Restarts on small inputs (and on the sample of large ones).
    pub restarts: usize,
    /// Above this many notes, centres are found on a sample and then refined on all notes.
    pub sample_above: usize,
    /// Full-data refinement passes for large inputs.
    pub refine_iter: usize,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            seed: 0x00C0_FFEE,
            restarts: 4,
            sample_above: 2000,
            refine_iter: 10,
        }
    }
}

/// Clusters the notes `idx` (all notes when `None`) into `k` groups. Above
/// [`Plan::sample_above`] notes, centres are found on a sample and refined on all of them, so
/// time and memory grow linearly with the number of notes.
pub fn fit(f: &Features, idx: Option<&[usize]>, k: usize, plan: &Plan) -> Fit {
    let mut rng = Rng::new(plan.seed ^ k as u64);
    let n = idx.map_or(f.n, <[usize]>::len);
    if n <= plan.sample_above {
        return best_of(f, idx, k, plan.restarts, &mut rng);
    }
    let picked = sub_sample(idx, n, plan.sample_above, &mut rng);
    let on_sample = best_of(f, Some(&picked), k, plan.restarts, &mut rng);
    lloyd(
        &View { f, idx },
        on_sample.centres,
        on_sample.k,
        plan.refine_iter,
        true,
    )
}

/// A sample of `m` of the notes `idx` (or of all `n` notes), as note indices.
fn sub_sample(idx: Option<&[usize]>, n: usize, m: usize, rng: &mut Rng) -> Vec<usize> {
    let positions = sample(n, m, rng);
    match idx {
        Some(idx) => positions.into_iter().map(|p| idx[p]).collect(),
        None => positions,
    }
}

/// Notes on which the number of groups is chosen: one k-means run with the most groups
/// allowed, so the cost is linear in this.
pub const CHOICE_SAMPLE: usize = 500;

/// The scores behind an automatic choice of k.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub k: usize,
    /// (k, tightness: mean cosine of the sample's notes to their group's centre, largest
    /// group's share) for each k tried, in order of k.
    pub tried: Vec<(usize, f32, f32)>,
}

/// Chooses the number of groups between `min` and `max` on a sample of notes: one k-means
/// run with `max` groups, then the two groups whose merging loses least are merged, again and
/// again (the loss is computed from the sample's similarities, so each step is cheap). The
/// partitions on the way form a curve of tightness (mean cosine to the centre) against k; the
/// chosen k is at its knee (see [`knee`]), among partitions whose largest group holds at most
/// `max_share` of the sample (among all when none does).
pub fn choose_k(
    f: &Features,
    idx: Option<&[usize]>,
    (min, max): (usize, usize),
    max_share: f32,
    plan: &Plan,
    progress: &mut dyn FnMut(usize, usize),
) -> Choice {
    let mut rng = Rng::new(plan.seed.rotate_left(17));
    let n = idx.map_or(f.n, <[usize]>::len);
    let idx = sub_sample(idx, n, CHOICE_SAMPLE, &mut rng);
    let m = idx.len();
    let max = max.min(m.saturating_sub(1)).max(1);
    let min = min.clamp(1, max);
    if max <= 1 {
        return Choice {
            k: 1,
            tried: vec![(1, 0.0, 1.0)],
        };
    }
    let base = best_of(f, Some(&idx), max, plan.restarts, &mut rng);
    let k0 = base.k;
    // Gram matrix of the groups' summed vectors: g[a][b] = ⟨Σ_{i∈a} x_i, Σ_{j∈b} x_j⟩ =
    // Σ_{i∈a, j∈b} sim(i, j), without the m × m similarities.
    let width = f.width();
    let mut sums = vec![0f32; k0 * width];
    for (p, &a) in base.assign.iter().enumerate() {
        let a = a as usize;
        f.add_to(idx[p], &mut sums[a * width..(a + 1) * width]);
    }
    let mut g = vec![0f64; k0 * k0];
    for a in 0..k0 {
        for b in a..k0 {
            let s = dot(
                &sums[a * width..(a + 1) * width],
                &sums[b * width..(b + 1) * width],
            );
            g[a * k0 + b] = s as f64;
            g[b * k0 + a] = s as f64;
        }
    }
    let mut group_of: Vec<usize> = (0..k0).collect(); // merged group of each base group
    let mut active: Vec<usize> = (0..k0).collect();
    let mut tried = Vec::new();
    let mut assign = vec![0u32; m];
    let norm = |x: f64| x.max(0.0).sqrt();
    loop {
        let k = active.len();
        progress(max - k.min(max), max - min + 1);
        if k >= min && k <= max {
            for (p, a) in assign.iter_mut().enumerate() {
                let top = group_of[base.assign[p] as usize];
                *a = active.iter().position(|&x| x == top).unwrap_or(0) as u32;
            }
            let mut sizes = vec![0usize; k];
            for &a in &assign {
                sizes[a as usize] += 1;
            }
            let share = *sizes.iter().max().unwrap_or(&0) as f32 / m as f32;
            let tight: f64 = active.iter().map(|&a| norm(g[a * k0 + a])).sum();
            tried.push((k, (tight / m as f64) as f32, share));
        }
        if k <= min.max(1) {
            break;
        }
        // Merge the pair that loses least of the objective Σ |group sum|.
        let mut best = (f64::INFINITY, 0, 0);
        for (x, &a) in active.iter().enumerate() {
            for &b in &active[x + 1..] {
                let joint = g[a * k0 + a] + g[b * k0 + b] + 2.0 * g[a * k0 + b];
                let loss = norm(g[a * k0 + a]) + norm(g[b * k0 + b]) - norm(joint);
                if loss < best.0 {
                    best = (loss, a, b);
                }
            }
        }
        let (_, a, b) = best;
        let joint = g[a * k0 + a] + g[b * k0 + b] + 2.0 * g[a * k0 + b];
        for x in 0..k0 {
            g[a * k0 + x] += g[b * k0 + x];
            g[x * k0 + a] = g[a * k0 + x];
        }
        g[a * k0 + a] = joint;
        for t in group_of.iter_mut() {
            if *t == b {
                *t = a;
            }
        }
        active.retain(|&x| x != b);
    }
    // Merging went from many groups to few: put both lists in order of k.
    tried.reverse();
    let knee = knee(
        &tried.iter().map(|t| t.0).collect::<Vec<_>>(),
        &tried.iter().map(|t| t.1).collect::<Vec<_>>(),
    );
    // The fewest groups whose knee score is within 5 % of the best: on a flat top, fewer and
    // larger themes are easier to use and no worse supported.
    let pick = |ok: &dyn Fn(usize) -> bool| {
        let best = (0..tried.len())
            .filter(|&i| ok(i))
            .map(|i| knee[i])
            .fold(f32::NEG_INFINITY, f32::max);
        (0..tried.len())
            .find(|&i| ok(i) && knee[i] >= best - 0.05 * best.abs())
            .map(|i| tried[i].0)
    };
    let k = pick(&|i| tried[i].2 <= max_share)
        .or_else(|| pick(&|_| true))
        .unwrap_or(min);
    Choice { k, tried }
}

/// How far each point of the curve `(ks[i], objective[i])` (increasing in both) lies above
/// the straight line between its ends, both axes scaled to 0 … 1: the largest value marks the
/// knee, where more groups stop buying much tighter ones.
pub(crate) fn knee(ks: &[usize], objective: &[f32]) -> Vec<f32> {
    let (Some(&k0), Some(&k1)) = (ks.first(), ks.last()) else {
        return Vec::new();
    };
    let lo = objective.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = objective.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let dk = (k1.saturating_sub(k0)).max(1) as f32;
    let dj = (hi - lo).max(1e-9);
    ks.iter()
        .zip(objective)
        .map(|(&k, &j)| (j - lo) / dj - (k - k0) as f32 / dk)
        .collect()
}
