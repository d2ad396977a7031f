//! `gradscope train`: train an MLP headless and print the per-epoch history as JSON.

use crate::flags::{Command, Naming, Stop};
use gradscope::scene::trainer::{Trainer, TrainerConfig};

const COMMAND: Command = Command {
    name: "train",
    about: "usage: gradscope train --dataset NAME [options]
    trains for --epochs epochs; prints {\"initial_loss\", \"expected_initial_loss\", \"diverged_at\", \"patterns\",
    \"config\", \"epochs\": [{\"train_loss\", \"train_acc\", \"val_loss\", \"val_acc\", \"update_to_weight_ratio\",
    \"dead_fraction\"}]}",
    extra: &[],
    required: &[],
    naming: Naming::Flag,
};

/// Run the train subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let config = COMMAND.parse::<TrainerConfig>(args)?.config;
    let mut trainer = Trainer::new(config).map_err(|e| COMMAND.refusal::<TrainerConfig>(e))?;
    for _ in 0..trainer.config().epochs {
        if trainer.diverged_at().is_some() {
            break;
        }
        trainer.epoch();
    }
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
    if trainer.config().batch == gradscope::scene::trainer::FULL_BATCH {
        config["batch"] = "full".into(); // as `--batch full` and links say it
    }
    let out = serde_json::json!({
        "initial_loss": snapshot.sanity.initial_loss,
        "expected_initial_loss": snapshot.sanity.expected_loss,
        "diverged_at": snapshot.diverged_at,
        "patterns": snapshot.patterns,
        "config": config,
        "epochs": epochs,
    });
    // A closed pipe (`| head`) is not an error worth a panic.
    crate::print_json(&out);
    Ok(())
}
