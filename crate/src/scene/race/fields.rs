//! The race's field table: every control of the optimizer race, declared once (hash key, CLI
//! flag, config name, label, range); the URL-hash codec, validation, CLI and page read it.

use crate::error::{ConfigError, Result};
use crate::fields::{self, Config, Field, HashText, Kind};
use crate::optim::{hyper_fields, lr_field, HasHyper, Hyper, OptimizerKind};
use crate::place;
use crate::preprocess::StageKind;
use crate::scene::preprocess::fit::RACE_POINTS;
use crate::scene::race::{default_lr, LrOverride, RaceConfig, LR_RANGE, MAX_BATCHES, X_AXES};
use crate::schedule::Schedule;
use crate::surface::{Surface, SurfaceKind, KAPPA_RANGE};

type F = Field<RaceConfig>;
use std::sync::OnceLock;

/// The race's learning rates, shared (`lr`) and per optimizer (`lro`).
const LR: Kind = Kind::log(LR_RANGE.0, LR_RANGE.1);

/// Start coordinates a race accepts (either axis).
const START_RANGE: (f64, f64) = (-1e3, 1e3);

impl HasHyper for RaceConfig {
    fn hyper(&self) -> &Hyper {
        &self.hyper
    }
    fn hyper_mut(&mut self) -> &mut Hyper {
        &mut self.hyper
    }
}

fn surface_names() -> Vec<&'static str> {
    SurfaceKind::ALL.map(|k| k.name()).to_vec()
}

fn optimizer_names() -> Vec<&'static str> {
    OptimizerKind::ALL.map(|k| k.name()).to_vec()
}

impl Config for RaceConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<Field<RaceConfig>>> = OnceLock::new();
        FIELDS.get_or_init(|| {
            let (start_lo, start_hi) = START_RANGE;
            let mut rows = vec![
                F::new("surf", "surface", "race.surface", Kind::Choice(surface_names), place!(surface)).flag("surface"),
                F::new("kappa", "kappa", "race.kappa", Kind::linear(KAPPA_RANGE.0, KAPPA_RANGE.1), place!(kappa))
                    .slider(1.0, 100.0, 1.0),
                F::new("x0", "x0", "field.x0", Kind::linear(start_lo, start_hi), place!(start[0])),
                F::new("y0", "y0", "field.y0", Kind::linear(start_lo, start_hi), place!(start[1])),
                F::new("opt", "optimizers", "race.optimizers", Kind::List(optimizer_names), place!(optimizers))
                    .flag("optimizers"),
                lr_field(LR, [1e-4, 10.0, 0.01]),
                F::new(
                    "lro",
                    "lro",
                    "field.lr_overrides",
                    Kind::Text { check: check_overrides, example: "newton:1,lbfgs:1" },
                    (|c| Some(overrides_text(&c.lr_overrides)), |c, v| c.lr_overrides = overrides(v)),
                )
                .flag("lr-overrides"),
            ];
            rows.extend(hyper_fields());
            rows.extend([
                F::new("noise", "noise", "race.noise", Kind::linear(0.0, 100.0), place!(noise)).slider(0.0, 10.0, 0.1),
                F::new(
                    "sched",
                    "schedule",
                    "race.schedule",
                    Kind::Choice(|| Schedule::NAMES.to_vec()),
                    place!(schedule),
                )
                .flag("schedule"),
                F::new("steps", "steps", "race.steps", Kind::Count { lo: 1, hi: 5000 }, place!(steps))
                    .slider(10.0, 1000.0, 10.0),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
                F::new(
                    "batch",
                    "batches",
                    "race.batch",
                    Kind::Text { check: check_batches, example: "200,20,1" },
                    (|c| Some(batches_text(&c.batches)), |c, v| c.batches = batches(v)),
                )
                .flag("batch"),
                F::new("dstage", "dataStage", "race.data_stage", Kind::Choice(stage_names), place!(data_stage))
                    .flag("data-stage"),
                F::new("xaxis", "xAxis", "race.x_axis", Kind::Choice(|| X_AXES.to_vec()), place!(x_axis))
                    .flag("x-axis"),
                F::new("look", "lookAhead", "race.look_ahead", Kind::Flag, place!(look_ahead))
                    .flag("look-ahead")
                    .apply(crate::fields::Apply::Hot),
            ]);
            rows
        })
    }

    fn rules(&self) -> Result<()> {
        let kind = SurfaceKind::from_name(&self.surface).unwrap_or(SurfaceKind::Quadratic);
        Surface { kind, kappa: self.kappa, data: None }.validate()
    }

    /// Without `x0`/`y0` (`lr`) a link's surface brings its own start (rate). Without `lro`, a
    /// link runs every first-order optimizer at the shared rate: only the opening race (no link
    /// at all) gives momentum and Adam rates of their own.
    fn complete(&mut self, given: &[&'static str]) {
        if !given.is_empty() && !given.contains(&"lro") {
            self.lr_overrides = crate::scene::race::second_order_overrides();
        }
        let kind = SurfaceKind::from_name(&self.surface).unwrap_or(SurfaceKind::Quadratic);
        if !given.contains(&"x0") && !given.contains(&"y0") {
            self.start = Surface::with_data(kind, self.kappa, StageKind::Raw, self.seed).default_start();
        }
        if !given.contains(&"lr") {
            self.hyper.lr = default_lr(kind);
        }
    }
}

