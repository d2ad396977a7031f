//! The init lab's field table ([`DeepNetConfig`]: its URL hash, CLI flags and page controls),
//! declared once.

use super::activation::Activation;
use super::deep_net_config::{DeepNetConfig, MAX_WARMUP};
use super::init::Init;
use super::init_fields::{init_fields, HasInit};
use crate::error::Result;
use crate::fields::{Config, Field, Kind};
use crate::{named, place};
use std::sync::OnceLock;

type F = Field<DeepNetConfig>;

impl HasInit for DeepNetConfig {
    fn init(&self) -> Init {
        self.init
    }
    fn set_init(&mut self, init: Init) {
        self.init = init;
    }
}

impl Config for DeepNetConfig {
    fn fields() -> &'static [Field<Self>] {
        static FIELDS: OnceLock<Vec<F>> = OnceLock::new();
        FIELDS.get_or_init(|| {
            let count = |lo, hi| Kind::Count { lo, hi };
            let mut rows = vec![F::new(
                "act",
                "activation",
                "init.activation",
                Kind::Choice(|| Activation::ALL.map(|a| a.name()).to_vec()),
                named!(activation, Activation),
            )
            .flag("activation")];
            rows.extend(init_fields("std"));
            rows.extend([
                F::new("layers", "layers", "init.layers", count(1, 50), place!(layers)).slider(1.0, 20.0, 1.0),
                F::new("width", "width", "init.width", count(1, 1000), place!(width)).slider(10.0, 1000.0, 10.0),
                F::new("batch", "batch", "init.batch", count(1, 2000), place!(batch)).slider(10.0, 2000.0, 10.0),
                F::new("dim", "inputDim", "init.input_dim", count(1, 1000), place!(input_dim)).flag("input-dim"),
                F::new("bn", "batchNorm", "init.batch_norm", Kind::Flag, place!(batch_norm)).flag("batchnorm"),
                F::new("ln", "layerNorm", "init.layer_norm", Kind::Flag, place!(layer_norm)).flag("layernorm"),
                F::new("res", "residual", "init.residual", Kind::Flag, place!(residual)).flag("residual"),
                F::new(
                    "warm",
                    "bnEvalWarmup",
                    "init.bn_eval",
                    count(0, MAX_WARMUP),
                    (
                        |c| Some(c.bn_eval_warmup.unwrap_or(0).to_string()),
                        |c, v| c.bn_eval_warmup = v.parse().ok().filter(|&n| n > 0),
                    ),
                )
                .flag("bn-eval-warmup"),
                F::new("bias", "bias", "init.bias", Kind::linear(-10.0, 10.0), place!(bias)).slider(-5.0, 5.0, 0.1),
                F::new("slope", "leakySlope", "init.leaky_slope", Kind::linear(0.0, 1.0), place!(leaky_slope))
                    .flag("leaky-slope")
                    .slider(0.0, 0.5, 0.01),
                F::new("bins", "bins", "field.bins", count(2, 200), place!(bins)),
                F::new("seed", "seed", "field.seed", Kind::Seed, place!(seed)),
            ]);
            rows
        })
    }

    fn rules(&self) -> Result<()> {
        self.rules_between_fields()
    }
}

/// Decode hash fields over the lecture's defaults (see [`crate::fields::from_hash`]).
pub fn from_hash(encoded: &str) -> Result<DeepNetConfig> {
    crate::fields::from_hash(encoded)
}

/// Encode every field, so a link restores the experiment exactly.
pub fn to_hash(cfg: &DeepNetConfig) -> String {
    crate::fields::to_hash(cfg)
}
