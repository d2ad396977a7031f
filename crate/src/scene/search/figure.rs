//! The search as a figure for slides (the CLI's SVG/PNG) and every chart the page draws of it,
//! for the state a link gives (natively: the page computes and draws in the browser).

use super::render as search;
use super::{SearchConfig, SearchRun};
use crate::fields;
use crate::render::figure::{chart, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The hyperparameter search: each strategy's trials, the first one's marginals, the sweep and
/// the fixed-rate curves.
pub struct SearchFigure<'a> {
    /// A finished search (trials, sweep and curves).
    pub run: &'a crate::scene::search::SearchRun,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for SearchFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1500, 1050)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        use super::render::{draw_marginals, draw_patterns, draw_scatter, draw_sweep};
        root.fill(&WHITE)?;
        let rows = root.split_evenly((3, 1));
        let plans = self.run.plans().len();
        for (p, cell) in rows[0].split_evenly((1, plans)).iter().enumerate() {
            draw_scatter(cell, self.run, p, &self.run.title(p, self.labels), self.labels)?;
        }
        draw_marginals(&rows[1], self.run, 0, self.labels)?;
        let (left, right) = rows[2].split_horizontally(root.dim_in_pixel().0 / 2);
        if let Some(sweep) = self.run.sweep() {
            draw_sweep(&left, sweep, self.labels)?;
        }
        draw_patterns(&right, self.run, self.labels)
    }
}

/// The link's search run to the end: every trial, the sweep and its curves.
pub fn state(link: &str) -> Result<SearchRun, String> {
    let config: SearchConfig = fields::from_hash(link).map_err(|e| e.to_string())?;
    let mut run = SearchRun::new(config).map_err(|e| e.to_string())?;
    run.run_here(None).map_err(|e| e.to_string())?;
    Ok(run)
}

pub fn svg(link: &str) -> Result<String, String> {
    svg_at_usual_size(&SearchFigure { run: &state(link)?, labels: &Labels::default() })
}

/// Each plan's trials and marginals, the learning-rate sweep and the fixed-rate curves.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(state(link)?);
    let mut charts = Vec::new();
    for p in 0..run.plans().len() {
        let r = run.clone();
        charts.push(chart(format!("trials-{}", p + 1), move |area, labels| {
            search::draw_scatter(area, &r, p, &r.title(p, labels), labels).map(|_| ())
        }));
        let r = run.clone();
        charts.push(chart(format!("marginals-{}", p + 1), move |area, labels| {
            search::draw_marginals(area, &r, p, labels)
        }));
    }
    if run.sweep().is_some() {
        let r = run.clone();
        charts.push(chart("lr-sweep", move |area, labels| match r.sweep() {
            Some(sweep) => search::draw_sweep(area, sweep, labels),
            None => Ok(()),
        }));
    }
    charts.push(chart("lr-patterns", move |area, labels| search::draw_patterns(area, &run, labels)));
    Ok(charts)
}
