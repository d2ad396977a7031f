//! The hyperparameter-search scene: its link fields (the base network, the ranges, the
//! strategy), the trials of one strategy or of grid and random side by side on the same budget,
//! their results as the workers send them, the best trial and the edge warning, zooming into a
//! region, and the learning-rate sweep with the lecture's fixed-rate curves.

#[cfg(not(target_arch = "wasm32"))]
pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod csv;
#[cfg(not(target_arch = "wasm32"))]
pub mod figure;
pub mod render;
#[cfg(target_arch = "wasm32")]
mod web;

use crate::claims::Preset;
use crate::data::DatasetKind;
use crate::error::{ConfigError, Result};
use crate::fields::{self, Config, Field, Kind};
use crate::nn::Activation;
use crate::optim::OptimizerKind;
use crate::search::sweep::{pattern_rates, Sweep};
use crate::search::{self, ParamRange, SearchPlan, Strategy, TrialResult};
use crate::train::TrainerConfig;
use crate::train::{activation_row, dataset_row, optimizer_row};
use crate::{named, place};
use std::sync::OnceLock;

/// The strategies a link may ask for: one, or both on the same budget.
pub const STRATEGIES: [&str; 3] = ["random", "grid", "both"];
/// Presets: the lecture's searches, as link fields over the defaults.
pub const PRESETS: [Preset; 4] = [
    Preset { id: "lr_l2", link: "", claims: &["best_inside(lr)", "some_explode"] },
    Preset {
        id: "grid_vs_random",
        link: "strat=both&trials=9&p=lr:1e-4:1:log,dropout:0:0.6:lin",
        claims: &["more_distinct(lr)"],
    },
    Preset {
        id: "coarse",
        link: "epochs=3&trials=32&p=lr:1e-6:10:log,l2:1e-6:1:log",
        claims: &["some_explode", "best_band(lr,0.34)"],
    },
    Preset {
        id: "digits",
        link: "ds=digits&n=1797&width=64&layers=1&epochs=5&p=lr:1e-4:1:log,l2:1e-6:1e-1:log",
        claims: &["best_inside(lr)"],
    },
];

/// A search as the page's link holds it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchConfig {
    pub dataset: DatasetKind,
    pub points: usize,
    pub layers: usize,
    pub width: usize,
    pub activation: Activation,
    pub optimizer: OptimizerKind,
    /// The rate of trials that do not search it.
    pub lr: f64,
    pub epochs: usize,
    /// One of [`STRATEGIES`].
    pub strategy: String,
    pub trials: usize,
    /// `name:lo:hi:log|lin`, comma-separated.
    pub params: String,
    pub seed: u64,
    /// Run the learning-rate finder as soon as the scene opens (the lecture's step on it).
    pub finder: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        let t = TrainerConfig::default();
        Self {
            dataset: t.dataset,
            points: t.points,
            layers: t.layers,
            width: t.width,
            activation: t.activation,
            optimizer: OptimizerKind::Adam,
            lr: 1e-3,
            epochs: 10,
            strategy: "random".into(),
            trials: 16,
            params: "lr:1e-4:1:log,l2:1e-6:1e-1:log".into(),
            seed: 0,
            finder: false,
        }
    }
}

impl Config for SearchConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<Field<SearchConfig>>> = OnceLock::new();
        type F = Field<SearchConfig>;
        FIELDS.get_or_init(|| {
            vec![
                dataset_row::<SearchConfig>(named!(dataset, DatasetKind)),
                F::new("n", "points", "train.points", Kind::Count { lo: 20, hi: 2000 }, place!(points))
                    .slider(20.0, 2000.0, 10.0),
                F::new("layers", "layers", "train.layers", Kind::Count { lo: 1, hi: 4 }, place!(layers)),
                F::new("width", "width", "train.width", Kind::Count { lo: 1, hi: 128 }, place!(width)),
                activation_row::<SearchConfig>(named!(activation, Activation)),
                optimizer_row::<SearchConfig>(named!(optimizer, OptimizerKind)),
                F::new("lr", "lr", "race.learning_rate", Kind::log(1e-6, 10.0), place!(lr)).slider(1e-5, 1.0, 0.01),
                F::new("epochs", "epochs", "field.epochs", Kind::Count { lo: 1, hi: 50 }, place!(epochs)).was("ep"),
                F::new("strat", "strategy", "search.strategy", Kind::Choice(|| STRATEGIES.to_vec()), place!(strategy)),
                F::new(
                    "trials",
                    "trials",
                    "search.trials",
                    Kind::Count { lo: 1, hi: crate::search::MAX_TRIALS },
                    place!(trials),
                ),
                F::new(
                    "p",
                    "params",
                    "search.params",
                    Kind::Text { check: check_params, example: "lr:1e-4:1:log,l2:1e-6:0.1:log" },
                    place!(params),
                ),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new("finder", "finder", "search.finder_on_open", Kind::Flag, place!(finder))
                    .apply(crate::fields::Apply::Hot),
            ]
        })
    }

    /// The base network must train, the plans must be valid, and so must the trials at both
    /// corners of the ranges (dropout with L-BFGS is refused before any trial runs).
    fn rules(&self) -> Result<()> {
        let base = self.base()?;
        let plans = self.plans()?;
        let params = &plans[0].params;
        for u in [0.0, 1.0] {
            let corner: Vec<f64> = params.iter().map(|p| p.value_at(u)).collect();
            search::trial_config(&base, params, &corner)?;
        }
        Ok(())
    }
}

