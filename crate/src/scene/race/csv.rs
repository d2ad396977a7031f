//! The numbers behind the scene's pictures as CSV (for slides, spreadsheets and homework).

use super::Race;
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
