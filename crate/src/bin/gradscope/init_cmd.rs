//! `gradscope init`: the lecture-6 weight-initialization experiment headless: per-layer
//! activation and weight-gradient statistics and histograms as JSON, optionally a figure.

use crate::figure::{self, Outputs};
use crate::flag_pairs;
use gradscope::nn::{ActivationStats, Init};
use gradscope::render::figure::InitFigure;
use gradscope::render::Labels;
use gradscope::scene::init_lab::InitLab;
use gradscope::nn::deep_net_fields::from_hash;
use gradscope::stats::Histogram;
use serde_json::{json, Value};

const USAGE: &str = "usage:
  gradscope init --activation NAME --init NAME [--std F] [--layers L] [--width W] [--batch N]
                 [--input-dim D] [--batchnorm] [--layernorm] [--bn-eval-warmup K] [--bias F]
                 [--leaky-slope F] [--bins B] --seed S [--svg FILE] [--png FILE]
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
    \"eval_layers\", \"loss\", \"diverged_at_layer\"}  (layers[0] is hidden layer 1)";

/// Long CLI flags that take a value → the init lab's URL-hash keys (one codec validates both).
const INIT_FLAGS: [(&str, &str); 12] = [
    ("--activation", "act"),
    ("--init", "init"),
    ("--std", "std"),
    ("--layers", "layers"),
    ("--width", "width"),
    ("--batch", "batch"),
    ("--input-dim", "dim"),
    ("--bn-eval-warmup", "warm"),
    ("--bias", "bias"),
    ("--leaky-slope", "slope"),
    ("--bins", "bins"),
    ("--seed", "seed"),
];

/// Switches without a value → hash fields they set.
const INIT_SWITCHES: [(&str, &str); 2] = [("--batchnorm", "bn=1"), ("--layernorm", "ln=1")];

/// Flags that must be given: the experiment is chosen on purpose, and reproducibly.
const REQUIRED: [&str; 3] = ["--activation", "--init", "--seed"];

/// Run the init subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut valued: Vec<&str> = INIT_FLAGS.iter().map(|f| f.0).collect();
    valued.extend(figure::FLAGS);
    let (rest, switches) = split_switches(args, &valued);
    let pairs = flag_pairs(&rest, &valued, USAGE)?;
    for flag in REQUIRED {
        if !pairs.iter().any(|p| p.0 == flag) {
            let key = INIT_FLAGS.iter().find(|f| f.0 == flag).map_or(flag, |f| f.1);
            return Err(format!("{key}: {flag} is required\n{USAGE}"));
        }
    }
    let mut outputs = Outputs::default();
    let mut hash: Vec<String> = switches.into_iter().map(String::from).collect();
    for (flag, value) in &pairs {
        if let Some((_, key)) = INIT_FLAGS.iter().find(|f| f.0 == *flag) {
            hash.push(format!("{key}={}", value.replace('%', "%25").replace('&', "%26")));
        } else {
            outputs.take(flag, value);
        }
    }
    let config = from_hash(&hash.join("&")).map_err(|e| e.to_string())?;
    if pairs.iter().any(|p| p.0 == "--std") && !matches!(config.init, Init::Custom(_)) {
        return Err(format!("std: applies only to --init custom, not {}", config.init.name()));
    }
    outputs.check()?;
    let lab = InitLab::new(&config).map_err(|e| e.to_string())?;
    let report = lab.report();
    outputs.write(&InitFigure { report, activation: config.activation, labels: &Labels::default() })?;
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
        "config": lab.config(), "layers": layers, "eval_layers": eval_layers,
        "loss": report.loss, "diverged_at_layer": report.diverged_at_layer,
    });
    crate::print_json(&out);
    Ok(())
}

/// Take the value-less switches out of `args`, returning the other arguments and the hash
/// fields the switches set. A word right after a flag that takes a value is that value, never
/// a switch.
fn split_switches(args: &[String], valued: &[&str]) -> (Vec<String>, Vec<&'static str>) {
    let (mut rest, mut fields) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if let Some((_, field)) = INIT_SWITCHES.iter().find(|s| s.0 == arg) {
            fields.push(*field);
            continue;
        }
        rest.push(arg.clone());
        if valued.contains(&arg.as_str()) {
            rest.extend(it.next().cloned());
        }
    }
    (rest, fields)
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
