//! Whole-scene figures for slides, written by the CLI as SVG or PNG. Each figure has a usual
//! size and draws on any plotters backend at any size, its parts laid out in proportion. (The
//! page exports PNG and CSV: monomorphizing every chart for a second backend in the wasm would
//! cost ~80 KB, past the size budget.)

use super::init_lab::{draw_histograms, draw_layer_stds, Which};
use super::race::{draw_losses, draw_paths, draw_surface, paint_cells};
use super::Labels;
use crate::nn::{Activation, DeepNetReport};
use crate::scene::race::Race;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Result of drawing on a backend.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A picture that can be written as SVG or PNG.
pub trait Figure {
    /// Its usual width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draw onto the whole `root` area, of any size.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// `part` of the usual `whole` pixels, in proportion to the `actual` pixels drawn on.
fn scaled(actual: u32, part: u32, whole: u32) -> u32 {
    (u64::from(actual) * u64::from(part) / u64::from(whole.max(1))) as u32
}

/// The figure as an SVG document of `size` pixels.
pub fn to_svg(figure: &impl Figure, size: (u32, u32)) -> Result<String, String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        figure.draw(&root).map_err(|e| format!("svg: {e}"))?;
        root.present().map_err(|e| format!("svg: {e}"))?;
    }
    Ok(text)
}

/// The race: surface with paths on top, the loss chart below.
pub struct RaceFigure<'a> {
    /// The race to draw (at its animation step).
    pub race: &'a Race,
    /// Axis titles.
    pub labels: &'a Labels,
}

impl Figure for RaceFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (900, 1150)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let race = self.race;
        let (top, bottom) = root.split_vertically(scaled(root.dim_in_pixel().1, 780, self.size().1));
        draw_surface(&top, race, |_, chart| paint_cells(race, chart, 90))?;
        draw_paths(&top, race, self.labels)?;
        draw_losses(&bottom, race, self.labels)
    }
}

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
            let font = (super::SANS, super::small_font(heading * 3 / 5)).into_font();
            top.draw(&Text::new(title, (16, heading as i32 / 5), font))?;
            draw_histograms(&body, self.report, which, labels)?;
        }
        Ok(())
    }
}

/// The trainer's loss/accuracy curves and update/weight ratios: a figure for slides.
pub struct TrainerFigure<'a> {
    /// The trained network and its history.
    pub trainer: &'a crate::scene::trainer::Trainer,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for TrainerFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 800)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let (curves, ratios) = root.split_vertically(scaled(root.dim_in_pixel().1, 460, self.size().1));
        let history = self.trainer.history();
        super::trainer::draw_curves(&curves, history, &[], self.trainer.best_epoch(), self.labels)?;
        super::trainer::draw_ratios(&ratios, history, self.labels)
    }
}

/// The preprocessing scene: each stage's cloud above its loss surface (2D data), or the
/// digits' mean and std images, top components and spectrum.
pub struct PreprocessFigure<'a> {
    /// The pipeline and fits.
    pub scene: &'a crate::scene::Preprocessing,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for PreprocessFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1500, 700)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        use super::digits_pca::{digit_summary, draw_images, draw_spectrum};
        use super::preprocess::{draw_stages, Panels};
        root.fill(&WHITE)?;
        let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 / 2);
        if self.scene.is_images() {
            draw_images(&top, &digit_summary(self.scene, self.labels), 1)?;
            draw_spectrum(&bottom, self.scene, self.scene.config().components, self.labels)
        } else {
            draw_stages(&top, self.scene, Panels::Clouds, self.labels)?;
            draw_stages(&bottom, self.scene, Panels::Fits, self.labels)
        }
    }
}

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
        use super::search::{draw_marginals, draw_patterns, draw_scatter, draw_sweep};
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

/// The regularization scene: the loss charts, the ensembles and the pooling picture (the
/// decision boundaries are raster tiles, drawn in the page).
pub struct RegularizeFigure<'a> {
    /// Each shown method's name and result.
    pub results: &'a [super::regularize::Shown<'a>],
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
        use super::regularize::{draw_class_accuracy, draw_ensembles, draw_gaps};
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
            Some((digit, r)) => {
                super::pooling::draw_pooling(&bottom, digit, (&r[0], &r[1]), (&r[2], &r[3]), self.labels)
            }
            None => Ok(()),
        }
    }
}

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
        use super::landscape::{draw_lines, draw_measures, draw_slices};
        root.fill(&WHITE)?;
        let height = |part| scaled(root.dim_in_pixel().1, part, self.size().1);
        let (top, rest) = root.split_vertically(height(520));
        let (middle, bottom) = rest.split_vertically(height(380));
        draw_slices(&top, self.views, self.labels)?;
        draw_lines(&middle, self.views, self.labels)?;
        draw_measures(&bottom, self.views, self.layer, self.labels)
    }
}
