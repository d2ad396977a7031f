//! The scene registry: every page scene once — its id (the link's `scene=`, the CLI
//! subcommand), its tab label, its field table as data, a figure of its default state (the
//! test that renders every scene reads it), its presets, and the claims its default state makes
//! with the function that checks claims on any of its states. The page's registry
//! (`www/js/scenes/index.js`) lists the same ids; a native test keeps the two equal.

use crate::claims::{self, Outcome, Preset};
use crate::fields::{self, FieldInfo};
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

/// One registered scene.
pub struct SceneEntry {
    /// `#scene=<id>`, and `gradscope <id>`.
    pub id: &'static str,
    /// i18n key of its tab.
    pub label: &'static str,
    /// Its config fields, as the page builds controls from them.
    pub fields: fn() -> Vec<FieldInfo>,
    /// Whether a link's fields make a valid config (the refusal's message if not).
    pub accepts: fn(&str) -> Result<(), String>,
    /// Its charts in the state a link `hash` gives (`""`: the defaults), as SVG.
    pub figure: fn(&str) -> Result<String, String>,
    /// The lecture's cases as buttons.
    pub presets: &'static [Preset],
    /// What its default state shows.
    pub default_claims: &'static [&'static str],
    /// Evaluate claims on the state a link gives (see `claims`).
    pub claims: fn(&str, &[&str]) -> Result<Vec<Outcome>, String>,
    /// A claim argument as its sentence shows it (`momentum` → `SGD+Momentum`).
    pub shown: fn(&str) -> String,
}

impl SceneEntry {
    /// The scene `id`.
    pub fn find(id: &str) -> Option<&'static SceneEntry> {
        SCENES.iter().find(|s| s.id == id)
    }
}

/// Every scene, in tab order.
pub const SCENES: [SceneEntry; 7] = [
    SceneEntry {
        id: "race",
        label: "scene.race",
        fields: fields::catalog::<RaceConfig>,
        accepts: accepts::<RaceConfig>,
        figure: race_figure,
        presets: &crate::scene::race::PRESETS,
        default_claims: &crate::scene::race::DEFAULT_CLAIMS,
        claims: claims::race::evaluate,
        shown: claims::race::shown,
    },
    SceneEntry {
        id: "init",
        label: "scene.init",
        fields: fields::catalog::<crate::nn::DeepNetConfig>,
        accepts: accepts::<crate::nn::DeepNetConfig>,
        figure: init_figure,
        presets: &crate::scene::init_lab::PRESETS,
        default_claims: &["collapses(1e-3)", "grad_std_below(1e-6)"],
        claims: claims::init::evaluate,
        shown: claims::init::shown,
    },
    SceneEntry {
        id: "train",
        label: "scene.train",
        fields: fields::catalog::<TrainerConfig>,
        accepts: accepts::<TrainerConfig>,
        figure: train_figure,
        presets: &crate::scene::trainer::PRESETS,
        default_claims: &["initial_loss_near_ln_c(0.05)", "val_acc_at_least(0.95)"],
        claims: claims::train::evaluate,
        shown: claims::train::shown,
    },
    SceneEntry {
        id: "preprocess",
        label: "scene.preprocess",
        fields: fields::catalog::<PreprocessConfig>,
        accepts: accepts::<PreprocessConfig>,
        figure: preprocess_figure,
        presets: &[],
        default_claims: &["kappa_falls(0,4,100)", "gd_sooner(0,1)", "identity_covariance(4)"],
        claims: claims::preprocess::evaluate,
        shown: claims::preprocess::shown,
    },
    SceneEntry {
        id: "search",
        label: "scene.search",
        fields: fields::catalog::<SearchConfig>,
        accepts: accepts::<SearchConfig>,
        figure: search_figure,
        presets: &crate::scene::search::PRESETS,
        default_claims: &["best_inside(lr)", "some_explode"],
        claims: claims::search::evaluate,
        shown: claims::search::shown,
    },
    SceneEntry {
        id: "regularize",
        label: "scene.regularize",
        fields: fields::catalog::<RegularizeConfig>,
        accepts: accepts::<RegularizeConfig>,
        figure: regularize_figure,
        presets: &crate::scene::regularize::PRESETS,
        default_claims: &crate::scene::regularize::DEFAULT_CLAIMS,
        claims: claims::regularize::evaluate,
        shown: claims::regularize::shown,
    },
    SceneEntry {
        id: "landscape",
        label: "scene.landscape",
        fields: fields::catalog::<LandscapeConfig>,
        accepts: accepts::<LandscapeConfig>,
        figure: landscape_figure,
        presets: &crate::scene::landscape::PRESETS,
        default_claims: &["smoother(bn,plain)", "smoother(residual,plain)"],
        claims: claims::landscape::evaluate,
        shown: claims::landscape::shown,
    },
];

