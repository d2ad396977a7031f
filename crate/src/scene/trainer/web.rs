//! The live trainer for the page, in two objects: `TrainerWorker` trains in a Web Worker and
//! hands out frames (read-outs as data, and the decision boundary's pixels); `TrainerScene` on
//! the main thread keeps the config, validates changes and draws the latest frame.

use crate::data::{DatasetKind, Preprocess};
use crate::nn::activation::Activation;
use crate::nn::init::Init;
use crate::nn::ActivationStats;
use crate::optim::OptimizerKind;
use crate::render::chart::class_color;
use crate::render::chart::PlotMapping;
use crate::render::chart::ACTIVATION_BARS;
use crate::render::colormap::hex;
use crate::render::histogram::draw_histogram_grid;
use crate::render::Labels;
use crate::scene::trainer::render::{
    draw_confusion, draw_curves, draw_decision, draw_digits, draw_layer_fractions, draw_ratios,
};
use crate::scene::trainer::{parse_points_csv, TrainerConfig, TrainerFrame, TrainerScenery, TrainerSnapshot};
use crate::schedule::Schedule;
use crate::web::canvas::{backend, blit_scaled, scratch_canvas};
use crate::web::{config_from_js, from_bytes, refusal, to_js};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Decision-boundary cells per side: redrawn every frame while training.
pub(super) const GRID: usize = 100;

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
    /// Where the decision plot was last drawn (clicks on it become data points).
    decision_at: Option<PlotMapping>,
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
        Ok(Self {
            config,
            frame: None,
            scenery: None,
            pixels: Vec::new(),
            labels: Labels::default(),
            scratch: None,
            decision_at: None,
        })
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

    /// The classes the network has: the dataset's own count, else the config's K.
    #[wasm_bindgen(js_name = classCount)]
    pub fn class_count(&self) -> usize {
        self.config.effective_classes()
    }

    /// Whether the data are 2D (a decision boundary can be drawn).
    #[wasm_bindgen(js_name = isPlanar)]
    pub fn is_planar(&self) -> bool {
        self.config.dataset != DatasetKind::Digits
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
        let mapping =
            draw_decision(&area, scenery.bounds, (&scenery.train, &scenery.val, &scenery.standardizer), |m| {
                let (w, h) = m.size();
                blitted = blit_scaled(canvas, &scratch, pixels, (size, size), (m.px.0, m.py.0, w, h));
            })
            .map_err(drawing_failed)?;
        self.decision_at = Some(mapping);
        self.scratch = Some(scratch);
        blitted
    }

    /// Data coordinates `[x, y]` of canvas pixel (x, y) on the decision plot (device pixels),
    /// or `undefined` outside its plot area.
    #[wasm_bindgen(js_name = decisionPoint)]
    pub fn decision_point(&self, x: f64, y: f64) -> Option<Vec<f64>> {
        self.decision_at?.to_data(x, y).map(Vec::from)
    }

    /// Canvas pixel `[x, y]` of data point (x, y) on the decision plot.
    #[wasm_bindgen(js_name = decisionPixel)]
    pub fn decision_pixel(&self, x: f64, y: f64) -> Option<Vec<f64>> {
        self.decision_at.map(|m| {
            let (px, py) = m.to_pixel(x, y);
            vec![px, py]
        })
    }

    /// The points on the plot in data coordinates, `[x, y, class, held_out]` each (training,
    /// then validation): what own data starts from.
    #[wasm_bindgen(js_name = dataPoints)]
    pub fn data_points(&self) -> Vec<f64> {
        let Some(s) = &self.scenery else { return Vec::new() };
        if s.train.features != 2 {
            return Vec::new();
        }
        let mut flat = Vec::with_capacity(4 * (s.train.len() + s.val.len()));
        for (d, held) in [(&s.train, 0.0), (&s.val, 1.0)] {
            for i in 0..d.len() {
                let r = d.row(i);
                flat.extend([s.standardizer.restore(0, r[0]), s.standardizer.restore(1, r[1]), d.y[i] as f64, held]);
            }
        }
        flat
    }

    /// Points from a CSV of `x,y,label` rows for `classes` classes, `[x, y, class, held_out]`
    /// each, or a refusal naming the line and column.
    #[wasm_bindgen(js_name = parsePoints)]
    pub fn parse_points(text: &str, classes: usize) -> Result<Vec<f64>, JsError> {
        let points = parse_points_csv(text, classes).map_err(refusal::<TrainerConfig>)?;
        Ok(points.iter().flat_map(|p| [p.x, p.y, p.class as f64, f64::from(u8::from(p.held_out))]).collect())
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

crate::web::scene_facade!(TrainerScene of crate::scene::trainer::Entry, |this| config: &this.config, csv: crate::scene::trainer::csv::training_history(this.frame.as_ref().map_or(&[], |f| &f.snapshot.history[..])));
