//! The init lab's maths, one layer at a time: why its histogram shrinks, keeps its scale or
//! saturates. A layer's pre-activation z = W·x (+ b) with W ~ N(0, σ²) drawn independently of
//! its input x has Var(z) = n·σ²·E[x²] over the n inputs (the lecture's Var(Wx) = n·Var(W)·Var(x)
//! when x is zero-mean). Xavier picks σ² = 1/n so that n·σ² = 1; He picks 2/n to make up for a
//! ReLU halving E[h²]. A wide layer's z is close to Gaussian, so ∫f(z)²·N(z) dz predicts the
//! second moment of its output, which the scene measures; backward, ∂L/∂x = Wᵀ·∂L/∂z scales the
//! gradient's variance by the layer's outputs times σ² in the same way.

use super::deep_net::DeepNetReport;
use super::deep_net_config::DeepNetConfig;
use super::layer_stats::ActivationStats;
use super::Activation;
use serde::Serialize;

/// One layer's numbers, as the panel shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerMaths {
    /// 1-based.
    pub layer: usize,
    /// n: the layer's inputs.
    pub fan_in: usize,
    /// Its outputs (pre-activation columns: 2 per unit with maxout).
    pub fan_out: usize,
    /// The rule in force (`xavier`, `he`, `small`, …) and the Var(W) = σ² it gives at this n.
    pub init: &'static str,
    pub weight_var: f64,
    /// What Xavier (1/n) and He (2/n) would choose here.
    pub xavier_var: f64,
    pub he_var: f64,
    /// E[x²] of the layer's input: the data's (X ~ N(0, 1): 1) or the layer below's, measured.
    pub input_second_moment: f64,
    /// n·σ²·E[x²].
    pub pre_var: f64,
    /// Batch or layer norm resets the pre-activation to mean 0, variance 1 before the bias.
    pub normalized: bool,
    /// The layer adds its input to its output (residual).
    pub residual: bool,
    /// The bias added before the activation.
    pub bias: f64,
    /// E[h²] predicted from z ~ N(bias, Var(z)) (none for maxout's two pieces).
    pub predicted_second_moment: Option<f64>,
    /// E[h²] = mean² + std² of the layer's output, as the scene measured it.
    pub measured_second_moment: f64,
    pub measured_mean: f64,
    pub measured_std: f64,
    /// The backward factor on Var(∂L/∂x): outputs · σ².
    pub backward_factor: f64,
    /// The std of ∂L/∂W at this layer, once the backward pass is in.
    pub weight_grad_std: Option<f64>,
}

fn second_moment(a: &ActivationStats) -> f64 {
    a.mean * a.mean + a.std * a.std
}

/// E[g(z)] for z ~ N(mean, std²), by Simpson's rule over ±10 std (1 000 panels: far below the
/// sampling noise of any batch the scene draws).
fn gaussian_mean(g: impl Fn(f64) -> f64, mean: f64, std: f64) -> f64 {
    if std <= 0.0 || !std.is_finite() {
        return g(mean);
    }
    const PANELS: usize = 1000;
    let (lo, hi) = (-10.0, 10.0);
    let h = (hi - lo) / PANELS as f64;
    let density = |u: f64| (-0.5 * u * u).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let term = |i: usize| {
        let u = lo + i as f64 * h;
        g(mean + std * u) * density(u)
    };
    let inner: f64 = (1..PANELS).map(|i| if i % 2 == 1 { 4.0 } else { 2.0 } * term(i)).sum();
    (term(0) + inner + term(PANELS)) * h / 3.0
}

/// The maths of hidden layer `layer` (1-based) in `report`, computed under `cfg`; none when the
/// report does not have that layer (yet).
pub fn layer_maths(cfg: &DeepNetConfig, report: &DeepNetReport, layer: usize) -> Option<LayerMaths> {
    let l = layer.checked_sub(1)?;
    let out = &report.layers.get(l)?.activations;
    let n = cfg.fan_in(l);
    let sigma = cfg.init.std(n);
    let weight_var = sigma * sigma;
    let input_second_moment = if l == 0 { 1.0 } else { second_moment(&report.layers[l - 1].activations) };
    let input_mean = if l == 0 { 0.0 } else { report.layers[l - 1].activations.mean };
    let pre_var = n as f64 * weight_var * input_second_moment;
    let normalized = cfg.batch_norm || cfg.layer_norm;
    let bias = f64::from(cfg.bias);
    let z_std = if normalized { 1.0 } else { pre_var.sqrt() };
    let residual = cfg.skips(l);
    let predicted_second_moment = (cfg.activation != Activation::Maxout).then(|| {
        let slope = cfg.slope();
        let f = |z: f64| cfg.activation.eval(z, slope);
        let f2 = gaussian_mean(|z| f(z) * f(z), bias, z_std);
        // h = x + f(z): x and z are nearly independent in a wide layer.
        if residual {
            input_second_moment + f2 + 2.0 * input_mean * gaussian_mean(f, bias, z_std)
        } else {
            f2
        }
    });
    Some(LayerMaths {
        layer,
        fan_in: n,
        fan_out: cfg.columns(),
        init: cfg.init.name(),
        weight_var,
        xavier_var: 1.0 / n as f64,
        he_var: 2.0 / n as f64,
        input_second_moment,
        pre_var,
        normalized,
        residual,
        bias,
        predicted_second_moment,
        measured_second_moment: second_moment(out),
        measured_mean: out.mean,
        measured_std: out.std,
        backward_factor: cfg.columns() as f64 * weight_var,
        weight_grad_std: report.layers[l].weight_grad.as_ref().map(|g| g.std),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaussian_moments_match_closed_forms() {
        // E[z²] = μ² + s²; E[relu(z)²] = s²/2 at μ = 0; E[tanh(z)] = 0 by symmetry.
        assert!((gaussian_mean(|z| z * z, 0.5, 2.0) - 4.25).abs() < 1e-9);
        assert!((gaussian_mean(|z| z.max(0.0).powi(2), 0.0, 3.0) - 4.5).abs() < 1e-9);
        assert!(gaussian_mean(f64::tanh, 0.0, 1.0).abs() < 1e-12);
        assert_eq!(gaussian_mean(|z| z * z, 2.0, 0.0), 4.0, "no spread: the value itself");
    }
}
