//! `PreprocessScene`: the preprocessing scene for the page. The pipeline is cheap (a 500-point
//! cloud; the digits' 64×64 covariance and eigendecomposition take milliseconds), so it runs on
//! the main thread; the page animates by moving `stage` and redrawing.

use crate::data::Digits;
use crate::render::Labels;
use crate::scene::preprocess::digits_pca::{digit_rebuild, digit_summary, draw_images, draw_spectrum};
use crate::scene::preprocess::render::{draw_current_cloud, draw_current_fit, draw_stages, Panels};
use crate::scene::preprocess::{dataset_names, PreprocessConfig};
use crate::scene::Preprocessing;
use crate::web::canvas::backend;
use crate::web::{config_from_js, refusal, to_js};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The preprocessing scene, owned by the page.
#[wasm_bindgen]
pub struct PreprocessScene {
    scene: Preprocessing,
    labels: Labels,
}

/// What the page builds the controls from.
#[derive(serde::Serialize)]
struct Catalog {
    datasets: Vec<&'static str>,
    fields: Vec<crate::fields::FieldInfo>,
}

/// Read-outs: per stage its name, mean, covariance and (2D) the fit's κ, rate and steps.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    images: bool,
    last_stage: f64,
    stages: Vec<StageRow>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct StageRow {
    name: &'static str,
    mean: Vec<f64>,
    covariance: Vec<Vec<f64>>,
    kappa: Option<f64>,
    lr: Option<f64>,
    steps_to_converge: Option<usize>,
}

fn drawing_failed<E: std::fmt::Debug>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e:?}"))
}

fn build(config: PreprocessConfig, digits: Option<Vec<u8>>) -> Result<Preprocessing, JsError> {
    let digits = digits.map(|bytes| Digits::from_bytes(&bytes)).transpose().map_err(refusal::<PreprocessConfig>)?;
    Preprocessing::new(config, digits.as_ref()).map_err(refusal::<PreprocessConfig>)
}

#[wasm_bindgen]
impl PreprocessScene {
    /// The scene of a config object (the digits' bytes when the dataset is `digits`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, digits: Option<Vec<u8>>) -> Result<PreprocessScene, JsError> {
        Ok(Self { scene: build(config_from_js::<PreprocessConfig>(config)?, digits)?, labels: Labels::default() })
    }

    /// Datasets and fields, for building controls.
    pub fn catalog() -> Result<JsValue, JsError> {
        to_js(&Catalog { datasets: dataset_names(), fields: crate::fields::catalog::<PreprocessConfig>() })
    }

    /// Replace the config (data or seed: the pipeline again); a refusal keeps the last scene.
    pub fn set(&mut self, config: JsValue, digits: Option<Vec<u8>>) -> Result<(), JsError> {
        self.scene = build(config_from_js::<PreprocessConfig>(config)?, digits)?;
        Ok(())
    }

    /// Move along the pipeline or change the digit view (clamped; nothing recomputed).
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, stage: f64, components: usize, digit: usize) {
        self.scene.set_view(stage, components, digit);
    }

    /// Read-outs for the stage table (they change with the data, not with the stage, k or digit).
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        let s = &self.scene;
        let fits = s.fits();
        let stages = s
            .pipeline()
            .stages
            .iter()
            .enumerate()
            .map(|(i, st)| StageRow {
                name: st.kind.name(),
                // The table shows 2D stages; the digits' 64×64 matrices would cost a long
                // conversion on every read-out (the CLI and the CSV export have them).
                mean: if s.is_images() { Vec::new() } else { st.mean.clone() },
                covariance: if s.is_images() { Vec::new() } else { st.covariance.clone() },
                kappa: fits.get(i).map(|f| f.kappa).or(st.condition_number),
                lr: fits.get(i).map(|f| f.lr),
                steps_to_converge: fits.get(i).and_then(|f| f.steps_to_converge),
            })
            .collect();
        to_js(&Snapshot { images: s.is_images(), last_stage: s.last_stage(), stages })
    }

    /// The cloud at the current stage position (between two stages: on its way).
    #[wasm_bindgen(js_name = drawCloud)]
    pub fn draw_cloud(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_current_cloud(&b.into_drawing_area(), &self.scene, &self.labels).map_err(drawing_failed)
    }

    /// The loss surface of linear regression on the cloud at the current stage position.
    #[wasm_bindgen(js_name = drawFit)]
    pub fn draw_fit(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_current_fit(&b.into_drawing_area(), &self.scene, &self.labels).map_err(drawing_failed)
    }

    /// Small multiples: every stage's cloud (`fits` false) or loss surface.
    #[wasm_bindgen(js_name = drawStages)]
    pub fn draw_stages(&self, canvas: &HtmlCanvasElement, fits: bool) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let panels = if fits { Panels::Fits } else { Panels::Clouds };
        draw_stages(&b.into_drawing_area(), &self.scene, panels, &self.labels).map_err(drawing_failed)
    }

    /// The digits' mean and std images and first principal components.
    #[wasm_bindgen(js_name = drawDigitSummary)]
    pub fn draw_digit_summary(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        draw_images(&b.into_drawing_area(), &digit_summary(&self.scene, &self.labels), 1).map_err(drawing_failed)
    }

    /// The chosen digit: as is, mean-subtracted, rebuilt from k components, whitened.
    #[wasm_bindgen(js_name = drawRebuild)]
    pub fn draw_rebuild(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let c = self.scene.config();
        let images = digit_rebuild(&self.scene, c.digit, c.components, &self.labels);
        draw_images(&b.into_drawing_area(), &images, 1).map_err(drawing_failed)
    }

    /// The eigen-spectrum with the cumulative explained variance and the k marker.
    #[wasm_bindgen(js_name = drawSpectrum)]
    pub fn draw_spectrum(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let Some(b) = backend(canvas)? else { return Ok(()) };
        let area = b.into_drawing_area();
        draw_spectrum(&area, &self.scene, self.scene.config().components, &self.labels).map_err(drawing_failed)
    }
}

crate::web::scene_facade!(PreprocessScene of crate::scene::preprocess::Entry, |this| config: this.scene.config(), csv: crate::scene::preprocess::csv::preprocess_stages(&this.scene));
