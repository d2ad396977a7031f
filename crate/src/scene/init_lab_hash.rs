//! The init lab's URL-hash field table (also the CLI's flags): short keys, checked by name.

use super::url::{count, flag, float, join_pairs, num, parse_pairs, refuse, seed};
use crate::error::Result;
use crate::nn::activation::Activation;
use crate::nn::init::{Init, MAX_CUSTOM_STD, MIN_CUSTOM_STD};
use crate::nn::DeepNetConfig;

/// Decode hash fields over the lecture's defaults; unknown keys are ignored, bad values
/// refused by key, and the whole config validated.
pub fn from_hash(encoded: &str) -> Result<DeepNetConfig> {
    let mut cfg = DeepNetConfig::default();
    let mut init_name = cfg.init.name().to_string();
    let mut custom_std = 0.1;
    for (key, value) in parse_pairs(encoded) {
        let (k, v) = (key.as_str(), value.as_str());
        match k {
            "act" => cfg.activation = Activation::from_name(v).ok_or_else(|| refuse(k, v, &activation_names()))?,
            "init" => init_name = v.to_string(),
            "std" => custom_std = float(k, v, MIN_CUSTOM_STD, MAX_CUSTOM_STD)?,
            "layers" => cfg.layers = count(k, v, 1, 20)?,
            "width" => cfg.width = count(k, v, 1, 1000)?,
            "batch" => cfg.batch = count(k, v, 1, 2000)?,
            "dim" => cfg.input_dim = count(k, v, 1, 1000)?,
            "bn" => cfg.batch_norm = flag(k, v)?,
            "ln" => cfg.layer_norm = flag(k, v)?,
            "warm" => cfg.bn_eval_warmup = Some(count(k, v, 0, 20)?).filter(|&n| n > 0),
            "bias" => cfg.bias = float(k, v, -10.0, 10.0)? as f32,
            "slope" => cfg.leaky_slope = float(k, v, 0.0, 1.0)?,
            "bins" => cfg.bins = count(k, v, 2, 200)?,
            "seed" => cfg.seed = seed(k, v)?,
            _ => {}
        }
    }
    cfg.init = Init::from_name(&init_name, custom_std)
        .ok_or_else(|| refuse("init", &init_name, "one of zero, small, large, xavier, he, custom"))?;
    cfg.validate()?;
    Ok(cfg)
}

/// Encode every field, so a link restores the experiment exactly.
pub fn to_hash(cfg: &DeepNetConfig) -> String {
    let mut pairs = vec![
        ("act", cfg.activation.name().to_string()),
        ("init", cfg.init.name().to_string()),
        ("layers", cfg.layers.to_string()),
        ("width", cfg.width.to_string()),
        ("batch", cfg.batch.to_string()),
        ("dim", cfg.input_dim.to_string()),
        ("bn", u8::from(cfg.batch_norm).to_string()),
        ("ln", u8::from(cfg.layer_norm).to_string()),
        ("warm", cfg.bn_eval_warmup.unwrap_or(0).to_string()),
        ("bias", num(cfg.bias as f64)),
        ("slope", num(cfg.leaky_slope)),
        ("bins", cfg.bins.to_string()),
        ("seed", cfg.seed.to_string()),
    ];
    if let Init::Custom(std) = cfg.init {
        pairs.push(("std", num(std)));
    }
    join_pairs(&pairs)
}

fn activation_names() -> String {
    let names: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
    format!("one of {}", names.join(", "))
}
