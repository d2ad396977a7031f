//! `RegularizeScene`: the regularization & ensembles scene for the page (its trainings, their
//! results, the drawings), and `RegularizeWorker`: one training in a pool worker, in chunks.
//! Outputs cross as postcard bytes.

use crate::data::Digits;
use crate::fields;
use crate::render::Labels;
use crate::scene::regularize::render::{draw_boundaries, draw_class_accuracy, draw_ensembles, draw_gaps};
use crate::scene::regularize::{
    pooling_regions, JobRun, MethodResult, RegularizeConfig, RegularizeRun, RunOutput, GRID, METHODS, POOL_SIDE,
    PRESETS,
};
use crate::scene::trainer::render::fill_decision_rgba;
use crate::train::DecisionGrid;
use crate::web::canvas::{backend, blit_scaled, scratch_canvas};
use crate::web::{config_from_js, from_bytes, refusal, to_bytes, to_js};
use plotters::prelude::IntoDrawingArea;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The scene, owned by the page.
#[wasm_bindgen]
pub struct RegularizeScene {
    run: RegularizeRun,
    digits: Option<Arc<Digits>>,
    labels: Labels,
    /// Fractional pooling's draw: each "resample" takes the next.
    pass: u64,
}

#[derive(serde::Serialize)]
struct Catalog {
    fields: Vec<fields::FieldInfo>,
    presets: &'static [crate::claims::Preset],
    methods: Vec<&'static str>,
}

/// A table row: the method's result without its grid and history.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    method: &'a str,
    strength: &'a str,
    train_acc: f64,
    val_acc: f64,
    val_loss: f64,
    gap: f64,
    best_epoch: Option<usize>,
    members: usize,
    diverged_at: Option<u64>,
    uncorrected: bool,
    /// Validation accuracy over the seeds in so far: mean and 95 % half-width.
    val_mean: crate::spread::MeanInterval,
    /// The paired difference from no regularization.
    vs_none: Option<crate::spread::MeanInterval>,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

fn digits_of(bytes: Option<Vec<u8>>) -> Result<Option<Arc<Digits>>, JsError> {
    bytes.map(|b| Digits::from_bytes(&b).map(Arc::new)).transpose().map_err(refusal::<RegularizeConfig>)
}

