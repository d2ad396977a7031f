//! Each scene's default figure as SVG, for the test that renders every scene and the CLI (native:
//! the page draws on canvases). The digits come from the copy bundled into native builds.

use crate::fields;
use crate::nn::deep_net_fields;
use crate::render::figure::{
    to_svg, InitFigure, LandscapeFigure, PreprocessFigure, RaceFigure, RegularizeFigure, SearchFigure, TrainerFigure,
};
use crate::render::Labels;
use crate::scene::init_lab::{InitLab, FAST_SIZE};
use crate::scene::landscape::{LandscapeConfig, LandscapeRun};
use crate::scene::preprocess::PreprocessConfig;
use crate::scene::race::{Race, RaceConfig};
use crate::scene::regularize::{pooling_regions, JobRun, RegularizeConfig, RegularizeRun};
use crate::scene::search::{SearchConfig, SearchRun};
use crate::scene::trainer::{Trainer, TrainerConfig};
use crate::scene::Preprocessing;

pub(super) fn race_figure(hash: &str) -> Result<String, String> {
    let mut race = Race::new(RaceConfig::from_hash(hash).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    to_svg(&RaceFigure { race: &race, labels: &Labels::default() })
}

/// The init lab at its fast size unless the link says otherwise (the lecture size is slow in
/// debug builds, and draws the same charts).
pub(super) fn init_figure(hash: &str) -> Result<String, String> {
    let config = deep_net_fields::from_hash(&format!("{FAST_SIZE}&{hash}")).map_err(|e| e.to_string())?;
    let lab = InitLab::new(&config).map_err(|e| e.to_string())?;
    to_svg(&InitFigure { report: lab.report(), activation: config.activation, labels: &Labels::default() })
}

/// The trainer after a few epochs (curves need points).
pub(super) fn train_figure(hash: &str) -> Result<String, String> {
    let mut trainer =
        Trainer::new(TrainerConfig::from_hash(hash).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    for _ in 0..5 {
        trainer.epoch();
    }
    to_svg(&TrainerFigure { trainer: &trainer, labels: &Labels::default() })
}

/// The pipeline of the link's data (the digits from the bundled copy natively).
pub(super) fn preprocess_figure(hash: &str) -> Result<String, String> {
    let config: PreprocessConfig = fields::from_hash(hash).map_err(|e| e.to_string())?;
    let digits = Some(crate::data::Digits::bundled());
    let scene = Preprocessing::new(config, digits.as_ref()).map_err(|e| e.to_string())?;
    to_svg(&PreprocessFigure { scene: &scene, labels: &Labels::default() })
}

/// The link's search run to the end here: every trial, the sweep and its curves.
pub(super) fn search_figure(hash: &str) -> Result<String, String> {
    let config: SearchConfig = fields::from_hash(hash).map_err(|e| e.to_string())?;
    let mut run = SearchRun::new(config).map_err(|e| e.to_string())?;
    let digits = (run.base().dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    run.run_here(digits).map_err(|e| e.to_string())?;
    to_svg(&SearchFigure { run: &run, labels: &Labels::default() })
}

/// Every method trained for a few epochs (the link's own epochs unless it sets none: the
/// default 150 are slow in debug builds and draw the same charts); the digits from the bundled
/// copy natively.
pub(super) fn regularize_figure(hash: &str) -> Result<String, String> {
    let text = |e: crate::error::ConfigError| e.to_string();
    let config: RegularizeConfig = fields::from_hash(&format!("ep=4&k=3&cycles=2&{hash}")).map_err(text)?;
    let digits = Some(std::sync::Arc::new(crate::data::Digits::bundled()));
    let mut run = RegularizeRun::new(config.clone(), digits.clone()).map_err(text)?;
    for job in 0..run.job_count() {
        let mut training = JobRun::new(&config, job, digits.clone()).map_err(text)?;
        training.advance(usize::MAX);
        run.accept(job, training.finish());
    }
    let results = run.shown();
    let digit: Option<Vec<f64>> = digits.map(|d| d.image(0).iter().map(|&v| f64::from(v)).collect());
    let regions = pooling_regions(0);
    let pooling = digit.as_deref().map(|d| (d, &regions));
    to_svg(&RegularizeFigure { results: &results, pooling, labels: &Labels::default() })
}

/// Every network trained and sliced at a coarse grid and a few epochs unless the link says
/// otherwise (debug builds are slow; the charts are the same); the digits bundled natively.
pub(super) fn landscape_figure(hash: &str) -> Result<String, String> {
    let config: LandscapeConfig = fields::from_hash(&format!("grid=11&ep=5&{hash}")).map_err(|e| e.to_string())?;
    let layer = config.layer;
    let digits = (config.dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    let mut run = LandscapeRun::new(config).map_err(|e| e.to_string())?;
    run.run_here(digits).map_err(|e| e.to_string())?;
    to_svg(&LandscapeFigure { views: &run.views(), layer, labels: &Labels::default() })
}
