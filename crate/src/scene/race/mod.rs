//! Optimizer race (CS231n "Training Neural Networks II": SGD's zigzag in a narrow valley,
//! momentum, adaptive methods, second-order methods and saddle points).
//!
//! A UI-free state machine: the config fixes everything (surface, start, optimizers,
//! hyperparameters, schedule, gradient noise, seed); every path is recomputed in full when
//! the config changes (cheap: 11 × 1000 two-dimensional steps), and `shown` is the step the
//! animation has reached.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
mod fields;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod lookahead;
pub mod maths;
mod presets;
pub mod rates;
pub mod render;
mod render_lookahead;
mod run;
pub mod verdict;
#[cfg(target_arch = "wasm32")]
mod web;

use crate::error::{check_range, ConfigError, Result};
use crate::optim::{Hyper, OptimizerKind};
use crate::preprocess::StageKind;
use crate::scene::preprocess::fit::RACE_POINTS;
pub use crate::scene::race::presets::{Entry, DEFAULT_CLAIMS, DEFAULT_LINK, PRESETS};
use crate::scene::race::rates::suggested_lr;
use crate::scene::race::run::run;
use crate::schedule::Schedule;
use crate::surface::{Surface, SurfaceKind};
use serde::Serialize;

/// Learning rates a race accepts, shared and per optimizer (a zero rate would draw nothing).
pub const LR_RANGE: (f64, f64) = (1e-6, crate::optim::LR_RANGE.1);

/// Positions beyond this (in either coordinate) count as diverged.
pub const DIVERGENCE_BOUND: f64 = 1e6;

/// Everything that defines a race.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceConfig {
    /// Loss surface name (see `SurfaceKind::name`).
    pub surface: String,
    /// Condition number κ of the quadratic (ignored by the other surfaces).
    pub kappa: f64,
    /// Start point (x, y).
    pub start: [f64; 2],
    /// Optimizers in the race, by name.
    pub optimizers: Vec<String>,
    /// Hyperparameters shared by every optimizer (PyTorch names); `hyper.lr` is the learning
    /// rate of every optimizer without an override.
    #[serde(flatten)]
    pub hyper: Hyper,
    /// Per-optimizer learning rates that replace `hyper.lr`.
    pub lr_overrides: Vec<LrOverride>,
    /// Std of Gaussian noise added to every gradient component (minibatch noise).
    pub noise: f64,
    /// Learning-rate schedule name (see `SCHEDULES`).
    pub schedule: String,
    /// Number of optimizer steps.
    pub steps: usize,
    /// Seed of the gradient noise, of the minibatches and of a data-fit surface's data.
    pub seed: u64,
    /// Minibatch sizes on a data-fit surface: every optimizer runs once per size.
    pub batches: Vec<usize>,
    /// The data-fit surface's data after this preprocessing stage (`StageKind` names).
    pub data_stage: String,
    /// The loss chart's x-axis: optimizer steps, or examples processed (compute).
    pub x_axis: String,
    /// Draw Nesterov's look-ahead picture at the momentum runs' current points.
    pub look_ahead: bool,
}

/// Most minibatch sizes one race compares.
pub const MAX_BATCHES: usize = 4;
/// The loss chart's x-axes.
pub const X_AXES: [&str; 2] = ["steps", "examples"];

/// A learning rate for one optimizer that replaces the shared one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LrOverride {
    /// Optimizer name.
    pub optimizer: String,
    /// Its learning rate.
    pub lr: f64,
}

impl Default for RaceConfig {
    fn default() -> Self {
        let surface = Surface::new(SurfaceKind::Quadratic);
        Self {
            surface: "quadratic".into(),
            kappa: 100.0,
            start: surface.default_start(),
            optimizers: ["sgd", "momentum", "adam"].map(String::from).to_vec(),
            hyper: Hyper { lr: default_lr(SurfaceKind::Quadratic), ..Hyper::default() },
            lr_overrides: [("momentum", 0.0038), ("adam", 0.1)]
                .into_iter()
                .map(|(k, lr)| LrOverride { optimizer: k.into(), lr })
                .chain(second_order_overrides())
                .collect(),
            noise: 0.0,
            schedule: "constant".into(),
            steps: 120,
            seed: 1,
            batches: vec![RACE_POINTS],
            data_stage: "raw".into(),
            x_axis: "steps".into(),
            look_ahead: false,
        }
    }
}

/// The shared learning rate a surface starts with: on the default valley (κ = 100), one at which
/// SGD visibly zigzags (|1 − lr·κ| = 0.9); elsewhere the rate that suits plain SGD there.
pub fn default_lr(surface: SurfaceKind) -> f64 {
    match surface {
        SurfaceKind::Quadratic => 0.019,
        other => suggested_lr(OptimizerKind::Sgd, other),
    }
}

