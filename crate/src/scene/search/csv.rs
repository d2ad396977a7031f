//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use std::fmt::Write;

/// Every finished search trial: its strategy, parameters and numbers (empty where none).
pub fn search_trials(run: &super::SearchRun) -> String {
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
