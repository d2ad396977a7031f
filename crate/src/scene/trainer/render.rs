//! Drawing the trainer: the decision boundary with the data points (2D data) or sample digits
//! and the confusion matrix (digits), the loss and accuracy curves, and the update-to-weight
//! ratio per layer with the lecture's ≈1e-3 band.

use crate::data::{Dataset, Standardizer};
use crate::render::chart::{
    beside_line, class_color, draw_points, legend, legend_rows, legend_width, short, text_width, waiting_hint, wrap,
    PlotMapping, ACTIVATION_BARS, GRADIENT_BARS,
};
use crate::render::raster::Window;
use crate::render::{font_px, small_font, thick, tick_counts, x_label_area, y_label_area, Labels, SANS};
use crate::scene::trainer::{DecisionGrid, EpochRecord, Prediction};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The decision grid as RGBA (row 0 at the top): each cell takes its most probable class's
/// colour, washed towards white where the network is unsure, so the boundary reads as a soft edge.
pub fn fill_decision_rgba(grid: &DecisionGrid, rgba: &mut Vec<u8>) {
    let g = grid.size;
    rgba.resize(g * g * 4, 0);
    let floor = 1.0 / grid.classes.max(1) as f32;
    for row in 0..g {
        // Grid rows count from the bottom; pixel rows from the top.
        let src = (g - 1 - row) * g;
        for col in 0..g {
            let (r, gr, b) = class_color(grid.best[src + col] as usize);
            // Confidence 1/C (a coin toss) → white; 1 → 45 % of the class colour.
            let sure = ((grid.confidence[src + col] - floor) / (1.0 - floor)).clamp(0.0, 1.0) * 0.45;
            let mix = |c: u8| (255.0 + (c as f32 - 255.0) * sure).round() as u8;
            rgba[(row * g + col) * 4..(row * g + col) * 4 + 4].copy_from_slice(&[mix(r), mix(gr), mix(b), 255]);
        }
    }
}

/// Axes over `bounds`, the boundary (through `paint`, given the plot mapping), then the points
/// (preprocessed, mapped back to data coordinates by `prep`): training examples filled,
/// validation examples as rings. Returns the mapping.
pub fn draw_decision<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bounds: [f64; 4],
    (train, val, prep): (&Dataset, &Dataset, &Standardizer),
    paint: impl FnOnce(&PlotMapping),
) -> Result<PlotMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let [x0, x1, y0, y1] = bounds;
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(font * 2)
        .y_label_area_size(font * 3)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let (x_labels, y_labels) = tick_counts(area, font);
    chart.configure_mesh().disable_mesh().x_labels(x_labels).y_labels(y_labels).label_style((SANS, font)).draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let window = Window { x_min: x0, x_max: x1, y_min: y0, y_max: y1 };
    let mapping = PlotMapping { px: (px.start, px.end), py: (py.start, py.end), window };
    paint(&mapping);
    draw_points(&chart, (train, val, prep), thick((font / 4).max(3)) as i32)?;
    Ok(mapping)
}

