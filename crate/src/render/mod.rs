//! Drawing, generic over plotters' `DrawingBackend`: the page passes canvas backends, native
//! tests and the CLI pass SVG. Heatmaps are raw RGBA (see `raster`), blitted once.

pub mod chart;
pub mod colormap;
pub mod contour;
pub mod figure;
pub mod histogram;
pub mod raster;

use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// The charts' font family. Natively the bundled DejaVu Sans is registered as `sans-serif`; in
/// the browser Latin fonts come first, so that x₁ and w₁ keep their subscript glyphs beside
/// Korean words (a CJK font drawn for them shows the subscripts as dots).
#[cfg(not(target_arch = "wasm32"))]
pub const SANS: &str = "sans-serif";
#[cfg(target_arch = "wasm32")]
pub const SANS: &str = "'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";

/// The smallest canvas a chart is drawn on (every chart on the page is wider, even on a tablet).
/// Below it the axes do not fit, and plotters then measures text through a styled DOM element,
/// which the page's Content-Security-Policy forbids: the page leaves a smaller canvas blank.
pub const MIN_CHART_PX: (u32, u32) = (240, 80);

/// Translated chart text (axis titles), keyed by name; the page sends the current language,
/// the default is English (CLI and tests), and a missing key shows the key.
#[derive(Clone, Debug)]
pub struct Labels(pub BTreeMap<String, String>);

impl Default for Labels {
    fn default() -> Self {
        let english = [
            ("step", "Step"),
            ("examples_log", "Examples processed (log)"),
            ("loss", "Loss"),
            ("loss_gap", "Loss − minimum (log)"),
            ("layer", "Layer"),
            ("std_log", "Std (log scale)"),
            ("activation_std", "activations"),
            ("gradient_std", "weight gradients"),
            ("f", "f(x)"),
            ("df", "f′(x)"),
            ("positive_inputs", "all-positive inputs"),
            ("zero_centred_inputs", "zero-centred inputs"),
            ("epoch", "Epoch"),
            ("loss_log", "Loss (log)"),
            ("accuracy", "Accuracy"),
            ("train", "train"),
            ("validation", "validation"),
            ("update_ratio", "Update / weight (log)"),
            ("predicted", "Predicted"),
            ("dead_saturated", "Dead / saturated"),
            ("output", "output"),
            ("true_class", "True class"),
            ("stage_raw", "raw"),
            ("stage_center", "zero-centred"),
            ("stage_normalize", "normalized"),
            ("stage_pca", "decorrelated (PCA)"),
            ("stage_whiten", "whitened"),
            ("component", "Principal component"),
            ("variance_share", "Share of variance"),
            ("per_component", "per component"),
            ("cumulative", "cumulative"),
            ("mean_image", "mean image"),
            ("std_image", "std per pixel"),
            ("original", "digit"),
            ("centred_image", "− mean"),
            ("whitened_image", "whitened"),
            ("val_accuracy", "Validation accuracy"),
            ("learning_rate_log", "Learning rate (log)"),
            ("smoothed_loss", "smoothed loss"),
            ("suggested_range", "suggested range"),
            ("rate_too_low", "too low"),
            ("rate_good", "good"),
            ("rate_high", "high"),
            ("rate_very_high", "very high"),
            ("search_grid", "Grid search"),
            ("search_random", "Random search"),
            ("method_none", "no regularization"),
            ("method_l2", "L2"),
            ("method_dropout", "dropout"),
            ("method_dropconnect", "DropConnect"),
            ("method_noise", "input noise"),
            ("method_depth", "stochastic depth"),
            ("method_early", "early stopping"),
            ("method_ensemble", "ensemble"),
            ("method_snapshot", "snapshot ensemble"),
            ("val_short", "val"),
            ("training", "training…"),
            ("gap", "loss gap"),
            ("best_epoch", "best"),
            ("no_epochs", "Train, or press “One epoch”: a point per epoch appears here"),
            ("members", "members"),
            ("members_mean", "members' mean"),
            ("ensemble_bar", "ensemble (averaged)"),
            ("pool_2x2", "2×2 max pooling"),
            ("pool_fmp", "fractional (√2)"),
            ("alpha", "α (0 = initial, 1 = trained weights)"),
            ("initial", "initial"),
            ("trained", "trained"),
            ("solid_dashed", "solid: train · dashed: validation"),
            ("pca", "PCA"),
            ("velocity", "velocity"),
            ("gradient", "gradient"),
            ("look_gradient", "gradient at the look-ahead"),
            ("momentum_step", "momentum step"),
            ("nesterov_step", "Nesterov step"),
            ("net_plain", "plain"),
            ("net_bn", "batch norm"),
            ("net_residual", "residual"),
            ("loss_range", "Loss range along the gradient (log)"),
            ("grad_change", "Gradient change along it (log)"),
            ("layer_inputs", "Layer {layer} inputs: 15/50/85th pct."),
        ];
        Self(english.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }
}

impl Labels {
    /// Labels from keys and their words, pairwise (a missing word leaves its key unset).
    pub fn from_pairs(keys: Vec<String>, words: Vec<String>) -> Self {
        Self(keys.into_iter().zip(words).collect())
    }

