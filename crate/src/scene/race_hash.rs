//! The race's URL-hash field table: short keys, each decoded and range-checked by name.

use super::race::{default_lr, LrOverride, RaceConfig, MIN_LR};
use super::url::{count, flag, float, join_pairs, num, parse_pairs, refuse, seed};
use crate::error::Result;
use crate::surface::{Surface, SurfaceKind, KAPPA_RANGE};

impl RaceConfig {
    /// Decode a hash (`surf=rosenbrock&lr=0.01&…`) over the defaults; unknown keys are ignored,
    /// bad values refused by key. Without `x0`/`y0` (`lr`) a surface brings its own start (rate).
    pub fn from_hash(encoded: &str) -> Result<Self> {
        let mut cfg = RaceConfig::default();
        let pairs = parse_pairs(encoded);
        let (mut start_given, mut lr_given) = (false, false);
        for (key, value) in &pairs {
            let (k, v) = (key.as_str(), value.as_str());
            match k {
                "surf" => {
                    SurfaceKind::from_name(v).ok_or_else(|| refuse(k, v, &surface_names()))?;
                    cfg.surface = v.to_string();
                }
                "kappa" => cfg.kappa = float(k, v, KAPPA_RANGE.0, KAPPA_RANGE.1)?,
                "x0" => (cfg.start[0], start_given) = (float(k, v, -1e3, 1e3)?, true),
                "y0" => (cfg.start[1], start_given) = (float(k, v, -1e3, 1e3)?, true),
                "opt" => cfg.optimizers = v.split(',').filter(|s| !s.is_empty()).map(String::from).collect(),
                "lr" => (cfg.hyper.lr, lr_given) = (float(k, v, MIN_LR, 100.0)?, true),
                "lro" => cfg.lr_overrides = overrides(v)?,
                "mom" => cfg.hyper.momentum = float(k, v, 0.0, 0.999)?,
                "b1" => cfg.hyper.beta1 = float(k, v, 0.0, 0.999)?,
                "b2" => cfg.hyper.beta2 = float(k, v, 0.0, 0.99999)?,
                "eps" => cfg.hyper.eps = Some(float(k, v, 1e-16, 1.0)?),
                "rho" => cfg.hyper.rho = float(k, v, 0.0, 0.999)?,
                "alpha" => cfg.hyper.alpha = float(k, v, 0.0, 0.999)?,
                "wd" => cfg.hyper.weight_decay = float(k, v, 0.0, 1.0)?,
                "bc" => cfg.hyper.bias_correction = flag(k, v)?,
                "mdecay" => cfg.hyper.momentum_decay = float(k, v, 0.0, 1.0)?,
                "noise" => cfg.noise = float(k, v, 0.0, 100.0)?,
                "sched" => cfg.schedule = v.to_string(),
                "steps" => cfg.steps = count(k, v, 1, 5000)?,
                "seed" => cfg.seed = seed(k, v)?,
                _ => {}
            }
        }
        let kind = SurfaceKind::from_name(&cfg.surface).unwrap_or(SurfaceKind::Quadratic);
        if !start_given {
            cfg.start = Surface { kind, kappa: cfg.kappa }.default_start();
        }
        if !lr_given {
            cfg.hyper.lr = default_lr(kind);
        }
        cfg.validate()?;
        Ok(cfg)
    }

    /// Encode every field, so a link restores the race exactly.
    pub fn to_hash(&self) -> String {
        let lro = self.lr_overrides.iter().map(|o| format!("{}:{}", o.optimizer, num(o.lr))).collect::<Vec<_>>();
        let mut pairs = vec![
            ("surf", self.surface.clone()),
            ("kappa", num(self.kappa)),
            ("x0", num(self.start[0])),
            ("y0", num(self.start[1])),
            ("opt", self.optimizers.join(",")),
            ("lr", num(self.hyper.lr)),
            ("lro", lro.join(",")),
            ("mom", num(self.hyper.momentum)),
            ("b1", num(self.hyper.beta1)),
            ("b2", num(self.hyper.beta2)),
            ("rho", num(self.hyper.rho)),
            ("alpha", num(self.hyper.alpha)),
            ("wd", num(self.hyper.weight_decay)),
            ("mdecay", num(self.hyper.momentum_decay)),
            ("bc", if self.hyper.bias_correction { "1" } else { "0" }.into()),
            ("noise", num(self.noise)),
            ("sched", self.schedule.clone()),
            ("steps", self.steps.to_string()),
            ("seed", self.seed.to_string()),
        ];
        if let Some(eps) = self.hyper.eps {
            pairs.push(("eps", num(eps)));
        }
        join_pairs(&pairs)
    }
}

fn overrides(value: &str) -> Result<Vec<LrOverride>> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (name, lr) = item.split_once(':').ok_or_else(|| refuse("lro", item, "a list like newton:1,lbfgs:1"))?;
            Ok(LrOverride { optimizer: name.to_string(), lr: float("lro", lr, MIN_LR, 100.0)? })
        })
        .collect()
}

fn surface_names() -> String {
    let names: Vec<&str> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
    format!("one of {}", names.join(", "))
}
