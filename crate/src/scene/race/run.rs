//! One optimizer's path in a race: the step loop, with gradients from the surface, from
//! minibatches of a data-fit surface's rows, or with Gaussian noise added; divergence stops it.

use crate::optim::{Hyper, Internals, OptimizerKind};
use crate::rng::Rng;
use crate::scene::race::{RaceConfig, Run, DIVERGENCE_BOUND};
use crate::schedule::Schedule;
use crate::surface::data_fit::{DataFit, Minibatch, Sampler};
use crate::surface::Surface;

/// Run one optimizer (kind, hyperparameters, minibatch size) from the start for `cfg.steps`
/// steps or until it diverges. On a data-fit surface with a minibatch size below N, each
/// gradient (and what L-BFGS and Newton look at) comes from the next minibatch.
pub(super) fn run(
    surface: &Surface,
    spec: (OptimizerKind, &Hyper, Option<usize>),
    schedule: &Schedule,
    cfg: &RaceConfig,
) -> Run {
    run_observed(surface, spec, schedule, cfg, |_| {})
}

/// What one update saw and did (the maths panel replays a run to show them): update `t`
/// (0-based), its rate, the gradient it used (noise included), where it started and landed, and
/// the optimizer's state after it.
pub struct Observed<'a> {
    pub t: usize,
    pub lr: f64,
    pub grad: [f64; 2],
    pub from: [f64; 2],
    pub to: [f64; 2],
    pub state: Internals<'a>,
}

/// [`run`], calling `observe` after every update that stayed in bounds.
pub(super) fn run_observed(
    surface: &Surface,
    (kind, hyper, batch): (OptimizerKind, &Hyper, Option<usize>),
    schedule: &Schedule,
    cfg: &RaceConfig,
    mut observe: impl FnMut(&Observed),
) -> Run {
    let mut optimizer = kind.build(hyper);
    // Same noise stream and minibatches for every optimizer: the race is fair.
    let mut rng = Rng::new(cfg.seed);
    let data = surface.data.as_deref();
    let mut sampler = Sampler::new(data.map_or(0, DataFit::len), cfg.seed ^ 0xba7c4);
    let mut p = cfg.start;
    let mut path = Vec::with_capacity(cfg.steps + 1);
    let mut losses = Vec::with_capacity(cfg.steps + 1);
    let mut examples = Vec::with_capacity(cfg.steps + 1);
    path.push(p);
    losses.push(surface.value(p));
    examples.push(0);
    let mut diverged_at = None;
    for t in 0..cfg.steps {
        optimizer.set_lr(schedule.lr_at(hyper.lr, t));
        let rows = match (data, batch) {
            (Some(fit), Some(b)) if b < fit.len() => Some(sampler.next(b)),
            _ => None,
        };
        let mut g = match (data, rows) {
            (Some(fit), Some(rows)) => fit.grad_on(p, rows.iter().copied()),
            _ => surface.grad(p),
        };
        if cfg.noise > 0.0 {
            g[0] += cfg.noise * rng.normal();
            g[1] += cfg.noise * rng.normal();
        }
        let from = p;
        match (data, rows) {
            (Some(fit), Some(rows)) => optimizer.step_with(&mut p, &Minibatch { fit, rows }, &g),
            _ => optimizer.step_with(&mut p, surface, &g),
        }
        let loss = surface.value(p);
        if !(loss.is_finite() && p.iter().all(|v| v.abs() <= DIVERGENCE_BOUND)) {
            diverged_at = Some(t + 1);
            break;
        }
        observe(&Observed { t, lr: optimizer.lr(), grad: g, from, to: p, state: optimizer.internals() });
        path.push(p);
        losses.push(loss);
        let seen = rows.map_or_else(|| data.map_or(1, DataFit::len), <[usize]>::len);
        examples.push(examples[t] + seen);
    }
    Run { optimizer: kind, lr: hyper.lr, path, losses, diverged_at, batch, examples }
}
