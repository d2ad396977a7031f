//! Seeded randomness: every random draw in gradscope (data, init, dropout, gradient noise)
//! comes from an explicit `Rng` built from a seed, never from OS entropy, so a shared link
//! reproduces the same pictures.

use rand::{Rng as _, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64Mcg;

/// Largest seed any config accepts: 32 bits, so a seed survives JavaScript numbers, links and
/// the CLI alike.
pub const MAX_SEED: u64 = u32::MAX as u64;

/// A small, fast, portable seeded generator (PCG 64-bit MCG).
#[derive(Clone, Debug)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Self(Pcg64Mcg::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Standard normal N(0, 1).
    pub fn normal(&mut self) -> f64 {
        StandardNormal.sample(&mut self.0)
    }

    /// Standard normal N(0, 1) in f32 (network layers).
    pub fn normal_f32(&mut self) -> f32 {
        StandardNormal.sample(&mut self.0)
    }

    /// Uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_normal_moments() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..10 {
            assert_eq!(a.normal().to_bits(), b.normal().to_bits());
        }
        let mut r = Rng::new(1);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "var {var}");
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.uniform())));
        assert!((0..1000).all(|_| r.below(3) < 3));
    }
}
