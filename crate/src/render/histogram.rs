//! Per-layer histograms as small multiples (the init lab's activations and weight gradients,
//! the trainer's activations): titles as wide as the cells allow, x labels kept inside each
//! plot, and a spike — ReLU's exact zeros, about half the values — cut where the other bins end
//! and labelled with its share, so the rest stays visible (the counts themselves unchanged).

use super::chart::{short, text_width};
use super::Labels;
use crate::nn::{ActivationStats, GradientStats};
use crate::stats::Histogram;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One layer of a histogram grid: its histogram, its std, and its share of exact zeros where
/// known (activations: a ReLU layer's spike at 0 is labelled with it).
#[derive(Clone, Copy, Debug)]
pub struct LayerHistogram<'a> {
    pub histogram: &'a Histogram,
    pub std: f64,
    pub zeros: Option<f64>,
}

impl<'a> From<&'a ActivationStats> for LayerHistogram<'a> {
    fn from(s: &'a ActivationStats) -> Self {
        Self { histogram: &s.histogram, std: s.std, zeros: Some(s.zero_fraction) }
    }
}

impl<'a> From<&'a GradientStats> for LayerHistogram<'a> {
    fn from(s: &'a GradientStats) -> Self {
        Self { histogram: &s.histogram, std: s.std, zeros: None }
    }
}

/// Small multiples, up to five to a row: one histogram per layer under its layer and std (a
/// `None` layer leaves its cell empty). Shared by the init lab and the trainer.
pub fn draw_histogram_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layers: &[Option<LayerHistogram<'_>>],
    color: RGBColor,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (area_w, area_h) = area.dim_in_pixel();
    let rows_of = |cols: usize| layers.len().max(1).div_ceil(cols) as u32;
    // Small multiples: the font follows a cell of five to a row, at the projector's size where
    // it fits.
    let five = layers.len().clamp(1, 5);
    let (w, h) = (area_w / five as u32, area_h / rows_of(five));
    let projector = super::small_font((w.min(h * 2) / 11).clamp(14, 28));
    // Titles on their own lines above the plots, as wide as the cells allow: "Layer 3: σ 0.82",
    // or "Layer 3" over "σ 0.82", or "3: σ 0.82", or only "3" (the std chart has every σ).
    let titles = |l: usize, std: f64, form: usize| match form {
        0 => vec![format!("{} {}: σ {}", labels.get("layer"), l + 1, short(std))],
        1 => vec![format!("{} {}", labels.get("layer"), l + 1), format!("σ {}", short(std))],
        2 => vec![format!("{}: σ {}", l + 1, short(std))],
        _ => vec![format!("{}", l + 1)],
    };
    let shown: Vec<(usize, f64)> =
        layers.iter().enumerate().filter_map(|(l, layer)| Some((l, layer.as_ref()?.std))).collect();
    let fits = |cols: usize, form: usize, (font, tick): (u32, u32)| {
        let (w, h) = (area_w / cols as u32, area_h / rows_of(cols));
        let lines = titles(0, 0.0, form).len();
        let widest = shown.iter().flat_map(|&(l, std)| titles(l, std, form)).map(|t| text_width(font, &t)).max();
        w >= font * 6 && widest.unwrap_or(0) <= (w - font / 2) as i32 && h >= cell_height(font, tick, lines)
    };
    // As many cells to a row as hold a title (fewer rows: taller plots, the point of the
    // picture), then the widest title form those cells hold. Where the projector's type does not
    // fit (a narrow column of a small screen), smaller type, down to 10 px: a blank panel reads
    // as broken. None in a canvas caught mid-layout (plotters would measure text through a
    // styled DOM element, which the page's CSP forbids).
    let sizes = [projector, projector * 5 / 6, projector * 2 / 3, projector / 2].map(|f| {
        let f = f.max(10);
        (f, if f == projector { super::small_font(f * 4 / 5) } else { (f * 4 / 5).max(10) })
    });
    let layout = sizes.into_iter().find_map(|size| {
        (1..=five).rev().find_map(|cols| (0..4).find(|&form| fits(cols, form, size)).map(|form| (cols, form, size)))
    });
    let Some((cols, form, (font, tick))) = layout else { return Ok(()) };
    let cells = area.split_evenly((rows_of(cols) as usize, cols));
    for (l, (cell, layer)) in cells.iter().zip(layers).enumerate() {
        if let Some(layer) = layer {
            draw_one(cell, layer, &titles(l, layer.std, form), color, (font, tick))?;
        }
    }
    Ok(())
}

/// Pixels above a histogram's plot: its title lines and the top y label's upper half.
fn head_height(font: u32, tick: u32, lines: usize) -> u32 {
    font / 4 + lines as u32 * (font * 11 / 10) + tick / 2 + 2
}

/// Pixels a histogram's cell needs: the head, a plot a label tall, the x labels, a margin.
fn cell_height(font: u32, tick: u32, lines: usize) -> u32 {
    head_height(font, tick, lines) + tick + (tick + 12) + font / 3
}

/// Where a histogram's tallest bin stands over three times the rest (ReLU's exact zeros, about
/// half the values): its index and the tallest other bin's count, which sets the y range.
fn spike(counts: &[u32]) -> Option<(usize, u32)> {
    let (peak, &tallest) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    let rest = counts.iter().enumerate().filter(|(i, _)| *i != peak).map(|(_, &c)| c).max().unwrap_or(0);
    (rest > 0 && tallest > 3 * rest).then_some((peak, rest))
}

