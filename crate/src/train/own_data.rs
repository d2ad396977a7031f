//! Your own data on the trainer's plot: points clicked on it or opened from a CSV of
//! `x,y,label` rows take the place of the generated data while the network keeps training (its
//! weights, optimizer state and history stay). Every fifth point is held out for validation.

use super::Trainer;
use crate::data::Dataset;
use crate::error::{ConfigError, Result};

/// At most this many points (a CSV or many clicks).
pub const MAX_OWN_POINTS: usize = 2000;

/// One point in data coordinates, its class, and whether it is held out for validation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OwnPoint {
    pub x: f64,
    pub y: f64,
    pub class: usize,
    pub held_out: bool,
}

/// The plot's window over data `ranges`: 10 % of each range around it (2D data only).
pub(super) fn plot_bounds(ranges: &[(f64, f64)]) -> [f64; 4] {
    let pad = |(lo, hi): (f64, f64)| (0.1 * (hi - lo)).max(1e-3);
    match ranges {
        [x, y] => [x.0 - pad(*x), x.1 + pad(*x), y.0 - pad(*y), y.1 + pad(*y)],
        _ => [0.0; 4],
    }
}

fn dataset(points: &[OwnPoint], classes: usize, held_out: bool) -> Dataset {
    let kept: Vec<&OwnPoint> = points.iter().filter(|p| p.held_out == held_out).collect();
    Dataset {
        features: 2,
        classes,
        x: kept.iter().flat_map(|p| [p.x, p.y]).collect(),
        y: kept.iter().map(|p| p.class).collect(),
    }
}

impl Trainer {
    /// Train on `points` from now on. `refit`: fit the preprocessing and the plot's window to
    /// them (a file opened), else keep both (points added on the plot, so nothing moves). Without
    /// a held-out point yet, the training points stand in for validation. A refusal (not 2D
    /// data, a class the network does not have, no training point, too many) changes nothing.
    pub fn set_points(&mut self, points: &[OwnPoint], refit: bool) -> Result<()> {
        let classes = self.cfg.effective_classes();
        if self.train.features != 2 {
            return Err(ConfigError::rule("points", "own_points_planar", "own points need a 2D dataset"));
        }
        if points.len() > MAX_OWN_POINTS {
            return Err(ConfigError::count("points", &points.len().to_string(), 1, MAX_OWN_POINTS as u64));
        }
        if let Some(p) = points.iter().find(|p| p.class >= classes || !p.x.is_finite() || !p.y.is_finite()) {
            let args = [("value", p.class.to_string()), ("hi", (classes - 1).to_string())];
            return Err(ConfigError::rule_with(
                "points",
                "own_point_class",
                &args,
                format!("class {} is not 0–{}", p.class, classes - 1),
            ));
        }
        let raw = dataset(points, classes, false);
        if raw.is_empty() {
            return Err(ConfigError::rule("points", "own_points_train", "at least one training point"));
        }
        let mut val_raw = dataset(points, classes, true);
        if val_raw.is_empty() {
            val_raw = raw.clone();
        }
        if refit {
            self.standardizer = self.cfg.preprocess.fit(&raw);
            let all = Dataset { x: [raw.x.clone(), val_raw.x.clone()].concat(), ..raw.clone() };
            self.bounds = plot_bounds(&all.feature_ranges());
        }
        let (mut train, mut val) = (raw, val_raw.clone());
        self.standardizer.apply(&mut train.x);
        self.standardizer.apply(&mut val.x);
        self.order = (0..train.len()).collect();
        self.cursor = 0;
        (self.train, self.val, self.val_raw) = (train, val, val_raw);
        Ok(())
    }
}

/// Points from a CSV of `x,y,label` rows (a header line is skipped; labels 0 to `classes − 1`),
/// every fifth held out; a refusal names the line and column (1-based).
pub fn parse_points_csv(text: &str, classes: usize) -> Result<Vec<OwnPoint>> {
    let mut points = Vec::new();
    let rows = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    for (i, (at, line)) in rows.enumerate() {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let is_header = i == 0 && cells.first().is_some_and(|c| c.parse::<f64>().is_err());
        if is_header {
            continue;
        }
        let line_no = (at + 1).to_string();
        if cells.len() != 3 {
            let args = [("line", line_no.clone()), ("value", cells.len().to_string())];
            return Err(ConfigError::rule_with(
                "csv",
                "csv_columns",
                &args,
                format!("line {line_no}: {} columns, x,y,label has 3", cells.len()),
            ));
        }
        let number = |j: usize| {
            cells[j].parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                let args = [
                    ("line", line_no.clone()),
                    ("column", (j + 1).to_string()),
                    ("value", cells[j].chars().take(20).collect()),
                ];
                ConfigError::rule_with(
                    "csv",
                    "csv_number",
                    &args,
                    format!("line {line_no}, column {}: {:?} is not a number", j + 1, cells[j]),
                )
            })
        };
        let (x, y) = (number(0)?, number(1)?);
        let class = cells[2].parse::<usize>().ok().filter(|c| *c < classes).ok_or_else(|| {
            let args = [
                ("line", line_no.clone()),
                ("value", cells[2].chars().take(20).collect()),
                ("hi", (classes - 1).to_string()),
            ];
            ConfigError::rule_with(
                "csv",
                "csv_label",
                &args,
                format!("line {line_no}, column 3: label {:?} is not 0–{}", cells[2], classes - 1),
            )
        })?;
        points.push(OwnPoint { x, y, class, held_out: points.len() % 5 == 4 });
    }
    if points.is_empty() || points.len() > MAX_OWN_POINTS {
        let args = [("value", points.len().to_string()), ("hi", MAX_OWN_POINTS.to_string())];
        return Err(ConfigError::rule_with(
            "csv",
            "csv_rows",
            &args,
            format!("{} points: 1 to {MAX_OWN_POINTS} are needed", points.len()),
        ));
    }
    Ok(points)
}
