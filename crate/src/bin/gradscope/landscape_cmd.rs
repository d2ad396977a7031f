//! `gradscope landscape`: train a network as `gradscope train` does, then print its loss
//! landscape as JSON — the line from the initial to the trained weights, or a 2D slice along
//! two filter-normalized random directions with the training trajectory.

use crate::flags::{refused, Command, Naming, Stop};
use gradscope::error::ConfigError;
use gradscope::landscape::{self, RESOLUTION};
use gradscope::scene::trainer::{Trainer, TrainerConfig};

const COMMAND: Command = Command {
    name: "landscape",
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
    crate::print_json(&out);
    Ok(())
}
