//! Each scene's state for a link, computed here and now (native: the page computes in its
//! workers): what the figures (`figures`) and the chart lists (`charts`) draw. The heavy scenes
//! train briefly unless the link says otherwise — debug builds are slow and the charts the same.

use crate::data::Digits;
use crate::fields;
use crate::nn::{deep_net_fields, DeepNetConfig};
use crate::scene::init_lab::{InitLab, FAST_SIZE};
use crate::scene::landscape::{LandscapeConfig, LandscapeRun};
use crate::scene::preprocess::PreprocessConfig;
use crate::scene::race::{Race, RaceConfig};
use crate::scene::regularize::{pooling_regions, JobRun, RegularizeConfig, RegularizeRun};
use crate::scene::search::{SearchConfig, SearchRun};
use crate::scene::trainer::{Trainer, TrainerConfig};
use crate::scene::Preprocessing;
use std::sync::Arc;

/// A refusal as text.
fn text(e: crate::error::ConfigError) -> String {
    e.to_string()
}

/// The race shown to its last step.
pub fn race(link: &str) -> Result<Race, String> {
    let mut race = Race::new(RaceConfig::from_hash(link).map_err(text)?).map_err(text)?;
    race.seek(race.config().steps);
    Ok(race)
}

/// The init lab at its fast size unless the link says otherwise (the lecture size is slow in
/// debug builds, and draws the same charts).
pub fn init(link: &str) -> Result<(InitLab, DeepNetConfig), String> {
    let config = deep_net_fields::from_hash(&format!("{FAST_SIZE}&{link}")).map_err(text)?;
    Ok((InitLab::new(&config).map_err(text)?, config))
}

/// The trainer after a few epochs (curves need points).
pub fn trainer(link: &str) -> Result<Trainer, String> {
    let mut trainer = Trainer::new(TrainerConfig::from_hash(link).map_err(text)?).map_err(text)?;
    for _ in 0..5 {
        trainer.epoch();
    }
    Ok(trainer)
}

/// The pipeline of the link's data (the digits from the bundled copy).
pub fn preprocess(link: &str) -> Result<Preprocessing, String> {
    let config: PreprocessConfig = fields::from_hash(link).map_err(text)?;
    Preprocessing::new(config, Some(&Digits::bundled())).map_err(text)
}

/// The link's search run to the end: every trial, the sweep and its curves.
pub fn search(link: &str) -> Result<SearchRun, String> {
    let config: SearchConfig = fields::from_hash(link).map_err(text)?;
    let mut run = SearchRun::new(config).map_err(text)?;
    run.run_here(None).map_err(text)?;
    Ok(run)
}

/// Every method trained for a few epochs (the link's own epochs unless it sets none: the
/// default 150 are slow in debug builds and draw the same charts).
pub fn regularize(link: &str) -> Result<RegularizeRun, String> {
    let config: RegularizeConfig = fields::from_hash(&format!("epochs=4&k=3&cycles=2&{link}")).map_err(text)?;
    let digits = Some(Arc::new(Digits::bundled()));
    let mut run = RegularizeRun::new(config.clone(), digits.clone()).map_err(text)?;
    for job in 0..run.job_count() {
        let mut training = JobRun::new(&config, job, digits.clone()).map_err(text)?;
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

/// Every network trained and sliced at a coarse grid and a few epochs unless the link says
/// otherwise.
pub fn landscape(link: &str) -> Result<LandscapeRun, String> {
    let config: LandscapeConfig = fields::from_hash(&format!("grid=11&epochs=5&{link}")).map_err(text)?;
    let mut run = LandscapeRun::new(config).map_err(text)?;
    run.run_here(None).map_err(text)?;
    Ok(run)
}
