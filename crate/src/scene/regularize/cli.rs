//! `gradscope regularize`: the regularization scene headless — every method trained from the
//! same initial weights (ensemble members on every core), each one's scores as JSON.

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "regularizers and ensembles on one overfitting setup: every method's scores";

use crate::cli::outputs::Outputs;
use crate::cli::{count, Command, Naming, Stop};
use crate::ensemble::Score;
use crate::error::ConfigError;
use crate::scene::regularize::figure::RegularizeFigure;
use crate::scene::regularize::{JobRun, RegularizeConfig, RegularizeRun};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope regularize --dataset NAME [options] [--workers W]
    trains every method of --methods on the same data from the same initial weights; prints
    {\"methods\": [{\"method\", \"strength\", \"train_acc\", \"train_loss\", \"val_acc\", \"val_loss\", \"best_epoch\",
    \"members\": [{\"val_acc\", \"val_loss\"}], \"epochs\": [[train_loss, val_loss, train_acc, val_acc], …]}]}
    (with --uncorrected 1, dropout, DropConnect and stochastic depth are tested without their
    test-time correction)",
    extra: &[("workers", "W", "threads (default: every core); the numbers do not depend on it")],
    figure: true,
    naming: Naming::Flag,
};

/// Run the regularize subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<RegularizeConfig>(args)?;
    let workers = match parsed.extra.iter().rev().find(|(f, _)| f == "workers") {
        Some((_, text)) => count("workers", text, 64)?,
        None => crate::cli::parallel::cores(),
    };
    let figure_files = Outputs::from_flags(&parsed.extra)?;
    let config = parsed.config;
    let refusal = |e| Stop::Refused(COMMAND.refusal::<RegularizeConfig>(e));
    let mut run = RegularizeRun::new(config.clone(), None).map_err(refusal)?;
    let outputs = crate::cli::parallel::map(run.job_count(), workers, |job| {
        let mut training = JobRun::new(&config, job, None)?;
        training.advance(usize::MAX);
        Ok::<_, ConfigError>(training.finish())
    });
    for (job, output) in outputs.into_iter().enumerate() {
        let output = output.unwrap_or_else(|| Err(ConfigError::new("methods", "a training stopped unexpectedly")));
        run.accept(job, output.map_err(refusal)?);
    }
    if figure_files.wanted() {
        let (digit, regions) = crate::scene::regularize::figure::pooling_sample();
        let labels = figure_files.labels();
        figure_files.write(&RegularizeFigure { results: &run.shown(), pooling: Some((&digit, &regions)), labels })?;
    }
    let score = |s: &Score| serde_json::json!({ "val_acc": s.val_acc, "val_loss": s.val_loss });
    let methods: Vec<serde_json::Value> = run
        .results()
        .iter()
        .flatten()
        .map(|r| {
            serde_json::json!({
                "method": r.method, "strength": r.strength, "train_acc": r.train.val_acc, "train_loss": r.train.val_loss,
                "val_acc": r.val.val_acc, "val_loss": r.val.val_loss, "best_epoch": r.best_epoch,
                "members": r.members.iter().map(score).collect::<Vec<_>>(), "epochs": r.history,
                "diverged_at": r.diverged_at,
            })
        })
        .collect();
    crate::cli::print_json(&serde_json::json!({ "methods": methods }));
    Ok(())
}