fn accepts<C: fields::Config>(hash: &str) -> Result<(), String> {
    fields::from_hash::<C>(hash).map(|_| ()).map_err(|e| e.to_string())
}

fn race_figure(hash: &str) -> Result<String, String> {
    let mut race = Race::new(RaceConfig::from_hash(hash).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    race.seek(race.config().steps);
    to_svg(&RaceFigure { race: &race, labels: &Labels::default() })
}

/// The init lab at its fast size unless the link says otherwise (the lecture size is slow in
/// debug builds, and draws the same charts).
fn init_figure(hash: &str) -> Result<String, String> {
    let config = deep_net_fields::from_hash(&format!("{FAST_SIZE}&{hash}")).map_err(|e| e.to_string())?;
    let lab = InitLab::new(&config).map_err(|e| e.to_string())?;
    to_svg(&InitFigure { report: lab.report(), activation: config.activation, labels: &Labels::default() })
}

/// The trainer after a few epochs (curves need points).
fn train_figure(hash: &str) -> Result<String, String> {
    let mut trainer =
        Trainer::new(TrainerConfig::from_hash(hash).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    for _ in 0..5 {
        trainer.epoch();
    }
    to_svg(&TrainerFigure { trainer: &trainer, labels: &Labels::default() })
}

/// The pipeline of the link's data (the digits from the bundled copy natively).
fn preprocess_figure(hash: &str) -> Result<String, String> {
    let config: PreprocessConfig = fields::from_hash(hash).map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = Some(crate::data::Digits::bundled());
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    let scene = Preprocessing::new(config, digits.as_ref()).map_err(|e| e.to_string())?;
    to_svg(&PreprocessFigure { scene: &scene, labels: &Labels::default() })
}

/// The link's search run to the end here: every trial, the sweep and its curves.
fn search_figure(hash: &str) -> Result<String, String> {
    let config: SearchConfig = fields::from_hash(hash).map_err(|e| e.to_string())?;
    let mut run = SearchRun::new(config).map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = (run.base().dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    run.run_here(digits).map_err(|e| e.to_string())?;
    to_svg(&SearchFigure { run: &run, labels: &Labels::default() })
}

/// Every method trained for a few epochs (the link's own epochs unless it sets none: the
/// default 150 are slow in debug builds and draw the same charts); the digits from the bundled
/// copy natively.
fn regularize_figure(hash: &str) -> Result<String, String> {
    let text = |e: crate::error::ConfigError| e.to_string();
    let config: RegularizeConfig = fields::from_hash(&format!("ep=4&k=3&cycles=2&{hash}")).map_err(text)?;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = Some(std::sync::Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits: Option<std::sync::Arc<crate::data::Digits>> = None;
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
fn landscape_figure(hash: &str) -> Result<String, String> {
    let config: LandscapeConfig = fields::from_hash(&format!("grid=11&ep=5&{hash}")).map_err(|e| e.to_string())?;
    let layer = config.layer;
    #[cfg(not(target_arch = "wasm32"))]
    let digits = (config.dataset == crate::data::DatasetKind::Digits)
        .then(|| std::sync::Arc::new(crate::data::Digits::bundled()));
    #[cfg(target_arch = "wasm32")]
    let digits = None;
    let mut run = LandscapeRun::new(config).map_err(|e| e.to_string())?;
    run.run_here(digits).map_err(|e| e.to_string())?;
    to_svg(&LandscapeFigure { views: &run.views(), layer, labels: &Labels::default() })
}