/// Newton, L-BFGS and AdaDelta are defined with lr 1; a shared first-order rate would cripple them.
pub(super) fn second_order_overrides() -> Vec<LrOverride> {
    [OptimizerKind::Newton, OptimizerKind::Lbfgs, OptimizerKind::Adadelta]
        .map(|k| LrOverride { optimizer: k.name().into(), lr: 1.0 })
        .to_vec()
}

/// A checked config: names resolved to kinds.
pub(super) struct Plan {
    pub(super) surface: Surface,
    pub(super) optimizers: Vec<(OptimizerKind, Hyper)>,
    pub(super) schedule: Schedule,
}

impl RaceConfig {
    /// Validate every field (the race's field table, then its rules) and resolve the names.
    pub(super) fn plan(&self) -> Result<Plan> {
        crate::fields::validate(self)?;
        let kind = SurfaceKind::from_name(&self.surface).unwrap_or(SurfaceKind::Quadratic);
        let stage = StageKind::from_name(&self.data_stage).unwrap_or(StageKind::Raw);
        let surface = Surface::with_data(kind, self.kappa, stage, self.seed);
        let mut optimizers = Vec::with_capacity(self.optimizers.len());
        for kind in self.optimizers.iter().filter_map(|name| OptimizerKind::from_name(name)) {
            optimizers.push((kind, self.hyper(kind)?));
        }
        let schedule = schedule_for(&self.schedule, self.steps)?;
        Ok(Plan { surface, optimizers, schedule })
    }

    /// Check every field without running anything.
    pub fn validate(&self) -> Result<()> {
        self.plan().map(|_| ())
    }

    /// The same race with every optimizer at the rate tuned for it on this surface
    /// (the reference runs' rates), instead of one shared rate. On the valley the rates of plain
    /// gradient steps scale with 1/κ (the reference runs' κ is 25; SGD is stable below 2/κ), the
    /// adaptive methods' do not.
    pub fn with_tuned_rates(&self) -> Self {
        let surface = SurfaceKind::from_name(&self.surface).unwrap_or(SurfaceKind::Quadratic);
        let curvature = |k: OptimizerKind| match (surface, k) {
            (SurfaceKind::Quadratic, OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov) => {
                crate::surface::DEFAULT_KAPPA / self.kappa
            }
            _ => 1.0,
        };
        let lr_overrides = OptimizerKind::ALL
            .iter()
            .map(|&k| LrOverride { optimizer: k.name().into(), lr: suggested_lr(k, surface) * curvature(k) })
            .collect();
        Self { lr_overrides, ..self.clone() }
    }

    /// The same race with one shared rate (second-order methods keep lr 1).
    pub fn with_shared_rate(&self) -> Self {
        Self { lr_overrides: second_order_overrides(), ..self.clone() }
    }

    /// The learning rate `kind` runs with (its override, else the shared one).
    pub fn lr_for(&self, kind: OptimizerKind) -> f64 {
        self.lr_overrides.iter().find(|o| o.optimizer == kind.name()).map_or(self.hyper.lr, |o| o.lr)
    }

    fn hyper(&self, kind: OptimizerKind) -> Result<Hyper> {
        let lr = check_range(&format!("lr_{}", kind.name()), self.lr_for(kind), LR_RANGE.0, LR_RANGE.1)?;
        Ok(Hyper { lr, ..self.hyper.clone() })
    }
}

/// The schedule `name` stretched over `steps` steps.
fn schedule_for(name: &str, steps: usize) -> Result<Schedule> {
    let n = steps as f64;
    let allowed = || ConfigError::one_of("schedule", name, &Schedule::NAMES);
    Ok(match name {
        "constant" => Schedule::Constant,
        "step" => Schedule::Step { step_size: (steps / 3).max(1), gamma: 0.1 },
        "exponential" => Schedule::Exponential { gamma: 0.01f64.powf(1.0 / n) },
        "inverse_time" => Schedule::InverseTime { k: 10.0 / n },
        "cosine" => Schedule::Cosine { t_max: steps, eta_min: 0.0 },
        "warmup_cosine" => Schedule::WarmupCosine { warmup: (steps / 10).max(1), total: steps },
        _ => return Err(allowed()),
    })
}

