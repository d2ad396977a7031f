//! Fractional max pooling as a picture (lecture 7): one 8×8 digit, upscaled, with the pooling
//! regions of plain 2×2 max pooling and of fractional max pooling (ratio √2, regions of 1 or 2
//! pixels drawn at random on every pass) outlined, each beside its pooled output.

use crate::nn::fractional_pool::max_pool;
use crate::render::chart::GRADIENT_BARS;
use crate::render::{chart, font_px, small_font, thick, Labels};
use plotters::coord::Shift;
use plotters::prelude::*;

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Pooling regions along the rows and the columns: edges 0 = a₀ < … < a_k = side.
pub type Regions<'a> = (&'a [usize], &'a [usize]);

/// `image` (row-major, `side`×`side`, values 0…`ink`) as grey cells filling `area`, the darkest
/// at `ink`; with `regions`, their borders on top. Returns the cell size in pixels.
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    image: &[f64],
    side: usize,
    ink: f64,
    regions: Option<Regions>,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let cell = (w.min(h) as usize / side.max(1)).max(1) as i32;
    for (k, &v) in image.iter().enumerate() {
        let (r, c) = ((k / side) as i32, (k % side) as i32);
        let shade = (255.0 * (1.0 - (v / ink).clamp(0.0, 1.0))).round() as u8;
        let rect = [(c * cell, r * cell), ((c + 1) * cell, (r + 1) * cell)];
        area.draw(&Rectangle::new(rect, RGBColor(shade, shade, shade).filled()))?;
    }
    let edge = cell * side as i32;
    area.draw(&Rectangle::new([(0, 0), (edge, edge)], BLACK.stroke_width(1)))?;
    if let Some((rows, cols)) = regions {
        let line = GRADIENT_BARS.stroke_width(thick(3));
        for &r in rows {
            area.draw(&PathElement::new(vec![(0, r as i32 * cell), (edge, r as i32 * cell)], line))?;
        }
        for &c in cols {
            area.draw(&PathElement::new(vec![(c as i32 * cell, 0), (c as i32 * cell, edge)], line))?;
        }
    }
    Ok(())
}

/// Four panels: the digit with 2×2 regions, their max, the digit with the fractional regions,
/// their max. `digit` is 8×8 with values 0…16.
pub fn draw_pooling<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    digit: &[f64],
    plain: Regions,
    fractional: Regions,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = small_font(font_px(area).min(area.dim_in_pixel().1 / 9));
    let side = (digit.len() as f64).sqrt().round() as usize;
    let panels = area.split_evenly((1, 4));
    let pooled = |(rows, cols): Regions| max_pool(digit, side, rows, cols);
    let shown = [
        (labels.get("pool_2x2").to_string(), digit.to_vec(), side, Some(plain)),
        (
            format!("{} {}×{}", labels.get("output"), plain.0.len() - 1, plain.1.len() - 1),
            pooled(plain),
            plain.1.len() - 1,
            None,
        ),
        (labels.get("pool_fmp").to_string(), digit.to_vec(), side, Some(fractional)),
        (
            format!("{} {}×{}", labels.get("output"), fractional.0.len() - 1, fractional.1.len() - 1),
            pooled(fractional),
            fractional.1.len() - 1,
            None,
        ),
    ];
    // Titles wrapped to their panels; every picture under the longest.
    let wide = panels[0].dim_in_pixel().0 as i32 - font as i32;
    let lines = shown.iter().map(|(t, ..)| chart::wrap(t, font, wide).len()).max().unwrap_or(1);
    let top = chart::title_height(lines, font) + font / 4;
    for (panel, (title, image, n, regions)) in panels.iter().zip(shown) {
        chart::title(panel, &title, font)?;
        let body = panel.margin(top, font / 2, font / 2, font / 2);
        draw_cells(&body, &image, n, 16.0, regions)?;
    }
    Ok(())
}
