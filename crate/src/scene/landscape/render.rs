//! Drawing the loss-landscape scene: the loss along the line from each network's initial to
//! its trained weights, small multiples of the 2D slices on one logarithmic colour scale with
//! contour lines and the trajectory, and the measurements along training (the loss range and
//! the gradient's change when stepping along the gradient; a layer's input percentiles).

use crate::render::chart::{class_color, legend_rows, text_width};
use crate::render::colormap::viridis;
use crate::render::contour::iso_lines;
use crate::render::{chart, font_px, small_font, thick, tick_counts, x_label_area, y_label_area, Labels, SANS};
use crate::scene::landscape::{Measured, NetOutput, NetView, NETS};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
type Linear = plotters::coord::types::RangedCoordf64;
type MeasureChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Linear, Linear>>;

/// Contour lines per slice, evenly spaced in log loss over the shared colour scale.
const CONTOURS: usize = 12;
/// Cells with no value yet.
const PENDING: RGBColor = RGBColor(225, 225, 225);

/// Network `name`'s colour, the same in every chart.
pub fn net_color(name: &str) -> RGBColor {
    let (r, g, b) = class_color(NETS.iter().position(|n| *n == name).unwrap_or(0));
    RGBColor(r, g, b)
}

fn net_label<'a>(name: &str, labels: &'a Labels) -> &'a str {
    labels.get(match name {
        "bn" => "net_bn",
        "residual" => "net_residual",
        _ => "net_plain",
    })
}

/// Smallest and largest positive finite value, or `None`.
fn positive_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    (hi > 0.0).then_some((lo, hi.max(lo * 1.01)))
}

/// "Training…" centred on an area that has nothing to draw yet.
fn waiting<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, labels: &Labels, font: u32) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let text = labels.get("training");
    let x = (w as i32 - text_width(font, text)) / 2;
    area.draw(&Text::new(text.to_string(), (x.max(0), h as i32 / 2), (SANS, font).into_font()))
}

/// The loss along θ(α) = (1 − α)θ₀ + αθ₁ for every trained network: training solid, validation
/// dashed, α = 0 (initial) and α = 1 (trained) marked. The legend and the line styles' note sit
/// above the plot, the ends' names over their lines: nothing is written where curves run.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    views: &[NetView<'_>],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let done: Vec<_> = views.iter().filter_map(|v| v.output.map(|o| (v.name, o))).collect();
    let range = positive_range(done.iter().flat_map(|(_, o)| o.train_line.iter().chain(&o.val_line).copied()));
    let Some((lo, hi)) = range else { return waiting(area, labels, font) };
    let (lo, hi) = (lo / 1.3, hi * 1.3);
    let entries: Vec<(RGBColor, &str)> = done.iter().map(|(n, _)| (net_color(n), net_label(n, labels))).collect();
    let legend_h = legend_rows(area, font, &entries)?;
    let note = chart::title(&area.margin(legend_h, 0, 0, 0), labels.get("solid_dashed"), font)?;
    let plot_area = area.margin(legend_h + note + font * 6 / 5, 0, 0, 0);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(font)
        .margin_top(font / 2)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(y_label_area(font, "0.025", true))
        .build_cartesian_2d(-0.5..1.5, (lo..hi).log_scale())?;
    let (_, y_ticks) = tick_counts(&plot_area, font);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(5)
        .y_labels(y_ticks.min(5))
        .y_label_formatter(&|v| chart::short(*v))
        .x_desc(labels.get("alpha"))
        .y_desc(labels.get("loss"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let (ox, oy) = area.get_base_pixel();
    let style = (SANS, font).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Bottom));
    for (a, key) in [(0.0, "initial"), (1.0, "trained")] {
        chart.draw_series([PathElement::new(vec![(a, lo), (a, hi)], BLACK.mix(0.35).stroke_width(1))])?;
        let (x, y) = chart.backend_coord(&(a, hi));
        area.draw(&Text::new(labels.get(key).to_string(), (x - ox, y - oy - font as i32 / 2), style.clone()))?;
    }
    let width = thick((font / 7).max(2));
    let clamp = |v: f64| if v.is_finite() { v.clamp(lo, hi) } else { hi };
    for (name, o) in &done {
        let color = net_color(name);
        let line = |ys: &[f64]| o.alpha.iter().zip(ys).map(|(&a, &l)| (a, clamp(l))).collect::<Vec<_>>();
        chart.draw_series(LineSeries::new(line(&o.train_line), color.stroke_width(width)))?;
        chart.draw_series(DashedLineSeries::new(line(&o.val_line), 9, 6, color.stroke_width(width)))?;
    }
    Ok(())
}

