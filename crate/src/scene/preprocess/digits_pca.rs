//! Drawing PCA of the 8×8 digits: images (mean, per-pixel std, principal components, a digit
//! rebuilt from k of them, whitened) and the eigen-spectrum with the cumulative explained variance.

use crate::render::chart::{legend, ACTIVATION_BARS, GRADIENT_BARS};
use crate::render::{chart, font_px, small_font, thick, tick_counts, x_label_area, Labels, SANS};
use crate::scene::Preprocessing;
use plotters::coord::Shift;
use plotters::prelude::*;

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// How an image's values map to colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shade {
    /// 0 white … `max` black (pixels, std).
    Ink(f64),
    /// −a blue … 0 white … +a orange (components, differences).
    Signed,
}

fn shade(v: f64, how: Shade, scale: f64) -> RGBColor {
    match how {
        Shade::Ink(max) => {
            let g = (255.0 * (1.0 - (v / max.max(1e-12)).clamp(0.0, 1.0))).round() as u8;
            RGBColor(g, g, g)
        }
        Shade::Signed => {
            let t = (v / scale.max(1e-12)).clamp(-1.0, 1.0);
            let (r, g, b) = if t >= 0.0 { GRADIENT_BARS.rgb() } else { ACTIVATION_BARS.rgb() };
            let mix = |c: u8| (255.0 + (c as f64 - 255.0) * t.abs()).round() as u8;
            RGBColor(mix(r), mix(g), mix(b))
        }
    }
}

/// 8×8 images in a row (or `rows` rows), each under its title.
pub fn draw_images<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    images: &[(String, Vec<f64>, Shade)],
    rows: usize,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let cols = images.len().div_ceil(rows.max(1)).max(1);
    let font = small_font(font_px(area) * 4 / 5);
    let cells = area.split_evenly((rows.max(1), cols));
    // Titles wrapped to their cells; every image under the longest.
    let wide = cells[0].dim_in_pixel().0 as i32 - font as i32;
    let lines = images.iter().map(|(t, _, _)| chart::wrap(t, font, wide).len()).max().unwrap_or(1);
    let y0 = (chart::title_height(lines, font) + font / 4) as i32;
    for (cell, (title, pixels, how)) in cells.iter().zip(images) {
        let (w, h) = cell.dim_in_pixel();
        let side = (w as i32 - 8).min(h as i32 - y0 - 4).max(8) / 8;
        let x0 = (w as i32 - side * 8) / 2;
        let scale = pixels.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for (i, &v) in pixels.iter().enumerate().take(64) {
            let (r, c) = (i as i32 / 8, i as i32 % 8);
            let rect = [(x0 + c * side, y0 + r * side), (x0 + (c + 1) * side, y0 + (r + 1) * side)];
            cell.draw(&Rectangle::new(rect, shade(v, *how, scale).filled()))?;
        }
        cell.draw(&Rectangle::new([(x0, y0), (x0 + side * 8, y0 + side * 8)], RGBColor(180, 180, 180)))?;
        chart::title(cell, title, font)?;
    }
    Ok(())
}

/// Each component's share of the variance (bars) and the running total (line), with a marker
/// at the `k` components kept.
pub fn draw_spectrum<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Preprocessing,
    k: usize,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (shares, cumulative) = scene.explained_variance();
    let n = shares.len();
    let font = font_px(area);
    let mut chart = ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 5)
        .build_cartesian_2d(0.5..n as f64 + 0.5, 0.0..1.02)?;
    let (x_ticks, y_ticks) = tick_counts(area, font);
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_labels(x_ticks)
        .y_labels(y_ticks.min(6))
        .x_desc(labels.get("component"))
        .y_desc(labels.get("variance_share"))
        .x_label_formatter(&|v| format!("{}", v.round()))
        .y_label_formatter(&|v| format!("{:.0} %", v * 100.0))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let bars = shares.iter().enumerate().map(|(i, &s)| {
        let x = (i + 1) as f64;
        Rectangle::new([(x - 0.4, 0.0), (x + 0.4, s)], ACTIVATION_BARS.filled())
    });
    chart.draw_series(bars)?;
    let line = cumulative.iter().enumerate().map(|(i, &c)| ((i + 1) as f64, c));
    chart.draw_series(LineSeries::new(line, GRADIENT_BARS.stroke_width(thick(3))))?;
    let kept = cumulative.get(k.saturating_sub(1)).copied().unwrap_or(1.0);
    chart.draw_series([PathElement::new(vec![(k as f64, 0.0), (k as f64, 1.02)], BLACK.stroke_width(thick(2)))])?;
    let note = format!("k = {k}: {:.1} %", kept * 100.0);
    // Right of the marker, or left of it near the right edge.
    let x = if k as f64 > n as f64 * 0.6 { k as f64 - n as f64 * 0.22 } else { k as f64 + n as f64 * 0.01 };
    chart.draw_series([Text::new(note, (x, 0.5), (SANS, font).into_font())])?;
    let entries = [(ACTIVATION_BARS, labels.get("per_component")), (GRADIENT_BARS, labels.get("cumulative"))];
    let (w, _) = area.dim_in_pixel();
    legend(area, (w as i32 / 2, font as i32 * 2), font, &entries)
}

/// The digits at a glance: mean image, per-pixel std, the first principal components.
pub fn digit_summary(scene: &Preprocessing, labels: &Labels) -> Vec<(String, Vec<f64>, Shade)> {
    let p = scene.pipeline();
    let std_max = p.std.iter().fold(0.0f64, |a, &s| a.max(s));
    let mut images = vec![
        (labels.get("mean_image").to_string(), p.mean.clone(), Shade::Ink(16.0)),
        (labels.get("std_image").to_string(), p.std.clone(), Shade::Ink(std_max)),
    ];
    let components = p.eigenvectors.iter().take(COMPONENTS_SHOWN);
    images.extend(components.enumerate().map(|(i, u)| (format!("u{}", i + 1), u.clone(), Shade::Signed)));
    images
}

/// Principal components shown as images.
pub const COMPONENTS_SHOWN: usize = 6;

/// Digit `index`, mean-subtracted, rebuilt from `k` components, and whitened.
pub fn digit_rebuild(scene: &Preprocessing, index: usize, k: usize, labels: &Labels) -> Vec<(String, Vec<f64>, Shade)> {
    let [x, centred, rebuilt, whitened] = scene.rebuild(index, k);
    vec![
        (labels.get("original").to_string(), x, Shade::Ink(16.0)),
        (labels.get("centred_image").to_string(), centred, Shade::Signed),
        (format!("k = {k}"), rebuilt, Shade::Ink(16.0)),
        (labels.get("whitened_image").to_string(), whitened, Shade::Signed),
    ]
}
