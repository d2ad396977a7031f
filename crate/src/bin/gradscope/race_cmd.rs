//! `gradscope race`: an optimizer race headless: paths and losses as JSON, optionally a figure.

use crate::figure::{self, Outputs};
use crate::flag_pairs;
use gradscope::render::figure::RaceFigure;
use gradscope::render::Labels;
use gradscope::scene::race::{Race, RaceConfig};

const USAGE: &str = "usage:
  gradscope race [--surface NAME] [--kappa K] [--x0 X] [--y0 Y] [--optimizers a,b,…] [--lr F]
                 [--lr-overrides name:F,…] [--momentum F] [--beta1 F] [--beta2 F] [--eps F] [--rho F]
                 [--alpha F] [--weight-decay F] [--bias-correction 0|1] [--noise F] [--schedule NAME]
                 [--steps N] [--seed S] [--svg FILE] [--png FILE]
    prints {\"surface\", \"runs\": [{\"optimizer\", \"lr\", \"diverged_at\", \"path\", \"losses\"}]}";

/// Long CLI flags → the race's URL-hash keys (one codec validates both).
const RACE_FLAGS: [(&str, &str); 19] = [
    ("--surface", "surf"),
    ("--kappa", "kappa"),
    ("--x0", "x0"),
    ("--y0", "y0"),
    ("--optimizers", "opt"),
    ("--lr", "lr"),
    ("--lr-overrides", "lro"),
    ("--momentum", "mom"),
    ("--beta1", "b1"),
    ("--beta2", "b2"),
    ("--eps", "eps"),
    ("--rho", "rho"),
    ("--alpha", "alpha"),
    ("--weight-decay", "wd"),
    ("--bias-correction", "bc"),
    ("--noise", "noise"),
    ("--schedule", "sched"),
    ("--steps", "steps"),
    ("--seed", "seed"),
];

/// Run the race subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut known: Vec<&str> = RACE_FLAGS.iter().map(|f| f.0).collect();
    known.extend(figure::FLAGS);
    let pairs = flag_pairs(args, &known, USAGE)?;
    let mut outputs = Outputs::default();
    let mut hash = Vec::new();
    for (flag, value) in pairs {
        if let Some((_, key)) = RACE_FLAGS.iter().find(|f| f.0 == flag) {
            hash.push(format!("{key}={}", value.replace('&', "%26")));
        } else {
            outputs.take(flag, value);
        }
    }
    let config = RaceConfig::from_hash(&hash.join("&")).map_err(|e| e.to_string())?;
    outputs.check()?;
    let mut race = Race::new(config).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    outputs.write(&RaceFigure { race: &race, labels: &Labels::default() })?;
    let runs: Vec<serde_json::Value> = race
        .runs()
        .iter()
        .map(|r| {
            serde_json::json!({
                "optimizer": r.optimizer.name(), "lr": r.lr, "diverged_at": r.diverged_at,
                "path": r.path, "losses": r.losses,
            })
        })
        .collect();
    let out = serde_json::json!({ "surface": race.config().surface, "config": race.config(), "runs": runs });
    crate::print_json(&out);
    Ok(())
}
