//! The numbers behind each scene's pictures as CSV (for slides, spreadsheets and homework).

use super::race::Race;
use super::trainer::EpochRecord;
use crate::nn::DeepNetReport;
use std::fmt::Write;

/// Every race path: one row per optimizer and step.
pub fn race_paths(race: &Race) -> String {
    let mut out = String::from("optimizer,lr,step,x,y,loss\n");
    for run in race.runs() {
        for (k, (p, loss)) in run.path.iter().zip(&run.losses).enumerate() {
            let _ = writeln!(out, "{},{},{k},{},{},{loss}", run.optimizer.name(), run.lr, p[0], p[1]);
        }
    }
    out
}

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

/// Each preprocessing stage's statistics in long form: one row per stage and matrix entry
/// (`mean` on the diagonal rows), then κ of each stage's second moment.
pub fn preprocess_stages(scene: &super::Preprocessing) -> String {
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

/// Every finished search trial: its strategy, parameters and numbers (empty where none).
pub fn search_trials(run: &super::search::SearchRun) -> String {
    let names: Vec<&str> = run.params().iter().map(|p| p.name).collect();
    let mut out =
        format!("strategy,trial,{},seed,train_acc,val_acc,train_loss,val_loss,epochs,exploded\n", names.join(","));
    let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for (p, plan) in run.plans().iter().enumerate() {
        let strategy = plan.strategy.name();
        for (i, r) in run.results(p) {
            let values: Vec<String> = r.params.iter().map(|(_, v)| v.to_string()).collect();
            let numbers = [r.train_acc, r.val_acc, r.train_loss, r.val_loss].map(cell).join(",");
            let _ =
                writeln!(out, "{strategy},{i},{},{},{numbers},{},{}", values.join(","), r.seed, r.epochs, r.exploded);
        }
    }
    out
}

/// The regularization comparison: one row per method and epoch (the first member's history),
/// then per method a `tested` row with the scores of the tested network (the ensemble's
/// average, with or without the test-time correction as shown).
pub fn regularize_methods(results: &[&super::regularize::MethodResult]) -> String {
    let mut out = String::from("method,strength,epoch,train_loss,val_loss,train_acc,val_acc,members,uncorrected\n");
    for r in results {
        for (e, [tl, vl, ta, va]) in r.history.iter().enumerate() {
            let _ = writeln!(out, "{},{},{},{tl},{vl},{ta},{va},,", r.method, r.strength, e + 1);
        }
        let (t, v) = (r.train, r.val);
        let (n, raw) = (r.members.len(), u8::from(r.uncorrected));
        let _ = writeln!(
            out,
            "{},{},tested,{},{},{},{},{n},{raw}",
            r.method, r.strength, t.val_loss, v.val_loss, t.val_acc, v.val_acc
        );
    }
    out
}

/// The landscape scene's numbers in one long table: `table` names the part (line, slice,
/// smoothness, percentiles); the columns a part does not use are empty.
pub fn landscape(views: &[super::landscape::NetView<'_>]) -> String {
    let mut out =
        String::from("table,net,step,alpha,x,y,train_loss,val_loss,loss,loss_min,loss_max,grad_change,p15,p50,p85\n");
    for v in views {
        let (Some(o), name) = (v.output, v.name) else { continue };
        for ((a, t), l) in o.alpha.iter().zip(&o.train_line).zip(&o.val_line) {
            let _ = writeln!(out, "line,{name},,{a},,,{t},{l},,,,,,,");
        }
        let axis = o.plane.axis(v.slice.map_or(0, <[Vec<f64>]>::len));
        for (row, y) in v.slice.unwrap_or_default().iter().zip(&axis) {
            for (loss, x) in row.iter().zip(&axis).filter(|(l, _)| l.is_finite()) {
                let _ = writeln!(out, "slice,{name},,,{x},{y},,,{loss},,,,,,");
            }
        }
        for m in &o.smoothness {
            let s = m.value;
            let _ =
                writeln!(out, "smoothness,{name},{},,,,,,,{},{},{},,,", m.step, s.loss_min, s.loss_max, s.grad_change);
        }
        for m in &o.percentiles {
            let [a, b, c] = m.value;
            let _ = writeln!(out, "percentiles,{name},{},,,,,,,,,,{a},{b},{c}", m.step);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::race::RaceConfig;

    #[test]
    fn race_csv_has_one_row_per_point_and_parses_back() {
        let race = Race::new(RaceConfig::from_hash("opt=sgd,adam&steps=5").unwrap()).unwrap();
        let csv = race_paths(&race);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], "optimizer,lr,step,x,y,loss");
        assert_eq!(rows.len(), 1 + 2 * 6);
        let first: Vec<&str> = rows[1].split(',').collect();
        assert_eq!(first[0], "sgd");
        assert_eq!(first[3].parse::<f64>().unwrap(), race.config().start[0]);
        assert!(rows[1..]
            .iter()
            .all(|r| r.split(',').count() == 6 && r.split(',').skip(1).all(|v| v.parse::<f64>().is_ok())));
    }
}
