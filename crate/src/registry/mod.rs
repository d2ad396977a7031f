//! The scene registry: every page scene once — its id (the link's `scene=`, the CLI
//! subcommand), its tab label, its field table as data, a figure of its default state (the
//! test that renders every scene reads it), every chart the page draws of it (the test that no
//! label collides reads them), its presets, and the claims its default state makes with the
//! function that checks claims on any of its states. The page's registry
//! (`www/js/scenes/index.js`) lists the same ids; a native test keeps the two equal.

use crate::claims::{self, Preset};
use crate::fields::{self, FieldInfo};
#[cfg(not(target_arch = "wasm32"))]
pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
mod figures;
#[cfg(not(target_arch = "wasm32"))]
pub mod states;
#[cfg(not(target_arch = "wasm32"))]
pub mod words;

use crate::scene::landscape::LandscapeConfig;
use crate::scene::preprocess::PreprocessConfig;
use crate::scene::race::RaceConfig;
use crate::scene::regularize::RegularizeConfig;
use crate::scene::search::SearchConfig;
use crate::scene::trainer::TrainerConfig;

/// One registered scene.
pub struct SceneEntry {
    /// `#scene=<id>`, and `gradscope <id>`.
    pub id: &'static str,
    /// i18n key of its tab.
    pub label: &'static str,
    /// Its config fields, as the page builds controls from them.
    pub fields: fn() -> Vec<FieldInfo>,
    /// Whether a link's fields make a valid config (the refusal, with its field's label, if not).
    pub accepts: fn(&str) -> Result<(), LinkRefusal>,
    /// The shortest link fields that open the same state (the Share dialog's link).
    pub short: fn(&str) -> Result<String, String>,
    /// Its charts in the state a link `hash` gives (`""`: the defaults), as SVG (natively: the
    /// page draws on canvases).
    #[cfg(not(target_arch = "wasm32"))]
    pub figure: fn(&str) -> Result<String, String>,
    /// Every chart the page draws of the state a link gives (natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub charts: fn(&str) -> Result<Vec<charts::Chart>, String>,
    /// The lecture's cases as buttons.
    pub presets: &'static [Preset],
    /// What its default state shows.
    pub default_claims: &'static [&'static str],
    /// Evaluate claims on the state a link gives (see `claims`; natively: the page words claims
    /// but does not check them).
    #[cfg(not(target_arch = "wasm32"))]
    pub claims: fn(&str, &[&str]) -> Result<Vec<claims::Outcome>, String>,
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
        short: short::<RaceConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::race_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::race,
        presets: &crate::scene::race::PRESETS,
        default_claims: &crate::scene::race::DEFAULT_CLAIMS,
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::race::evaluate,
        shown: claims::words::race_run,
    },
    SceneEntry {
        id: "init",
        label: "scene.init",
        fields: fields::catalog::<crate::nn::DeepNetConfig>,
        accepts: accepts::<crate::nn::DeepNetConfig>,
        short: short::<crate::nn::DeepNetConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::init_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::init,
        presets: &crate::scene::init_lab::PRESETS,
        default_claims: &["collapses(1e-3)", "grad_std_below(1e-6)"],
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::init::evaluate,
        shown: claims::words::plain,
    },
    SceneEntry {
        id: "train",
        label: "scene.train",
        fields: fields::catalog::<TrainerConfig>,
        accepts: accepts::<TrainerConfig>,
        short: short::<TrainerConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::train_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::train,
        presets: &crate::scene::trainer::PRESETS,
        default_claims: &["initial_loss_near_ln_c(0.05)", "val_acc_at_least(0.95)"],
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::train::evaluate,
        shown: claims::words::plain,
    },
    SceneEntry {
        id: "preprocess",
        label: "scene.preprocess",
        fields: fields::catalog::<PreprocessConfig>,
        accepts: accepts::<PreprocessConfig>,
        short: short::<PreprocessConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::preprocess_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::preprocess,
        presets: &[],
        default_claims: &["kappa_falls(0,4,100)", "gd_sooner(0,1)", "identity_covariance(4)"],
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::preprocess::evaluate,
        shown: claims::words::plain,
    },
    SceneEntry {
        id: "search",
        label: "scene.search",
        fields: fields::catalog::<SearchConfig>,
        accepts: accepts::<SearchConfig>,
        short: short::<SearchConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::search_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::search,
        presets: &crate::scene::search::PRESETS,
        default_claims: &["best_inside(lr)", "some_explode"],
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::search::evaluate,
        shown: claims::words::plain,
    },
    SceneEntry {
        id: "regularize",
        label: "scene.regularize",
        fields: fields::catalog::<RegularizeConfig>,
        accepts: accepts::<RegularizeConfig>,
        short: short::<RegularizeConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::regularize_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::regularize,
        presets: &crate::scene::regularize::PRESETS,
        default_claims: &crate::scene::regularize::DEFAULT_CLAIMS,
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::regularize::evaluate,
        shown: claims::words::plain,
    },
    SceneEntry {
        id: "landscape",
        label: "scene.landscape",
        fields: fields::catalog::<LandscapeConfig>,
        accepts: accepts::<LandscapeConfig>,
        short: short::<LandscapeConfig>,
        #[cfg(not(target_arch = "wasm32"))]
        figure: figures::landscape_figure,
        #[cfg(not(target_arch = "wasm32"))]
        charts: charts::landscape,
        presets: &crate::scene::landscape::PRESETS,
        default_claims: &["smoother(bn,plain)", "smoother(residual,plain)"],
        #[cfg(not(target_arch = "wasm32"))]
        claims: claims::landscape::evaluate,
        shown: claims::words::landscape_net,
    },
];

fn short<C: fields::Config>(hash: &str) -> Result<String, String> {
    crate::share::short_hash::<C>(hash).map_err(|e| e.to_string())
}

/// A link's refusal: the field's error and the i18n key of its control's label.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRefusal {
    pub error: crate::error::ConfigError,
    pub label: Option<&'static str>,
}

impl std::fmt::Display for LinkRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

fn accepts<C: fields::Config>(hash: &str) -> Result<(), LinkRefusal> {
    fields::from_hash::<C>(hash).map(|_| ()).map_err(|error| {
        let label = C::fields().iter().find(|f| f.key == error.field || f.name == error.field).map(|f| f.label);
        LinkRefusal { error, label }
    })
}
