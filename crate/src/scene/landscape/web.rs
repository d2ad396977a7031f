//! `LandscapeScene`: the loss-landscape scene for the page (its trainings' and slices' results,
//! the drawings), and `LandscapeWorker`: one network's training or one band of a slice in a
//! pool worker. Outputs cross as postcard bytes.

use crate::data::Digits;
use crate::fields;
use crate::render::Labels;
use crate::scene::landscape::render::{draw_lines, draw_measures, draw_percentile_pair, draw_slices};
use crate::scene::landscape::{
    median_drift, slice_band, BandInput, LandscapeConfig, LandscapeRun, Measured, NetOutput, NetRun, NETS, PLANES,
    PRESETS,
};
use crate::train::TrainerConfig;
use crate::web::canvas::backend;
use crate::web::{config_from_js, from_bytes, refusal, to_bytes, to_js};
use plotters::prelude::IntoDrawingArea;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The scene, owned by the page.
#[wasm_bindgen]
pub struct LandscapeScene {
    run: LandscapeRun,
    labels: Labels,
}

#[derive(serde::Serialize)]
struct Catalog {
    fields: Vec<fields::FieldInfo>,
    presets: &'static [crate::claims::Preset],
    nets: Vec<&'static str>,
    planes: Vec<&'static str>,
}

/// A summary row per network: its final scores and how rough its slice is.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    net: &'a str,
    train_loss: f64,
    val_loss: f64,
    val_acc: f64,
    /// Loss at the trained weights and the largest loss on the slice (computed rows only).
    centre_loss: f64,
    slice_max: f64,
    /// The largest loss range met stepping along the gradient during training.
    loss_range: f64,
    /// The largest gradient change met there.
    grad_change: f64,
    diverged_at: Option<u64>,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

fn digits_of(bytes: Option<Vec<u8>>) -> Result<Option<Arc<Digits>>, JsError> {
    bytes.map(|b| Digits::from_bytes(&b).map(Arc::new)).transpose().map_err(refusal::<LandscapeConfig>)
}

#[wasm_bindgen]
impl LandscapeScene {
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<LandscapeScene, JsError> {
        let config = config_from_js::<LandscapeConfig>(config)?;
        let run = LandscapeRun::new(config).map_err(refusal::<LandscapeConfig>)?;
        Ok(Self { run, labels: Labels::default() })
    }

    /// Fields, presets and networks.
    pub fn catalog() -> Result<JsValue, JsError> {
        to_js(&Catalog {
            fields: fields::catalog::<LandscapeConfig>(),
            presets: &PRESETS,
            nets: NETS.to_vec(),
            planes: PLANES.to_vec(),
        })
    }

    #[wasm_bindgen(js_name = trainCount)]
    pub fn train_count(&self) -> usize {
        self.run.train_count()
    }

    pub fn trained(&self) -> usize {
        self.run.trained()
    }

    /// A worker's output for network `net`'s training.
    #[wasm_bindgen(js_name = acceptNet)]
    pub fn accept_net(&mut self, net: usize, bytes: &[u8]) -> Result<(), JsError> {
        self.run.accept_net(net, from_bytes::<NetOutput>(bytes)?);
        Ok(())
    }

    /// The slice bands to compute once every network trained: `[net, start, end]` each.
    #[wasm_bindgen(js_name = bandJobs)]
    pub fn band_jobs(&self) -> Result<JsValue, JsError> {
        to_js(&self.run.band_jobs())
    }

    /// What network `net`'s band jobs start from (its weights and plane), as bytes.
    #[wasm_bindgen(js_name = bandInput)]
    pub fn band_input(&self, net: usize) -> Result<Vec<u8>, JsError> {
        to_bytes(&self.run.band_input(net).ok_or_else(|| JsError::new("that network has not trained yet"))?)
    }

    /// A worker's rows `start..` of network `net`'s slice.
    #[wasm_bindgen(js_name = acceptBand)]
    pub fn accept_band(&mut self, net: usize, start: usize, bytes: &[u8]) -> Result<(), JsError> {
        self.run.accept_band(net, start, from_bytes::<Vec<Vec<f64>>>(bytes)?);
        Ok(())
    }

    #[wasm_bindgen(js_name = bandsDone)]
    pub fn bands_done(&self) -> usize {
        self.run.bands_done()
    }

    /// One row per trained network.
    pub fn rows(&self) -> Result<JsValue, JsError> {
        let views = self.run.views();
        let rows: Vec<Row> = views
            .iter()
            .filter_map(|v| {
                let o = v.output?;
                let last = o.history.last().copied().unwrap_or([f64::NAN; 4]);
                let finite = v.slice.into_iter().flatten().flatten().copied().filter(|x| x.is_finite());
                let r = v.slice.map_or(0, <[Vec<f64>]>::len);
                Some(Row {
                    net: v.name,
                    train_loss: last[0],
                    val_loss: last[1],
                    val_acc: last[3],
                    centre_loss: v.slice.map_or(f64::NAN, |s| s[r / 2][r / 2]),
                    slice_max: finite.fold(f64::NAN, f64::max),
                    loss_range: o.smoothness.iter().map(|m| m.value.loss_max - m.value.loss_min).fold(0.0, f64::max),
                    grad_change: o.smoothness.iter().map(|m| m.value.grad_change).fold(0.0, f64::max),
                    diverged_at: o.diverged_at,
                })
            })
            .collect();
        to_js(&rows)
    }