/// One optimizer's whole path.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// Which optimizer.
    pub optimizer: OptimizerKind,
    /// Its base learning rate.
    pub lr: f64,
    /// Positions, index 0 = start, index k = after k steps (stops at divergence).
    pub path: Vec<[f64; 2]>,
    /// Loss at each position.
    pub losses: Vec<f64>,
    /// The step at which the run left the finite/bounded region, if it did.
    pub diverged_at: Option<usize>,
    /// Its minibatch size on a data-fit surface.
    pub batch: Option<usize>,
    /// Examples processed up to each position (the steps themselves on analytic surfaces).
    pub examples: Vec<usize>,
}

impl Run {
    /// Index into `path` shown at animation step `shown`.
    pub fn index_at(&self, shown: usize) -> usize {
        shown.min(self.path.len() - 1)
    }
}

/// The race state: config, computed runs, and the animation position.
pub struct Race {
    config: RaceConfig,
    surface: Surface,
    runs: Vec<Run>,
    shown: usize,
}

impl Race {
    /// Build and compute a race, or refuse the config.
    pub fn new(config: RaceConfig) -> Result<Self> {
        let plan = config.plan()?;
        let mut race = Self { surface: plan.surface.clone(), config, runs: Vec::new(), shown: 0 };
        race.compute(&plan);
        Ok(race)
    }

    /// Replace the config; on refusal the previous state stays. The animation position is kept
    /// (clamped), so dragging a slider mid-animation redraws the paths up to the same step.
    pub fn set(&mut self, config: RaceConfig) -> Result<()> {
        let plan = config.plan()?;
        self.surface = plan.surface.clone();
        self.config = config;
        self.compute(&plan);
        self.shown = self.shown.min(self.config.steps);
        Ok(())
    }

    /// Every optimizer once per minibatch size on a data-fit surface, once on the others.
    fn compute(&mut self, plan: &Plan) {
        let batches: Vec<Option<usize>> = match self.surface.data {
            Some(_) => self.config.batches.iter().map(|&b| Some(b)).collect(),
            None => vec![None],
        };
        let mut runs = Vec::new();
        for (kind, hyper) in &plan.optimizers {
            for &batch in &batches {
                runs.push(run(&self.surface, (*kind, hyper, batch), &plan.schedule, &self.config));
            }
        }
        self.runs = runs;
    }

    /// Advance the animation by `n` steps (stops at the last step); returns the step shown.
    pub fn step(&mut self, n: usize) -> usize {
        self.shown = self.shown.saturating_add(n).min(self.config.steps);
        self.shown
    }

    /// Jump the animation to step `k` (0 = start).
    pub fn seek(&mut self, k: usize) {
        self.shown = k.min(self.config.steps);
    }

    /// The config in force.
    pub fn config(&self) -> &RaceConfig {
        &self.config
    }

    /// The surface in force.
    pub fn surface(&self) -> &Surface {
        &self.surface
    }

    /// Every run, in config order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The animation step.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// Read-outs for the legend at the current animation step.
    pub fn snapshot(&self) -> RaceSnapshot {
        let runs = self
            .runs
            .iter()
            .map(|r| {
                let i = r.index_at(self.shown);
                RunStatus {
                    optimizer: r.optimizer.name().to_string(),
                    label: match r.batch {
                        Some(b) => format!("{} · B = {b}", r.optimizer.label()),
                        None => r.optimizer.label().to_string(),
                    },
                    batch: r.batch,
                    examples: r.examples[i],
                    lr: r.lr,
                    step: i,
                    loss: r.losses[i],
                    position: r.path[i],
                    diverged_at: r.diverged_at.filter(|&d| d <= self.shown),
                    verdict: crate::scene::race::verdict::verdict(self, r, self.shown),
                }
            })
            .collect();
        RaceSnapshot { shown: self.shown, steps: self.config.steps, runs }
    }
}

/// Legend read-outs.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceSnapshot {
    /// Animation step.
    pub shown: usize,
    /// Total steps.
    pub steps: usize,
    /// One entry per optimizer.
    pub runs: Vec<RunStatus>,
}

/// One optimizer's read-out at the animation step.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunStatus {
    /// Optimizer name.
    pub optimizer: String,
    /// Display label (with the minibatch size on a data-fit surface).
    pub label: String,
    /// Minibatch size on a data-fit surface.
    pub batch: Option<usize>,
    /// Examples processed up to the step shown.
    pub examples: usize,
    /// Base learning rate.
    pub lr: f64,
    /// Step reached (less than the animation step once diverged).
    pub step: usize,
    /// Loss there.
    pub loss: f64,
    /// Position there.
    pub position: [f64; 2],
    /// Set once the animation reaches the divergence.
    pub diverged_at: Option<usize>,
    /// What the run is doing at the step shown, in words the page writes.
    pub verdict: crate::scene::race::verdict::RunVerdict,
}
