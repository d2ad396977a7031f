//! The trainer as a figure for slides (the CLI's SVG/PNG) and every chart the page draws of it,
//! for the state a link gives (natively: the page computes and draws in the browser).

use super::render as trainer;
use super::{Trainer, TrainerConfig};
use crate::render::chart::ACTIVATION_BARS;
use crate::render::figure::{chart, scaled, svg_at_usual_size, Chart, DrawResult, Figure};
use crate::render::{histogram, Labels};
use crate::scene::landscape::{render as landscape, NetRun};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// The trainer's loss/accuracy curves and update/weight ratios: a figure for slides.
pub struct TrainerFigure<'a> {
    /// The trained network and its history.
    pub trainer: &'a crate::scene::trainer::Trainer,
    /// Chart words.
    pub labels: &'a Labels,
}

impl Figure for TrainerFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (1000, 800)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        root.fill(&WHITE)?;
        let (curves, ratios) = root.split_vertically(scaled(root.dim_in_pixel().1, 460, self.size().1));
        let history = self.trainer.history();
        trainer::draw_curves(&curves, history, &[], self.trainer.best_epoch(), self.labels)?;
        trainer::draw_ratios(&ratios, history, self.labels)
    }
}

/// The trainer after a few epochs (curves need points).
pub fn state(link: &str) -> Result<Trainer, String> {
    let mut trainer =
        Trainer::new(TrainerConfig::from_hash(link).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    for _ in 0..5 {
        trainer.epoch();
    }
    Ok(trainer)
}

pub fn svg(link: &str) -> Result<String, String> {
    svg_at_usual_size(&TrainerFigure { trainer: &state(link)?, labels: &Labels::default() })
}

/// The decision boundary (2D data) or the digits and the confusion matrix, the curves, ratios,
/// dead/saturated fractions, activation histograms, and the batch-norm percentile panel.
pub fn charts(link: &str) -> Result<Vec<Chart>, String> {
    let mut trained = state(link)?;
    let frame = Rc::new(trained.frame(true));
    let scenery = Rc::new(trained.scenery());
    let mut charts = Vec::new();
    if scenery.train.features == 2 {
        charts.push(chart("boundary", move |area, _| {
            let s = &scenery;
            trainer::draw_decision(area, s.bounds, (&s.train, &s.val, &s.standardizer), |_| {}).map(|_| ())
        }));
    }
    if frame.predictions.is_some() {
        let f = frame.clone();
        charts
            .push(chart("digits", move |area, _| trainer::draw_digits(area, f.predictions.as_deref().unwrap_or(&[]))));
    }
    if frame.confusion.is_some() {
        let f = frame.clone();
        charts.push(chart("confusion", move |area, labels| {
            trainer::draw_confusion(area, f.confusion.as_deref().unwrap_or(&[]), labels)
        }));
    }
    let f = frame.clone();
    charts.push(chart("curves", move |area, labels| {
        let s = &f.snapshot;
        let keys: Vec<String> = s.patterns.iter().map(|p| format!("pattern_{}", p.name())).collect();
        let notes: Vec<&str> = keys.iter().map(|k| labels.get(k)).collect();
        trainer::draw_curves(area, &s.history, &notes, s.best_epoch, labels)
    }));
    let f = frame.clone();
    charts.push(chart("ratios", move |area, labels| trainer::draw_ratios(area, &f.snapshot.history, labels)));
    let f = frame.clone();
    charts.push(chart("dead-saturated", move |area, labels| {
        trainer::draw_layer_fractions(area, &f.snapshot.history, labels)
    }));
    charts.push(chart("activations", move |area, labels| {
        let stats = frame.layer_stats.as_deref().unwrap_or(&[]);
        let layers: Vec<_> = stats.iter().map(|s| Some(s.into())).collect();
        histogram::draw_histogram_grid(area, &layers, ACTIVATION_BARS, labels)
    }));
    // The panel's two runs (www/js/scenes/trainer/bn_percentiles.js) for a couple of epochs, layer 1.
    let runs = [false, true].map(|bn| {
        let mut config = trained.config().clone();
        (config.epochs, config.batch_norm, config.layer_norm) = (config.epochs.min(2), bn, false);
        let mut run = NetRun::of_trainer(config, None, 1).map_err(|e| e.to_string())?;
        run.advance(usize::MAX);
        Ok::<_, String>(run.percentiles().to_vec())
    });
    let [without, with] = runs;
    let (without, with) = (without?, with?);
    charts.push(chart("bn-percentiles", move |area, labels| {
        landscape::draw_percentile_pair(area, [&without, &with], 1, labels)
    }));
    Ok(charts)
}