/// Train and validation loss (log axis, left) and accuracy (right), per epoch, under their
/// legend and `notes` (the named loss-curve patterns), full width, where no curve runs.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochRecord],
    notes: &[&str],
    best_epoch: Option<usize>,
    labels: &Labels,
) -> DrawResult<DB> {
    let font = font_px(area);
    if history.is_empty() {
        return waiting_hint(area, font, labels.get("no_epochs"));
    }
    area.fill(&WHITE)?;
    // The legend above both panels, where it covers neither curves nor axis names.
    let series = [(ACTIVATION_BARS, "train"), (GRADIENT_BARS, "validation")];
    let entries = series.map(|(c, k)| (c, labels.get(k)));
    let f = font as i32;
    let mut top = legend_rows(area, font, &entries)? as i32;
    let style = (SANS, font).into_font().color(&RGBColor(170, 30, 0));
    for line in notes.iter().flat_map(|n| wrap(n, font, area.dim_in_pixel().0 as i32 - f)) {
        area.draw(&Text::new(line, (f / 2, top), style.clone()))?;
        top += f * 11 / 10;
    }
    let (_, body) = area.split_vertically(top as u32);
    let (left, right) = body.split_horizontally(area.dim_in_pixel().0 / 2);
    let epochs = history.len().max(1) as f64;
    let losses: Vec<f64> =
        history.iter().flat_map(|r| [r.train_loss, r.val_loss]).filter(|l| l.is_finite() && *l > 0.0).collect();
    let lo = losses.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = losses.iter().copied().fold(0.0f64, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo / 1.5, (hi * 1.5).max(lo * 3.0)) } else { (0.01, 10.0) };
    {
        let mut chart = ChartBuilder::on(&left)
            .margin(font)
            .x_label_area_size(x_label_area(font))
            .y_label_area_size(y_label_area(font, "2.5e-3", true))
            .build_cartesian_2d(0.0..epochs + 1.0, (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(labels.get("epoch"))
            .y_desc(labels.get("loss_log"))
            .x_labels(5)
            .y_labels(4)
            .x_label_formatter(&whole)
            .y_label_formatter(&|v| short(*v))
            .label_style((SANS, font))
            .axis_desc_style((SANS, font))
            .draw()?;
        for (k, (color, _)) in series.iter().enumerate() {
            let pts = history.iter().map(|r| (r.epoch as f64, if k == 0 { r.train_loss } else { r.val_loss }));
            chart.draw_series(LineSeries::new(
                pts.filter(|p| p.1.is_finite() && p.1 > 0.0),
                color.stroke_width(thick(3)),
            ))?;
        }
        if let Some(best) = best_epoch {
            // Early stopping's marker: the epoch whose weights "restore best weights" brings back.
            let x = best as f64;
            chart.draw_series([PathElement::new(vec![(x, lo), (x, hi)], BLACK.stroke_width(thick(2)))])?;
            let (bx, by) = chart.backend_coord(&(x, hi));
            let (ox, oy) = left.get_base_pixel();
            let text = format!("{} {best}", labels.get("best_epoch"));
            let at = beside_line(bx - ox, text_width(font, &text), left.dim_in_pixel().0 as i32, 4);
            left.draw(&Text::new(text, (at, by - oy + font as i32 / 4), (SANS, font).into_font()))?;
        }
    }
    let mut chart = share_chart(&right, font, epochs, labels.get("epoch"), labels.get("accuracy"))?;
    for (k, (color, _)) in series.iter().enumerate() {
        let pts = history.iter().map(|r| (r.epoch as f64, if k == 0 { r.train_acc } else { r.val_acc }));
        chart.draw_series(LineSeries::new(pts, color.stroke_width(thick(3))))?;
    }
    Ok(())
}

/// ‖lr·update‖ / ‖W‖ per layer over epochs, log axis, with the band 1e-4…1e-2 around the
/// lecture's rule of thumb (≈ 1e-3) shaded.
pub fn draw_ratios<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochRecord],
    labels: &Labels,
) -> DrawResult<DB> {
    let font = font_px(area);
    if history.is_empty() {
        return waiting_hint(area, font, labels.get("no_epochs"));
    }
    area.fill(&WHITE)?;
    let epochs = history.len().max(1) as f64;
    let values: Vec<f64> = history
        .iter()
        .flat_map(|r| r.update_to_weight_ratio.iter().copied())
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let lo = values.iter().copied().fold(1e-5f64, f64::min) / 2.0;
    let hi = values.iter().copied().fold(1e-1f64, f64::max) * 2.0;
    let layers = history.last().map_or(0, |r| r.update_to_weight_ratio.len());
    let names = layer_names(layers, true, labels);
    let (plot, side) = legend_strip(area, font, &names);
    let (x_ticks, y_ticks) = tick_counts(&plot, font);
    let mut chart = ChartBuilder::on(&plot)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 4)
        .build_cartesian_2d(0.0..epochs + 1.0, (lo..hi).log_scale())?;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, 1e-4), (epochs + 1.0, 1e-2)],
        RGBColor(0, 158, 115).mix(0.15).filled(),
    )))?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(labels.get("epoch"))
        .y_desc(labels.get("update_ratio"))
        .x_labels(x_ticks)
        .y_labels(y_ticks)
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    for l in 0..layers {
        let (r, g, b) = class_color(l);
        let pts = history.iter().filter_map(|rec| {
            rec.update_to_weight_ratio.get(l).filter(|v| v.is_finite() && **v > 0.0).map(|&v| (rec.epoch as f64, v))
        });
        chart.draw_series(LineSeries::new(pts, RGBColor(r, g, b).stroke_width(thick(3))))?;
    }
    layer_legend(&side, font, &names)
}

/// Dead units (solid) and, for saturating activations, saturated activations (dashed) per
/// hidden layer over epochs, as fractions of the probe batch.
pub fn draw_layer_fractions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &[EpochRecord],
    labels: &Labels,
) -> DrawResult<DB> {
    let font = font_px(area);
    if history.is_empty() {
        return waiting_hint(area, font, labels.get("no_epochs"));
    }
    area.fill(&WHITE)?;
    let epochs = history.len().max(1) as f64;
    let layers = history.last().map_or(0, |r| r.dead_fraction.len());
    let names = layer_names(layers, false, labels);
    let (plot, side) = legend_strip(area, font, &names);
    let mut chart = share_chart(&plot, font, epochs, labels.get("epoch"), labels.get("dead_saturated"))?;
    for l in 0..layers {
        let (r, g, b) = class_color(l);
        let color = RGBColor(r, g, b);
        let dead = history.iter().filter_map(|rec| rec.dead_fraction.get(l).map(|&v| (rec.epoch as f64, v)));
        chart.draw_series(LineSeries::new(dead, color.stroke_width(thick(3))))?;
        let saturated = history
            .iter()
            .filter_map(|rec| rec.saturated_fraction.get(l).copied().flatten().map(|v| (rec.epoch as f64, v)));
        chart.draw_series(DashedLineSeries::new(saturated, 8, 5, color.stroke_width(thick(2))))?;
    }
    layer_legend(&side, font, &names)
}

