//! `gradscope init`: the lecture-6 weight-initialization experiment headless: per-layer
//! activation and weight-gradient statistics and histograms as JSON, optionally a figure.

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "the lecture-6 weight-initialization experiment: per-layer statistics";

use crate::cli::outputs::Outputs;
use crate::cli::{Command, Naming, Stop};
use crate::nn::{ActivationStats, DeepNetConfig, Init};
use crate::scene::init_lab::figure::InitFigure;
use crate::scene::init_lab::InitLab;
use crate::stats::Histogram;
use serde_json::{json, Value};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope init [--activation NAME] [--init NAME] [--seed S] [options]
    X (N×D) ~ N(0, 1) through L hidden layers of W units, W_l = std·randn, loss = mean(last layer).
    --activation  sigmoid, tanh, relu, leaky_relu (slope --leaky-slope, default 0.01), prelu,
                  elu, selu, softplus, gelu, swish, maxout
    --init        zero (all 0), small (std 0.01), large (std 1), xavier (1/√fan_in),
                  he (√(2/fan_in)), custom (std from --std, default 0.1)
    defaults: --layers 10 --width 500 --batch 1000 --input-dim 500 --bins 50 (the lecture's sizes)
    --batchnorm / --layernorm normalize h before the activation (not both); --bn-eval-warmup K
    also reports an eval-mode pass after K warm-up batches (with --batchnorm).
    prints {\"config\", \"layers\": [{\"mean\", \"std\", \"saturated_fraction\", \"zero_fraction\",
    \"dead_fraction\", \"grad_std\", \"histogram\": {\"edges\", \"counts\"}, \"grad_histogram\"}, …],
    \"eval_layers\", \"loss\", \"diverged_at_layer\"}  (layers[0] is hidden layer 1)",
    extra: &[],
    figure: true,
    naming: Naming::Key,
};

/// Run the init subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<DeepNetConfig>(args)?;
    let config = parsed.config;
    if parsed.given.contains(&"std") && !matches!(config.init, Init::Custom(_)) {
        return Err(Stop::Refused(format!("std: applies only to --init custom, not {}", config.init.name())));
    }
    let outputs = Outputs::from_flags(&parsed.extra)?;
    let lab = InitLab::new(&config).map_err(|e| COMMAND.refusal::<DeepNetConfig>(e))?;
    let report = lab.report();
    outputs.write(&InitFigure { report, activation: config.activation, labels: outputs.labels() })?;
    let layers: Vec<Value> = report
        .layers
        .iter()
        .map(|l| {
            let mut entry = activation_json(&l.activations);
            let grad = l.weight_grad.as_ref();
            entry["grad_std"] = json!(grad.map(|g| g.std));
            entry["grad_histogram"] = grad.map_or(Value::Null, |g| histogram_json(&g.histogram));
            entry
        })
        .collect();
    let eval_layers = report.eval_layers.as_ref().map(|e| e.iter().map(activation_json).collect::<Vec<_>>());
    let out = json!({
        "config": crate::cli::snake_keys(json!(lab.config())), "layers": layers, "eval_layers": eval_layers,
        "loss": report.loss, "diverged_at_layer": report.diverged_at_layer,
    });
    crate::cli::print_json(&out);
    Ok(())
}

fn activation_json(s: &ActivationStats) -> Value {
    json!({
        "mean": s.mean, "std": s.std, "saturated_fraction": s.saturated_fraction,
        "zero_fraction": s.zero_fraction, "dead_fraction": s.dead_fraction,
        "non_finite_fraction": s.non_finite_fraction, "histogram": histogram_json(&s.histogram),
    })
}

fn histogram_json(h: &Histogram) -> Value {
    json!({ "edges": h.edges, "counts": h.counts })
}