/// The shared log-loss colour scale of every slice drawn so far: (log10 lo, log10 hi).
fn slice_scale(views: &[NetView<'_>]) -> Option<(f64, f64)> {
    let (lo, hi) = positive_range(views.iter().flat_map(|v| v.slice.into_iter().flatten().flatten().copied()))?;
    Some((lo.log10(), hi.log10().max(lo.log10() + 0.1)))
}

/// Each network's slice around its trained weights (x·d₁ + y·d₂ in its plane) on one colour
/// scale, contours, and its trajectory from the start (ring) to the trained weights (the centre,
/// a cross); a colour bar on the right.
pub fn draw_slices<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    views: &[NetView<'_>],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let Some(scale) = slice_scale(views) else { return waiting(area, labels, font) };
    let (w, _) = area.dim_in_pixel();
    let (tiles_area, bar) = area.split_horizontally(w - font * 5);
    for (tile, view) in tiles_area.split_evenly((1, views.len().max(1))).iter().zip(views) {
        draw_slice(tile, view, scale, labels, font)?;
    }
    draw_color_bar(&bar, scale, labels, font)
}

fn draw_slice<DB: DrawingBackend>(
    tile: &DrawingArea<DB, Shift>,
    view: &NetView<'_>,
    (lo, hi): (f64, f64),
    labels: &Labels,
    font: u32,
) -> DrawResult<DB> {
    let (w, h) = tile.dim_in_pixel();
    let f = font as i32;
    let mut title = net_label(view.name, labels).to_string();
    if let Some([a, b]) = view.output.and_then(|o| o.plane.explained) {
        title = format!("{title} · {} {:.0} + {:.0} %", labels.get("pca"), 100.0 * a, 100.0 * b);
    }
    // A square plotting area (equal aspect: both directions have the same scale) under the
    // title and the top y label's upper half, beside the y tick labels (3 fonts wide) and above
    // the x ones (2 fonts high).
    let top = chart::title(tile, &title, font)? + font / 2 + 2;
    let inner = w.saturating_sub(font * 3).min(h.saturating_sub(top + font * 2)).max(10);
    let plot =
        tile.clone().shrink(((w.saturating_sub(inner + font * 3)) / 2, top), (inner + font * 3, inner + font * 2));
    let hw = view.output.map_or(1.0, |o| o.plane.half_width);
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(font * 2)
        .y_label_area_size(font * 3)
        .build_cartesian_2d(-hw..hw, -hw..hw)?;
    let ticks = |v: &f64| chart::short(*v);
    // The corner's −hw once, under the x axis: beside it, the y axis's would touch it.
    let y_ticks = |v: &f64| if *v <= -hw * 0.999 { String::new() } else { ticks(v) };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(3)
        .y_labels(3)
        .x_label_formatter(&ticks)
        .y_label_formatter(&y_ticks)
        .label_style((SANS, font))
        .draw()?;
    let (Some(slice), Some(o)) = (view.slice, view.output) else {
        let (px, py) = chart.plotting_area().get_pixel_range();
        let text = labels.get("training");
        return tile.draw(&Text::new(
            text.to_string(),
            (px.start + f, (py.start + py.end) / 2),
            (SANS, font).into_font(),
        ));
    };
    let r = slice.len();
    let step = 2.0 * hw / (r - 1) as f64;
    let at = |i: f64| -hw + i * step;
    let level =
        |v: f64| if v.is_finite() && v > 0.0 { ((v.log10() - lo) / (hi - lo)).clamp(0.0, 1.0) } else { f64::NAN };
    chart.draw_series(slice.iter().enumerate().flat_map(|(i, row)| {
        row.iter().enumerate().map(move |(j, &v)| {
            let t = level(v);
            let color = if t.is_nan() {
                PENDING
            } else {
                let (r, g, b) = viridis(t);
                RGBColor(r, g, b)
            };
            let (x, y) = (at(j as f64), at(i as f64));
            Rectangle::new([(x - step / 2.0, y - step / 2.0), (x + step / 2.0, y + step / 2.0)], color.filled())
        })
    }))?;
    let logs: Vec<f64> = slice.iter().flatten().map(|&v| if v > 0.0 { v.log10() } else { f64::NAN }).collect();
    for k in 1..CONTOURS {
        let value = lo + (hi - lo) * k as f64 / CONTOURS as f64;
        let lines = iso_lines(&logs, r, r, value);
        chart.draw_series(lines.into_iter().map(|line| {
            PathElement::new(
                line.into_iter().map(|(c, r)| (at(c), at(r))).collect::<Vec<_>>(),
                WHITE.mix(0.55).stroke_width(1),
            )
        }))?;
    }
    let width = thick(2);
    chart.draw_series(std::iter::once(Cross::new((0.0, 0.0), thick(5) as i32, RED.stroke_width(width + 1))))?;
    let path: Vec<(f64, f64)> = o.trajectory.iter().map(|&[x, y]| (x.clamp(-hw, hw), y.clamp(-hw, hw))).collect();
    chart.draw_series(LineSeries::new(path.clone(), BLACK.stroke_width(width + 2)))?;
    chart.draw_series(LineSeries::new(path.clone(), WHITE.stroke_width(width)))?;
    chart.draw_series(path.iter().map(|&p| Circle::new(p, width as i32, WHITE.filled())))?;
    if let Some(&start) = path.first() {
        chart.draw_series(std::iter::once(Circle::new(start, thick(5) as i32, WHITE.stroke_width(width + 1))))?;
    }
    Ok(())
}

fn draw_color_bar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, Shift>,
    (lo, hi): (f64, f64),
    labels: &Labels,
    font: u32,
) -> DrawResult<DB> {
    let (_, h) = bar.dim_in_pixel();
    let f = font as i32;
    let (top, bottom) = (f * 3, h as i32 - f * 3);
    bar.draw(&Text::new(labels.get("loss").to_string(), (0, f), (SANS, font).into_font()))?;
    let strip = 40;
    for k in 0..strip {
        let (y0, y1) = (bottom - (bottom - top) * (k + 1) / strip, bottom - (bottom - top) * k / strip);
        let (r, g, b) = viridis((k as f64 + 0.5) / strip as f64);
        bar.draw(&Rectangle::new([(0, y0), (f, y1)], RGBColor(r, g, b).filled()))?;
    }
    for k in 0..=4 {
        let t = k as f64 / 4.0;
        let y = bottom - ((bottom - top) as f64 * t) as i32;
        let value = 10f64.powf(lo + (hi - lo) * t);
        bar.draw(&Text::new(chart::short(value), (f + 4, y - f / 2), (SANS, font).into_font()))?;
    }
    Ok(())
}

