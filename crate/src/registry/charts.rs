//! Every chart the page draws, per scene, for a link's state: each a name and a drawing onto an
//! SVG area, with the page's calls (crate/src/web) and none of its canvases. Native: the test
//! that no label runs into another draws each at several sizes, scales and languages. The
//! page blits heatmaps and decision boundaries as pixels; here they stay blank (text is all).

use super::states;
use crate::render::chart::ACTIVATION_BARS;
use crate::render::Labels;
use crate::render::{
    digits_pca, histogram, init_lab, landscape, pooling, preprocess, race, regularize, search, trainer,
};
use crate::scene::landscape::NetRun;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::rc::Rc;

/// What drawing a chart gives: SVG's error type.
pub type ChartResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;
/// A chart's drawing: onto an area, in the labels' language.
pub type Draw = Box<dyn Fn(&DrawingArea<SVGBackend<'_>, Shift>, &Labels) -> ChartResult>;

/// One chart of a scene.
pub struct Chart {
    /// What the page calls it (its canvas's export name, roughly).
    pub name: String,
    pub draw: Draw,
}

fn chart(
    name: impl Into<String>,
    draw: impl Fn(&DrawingArea<SVGBackend<'_>, Shift>, &Labels) -> ChartResult + 'static,
) -> Chart {
    Chart { name: name.into(), draw: Box::new(draw) }
}

/// The surface with the paths on top (the page's base and overlay canvases), and the losses;
/// with the look-ahead picture, the surface also a quarter and halfway through the race.
pub(super) fn race(link: &str) -> Result<Vec<Chart>, String> {
    let end = Rc::new(states::race(link)?);
    let surface = |name: String, shown: Rc<crate::scene::race::Race>| {
        chart(name, move |area, labels| {
            race::draw_surface(area, &shown, |_, _| false)?;
            race::draw_paths(area, &shown, labels)
        })
    };
    let mut charts = vec![surface("surface".into(), end.clone())];
    if end.config().look_ahead {
        for step in [end.config().steps / 4, end.config().steps / 2] {
            let mut early = states::race(link)?;
            early.seek(step);
            charts.push(surface(format!("surface at step {step}"), Rc::new(early)));
        }
    }
    charts.push(chart("losses", move |area, labels| race::draw_losses(area, &end, labels)));
    Ok(charts)
}

/// The std per layer, both histogram grids, the activation with f′, the zero-centring demo.
pub(super) fn init(link: &str) -> Result<Vec<Chart>, String> {
    use init_lab::Which;
    let (lab, config) = states::init(link)?;
    let lab = Rc::new(lab);
    let (a, b, c) = (lab.clone(), lab.clone(), lab);
    let (activation, slope) = (config.activation, config.slope());
    let paths = crate::scene::zero_centered::page_paths(config.seed);
    Ok(vec![
        chart("std", move |area, labels| init_lab::draw_layer_stds(area, a.report(), labels)),
        chart("activations", move |area, labels| {
            init_lab::draw_histograms(area, b.report(), Which::Activations, labels)
        }),
        chart("gradients", move |area, labels| init_lab::draw_histograms(area, c.report(), Which::Gradients, labels)),
        chart("activation", move |area, labels| init_lab::draw_activation(area, activation, slope, labels)),
        chart("zero-centred", move |area, labels| init_lab::draw_zero_centered(area, &paths, labels)),
    ])
}

/// The decision boundary (2D data) or the digits and the confusion matrix, the curves, ratios,
/// dead/saturated fractions, activation histograms, and the batch-norm percentile panel.
pub(super) fn train(link: &str) -> Result<Vec<Chart>, String> {
    let mut trained = states::trainer(link)?;
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
    // The panel's two runs (www/js/bn_percentiles.js) for a couple of epochs, layer 1.
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

/// The cloud and its fit, every stage's (2D data); or the digits' summary, rebuild, spectrum.
pub(super) fn preprocess(link: &str) -> Result<Vec<Chart>, String> {
    use preprocess::Panels;
    let scene = Rc::new(states::preprocess(link)?);
    let [a, b, c] = [scene.clone(), scene.clone(), scene.clone()];
    if scene.is_images() {
        return Ok(vec![
            chart("digits-summary", move |area, labels| {
                digits_pca::draw_images(area, &digits_pca::digit_summary(&a, labels), 1)
            }),
            chart("rebuild", move |area, labels| {
                let k = b.config();
                digits_pca::draw_images(area, &digits_pca::digit_rebuild(&b, k.digit, k.components, labels), 1)
            }),
            chart("spectrum", move |area, labels| digits_pca::draw_spectrum(area, &c, c.config().components, labels)),
        ]);
    }
    Ok(vec![
        chart("cloud", move |area, labels| preprocess::draw_current_cloud(area, &a, labels)),
        chart("loss-surface", move |area, labels| preprocess::draw_current_fit(area, &b, labels)),
        chart("stages", move |area, labels| preprocess::draw_stages(area, &c, Panels::Clouds, labels)),
        chart("stage-surfaces", move |area, labels| preprocess::draw_stages(area, &scene, Panels::Fits, labels)),
    ])
}

/// Each plan's trials and marginals, the learning-rate sweep and the fixed-rate curves.
pub(super) fn search(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(states::search(link)?);
    let mut charts = Vec::new();
    for p in 0..run.plans().len() {
        let r = run.clone();
        charts.push(chart(format!("trials-{}", p + 1), move |area, labels| {
            search::draw_scatter(area, &r, p, &r.title(p, labels), labels).map(|_| ())
        }));
        let r = run.clone();
        charts.push(chart(format!("marginals-{}", p + 1), move |area, labels| {
            search::draw_marginals(area, &r, p, labels)
        }));
    }
    if run.sweep().is_some() {
        let r = run.clone();
        charts.push(chart("lr-sweep", move |area, labels| match r.sweep() {
            Some(sweep) => search::draw_sweep(area, sweep, labels),
            None => Ok(()),
        }));
    }
    charts.push(chart("lr-patterns", move |area, labels| search::draw_patterns(area, &run, labels)));
    Ok(charts)
}

/// The boundaries (or accuracy per class), the loss gaps, the ensembles, the pooling picture.
pub(super) fn regularize(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(states::regularize(link)?);
    let [a, b] = [run.clone(), run.clone()];
    let mut charts = vec![
        chart("boundaries", move |area, labels| {
            let base = a.base();
            if base.splits().0.features != 2 {
                return regularize::draw_class_accuracy(area, &a.shown(), labels);
            }
            let (train, val) = base.splits();
            let data = (base.bounds(), train, val, base.standardizer());
            regularize::draw_boundaries(area, &a.shown(), data, labels, |_, _| {})
        }),
        chart("loss-gaps", move |area, labels| regularize::draw_gaps(area, &b.shown(), labels)),
    ];
    if run.results().iter().flatten().any(|r| !r.members.is_empty()) {
        charts.push(chart("ensembles", move |area, labels| {
            let done: Vec<_> = run.results().iter().flatten().collect();
            regularize::draw_ensembles(area, &done, labels)
        }));
    }
    let (digit, r) = states::pooling_sample();
    charts.push(chart("pooling", move |area, labels| {
        pooling::draw_pooling(area, &digit, (&r[0], &r[1]), (&r[2], &r[3]), labels)
    }));
    Ok(charts)
}

/// The slices, the interpolation lines, the measurements along training.
pub(super) fn landscape(link: &str) -> Result<Vec<Chart>, String> {
    let run = Rc::new(states::landscape(link)?);
    let [a, b] = [run.clone(), run.clone()];
    Ok(vec![
        chart("slices", move |area, labels| landscape::draw_slices(area, &a.views(), labels)),
        chart("interpolation", move |area, labels| landscape::draw_lines(area, &b.views(), labels)),
        chart("smoothness", move |area, labels| {
            landscape::draw_measures(area, &run.views(), run.config().layer, labels)
        }),
    ])
}
