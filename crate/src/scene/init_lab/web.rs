//! The activations & init lab for the page, in three objects: `InitLabScene` on the main
//! thread holds the config and the latest report and draws them; `InitLabWorker` computes in
//! a Web Worker (a shard of a split batch, or a whole run); `InitLabSplit` on the main thread
//! sends the shards their rounds and combines the replies.

use crate::nn::activation::Activation;
use crate::nn::deep_net::split::{Reply, Request, Shard, SplitRun};
use crate::nn::deep_net_fields::from_hash;
use crate::nn::init::Init;
use crate::nn::{DeepNetConfig, DeepNetReport};
use crate::render::Labels;
use crate::scene::init_lab::render::{draw_activation, draw_histograms, draw_layer_stds, draw_zero_centered, Which};
use crate::scene::init_lab::zero_centered;
use crate::scene::init_lab::{InitLab, FAST_SIZE, PRESETS};
use crate::web::canvas::backend;
use crate::web::{config_from_js, from_bytes, refusal, to_bytes, to_js};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The init lab's view, owned by the page: the config in force and the report last computed
/// for it (by the workers).
#[wasm_bindgen]
pub struct InitLabScene {
    config: DeepNetConfig,
    report: DeepNetReport,
    labels: Labels,
}

/// A report with no layers yet (drawn as empty charts until the first result arrives).
fn empty_report() -> DeepNetReport {
    DeepNetReport { layers: Vec::new(), eval_layers: None, loss: 0.0, diverged_at_layer: None }
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
    presets: &'static [crate::claims::Preset],
    fast_size: &'static str,
    fields: Vec<crate::fields::FieldInfo>,
}

#[wasm_bindgen]
impl InitLabScene {
    /// The experiment from URL-hash fields (`act=tanh&init=small&…`), or a refusal naming the
    /// key. Nothing is computed here: the workers' report arrives through `setReport`.
    #[wasm_bindgen(js_name = fromHash)]
    pub fn from_hash(encoded: &str) -> Result<InitLabScene, JsError> {
        let config = from_hash(encoded).map_err(refusal::<DeepNetConfig>)?;
        config.validate().map_err(refusal::<DeepNetConfig>)?;
        Ok(Self { config, report: empty_report(), labels: Labels::default() })
    }

    /// Activations, inits, presets and the fast size, for building controls.
    pub fn catalog() -> Result<JsValue, JsError> {
        let activations: Vec<&str> = Activation::ALL.iter().map(|a| a.name()).collect();
        let inits = Init::names();
        to_js(&Catalog {
            activations,
            inits,
            presets: &PRESETS,
            fast_size: FAST_SIZE,
            fields: crate::fields::catalog::<DeepNetConfig>(),
        })
    }

    /// Take a new config (its report follows through `setReport`); a refusal keeps the
    /// previous one.
    pub fn set(&mut self, config: JsValue) -> Result<(), JsError> {
        let config: DeepNetConfig = config_from_js(config)?;
        config.validate().map_err(refusal::<DeepNetConfig>)?;
        self.config = config;
        Ok(())
    }

    /// The workers' report for the config in force (the bytes a worker or the split gives).
    #[wasm_bindgen(js_name = setReport)]
    pub fn set_report(&mut self, report: &[u8]) -> Result<(), JsError> {
        self.report = from_bytes(report)?;
        Ok(())
    }

    /// Whether the report lacks the weight-gradient statistics (still being computed).
    #[wasm_bindgen(js_name = gradientsPending)]
    pub fn gradients_pending(&self) -> bool {
        self.report.layers.is_empty() || self.report.layers.iter().any(|l| l.weight_grad.is_none())
    }

    /// Per-layer numbers and histograms of the last run.
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(&self.report)
    }

    /// The verdict on the last run's activations (scale holds, or where it breaks).
    pub fn verdict(&self) -> Result<JsValue, JsError> {
        let acts: Vec<_> = self.report.layers.iter().map(|l| l.activations.clone()).collect();
        to_js(&crate::nn::depth_verdict::depth_verdict(&acts))
    }

    /// "Show the maths" for hidden layer `layer` (1-based) of the last run: the variance rule
    /// with its numbers (`null` before the layer is computed).
    #[wasm_bindgen(js_name = layerMaths)]
    pub fn layer_maths(&self, layer: usize) -> Result<JsValue, JsError> {
        to_js(&crate::nn::variance_rule::layer_maths(&self.config, &self.report, layer))
    }

    /// Per-layer histograms of the activations (`gradients` false) or the weight gradients.
    #[wasm_bindgen(js_name = drawHistograms)]
    pub fn draw_histograms(&self, canvas: &HtmlCanvasElement, gradients: bool) -> Result<(), JsError> {
        let which = if gradients { Which::Gradients } else { Which::Activations };
        let Some(backend) = backend(canvas)?.filter(|_| !self.report.layers.is_empty()) else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_histograms(&area, &self.report, which, &self.labels).map_err(drawing_failed)
    }

    /// Activation and gradient std per layer (log scale).
    #[wasm_bindgen(js_name = drawStds)]
    pub fn draw_stds(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(backend) = backend(canvas)?.filter(|_| !self.report.layers.is_empty()) else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_layer_stds(&area, &self.report, &self.labels).map_err(drawing_failed)
    }

    /// The "not zero-centred" demo: weight paths with all-positive vs zero-centred inputs.
    #[wasm_bindgen(js_name = drawZeroCentered)]
    pub fn draw_zero_centered(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let paths = zero_centered::page_paths(self.config.seed);
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_zero_centered(&area, &paths, &self.labels).map_err(drawing_failed)
    }

    /// The chosen activation f and f′ with its saturation zones.
    #[wasm_bindgen(js_name = drawActivation)]
    pub fn draw_activation(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let cfg = &self.config;
        let Some(backend) = backend(canvas)? else { return Ok(()) };
        let area = backend.into_drawing_area();
        draw_activation(&area, cfg.activation, cfg.slope(), &self.labels).map_err(drawing_failed)
    }
}