fn check_params(field: &str, text: &str) -> Result<()> {
    parse_params(text).map(|_| ()).map_err(|e| ConfigError { field: field.to_string(), ..e })
}

fn parse_params(text: &str) -> Result<Vec<ParamRange>> {
    let params = text.split(',').filter(|s| !s.is_empty()).map(ParamRange::parse).collect::<Result<Vec<_>>>()?;
    search::check_ranges(&params)?;
    Ok(params)
}

impl SearchConfig {
    /// The network every trial starts from (the trainer's defaults elsewhere).
    pub fn base(&self) -> Result<TrainerConfig> {
        let mut base = TrainerConfig {
            dataset: self.dataset,
            points: self.points,
            layers: self.layers,
            width: self.width,
            activation: self.activation,
            optimizer: self.optimizer,
            epochs: self.epochs,
            seed: self.seed,
            ..TrainerConfig::default()
        };
        base.hyper.lr = self.lr;
        base.validate()?;
        Ok(base)
    }

    /// One plan per strategy shown (grid and random on the same budget for `both`).
    pub fn plans(&self) -> Result<Vec<SearchPlan>> {
        let params = parse_params(&self.params)?;
        let strategies = match self.strategy.as_str() {
            "grid" => vec![Strategy::Grid],
            "both" => vec![Strategy::Grid, Strategy::Random],
            _ => vec![Strategy::Random],
        };
        strategies.into_iter().map(|s| SearchPlan::new(params.clone(), s, self.trials)).collect()
    }
}

/// A running or finished search: every trial's config and, once it arrives, its result.
pub struct SearchRun {
    config: SearchConfig,
    base: TrainerConfig,
    plans: Vec<SearchPlan>,
    /// Per plan: each trial's parameter values and result.
    trials: Vec<Vec<(Vec<f64>, Option<TrialResult>)>>,
    sweep: Option<Sweep>,
    /// The fixed-rate loss curves, by [`pattern_rates`] order.
    curves: [Option<Vec<f64>>; 4],
}

impl SearchRun {
    /// Plan the search of `config`.
    pub fn new(config: SearchConfig) -> Result<Self> {
        fields::validate(&config)?;
        let base = config.base()?;
        let plans = config.plans()?;
        let trials = plans.iter().map(|p| p.points(config.seed).into_iter().map(|v| (v, None)).collect()).collect();
        Ok(Self { config, base, plans, trials, sweep: None, curves: Default::default() })
    }

    pub fn config(&self) -> &SearchConfig {
        &self.config
    }

    pub fn plans(&self) -> &[SearchPlan] {
        &self.plans
    }

    /// The searched ranges (the same for every plan).
    pub fn params(&self) -> &[ParamRange] {
        &self.plans[0].params
    }

    /// Trials over all plans; trial `g` is plan `g mod plans`, so both strategies fill in evenly.
    pub fn trial_count(&self) -> usize {
        self.plans.len() * self.config.trials
    }

    fn locate(&self, g: usize) -> Option<(usize, usize)> {
        (g < self.trial_count()).then(|| (g % self.plans.len(), g / self.plans.len()))
    }

    /// The trainer config of trial `g`.
    pub fn trial_config(&self, g: usize) -> Result<TrainerConfig> {
        let (p, i) =
            self.locate(g).ok_or_else(|| ConfigError::count("trial", &g.to_string(), 0, self.trial_count() as u64))?;
        search::trial_config(&self.base, self.params(), &self.trials[p][i].0)
    }

    /// Take trial `g`'s numbers `[epochs, exploded, train_acc, val_acc, train_loss, val_loss]` as
    /// [`crate::search::run_trial`] gives them (NaN: none); a wrong index or length is ignored.
    pub fn accept(&mut self, g: usize, numbers: &[f64]) {
        let (Some((p, i)), Ok(config), &[epochs, exploded, train_acc, val_acc, train_loss, val_loss]) =
            (self.locate(g), self.trial_config(g), numbers)
        else {
            return;
        };
        let some = |v: f64| v.is_finite().then_some(v);
        let params = self.params().iter().map(|r| (r.name.to_string(), r.read(&config))).collect();
        self.trials[p][i].1 = Some(TrialResult {
            params,
            seed: config.seed,
            train_acc: some(train_acc),
            val_acc: some(val_acc),
            train_loss: some(train_loss),
            val_loss: some(val_loss),
            epochs: epochs as usize,
            exploded: exploded != 0.0,
        });
    }

    /// Trials finished so far.
    pub fn done(&self) -> usize {
        self.trials.iter().flatten().filter(|t| t.1.is_some()).count()
    }