/// "layer 1, layer 2, …" (and "output" for the classifier's ratio, the last entry).
fn layer_names(count: usize, with_output: bool, labels: &Labels) -> Vec<String> {
    (1..=count)
        .map(|l| {
            if with_output && l == count {
                labels.get("output").to_string()
            } else {
                format!("{} {l}", labels.get("layer"))
            }
        })
        .collect()
}

/// Split off a strip on the right for a legend of `names`, so that it never covers the curves.
fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    font: u32,
    names: &[String],
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let strip = (legend_width(font, names.iter().map(String::as_str)) + font as i32) as u32;
    area.split_horizontally(area.dim_in_pixel().0.saturating_sub(strip))
}

/// The layer legend in the series colours, at the top of its strip (level with the plot).
fn layer_legend<DB: DrawingBackend>(strip: &DrawingArea<DB, Shift>, font: u32, names: &[String]) -> DrawResult<DB> {
    let entries: Vec<(RGBColor, &str)> = names
        .iter()
        .enumerate()
        .map(|(l, n)| {
            let (r, g, b) = class_color(l);
            (RGBColor(r, g, b), n.as_str())
        })
        .collect();
    legend(strip, (0, font as i32 / 2), font, &entries)
}

/// A grid of validation digits (8×8, grey levels 0–16) with the network's answer over each:
/// green when right, red when wrong.
pub fn draw_digits<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, predictions: &[Prediction]) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let cols = 8;
    let rows = predictions.len().div_ceil(cols).max(1);
    let cells = area.split_evenly((rows, cols));
    let (w, h) = cells[0].dim_in_pixel();
    let font = (h as i32 / 6).clamp(12, 28).max(small_font(0) as i32);
    let side = (w as i32).min(h as i32 - font - 4) - 4;
    let px = (side / 8).max(1);
    for (cell, p) in cells.iter().zip(predictions) {
        let x0 = (w as i32 - px * 8) / 2;
        let y0 = font + 4;
        for (i, &v) in p.features.iter().take(64).enumerate() {
            let shade = (255.0 - v.clamp(0.0, 16.0) / 16.0 * 255.0).round() as u8;
            let (r, c) = (i as i32 / 8, i as i32 % 8);
            let rect = [(x0 + c * px, y0 + r * px), (x0 + (c + 1) * px, y0 + (r + 1) * px)];
            cell.draw(&Rectangle::new(rect, RGBColor(shade, shade, shade).filled()))?;
        }
        let right = p.predicted == p.label;
        let color = if right { RGBColor(0, 128, 80) } else { RGBColor(200, 40, 0) };
        let text = format!("{} {}", p.predicted, if right { "✓" } else { "✗" });
        cell.draw(&Text::new(text, (x0, 0), (SANS, font as u32).into_font().color(&color)))?;
    }
    Ok(())
}

/// The validation confusion matrix: rows are true classes, columns predictions, each cell
/// shaded by its share of the row, with the count written in it.
pub fn draw_confusion<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    matrix: &[Vec<u32>],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let n = matrix.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 3)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, n as f64 - 0.5..-0.5)?;
    // A class's label at its cells' centre (whole values only).
    let class = |v: &f64| if (v - v.round()).abs() < 1e-6 { format!("{}", v.round()) } else { String::new() };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(n)
        .y_labels(n)
        .x_label_formatter(&class)
        .y_label_formatter(&class)
        .x_desc(labels.get("predicted"))
        .y_desc(labels.get("true_class"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    for (t, row) in matrix.iter().enumerate() {
        let total = row.iter().sum::<u32>().max(1) as f64;
        for (p, &count) in row.iter().enumerate() {
            let share = count as f64 / total;
            let (r, g, b) = if t == p { (0.0, 114.0, 178.0) } else { (213.0, 94.0, 0.0) };
            let mix = |c: f64| (255.0 + (c - 255.0) * share).round() as u8;
            let (x, y) = (p as f64 - 0.5, t as f64 - 0.5);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                RGBColor(mix(r), mix(g), mix(b)).filled(),
            )))?;
            if count > 0 {
                let ink = if share > 0.6 { WHITE } else { BLACK };
                let style = (SANS, font * 3 / 4).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
                chart.draw_series(std::iter::once(Text::new(count.to_string(), (x + 0.5, y + 0.5), style)))?;
            }
        }
    }
    Ok(())
}

/// A chart with epochs on x and a share on y.
type ShareChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Axes for a share (0–100 %) over epochs: the accuracy panel and the dead/saturated chart.
fn share_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    font: u32,
    epochs: f64,
    x_desc: &str,
    y_desc: &str,
) -> Result<ShareChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 4)
        .build_cartesian_2d(0.0..epochs + 1.0, 0.0..1.0)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    Ok(chart)
}

/// Epoch tick labels: whole numbers only (half-epoch ticks stay blank), none at 0 (the corner,
/// where the y axis's first label would touch it in large type).
fn whole(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 && *v > 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}