#[wasm_bindgen]
impl RegularizeScene {
    /// The comparison of a config object (`digits`: the digits' bytes, also for the pooling
    /// picture).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, digits: Option<Vec<u8>>) -> Result<RegularizeScene, JsError> {
        let digits = digits_of(digits)?;
        let config = config_from_js::<RegularizeConfig>(config)?;
        let run = RegularizeRun::new(config, digits.clone()).map_err(refusal::<RegularizeConfig>)?;
        Ok(Self { run, digits, labels: Labels::default(), pass: 0 })
    }

    /// Fields, presets and methods.
    pub fn catalog() -> Result<JsValue, JsError> {
        to_js(&Catalog { fields: fields::catalog::<RegularizeConfig>(), presets: &PRESETS, methods: METHODS.to_vec() })
    }

    /// Take `config`: only the evaluation switch changed → the results are re-tested in place
    /// (returns false); otherwise a new comparison whose trainings must run (returns true). A
    /// refusal keeps the current one.
    pub fn set(&mut self, config: JsValue, digits: Option<Vec<u8>>) -> Result<bool, JsError> {
        let next = config_from_js::<RegularizeConfig>(config)?;
        let same_training = RegularizeConfig { uncorrected: self.run.config().uncorrected, ..next.clone() };
        if &same_training == self.run.config() && self.digits.is_some() == digits.is_some() {
            self.run.set_uncorrected(next.uncorrected);
            return Ok(false);
        }
        let digits = digits_of(digits)?.or_else(|| self.digits.clone());
        self.run = RegularizeRun::new(next, digits.clone()).map_err(refusal::<RegularizeConfig>)?;
        self.digits = digits;
        Ok(true)
    }

    #[wasm_bindgen(js_name = jobCount)]
    pub fn job_count(&self) -> usize {
        self.run.job_count()
    }

    pub fn done(&self) -> usize {
        self.run.done()
    }

    /// A worker's output for training `job` (see `RegularizeWorker.finish`).
    pub fn accept(&mut self, job: usize, bytes: &[u8]) -> Result<(), JsError> {
        self.run.accept(job, from_bytes::<RunOutput>(bytes)?);
        Ok(())
    }

    #[wasm_bindgen(js_name = isPlanar)]
    pub fn is_planar(&self) -> bool {
        self.run.base().splits().0.features == 2
    }

    /// The table: one row per finished method.
    pub fn rows(&self) -> Result<JsValue, JsError> {
        let results = self.run.results();
        let rows: Vec<Row> = results
            .iter()
            .flatten()
            .map(|r| Row {
                method: &r.method,
                strength: &r.strength,
                train_acc: r.train.val_acc,
                val_acc: r.val.val_acc,
                val_loss: r.val.val_loss,
                gap: r.train.val_acc - r.val.val_acc,
                best_epoch: r.best_epoch,
                members: r.members.len(),
                diverged_at: r.diverged_at,
                uncorrected: r.uncorrected,
                val_mean: r.val_mean,
                vs_none: r.vs_none,
            })
            .collect();
        to_js(&rows)
    }

    /// Whether a finished ensemble has members to chart.
    #[wasm_bindgen(js_name = hasEnsembles)]
    pub fn has_ensembles(&self) -> bool {
        self.run.results().iter().flatten().any(|r| !r.members.is_empty())
    }

    /// Each method's decision boundary (2D data) or accuracy per class (the digits).
    #[wasm_bindgen(js_name = drawBoundaries)]
    pub fn draw_boundaries(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let area = b.into_drawing_area();
        let results = self.run.shown();
        if !self.is_planar() {
            return draw_class_accuracy(&area, &results, &self.labels).map_err(drawing_failed);
        }
        let base = self.run.base();
        let (train, val) = base.splits();
        let bounds = base.bounds();
        let scratch = scratch_canvas()?;
        let (mut blitted, mut rgba) = (Ok(()), Vec::new());
        let classes = base.config().effective_classes();
        draw_boundaries(&area, &results, (bounds, train, val, base.standardizer()), &self.labels, |i, m| {
            let Some(r) = &results[i].1 else { return };
            fill_decision_rgba(&DecisionGrid::from_probs(GRID, classes, bounds, r.grid.clone()), &mut rgba);
            let (w, h) = m.size();
            let drawn = blit_scaled(canvas, &scratch, &rgba, (GRID as u32, GRID as u32), (m.px.0, m.py.0, w, h));
            if blitted.is_ok() {
                blitted = drawn;
            }
        })
        .map_err(drawing_failed)?;
        blitted
    }

    /// One loss chart per method, the gap shaded.
    #[wasm_bindgen(js_name = drawGaps)]
    pub fn draw_gaps(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_gaps(&b.into_drawing_area(), &self.run.shown(), &self.labels).map_err(drawing_failed)
    }

    /// The ensembles' members against their average.
    #[wasm_bindgen(js_name = drawEnsembles)]
    pub fn draw_ensembles(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let results = self.run.results();
        let done: Vec<&MethodResult> = results.iter().flatten().collect();
        draw_ensembles(&b.into_drawing_area(), &done, &self.labels).map_err(drawing_failed)
    }

    /// Draw new fractional pooling regions.
    pub fn resample(&mut self) {
        self.pass += 1;
    }

    /// The pooling picture on digit `index` (needs the digits).
    #[wasm_bindgen(js_name = drawPooling)]
    pub fn draw_pooling(&self, canvas: &HtmlCanvasElement, index: usize) -> Result<(), JsError> {
        let (Some(b), Some(digits)) = (backend(canvas)?, &self.digits) else { return Ok(()) };
        let image = digits.image(index % digits.len().max(1));
        let digit: Vec<f64> = image.iter().take(POOL_SIDE * POOL_SIDE).map(|&v| f64::from(v)).collect();
        let r = pooling_regions(self.pass);
        crate::scene::regularize::pooling::draw_pooling(
            &b.into_drawing_area(),
            &digit,
            (&r[0], &r[1]),
            (&r[2], &r[3]),
            &self.labels,
        )
        .map_err(drawing_failed)
    }
}

/// One training of a comparison in a pool worker, advanced in chunks.
#[wasm_bindgen]
#[derive(Default)]
pub struct RegularizeWorker {
    training: Option<JobRun>,
}

#[wasm_bindgen]
impl RegularizeWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> RegularizeWorker {
        Self::default()
    }

    /// Begin training `job` of the scene's `config`.
    pub fn start(&mut self, config: JsValue, job: usize, digits: Option<Vec<u8>>) -> Result<(), JsError> {
        let config = config_from_js::<RegularizeConfig>(config)?;
        let training = JobRun::new(&config, job, digits_of(digits)?).map_err(refusal::<RegularizeConfig>)?;
        self.training = Some(training);
        Ok(())
    }

    /// Up to `steps` more minibatches; the epochs finished so far, or `None` once over.
    pub fn advance(&mut self, steps: usize) -> Option<usize> {
        let training = self.training.as_mut()?;
        (!training.advance(steps)).then(|| training.epochs())
    }

    /// The finished training's output as bytes (for `RegularizeScene.accept`).
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let training = self.training.take().ok_or_else(|| JsError::new("no training to finish"))?;
        to_bytes(&training.finish())
    }
}

crate::web::scene_facade!(RegularizeScene of crate::scene::regularize::Entry, |this| config: this.run.config(), csv: crate::scene::regularize::csv::regularize_methods(&this.run.results().iter().flatten().collect::<Vec<_>>()));
