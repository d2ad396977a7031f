//! ReLU's exact zeros — about half the values — fall in one histogram bin. The init lab's
//! histograms cut that spike where the other bins end and write its share on it, so the
//! positive part stays visible; the counts themselves do not change.

use gradscope::render::histogram::{draw_histogram_grid, LayerHistogram};
use gradscope::render::Labels;
use plotters::prelude::*;

/// Heights of the bars of `fill` in an SVG (plotters writes each as a `<rect>`).
fn bar_heights(svg: &str, fill: &str) -> Vec<f64> {
    let attr = |tag: &str, name: &str| -> Option<f64> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()?.parse().ok()
    };
    svg.split("<rect")
        .skip(1)
        .filter(|t| t.contains(&format!("fill=\"{fill}\"")))
        .filter_map(|t| attr(t, "height"))
        .collect()
}

/// One layer's activation histogram drawn alone at 600×400: its SVG.
fn drawn(link: &str, layer: usize) -> (String, f64) {
    let (lab, _) = gradscope::scene::init_lab::figure::state(link).expect("a valid link");
    let stats = &lab.report().layers[layer].activations;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
        let one = [Some(LayerHistogram::from(stats))];
        draw_histogram_grid(&area, &one, RGBColor(0, 114, 178), &Labels::default()).expect("drawn");
    }
    (svg, stats.zero_fraction)
}

#[test]
fn a_relu_layers_y_range_is_set_by_its_nonzero_bins() {
    let (svg, zeros) = drawn("act=relu&init=he", 4);
    assert!((0.3..0.7).contains(&zeros), "about half of ReLU's outputs are exactly 0: {zeros}");
    let mut heights = bar_heights(&svg, "#0072B2");
    heights.sort_by(f64::total_cmp);
    let (spike, rest) = (heights[heights.len() - 1], heights[heights.len() - 2]);
    // Uncut, the zeros' bin would stand about ten times as tall as the tallest positive one.
    assert!(rest > 0.7 * spike, "the positive bins reach {rest} px under a {spike} px spike");
    let share = format!("0: {:.0}%", 100.0 * zeros);
    assert!(svg.contains(&share), "the spike's share {share:?} is written on it");
}

#[test]
fn a_histogram_without_a_spike_is_drawn_whole() {
    let (svg, _) = drawn("act=tanh&init=xavier", 4);
    let heights = bar_heights(&svg, "#0072B2");
    let tallest = heights.iter().copied().fold(0.0, f64::max);
    assert!(heights.iter().filter(|&&h| h > 0.7 * tallest).count() >= 3, "a smooth bell: several tall bins");
    assert!(!svg.contains("0: ") && !svg.contains("≈"), "no share written without a spike");
}

/// Presenter mode on a 1024×768 projector leaves the init lab's ten histograms a column about
/// 500×230 px: the projector's 18 px type does not fit there, and the grid once drew nothing (a
/// blank panel, found in the screenshots). It now draws every layer in smaller type.
#[test]
fn ten_layers_in_a_narrow_presenter_column_are_drawn_not_left_blank() {
    let (lab, _) = gradscope::scene::init_lab::figure::state("act=tanh&init=small").expect("a valid link");
    let layers: Vec<_> = lab.report().layers.iter().map(|l| Some(LayerHistogram::from(&l.activations))).collect();
    gradscope::render::set_presenter(true);
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (500, 230)).into_drawing_area();
        draw_histogram_grid(&area, &layers, RGBColor(0, 114, 178), &Labels::default()).expect("drawn");
    }
    gradscope::render::set_presenter(false);
    assert!(!bar_heights(&svg, "#0072B2").is_empty(), "bars are drawn");
    let titles = svg.matches("<text").count();
    assert!(titles >= 10, "every layer has its title: {titles} texts");
}
