//! The trainer's URL-hash field table (also the CLI's flags): short keys, each decoded and
//! range-checked by name; unknown keys are ignored, and `to_hash` writes every field.

use super::trainer::TrainerConfig;
use super::url::{count, flag, float, join_pairs, num, parse_pairs, refuse, seed};
use crate::data::{DatasetKind, Preprocess};
use crate::error::Result;
use crate::nn::init::{MAX_CUSTOM_STD, MIN_CUSTOM_STD};
use crate::nn::{Activation, Init};
use crate::optim::OptimizerKind;

/// Every key `to_hash` writes, in order (`std` only with a custom init, `eps` only when set).
pub const TRAINER_KEYS: [&str; 31] = [
    "ds", "k", "n", "noise", "val", "prep", "layers", "width", "act", "init", "std", "bn", "ln", "drop", "l2", "opt",
    "lr", "mom", "b1", "b2", "eps", "rho", "alpha", "wd", "mdecay", "bc", "sched", "batch", "epochs", "seed", "tiny",
];

impl TrainerConfig {
    /// Decode a hash (`ds=spiral&layers=2&…`) over the defaults; bad values are refused by key
    /// and the whole config is validated.
    pub fn from_hash(encoded: &str) -> Result<Self> {
        let mut cfg = TrainerConfig::default();
        let mut init_name = cfg.init.name().to_string();
        let mut custom_std = 0.1;
        let h = &mut cfg.hyper;
        for (key, value) in parse_pairs(encoded) {
            let (k, v) = (key.as_str(), value.as_str());
            match k {
                "ds" => {
                    cfg.dataset = DatasetKind::from_name(v)
                        .ok_or_else(|| refuse(k, v, &names(DatasetKind::ALL.map(|d| d.name()))))?
                }
                "k" => cfg.classes = count(k, v, 2, 5)?,
                "n" => cfg.points = count(k, v, 20, 2000)?,
                "noise" => cfg.noise = float(k, v, 0.0, 1.0)?,
                "val" => cfg.val_fraction = float(k, v, 0.05, 0.5)?,
                "prep" => {
                    cfg.preprocess = Preprocess::from_name(v)
                        .ok_or_else(|| refuse(k, v, &names(Preprocess::ALL.map(|p| p.name()))))?
                }
                "layers" => cfg.layers = count(k, v, 1, 8)?,
                "width" => cfg.width = count(k, v, 1, 256)?,
                "act" => {
                    cfg.activation = Activation::from_name(v)
                        .ok_or_else(|| refuse(k, v, &names(Activation::ALL.map(|a| a.name()))))?
                }
                "init" => init_name = v.to_string(),
                "std" => custom_std = float(k, v, MIN_CUSTOM_STD, MAX_CUSTOM_STD)?,
                "bn" => cfg.batch_norm = flag(k, v)?,
                "ln" => cfg.layer_norm = flag(k, v)?,
                "drop" => cfg.dropout = float(k, v, 0.0, 0.95)?,
                "l2" => cfg.l2 = float(k, v, 0.0, 1.0)?,
                "opt" => {
                    cfg.optimizer = OptimizerKind::from_name(v)
                        .ok_or_else(|| refuse(k, v, &names(OptimizerKind::ALL.map(|o| o.name()))))?
                }
                "lr" => h.lr = float(k, v, 0.0, 100.0)?,
                "mom" => h.momentum = float(k, v, 0.0, 0.999)?,
                "b1" => h.beta1 = float(k, v, 0.0, 0.999)?,
                "b2" => h.beta2 = float(k, v, 0.0, 0.99999)?,
                "eps" => h.eps = Some(float(k, v, 1e-16, 1.0)?),
                "rho" => h.rho = float(k, v, 0.0, 0.999)?,
                "alpha" => h.alpha = float(k, v, 0.0, 0.999)?,
                "wd" => h.weight_decay = float(k, v, 0.0, 1.0)?,
                "mdecay" => h.momentum_decay = float(k, v, 0.0, 1.0)?,
                "bc" => h.bias_correction = flag(k, v)?,
                "sched" => cfg.schedule = v.to_string(),
                "batch" => cfg.batch = count(k, v, 1, 512)?,
                "epochs" => cfg.epochs = count(k, v, 1, 1000)?,
                "seed" => cfg.seed = seed(k, v)?,
                "tiny" => cfg.tiny = flag(k, v)?,
                _ => {}
            }
        }
        cfg.init = Init::from_name(&init_name, custom_std)
            .ok_or_else(|| refuse("init", &init_name, "one of zero, small, large, xavier, he, custom"))?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Encode every field, so a link restores the run exactly.
    pub fn to_hash(&self) -> String {
        let h = &self.hyper;
        let bit = |b: bool| u8::from(b).to_string();
        let mut pairs = vec![
            ("ds", self.dataset.name().to_string()),
            ("k", self.classes.to_string()),
            ("n", self.points.to_string()),
            ("noise", num(self.noise)),
            ("val", num(self.val_fraction)),
            ("prep", self.preprocess.name().to_string()),
            ("layers", self.layers.to_string()),
            ("width", self.width.to_string()),
            ("act", self.activation.name().to_string()),
            ("init", self.init.name().to_string()),
        ];
        if let Init::Custom(std) = self.init {
            pairs.push(("std", num(std)));
        }
        pairs.extend([
            ("bn", bit(self.batch_norm)),
            ("ln", bit(self.layer_norm)),
            ("drop", num(self.dropout)),
            ("l2", num(self.l2)),
            ("opt", self.optimizer.name().to_string()),
            ("lr", num(h.lr)),
            ("mom", num(h.momentum)),
            ("b1", num(h.beta1)),
            ("b2", num(h.beta2)),
        ]);
        if let Some(eps) = h.eps {
            pairs.push(("eps", num(eps)));
        }
        pairs.extend([
            ("rho", num(h.rho)),
            ("alpha", num(h.alpha)),
            ("wd", num(h.weight_decay)),
            ("mdecay", num(h.momentum_decay)),
            ("bc", bit(h.bias_correction)),
            ("sched", self.schedule.clone()),
            ("batch", self.batch.to_string()),
            ("epochs", self.epochs.to_string()),
            ("seed", self.seed.to_string()),
            ("tiny", bit(self.tiny)),
        ]);
        join_pairs(&pairs)
    }
}

fn names<const N: usize>(all: [&str; N]) -> String {
    format!("one of {}", all.join(", "))
}