    #[wasm_bindgen(js_name = drawSlices)]
    pub fn draw_slices(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_slices(&b.into_drawing_area(), &self.run.views(), &self.labels).map_err(drawing_failed)
    }

    #[wasm_bindgen(js_name = drawLines)]
    pub fn draw_lines(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_lines(&b.into_drawing_area(), &self.run.views(), &self.labels).map_err(drawing_failed)
    }

    #[wasm_bindgen(js_name = drawMeasures)]
    pub fn draw_measures(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let layer = self.run.config().layer;
        draw_measures(&b.into_drawing_area(), &self.run.views(), layer, &self.labels).map_err(drawing_failed)
    }
}

/// One network's training, or one band of a slice, in a pool worker.
#[wasm_bindgen]
#[derive(Default)]
pub struct LandscapeWorker {
    training: Option<NetRun>,
}

#[wasm_bindgen]
impl LandscapeWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> LandscapeWorker {
        Self::default()
    }

    /// Begin training network `net` of `config`.
    pub fn start(&mut self, config: JsValue, net: usize, digits: Option<Vec<u8>>) -> Result<(), JsError> {
        let config = config_from_js::<LandscapeConfig>(config)?;
        self.training = Some(NetRun::new(&config, net, digits_of(digits)?).map_err(refusal::<LandscapeConfig>)?);
        Ok(())
    }

    /// Begin training a trainer `config` (the trainer page's), following hidden layer `layer`.
    #[wasm_bindgen(js_name = startTrainer)]
    pub fn start_trainer(&mut self, config: JsValue, layer: usize, digits: Option<Vec<u8>>) -> Result<(), JsError> {
        let config = config_from_js::<TrainerConfig>(config)?;
        self.training = Some(NetRun::of_trainer(config, digits_of(digits)?, layer).map_err(refusal::<TrainerConfig>)?);
        Ok(())
    }

    /// The followed layer's percentiles so far, as bytes (for `PercentilePair.accept`).
    pub fn percentiles(&self) -> Result<Vec<u8>, JsError> {
        to_bytes(&self.training.as_ref().map(|t| t.percentiles().to_vec()).unwrap_or_default())
    }

    /// Up to `steps` more minibatches; the epochs finished so far, or `None` once over.
    pub fn advance(&mut self, steps: usize) -> Option<usize> {
        let training = self.training.as_mut()?;
        (!training.advance(steps)).then(|| training.epochs())
    }

    /// The finished training's output as bytes (for `LandscapeScene.acceptNet`).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let training = self.training.take().ok_or_else(|| JsError::new("no training to finish"))?;
        to_bytes(&training.finish().map_err(refusal::<LandscapeConfig>)?)
    }

    /// Rows `start..end` of network `net`'s slice from `input` (`LandscapeScene.bandInput`), as
    /// bytes (for `LandscapeScene.acceptBand`).
    pub fn band(
        config: JsValue,
        net: usize,
        digits: Option<Vec<u8>>,
        input: &[u8],
        start: usize,
        end: usize,
    ) -> Result<Vec<u8>, JsError> {
        let config = config_from_js::<LandscapeConfig>(config)?;
        let input = from_bytes::<BandInput>(input)?;
        let rows =
            slice_band(&config, net, digits_of(digits)?, &input, start..end).map_err(refusal::<LandscapeConfig>)?;
        to_bytes(&rows)
    }
}

/// The trainer page's pair of runs from the same initial weights, without and with batch norm:
/// the followed layer's input percentiles of each, drawn together.
#[wasm_bindgen]
#[derive(Default)]
pub struct PercentilePair {
    runs: [Vec<Measured<[f64; 3]>>; 2],
    labels: Labels,
}

#[wasm_bindgen]
impl PercentilePair {
    #[wasm_bindgen(constructor)]
    pub fn new() -> PercentilePair {
        Self::default()
    }

    /// Run `k`'s percentiles so far (0: without batch norm, 1: with), from
    /// `LandscapeWorker.percentiles`.
    pub fn accept(&mut self, k: usize, bytes: &[u8]) -> Result<(), JsError> {
        if let Some(run) = self.runs.get_mut(k) {
            *run = from_bytes(bytes)?;
        }
        Ok(())
    }

    pub fn clear(&mut self) {
        self.runs = Default::default();
    }

    /// How far each run's median moved from its start: [without, with batch norm].
    pub fn drifts(&self) -> Vec<f64> {
        self.runs.iter().map(|r| median_drift(r)).collect()
    }

    /// Translated chart words: `keys[i]` reads `words[i]`.
    #[wasm_bindgen(js_name = setLabels)]
    pub fn set_labels(&mut self, keys: Vec<String>, words: Vec<String>) {
        self.labels = Labels::from_pairs(keys, words);
    }

    /// Both runs' percentiles of hidden layer `layer` (1-based).
    pub fn draw(&self, canvas: &HtmlCanvasElement, layer: usize) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let runs = [self.runs[0].as_slice(), self.runs[1].as_slice()];
        draw_percentile_pair(&b.into_drawing_area(), runs, layer, &self.labels).map_err(drawing_failed)
    }
}

crate::web::scene_facade!(LandscapeScene of crate::scene::landscape::Entry, |this| config: this.run.config(), csv: crate::scene::landscape::csv::landscape(&this.run.views()));
