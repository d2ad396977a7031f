//! `gradscope train`: train an MLP headless and print the per-epoch history as JSON; with
//! `--ensemble K` or `--snapshot-ensemble CYCLES`, also each member's and the averaged
//! ensemble's validation scores (members train on every core).

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "train a small network: the per-epoch history";

use crate::cli::outputs::Outputs;
use crate::cli::{count, refused, Command, Naming, Stop};
use crate::ensemble::{self, EnsembleScores, MemberRun};
use crate::error::ConfigError;
use crate::nn::mlp::Mode;
use crate::scene::trainer::figure::TrainerFigure;
use crate::scene::trainer::{Trainer, TrainerConfig, FULL_BATCH};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope train --dataset NAME [options]
    trains for --epochs epochs; prints {\"initial_loss\", \"expected_initial_loss\", \"diverged_at\", \"patterns\",
    \"config\", \"epochs\": [{\"train_loss\", \"train_acc\", \"val_loss\", \"val_acc\", \"update_to_weight_ratio\",
    \"dead_fraction\"}], \"val_loss\", \"val_acc\"} (of the final weights; with --early-stopping those of
    \"best_epoch\"); with an ensemble also \"members\": [{\"val_acc\", \"val_loss\"}] and
    \"ensemble\": {\"val_acc\", \"val_loss\"}",
    extra: &[
        ("ensemble", "K", "train K independently initialized nets, 1 to 10, and average their probabilities"),
        (
            "snapshot-ensemble",
            "CYCLES",
            "cosine restarts, CYCLES cycles of epochs/CYCLES epochs; average the snapshots",
        ),
    ],
    figure: true,
    naming: Naming::Flag,
};

/// Run the train subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<TrainerConfig>(args)?;
    let value = |flag: &str| parsed.extra.iter().rev().find(|(f, _)| f == flag).map(|(_, v)| v.as_str());
    let config = parsed.config.clone();
    let trainer_refusal = |e| Stop::Refused(COMMAND.refusal::<TrainerConfig>(e));
    let k = value("ensemble").map(|v| count("ensemble", v, ensemble::MAX_MEMBERS)).transpose()?;
    let cycles =
        value("snapshot-ensemble").map(|v| count("snapshot-ensemble", v, ensemble::MAX_MEMBERS)).transpose()?;
    if let Some(c) = cycles {
        ensemble::check_cycles("snapshot-ensemble", c, &config).map_err(refused)?;
        if k.is_some() {
            let why = "choose an ensemble of independent nets or a snapshot ensemble, not both";
            return Err(refused(ConfigError::rule("snapshot-ensemble", "ensemble_not_both", why)));
        }
    }
    let members = if cycles.is_some() { 1 } else { k.unwrap_or(1) };
    let outputs = Outputs::from_flags(&parsed.extra)?;
    // A trainer stays on its thread: each sends back its JSON summary and predictions, the
    // first also draws the figure of its training.
    let runs = crate::cli::parallel::map(members, crate::cli::parallel::cores(), |m| {
        let mut run = MemberRun::new(config.clone(), None, m as u64, cycles).map_err(trainer_refusal)?;
        run.advance(usize::MAX);
        let probs: Vec<Vec<f64>> = run.finish().into_iter().map(|s| s.val).collect();
        let trainer = run.trainer_mut();
        let mut summary = history_json(trainer);
        let (val_loss, val_acc) = trainer.validation(Mode::Eval);
        summary["val_loss"] = val_loss.into();
        summary["val_acc"] = val_acc.into();
        summary["best_epoch"] = trainer.best_epoch().into();
        if m == 0 {
            outputs.write(&TrainerFigure { trainer, labels: outputs.labels() })?;
        }
        Ok::<_, Stop>((summary, probs, trainer.splits().1.y.clone()))
    });
    let stopped = || refused(ConfigError::new("ensemble", "a member stopped unexpectedly"));
    let runs = runs.into_iter().map(|r| r.unwrap_or_else(|| Err(stopped()))).collect::<Result<Vec<_>, _>>()?;
    let probs: Vec<Vec<f64>> = runs.iter().flat_map(|(_, p, _)| p.clone()).collect();
    let (mut out, _, labels) =
        runs.into_iter().next().ok_or_else(|| refused(ConfigError::new("ensemble", "no member")))?;
    if k.is_some() || cycles.is_some() {
        let scores = EnsembleScores::of(&probs, &labels, config.effective_classes());
        out["members"] = serde_json::json!(scores.members);
        out["ensemble"] = serde_json::json!(scores.ensemble);
    }
    crate::cli::print_json(&out);
    Ok(())
}

/// The first member's run: sanity check, patterns, config and one record per epoch.
fn history_json(trainer: &Trainer) -> serde_json::Value {
    let snapshot = trainer.snapshot();
    let epochs: Vec<serde_json::Value> = snapshot
        .history
        .iter()
        .map(|r| {
            serde_json::json!({
                "train_loss": r.train_loss, "train_acc": r.train_acc, "val_loss": r.val_loss, "val_acc": r.val_acc,
                "update_to_weight_ratio": r.update_to_weight_ratio, "dead_fraction": r.dead_fraction,
            })
        })
        .collect();
    let mut config = serde_json::json!(trainer.config());
    if trainer.config().batch == FULL_BATCH {
        config["batch"] = "full".into(); // as `--batch full` and links say it
    }
    serde_json::json!({
        "initial_loss": snapshot.sanity.initial_loss,
        "expected_initial_loss": snapshot.sanity.expected_loss,
        "diverged_at": snapshot.diverged_at,
        "patterns": snapshot.patterns,
        "config": config,
        "epochs": epochs,
    })
}
