//! The scene registry: every page scene once, in tab order, each from its `scene::Scene` entry —
//! its id (the link's `scene=`, the CLI command), its tab label, its field table as data, its
//! figure and the charts the page draws of it (natively: the tests that render every scene and
//! that no label collides read them), its presets and the claims its default state makes with
//! the function that checks claims on any of its states, and its command. Every per-scene list
//! derives from `SCENES`. The page's registry (`www/js/scenes/index.js`) lists the same ids; a
//! native test keeps the two equal.

use crate::claims::Preset;
use crate::fields::{self, FieldInfo};
#[cfg(not(target_arch = "wasm32"))]
pub mod words;

use crate::scene::{init_lab, landscape, preprocess, race, regularize, search, trainer, Scene};

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
    pub charts: fn(&str) -> Result<Vec<crate::render::figure::Chart>, String>,
    /// The lecture's cases as buttons.
    pub presets: &'static [Preset],
    /// What its default state shows.
    pub default_claims: &'static [&'static str],
    /// A link to a small state that computes in moments (for tests, natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub quick: &'static str,
    /// States besides its default where other charts or words appear (natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub chart_states: &'static [&'static str],
    /// Evaluate claims on the state a link gives (see `claims`; natively: the page words claims
    /// but does not check them).
    #[cfg(not(target_arch = "wasm32"))]
    pub claims: fn(&str, &[&str]) -> Result<Vec<crate::claims::Outcome>, String>,
    /// `gradscope <id>`: what it does in one line, and the command (natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub command: (&'static str, crate::cli::Run),
    /// A claim argument as its sentence shows it (`momentum` → `SGD+Momentum`).
    pub shown: fn(&str) -> String,
}

impl SceneEntry {
    /// The entry of scene `S`.
    pub const fn of<S: Scene>() -> SceneEntry {
        SceneEntry {
            id: S::ID,
            label: S::LABEL,
            fields: fields::catalog::<S::Config>,
            accepts: accepts::<S::Config>,
            short: short::<S::Config>,
            #[cfg(not(target_arch = "wasm32"))]
            figure: S::svg,
            #[cfg(not(target_arch = "wasm32"))]
            charts: S::charts,
            presets: S::PRESETS,
            default_claims: S::DEFAULT_CLAIMS,
            #[cfg(not(target_arch = "wasm32"))]
            quick: S::QUICK,
            #[cfg(not(target_arch = "wasm32"))]
            chart_states: S::CHART_STATES,
            #[cfg(not(target_arch = "wasm32"))]
            claims: S::claims,
            #[cfg(not(target_arch = "wasm32"))]
            command: (S::ABOUT, S::command),
            shown: S::shown,
        }
    }

    /// The scene `id`.
    pub fn find(id: &str) -> Option<&'static SceneEntry> {
        SCENES.iter().find(|s| s.id == id)
    }
}

/// Every scene, in tab order: the one list every per-scene list derives from.
pub const SCENES: [SceneEntry; 7] = [
    SceneEntry::of::<race::Entry>(),
    SceneEntry::of::<init_lab::Entry>(),
    SceneEntry::of::<trainer::Entry>(),
    SceneEntry::of::<preprocess::Entry>(),
    SceneEntry::of::<search::Entry>(),
    SceneEntry::of::<regularize::Entry>(),
    SceneEntry::of::<landscape::Entry>(),
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
