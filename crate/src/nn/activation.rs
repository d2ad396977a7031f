//! Activation functions (CS231n lecture 6, "Activation functions"): sigmoid and tanh
//! saturate and kill gradients; ReLU does not saturate for x > 0 but units can die;
//! Leaky ReLU, PReLU, ELU and SELU keep a gradient for x < 0; Maxout generalises ReLU and
//! Leaky ReLU at twice the parameters; the identity makes a deep net one linear map; ReLU6
//! bounds ReLU; softsign is tanh with slower tails. Derivatives follow torch autograd, including the
//! convention at exactly x = 0 (relu′(0) = 0, leaky′(0) = slope, elu′(0) = 1, selu′(0) = scale·alpha).

use super::scalar::Scalar;
use serde::Serialize;

/// SELU's alpha (Klambauer et al. 2017, as in torch).
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;
/// SELU's scale (as in torch).
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;
/// ELU's alpha (torch default 1).
pub const ELU_ALPHA: f64 = 1.0;
/// Leaky ReLU's default negative slope (torch default).
pub const LEAKY_SLOPE: f64 = 0.01;
/// PReLU's initial learned slope a (torch default).
pub const PRELU_INIT: f64 = 0.25;
/// Above this input softplus is the identity (torch `threshold=20`).
pub const SOFTPLUS_THRESHOLD: f64 = 20.0;
/// The two fixed (w, b) pieces of the gallery's maxout curve max(w₁x + b₁, w₂x + b₂):
/// a ReLU-like unit with a learned kink at x = −0.5 and slope 0.2 to its left.
pub const MAXOUT_PIECES: [(f64, f64); 2] = [(1.0, 0.0), (0.2, -0.4)];

/// An activation function. `Maxout` is special: in layers it takes two pre-activations per
/// output (adjacent pairs `pre[2j], pre[2j+1]`), so a maxout layer is twice as wide before the
/// nonlinearity; as a 1-D curve (gallery, `f`, `df`) it uses [`MAXOUT_PIECES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// 1/(1 + e⁻ˣ).
    Sigmoid,
    /// tanh x.
    Tanh,
    /// max(0, x).
    Relu,
    /// x for x > 0, slope·x otherwise.
    LeakyRelu,
    /// Leaky ReLU whose slope a is learned (initially 0.25).
    Prelu,
    /// x for x > 0, α(eˣ − 1) otherwise (α = 1).
    Elu,
    /// scale·ELU with α = 1.6733, scale = 1.0507 (self-normalising).
    Selu,
    /// ln(1 + eˣ).
    Softplus,
    /// x·Φ(x) with the exact (erf) normal CDF.
    Gelu,
    /// x·σ(x) (SiLU).
    Swish,
    /// max of two affine pieces.
    Maxout,
    /// x: a deep stack of linear layers is one linear map.
    Identity,
    /// min(max(0, x), 6) (MobileNet's bounded ReLU).
    Relu6,
    /// x/(1 + |x|): tanh's shape with polynomial tails, so it saturates slowly.
    Softsign,
}

use Activation::*;

/// σ(x).
#[inline]
fn sigmoid<T: Scalar>(x: T) -> T {
    T::ONE / (T::ONE + (-x).exp())
}

/// Standard normal CDF Φ(x) = ½(1 + erf(x/√2)) and density φ(x) = e^(−x²/2)/√(2π).
#[inline]
fn normal_cdf_pdf<T: Scalar>(x: T) -> (T, T) {
    let half = T::from_f64(0.5);
    let cdf = half * (T::ONE + (x * T::from_f64(std::f64::consts::FRAC_1_SQRT_2)).erf());
    let pdf = (-half * x * x).exp() * T::from_f64(0.398_942_280_401_432_7);
    (cdf, pdf)
}

/// The gallery maxout: value and slope of the larger piece (ties go to the first, like torch's max).
fn maxout_piece(x: f64) -> (f64, f64) {
    let [(w1, b1), (w2, b2)] = MAXOUT_PIECES;
    let (y1, y2) = (w1 * x + b1, w2 * x + b2);
    if y1 >= y2 {
        (y1, w1)
    } else {
        (y2, w2)
    }
}

/// dst[i] = f(src[i]).
#[inline]
fn map<T: Scalar>(src: &[T], dst: &mut [T], f: impl Fn(T) -> T) {
    for (d, &x) in dst.iter_mut().zip(src) {
        *d = f(x);
    }
}

/// dpre[i] = g(pre[i], out[i])·dout[i].
#[inline]
fn map_back<T: Scalar>(pre: &[T], out: &[T], dout: &[T], dpre: &mut [T], g: impl Fn(T, T) -> T) {
    for (((d, &x), &y), &dy) in dpre.iter_mut().zip(pre).zip(out).zip(dout) {
        *d = g(x, y) * dy;
    }
}

