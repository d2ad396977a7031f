//! The loss landscape as a figure for slides (the CLI's SVG/PNG) and every chart the page draws
//! of it, for the state a link gives (natively: the page computes and draws in the browser).

use super::render as landscape;
use super::{LandscapeConfig, LandscapeRun};
use crate::fields;
use crate::render::figure::{chart, scaled, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The loss landscape: the slices on top, the line from the initial weights, the measurements
/// along training.
pub struct LandscapeFigure<'a> {
    pub views: &'a [crate::scene::landscape::NetView<'a>],
    /// The hidden layer (1-based) whose inputs the percentiles follow.
    pub layer: usize,
    pub labels: &'a Labels,
}

impl Figure for LandscapeFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1400, 1250)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        use super::render::{draw_lines, draw_measures, draw_slices};
        root.fill(&WHITE)?;
        let height = |part| scaled(root.dim_in_pixel().1, part, self.size().1);
        let (top, rest) = root.split_vertically(height(520));
        let (middle, bottom) = rest.split_vertically(height(380));
        draw_slices(&top, self.views, self.labels)?;
        draw_lines(&middle, self.views, self.labels)?;
        draw_measures(&bottom, self.views, self.layer, self.labels)
    }
}

/// Every network trained and sliced at a coarse grid and a few epochs unless the link says
/// otherwise.
pub fn state(link: &str) -> Result<LandscapeRun, String> {
    let config: LandscapeConfig = fields::from_hash(&format!("grid=11&epochs=5&{link}")).map_err(|e| e.to_string())?;
    let mut run = LandscapeRun::new(config).map_err(|e| e.to_string())?;
    run.run_here(None).map_err(|e| e.to_string())?;
    Ok(run)
}

pub fn svg(link: &str) -> Result<String, String> {
    let run = state(link)?;
    svg_at_usual_size(&LandscapeFigure { views: &run.views(), layer: run.config().layer, labels: &Labels::default() })
}

/// The slices, the interpolation lines, the measurements along training.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(state(link)?);
    let [a, b] = [run.clone(), run.clone()];
    Ok(vec![
        chart("slices", move |area, labels| landscape::draw_slices(area, &a.views(), labels)),
        chart("interpolation", move |area, labels| landscape::draw_lines(area, &b.views(), labels)),
        chart("smoothness", move |area, labels| {
            landscape::draw_measures(area, &run.views(), run.config().layer, labels)
        }),
    ])
}