/// What a spike's label says: its share of exact zeros where known ("0: 50%"), else its bin's
/// share of all values ("≈0: 61%").
fn spike_label(layer: &LayerHistogram<'_>, bin: usize) -> String {
    let (hist, share) = (layer.histogram, |s: f64| format!("{:.0}%", 100.0 * s));
    let (a, b) = (hist.edges[bin], hist.edges[bin + 1]);
    let holds_zero = a <= 0.0 && 0.0 < b;
    match layer.zeros {
        Some(zeros) if holds_zero => format!("0: {}", share(zeros)),
        _ => {
            let at = if holds_zero { "0".to_string() } else { short((a + b) / 2.0) };
            let total = hist.counts.iter().sum::<u32>().max(1);
            format!("≈{at}: {}", share(f64::from(hist.counts[bin]) / f64::from(total)))
        }
    }
}

/// The x tick labels that fit under a plot `width` px wide over `lo..hi` at `font` px, each with
/// its value and anchor: both ends inside the plot (and 0 between them where it fits); else one
/// label at the plot's right end, the range's ("±a") or its upper end, if it fits `room` px
/// (it may reach left under the y labels).
fn x_ticks(lo: f64, hi: f64, (width, room): (i32, i32), font: u32) -> Vec<(f64, String, HPos)> {
    let (a, b) = (short(lo), short(hi));
    let gap = font as i32;
    let fits = |texts: &[&str]| texts.iter().map(|t| text_width(font, t) + gap).sum::<i32>() <= width;
    if lo < 0.0 && hi > 0.0 && fits(&[&a, "0", &b]) {
        return vec![(lo, a, HPos::Left), (0.0, "0".into(), HPos::Center), (hi, b, HPos::Right)];
    }
    if fits(&[&a, &b]) {
        return vec![(lo, a, HPos::Left), (hi, b, HPos::Right)];
    }
    let one = if lo == -hi { format!("±{b}") } else { b };
    if text_width(font, &one) <= room {
        vec![(hi, one, HPos::Right)]
    } else {
        Vec::new()
    }
}

fn draw_one<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layer: &LayerHistogram<'_>,
    title: &[String],
    color: RGBColor,
    (font, tick): (u32, u32),
) -> DrawResult<DB> {
    let hist = layer.histogram;
    let (lo, hi) = (hist.edges[0], *hist.edges.last().expect("a histogram has edges"));
    let (f, t) = (font as i32, tick as i32);
    // Titles are placed, not measured: plotters' text measuring in the browser needs inline
    // styles, which the page's Content-Security-Policy forbids.
    let style = (super::SANS, font).into_font();
    for (k, line) in title.iter().enumerate() {
        area.draw(&Text::new(line.clone(), (f / 2, f / 4 + k as i32 * (f * 11 / 10)), style.clone()))?;
    }
    let head = head_height(font, tick, title.len());
    // No count labels: the shape is the point, and the width goes to the bars.
    let (x_area, y_area) = (tick + 12, font / 3);
    let plot_h = area.dim_in_pixel().1.saturating_sub(head + x_area + font / 3) as f64;
    let tallest = hist.counts.iter().copied().max().unwrap_or(0).max(1);
    // A spike is cut a fifth above the rest, leaving a band over the rest for its share.
    let spike = spike(&hist.counts);
    let band = plot_h / (plot_h - 1.5 * f64::from(tick)).max(1.0);
    let top = spike.map_or(f64::from(tallest) * 1.08, |(_, rest)| f64::from(rest) * band.clamp(1.2, 2.0));
    let mut chart = ChartBuilder::on(area)
        .margin(font / 3)
        .margin_top(head)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(lo..hi, 0.0..top)?;
    chart.configure_mesh().disable_mesh().x_labels(0).y_labels(0).draw()?;
    chart.draw_series(hist.counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(i, &c)| {
        Rectangle::new([(hist.edges[i], 0.0), (hist.edges[i + 1], f64::from(c).min(top))], color.filled())
    }))?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (ox, oy) = area.get_base_pixel();
    for (v, text, pos) in x_ticks(lo, hi, (px.end - px.start, px.end - ox - f / 3), tick) {
        let x = match pos {
            HPos::Left => px.start,
            HPos::Right => px.end,
            HPos::Center => chart.backend_coord(&(v, 0.0)).0,
        };
        let style = (super::SANS, tick).into_font().color(&BLACK).pos(Pos::new(pos, VPos::Top));
        area.draw(&Text::new(text, (x - ox, py.end - oy + 6), style))?;
    }
    if let Some((i, _)) = spike {
        let text = spike_label(layer, i);
        // A white cut across the bar says it goes on; the share is written beside it.
        let (left, _) = chart.backend_coord(&(hist.edges[i], top));
        let (right, _) = chart.backend_coord(&(hist.edges[i + 1], top));
        let cut = py.start - oy + t / 2;
        area.draw(&PathElement::new(vec![(left - ox, cut), (right - ox, cut - 3)], WHITE.stroke_width(3)))?;
        // Beside the bar, or right-aligned to the plot where neither side has room.
        let width = text_width(tick, &text);
        let x = if right + 4 + width <= px.end {
            right + 4
        } else if left - 4 - width >= px.start {
            left - 4 - width
        } else {
            px.end - width
        };
        // On white: where the plot is narrow it may lie across the spike.
        let (x, y) = (x - ox, py.start - oy + 2);
        area.draw(&Rectangle::new([(x - 2, y), (x + width + 2, y + t)], WHITE.filled()))?;
        area.draw(&Text::new(text, (x, y), (super::SANS, tick).into_font()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::spike;

    #[test]
    fn a_bin_over_three_times_the_rest_is_a_spike() {
        assert_eq!(spike(&[40, 900, 50, 30]), Some((1, 50)), "the tallest other bin sets the range");
        assert_eq!(spike(&[40, 140, 50]), None, "under three times the rest: drawn whole");
        assert_eq!(spike(&[0, 700, 0]), None, "nothing else to show");
    }
}
