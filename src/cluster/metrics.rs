//! Agreement between two partitions (themes found vs. themes people made): adjusted Rand index
//! and normalised mutual information, for evaluation and research scripts.

use std::collections::HashMap;

fn contingency<A: std::hash::Hash + Eq, B: std::hash::Hash + Eq>(
    a: &[A],
    b: &[B],
) -> (Vec<Vec<f64>>, Vec<f64>, Vec<f64>) {
    assert_eq!(a.len(), b.len(), "partitions of the same items");
    let mut ia: HashMap<&A, usize> = HashMap::new();
    let mut ib: HashMap<&B, usize> = HashMap::new();
    for x in a {
        let n = ia.len();
        ia.entry(x).or_insert(n);
    }
    for x in b {
        let n = ib.len();
        ib.entry(x).or_insert(n);
    }
    let mut table = vec![vec![0f64; ib.len()]; ia.len()];
    for (x, y) in a.iter().zip(b) {
        table[ia[x]][ib[y]] += 1.0;
    }
    let rows = table.iter().map(|r| r.iter().sum()).collect();
    let cols = (0..ib.len())
        .map(|j| table.iter().map(|r| r[j]).sum())
        .collect();
    (table, rows, cols)
}

/// Adjusted Rand index: 1 for identical partitions, about 0 for random ones.
pub fn adjusted_rand_index<A: std::hash::Hash + Eq, B: std::hash::Hash + Eq>(
    a: &[A],
    b: &[B],
) -> f64 {
    let n = a.len() as f64;
    if a.len() < 2 {
        return 1.0;
    }
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let (table, rows, cols) = contingency(a, b);
    let index: f64 = table.iter().flatten().map(|&x| pairs(x)).sum();
    let sum_rows: f64 = rows.iter().map(|&x| pairs(x)).sum();
    let sum_cols: f64 = cols.iter().map(|&x| pairs(x)).sum();
    let expected = sum_rows * sum_cols / pairs(n);
    let max = (sum_rows + sum_cols) / 2.0;
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Normalised mutual information (arithmetic mean of the entropies, as scikit-learn).
pub fn normalized_mutual_info<A: std::hash::Hash + Eq, B: std::hash::Hash + Eq>(
    a: &[A],
    b: &[B],
) -> f64 {
    let n = a.len() as f64;
    let (table, rows, cols) = contingency(a, b);
    let entropy = |v: &[f64]| -> f64 {
        v.iter()
            .filter(|&&x| x > 0.0)
            .map(|&x| -(x / n) * (x / n).ln())
            .sum()
    };
    let (ha, hb) = (entropy(&rows), entropy(&cols));
    let mut mi = 0.0;
    for (i, row) in table.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if x > 0.0 {
                mi += (x / n) * ((x * n) / (rows[i] * cols[j])).ln();
            }
        }
    }
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mean = (ha + hb) / 2.0;
    if mean <= 0.0 { 0.0 } else { mi / mean }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_partitions_score_one() {
        let a = [0, 0, 1, 1, 2, 2];
        let b = ["x", "x", "y", "y", "z", "z"];
        assert!((adjusted_rand_index(&a, &b) - 1.0).abs() < 1e-12);
        assert!((normalized_mutual_info(&a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn matches_known_values() {
        // scikit-learn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714
        let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
        assert!((ari - 0.571_428_571_4).abs() < 1e-9, "{ari}");
        // normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8
        let nmi = normalized_mutual_info(&[0, 0, 1, 1], &[0, 0, 1, 2]);
        assert!((nmi - 0.8).abs() < 1e-9, "{nmi}");
        // One cluster against two labels: ARI 0.
        assert!(adjusted_rand_index(&[0, 0, 0, 0], &[0, 0, 1, 1]).abs() < 1e-12);
    }
}
