//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use std::fmt::Write;

/// Each preprocessing stage's statistics in long form: one row per stage and matrix entry
/// (`mean` on the diagonal rows), then κ of each stage's second moment.
pub fn preprocess_stages(scene: &crate::scene::Preprocessing) -> String {
    let mut out = String::from("stage,i,j,mean_i,covariance,second_moment,condition_number\n");
    for stage in &scene.pipeline().stages {
        let kappa = stage.condition_number.map_or(String::new(), |k| k.to_string());
        for (i, (row, moment)) in stage.covariance.iter().zip(&stage.second_moment).enumerate() {
            for (j, (c, m)) in row.iter().zip(moment).enumerate() {
                let _ = writeln!(out, "{},{},{},{},{c},{m},{kappa}", stage.kind.name(), i + 1, j + 1, stage.mean[i]);
            }
        }
    }
    out
}
