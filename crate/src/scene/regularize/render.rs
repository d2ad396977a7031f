//! Drawing the regularization scene: small multiples of each method's decision boundary (or,
//! for the digits, its validation accuracy per class), one train-vs-validation loss chart per
//! method with the generalization gap shaded and early stopping's best epoch marked, the
//! ensembles' members against their average, and fractional max pooling's random regions.

use crate::data::{Dataset, Standardizer};
use crate::render::chart::{
    beside_line, draw_points, legend_rows, text_width, PlotMapping, ACTIVATION_BARS, GRADIENT_BARS,
};
use crate::render::raster::Window;
use crate::render::{chart, font_px, small_font, thick, y_label_area, Labels, SANS};
use crate::scene::regularize::MethodResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The ensemble members' bars: a pale tint of the training colour, so the ensemble's stands out.
const MEMBER_BARS: RGBColor = RGBColor(128, 185, 217);

/// A shown method: its name and, once its trainings are in, its result.
pub type Shown<'a> = (&'a str, Option<&'a MethodResult>);

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Tiles per row for `n` small multiples (3 for the full set of nine).
pub fn columns(n: usize) -> usize {
    (n as f64).sqrt().ceil().max(1.0) as usize
}

/// The `n` tiles of `area`, row by row.
fn tiles<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, n: usize) -> Vec<DrawingArea<DB, Shift>> {
    let cols = columns(n);
    let rows = n.div_ceil(cols).max(1);
    area.split_evenly((rows, cols)).into_iter().take(n).collect()
}

/// The method's name (its strength is in the table and the controls: tiles are narrow).
fn method_title(r: &MethodResult, labels: &Labels) -> String {
    labels.get(&format!("method_{}", r.method)).to_string()
}

/// "train 100 · val 84 %" (percentages of the tested network).
fn accuracy_line(r: &MethodResult, labels: &Labels) -> String {
    let (train, val) = (100.0 * r.train.val_acc, 100.0 * r.val.val_acc);
    format!("{} {train:.0} · {} {val:.0} %", labels.get("train"), labels.get("val_short"))
}

/// Title and accuracy line at the top of a tile; returns the area below them.
fn titled<DB: DrawingBackend>(
    tile: &DrawingArea<DB, Shift>,
    title: &str,
    line: &str,
    font: u32,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    tile.fill(&WHITE)?;
    // Narrow tiles (presenter mode on a small screen) take smaller type rather than letting a
    // title run into the next tile.
    let room = tile.dim_in_pixel().0 as i32 - font as i32 * 2 / 3;
    let font = (9..=font.max(9)).rev().find(|&f| [title, line].iter().all(|t| text_width(f, t) <= room)).unwrap_or(9);
    let style = (SANS, font).into_font();
    tile.draw(&Text::new(title.to_string(), (font as i32 / 3, 2), style.clone()))?;
    tile.draw(&Text::new(line.to_string(), (font as i32 / 3, 2 + font as i32 * 11 / 10), style))?;
    Ok(tile.margin(font * 23 / 10 + 4, font / 3, font / 3, font / 3))
}

/// Validation points drawn over a boundary at most.
const SHOWN_VALIDATION: usize = 150;

/// Each method's boundary on the shared data: `paint(i, mapping)` puts method i's pixels where
/// the mapping says (a canvas blit in the page), then the training points (filled) and the
/// validation points (rings) go on top. `results[i]` is `None` while method i trains.
pub fn draw_boundaries<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    results: &[Shown<'_>],
    (bounds, train, val, prep): ([f64; 4], &Dataset, &Dataset, &Standardizer),
    labels: &Labels,
    mut paint: impl FnMut(usize, &PlotMapping),
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let cells = tiles(area, results.len());
    let font = cells.first().map_or(14, |c| small_font(font_px(c).min(font_px(area) * 3 / 4)));
    // The held-out set (1000 points) would hide the boundary: a sample of it is drawn (the
    // split shuffled it, so its first points are a random sample); the scores use all of it.
    let val = &val.subset(&(0..val.len().min(SHOWN_VALIDATION)).collect::<Vec<_>>());
    for (i, (tile, (waiting, result))) in cells.iter().zip(results).enumerate() {
        let (title, line) = match result {
            Some(r) => (method_title(r, labels), accuracy_line(r, labels)),
            None => (labels.get(&format!("method_{waiting}")).to_string(), labels.get("training").to_string()),
        };
        let plot = titled(tile, &title, &line, font)?;
        let [x0, x1, y0, y1] = bounds;
        let chart = ChartBuilder::on(&plot).build_cartesian_2d(x0..x1, y0..y1)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        let window = Window { x_min: x0, x_max: x1, y_min: y0, y_max: y1 };
        if result.is_some() {
            paint(i, &PlotMapping { px: (px.start, px.end), py: (py.start, py.end), window });
        }
        plot.draw(&Rectangle::new([(0, 0), (px.end - px.start - 1, py.end - py.start - 1)], BLACK.mix(0.3)))?;
        draw_points(&chart, (train, val, prep), thick(2) as i32)?;
    }
    Ok(())
}

