//! `RaceScene`: the optimizer race for the page.

use crate::optim::OptimizerKind;
use crate::render::chart::PlotMapping;
use crate::render::colormap::hex;
use crate::render::raster::{fill_rgba, sample};
use crate::render::Labels;
use crate::scene::race::render::{draw_losses, draw_paths, draw_surface, optimizer_color, run_color};
use crate::scene::race::{Race, RaceConfig, PRESETS};
use crate::schedule::Schedule;
use crate::surface::SurfaceKind;
use crate::web::canvas::{backend, blit_scaled, scratch_canvas};
use crate::web::{config_from_js, config_to_js, refusal, to_js};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The optimizer race, owned by the page.
#[wasm_bindgen]
pub struct RaceScene {
    race: Race,
    labels: Labels,
    mapping: Option<PlotMapping>,
    /// Reused heatmap pixels (no allocation per redraw once sized).
    heat: Vec<u8>,
    /// Canvas the heatmap pixels pass through on their way to the (scaled) plot area.
    scratch: Option<HtmlCanvasElement>,
}

/// Heatmap pixels per plot pixel along each axis: half resolution, smoothly scaled up, keeps
/// a κ or surface change within a frame on large (or high-DPI) canvases.
const HEAT_DOWNSCALE: u32 = 2;

/// What the page builds the race's controls from.
#[derive(serde::Serialize)]
struct Catalog {
    surfaces: Vec<&'static str>,
    /// The surfaces whose gradients come from minibatches of data.
    data_surfaces: Vec<&'static str>,
    stages: Vec<&'static str>,
    x_axes: &'static [&'static str],
    /// (name, label, colour, hyperparameters it uses).
    optimizers: Vec<(String, String, String, &'static [&'static str])>,
    schedules: &'static [&'static str],
    presets: &'static [crate::claims::Preset],
    fields: Vec<crate::fields::FieldInfo>,
}