    /// The text for `key`.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }
}

thread_local! {
    /// Stroke and marker scale: 1 normally, larger in presenter mode so that paths, curves,
    /// points and chart text read from the back of a lecture hall. Page-wide, like the mode.
    static EMPHASIS: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

thread_local! {
    /// Device pixels per CSS pixel of the page's canvases: the text floors below are CSS sizes.
    static PIXEL_RATIO: std::cell::Cell<f64> = const { std::cell::Cell::new(1.0) };
}

/// The page's device pixel ratio (clamped to 1..=4).
pub fn set_pixel_ratio(ratio: f64) {
    PIXEL_RATIO.with(|r| r.set(if ratio.is_finite() { ratio.clamp(1.0, 4.0) } else { 1.0 }));
}

/// `css` CSS pixels in canvas pixels.
fn device_px(css: u32) -> u32 {
    PIXEL_RATIO.with(|r| (f64::from(css) * r.get()).round() as u32)
}

/// Presenter mode's stroke scale (clamped to 1..=3).
pub fn set_emphasis(scale: f64) {
    EMPHASIS.with(|e| e.set(if scale.is_finite() { scale.clamp(1.0, 3.0) } else { 1.0 }));
}

/// How much thicker lines and points are in presenter mode.
pub const PRESENTER_EMPHASIS: f64 = 1.6;

/// Presenter mode on or off (the page's switch, the CLI's `--presenter`) for this thread.
pub fn set_presenter(on: bool) {
    set_emphasis(if on { PRESENTER_EMPHASIS } else { 1.0 });
}

/// A data stroke width or marker size of `px`, scaled for presenter mode.
pub fn thick(px: u32) -> u32 {
    EMPHASIS.with(|e| (f64::from(px) * e.get()).round() as u32)
}

/// Height of an x-axis label area with a description: plotters writes the tick labels 10 px
/// under the axis (twice its 5 px ticks) and the description at the area's bottom, so the two
/// rows need two fonts and those 10 px.
pub fn x_label_area(font: u32) -> u32 {
    (font * 2 + 12).max(font * 5 / 2)
}

/// How many x and y tick labels fit on `area` without touching at font size `font` (a label
/// such as "-0.5" is about three font sizes wide; rows need about two font sizes).
pub fn tick_counts<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, font: u32) -> (usize, usize) {
    let (width, height) = area.dim_in_pixel();
    let x = width.saturating_sub(font * 4) / (font * 3);
    let y = height.saturating_sub(font * 3) / (font * 2);
    (x.clamp(2, 10) as usize, y.clamp(2, 10) as usize)
}

/// Whether a y-axis description `text` fits along `area`'s height beside the x axis; where it
/// does not (a short chart beside a projector's legend), it goes in a caption instead. The
/// width is estimated ([`chart::text_width`]): plotters' own measure lays out a styled span,
/// which the page's CSP forbids.
pub fn fits_along_height<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, font: u32, text: &str) -> bool {
    let (_, height) = area.dim_in_pixel();
    chart::text_width(font, text) + (font * 4) as i32 <= height as i32
}

/// Width of a y-axis label area: tick labels as wide as `widest` (estimated), the 10 px
/// plotters keeps between them and the axis, and with a description, its font and a gap.
pub fn y_label_area(font: u32, widest: &str, described: bool) -> u32 {
    let ticks = chart::text_width(font, widest) as u32 * 11 / 10 + 12;
    if described {
        ticks + font + 4
    } else {
        ticks
    }
}

/// Font size in pixels for an area: large enough to read from the back of a lecture hall
/// (1/34 of the width, or of twice the height for tall-and-narrow areas; at least 14 px).
/// Presenter mode enlarges it by √emphasis (about 1.26×; more would crowd the axes), to at least
/// [`small_font`]'s 18 px.
pub fn font_px<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> u32 {
    let (w, h) = area.dim_in_pixel();
    let base = (w.min(h * 2) / 34).max(device_px(14));
    small_font(EMPHASIS.with(|e| (f64::from(base) * e.get().sqrt()).round() as u32))
}

/// `px`, or the smallest chart text if that is larger: 13 px, and 18 px in presenter mode
/// (read from the back row), in CSS pixels. Charts that shrink their text for small multiples go
/// through it.
pub fn small_font(px: u32) -> u32 {
    px.max(device_px(if EMPHASIS.with(|e| e.get() > 1.0) { 18 } else { 13 }))
}

#[cfg(test)]
mod tests {
    use super::fits_along_height;
    use plotters::prelude::*;

    fn fits(height: u32, text: &str) -> bool {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (400, height)).into_drawing_area();
        fits_along_height(&area, 20, text)
    }

    #[test]
    fn a_y_description_fits_a_tall_chart_and_not_a_short_one() {
        // "Loss − minimum (log)": 20 glyphs of about 0.58 em × 20 px = 234 px, plus 80 for the axis.
        assert!(fits(320, "Loss − minimum (log)"));
        assert!(!fits(300, "Loss − minimum (log)"));
        // Hangul glyphs are about one font size wide: 7 of them and 6 narrow ones need 274 px.
        assert!(fits(280, "손실 − 최솟값 (로그)"));
        assert!(!fits(260, "손실 − 최솟값 (로그)"));
    }
}
