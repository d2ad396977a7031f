//! Row-major f64 GEMM without packing, for the live trainer's small matrices (a 10×8 batch
//! times an 8×8 layer): matrixmultiply's packing (with a heap allocation per call) costs more
//! than such products, and on wasm32 its dgemm has no SIMD kernel (only its sgemm does).
//! Each output element sums its products in the same order on every target, so the wasm build
//! (simd128 lanes) and native builds (plain pairs) give bit-identical results.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use core::arch::wasm32::{f64x2, f64x2_add, f64x2_extract_lane, f64x2_mul, f64x2_splat, v128};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Lanes = v128;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Lanes = [f64; 2];

/// Two f64 lanes: a wasm simd128 vector in the browser, a plain pair elsewhere.
#[derive(Clone, Copy)]
struct Pair(Lanes);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl Pair {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Self(f64x2_splat(x))
    }
    #[inline(always)]
    fn load(s: &[f64; 2]) -> Self {
        Self(f64x2(s[0], s[1]))
    }
    /// `self + x·y` per lane, rounded after the product and after the sum (not fused).
    #[inline(always)]
    fn mul_add(self, x: Self, y: Self) -> Self {
        Self(f64x2_add(self.0, f64x2_mul(x.0, y.0)))
    }
    #[inline(always)]
    fn lanes(self) -> [f64; 2] {
        [f64x2_extract_lane::<0>(self.0), f64x2_extract_lane::<1>(self.0)]
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl Pair {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        Self([x, x])
    }
    #[inline(always)]
    fn load(s: &[f64; 2]) -> Self {
        Self(*s)
    }
    /// `self + x·y` per lane, rounded after the product and after the sum (not fused).
    #[inline(always)]
    fn mul_add(self, x: Self, y: Self) -> Self {
        Self([self.0[0] + x.0[0] * y.0[0], self.0[1] + x.0[1] * y.0[1]])
    }
    #[inline(always)]
    fn lanes(self) -> [f64; 2] {
        self.0
    }
}

/// Whether [`gemm`] handles this layout: all but both operands transposed, with k > 0.
pub fn handles(k: usize, a_t: bool, b_t: bool) -> bool {
    k > 0 && !(a_t && b_t)
}

/// `c = alpha·op(a)·op(b) + beta·c`, all row-major (op(a) m×k, op(b) k×n; `a_t`/`b_t`: a is
/// stored k×m / b n×k), as gradscope's `Scalar::gemm` defines it, for the layouts of
/// [`handles`]; the caller has checked the buffer lengths.
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f64,
    a: &[f64],
    a_t: bool,
    b: &[f64],
    b_t: bool,
    beta: f64,
    c: &mut [f64],
) {
    let out = Out { alpha, beta };
    let c = &mut c[..m * n];
    if b_t {
        dot_rows(k, n, &a[..m * k], &b[..n * k], out, c);
    } else {
        combine_rows(m, k, n, a, a_t, &b[..k * n], out, c);
    }
}

/// How a finished sum lands in c.
#[derive(Clone, Copy)]
struct Out {
    alpha: f64,
    beta: f64,
}

impl Out {
    #[inline(always)]
    fn put(self, c: &mut f64, sum: f64) {
        // beta = 0 overwrites, so NaN or garbage in c never leaks through 0·c.
        *c = if self.beta == 0.0 { self.alpha * sum } else { self.alpha * sum + self.beta * *c };
    }

    #[inline(always)]
    fn put_pairs(self, c: &mut [f64], sums: &[Pair]) {
        for (c, sum) in c.chunks_exact_mut(2).zip(sums) {
            let [s0, s1] = sum.lanes();
            self.put(&mut c[0], s0);
            self.put(&mut c[1], s1);
        }
    }
}

/// op(b) = b (k×n): row i of c is Σ_p op(a)[i][p]·b[p], accumulated in registers across all
/// of p for 8 columns at a time (then pairs, then a last odd column).
#[allow(clippy::too_many_arguments)]
fn combine_rows(m: usize, k: usize, n: usize, a: &[f64], a_t: bool, b: &[f64], out: Out, c: &mut [f64]) {
    for (i, c_row) in c.chunks_exact_mut(n).enumerate() {
        // Row i of op(a): contiguous in a, or column i of a stored k×m.
        let (start, step) = if a_t { (i, m) } else { (i * k, 1) };
        let a_row = || a[start..].iter().step_by(step).zip(b.chunks_exact(n));
        let (octets, rest) = c_row.as_chunks_mut::<8>();
        let mut j = 0;
        for octet in octets {
            let zero = Pair::splat(0.0);
            let sums = a_row().fold([zero; 4], |[s0, s1, s2, s3], (&x, b_row)| {
                let (x, y) = (Pair::splat(x), b_row[j..j + 8].as_chunks::<2>().0);
                let load = |q: usize| Pair::load(&y[q]);
                [s0.mul_add(x, load(0)), s1.mul_add(x, load(1)), s2.mul_add(x, load(2)), s3.mul_add(x, load(3))]
            });
            out.put_pairs(octet, &sums);
            j += 8;
        }
        let (pairs, last) = rest.as_chunks_mut::<2>();
        for pair in pairs {
            let sum = a_row().fold(Pair::splat(0.0), |s, (&x, b_row)| {
                s.mul_add(Pair::splat(x), Pair::load(&b_row[j..j + 2].as_chunks::<2>().0[0]))
            });
            out.put_pairs(pair, &[sum]);
            j += 2;
        }
        if let Some(last) = last.first_mut() {
            out.put(last, a_row().fold(0.0, |s, (&x, b_row)| s + x * b_row[j]));
        }
    }
}

