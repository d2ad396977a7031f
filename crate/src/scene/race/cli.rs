//! `gradscope race`: an optimizer race headless: paths and losses as JSON, optionally a figure.

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "an optimizer race on a loss surface: paths and losses";

use crate::cli::outputs::Outputs;
use crate::cli::{Command, Naming, Stop};
use crate::scene::race::figure::RaceFigure;
use crate::scene::race::{Race, RaceConfig};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope race [options]
  an optimizer race; prints {\"surface\", \"config\", \"runs\": [{\"optimizer\", \"lr\", \"diverged_at\", \"path\", \"losses\",
  \"batch\", \"examples\"}]}. On --surface linreg or logreg (seeded data, --data-stage raw…whiten)
  each optimizer runs once per --batch size, its gradients from minibatches drawn without
  replacement; \"examples\" counts the examples processed up to each position",
    extra: &[],
    figure: true,
    naming: Naming::Key,
};

/// Run the race subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<RaceConfig>(args)?;
    let outputs = Outputs::from_flags(&parsed.extra)?;
    let mut race = Race::new(parsed.config).map_err(|e| COMMAND.refusal::<RaceConfig>(e))?;
    race.seek(race.config().steps);
    outputs.write(&RaceFigure { race: &race, labels: outputs.labels() })?;
    let runs: Vec<serde_json::Value> = race
        .runs()
        .iter()
        .map(|r| {
            serde_json::json!({
                "optimizer": r.optimizer.name(), "lr": r.lr, "diverged_at": r.diverged_at,
                "path": r.path, "losses": r.losses, "batch": r.batch, "examples": r.examples,
            })
        })
        .collect();
    let out = serde_json::json!({ "surface": race.config().surface, "config": race.config(), "runs": runs });
    crate::cli::print_json(&out);
    Ok(())
}
