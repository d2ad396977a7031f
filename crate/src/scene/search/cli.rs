//! `gradscope search` (hyperparameter search: one short training per trial, in parallel) and
//! `gradscope lr-sweep` (the learning-rate range test).

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "hyperparameter search: one short training per trial, grid or random";

use crate::cli::outputs::Outputs;
use crate::cli::{count, refused, Command, Naming, Stop};
use crate::error::ConfigError;
use crate::fields;
use crate::scene::search::figure::SearchFigure;
use crate::scene::search::{SearchConfig, SearchRun};
use crate::search::{self, sweep, ParamRange, SearchPlan, Strategy, TrialResult};
use crate::train::TrainerConfig;

const SEARCH: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope search --dataset NAME [trainer options] --epochs E --strategy grid|random --trials N
       --param NAME:LO:HI:log|lin [--param …] --seed S [--workers W]
    trains one network per trial (every trial on the same data from the seed) and prints
    {\"trials\": [{\"params\": {NAME: value}, \"seed\", \"train_acc\", \"val_acc\", \"train_loss\", \"val_loss\",
    \"epochs\", \"exploded\"}], \"best\": index}; NAME is lr, l2, dropout, width, batch, momentum or beta1;
    a grid needs N = n^k for k parameters; a trial stops early (exploded) once its loss passes 3× the initial loss",
    extra: &[
        ("strategy", "grid|random", "how trials are placed (default random)"),
        ("trials", "N", "number of trials, 1 to 256 (default 16)"),
        ("param", "NAME:LO:HI:log|lin", "a searched range, one to three times (default: the page's, lr and l2)"),
        ("workers", "W", "threads (default: every core); the numbers do not depend on it"),
    ],
    figure: true,
    naming: Naming::Flag,
};

const SWEEP: Command = Command {
    name: "lr-sweep",
    about: "usage: gradscope lr-sweep --dataset NAME [trainer options] --seed S
    raises the learning rate exponentially per minibatch from 1e-6 to 10 and prints
    {\"lr\": […], \"loss\": […], \"smoothed\": […], \"suggested\": [lo, hi]}",
    extra: &[],
    figure: false,
    naming: Naming::Flag,
};

/// Run the search subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = SEARCH.parse::<TrainerConfig>(args)?;
    let value = |flag: &str| parsed.extra.iter().rev().find(|(f, _)| f == flag).map(|(_, v)| v.as_str());
    let strategy = value("strategy").unwrap_or("random");
    let strategy = Strategy::from_name(strategy)
        .ok_or_else(|| refused(ConfigError::one_of("strategy", strategy, &Strategy::NAMES)))?;
    let default_trials = SearchConfig::default().trials.to_string();
    let trials = count("trials", value("trials").unwrap_or(&default_trials), search::MAX_TRIALS)?;
    let mut given: Vec<&str> = parsed.extra.iter().filter(|(f, _)| f == "param").map(|(_, v)| v.as_str()).collect();
    let page = SearchConfig::default().params;
    if given.is_empty() {
        given = page.split(',').collect(); // the page's search: rate and L2
    }
    let params = given.into_iter().map(ParamRange::parse).collect::<Result<Vec<_>, _>>().map_err(refused)?;
    let plan = SearchPlan::new(params, strategy, trials).map_err(refused)?;
    let outputs = Outputs::from_flags(&parsed.extra)?;
    let mut scene = outputs.wanted().then(|| scene_of(&parsed.config, &plan, &outputs)).transpose()?;
    let workers = match value("workers") {
        Some(text) => count("workers", text, 64)?,
        None => crate::cli::parallel::cores(),
    };
    let base = parsed.config;
    let configs = plan
        .points(base.seed)
        .iter()
        .map(|values| search::trial_config(&base, &plan.params, values))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| SEARCH.refusal::<TrainerConfig>(e))?;
    let results = run_parallel(&configs, &plan.params, workers).map_err(|e| SEARCH.refusal::<TrainerConfig>(e))?;
    if let Some(run) = &mut scene {
        draw(run, &base, &results, &outputs)?;
    }
    let trials: Vec<serde_json::Value> = results.iter().map(|r| trial_json(r, &plan.params)).collect();
    crate::cli::print_json(&serde_json::json!({ "trials": trials, "best": search::best(&results) }));
    Ok(())
}

