//! Drawing the init lab: per-layer histograms of the activations or weight gradients (small
//! multiples, see `histogram`), the per-layer std chart (vanishing/exploding at a glance), an
//! activation function with its derivative and shaded saturation zones, and the zero-centring
//! demo.

use crate::nn::activation::Activation;
use crate::nn::DeepNetReport;
use crate::render::chart::{legend, ACTIVATION_BARS, GRADIENT_BARS};
use crate::render::histogram::{draw_histogram_grid, LayerHistogram};
use crate::render::{font_px, thick, tick_counts, x_label_area, y_label_area, Labels, SANS};
use crate::scene::init_lab::zero_centered::{ZeroCenteredPaths, START, TARGET};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which per-layer histograms to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Activations after the nonlinearity (fixed x-range per activation).
    Activations,
    /// dL/dW per layer (symmetric range from the data).
    Gradients,
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One small histogram per hidden layer, five to a row, each titled with its layer and std.
pub fn draw_histograms<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &DeepNetReport,
    which: Which,
    labels: &Labels,
) -> DrawResult<DB> {
    let (color, layers): (_, Vec<Option<LayerHistogram>>) = match which {
        Which::Activations => (ACTIVATION_BARS, report.layers.iter().map(|l| Some((&l.activations).into())).collect()),
        Which::Gradients => {
            (GRADIENT_BARS, report.layers.iter().map(|l| l.weight_grad.as_ref().map(Into::into)).collect())
        }
    };
    draw_histogram_grid(area, &layers, color, labels)
}

/// Activation std and weight-gradient std per layer, on a log axis: a straight decline is
/// vanishing, a straight rise exploding, a flat line healthy.
pub fn draw_layer_stds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    report: &DeepNetReport,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let acts: Vec<(f64, f64)> =
        report.layers.iter().enumerate().map(|(l, s)| ((l + 1) as f64, s.activations.std)).collect();
    let grads: Vec<(f64, f64)> = report
        .layers
        .iter()
        .enumerate()
        .filter_map(|(l, s)| s.weight_grad.as_ref().map(|g| ((l + 1) as f64, g.std)))
        .collect();
    let positive: Vec<f64> = acts.iter().chain(&grads).map(|p| p.1).filter(|v| v.is_finite() && *v > 0.0).collect();
    let lo = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = positive.iter().copied().fold(0.0, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo / 3.0, (hi * 3.0).max(lo * 10.0)) } else { (1e-3, 1.0) };
    // Headroom above the data for the legend (top left), so it never covers the first layers.
    let plot_h = f64::from(area.dim_in_pixel().1.saturating_sub(font * 9 / 2).max(1));
    let share = (f64::from(font) * 4.0 / plot_h).min(0.5);
    let hi = hi * (hi / lo).powf(share / (1.0 - share));
    let floor = |v: f64| if v > 0.0 && v.is_finite() { v } else { lo };
    let n = report.layers.len().max(1) as f64;
    let (x_ticks, y_ticks) = tick_counts(area, font);
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 5)
        .build_cartesian_2d(0.5..n + 0.5, (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(report.layers.len().min(x_ticks))
        .y_labels(y_ticks)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .x_desc(labels.get("layer"))
        .y_desc(labels.get("std_log"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let width = thick((font / 7).max(2));
    let series = [(&acts, ACTIVATION_BARS, "activation_std"), (&grads, GRADIENT_BARS, "gradient_std")];
    for (points, color, _) in series {
        let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x, floor(y))).collect();
        chart.draw_series(LineSeries::new(pts.clone(), color.stroke_width(width)))?;
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, width as i32 + 3, color.filled())))?;
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    legend(area, (px.start, py.start), font, &series.map(|(_, c, k)| (c, labels.get(k))))
}

/// f and f′ on [−6, 6] with the zones where |f′| < 1 % of its peak shaded (gradients die there).
pub fn draw_activation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    activation: Activation,
    slope: f64,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let xs: Vec<f64> = (0..=480).map(|i| -6.0 + 12.0 * i as f64 / 480.0).collect();
    let f = |x: f64| activation.eval(x, slope);
    let df = |x: f64| activation.deriv(x, slope);
    let values: Vec<f64> = xs.iter().flat_map(|&x| [f(x), df(x)]).collect();
    let lo = values.iter().copied().fold(0.0f64, f64::min).min(-0.2) - 0.3;
    let hi = values.iter().copied().fold(1.0f64, f64::max) + 0.3;
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 3)
        .build_cartesian_2d(-6.0..6.0, lo..hi)?;
    for (a, b) in activation.saturation_zones(-6.0, 6.0) {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, lo), (b, hi)],
            RGBColor(213, 94, 0).mix(0.13).filled(),
        )))?;
    }
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc("x")
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let width = thick((font / 6).max(2));
    chart.draw_series(LineSeries::new(xs.iter().map(|&x| (x, f(x))), ACTIVATION_BARS.stroke_width(width + 1)))?;
    chart.draw_series(DashedLineSeries::new(
        xs.iter().map(|&x| (x, df(x))),
        10,
        6,
        GRADIENT_BARS.stroke_width(width),
    ))?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    legend(area, (px.start, py.start), font, &[(ACTIVATION_BARS, labels.get("f")), (GRADIENT_BARS, labels.get("df"))])
}

/// The "not zero-centred" demo: a two-weight neuron's SGD path with all-positive inputs
/// (zigzag: both weights always move the same way) next to zero-centred inputs (straight).
pub fn draw_zero_centered<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    paths: &ZeroCenteredPaths,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(y_label_area(font, "-1.0", true))
        .build_cartesian_2d(-2.0..2.0, -2.0..2.0)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        // The corner's −2 once, under the x axis: beside it, the y axis's would touch it.
        .y_label_formatter(&|v| if *v <= -2.0 { String::new() } else { format!("{v:.1}") })
        .x_desc("w1")
        .y_desc("w2")
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let width = thick((font / 7).max(2));
    let series = [
        (&paths.positive_inputs, GRADIENT_BARS, "positive_inputs"),
        (&paths.zero_centred_inputs, ACTIVATION_BARS, "zero_centred_inputs"),
    ];
    for (path, color, _) in series {
        chart.draw_series(std::iter::once(PathElement::new(
            path.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>(),
            color.stroke_width(width),
        )))?;
    }
    chart.draw_series(std::iter::once(Circle::new((START[0], START[1]), font as i32 / 3, BLACK.filled())))?;
    chart.draw_series(std::iter::once(Cross::new(
        (TARGET[0], TARGET[1]),
        thick(font / 2) as i32,
        BLACK.stroke_width(thick(3)),
    )))?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let entries = series.map(|(_, c, k)| (c, labels.get(k)));
    legend(area, (px.start + (px.end - px.start) / 3, py.start), font, &entries)
}
