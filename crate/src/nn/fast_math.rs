//! Branch-free f32 `exp`, `tanh` and `erf` that compile to SIMD loops (native and wasm simd128),
//! used by f32 layers where libm calls would cost as much as the matrix products.
//! Accuracy: exp within 2e-7 relative, tanh and erf within 5e-7 absolute — well below what the
//! histograms and statistics can show. f64 layers keep the exact std functions. Always
//! inlined into the layers' loops: the size-optimized build would call them per value.

#![allow(clippy::excessive_precision)]

/// eˣ in f32 (Cephes `expf` polynomial with branch-free range reduction): 0 below −87.3,
/// +∞ above 88.72 (between 88.3 and 88.72 it stays at e^88.3 ≈ 2e38), NaN stays NaN.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split so that n·LN2_HI is exact.
    const LN2_HI: f32 = 0.693_359_375;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // Adding then subtracting 1.5·2²³ rounds to the nearest integer without a libm call.
    const ROUND: f32 = 12_582_912.0;
    let xc = x.clamp(-87.3, 88.3);
    let n = (xc * LOG2E + ROUND) - ROUND;
    let r = xc - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_15e-4f32;
    p = p * r + 1.398_199_950_7e-3;
    p = p * r + 8.333_451_907_3e-3;
    p = p * r + 4.166_579_589_4e-2;
    p = p * r + 1.666_666_545_9e-1;
    p = p * r + 5.000_000_120_1e-1;
    let y = p * r * r + r + 1.0;
    // 2ⁿ from the exponent bits (n in [−126, 127] after the clamp).
    let scaled = y * f32::from_bits(((n as i32 + 127) as u32) << 23);
    if x > 88.722_83 {
        f32::INFINITY
    } else if x < -87.3 {
        0.0
    } else {
        scaled
    }
}

/// tanh x in f32 (Eigen's 13/6 rational approximation; exactly ±1 beyond |x| ≥ 7.9053 and x
/// itself for |x| < 4e-4; NaN stays NaN; odd in x).
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    const CLAMP: f32 = 7.905_311_107_635_498;
    let xc = x.clamp(-CLAMP, CLAMP);
    let x2 = xc * xc;
    let mut p = -2.760_768_477_423_55e-16f32;
    p = p * x2 + 2.000_187_904_824_77e-13;
    p = p * x2 - 8.604_671_522_137_35e-11;
    p = p * x2 + 5.122_297_090_371_14e-8;
    p = p * x2 + 1.485_722_357_179_79e-5;
    p = p * x2 + 6.372_619_288_754_36e-4;
    p = p * x2 + 4.893_524_558_917_86e-3;
    let mut q = 1.198_258_394_667_02e-6f32;
    q = q * x2 + 1.185_347_056_866_54e-4;
    q = q * x2 + 2.268_434_632_439e-3;
    q = q * x2 + 4.893_525_185_543_85e-3;
    let t = xc * p / q;
    if x.abs() < 4e-4 {
        x // tanh x = x − x³/3 + …: x itself is within 6e-8 relative
    } else if x >= CLAMP {
        1.0
    } else if x <= -CLAMP {
        -1.0
    } else {
        t
    }
}

/// erf x in f32 (Abramowitz & Stegun 7.1.26 with [`exp_f32`]; within 5e-7 absolute; odd in x).
#[inline(always)]
pub fn erf_f32(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let mut p = 1.061_405_429f32;
    p = p * t - 1.453_152_027;
    p = p * t + 1.421_413_741;
    p = p * t - 0.284_496_736;
    p = p * t + 0.254_829_592;
    let y = 1.0 - p * t * exp_f32(-a * a);
    if x < 0.0 {
        -y
    } else if x > 0.0 {
        y
    } else {
        x // ±0 and NaN pass through
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate_over_the_f32_range() {
        let mut worst = 0.0f64;
        for i in -87_000..=88_000 {
            let x = i as f32 * 1e-3;
            let want = (x as f64).exp();
            worst = worst.max(((exp_f32(x) as f64) - want).abs() / want);
        }
        assert!(worst < 2e-7, "relative error {worst}");
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(-100.0), 0.0);
        assert_eq!(exp_f32(89.0), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
    }

    #[test]
    fn erf_is_accurate_and_odd() {
        let mut worst = 0.0f64;
        for i in -60_000..=60_000 {
            let x = i as f32 * 1e-4;
            worst = worst.max((erf_f32(x) as f64 - libm::erf(x as f64)).abs());
            assert_eq!(erf_f32(x), -erf_f32(-x));
        }
        assert!(worst < 5e-7, "abs error {worst}");
        assert_eq!(erf_f32(0.0), 0.0);
        assert_eq!(erf_f32(f32::INFINITY), 1.0);
        assert!(erf_f32(f32::NAN).is_nan());
    }

    #[test]
    fn tanh_is_accurate_odd_and_bounded() {
        let mut worst = 0.0f64;
        for i in -100_000..=100_000 {
            let x = i as f32 * 1e-4;
            let t = tanh_f32(x);
            worst = worst.max((t as f64 - (x as f64).tanh()).abs());
            assert!(t.abs() <= 1.0 && t == -tanh_f32(-x));
        }
        assert!(worst < 5e-7, "abs error {worst}");
        assert_eq!(tanh_f32(0.0), 0.0);
        assert_eq!(tanh_f32(1e-30), 1e-30);
        assert_eq!(tanh_f32(f32::INFINITY), 1.0);
        assert!(tanh_f32(f32::NAN).is_nan());
    }
}
