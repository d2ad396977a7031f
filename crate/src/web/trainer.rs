//! The live trainer for the page, in two objects: `TrainerWorker` trains in a Web Worker and
//! hands out frames (read-outs as data, and the decision boundary's pixels); `TrainerScene` on
//! the main thread keeps the config, validates changes and draws the latest frame.

use super::canvas::{backend, blit_scaled, scratch_canvas};
use super::{config_from_js, config_to_js, from_bytes, refusal, to_bytes, to_js};
use crate::data::{DatasetKind, Digits, Preprocess};
use crate::nn::activation::Activation;
use crate::nn::init::Init;
use crate::nn::ActivationStats;
use crate::optim::OptimizerKind;
use crate::render::chart::class_color;
use crate::render::chart::ACTIVATION_BARS;
use crate::render::colormap::hex;
use crate::render::histogram::draw_histogram_grid;
use crate::render::trainer::{
    draw_confusion, draw_curves, draw_decision, draw_digits, draw_layer_fractions, draw_ratios, fill_decision_rgba,
};
use crate::render::Labels;
use crate::scene::trainer::{
    Change, DecisionGrid, Trainer, TrainerConfig, TrainerFrame, TrainerScenery, TrainerSnapshot,
};
use crate::schedule::Schedule;
use plotters::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Decision-boundary cells per side: redrawn every frame while training.
const GRID: usize = 100;

/// The trainer's view, owned by the page: the config in force and the worker's latest frame.
#[wasm_bindgen]
pub struct TrainerScene {
    config: TrainerConfig,
    frame: Option<TrainerFrame>,
    scenery: Option<TrainerScenery>,
    /// The decision boundary's RGBA pixels (GRID × GRID), from the worker.
    pixels: Vec<u8>,
    labels: Labels,
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
    /// The lecture presets.
    presets: &'static [crate::claims::Preset],
}

/// What the page reads of a frame (see `setFrame`).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Readouts<'a> {
    snapshot: TrainerSnapshot,
    layer_stats: Option<&'a [ActivationStats]>,
    predictions: bool,
}

