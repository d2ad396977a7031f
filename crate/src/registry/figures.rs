//! Each scene's figure for a link as SVG at its usual size, for the test that renders every scene
//! (native: the page draws on canvases).

use super::states;
use crate::render::figure::{
    to_svg, Figure, InitFigure, LandscapeFigure, PreprocessFigure, RaceFigure, RegularizeFigure, SearchFigure,
    TrainerFigure,
};
use crate::render::Labels;

fn svg(figure: &impl Figure) -> Result<String, String> {
    to_svg(figure, figure.size())
}

pub(super) fn race_figure(link: &str) -> Result<String, String> {
    svg(&RaceFigure { race: &states::race(link)?, labels: &Labels::default() })
}

pub(super) fn init_figure(link: &str) -> Result<String, String> {
    let (lab, config) = states::init(link)?;
    svg(&InitFigure { report: lab.report(), activation: config.activation, labels: &Labels::default() })
}

pub(super) fn train_figure(link: &str) -> Result<String, String> {
    svg(&TrainerFigure { trainer: &states::trainer(link)?, labels: &Labels::default() })
}

pub(super) fn preprocess_figure(link: &str) -> Result<String, String> {
    svg(&PreprocessFigure { scene: &states::preprocess(link)?, labels: &Labels::default() })
}

pub(super) fn search_figure(link: &str) -> Result<String, String> {
    svg(&SearchFigure { run: &states::search(link)?, labels: &Labels::default() })
}

pub(super) fn regularize_figure(link: &str) -> Result<String, String> {
    let run = states::regularize(link)?;
    let (digit, regions) = states::pooling_sample();
    let figure =
        RegularizeFigure { results: &run.shown(), pooling: Some((&digit, &regions)), labels: &Labels::default() };
    svg(&figure)
}

pub(super) fn landscape_figure(link: &str) -> Result<String, String> {
    let run = states::landscape(link)?;
    svg(&LandscapeFigure { views: &run.views(), layer: run.config().layer, labels: &Labels::default() })
}
