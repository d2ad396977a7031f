//! Fractional max pooling (Graham 2014; CS231n lecture 7, "Regularization: fractional max
//! pooling"): shrink an image by a non-integer ratio α ∈ (1, 2) with pooling regions of 1 or 2
//! pixels per axis, placed at random anew on every forward pass (at test time, averaged over
//! several draws). Along each axis the region edges 0 = a₀ < a₁ < … < a_out = n_in step by 1
//! or 2: n_in − n_out steps of 2 and 2·n_out − n_in of 1, in a random order ("random"
//! variant of the paper; disjoint regions). Plain 2×2 max pooling is the case of all steps 2.

use crate::rng::Rng;

/// Region edges of plain k×k pooling along an axis of `n` pixels: 0, k, 2k, …, n.
pub fn regular_edges(n: usize, k: usize) -> Vec<usize> {
    (0..=n / k).map(|i| i * k).collect()
}

/// Random region edges taking `n_in` pixels to `n_out` regions (n_in/2 ≤ n_out ≤ n_in).
pub fn random_edges(n_in: usize, n_out: usize, rng: &mut Rng) -> Vec<usize> {
    let n_out = n_out.clamp(n_in.div_ceil(2), n_in.max(1));
    let twos = n_in - n_out;
    let mut steps: Vec<usize> = (0..n_out).map(|i| if i < twos { 2 } else { 1 }).collect();
    for i in (1..steps.len()).rev() {
        let j = (rng.uniform() * (i + 1) as f64) as usize;
        steps.swap(i, j.min(i));
    }
    let mut edges = vec![0];
    for s in steps {
        edges.push(edges[edges.len() - 1] + s);
    }
    edges
}

/// Output side of fractional pooling by `ratio` (√2 in the paper): round(n / ratio).
pub fn fractional_size(n: usize, ratio: f64) -> usize {
    ((n as f64 / ratio).round() as usize).clamp(n.div_ceil(2), n.max(1))
}

/// Max over each region: `image` is row-major with `width` columns; region (i, j) covers rows
/// `rows[i]..rows[i+1]` and columns `cols[j]..cols[j+1]`. Output is (rows−1) × (cols−1).
pub fn max_pool(image: &[f64], width: usize, rows: &[usize], cols: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(rows.len().saturating_sub(1) * cols.len().saturating_sub(1));
    for r in rows.windows(2) {
        for c in cols.windows(2) {
            let cell = (r[0]..r[1]).flat_map(|y| (c[0]..c[1]).map(move |x| image[y * width + x]));
            out.push(cell.fold(f64::NEG_INFINITY, f64::max));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_edges_cover_the_axis_in_steps_of_one_or_two() {
        let mut rng = Rng::new(3);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let edges = random_edges(8, fractional_size(8, std::f64::consts::SQRT_2), &mut rng);
            assert_eq!(edges.len(), 7, "8 pixels → 6 regions");
            assert_eq!((edges[0], edges[6]), (0, 8));
            assert!(edges.windows(2).all(|w| matches!(w[1] - w[0], 1 | 2)), "{edges:?}");
            seen.insert(edges);
        }
        assert_eq!(seen.len(), 15, "all C(6, 2) placements of the two 2-steps occur");
        assert_eq!(regular_edges(8, 2), vec![0, 2, 4, 6, 8]);
    }

    #[test]
    fn max_pool_takes_each_regions_maximum() {
        let image: Vec<f64> = (0..16).map(f64::from).collect(); // 4×4, value = 4·row + col
        assert_eq!(max_pool(&image, 4, &[0, 2, 4], &[0, 2, 4]), vec![5.0, 7.0, 13.0, 15.0]);
        assert_eq!(max_pool(&image, 4, &[0, 1, 4], &[0, 3, 4]), vec![2.0, 3.0, 14.0, 15.0]);
    }
}
