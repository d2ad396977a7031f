//! `gradscope race`: an optimizer race headless: paths and losses as JSON, optionally an SVG.

use crate::flag_pairs;
use gradscope::render::race::{draw_losses, draw_paths, draw_surface, paint_cells};
use gradscope::render::Labels;
use gradscope::scene::race::{Race, RaceConfig};
use plotters::prelude::*;

const USAGE: &str = "usage:
  gradscope race [--surface NAME] [--kappa K] [--x0 X] [--y0 Y] [--optimizers a,b,…] [--lr F]
                 [--lr-overrides name:F,…] [--momentum F] [--beta1 F] [--beta2 F] [--eps F] [--rho F]
                 [--alpha F] [--weight-decay F] [--bias-correction 0|1] [--noise F] [--schedule NAME]
                 [--steps N] [--seed S] [--svg FILE]
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
    known.push("--svg");
    let pairs = flag_pairs(args, &known, USAGE)?;
    let mut svg = None;
    let mut hash = Vec::new();
    for (flag, value) in pairs {
        match RACE_FLAGS.iter().find(|f| f.0 == flag) {
            Some((_, key)) => hash.push(format!("{key}={}", value.replace('&', "%26"))),
            None => svg = Some(value),
        }
    }
    let config = RaceConfig::from_hash(&hash.join("&")).map_err(|e| e.to_string())?;
    let mut race = Race::new(config).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    if let Some(file) = svg {
        write_race_svg(&race, file)?;
    }
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
    println!("{out}");
    Ok(())
}

/// Surface with paths on top, loss chart below, as one SVG.
fn write_race_svg(race: &Race, file: &str) -> Result<(), String> {
    let labels = Labels::default();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (900, 1150)).into_drawing_area();
        let (top, bottom) = root.split_vertically(780);
        draw_surface(&top, race, &labels, |_, chart| paint_cells(race, chart, 90))
            .map_err(|e| format!("svg: {e:?}"))?;
        draw_paths(&top, race).map_err(|e| format!("svg: {e:?}"))?;
        draw_losses(&bottom, race, &labels).map_err(|e| format!("svg: {e:?}"))?;
        root.present().map_err(|e| format!("svg: {e:?}"))?;
    }
    std::fs::write(file, text).map_err(|e| format!("--svg {file}: {e}"))
}