/// Lines a panel title takes on `area` at `font` px (the panels of a row share the most).
fn title_lines<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, title: &str, font: u32) -> usize {
    chart::wrap(title, font, area.dim_in_pixel().0 as i32 - font as i32).len()
}

/// Step against value, one series per network, on a log y axis over `range`, under a title
/// given `lines` lines.
fn measure_chart<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    (title, lines): (&str, usize),
    steps: f64,
    (lo, hi): (f64, f64),
    log: bool,
    labels: &Labels,
    font: u32,
) -> Result<MeasureChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let lines = lines.max(title_lines(area, title, font));
    chart::title(area, title, font)?;
    let (lo, hi) = if log { (lo.log10(), hi.log10()) } else { (lo, hi) };
    let mut chart = ChartBuilder::on(area)
        .margin(font / 2)
        .margin_top(chart::title_height(lines, font) + font / 2 + 2)
        .margin_right(font * 3 / 2)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(y_label_area(font, "-0.025", false))
        .build_cartesian_2d(0.0..steps.max(1.0), lo..hi.max(lo + 1e-9))?;
    let fmt = |v: &f64| if log { chart::short(10f64.powf(*v)) } else { chart::short(*v) };
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(4)
        .y_labels(4)
        // No 0 in the corner, where the y axis's first label may sit.
        .x_label_formatter(&|v| if *v > 0.0 { format!("{v:.0}") } else { String::new() })
        .y_label_formatter(&fmt)
        .x_desc(labels.get("step"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    Ok(chart)
}

/// Along training, per network: the range of the loss met stepping along the gradient (a
/// band), the largest change of the gradient there, and the chosen layer's input percentiles
/// (15th and 85th dashed, the median solid).
pub fn draw_measures<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    views: &[NetView<'_>],
    layer: usize,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = small_font(font_px(area) * 3 / 4);
    let done: Vec<_> = views.iter().filter_map(|v| v.output.map(|o| (v.name, o))).collect();
    if done.is_empty() {
        return waiting(area, labels, font);
    }
    let last_step = |o: &NetOutput| {
        let (a, b) = (o.smoothness.last().map_or(1, |m| m.step), o.percentiles.last().map_or(1, |m| m.step));
        a.max(b) as f64
    };
    let last = done.iter().map(|(_, o)| last_step(o)).fold(1.0, f64::max);
    let panels = area.split_evenly((1, 3));
    let titles =
        [labels.get("loss_range").to_string(), labels.get("grad_change").to_string(), percentile_title(labels, layer)];
    let lines = titles.iter().map(|t| title_lines(&panels[0], t, font)).max().unwrap_or(1);
    let width = thick(2);
    let flat = |v: f64| v.is_finite() && v > 0.0;
    let range = positive_range(
        done.iter().flat_map(|(_, o)| o.smoothness.iter().flat_map(|m| [m.value.loss_min, m.value.loss_max])),
    );
    if let Some(range) = range {
        let mut chart = measure_chart(&panels[0], (&titles[0], lines), last, range, true, labels, font)?;
        for (name, o) in &done {
            let c = net_color(name);
            let pts = |pick: fn(&Measured<crate::landscape::Smoothness>) -> f64| {
                o.smoothness.iter().filter(move |m| flat(pick(m))).map(move |m| (m.step as f64, pick(m).log10()))
            };
            let band: Vec<(f64, f64)> = pts(|m| m.value.loss_max)
                .chain(pts(|m| m.value.loss_min).collect::<Vec<_>>().into_iter().rev())
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(band, c.mix(0.3).filled())))?;
            chart.draw_series(LineSeries::new(pts(|m| m.value.loss_max), c.stroke_width(1)))?;
        }
    }
    let range = positive_range(done.iter().flat_map(|(_, o)| o.smoothness.iter().map(|m| m.value.grad_change)));
    if let Some(range) = range {
        let mut chart = measure_chart(&panels[1], (&titles[1], lines), last, range, true, labels, font)?;
        for (name, o) in &done {
            let pts = o
                .smoothness
                .iter()
                .filter(|m| flat(m.value.grad_change))
                .map(|m| (m.step as f64, m.value.grad_change.log10()));
            chart.draw_series(LineSeries::new(pts, net_color(name).stroke_width(width)))?;
        }
    }
    let series: Vec<(&str, &[Measured<[f64; 3]>])> = done.iter().map(|(n, o)| (*n, o.percentiles.as_slice())).collect();
    draw_percentiles(&panels[2], &series, layer, labels, (font, lines))
}

