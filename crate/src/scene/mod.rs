//! Scenes: one folder each, holding everything about it — its UI-free state machine (a serde
//! config, validated and refused by field name, its field table), its drawing (`render`), its
//! figure and chart list (`figure`), its claims (`claims`), its CSV, and its wasm facade
//! (`web`). Each declares itself once through [`Scene`]; `crate::registry::SCENES` lists them
//! and everything per scene derives from that list.

use crate::claims::Preset;
#[cfg(not(target_arch = "wasm32"))]
use crate::{claims::Outcome, render::figure::Chart};

pub mod init_lab;
pub mod landscape;
pub mod preprocess;
pub use preprocess::fit::{Preprocessing, StageFit};
pub mod race;
pub mod regularize;
pub mod search;
pub mod trainer;

/// What a scene declares once.
pub trait Scene {
    /// `#scene=<id>`, `gradscope <id>`, the claims' `claim.<id>.*` sentences.
    const ID: &'static str;
    /// i18n key of its tab.
    const LABEL: &'static str;
    /// Its config: the link's fields, the CLI's flags, the page's controls.
    type Config: crate::fields::Config;
    /// The lecture's cases as buttons.
    const PRESETS: &'static [Preset];
    /// What its default state shows.
    const DEFAULT_CLAIMS: &'static [&'static str];
    /// A link to a small state that computes in moments (tests open it, even in debug builds).
    const QUICK: &'static str;
    /// States besides its default where other charts or words appear (the test that no label
    /// collides draws each of them too).
    const CHART_STATES: &'static [&'static str] = &[];

    /// A claim argument as its sentence shows it (`momentum` → `SGD+Momentum`).
    fn shown(arg: &str) -> String {
        crate::claims::words::plain(arg)
    }

    /// Its figure for slides, of the state a link gives (`""`: the defaults), as SVG.
    #[cfg(not(target_arch = "wasm32"))]
    fn svg(link: &str) -> Result<String, String>;

    /// Every chart the page draws of the state a link gives.
    #[cfg(not(target_arch = "wasm32"))]
    fn charts(link: &str) -> Result<Vec<Chart>, String>;

    /// Evaluate claims on the state a link gives (see `crate::claims`).
    #[cfg(not(target_arch = "wasm32"))]
    fn claims(link: &str, claims: &[&str]) -> Result<Vec<Outcome>, String>;

    /// `gradscope <id>`: what it does in one line, and the command.
    #[cfg(not(target_arch = "wasm32"))]
    const ABOUT: &'static str;
    #[cfg(not(target_arch = "wasm32"))]
    fn command(args: &[String]) -> Result<(), crate::cli::Stop>;
}

/// The [`Scene`] items every scene forwards to its own `figure`, `claims` and `cli` modules
/// (`self` or `super`: where they are seen from the scene's `impl Scene`).
macro_rules! scene_outputs {
    ($scene:ident) => {
        #[cfg(not(target_arch = "wasm32"))]
        fn svg(link: &str) -> std::result::Result<String, String> {
            $scene::figure::svg(link)
        }
        #[cfg(not(target_arch = "wasm32"))]
        fn charts(link: &str) -> std::result::Result<Vec<crate::render::figure::Chart>, String> {
            $scene::figure::charts(link)
        }
        #[cfg(not(target_arch = "wasm32"))]
        fn claims(link: &str, claims: &[&str]) -> std::result::Result<Vec<crate::claims::Outcome>, String> {
            $scene::claims::evaluate(link, claims)
        }
        #[cfg(not(target_arch = "wasm32"))]
        const ABOUT: &'static str = $scene::cli::ABOUT;
        #[cfg(not(target_arch = "wasm32"))]
        fn command(args: &[String]) -> std::result::Result<(), crate::cli::Stop> {
            $scene::cli::run(args)
        }
    };
}
pub(crate) use scene_outputs;