#[wasm_bindgen]
impl RaceScene {
    /// A race from a config object (see `defaultConfig`), or a refusal naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<RaceScene, JsError> {
        let race = Race::new(config_from_js::<RaceConfig>(config)?).map_err(refusal::<RaceConfig>)?;
        Ok(Self { race, labels: Labels::default(), mapping: None, heat: Vec::new(), scratch: None })
    }

    /// A race from the URL hash fields (`surf=…&lr=…`), or a refusal naming the key.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str) -> Result<RaceScene, JsError> {
        let config = RaceConfig::from_hash(encoded).map_err(refusal::<RaceConfig>)?;
        let race = Race::new(config).map_err(refusal::<RaceConfig>)?;
        Ok(Self { race, labels: Labels::default(), mapping: None, heat: Vec::new(), scratch: None })
    }

    /// Surfaces, optimizers (name, label, colour, hyperparameters), schedules and presets for building controls.
    pub fn catalog() -> Result<JsValue, JsError> {
        let optimizers: Vec<(String, String, String, &[&str])> = OptimizerKind::ALL
            .iter()
            .map(|k| {
                let c = optimizer_color(*k);
                (k.name().to_string(), k.label().to_string(), hex((c.0, c.1, c.2)), k.hyperparameters())
            })
            .collect();
        let surfaces: Vec<&str> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
        let data_surfaces = SurfaceKind::ALL.iter().filter(|k| k.fit_kind().is_some()).map(|k| k.name()).collect();
        to_js(&Catalog {
            surfaces,
            data_surfaces,
            stages: crate::preprocess::StageKind::ALL.iter().map(|k| k.name()).collect(),
            x_axes: &crate::scene::race::X_AXES,
            optimizers,
            schedules: &Schedule::NAMES,
            presets: &PRESETS,
            fields: crate::fields::catalog::<RaceConfig>(),
        })
    }

    /// The config with every optimizer at its tuned rate (`tuned`) or all at the shared rate.
    #[wasm_bindgen(js_name = rateConfig)]
    pub fn rate_config(&self, tuned: bool) -> Result<JsValue, JsError> {
        let cfg = self.race.config();
        Ok(config_to_js(&if tuned { cfg.with_tuned_rates() } else { cfg.with_shared_rate() }))
    }

    /// Replace the config; a refusal keeps the previous race.
    pub fn set(&mut self, config: JsValue) -> Result<(), JsError> {
        self.race.set(config_from_js::<RaceConfig>(config)?).map_err(refusal::<RaceConfig>)
    }

    /// Advance the animation by `n` steps; returns the step shown.
    pub fn step(&mut self, n: usize) -> usize {
        self.race.step(n)
    }

    /// Jump the animation to step `k`.
    pub fn seek(&mut self, k: usize) {
        self.race.seek(k);
    }

    /// Whether the animation has reached the last step.
    #[wasm_bindgen(js_name = atEnd)]
    pub fn at_end(&self) -> bool {
        self.race.shown() >= self.race.config().steps
    }

    /// Run `index`'s last update at the animation step, every number the maths panel shows
    /// (`null` before the first step).
    #[wasm_bindgen(js_name = stepMaths)]
    pub fn step_maths(&self, index: usize) -> Result<JsValue, JsError> {
        to_js(&crate::scene::race::maths::step_maths(&self.race, index))
    }

    /// Legend read-outs at the animation step, with each run's colour.
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        struct Legend {
            #[serde(flatten)]
            snapshot: crate::scene::race::RaceSnapshot,
            colors: Vec<String>,
        }
        let colors = self.race.runs().iter().map(|r| {
            let c = run_color(&self.race, r);
            hex((c.0, c.1, c.2))
        });
        to_js(&Legend { snapshot: self.race.snapshot(), colors: colors.collect() })
    }

    /// Draw axes, heatmap and contours on the base canvas (when the surface or size changes).
    #[wasm_bindgen(js_name = drawSurface)]
    pub fn draw_surface(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        let surface = self.race.surface().clone();
        // The logistic loss sums over every row at every pixel: a coarser grid, smoothly scaled.
        let logistic = surface.kind.fit_kind() == Some(crate::surface::data_fit::FitKind::Logistic);
        let downscale = if logistic { 2 * HEAT_DOWNSCALE } else { HEAT_DOWNSCALE };
        let heat = &mut self.heat;
        let scratch = match self.scratch.take() {
            Some(s) => s,
            None => scratch_canvas()?,
        };
        let mut blitted = Ok(());
        let mapping = draw_surface(&area, &self.race, |m, _| {
            let (pw, ph) = m.size();
            let (w, h) = ((pw / downscale).max(1), (ph / downscale).max(1));
            let values = sample(w as usize, h as usize, m.window, |x, y| surface.value([x, y]));
            let floor = values.iter().copied().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
            heat.resize(values.len() * 4, 0);
            fill_rgba(heat, &values, floor);
            blitted = blit_scaled(canvas, &scratch, heat, (w, h), (m.px.0, m.py.0, pw, ph));
            false // the contour lines go on top as vectors, crisp at any pixel ratio
        })
        .map_err(|e| JsError::new(&format!("drawing the surface failed: {e:?}")))?;
        self.scratch = Some(scratch);
        blitted?;
        self.mapping = Some(mapping);
        Ok(())
    }

    /// Draw the paths up to the animation step on the transparent overlay canvas.
    #[wasm_bindgen(js_name = drawPaths)]
    pub fn draw_paths(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_paths(&area, &self.race, &self.labels)
            .map_err(|e| JsError::new(&format!("drawing the paths failed: {e:?}")))
    }

    /// Draw the loss-vs-step chart.
    #[wasm_bindgen(js_name = drawLosses)]
    pub fn draw_losses(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_losses(&area, &self.race, &self.labels)
            .map_err(|e| JsError::new(&format!("drawing the losses failed: {e:?}")))
    }

    /// Data coordinates of canvas pixel (x, y) on the surface, or `undefined` outside the plot.
    #[wasm_bindgen(js_name = toData)]
    pub fn to_data(&self, x: f64, y: f64) -> Option<Vec<f64>> {
        self.mapping?.to_data(x, y).map(|p| p.to_vec())
    }
}

crate::web::scene_facade!(RaceScene of crate::scene::race::Entry, |this| config: this.race.config(), csv: crate::scene::race::csv::race_paths(&this.race));