/// The init lab's computing side, one per Web Worker.
#[wasm_bindgen]
#[derive(Default)]
pub struct InitLabWorker {
    shard: Shard,
    whole: Option<InitLab>,
}

#[wasm_bindgen]
impl InitLabWorker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> InitLabWorker {
        Self::default()
    }

    /// Hold rows `start..end` of experiment `config` (draws reused when seed and shapes stay).
    #[wasm_bindgen(js_name = shardSet)]
    pub fn shard_set(&mut self, config: JsValue, start: usize, end: usize) -> Result<(), JsError> {
        let config: DeepNetConfig = config_from_js(config)?;
        self.shard.set(&config, start..end).map_err(refusal::<DeepNetConfig>)
    }

    /// Run one round of a split run (the request's bytes, the reply's back); the
    /// weight-gradient part waits in `shardGrad`.
    #[wasm_bindgen(js_name = shardHandle)]
    pub fn shard_handle(&mut self, request: &[u8]) -> Result<Vec<u8>, JsError> {
        let request: Request = from_bytes(request)?;
        if !self.shard.accepts(&request) {
            return Err(JsError::new("this worker holds no part of the run (replaced mid-run)"));
        }
        to_bytes(&self.shard.handle(&request))
    }

    /// The weight-gradient part of the last round (empty when it had none).
    #[wasm_bindgen(js_name = shardGrad)]
    pub fn shard_grad(&mut self) -> Vec<f32> {
        self.shard.take_grad()
    }

    /// The whole experiment in this worker (the batch-norm eval pass): forward only.
    #[wasm_bindgen(js_name = wholeForward)]
    pub fn whole_forward(&mut self, config: JsValue) -> Result<Vec<u8>, JsError> {
        let config: DeepNetConfig = config_from_js(config)?;
        let lab = InitLab::forward_only(&config).map_err(refusal::<DeepNetConfig>)?;
        let report = to_bytes(lab.report());
        self.whole = Some(lab);
        report
    }

    /// The weight gradients of the last `wholeForward`.
    #[wasm_bindgen(js_name = wholeGradients)]
    pub fn whole_gradients(&mut self) -> Result<Vec<u8>, JsError> {
        let lab = self.whole.as_mut().ok_or_else(|| JsError::new("no whole run to finish"))?;
        lab.compute_gradients();
        to_bytes(lab.report())
    }
}

/// The coordinator of a split run, on the main thread.
#[wasm_bindgen]
pub struct InitLabSplit {
    run: SplitRun,
}

#[wasm_bindgen]
impl InitLabSplit {
    /// A run of `config` over (at most) `parts` workers, or `None` when the config runs whole
    /// in one worker (the batch-norm eval pass).
    pub fn plan(config: JsValue, parts: usize) -> Result<Option<InitLabSplit>, JsError> {
        let config: DeepNetConfig = config_from_js(config)?;
        Ok(SplitRun::new(&config, parts).ok().map(|run| Self { run }))
    }

    /// A preview of `config` from X's first `rows` rows in one worker (activations only), shown
    /// while the whole batch computes.
    pub fn preview(config: JsValue, rows: usize) -> Result<InitLabSplit, JsError> {
        let config: DeepNetConfig = config_from_js(config)?;
        Ok(Self { run: SplitRun::preview(&config, rows).map_err(refusal::<DeepNetConfig>)? })
    }

    /// Each worker's rows as `[start, end]`.
    pub fn rows(&self) -> Result<JsValue, JsError> {
        to_js(&self.run.rows().into_iter().map(|r| [r.start, r.end]).collect::<Vec<_>>())
    }

    /// This round's request for every worker (as bytes), or `undefined` when the run is done.
    pub fn request(&self) -> Result<Option<Vec<u8>>, JsError> {
        self.run.request().map(|r| to_bytes(&r)).transpose()
    }

    /// One worker's reply to this round; returns the layer its gradient part belongs to, if any
    /// (for `addGrad`).
    pub fn accept(&mut self, reply: &[u8]) -> Result<Option<usize>, JsError> {
        let reply: Reply = from_bytes(reply)?;
        let layer = reply.grad_layer;
        self.run.accept(reply);
        Ok(layer)
    }

    /// One worker's part of layer `layer`'s weight gradient.
    #[wasm_bindgen(js_name = addGrad)]
    pub fn add_grad(&mut self, layer: usize, part: &[f32]) {
        self.run.add_grad(layer, part);
    }

    /// The report so far as bytes (activations first, then gradients), or `undefined` before
    /// the activations.
    pub fn report(&self) -> Result<Option<Vec<u8>>, JsError> {
        self.run.report().map(to_bytes).transpose()
    }
}

crate::web::scene_facade!(InitLabScene of crate::scene::init_lab::Entry, |this| config: &this.config, csv: crate::scene::init_lab::csv::init_layers(&this.report));
