//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use super::EpochRecord;
use std::fmt::Write;

/// The trainer's history: one row per epoch, per-layer ratios and dead fractions in columns.
pub fn training_history(history: &[EpochRecord]) -> String {
    let layers = history.first().map_or(0, |r| r.update_to_weight_ratio.len());
    let mut out = String::from("epoch,lr,train_loss,train_acc,val_loss,val_acc");
    for l in 1..=layers {
        let _ = write!(out, ",update_to_weight_ratio_{l}");
    }
    for l in 1..=history.first().map_or(0, |r| r.dead_fraction.len()) {
        let _ = write!(out, ",dead_fraction_{l}");
    }
    out.push('\n');
    for r in history {
        let _ = write!(out, "{},{},{},{},{},{}", r.epoch, r.lr, r.train_loss, r.train_acc, r.val_loss, r.val_acc);
        for v in r.update_to_weight_ratio.iter().chain(&r.dead_fraction) {
            let _ = write!(out, ",{v}");
        }
        out.push('\n');
    }
    out
}
