//! `SearchScene`: the hyperparameter search for the page (plans, results, drawing), and
//! `SearchWorker`: what a pool worker runs — one trial, the sweep, one fixed-rate curve. Trials
//! come back as six numbers and the sweep as plain arrays, so nothing is deserialized here.

use crate::data::Digits;
use crate::fields;
use crate::render::chart::PlotMapping;
use crate::render::Labels;
use crate::scene::search::render::{draw_marginals, draw_patterns, draw_scatter, draw_sweep};
use crate::scene::search::{SearchConfig, SearchRun, PRESETS, STRATEGIES};
use crate::search::sweep::{self, Sweep};
use crate::search::{TrialResult, TrialRun, PARAMS};
use crate::train::TrainerConfig;
use crate::web::canvas::backend;
use crate::web::{config_from_js, config_to_js, refusal, to_js};
use plotters::prelude::IntoDrawingArea;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The search scene, owned by the page.
#[wasm_bindgen]
pub struct SearchScene {
    run: SearchRun,
    labels: Labels,
    /// Where each plan's scatter was last drawn (for dragging a region and clicking a trial).
    mappings: Vec<Option<PlotMapping>>,
}

#[derive(serde::Serialize)]
struct Catalog {
    fields: Vec<fields::FieldInfo>,
    presets: &'static [crate::claims::Preset],
    params: Vec<&'static str>,
    strategies: Vec<&'static str>,
}

/// A table row: the trial's global index (for `trialLink`), its plan's strategy and its result.
#[derive(serde::Serialize)]
struct Row<'a> {
    trial: usize,
    strategy: &'static str,
    result: &'a TrialResult,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

fn scene_of(config: SearchConfig) -> Result<SearchScene, JsError> {
    let run = SearchRun::new(config).map_err(refusal::<SearchConfig>)?;
    let mappings = vec![None; run.plans().len()];
    Ok(SearchScene { run, labels: Labels::default(), mappings })
}

#[wasm_bindgen]
impl SearchScene {
    /// The search a link describes (refused as data, by key).
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str) -> Result<SearchScene, JsError> {
        scene_of(fields::from_hash(encoded).map_err(refusal::<SearchConfig>)?)
    }

    /// Fields, presets, searchable parameters and strategies.
    pub fn catalog() -> Result<JsValue, JsError> {
        to_js(&Catalog {
            fields: fields::catalog::<SearchConfig>(),
            presets: &PRESETS,
            params: PARAMS.to_vec(),
            strategies: STRATEGIES.to_vec(),
        })
    }

    /// A new search (results dropped); a refusal keeps the current one.
    pub fn set(&mut self, config: JsValue) -> Result<(), JsError> {
        let next = scene_of(config_from_js(config)?)?;
        (self.run, self.mappings) = (next.run, next.mappings); // the labels stay
        Ok(())
    }

    /// Strategies shown side by side (1 or 2).
    pub fn plans(&self) -> usize {
        self.run.plans().len()
    }

    #[wasm_bindgen(js_name = trialCount)]
    pub fn trial_count(&self) -> usize {
        self.run.trial_count()
    }

    /// Trial `g`'s trainer config, for a worker.
    #[wasm_bindgen(js_name = trialConfig)]
    pub fn trial_config(&self, g: usize) -> Result<JsValue, JsError> {
        Ok(config_to_js(&self.run.trial_config(g).map_err(refusal::<TrainerConfig>)?))
    }

    /// Trial `g` as the trainer's link fields (opens it in the trainer).
    #[wasm_bindgen(js_name = trialLink)]
    pub fn trial_link(&self, g: usize) -> Result<String, JsError> {
        Ok(fields::to_hash(&self.run.trial_config(g).map_err(refusal::<TrainerConfig>)?))
    }

    /// A worker's six numbers for trial `g` (see `SearchWorker.trial`).
    pub fn accept(&mut self, g: usize, numbers: &[f64]) {
        self.run.accept(g, numbers);
    }

    /// Trials finished.
    pub fn done(&self) -> usize {
        self.run.done()
    }

    /// Every finished trial for the table, plan by plan.
    pub fn rows(&self) -> Result<JsValue, JsError> {
        let plans = self.run.plans().len();
        let rows: Vec<Row> = (0..plans)
            .flat_map(|p| {
                let strategy = self.run.plans()[p].strategy.name();
                self.run.results(p).into_iter().map(move |(i, result)| Row { trial: i * plans + p, strategy, result })
            })
            .collect();
        to_js(&rows)
    }

    /// Plan `p`'s best trial as a global index.
    pub fn best(&self, p: usize) -> Option<usize> {
        Some(self.run.best(p)? * self.run.plans().len() + p)
    }

    /// The parameters whose best value lies at the edge of its range, in plan `p`.
    pub fn edge(&self, p: usize) -> Result<JsValue, JsError> {
        to_js(&self.run.edge(p))
    }

    /// The finer search over the region between pixels (x0, y0) and (x1, y1) of plan `p`'s
    /// scatter, as a config object (refused if the region is empty).
    pub fn zoom(&self, p: usize, x0: f64, y0: f64, x1: f64, y1: f64) -> Result<JsValue, JsError> {
        let Some(m) = self.mappings.get(p).copied().flatten() else { return Ok(JsValue::NULL) };
        let (a, b) = (m.to_data_anywhere(x0, y0), m.to_data_anywhere(x1, y1));
        // One range: the scatter's y is accuracy, so only the x extent narrows.
        let v = if self.run.params().len() > 1 { (a[1], b[1]) } else { (0.0, 1.0) };
        let next = self.run.zoom((a[0], b[0]), v).map_err(refusal::<SearchConfig>)?;
        Ok(config_to_js(&next))
    }

    /// The global index of plan `p`'s trial drawn nearest to pixel (x, y), within `radius`.
    pub fn nearest(&self, p: usize, x: f64, y: f64, radius: f64) -> Option<usize> {
        let m = self.mappings.get(p).copied().flatten()?;
        let distance = |r: &TrialResult| {
            let (u, v) = self.run.position(r);
            let (px, py) = m.to_pixel(u, v);
            (px - x).hypot(py - y)
        };
        let (i, d) =
            self.run.results(p).into_iter().map(|(i, r)| (i, distance(r))).min_by(|a, b| a.1.total_cmp(&b.1))?;
        (d <= radius).then_some(i * self.run.plans().len() + p)
    }

    /// The network the sweep and the fixed-rate curves train.
    #[wasm_bindgen(js_name = baseConfig)]
    pub fn base_config(&self) -> JsValue {
        config_to_js(self.run.base())
    }

    /// A worker's sweep (its arrays and suggested range).
    #[wasm_bindgen(js_name = setSweep)]
    pub fn set_sweep(&mut self, lr: Vec<f64>, loss: Vec<f64>, smoothed: Vec<f64>, lo: f64, hi: f64) {
        self.run.set_sweep(Sweep { lr, loss, smoothed, suggested: [lo, hi] });
    }

    /// Too low, good, high and very high rates (after a sweep).
    #[wasm_bindgen(js_name = patternRates)]
    pub fn pattern_rates(&self) -> Option<Vec<f64>> {
        self.run.pattern_rates().map(|r| r.to_vec())
    }

    /// A worker's fixed-rate curve `k`.
    #[wasm_bindgen(js_name = setCurve)]
    pub fn set_curve(&mut self, k: usize, curve: Vec<f64>) {
        self.run.set_curve(k, curve);
    }

    /// Plan `p`'s trials on the parameter axes.
    #[wasm_bindgen(js_name = drawScatter)]
    pub fn draw_scatter(&mut self, canvas: &HtmlCanvasElement, p: usize) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        if p >= self.run.plans().len() {
            return Ok(()); // a late redraw of a plan the new search does not have
        }
        let title = self.run.title(p, &self.labels);
        let mapping =
            draw_scatter(&b.into_drawing_area(), &self.run, p, &title, &self.labels).map_err(drawing_failed)?;
        self.mappings[p] = Some(mapping);
        Ok(())
    }

    /// Plan `p`'s accuracy against each parameter.
    #[wasm_bindgen(js_name = drawMarginals)]
    pub fn draw_marginals(&self, canvas: &HtmlCanvasElement, p: usize) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        if p >= self.run.plans().len() {
            return Ok(());
        }
        draw_marginals(&b.into_drawing_area(), &self.run, p, &self.labels).map_err(drawing_failed)
    }

    #[wasm_bindgen(js_name = drawSweep)]
    pub fn draw_sweep(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let (Some(b), Some(sweep)) = (backend(canvas)?, self.run.sweep()) else { return Ok(()) };
        draw_sweep(&b.into_drawing_area(), sweep, &self.labels).map_err(drawing_failed)
    }

    #[wasm_bindgen(js_name = drawPatterns)]
    pub fn draw_patterns(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_patterns(&b.into_drawing_area(), &self.run, &self.labels).map_err(drawing_failed)
    }
}

