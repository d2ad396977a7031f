//! The regularization scene as a figure for slides (the CLI's SVG/PNG) and every chart the page
//! draws of it, for the state a link gives (natively: the page computes and draws in the browser).

use super::render as regularize;
use super::{pooling, pooling_regions, JobRun, RegularizeConfig, RegularizeRun};
use crate::data::Digits;
use crate::fields;
use crate::render::figure::{chart, scaled, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// The regularization scene: the loss charts, the ensembles and the pooling picture (the
/// decision boundaries are raster tiles, drawn in the page).
pub struct RegularizeFigure<'a> {
    /// Each shown method's name and result.
    pub results: &'a [regularize::Shown<'a>],
    /// A digit and its 2×2 and fractional pooling regions.
    pub pooling: Option<(&'a [f64], &'a [Vec<usize>; 4])>,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for RegularizeFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1200, 1300)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        use super::render::{draw_class_accuracy, draw_ensembles, draw_gaps};
        root.fill(&WHITE)?;
        let height = |part| scaled(root.dim_in_pixel().1, part, self.size().1);
        let (top, rest) = root.split_vertically(height(700));
        let (middle, bottom) = rest.split_vertically(height(350));
        let done: Vec<_> = self.results.iter().filter_map(|(_, r)| *r).collect();
        if done.iter().any(|r| r.grid.is_empty()) {
            let (left, right) = top.split_horizontally(root.dim_in_pixel().0 / 2);
            draw_class_accuracy(&left, self.results, self.labels)?;
            draw_gaps(&right, self.results, self.labels)?;
        } else {
            draw_gaps(&top, self.results, self.labels)?;
        }
        draw_ensembles(&middle, &done, self.labels)?;
        match self.pooling {
            Some((digit, r)) => pooling::draw_pooling(&bottom, digit, (&r[0], &r[1]), (&r[2], &r[3]), self.labels),
            None => Ok(()),
        }
    }
}

/// Every method trained for a few epochs and one seed unless the link says otherwise (the
/// default 150 epochs and five seeds are slow in debug builds and draw the same charts).
pub fn state(link: &str) -> Result<RegularizeRun, String> {
    let config: RegularizeConfig =
        fields::from_hash(&format!("epochs=4&k=3&cycles=2&seeds=1&{link}")).map_err(|e| e.to_string())?;
    let digits = Some(Arc::new(Digits::bundled()));
    let mut run = RegularizeRun::new(config.clone(), digits.clone()).map_err(|e| e.to_string())?;
    for job in 0..run.job_count() {
        let mut training = JobRun::new(&config, job, digits.clone()).map_err(|e| e.to_string())?;
        training.advance(usize::MAX);
        run.accept(job, training.finish());
    }
    Ok(run)
}

/// The digit of the page's pooling picture (a 3 of the bundled set, as `POOL_DIGIT` in
/// www/js/scenes/regularize.js) and its first regions.
pub fn pooling_sample() -> (Vec<f64>, [Vec<usize>; 4]) {
    let digit = Digits::bundled().image(3).iter().map(|&v| f64::from(v)).collect();
    (digit, pooling_regions(0))
}

pub fn svg(link: &str) -> Result<String, String> {
    let run = state(link)?;
    let (digit, regions) = pooling_sample();
    let figure =
        RegularizeFigure { results: &run.shown(), pooling: Some((&digit, &regions)), labels: &Labels::default() };
    svg_at_usual_size(&figure)
}

/// The boundaries (or accuracy per class), the loss gaps, the ensembles, the pooling picture.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(state(link)?);
    let [a, b] = [run.clone(), run.clone()];
    let mut charts = vec![
        chart("boundaries", move |area, labels| {
            let base = a.base();
            if base.splits().0.features != 2 {
                return regularize::draw_class_accuracy(area, &a.shown(), labels);
            }
            let (train, val) = base.splits();
            let data = (base.bounds(), train, val, base.standardizer());
            regularize::draw_boundaries(area, &a.shown(), data, labels, |_, _| {})
        }),
        chart("loss-gaps", move |area, labels| regularize::draw_gaps(area, &b.shown(), labels)),
    ];
    if run.results().iter().flatten().any(|r| !r.members.is_empty()) {
        charts.push(chart("ensembles", move |area, labels| {
            let done: Vec<_> = run.results().iter().flatten().collect();
            regularize::draw_ensembles(area, &done, labels)
        }));
    }
    let (digit, r) = pooling_sample();
    charts.push(chart("pooling", move |area, labels| {
        pooling::draw_pooling(area, &digit, (&r[0], &r[1]), (&r[2], &r[3]), labels)
    }));
    Ok(charts)
}
