//! The trainer's parameter updates: each tensor's own first-order optimizer, or L-BFGS over
//! every parameter as one vector with the loss of the current batch as the objective its
//! strong-Wolfe line search evaluates at trial points. On the full batch that objective is the
//! training loss itself; on minibatches it changes every step, so the curvature pairs L-BFGS
//! keeps come from different functions (lecture 7: "does not transfer very well to the
//! mini-batch setting"). Both record the update-to-weight ratio of each layer.

use super::{Trainer, DIVERGED_PARAM};
use crate::nn::mlp::{Mode, ParamKind};
use crate::nn::Mlp;
use crate::objective::Objective;
use crate::rng::Rng;
use crate::stats;
use std::cell::RefCell;

/// The loss of one batch as a function of the flattened parameters.
pub(super) struct BatchLoss<'a> {
    pub net: RefCell<&'a mut Mlp>,
    pub x: &'a [f64],
    pub y: &'a [usize],
    pub rng: RefCell<&'a mut Rng>,
}

/// Every parameter tensor in [`Mlp::for_each_param`] order, one after the other.
pub(super) fn flat_params(net: &mut Mlp) -> (Vec<f64>, Vec<f64>) {
    let (mut values, mut grads) = (Vec::new(), Vec::new());
    net.for_each_param(|p| {
        values.extend_from_slice(p.value);
        grads.extend_from_slice(p.grad);
    });
    (values, grads)
}

/// Write flattened parameters back into the network.
pub(super) fn set_params(net: &mut Mlp, flat: &[f64]) {
    let mut at = 0;
    net.for_each_param(|p| {
        let n = p.value.len();
        p.value.copy_from_slice(&flat[at..at + n]);
        at += n;
    });
}

impl Objective for BatchLoss<'_> {
    fn value(&self, p: &[f64]) -> f64 {
        let mut net = self.net.borrow_mut();
        set_params(&mut net, p);
        net.loss(self.x, self.y, Mode::Train, &mut self.rng.borrow_mut()).total()
    }

    fn grad(&self, p: &[f64], out: &mut [f64]) {
        let mut net = self.net.borrow_mut();
        set_params(&mut net, p);
        net.loss(self.x, self.y, Mode::Train, &mut self.rng.borrow_mut());
        net.backward(self.y);
        let mut at = 0;
        net.for_each_param(|q| {
            out[at..at + q.grad.len()].copy_from_slice(q.grad);
            at += q.grad.len();
        });
    }
}

impl Trainer {
    /// One L-BFGS iteration on the batch's loss over every parameter; false if it blew up.
    pub(super) fn lbfgs_step(&mut self, lr: f64) -> bool {
        let (mut params, grads) = flat_params(&mut self.net);
        let before = params.clone();
        let opt = &mut self.optimizers[0];
        opt.set_lr(lr);
        {
            let objective = BatchLoss {
                net: std::cell::RefCell::new(&mut self.net),
                x: &self.batch_x,
                y: &self.batch_y,
                rng: std::cell::RefCell::new(&mut self.rng),
            };
            opt.step_with(&mut params, &objective, &grads);
        }
        set_params(&mut self.net, &params);
        let (mut at, mut finite, ratios) = (0, true, &mut self.ratios);
        self.net.for_each_param(|p| {
            let old = &before[at..at + p.value.len()];
            at += p.value.len();
            let delta_sq: f64 = p.value.iter().zip(old).map(|(a, b)| (a - b) * (a - b)).sum();
            finite &= delta_sq.is_finite() && p.value.iter().all(|v| v.abs() < DIVERGED_PARAM);
            if p.kind == ParamKind::Weight {
                ratios[p.layer] = stats::update_to_weight_ratio(&[delta_sq.sqrt()], &[stats::norm(old)]);
            }
        });
        finite
    }

    /// One step of each parameter tensor's own optimizer, measuring each layer's update/weight
    /// ratio if `measure`; false if it blew up.
    pub(super) fn tensor_steps(&mut self, lr: f64, measure: bool) -> bool {
        let (opts, before, ratios) = (&mut self.optimizers, &mut self.w_before, &mut self.ratios);
        let (mut i, mut finite) = (0, true);
        self.net.for_each_param(|p| {
            let opt = &mut opts[i];
            i += 1;
            opt.set_lr(lr);
            if p.kind != ParamKind::Weight || !measure {
                opt.step(p.value, p.grad);
                finite &= p.value.iter().all(|v| v.abs() < DIVERGED_PARAM);
                return;
            }
            before.clear();
            before.extend_from_slice(p.value);
            opt.step(p.value, p.grad);
            // ‖lr·update‖/‖W‖ with W before the step (CS231n: want about 1e-3).
            let delta_sq: f64 = p.value.iter().zip(before.iter()).map(|(a, b)| (a - b) * (a - b)).sum();
            // A finite but astronomically large weight overflows the next forward pass: count
            // it as diverged now, so no read-out shows NaN before the divergence is reported.
            finite &= delta_sq.is_finite() && p.value.iter().all(|v| v.abs() < DIVERGED_PARAM);
            ratios[p.layer] = stats::update_to_weight_ratio(&[delta_sq.sqrt()], &[stats::norm(before)]);
        });
        finite
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::TrainerConfig;

    #[test]
    fn the_batch_loss_gradient_matches_finite_differences() {
        let mut rng = Rng::new(5);
        let cfg = TrainerConfig { layers: 2, width: 5, l2: 1e-3, ..TrainerConfig::default() }.mlp(2, 3);
        let mut net = Mlp::new(&cfg, &mut rng).unwrap();
        let x: Vec<f64> = (0..16).map(|i| ((i * 37 % 11) as f64 - 5.0) / 4.0).collect();
        let y: Vec<usize> = (0..8).map(|i| i % 3).collect();
        let (start, _) = flat_params(&mut net);
        let loss = BatchLoss { net: RefCell::new(&mut net), x: &x, y: &y, rng: RefCell::new(&mut rng) };
        let mut g = vec![0.0; start.len()];
        loss.grad(&start, &mut g);
        for k in (0..start.len()).step_by(3) {
            let (mut up, mut down) = (start.clone(), start.clone());
            up[k] += 1e-6;
            down[k] -= 1e-6;
            let numeric = (loss.value(&up) - loss.value(&down)) / 2e-6;
            assert!((numeric - g[k]).abs() < 1e-6 * (1.0 + g[k].abs()), "parameter {k}: {numeric} vs {}", g[k]);
        }
    }
}
