//! The float type a network runs in: f32 for speed in the browser, f64 for reference
//! tests and gradient checks. One generic code path serves both, so the f64 tests check
//! exactly the code the page runs.

use super::fast_math;
use gradscope_kernels::{gemm as small_gemm, relu};
use matrixmultiply::{dgemm, sgemm};
use std::fmt::Debug;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A network float: `f32` or `f64`, with the math the layers need and a row-major GEMM.
pub trait Scalar:
    Copy
    + Default
    + PartialOrd
    + Debug
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + DivAssign
    + Sum
    + Into<f64>
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Round an f64 into this type.
    fn from_f64(x: f64) -> Self;
    /// Widen to f64.
    fn to_f64(self) -> f64;
    /// √x.
    fn sqrt(self) -> Self;
    /// eˣ (f32: `fast_math::exp_f32`, 2e-7 relative).
    fn exp(self) -> Self;
    /// ln(1 + x).
    fn ln_1p(self) -> Self;
    /// tanh x (f32: `fast_math::tanh_f32`, 5e-7 absolute).
    fn tanh(self) -> Self;
    /// erf x (f64: `libm::erf`, < 1 ulp; f32: `fast_math::erf_f32`, 5e-7 absolute).
    fn erf(self) -> Self;
    /// |x|.
    fn abs(self) -> Self;
    /// Neither infinite nor NaN.
    fn is_finite(self) -> bool;
    /// ReLU's layer forward over a slice, `out[i] = max(pre[i], 0)` with NaN kept (a kernel
    /// compiled for speed, see `gradscope_kernels`).
    fn relu(pre: &[Self], out: &mut [Self]);
    /// ReLU's layer backward, `dpre[i] = [pre[i] > 0]·dout[i]`.
    fn relu_back(pre: &[Self], dout: &[Self], dpre: &mut [Self]);
    /// `c = alpha·op(a)·op(b) + beta·c`, all row-major; op(a) is m×k, op(b) is k×n, c is m×n.
    /// `a_t`/`b_t` say that `a` is stored k×m / `b` is stored n×k (use the transpose).
    /// With `beta == 0`, `c` is overwritten (its old contents, even NaN, are ignored).
    #[allow(clippy::too_many_arguments)]
    fn gemm(
        m: usize,
        k: usize,
        n: usize,
        alpha: Self,
        a: &[Self],
        a_t: bool,
        b: &[Self],
        b_t: bool,
        beta: Self,
        c: &mut [Self],
    );
}

/// Row/column strides of a row-major `rows×cols` matrix, or of its transpose when `transposed`.
fn strides(rows: usize, cols: usize, transposed: bool) -> (isize, isize) {
    // Stored as cols×rows when transposed: element (i, j) of op() sits at j*rows + i.
    if transposed {
        (1, rows as isize)
    } else {
        (cols as isize, 1)
    }
}

macro_rules! impl_scalar {
    ($t:ty, $gemm:path, $exp:path, $tanh:path, $erf:path, $relu:path, $relu_back:path) => {
        impl Scalar for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                $exp(self)
            }
            #[inline]
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                $tanh(self)
            }
            #[inline]
            fn erf(self) -> Self {
                $erf(self)
            }
            #[inline]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            fn relu(pre: &[Self], out: &mut [Self]) {
                $relu(pre, out)
            }
            fn relu_back(pre: &[Self], dout: &[Self], dpre: &mut [Self]) {
                $relu_back(pre, dout, dpre)
            }
            fn gemm(
                m: usize,
                k: usize,
                n: usize,
                alpha: Self,
                a: &[Self],
                a_t: bool,
                b: &[Self],
                b_t: bool,
                beta: Self,
                c: &mut [Self],
            ) {
                $gemm(m, k, n, alpha, a, a_t, b, b_t, beta, c)
            }
        }
    };
}

/// matrixmultiply's `sgemm`/`dgemm` signature: dimensions, then pointer, row and column
/// stride of a, b and c.
type PackedGemm<T> =
    unsafe fn(usize, usize, usize, T, *const T, isize, isize, *const T, isize, isize, T, *mut T, isize, isize);

/// [`Scalar::gemm`] through matrixmultiply (packed, SIMD kernels for large matrices).
#[allow(clippy::too_many_arguments)]
fn packed_gemm<T>(
    gemm: PackedGemm<T>,
    m: usize,
    k: usize,
    n: usize,
    alpha: T,
    a: &[T],
    a_t: bool,
    b: &[T],
    b_t: bool,
    beta: T,
    c: &mut [T],
) {
    if m == 0 || n == 0 {
        return;
    }
    let (rsa, csa) = strides(m, k, a_t);
    let (rsb, csb) = strides(k, n, b_t);
    // SAFETY: the callers checked that a, b, c hold at least m·k, k·n, m·n elements, and the
    // strides address exactly those row-major (or transposed) layouts; c does not alias a or b.
    unsafe { gemm(m, k, n, alpha, a.as_ptr(), rsa, csa, b.as_ptr(), rsb, csb, beta, c.as_mut_ptr(), n as isize, 1) }
}