/// What a pool worker computes for the search scene: a trial in chunks (so a newer search need
/// not wait for an older trial), the sweep, a fixed-rate curve.
#[wasm_bindgen]
#[derive(Default)]
pub struct SearchWorker {
    trial: Option<TrialRun>,
}

fn digits_of(bytes: Option<Vec<u8>>) -> Result<Option<Arc<Digits>>, JsError> {
    bytes.map(|b| Digits::from_bytes(&b).map(Arc::new)).transpose().map_err(refusal::<TrainerConfig>)
}

#[wasm_bindgen]
impl SearchWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> SearchWorker {
        Self::default()
    }

    /// Begin a trial of trainer `config` (`digits`: the digits' bytes, for the digits dataset).
    pub fn start(&mut self, config: JsValue, digits: Option<Vec<u8>>) -> Result<(), JsError> {
        let config: TrainerConfig = config_from_js(config)?;
        self.trial = Some(TrialRun::new(config, digits_of(digits)?).map_err(refusal::<TrainerConfig>)?);
        Ok(())
    }

    /// Up to `steps` more minibatches of the trial; once it is over, its `[epochs, exploded,
    /// train_acc, val_acc, train_loss, val_loss]` (NaN: none).
    pub fn advance(&mut self, steps: usize) -> Option<Vec<f64>> {
        let trial = self.trial.as_mut()?;
        trial.advance(steps).then(|| trial.result(&[]).numbers().to_vec())
    }

    /// The learning-rate sweep of `config`: `{lr, loss, smoothed, suggested}`.
    pub fn sweep(config: JsValue, digits: Option<Vec<u8>>) -> Result<JsValue, JsError> {
        let config: TrainerConfig = config_from_js(config)?;
        to_js(&sweep::lr_sweep(&config, digits_of(digits)?).map_err(refusal::<TrainerConfig>)?)
    }

    /// Training loss per epoch of `config` at rate `lr`.
    pub fn curve(config: JsValue, lr: f64, digits: Option<Vec<u8>>) -> Result<Vec<f64>, JsError> {
        let config: TrainerConfig = config_from_js(config)?;
        sweep::fixed_rate_curve(&config, lr, digits_of(digits)?).map_err(refusal::<TrainerConfig>)
    }
}

crate::web::scene_facade!(SearchScene of crate::scene::search::Entry, |this| config: this.run.config(), csv: crate::scene::search::csv::search_trials(&this.run));