/// op(b) = bᵀ with b stored n×k: c[i][j] is the dot product of a's row i and b's row j, taken
/// in two lanes (even and odd p, added at the end), for 4 rows of b at a time.
fn dot_rows(k: usize, n: usize, a: &[f64], b: &[f64], out: Out, c: &mut [f64]) {
    let zero = Pair::splat(0.0);
    for (a_row, c_row) in a.chunks_exact(k).zip(c.chunks_exact_mut(n)) {
        let (a_pairs, a_last) = a_row.as_chunks::<2>();
        // Σ over the odd last p, for row j of b.
        let last = |j: usize| a_last.first().map_or(0.0, |&x| x * b[j * k + k - 1]);
        let mut quads = c_row.chunks_exact_mut(4);
        for (first, (quad, b_rows)) in (&mut quads).zip(b.chunks_exact(4 * k)).enumerate() {
            let rows: [&[[f64; 2]]; 4] = std::array::from_fn(|r| b_rows[r * k..(r + 1) * k].as_chunks::<2>().0);
            let sums = a_pairs.iter().enumerate().fold([zero; 4], |[s0, s1, s2, s3], (q, x)| {
                let x = Pair::load(x);
                let load = |r: usize| Pair::load(&rows[r][q]);
                [s0.mul_add(x, load(0)), s1.mul_add(x, load(1)), s2.mul_add(x, load(2)), s3.mul_add(x, load(3))]
            });
            for (r, (c, sum)) in quad.iter_mut().zip(sums).enumerate() {
                let [even, odd] = sum.lanes();
                out.put(c, even + odd + last(4 * first + r));
            }
        }
        let done = n - quads.into_remainder().len();
        for (j, c) in c_row.iter_mut().enumerate().skip(done) {
            let row = b[j * k..(j + 1) * k].as_chunks::<2>().0;
            let [even, odd] =
                a_pairs.iter().zip(row).fold(zero, |s, (x, y)| s.mul_add(Pair::load(x), Pair::load(y))).lanes();
            out.put(c, even + odd + last(j));
        }
    }
}

/// op(a)·op(b) by the definition, in any layout: the reference the GEMM tests (here and in
/// the network's) compare against.
pub fn by_definition(m: usize, k: usize, n: usize, a: &[f64], a_t: bool, b: &[f64], b_t: bool) -> Vec<f64> {
    let at = |i: usize, p: usize| if a_t { a[p * m + i] } else { a[i * k + p] };
    let bt = |p: usize, j: usize| if b_t { b[j * k + p] } else { b[p * n + j] };
    (0..m * n).map(|ij| (0..k).map(|p| at(ij / n, p) * bt(p, ij % n)).sum()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// op(a)·b summed from 0.0 in p order, one product and one sum at a time.
    fn sequential(m: usize, k: usize, n: usize, a: &[f64], a_t: bool, b: &[f64]) -> Vec<f64> {
        let at = |i: usize, p: usize| if a_t { a[p * m + i] } else { a[i * k + p] };
        (0..m * n).map(|ij| (0..k).fold(0.0, |s, p| s + at(ij / n, p) * b[p * n + ij % n])).collect()
    }

    #[test]
    fn matches_the_definition_on_every_tile_shape_and_layout() {
        // n covers full octets, pairs and an odd last column; k covers an odd last product.
        for (m, k, n) in [(1, 1, 1), (3, 2, 8), (4, 7, 19), (2, 10, 2), (5, 3, 13)] {
            let a: Vec<f64> = (0..m * k).map(|i| (i as f64 * 0.7).sin()).collect();
            let b: Vec<f64> = (0..k * n).map(|i| (i as f64 * 1.3).cos()).collect();
            for (a_t, b_t) in [(false, false), (true, false), (false, true)] {
                assert!(handles(k, a_t, b_t));
                let want = by_definition(m, k, n, &a, a_t, &b, b_t);
                let mut c = vec![f64::NAN; m * n];
                gemm(m, k, n, 1.0, &a, a_t, &b, b_t, 0.0, &mut c);
                let mut c2 = vec![1.0; m * n];
                gemm(m, k, n, 2.0, &a, a_t, &b, b_t, 0.5, &mut c2);
                if !b_t {
                    // Every element sums its products in p order: bit-equal to the plain loop.
                    let seq = sequential(m, k, n, &a, a_t, &b);
                    assert!(c.iter().zip(&seq).all(|(x, y)| x.to_bits() == y.to_bits()), "{m}×{k}×{n} {a_t}");
                }
                for ((x, x2), y) in c.iter().zip(&c2).zip(&want) {
                    assert!((x - y).abs() < 1e-14, "{m}×{k}×{n} {a_t} {b_t}: {x} vs {y}");
                    assert!((x2 - (2.0 * y + 0.5)).abs() < 1e-14);
                }
            }
        }
        assert!(!handles(3, true, true) && !handles(0, false, false));
    }
}