/// The bounds check that makes the raw-pointer call of [`packed_gemm`] sound.
fn check_lengths<T>(m: usize, k: usize, n: usize, a: &[T], b: &[T], c: &[T]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "gemm: buffer too small");
}

#[allow(clippy::too_many_arguments)]
fn f32_gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f32,
    a: &[f32],
    a_t: bool,
    b: &[f32],
    b_t: bool,
    beta: f32,
    c: &mut [f32],
) {
    check_lengths(m, k, n, a, b, c);
    packed_gemm(sgemm, m, k, n, alpha, a, a_t, b, b_t, beta, c);
}

/// Up to this many multiply-adds (every product of the playground's 2→8→8→2 net) the unpacked
/// kernel is as fast natively as matrixmultiply's FMA kernel, and native runs take the page's path.
const SMALL_GEMM_MACS: usize = 16_384;

#[allow(clippy::too_many_arguments)]
fn f64_gemm(
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
    check_lengths(m, k, n, a, b, c);
    // wasm32 has no SIMD dgemm kernel to hand large products to.
    let small = cfg!(target_arch = "wasm32") || m * k * n <= SMALL_GEMM_MACS;
    if small && small_gemm::handles(k, a_t, b_t) {
        small_gemm::gemm(m, k, n, alpha, a, a_t, b, b_t, beta, c);
    } else {
        packed_gemm(dgemm, m, k, n, alpha, a, a_t, b, b_t, beta, c);
    }
}

// f32 uses the SIMD-friendly approximations of `fast_math` (libm calls would cost as much
// as the matrix products); f64 keeps exact functions (std's, libm's erf) for the reference tests.
impl_scalar!(
    f32,
    f32_gemm,
    fast_math::exp_f32,
    fast_math::tanh_f32,
    fast_math::erf_f32,
    relu::forward_f32,
    relu::backward_f32
);
impl_scalar!(f64, f64_gemm, f64::exp, f64::tanh, libm::erf, relu::forward_f64, relu::backward_f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_matches_naive_for_every_transpose_combination() {
        let (m, k, n) = (3, 4, 5);
        let a: Vec<f64> = (0..m * k).map(|i| (i as f64 * 0.7).sin()).collect();
        let b: Vec<f64> = (0..k * n).map(|i| (i as f64 * 1.3).cos()).collect();
        for (a_t, b_t) in [(false, false), (true, false), (false, true), (true, true)] {
            let want = small_gemm::by_definition(m, k, n, &a, a_t, &b, b_t);
            let mut c = vec![f64::NAN; m * n];
            f64::gemm(m, k, n, 1.0, &a, a_t, &b, b_t, 0.0, &mut c);
            for (x, y) in c.iter().zip(&want) {
                assert!((x - y).abs() < 1e-14, "{a_t} {b_t}: {x} vs {y}");
            }
            let mut c2 = vec![1.0f32; m * n];
            let (af, bf): (Vec<f32>, Vec<f32>) =
                (a.iter().map(|&x| x as f32).collect(), b.iter().map(|&x| x as f32).collect());
            f32::gemm(m, k, n, 2.0, &af, a_t, &bf, b_t, 1.0, &mut c2);
            for (x, y) in c2.iter().zip(&want) {
                assert!((*x as f64 - (2.0 * y + 1.0)).abs() < 1e-5);
            }
        }
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the table's digits as published
    fn f64_erf_is_libms_and_matches_the_table() {
        // Values from high-precision tables (Abramowitz & Stegun 7.1 / mpmath).
        let table = [
            (0.0, 0.0),
            (0.1, 0.1124629160182848922),
            (0.5, 0.5204998778130465377),
            (1.0, 0.8427007929497148693),
            (1.5, 0.9661051464753107271),
            (2.0, 0.9953222650189527342),
            (3.0, 0.9999779095030014146),
            (4.0, 0.9999999845827420997),
        ];
        let erf = libm::erf;
        for (x, want) in table {
            assert!((erf(x) - want).abs() < 1e-16, "erf({x}) = {} vs {want}", erf(x));
            assert_eq!(erf(-x), -erf(x));
            assert_eq!(Scalar::erf(x).to_bits(), erf(x).to_bits(), "f64's erf is libm's");
        }
        assert_eq!(erf(f64::INFINITY), 1.0);
        assert_eq!(erf(f64::NEG_INFINITY), -1.0);
        assert!(erf(f64::NAN).is_nan());
        assert_eq!(erf(7.0), 1.0);
    }
}