#[wasm_bindgen]
impl TrainerScene {
    /// The view of a trainer from URL-hash fields (refusals name the key). The training itself
    /// happens in a `TrainerWorker`.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str) -> Result<TrainerScene, JsError> {
        let config = TrainerConfig::from_hash(encoded).map_err(refusal::<TrainerConfig>)?;
        Ok(Self { config, frame: None, scenery: None, pixels: Vec::new(), labels: Labels::default(), scratch: None })
    }

    /// Decode hash fields into a config object without building a trainer.
    #[wasm_bindgen(js_name = configFromHash)]
    pub fn config_from_hash(encoded: &str) -> Result<JsValue, JsError> {
        Ok(config_to_js(&TrainerConfig::from_hash(encoded).map_err(refusal::<TrainerConfig>)?))
    }

    /// Names for building controls, and the class colours.
    pub fn catalog() -> Result<JsValue, JsError> {
        // Newton needs the network's Hessian; L-BFGS takes the batch's loss as its objective.
        let first_order: Vec<&str> =
            OptimizerKind::ALL.iter().filter(|&&k| k != OptimizerKind::Newton).map(|k| k.name()).collect();
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
            presets: &crate::scene::trainer::PRESETS,
        })
    }

    /// The config in force.
    pub fn config(&self) -> Result<JsValue, JsError> {
        Ok(config_to_js(&self.config))
    }

    /// Take a new config after checking it; the worker applies it next. A refusal keeps the
    /// previous one.
    pub fn set(&mut self, config: JsValue) -> Result<(), JsError> {
        let config: TrainerConfig = config_from_js(config)?;
        config.validate().map_err(refusal::<TrainerConfig>)?;
        self.config = config;
        Ok(())
    }

    /// The worker's frame (its bytes), and, when it carries them, the decision pixels. Returns
    /// the read-outs the page shows: `{snapshot, layerStats, predictions}` — the snapshot with
    /// only its latest epoch (the view keeps the history for the charts), this frame's layer
    /// statistics if it carried them, and whether it carried digit predictions.
    #[wasm_bindgen(js_name = setFrame)]
    pub fn set_frame(&mut self, frame: &[u8], pixels: Vec<u8>) -> Result<JsValue, JsError> {
        let mut frame: TrainerFrame = from_bytes(frame)?;
        let (carried_stats, carried_predictions) = (frame.layer_stats.is_some(), frame.predictions.is_some());
        // The costly parts arrive every few frames, the history only as far as it is new: keep
        // the last ones in between.
        if let Some(old) = self.frame.take() {
            let mut history = old.snapshot.history;
            history.truncate(frame.history_from);
            history.append(&mut frame.snapshot.history);
            frame.snapshot.history = history;
            frame.history_from = 0;
            frame.layer_stats = frame.layer_stats.or(old.layer_stats);
            frame.predictions = frame.predictions.or(old.predictions);
            frame.confusion = frame.confusion.or(old.confusion);
        }
        // The read-outs' snapshot: the latest epoch of the whole history (also when this frame
        // brought none), without a copy of the history or the loss curve.
        let history = std::mem::take(&mut frame.snapshot.history);
        let loss_curve = std::mem::take(&mut frame.snapshot.loss_curve);
        let mut snapshot = frame.snapshot.clone();
        snapshot.history.extend(history.last().cloned());
        (frame.snapshot.history, frame.snapshot.loss_curve) = (history, loss_curve);
        let readouts = to_js(&Readouts {
            snapshot,
            layer_stats: frame.layer_stats.as_deref().filter(|_| carried_stats),
            predictions: carried_predictions,
        })?;
        self.frame = Some(frame);
        if !pixels.is_empty() {
            self.pixels = pixels;
        }
        Ok(readouts)
    }

    /// The worker's scenery after a (re)build; drops the frames of the trainer before it.
    #[wasm_bindgen(js_name = setScenery)]
    pub fn set_scenery(&mut self, scenery: &[u8]) -> Result<(), JsError> {
        self.scenery = Some(from_bytes(scenery)?);
        self.frame = None;
        self.pixels.clear();
        Ok(())
    }

    /// The training history as CSV (one row per epoch).
    pub fn csv(&self) -> String {
        crate::scene::csv::training_history(self.frame.as_ref().map_or(&[], |f| &f.snapshot.history[..]))
    }

    /// The config as URL-hash fields.
    #[wasm_bindgen(js_name = toHash)]
    pub fn to_hash(&self) -> String {
        self.config.to_hash()
    }

    /// Whether the data are 2D (a decision boundary can be drawn).
    #[wasm_bindgen(js_name = isPlanar)]
    pub fn is_planar(&self) -> bool {
        self.config.dataset != DatasetKind::Digits
    }

    /// Translated chart words: `keys[i]` reads `words[i]` (`["step"], ["Step"]`).
    #[wasm_bindgen(js_name = setLabels)]
    pub fn set_labels(&mut self, keys: Vec<String>, words: Vec<String>) {
        self.labels = Labels::from_pairs(keys, words);
    }

    /// The decision boundary with the training (filled) and validation (rings) points.
    #[wasm_bindgen(js_name = drawDecision)]
    pub fn draw_decision(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let (Some(scenery), true) = (&self.scenery, self.pixels.len() == GRID * GRID * 4) else { return Ok(()) };
        let area = backend.into_drawing_area();
        let scratch = match self.scratch.take() {
            Some(s) => s,
            None => scratch_canvas()?,
        };
        let (pixels, size) = (&self.pixels, GRID as u32);
        let mut blitted = Ok(());
        draw_decision(&area, scenery.bounds, (&scenery.train, &scenery.val, &scenery.standardizer), |m| {
            let (w, h) = m.size();
            blitted = blit_scaled(canvas, &scratch, pixels, (size, size), (m.px.0, m.py.0, w, h));
        })
        .map_err(drawing_failed)?;
        self.scratch = Some(scratch);
        blitted
    }

    /// A grid of validation digits with the network's answers (digits dataset).
    #[wasm_bindgen(js_name = drawDigits)]
    pub fn draw_digits(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(predictions) = self.frame.as_ref().and_then(|f| f.predictions.as_ref()) else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_digits(&area, predictions).map_err(drawing_failed)
    }

    /// The validation confusion matrix.
    #[wasm_bindgen(js_name = drawConfusion)]
    pub fn draw_confusion(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(matrix) = self.frame.as_ref().and_then(|f| f.confusion.as_ref()) else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_confusion(&area, matrix, &self.labels).map_err(drawing_failed)
    }

    /// Train/validation loss and accuracy per epoch.
    #[wasm_bindgen(js_name = drawCurves)]
    pub fn draw_curves(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(snapshot) = self.frame.as_ref().map(|f| &f.snapshot) else { return Ok(()) };
        let keys: Vec<String> = snapshot.patterns.iter().map(|p| format!("pattern_{}", p.name())).collect();
        let notes: Vec<&str> = keys.iter().map(|k| self.labels.get(k)).collect();
        let area = backend.into_drawing_area();
        draw_curves(&area, &snapshot.history, &notes, snapshot.best_epoch, &self.labels).map_err(drawing_failed)
    }

    /// Update-to-weight ratio per layer per epoch, with the ≈1e-3 band.
    #[wasm_bindgen(js_name = drawRatios)]
    pub fn draw_ratios(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(frame) = &self.frame else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_ratios(&area, &frame.snapshot.history, &self.labels).map_err(drawing_failed)
    }

    /// Dead and saturated fractions per hidden layer per epoch.
    #[wasm_bindgen(js_name = drawFractions)]
    pub fn draw_fractions(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(frame) = &self.frame else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_layer_fractions(&area, &frame.snapshot.history, &self.labels).map_err(drawing_failed)
    }

    /// Per-layer activation histograms on the probe batch.
    #[wasm_bindgen(js_name = drawHistograms)]
    pub fn draw_histograms(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let Some(stats) = self.frame.as_ref().and_then(|f| f.layer_stats.as_ref()) else { return Ok(()) };
        let layers: Vec<_> = stats.iter().map(|s| Some(s.into())).collect();
        let area = backend.into_drawing_area();
        draw_histogram_grid(&area, &layers, ACTIVATION_BARS, &self.labels).map_err(drawing_failed)
    }
}

