//! The init lab as a figure for slides (the CLI's SVG/PNG) and every chart the page draws of it,
//! for the state a link gives (natively: the page computes and draws in the browser).

use super::render::{self as init_lab, draw_histograms, draw_layer_stds, Which};
use super::{InitLab, FAST_SIZE};
use crate::nn::{deep_net_fields, Activation, DeepNetConfig, DeepNetReport};
use crate::render::figure::{chart, scaled, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::Labels;
use crate::render::{small_font, SANS};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The init lab: the std-per-layer chart on top, then the activation histograms, then the
/// weight-gradient histograms, each block under a heading.
pub struct InitFigure<'a> {
    /// The experiment's report.
    pub report: &'a DeepNetReport,
    /// Its activation (named in the heading).
    pub activation: Activation,
    /// Axis titles and headings.
    pub labels: &'a Labels,
}

/// Init figure geometry in pixels.
const WIDTH: u32 = 1200;
const STD_CHART: u32 = 480;
const HEADING: u32 = 48;
const HISTOGRAM_ROW: u32 = 230;

impl InitFigure<'_> {
    /// Height of one histogram block (five layers to a row, as `draw_histograms` lays them out).
    fn block(&self) -> u32 {
        HEADING + HISTOGRAM_ROW * self.report.layers.len().div_ceil(5).max(1) as u32
    }
}

impl Figure for InitFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, STD_CHART + 2 * self.block())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let labels = self.labels;
        let height = |part| scaled(root.dim_in_pixel().1, part, self.size().1);
        let heading = height(HEADING).max(24);
        let (stds, histograms) = root.split_vertically(height(STD_CHART));
        draw_layer_stds(&stds, self.report, labels)?;
        let (acts, grads) = histograms.split_vertically(height(self.block()));
        let blocks = [
            (acts, Which::Activations, format!("{}: {}", labels.get("activation_std"), self.activation.name())),
            (grads, Which::Gradients, labels.get("gradient_std").to_string()),
        ];
        for (area, which, title) in blocks {
            let (top, body) = area.split_vertically(heading);
            top.fill(&WHITE)?;
            let font = (SANS, small_font(heading * 3 / 5)).into_font();
            top.draw(&Text::new(title, (16, heading as i32 / 5), font))?;
            draw_histograms(&body, self.report, which, labels)?;
        }
        Ok(())
    }
}

/// The init lab at its fast size unless the link says otherwise (the lecture size is slow in
/// debug builds, and draws the same charts).
pub fn state(link: &str) -> Result<(InitLab, DeepNetConfig), String> {
    let config = deep_net_fields::from_hash(&format!("{FAST_SIZE}&{link}")).map_err(|e| e.to_string())?;
    Ok((InitLab::new(&config).map_err(|e| e.to_string())?, config))
}

pub fn svg(link: &str) -> Result<String, String> {
    let (lab, config) = state(link)?;
    svg_at_usual_size(&InitFigure { report: lab.report(), activation: config.activation, labels: &Labels::default() })
}

/// The std per layer, both histogram grids, the activation with f′, the zero-centring demo.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    use init_lab::Which;
    let (lab, config) = state(link)?;
    let lab = Rc::new(lab);
    let (a, b, c) = (lab.clone(), lab.clone(), lab);
    let (activation, slope) = (config.activation, config.slope());
    let paths = crate::scene::init_lab::zero_centered::page_paths(config.seed);
    Ok(vec![
        chart("std", move |area, labels| init_lab::draw_layer_stds(area, a.report(), labels)),
        chart("activations", move |area, labels| {
            init_lab::draw_histograms(area, b.report(), Which::Activations, labels)
        }),
        chart("gradients", move |area, labels| init_lab::draw_histograms(area, c.report(), Which::Gradients, labels)),
        chart("activation", move |area, labels| init_lab::draw_activation(area, activation, slope, labels)),
        chart("zero-centred", move |area, labels| init_lab::draw_zero_centered(area, &paths, labels)),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_state_lists_the_charts_the_page_draws() {
        let names: Vec<String> = super::charts("").expect("charts").into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["std", "activations", "gradients", "activation", "zero-centred"]);
    }
}