    /// Plan `p`'s finished results with their trial index within the plan.
    pub fn results(&self, p: usize) -> Vec<(usize, &TrialResult)> {
        let trials = self.trials.get(p).map_or(&[][..], Vec::as_slice);
        trials.iter().enumerate().filter_map(|(i, t)| Some((i, t.1.as_ref()?))).collect()
    }

    /// Where trial result `r` sits on the scatter: the first range's position across, the second's
    /// up (one range: the validation accuracy up).
    pub fn position(&self, r: &TrialResult) -> (f64, f64) {
        let params = self.params();
        let at = |k: usize| r.params.get(k).map_or(0.0, |(_, v)| params[k].position(*v));
        (at(0), if params.len() > 1 { at(1) } else { r.val_acc.unwrap_or(0.0) })
    }

    /// Plan `p`'s best trial (its index within the plan).
    pub fn best(&self, p: usize) -> Option<usize> {
        search::best_of(self.results(p))
    }

    /// The parameters whose best value in plan `p` lies at the edge of its range.
    pub fn edge(&self, p: usize) -> Vec<&'static str> {
        match self.best(p).and_then(|i| self.trials[p][i].1.as_ref()) {
            Some(best) => search::at_edge(self.params(), best),
            None => Vec::new(),
        }
    }

    /// A finer search over `[u0, u1] × [v0, v1]` of the first two ranges, in range positions
    /// (0 = lo, 1 = hi on each scale), as a config (refused if the region is empty).
    pub fn zoom(&self, (u0, u1): (f64, f64), (v0, v1): (f64, f64)) -> Result<SearchConfig> {
        let narrowed: Vec<String> = self
            .params()
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let (a, b) = match k {
                    0 => (u0.min(u1), u0.max(u1)),
                    1 => (v0.min(v1), v0.max(v1)),
                    _ => (0.0, 1.0),
                };
                let (a, b) = (a.clamp(0.0, 1.0), b.clamp(0.0, 1.0));
                let finer = ParamRange { lo: bound_at(r, a), hi: bound_at(r, b), ..r.clone() };
                finer.to_text()
            })
            .collect();
        let next = SearchConfig { params: narrowed.join(","), ..self.config.clone() };
        fields::validate(&next)?;
        Ok(next)
    }

    /// The sweep and the rates of the four fixed-rate curves it suggests.
    pub fn set_sweep(&mut self, sweep: Sweep) {
        self.sweep = Some(sweep);
        self.curves = Default::default();
    }

    pub fn sweep(&self) -> Option<&Sweep> {
        self.sweep.as_ref()
    }

    /// Too low, good, high, very high (after a sweep).
    pub fn pattern_rates(&self) -> Option<[f64; 4]> {
        Some(pattern_rates(self.sweep.as_ref()?.suggested))
    }

    /// The base config at fixed rate `lr` (a fixed-rate curve's run).
    pub fn at_rate(&self, lr: f64) -> TrainerConfig {
        let mut cfg = self.base.clone();
        cfg.hyper.lr = lr;
        cfg
    }

    pub fn base(&self) -> &TrainerConfig {
        &self.base
    }

    /// Curve `k` of the fixed-rate runs (index as in [`Self::pattern_rates`]).
    pub fn set_curve(&mut self, k: usize, curve: Vec<f64>) {
        if let Some(slot) = self.curves.get_mut(k) {
            *slot = Some(curve);
        }
    }

    pub fn curves(&self) -> &[Option<Vec<f64>>; 4] {
        &self.curves
    }

    /// "Random search: 12 / 16 trials" for plan `p`, in the labels' language.
    pub fn title(&self, p: usize, labels: &crate::render::Labels) -> String {
        let key = format!("search_{}", self.plans[p].strategy.name());
        format!("{}: {} / {}", labels.get(&key), self.results(p).len(), self.config.trials)
    }

    /// Every trial, the sweep and its four curves, here and now (figures, tests; the page uses
    /// its workers).
    pub fn run_here(&mut self, digits: Option<std::sync::Arc<crate::data::Digits>>) -> Result<()> {
        for g in 0..self.trial_count() {
            let r = search::run_trial(self.trial_config(g)?, &[], digits.clone())?;
            self.accept(g, &r.numbers());
        }
        self.set_sweep(crate::search::sweep::lr_sweep(&self.base, digits.clone())?);
        for (k, lr) in self.pattern_rates().into_iter().flatten().enumerate() {
            self.set_curve(k, crate::search::sweep::fixed_rate_curve(&self.base, lr, digits.clone())?);
        }
        Ok(())
    }
}

/// A zoomed range's bound at position `u`: whole for counts, else three significant digits (a
/// typed-looking bound in the link), kept inside the range.
fn bound_at(r: &ParamRange, u: f64) -> f64 {
    let v = r.raw_at(u);
    if r.is_whole() {
        return v.round();
    }
    if v == 0.0 {
        return v;
    }
    let scale = 10f64.powi(2 - v.abs().log10().floor() as i32);
    ((v * scale).round() / scale).clamp(r.lo, r.hi)
}

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "search";
    const LABEL: &'static str = "scene.search";
    type Config = SearchConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &["best_inside(lr)", "some_explode"];
    const QUICK: &'static str = "epochs=1&trials=4";

    crate::scene::scene_outputs!(self);
}
