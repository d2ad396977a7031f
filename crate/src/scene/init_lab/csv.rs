//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use crate::nn::DeepNetReport;
use std::fmt::Write;

/// The init lab's per-layer statistics (empty cells where a value does not apply or is pending).
pub fn init_layers(report: &DeepNetReport) -> String {
    let mut out = String::from("layer,mean,std,saturated_fraction,zero_fraction,dead_fraction,grad_std\n");
    for (l, layer) in report.layers.iter().enumerate() {
        let a = &layer.activations;
        let saturated = a.saturated_fraction.map_or(String::new(), |v| v.to_string());
        let grad = layer.weight_grad.as_ref().map_or(String::new(), |g| g.std.to_string());
        let _ =
            writeln!(out, "{},{},{},{saturated},{},{},{grad}", l + 1, a.mean, a.std, a.zero_fraction, a.dead_fraction);
    }
    out
}
