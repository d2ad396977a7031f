//! The trainer's computing side, in a Web Worker: the network trains here and sends frames
//! and boundary pixels to the page's `TrainerScene`.

use crate::data::Digits;
use crate::scene::trainer::render::fill_decision_rgba;
use crate::scene::trainer::{Change, DecisionGrid, OwnPoint, Trainer, TrainerConfig};
use crate::web::{config_from_js, refusal, to_bytes, to_js};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

use crate::scene::trainer::web::GRID;

/// The trainer's computing side, in a Web Worker.
#[wasm_bindgen]
pub struct TrainerWorker {
    trainer: Trainer,
    digits: Option<Arc<Digits>>,
    grid: DecisionGrid,
    /// History records already sent to the view (a rebuild or reset starts over).
    sent: usize,
    /// Own points in place of the generated data, and whether they refit the preprocessing:
    /// put back after every rebuild and reset.
    own: Option<(Vec<OwnPoint>, bool)>,
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
        Ok(Self { trainer, digits, grid: DecisionGrid::default(), sent: 0, own: None })
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
            self.put_back_points();
        } else {
            self.trainer.set(config).map_err(refusal::<TrainerConfig>)?;
        }
        to_js(&change)
    }

    /// Start over from the seed with the same config.
    pub fn reset(&mut self) -> Result<(), JsError> {
        let config = self.trainer.config().clone();
        self.trainer = Trainer::with_digits(config, self.digits.clone()).map_err(refusal::<TrainerConfig>)?;
        self.put_back_points();
        Ok(())
    }

    /// Train on own points from now on: `flat` is `[x, y, class, held_out]` per point; `refit`
    /// fits the preprocessing and the plot to them (a file). A refusal changes nothing.
    #[wasm_bindgen(js_name = setPoints)]
    pub fn set_points(&mut self, flat: &[f64], refit: bool) -> Result<(), JsError> {
        let points: Vec<OwnPoint> = flat
            .chunks_exact(4)
            .map(|p| OwnPoint { x: p[0], y: p[1], class: p[2] as usize, held_out: p[3] != 0.0 })
            .collect();
        self.trainer.set_points(&points, refit).map_err(refusal::<TrainerConfig>)?;
        self.own = Some((points, refit));
        Ok(())
    }

    /// Whether own points are in use (a rebuild to fewer classes or the digits drops them).
    #[wasm_bindgen(js_name = hasOwnPoints)]
    pub fn has_own_points(&self) -> bool {
        self.own.is_some()
    }

    /// Back to the generated data: the trainer rebuilt from its config.
    #[wasm_bindgen(js_name = clearPoints)]
    pub fn clear_points(&mut self) -> Result<(), JsError> {
        self.own = None;
        self.reset()
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

    /// Own points again after a rebuild; dropped if the new trainer refuses them.
    fn put_back_points(&mut self) {
        if let Some((points, refit)) = &self.own {
            if self.trainer.set_points(points, *refit).is_err() {
                self.own = None;
            }
        }
    }

    /// The decision plot's data (as bytes for `TrainerScene.setScenery`), after a (re)build.
    /// The view drops its frames with it, so the next frame carries the whole history.
    pub fn scenery(&mut self) -> Result<Vec<u8>, JsError> {
        self.sent = 0;
        to_bytes(&self.trainer.scenery())
    }
}