/// The digits' version of [`draw_boundaries`]: each method's validation accuracy per class.
pub fn draw_class_accuracy<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    results: &[Shown<'_>],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let cells = tiles(area, results.len());
    let font = cells.first().map_or(14, |c| small_font(font_px(c).min(font_px(area) * 3 / 4)));
    for (tile, (waiting, result)) in cells.iter().zip(results) {
        let Some(r) = result else {
            let title = labels.get(&format!("method_{waiting}")).to_string();
            titled(tile, &title, labels.get("training"), font)?;
            continue;
        };
        let plot = titled(tile, &method_title(r, labels), &accuracy_line(r, labels), font)?;
        let classes = r.per_class.len();
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(font / 2)
            .x_label_area_size(font * 3 / 2)
            .y_label_area_size(y_label_area(font, "100", false))
            .build_cartesian_2d(-0.5..classes as f64 - 0.5, 0.0..1.0)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(classes)
            .y_labels(3)
            .x_label_formatter(&|v| format!("{}", v.round()))
            .y_label_formatter(&|v| format!("{:.0}", v * 100.0))
            .label_style((SANS, font))
            .draw()?;
        chart.draw_series(r.per_class.iter().enumerate().map(|(c, &acc)| {
            let (red, g, b) = chart::class_color(c);
            Rectangle::new([(c as f64 - 0.4, 0.0), (c as f64 + 0.4, acc)], RGBColor(red, g, b).filled())
        }))?;
    }
    Ok(())
}