/// "Layer 2 inputs: 15/50/85th pct." in the labels' language.
fn percentile_title(labels: &Labels, layer: usize) -> String {
    labels.get("layer_inputs").replace("{layer}", &layer.to_string())
}

/// The 15th, 50th (solid) and 85th (dashed) percentiles of hidden layer `layer`'s inputs
/// against the training step, one colour per network (the batch-norm paper's Figure 1b/c). The
/// title takes at least `lines` lines (those of its row's other panels).
fn draw_percentiles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[(&str, &[Measured<[f64; 3]>])],
    layer: usize,
    labels: &Labels,
    (font, lines): (u32, usize),
) -> DrawResult<DB> {
    let values = series.iter().flat_map(|(_, m)| m.iter().flat_map(|x| x.value)).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return waiting(area, labels, font);
    }
    let last = series.iter().filter_map(|(_, m)| m.last()).map(|m| m.step).max().unwrap_or(1) as f64;
    let pad = ((hi - lo) * 0.05).max(1e-3);
    let title = percentile_title(labels, layer);
    let mut chart = measure_chart(area, (&title, lines), last, (lo - pad, hi + pad), false, labels, font)?;
    let width = thick(2);
    for (name, measured) in series {
        let c = net_color(name);
        let pts = |k: usize| measured.iter().map(move |m| (m.step as f64, m.value[k])).filter(|p| p.1.is_finite());
        chart.draw_series(LineSeries::new(pts(1), c.stroke_width(width + 1)))?;
        for k in [0, 2] {
            chart.draw_series(DashedLineSeries::new(pts(k), 6, 4, c.stroke_width(width)))?;
        }
    }
    Ok(())
}

/// The trainer page's pair of runs from the same initial weights, without and with batch norm:
/// hidden layer `layer`'s input percentiles of each, under a legend naming them (no other chart
/// of the page does).
pub fn draw_percentile_pair<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    [without, with]: [&[Measured<[f64; 3]>]; 2],
    layer: usize,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let series = [("plain", without), ("bn", with)];
    let entries = series.map(|(n, _)| (net_color(n), net_label(n, labels)));
    let (_, body) = area.split_vertically(legend_rows(area, font, &entries)?);
    draw_percentiles(&body, &series, layer, labels, (font, 1))
}