impl Activation {
    /// Every activation, in gallery order.
    pub const ALL: [Activation; 14] =
        [Sigmoid, Tanh, Relu, LeakyRelu, Prelu, Elu, Selu, Softplus, Gelu, Swish, Maxout, Identity, Relu6, Softsign];

    /// Stable identifier (URL hash, CLI, serde).
    pub fn name(self) -> &'static str {
        match self {
            Sigmoid => "sigmoid",
            Tanh => "tanh",
            Relu => "relu",
            LeakyRelu => "leaky_relu",
            Prelu => "prelu",
            Elu => "elu",
            Selu => "selu",
            Softplus => "softplus",
            Gelu => "gelu",
            Swish => "swish",
            Maxout => "maxout",
            Identity => "identity",
            Relu6 => "relu6",
            Softsign => "softsign",
        }
    }

    /// Parse a [`name`](Self::name); "silu" is accepted for swish.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "silu" => Some(Swish),
            _ => Self::ALL.into_iter().find(|a| a.name() == name),
        }
    }

    /// The negative-side slope used when none is given: 0.01 (leaky), 0.25 (PReLU's initial a), else 0.
    pub fn default_slope(self) -> f64 {
        match self {
            LeakyRelu => LEAKY_SLOPE,
            Prelu => PRELU_INIT,
            _ => 0.0,
        }
    }

    /// Pre-activations consumed per output: 2 for maxout, 1 otherwise.
    pub fn pieces(self) -> usize {
        if self == Maxout {
            2
        } else {
            1
        }
    }

    /// f(x) with the default slope.
    pub fn f(self, x: f64) -> f64 {
        self.eval(x, self.default_slope())
    }

    /// f′(x) with the default slope (torch's convention at x = 0).
    pub fn df(self, x: f64) -> f64 {
        self.deriv(x, self.default_slope())
    }

    /// f(x); `slope` is the negative-side slope of LeakyRelu/Prelu (ignored otherwise).
    /// Maxout evaluates the gallery pieces (x is promoted to f64).
    #[inline]
    pub fn eval<T: Scalar>(self, x: T, slope: T) -> T {
        let zero = T::ZERO;
        match self {
            Sigmoid => sigmoid(x),
            Tanh => x.tanh(),
            // `x < 0` (not `x > 0`) keeps NaN visible, so divergence is reported, not hidden.
            Relu => {
                if x < zero {
                    zero
                } else {
                    x
                }
            }
            LeakyRelu | Prelu => {
                if x < zero {
                    slope * x
                } else {
                    x
                }
            }
            Elu => {
                if x > zero {
                    x
                } else {
                    T::from_f64(ELU_ALPHA) * (x.exp() - T::ONE)
                }
            }
            Selu => {
                let scale = T::from_f64(SELU_SCALE);
                if x > zero {
                    scale * x
                } else {
                    scale * T::from_f64(SELU_ALPHA) * (x.exp() - T::ONE)
                }
            }
            Softplus => {
                if x > T::from_f64(SOFTPLUS_THRESHOLD) {
                    x
                } else {
                    x.exp().ln_1p()
                }
            }
            Gelu => x * normal_cdf_pdf(x).0,
            Swish => x * sigmoid(x),
            Maxout => T::from_f64(maxout_piece(x.to_f64()).0),
            Identity => x,
            Relu6 => {
                let six = T::from_f64(6.0);
                if x < zero {
                    zero
                } else if x > six {
                    six
                } else {
                    x
                }
            }
            Softsign => x / (T::ONE + x.abs()),
        }
    }

    /// f′(x), torch's convention at x = 0; `slope` as in [`eval`](Self::eval).
    #[inline]
    pub fn deriv<T: Scalar>(self, x: T, slope: T) -> T {
        let (zero, one) = (T::ZERO, T::ONE);
        match self {
            Sigmoid => {
                let s = sigmoid(x);
                s * (one - s)
            }
            Tanh => {
                let t = x.tanh();
                one - t * t
            }
            Relu => {
                if x > zero {
                    one
                } else {
                    zero
                }
            }
            LeakyRelu | Prelu => {
                if x > zero {
                    one
                } else {
                    slope
                }
            }
            Elu => {
                if x > zero {
                    one
                } else {
                    T::from_f64(ELU_ALPHA) * x.exp()
                }
            }
            Selu => {
                let scale = T::from_f64(SELU_SCALE);
                if x > zero {
                    scale
                } else {
                    scale * T::from_f64(SELU_ALPHA) * x.exp()
                }
            }
            Softplus => {
                if x > T::from_f64(SOFTPLUS_THRESHOLD) {
                    one
                } else {
                    let z = x.exp();
                    z / (z + one)
                }
            }
            Gelu => {
                let (cdf, pdf) = normal_cdf_pdf(x);
                cdf + x * pdf
            }
            Swish => {
                let s = sigmoid(x);
                s + x * s * (one - s)
            }
            Maxout => T::from_f64(maxout_piece(x.to_f64()).1),
            Identity => one,
            // torch (hardtanh's backward): 0 at both kinks.
            Relu6 => {
                if x > zero && x < T::from_f64(6.0) {
                    one
                } else {
                    zero
                }
            }
            Softsign => {
                let d = one + x.abs();
                one / (d * d)
            }
        }
    }

    /// Layer forward: `out[i] = f(pre[i])`; for maxout `out[j] = max(pre[2j], pre[2j+1])`
    /// (so `pre.len() == pieces()·out.len()`).
    pub fn forward<T: Scalar>(self, slope: T, pre: &[T], out: &mut [T]) {
        assert_eq!(pre.len(), self.pieces() * out.len(), "activation forward: length mismatch");
        match self {
            Tanh => map(pre, out, |x| x.tanh()),
            Relu => T::relu(pre, out),
            Sigmoid => map(pre, out, sigmoid),
            Maxout => {
                for (o, p) in out.iter_mut().zip(pre.chunks_exact(2)) {
                    *o = if p[1] > p[0] { p[1] } else { p[0] };
                }
            }
            other => map(pre, out, |x| other.eval(x, slope)),
        }
    }

    /// Layer backward: `dpre[i] = f′(pre[i])·dout[i]` given the forward's `pre` and `out`
    /// (tanh and sigmoid use the output: 1 − y², y(1 − y)); maxout routes `dout[j]` to the
    /// larger of its two pieces (ties to the first) and 0 to the other.
    pub fn backward<T: Scalar>(self, slope: T, pre: &[T], out: &[T], dout: &[T], dpre: &mut [T]) {
        assert!(pre.len() == dpre.len() && out.len() == dout.len() && pre.len() == self.pieces() * out.len());
        let one = T::ONE;
        match self {
            Tanh => map_back(pre, out, dout, dpre, |_, y| one - y * y),
            Sigmoid => map_back(pre, out, dout, dpre, |_, y| y * (one - y)),
            Relu => T::relu_back(pre, dout, dpre),
            Maxout => {
                for ((d, p), &dy) in dpre.chunks_exact_mut(2).zip(pre.chunks_exact(2)).zip(dout) {
                    let second = p[1] > p[0];
                    d[0] = if second { T::ZERO } else { dy };
                    d[1] = if second { dy } else { T::ZERO };
                }
            }
            other => map_back(pre, out, dout, dpre, |x, _| other.deriv(x, slope)),
        }
    }

    /// dL/da for PReLU's shared slope a: Σ over x ≤ 0 of x·dout (torch's weight gradient); 0 for others.
    pub fn slope_grad<T: Scalar>(self, pre: &[T], dout: &[T]) -> T {
        if self != Prelu {
            return T::ZERO;
        }
        pre.iter().zip(dout).filter(|(&x, _)| x <= T::ZERO).map(|(&x, &dy)| x * dy).sum()
    }

    /// Fixed histogram x-range of this activation's outputs (values beyond it are clamped
    /// into the end bins by the histograms): tanh [−1, 1], sigmoid [0, 1], unbounded ones a
    /// window holding almost all outputs of a unit-variance input.
    pub fn output_range(self) -> (f64, f64) {
        match self {
            Sigmoid => (0.0, 1.0),
            Tanh => (-1.0, 1.0),
            Relu | Softplus => (0.0, 4.0),
            Relu6 => (0.0, 6.0),
            Identity => (-4.0, 4.0),
            Softsign => (-1.0, 1.0),
            LeakyRelu | Prelu | Elu => (-1.0, 4.0),
            Selu => (-2.0, 4.0),
            Gelu | Swish => (-0.5, 4.0),
            Maxout => (-4.0, 4.0),
        }
    }

    /// Whether output `a` counts as saturated: tanh |a| > 0.99, sigmoid a < 0.01 or a > 0.99;
    /// `None` for activations without a saturating output.
    pub fn saturated(self, a: f64) -> Option<bool> {
        self.unsaturated_band().map(|(lo, hi)| a < lo || a > hi)
    }

    /// The closed output interval that is *not* saturated: tanh [−0.99, 0.99], sigmoid
    /// [0.01, 0.99]; `None` for activations without a saturating output.
    pub fn unsaturated_band(self) -> Option<(f64, f64)> {
        match self {
            Tanh => Some((-0.99, 0.99)),
            Sigmoid => Some((0.01, 0.99)),
            _ => None,
        }
    }
}