/// Run the lr-sweep subcommand.
pub fn run_sweep(args: &[String]) -> Result<(), Stop> {
    let base = SWEEP.parse::<TrainerConfig>(args)?.config;
    let s = sweep::lr_sweep(&base, None).map_err(|e| SWEEP.refusal::<TrainerConfig>(e))?;
    crate::cli::print_json(
        &serde_json::json!({ "lr": s.lr, "loss": s.loss, "smoothed": s.smoothed, "suggested": s.suggested }),
    );
    Ok(())
}

/// The page's search scene of the same trials, for the figure (refused, naming the figure's flag,
/// where the page could not show it: more trials or a larger network than it runs).
fn scene_of(base: &TrainerConfig, plan: &SearchPlan, outputs: &Outputs) -> Result<SearchRun, Stop> {
    let ranges: Vec<String> = plan.params.iter().map(ParamRange::to_text).collect();
    let link = format!(
        "{}&strat={}&trials={}&p={}",
        fields::to_hash(base),
        plan.strategy.name(),
        plan.trials,
        ranges.join(",")
    );
    let config =
        fields::from_hash(&link).map_err(|e| format!("{}: the figure is the page's search: {e}", outputs.flag()))?;
    SearchRun::new(config).map_err(|e| Stop::Refused(format!("{}: {e}", outputs.flag())))
}

/// The figure: the CLI's trials, the sweep of its base network and the fixed-rate curves.
fn draw(run: &mut SearchRun, base: &TrainerConfig, results: &[TrialResult], outputs: &Outputs) -> Result<(), Stop> {
    let refusal = |e| Stop::Refused(SEARCH.refusal::<TrainerConfig>(e));
    for (g, r) in results.iter().enumerate() {
        run.accept(g, &r.numbers());
    }
    run.set_sweep(sweep::lr_sweep(base, None).map_err(refusal)?);
    for (k, lr) in run.pattern_rates().into_iter().flatten().enumerate() {
        run.set_curve(k, sweep::fixed_rate_curve(base, lr, None).map_err(refusal)?);
    }
    Ok(outputs.write(&SearchFigure { run, labels: outputs.labels() })?)
}

/// Every trial on `workers` threads, in trial order.
fn run_parallel(
    configs: &[TrainerConfig],
    params: &[ParamRange],
    workers: usize,
) -> crate::error::Result<Vec<TrialResult>> {
    let results =
        crate::cli::parallel::map(configs.len(), workers, |i| search::run_trial(configs[i].clone(), params, None));
    results
        .into_iter()
        .map(|s| s.unwrap_or_else(|| Err(ConfigError::new("trials", "a trial stopped unexpectedly"))))
        .collect()
}

/// A trial as the JSON; width and batch as whole numbers (`--width 32`, not 32.0).
fn trial_json(r: &TrialResult, ranges: &[ParamRange]) -> serde_json::Value {
    let value = |(p, (k, v)): (&ParamRange, &(String, f64))| {
        (k.clone(), if p.is_whole() { serde_json::json!(*v as u64) } else { serde_json::json!(*v) })
    };
    let params: serde_json::Map<String, serde_json::Value> = ranges.iter().zip(&r.params).map(value).collect();
    serde_json::json!({
        "params": params, "seed": r.seed, "train_acc": r.train_acc, "val_acc": r.val_acc,
        "train_loss": r.train_loss, "val_loss": r.val_loss, "epochs": r.epochs, "exploded": r.exploded,
    })
}