impl RaceConfig {
    /// Decode a hash (`surf=rosenbrock&lr=0.01&…`) over the defaults (see [`fields::from_hash`]).
    pub fn from_hash(encoded: &str) -> Result<Self> {
        fields::from_hash(encoded)
    }

    /// Encode every field, so a link restores the race exactly.
    pub fn to_hash(&self) -> String {
        fields::to_hash(self)
    }
}

fn stage_names() -> Vec<&'static str> {
    StageKind::ALL.map(|k| k.name()).to_vec()
}

fn batches_text(list: &[usize]) -> String {
    list.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

fn batches(text: &str) -> Vec<usize> {
    text.split(',').filter_map(|b| b.trim().parse().ok()).collect()
}

/// `B,B,…`: one to four distinct minibatch sizes, each 1…N (N = the data's rows).
fn check_batches(field: &str, text: &str) -> Result<()> {
    let items: Vec<&str> = text.split(',').filter(|s| !s.is_empty()).collect();
    if items.is_empty() || items.len() > MAX_BATCHES {
        let args = [("example", "200,20,1".to_string())];
        return Err(ConfigError::rule_with(
            field,
            "batch_list",
            &args,
            "must be a list like 200,20,1 of one to four sizes",
        ));
    }
    for (i, item) in items.iter().enumerate() {
        Kind::Count { lo: 1, hi: RACE_POINTS }.check(field, item)?;
        if items[..i].contains(item) {
            let args = [("name", item.to_string())];
            return Err(ConfigError::rule_with(field, "twice", &args, format!("lists {item:?} twice")));
        }
    }
    Ok(())
}

fn overrides_text(list: &[LrOverride]) -> String {
    list.iter().map(|o| format!("{}:{}", o.optimizer, o.lr.to_text())).collect::<Vec<_>>().join(",")
}

fn overrides(text: &str) -> Vec<LrOverride> {
    let items = text.split(',').filter_map(|item| item.split_once(':'));
    items.map(|(name, lr)| LrOverride { optimizer: name.to_string(), lr: f64::from_text(lr) }).collect()
}

/// `name:lr,…`: known optimizers, each once, each rate in the race's range.
fn check_overrides(field: &str, text: &str) -> Result<()> {
    let mut seen = Vec::new();
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let (name, lr) = item.split_once(':').ok_or_else(|| {
            let args = [("example", "newton:1,lbfgs:1".to_string())];
            ConfigError::rule_with(field, "list_like", &args, "must be a list like newton:1,lbfgs:1")
        })?;
        if OptimizerKind::from_name(name).is_none() {
            return Err(ConfigError::one_of(field, name, &optimizer_names()));
        }
        if seen.contains(&name) {
            let args = [("name", name.to_string())];
            return Err(ConfigError::rule_with(field, "twice", &args, format!("sets {name:?} twice")));
        }
        seen.push(name);
        LR.check(field, lr)?;
    }
    Ok(())
}
