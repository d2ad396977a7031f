//! `gradscope train`: train an MLP headless and print the per-epoch history as JSON.

use crate::flag_pairs;
use gradscope::scene::trainer::{Trainer, TrainerConfig};

const USAGE: &str = "usage:
  gradscope train --dataset NAME [--classes K] [--points N] [--noise F] [--val-fraction F]
                  [--preprocess none|center|normalize] --layers L --width W --activation NAME
                  --init NAME [--init-std F] [--batchnorm] [--layernorm] [--dropout P] [--l2 F]
                  --optimizer NAME --lr F [--momentum F] [--beta1 F] [--beta2 F] [--eps F] [--rho F]
                  [--alpha F] [--weight-decay F] [--momentum-decay F] [--bias-correction 0|1]
                  [--schedule NAME] --batch B --epochs E --seed S [--tiny]
    prints {\"initial_loss\", \"diverged_at\", \"patterns\", \"epochs\": [{\"train_loss\", \"train_acc\",
    \"val_loss\", \"val_acc\", \"update_to_weight_ratio\", \"dead_fraction\"}]}";

/// Long CLI flags → the trainer's URL-hash keys (one codec validates both).
const TRAIN_FLAGS: [(&str, &str); 31] = [
    ("--dataset", "ds"),
    ("--classes", "k"),
    ("--points", "n"),
    ("--noise", "noise"),
    ("--val-fraction", "val"),
    ("--preprocess", "prep"),
    ("--layers", "layers"),
    ("--width", "width"),
    ("--activation", "act"),
    ("--init", "init"),
    ("--init-std", "std"),
    ("--batchnorm", "bn"),
    ("--layernorm", "ln"),
    ("--dropout", "drop"),
    ("--l2", "l2"),
    ("--optimizer", "opt"),
    ("--lr", "lr"),
    ("--momentum", "mom"),
    ("--beta1", "b1"),
    ("--beta2", "b2"),
    ("--eps", "eps"),
    ("--rho", "rho"),
    ("--alpha", "alpha"),
    ("--weight-decay", "wd"),
    ("--momentum-decay", "mdecay"),
    ("--bias-correction", "bc"),
    ("--schedule", "sched"),
    ("--batch", "batch"),
    ("--epochs", "epochs"),
    ("--seed", "seed"),
    ("--tiny", "tiny"),
];

/// Value-less switches: `--batchnorm` means `--batchnorm 1`.
const SWITCHES: [&str; 3] = ["--batchnorm", "--layernorm", "--tiny"];

/// Run the train subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    let expanded: Vec<String> = args
        .iter()
        .flat_map(|a| if SWITCHES.contains(&a.as_str()) { vec![a.clone(), "1".into()] } else { vec![a.clone()] })
        .collect();
    let known: Vec<&str> = TRAIN_FLAGS.iter().map(|f| f.0).collect();
    let pairs = flag_pairs(&expanded, &known, USAGE)?;
    let hash: Vec<String> = pairs
        .iter()
        .filter_map(|(flag, value)| TRAIN_FLAGS.iter().find(|f| f.0 == *flag).map(|f| (f.1, value)))
        .map(|(key, value)| format!("{key}={}", value.replace('%', "%25").replace('&', "%26")))
        .collect();
    let config = TrainerConfig::from_hash(&hash.join("&")).map_err(|mut e| {
        // Name the refused flag as the user typed it (`--dataset`, not the hash key `ds`).
        if let Some((flag, _)) = TRAIN_FLAGS.iter().find(|f| f.1 == e.field) {
            e.field = flag.trim_start_matches('-').to_string();
        }
        e.to_string()
    })?;
    let mut trainer = Trainer::new(config).map_err(|e| e.to_string())?;
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
    let out = serde_json::json!({
        "initial_loss": snapshot.sanity.initial_loss,
        "expected_initial_loss": snapshot.sanity.expected_loss,
        "diverged_at": snapshot.diverged_at,
        "patterns": snapshot.patterns,
        "config": trainer.config(),
        "epochs": epochs,
    });
    // A closed pipe (`| head`) is not an error worth a panic.
    crate::print_json(&out);
    Ok(())
}