/// The trainer's computing side, in a Web Worker.
#[wasm_bindgen]
pub struct TrainerWorker {
    trainer: Trainer,
    digits: Option<Arc<Digits>>,
    grid: DecisionGrid,
    /// History records already sent to the view (a rebuild or reset starts over).
    sent: usize,
}

#[wasm_bindgen]
impl TrainerWorker {
    /// A trainer for `config`; `digits` are the bytes of static/data/digits8x8.bin (needed only
    /// for the digits dataset).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, digits: Option<Vec<u8>>) -> Result<TrainerWorker, JsError> {
        let digits = match digits {
            Some(bytes) => Some(Arc::new(Digits::from_bytes(&bytes).map_err(refusal::<TrainerConfig>)?)),
            None => None,
        };
        let config: TrainerConfig = config_from_js(config)?;
        let trainer = Trainer::with_digits(config, digits.clone()).map_err(refusal::<TrainerConfig>)?;
        Ok(Self { trainer, digits, grid: DecisionGrid::default(), sent: 0 })
    }

    /// Switch config: hot fields apply while training; returns "none", "hot",
    /// "optimizer_reset" or "rebuilt". `digits` (the bytes, once) for a switch to the digits.
    /// A refusal keeps the trainer as it was.
    pub fn set(&mut self, config: JsValue, digits: Option<Vec<u8>>) -> Result<JsValue, JsError> {
        if let (None, Some(bytes)) = (&self.digits, digits) {
            self.digits = Some(Arc::new(Digits::from_bytes(&bytes).map_err(refusal::<TrainerConfig>)?));
        }
        let config: TrainerConfig = config_from_js(config)?;
        let change = self.trainer.config().change_to(&config);
        if change == Change::Rebuilt {
            self.trainer = Trainer::with_digits(config, self.digits.clone()).map_err(refusal::<TrainerConfig>)?;
        } else {
            self.trainer.set(config).map_err(refusal::<TrainerConfig>)?;
        }
        to_js(&change)
    }

    /// Start over from the seed with the same config.
    pub fn reset(&mut self) -> Result<(), JsError> {
        let config = self.trainer.config().clone();
        self.trainer = Trainer::with_digits(config, self.digits.clone()).map_err(refusal::<TrainerConfig>)?;
        Ok(())
    }

    /// "Restore best weights": early stopping's best epoch's network back; false without one.
    #[wasm_bindgen(js_name = restoreBest)]
    pub fn restore_best(&mut self) -> bool {
        self.trainer.restore_best()
    }

    /// Run up to `batches` minibatches; returns how many ran (fewer once diverged).
    pub fn step(&mut self, batches: usize) -> usize {
        self.trainer.step(batches)
    }

    /// Run until the current epoch ends.
    pub fn epoch(&mut self) -> usize {
        self.trainer.epoch()
    }

    /// Up to `batches` minibatches without the end-of-epoch evaluation (the bench's training loop).
    #[wasm_bindgen(js_name = trainOnly)]
    pub fn train_only(&mut self, batches: usize) -> usize {
        self.trainer.train_only(batches)
    }

    /// The read-outs now (`full`: with layer statistics, digits predictions and confusion).
    /// The records before `sent` stay out of the history: the view has them.
    pub fn frame(&mut self, full: bool) -> Result<Vec<u8>, JsError> {
        let frame = self.trainer.frame_since(full, self.sent);
        self.sent = frame.history_from + frame.snapshot.history.len();
        to_bytes(&frame)
    }

    /// The decision boundary as GRID × GRID RGBA pixels (empty for the digits).
    pub fn pixels(&mut self) -> Vec<u8> {
        let mut pixels = Vec::new();
        if self.trainer.decision_grid(GRID, &mut self.grid).is_ok() {
            fill_decision_rgba(&self.grid, &mut pixels);
        }
        pixels
    }

    /// The decision plot's data (as bytes for `TrainerScene.setScenery`), after a (re)build.
    /// The view drops its frames with it, so the next frame carries the whole history.
    pub fn scenery(&mut self) -> Result<Vec<u8>, JsError> {
        self.sent = 0;
        to_bytes(&self.trainer.scenery())
    }
}
