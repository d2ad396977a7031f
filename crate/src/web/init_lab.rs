//! `InitLabScene`: the activations & init lab for the page.

use super::canvas::backend;
use super::{from_js, refusal, to_js};
use crate::nn::activation::Activation;
use crate::nn::deep_net_fields::{from_hash, to_hash};
use crate::nn::init::Init;
use crate::nn::DeepNetConfig;
use crate::render::init_lab::{draw_activation, draw_histograms, draw_layer_stds, draw_zero_centered, Which};
use crate::render::Labels;
use crate::scene::init_lab::{InitLab, FAST_SIZE, PRESETS};
use crate::scene::zero_centered;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The init lab, owned by the page.
#[wasm_bindgen]
pub struct InitLabScene {
    lab: InitLab,
    labels: Labels,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

/// What the page builds the init lab's controls from.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Catalog {
    activations: Vec<&'static str>,
    inits: Vec<&'static str>,
    presets: Vec<&'static str>,
    fast_size: &'static str,
    fields: Vec<crate::fields::FieldInfo>,
}

#[wasm_bindgen]
impl InitLabScene {
    /// The experiment from URL-hash fields (`act=tanh&init=small&…`), or a refusal naming the
    /// key. Forward pass only: call `computeGradients` next.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str) -> Result<InitLabScene, JsError> {
        let config = from_hash(encoded).map_err(refusal::<DeepNetConfig>)?;
        Ok(Self { lab: InitLab::forward_only(&config).map_err(refusal::<DeepNetConfig>)?, labels: Labels::default() })
    }

    /// Decode hash fields into a config object without running anything (refused by key).
    #[wasm_bindgen(js_name = configFromHash)]
    pub fn config_from_hash(encoded: &str) -> Result<JsValue, JsError> {
        to_js(&from_hash(encoded).map_err(refusal::<DeepNetConfig>)?)
    }

    /// Activations, inits, presets and the fast size, for building controls.
    pub fn catalog() -> Result<JsValue, JsError> {
        let activations: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
        let inits = Init::names();
        let presets: Vec<&str> = PRESETS.iter().map(|p| p.0).collect();
        to_js(&Catalog {
            activations,
            inits,
            presets,
            fast_size: FAST_SIZE,
            fields: crate::fields::catalog::<DeepNetConfig>(),
        })
    }

    /// The hash fields of preset `id`.
    #[wasm_bindgen(js_name = presetHash)]
    pub fn preset_hash(id: &str) -> Option<String> {
        PRESETS.iter().find(|p| p.0 == id).map(|p| p.1.to_string())
    }

    /// The config in force, as a plain object.
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.lab.config())
    }

    /// Re-run the forward pass with a new config (gradients follow with `computeGradients`);
    /// a refusal keeps the previous run.
    pub fn set(&mut self, config: JsValue) -> Result<(), JsError> {
        let config: DeepNetConfig = from_js(config)?;
        self.lab.set(&config).map_err(refusal::<DeepNetConfig>)
    }

    /// Backward pass for the weight-gradient statistics of the last `set`.
    #[wasm_bindgen(js_name = computeGradients)]
    pub fn compute_gradients(&mut self) {
        self.lab.compute_gradients();
    }

    /// Whether the weight-gradient statistics are still to be computed.
    #[wasm_bindgen(js_name = gradientsPending)]
    pub fn gradients_pending(&self) -> bool {
        self.lab.gradients_pending()
    }

    /// The per-layer numbers as CSV.
    pub fn csv(&self) -> String {
        crate::scene::csv::init_layers(self.lab.report())
    }

    /// The config as URL-hash fields.
    #[wasm_bindgen(js_name = toHash)]
    pub fn to_hash(&self) -> String {
        to_hash(self.lab.config())
    }

    /// Per-layer numbers and histograms of the last run.
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(self.lab.report())
    }

    /// Translated chart text.
    #[wasm_bindgen(js_name = setLabels)]
    pub fn set_labels(&mut self, labels: JsValue) -> Result<(), JsError> {
        self.labels = from_js(labels)?;
        Ok(())
    }

    /// Per-layer histograms of the activations (`gradients` false) or the weight gradients.
    #[wasm_bindgen(js_name = drawHistograms)]
    pub fn draw_histograms(&self, canvas: &HtmlCanvasElement, gradients: bool) -> Result<(), JsError> {
        let which = if gradients { Which::Gradients } else { Which::Activations };
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_histograms(&area, self.lab.report(), which, &self.labels).map_err(drawing_failed)
    }

    /// Activation and gradient std per layer (log scale).
    #[wasm_bindgen(js_name = drawStds)]
    pub fn draw_stds(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_layer_stds(&area, self.lab.report(), &self.labels).map_err(drawing_failed)
    }

    /// The "not zero-centred" demo: weight paths with all-positive vs zero-centred inputs.
    #[wasm_bindgen(js_name = drawZeroCentered)]
    pub fn draw_zero_centered(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let paths = zero_centered::paths(150, 0.3, self.lab.config().seed);
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_zero_centered(&area, &paths, &self.labels).map_err(drawing_failed)
    }

    /// The chosen activation f and f′ with its saturation zones.
    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let cfg = self.lab.config();
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_activation(&area, cfg.activation, cfg.slope(), &self.labels).map_err(drawing_failed)
    }
}
