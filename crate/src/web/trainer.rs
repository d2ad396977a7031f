//! `TrainerScene`: train a network live, for the page.

use super::canvas::{backend, blit_scaled, scratch_canvas};
use super::{from_js, refusal, to_js};
use crate::data::{DatasetKind, Digits, Preprocess};
use crate::nn::activation::Activation;
use crate::nn::init::Init;
use crate::optim::OptimizerKind;
use crate::render::chart::ACTIVATION_BARS;
use crate::render::colormap::hex;
use crate::render::init_lab::draw_histogram_grid;
use crate::render::trainer::{
    class_color, draw_confusion, draw_curves, draw_decision, draw_digits, draw_layer_fractions, draw_ratios,
    fill_decision_rgba,
};
use crate::render::Labels;
use crate::scene::trainer::{patterns, DecisionGrid, Trainer, TrainerConfig};
use crate::schedule::Schedule;
use plotters::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Decision-boundary cells per side: redrawn every frame while training.
const GRID: usize = 100;
/// Validation digits shown with their predicted labels.
const DIGIT_SAMPLES: usize = 24;
/// Histogram bins of the per-layer activation histograms.
const BINS: usize = 30;

/// The live trainer, owned by the page.
#[wasm_bindgen]
pub struct TrainerScene {
    trainer: Trainer,
    digits: Option<Arc<Digits>>,
    labels: Labels,
    grid: DecisionGrid,
    pixels: Vec<u8>,
    scratch: Option<HtmlCanvasElement>,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

/// What the page builds the trainer's controls from.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Catalog {
    datasets: Vec<&'static str>,
    preprocess: Vec<&'static str>,
    activations: Vec<&'static str>,
    inits: Vec<&'static str>,
    optimizers: Vec<&'static str>,
    labels: Vec<(&'static str, &'static str)>,
    schedules: &'static [&'static str],
    class_colors: Vec<String>,
    hyperparameters: Vec<(&'static str, &'static [&'static str])>,
    fields: Vec<crate::fields::FieldInfo>,
}

#[wasm_bindgen]
impl TrainerScene {
    /// A trainer from URL-hash fields; `digits` are the bytes of static/data/digits8x8.bin
    /// (needed only for the digits dataset). Refusals name the key.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str, digits: Option<Vec<u8>>) -> Result<TrainerScene, JsError> {
        let digits = match digits {
            Some(bytes) => Some(Arc::new(Digits::from_bytes(&bytes).map_err(refusal::<TrainerConfig>)?)),
            None => None,
        };
        let config = TrainerConfig::from_hash(encoded).map_err(refusal::<TrainerConfig>)?;
        let trainer = Trainer::with_digits(config, digits.clone()).map_err(refusal::<TrainerConfig>)?;
        Ok(Self {
            trainer,
            digits,
            labels: Labels::default(),
            grid: DecisionGrid::default(),
            pixels: Vec::new(),
            scratch: None,
        })
    }

    /// Decode hash fields into a config object without building a trainer.
    #[wasm_bindgen(js_name = configFromHash)]
    pub fn config_from_hash(encoded: &str) -> Result<JsValue, JsError> {
        to_js(&TrainerConfig::from_hash(encoded).map_err(refusal::<TrainerConfig>)?)
    }

    /// Names for building controls, and the class colours.
    pub fn catalog() -> Result<JsValue, JsError> {
        let first_order: Vec<&str> =
            OptimizerKind::ALL.iter().filter(|k| !k.needs_objective()).map(|k| k.name()).collect();
        let inits = Init::names();
        let colors: Vec<String> = (0..10).map(|c| hex(class_color(c))).collect();
        to_js(&Catalog {
            datasets: DatasetKind::ALL.iter().map(|d| d.name()).collect(),
            preprocess: Preprocess::ALL.iter().map(|p| p.name()).collect(),
            activations: Activation::ALL.iter().map(|a| a.name()).collect(),
            inits,
            optimizers: first_order,
            labels: OptimizerKind::ALL.iter().map(|k| (k.name(), k.label())).collect(),
            schedules: &Schedule::NAMES,
            class_colors: colors,
            hyperparameters: OptimizerKind::ALL.iter().map(|k| (k.name(), k.hyperparameters())).collect(),
            fields: crate::fields::catalog::<TrainerConfig>(),
        })
    }

    /// The config in force.
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.trainer.config())
    }

    /// Switch config: hot fields apply while training; returns "none", "hot",
    /// "optimizer_reset" or "rebuilt". A refusal keeps the trainer as it was.
    pub fn set(&mut self, config: JsValue) -> Result<JsValue, JsError> {
        let config: TrainerConfig = from_js(config)?;
        let change = self.trainer.set(config).map_err(refusal::<TrainerConfig>)?;
        to_js(&change)
    }

    /// Start over from the seed with the same config.
    pub fn reset(&mut self) -> Result<(), JsError> {
        let config = self.trainer.config().clone();
        self.trainer = Trainer::with_digits(config, self.digits.clone()).map_err(refusal::<TrainerConfig>)?;
        Ok(())
    }

    /// The training history as CSV (one row per epoch).
    pub fn csv(&self) -> String {
        crate::scene::csv::training_history(self.trainer.history())
    }

    /// The config as URL-hash fields.
    #[wasm_bindgen(js_name = toHash)]
    pub fn to_hash(&self) -> String {
        self.trainer.config().to_hash()
    }

    /// Run up to `batches` minibatches; returns how many ran (fewer once diverged).
    pub fn step(&mut self, batches: usize) -> usize {
        self.trainer.step(batches)
    }

    /// Run until the current epoch ends.
    pub fn epoch(&mut self) -> usize {
        self.trainer.epoch()
    }

    /// Counters, history, sanity check, patterns.
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.snapshot())
    }

    /// Per-hidden-layer activation statistics on the probe batch.
    #[wasm_bindgen(js_name = layerStats)]
    pub fn layer_stats(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.trainer.layer_stats(BINS).map_err(refusal::<TrainerConfig>)?)
    }

    /// Whether the data are 2D (a decision boundary can be drawn).
    #[wasm_bindgen(js_name = isPlanar)]
    pub fn is_planar(&self) -> bool {
        self.trainer.config().dataset != DatasetKind::Digits
    }

    /// Translated chart text.
    #[wasm_bindgen(js_name = setLabels)]
    pub fn set_labels(&mut self, labels: JsValue) -> Result<(), JsError> {
        self.labels = from_js(labels)?;
        Ok(())
    }

    /// The decision boundary with the training (filled) and validation (rings) points.
    #[wasm_bindgen(js_name = drawDecision)]
    pub fn draw_decision(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        self.trainer.decision_grid(GRID, &mut self.grid).map_err(refusal::<TrainerConfig>)?;
        fill_decision_rgba(&self.grid, &mut self.pixels);
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        let scratch = match self.scratch.take() {
            Some(s) => s,
            None => scratch_canvas()?,
        };
        let (train, val) = self.trainer.splits();
        let (pixels, size) = (&self.pixels, GRID as u32);
        let mut blitted = Ok(());
        draw_decision(&area, self.trainer.bounds(), (train, val, self.trainer.standardizer()), |m| {
            let (w, h) = m.size();
            blitted = blit_scaled(canvas, &scratch, pixels, (size, size), (m.px.0, m.py.0, w, h));
        })
        .map_err(drawing_failed)?;
        self.scratch = Some(scratch);
        blitted
    }

    /// A grid of validation digits with the network's answers (digits dataset).
    #[wasm_bindgen(js_name = drawDigits)]
    pub fn draw_digits(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let predictions = self.trainer.predictions(DIGIT_SAMPLES);
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_digits(&area, &predictions).map_err(drawing_failed)
    }

    /// The validation confusion matrix.
    #[wasm_bindgen(js_name = drawConfusion)]
    pub fn draw_confusion(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let matrix = self.trainer.confusion_matrix();
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_confusion(&area, &matrix, &self.labels).map_err(drawing_failed)
    }

    /// Train/validation loss and accuracy per epoch.
    #[wasm_bindgen(js_name = drawCurves)]
    pub fn draw_curves(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let diverged = self.trainer.diverged_at().is_some();
        let found = patterns(self.trainer.history(), self.trainer.sanity().initial_loss, diverged);
        let keys: Vec<String> = found.iter().map(|p| format!("pattern_{}", p.name())).collect();
        let notes: Vec<&str> = keys.iter().map(|k| self.labels.get(k)).collect();
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_curves(&area, self.trainer.history(), &notes, &self.labels).map_err(drawing_failed)
    }

    /// Update-to-weight ratio per layer per epoch, with the ≈1e-3 band.
    #[wasm_bindgen(js_name = drawRatios)]
    pub fn draw_ratios(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_ratios(&area, self.trainer.history(), &self.labels).map_err(drawing_failed)
    }

    /// Dead and saturated fractions per hidden layer per epoch.
    #[wasm_bindgen(js_name = drawFractions)]
    pub fn draw_fractions(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_layer_fractions(&area, self.trainer.history(), &self.labels).map_err(drawing_failed)
    }

    /// Per-layer activation histograms on the probe batch.
    #[wasm_bindgen(js_name = drawHistograms)]
    pub fn draw_histograms(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let stats = self.trainer.layer_stats(BINS).map_err(refusal::<TrainerConfig>)?;
        let layers: Vec<Option<_>> = stats.iter().map(|s| Some((&s.histogram, s.std))).collect();
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_histogram_grid(&area, &layers, ACTIVATION_BARS, &self.labels).map_err(drawing_failed)
    }
}
