//! `gradscope landscape`: train a network as `gradscope train` does, then print its loss
//! landscape as JSON — the line from the initial to the trained weights, or a 2D slice along
//! two filter-normalized random directions with the training trajectory.

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "a trained network's loss along the line from its initial weights, or on a 2D slice";

use crate::cli::outputs::Outputs;
use crate::cli::{refused, Command, Naming, Stop};
use crate::error::ConfigError;
use crate::fields;
use crate::landscape::{self, RESOLUTION};
use crate::scene::landscape::figure::LandscapeFigure;
use crate::scene::landscape::LandscapeRun;
use crate::train::{Trainer, TrainerConfig};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope landscape --dataset NAME [trainer options] [--batchnorm] [--residual]
       --mode interp|slice2d --resolution R --seed S
    trains for --epochs epochs, then prints for interp {\"alpha\": […], \"train_loss\": […], \"val_loss\": […]}
    (α from -0.5 to 1.5 between the initial and the trained weights), for slice2d {\"x\": […], \"y\": […],
    \"loss\": [[…]], \"trajectory\": [[x, y], …]} (training loss at θ + x·d1 + y·d2, x and y from -1 to 1,
    d1 and d2 filter-normalized random directions; the weights after each epoch projected onto them)",
    extra: &[
        ("mode", "interp|slice2d", "the line from the initial weights, or a 2D slice (default interp)"),
        ("resolution", "R", "points per axis, 5 to 101 (default 41)"),
    ],
    figure: true,
    naming: Naming::Flag,
};

/// Run the landscape subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<TrainerConfig>(args)?;
    let value = |flag: &str| parsed.extra.iter().rev().find(|(f, _)| f == flag).map(|(_, v)| v.as_str());
    let mode = value("mode").unwrap_or("interp");
    if !["interp", "slice2d"].contains(&mode) {
        return Err(refused(ConfigError::one_of("mode", mode, &["interp", "slice2d"])));
    }
    let text = value("resolution").unwrap_or("41");
    let resolution = text.parse::<usize>().ok().filter(|r| (RESOLUTION.0..=RESOLUTION.1).contains(r));
    let resolution = resolution
        .ok_or_else(|| refused(ConfigError::count("resolution", text, RESOLUTION.0 as u64, RESOLUTION.1 as u64)))?;
    let refusal = |e| Stop::Refused(COMMAND.refusal::<TrainerConfig>(e));
    let outputs = Outputs::from_flags(&parsed.extra)?;
    let scene = outputs.wanted().then(|| scene_of(&parsed.config, resolution, &outputs)).transpose()?;
    let mut trainer = Trainer::new(parsed.config).map_err(refusal)?;
    let initial = trainer.params();
    let mut trajectory = vec![initial.clone()];
    for _ in 0..trainer.config().epochs {
        if !trainer.running() {
            break;
        }
        trainer.epoch();
        trajectory.push(trainer.params());
    }
    let out = if mode == "interp" {
        let trained = trainer.params();
        serde_json::json!(landscape::interpolate(&mut trainer, &initial, &trained, resolution).map_err(refusal)?)
    } else {
        let seed = trainer.config().seed;
        serde_json::json!(landscape::slice2d(&mut trainer, &trajectory, resolution, seed).map_err(refusal)?)
    };
    if let Some(mut run) = scene {
        run.run_here(None).map_err(|e| Stop::Refused(format!("{}: {e}", outputs.flag())))?;
        outputs.write(&LandscapeFigure { views: &run.views(), layer: 1, labels: outputs.labels() })?;
    }
    crate::cli::print_json(&out);
    Ok(())
}

/// The page's landscape scene of this one network, for the figure: its line, its slice at
/// `resolution` and its measurements (refused, naming the figure's flag, where the page could
/// not show it).
fn scene_of(config: &TrainerConfig, resolution: usize, outputs: &Outputs) -> Result<LandscapeRun, Stop> {
    let flag = outputs.flag();
    let net = match (config.batch_norm, config.residual) {
        (false, false) => "plain",
        (true, false) => "bn",
        (false, true) => "residual",
        (true, true) => {
            return Err(Stop::Refused(format!("{flag}: the figure shows batch norm or residual, not both")))
        }
    };
    let link = format!("{}&grid={resolution}&nets={net}&layer=1", fields::to_hash(config));
    let scene = fields::from_hash(&link).map_err(|e| format!("{flag}: the figure is the page's landscape: {e}"))?;
    LandscapeRun::new(scene).map_err(|e| Stop::Refused(format!("{flag}: {e}")))
}