/// One loss chart per method on a shared axis: training and validation loss per epoch with
/// the generalization gap between them shaded, and early stopping's best epoch as a line.
pub fn draw_gaps<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    results: &[Shown<'_>],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = tiles(area, results.len()).first().map_or(14, |c| small_font(font_px(c).min(font_px(area) * 3 / 4)));
    let entries = [(ACTIVATION_BARS, labels.get("train")), (GRADIENT_BARS, labels.get("validation"))];
    let (_, body) = area.split_vertically(legend_rows(area, font, &entries)?);
    let cells = tiles(&body, results.len());
    let finite = |v: &f64| v.is_finite();
    let done = results.iter().filter_map(|(_, r)| *r);
    let epochs = done.clone().map(|r| r.history.len()).max().unwrap_or(1).max(2) as f64;
    let top = done.flat_map(|r| r.history.iter().flat_map(|h| [h[0], h[1]])).filter(finite).fold(0.1f64, f64::max);
    let top = top.min(4.0) * 1.05;
    for (tile, (waiting, result)) in cells.iter().zip(results) {
        let Some(r) = result else {
            titled(tile, labels.get(&format!("method_{waiting}")), labels.get("training"), font)?;
            continue;
        };
        let gap = r.history.last().map_or(0.0, |h| h[1] - h[0]);
        let line = format!("{} {:.2}", labels.get("gap"), gap);
        let plot = titled(tile, &method_title(r, labels), &line, font)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin_right(font)
            .x_label_area_size(font * 3 / 2)
            .y_label_area_size(y_label_area(font, "0.0", false))
            .build_cartesian_2d(1.0..epochs, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(3)
            .y_labels(3)
            .x_label_formatter(&|v| format!("{}", v.round()))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style((SANS, font))
            .draw()?;
        let at = |e: usize, v: f64| ((e + 1) as f64, v.clamp(0.0, top));
        let train: Vec<(f64, f64)> = r.history.iter().enumerate().map(|(e, h)| at(e, h[0])).collect();
        let val: Vec<(f64, f64)> = r.history.iter().enumerate().map(|(e, h)| at(e, h[1])).collect();
        let band: Vec<(f64, f64)> = train.iter().chain(val.iter().rev()).copied().collect();
        chart.draw_series([Polygon::new(band, GRADIENT_BARS.mix(0.18).filled())])?;
        chart.draw_series([PathElement::new(train, ACTIVATION_BARS.stroke_width(thick(2)))])?;
        chart.draw_series([PathElement::new(val, GRADIENT_BARS.stroke_width(thick(2)))])?;
        if let Some(best) = r.best_epoch {
            let x = best as f64;
            chart.draw_series([PathElement::new(vec![(x, 0.0), (x, top)], BLACK.stroke_width(thick(2)))])?;
            let (px, py) = chart.backend_coord(&(x, top));
            let (ox, oy) = plot.get_base_pixel();
            let text = format!("{} {best}", labels.get("best_epoch"));
            let right = plot.dim_in_pixel().0 as i32;
            let at = beside_line(px - ox, text_width(font, &text), right, 3);
            plot.draw(&Text::new(text, (at, py - oy + 2), (SANS, font).into_font()))?;
        }
    }
    Ok(())
}

/// The ensembles' members' validation accuracy as bars, the ensemble's as a darker bar beside
/// them, and the members' mean as a dashed line: averaging beats the typical member.
pub fn draw_ensembles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    results: &[&MethodResult],
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let entries = [
        (MEMBER_BARS, labels.get("members")),
        (GRADIENT_BARS, labels.get("ensemble_bar")),
        (BLACK, labels.get("members_mean")),
    ];
    let (_, area) = area.split_vertically(legend_rows(area, font, &entries)?);
    let area = &area;
    let groups: Vec<&MethodResult> = results.iter().copied().filter(|r| !r.members.is_empty()).collect();
    let bars: usize = groups.iter().map(|r| r.members.len() + 2).sum::<usize>().max(1);
    let lo = groups.iter().flat_map(|r| r.members.iter().map(|m| m.val_acc).chain([r.val.val_acc])).fold(1.0, f64::min);
    let lo = ((lo - 0.1) * 10.0).floor().max(0.0) / 10.0;
    let mut chart = ChartBuilder::on(area)
        .margin(font / 2)
        .x_label_area_size(font * 2)
        .y_label_area_size(font * 5)
        .build_cartesian_2d(0.0..bars as f64, lo..1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(5)
        .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .y_desc(labels.get("val_accuracy"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let mut x = 0.0;
    let style = (SANS, font).into_font();
    for r in groups {
        let mean = r.members.iter().map(|m| m.val_acc).sum::<f64>() / r.members.len() as f64;
        let start = x;
        chart.draw_series(r.members.iter().enumerate().map(|(k, m)| {
            let left = start + k as f64;
            Rectangle::new([(left + 0.15, lo), (left + 0.85, m.val_acc)], MEMBER_BARS.filled())
        }))?;
        let end = start + r.members.len() as f64;
        chart.draw_series([Rectangle::new([(end + 0.15, lo), (end + 0.85, r.val.val_acc)], GRADIENT_BARS.filled())])?;
        let dashes = (0..(r.members.len() * 3)).map(|k| {
            let a = start + k as f64 / 3.0;
            PathElement::new(vec![(a, mean), (a + 0.2, mean)], BLACK.stroke_width(thick(2)))
        });
        chart.draw_series(dashes)?;
        let (px, py) = chart.backend_coord(&(start + 0.1, lo));
        let (ox, oy) = area.get_base_pixel();
        let name = format!(
            "{} {:.1} → {:.1} %",
            labels.get(&format!("method_{}", r.method)),
            100.0 * mean,
            100.0 * r.val.val_acc
        );
        area.draw(&Text::new(name, (px - ox, py - oy + font as i32 / 3), style.clone()))?;
        x = end + 2.0;
    }
    Ok(())
}
