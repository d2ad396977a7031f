//! Chart pieces every renderer shares: the plot-to-data mapping (clicks and blits), the two
//! paired series colours, legends, wrapped titles and compact number labels, and the text
//! width estimate that places them. Renderers share through this module and `render`'s own
//! items, never through each other.

use super::colormap::{Rgb, SERIES};
use super::raster::Window;
use super::thick;
use crate::data::{Dataset, Standardizer};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The two paired series colours: activations and gradients (histogram bars, std chart),
/// f and f′, train and validation.
pub const ACTIVATION_BARS: RGBColor = RGBColor(0, 114, 178);
/// The second of the paired series colours (see [`ACTIVATION_BARS`]).
pub const GRADIENT_BARS: RGBColor = RGBColor(213, 94, 0);

/// Where the plot area sits in pixels and which data rectangle it shows (for clicks and blits).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotMapping {
    /// Pixel x range of the plot area (left, right).
    pub px: (i32, i32),
    /// Pixel y range (top, bottom).
    pub py: (i32, i32),
    /// The data window.
    pub window: Window,
}

impl PlotMapping {
    /// Data coordinates of pixel (x, y), or `None` outside the plot area.
    pub fn to_data(&self, x: f64, y: f64) -> Option<[f64; 2]> {
        let (l, r, t, b) = (self.px.0 as f64, self.px.1 as f64, self.py.0 as f64, self.py.1 as f64);
        ((l..=r).contains(&x) && (t..=b).contains(&y)).then(|| self.to_data_anywhere(x, y))
    }

    /// Data coordinates of pixel (x, y), also outside the plot area (a drag may overshoot it).
    pub fn to_data_anywhere(&self, x: f64, y: f64) -> [f64; 2] {
        let (l, r, t, b) = (self.px.0 as f64, self.px.1 as f64, self.py.0 as f64, self.py.1 as f64);
        let w = self.window;
        [w.x_min + (x - l) / (r - l) * (w.x_max - w.x_min), w.y_max - (y - t) / (b - t) * (w.y_max - w.y_min)]
    }

    /// The pixel of data point (x, y).
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let (l, r, t, b) = (self.px.0 as f64, self.px.1 as f64, self.py.0 as f64, self.py.1 as f64);
        let w = self.window;
        (l + (x - w.x_min) / (w.x_max - w.x_min) * (r - l), t + (w.y_max - y) / (w.y_max - w.y_min) * (b - t))
    }

    /// Plot area width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        ((self.px.1 - self.px.0).max(1) as u32, (self.py.1 - self.py.0).max(1) as u32)
    }
}

/// Class colours: the colour-blind-safe series palette, skipping black (used for outlines).
pub fn class_color(class: usize) -> Rgb {
    SERIES[1 + class % (SERIES.len() - 1)]
}

/// A 2D dataset's points in data coordinates (preprocessed rows mapped back by `prep`):
/// training examples filled with a thin dark outline (visible on their own class's colour),
/// validation examples as rings.
pub fn draw_points<DB: DrawingBackend>(
    chart: &Chart2d<'_, DB>,
    (train, val, prep): (&Dataset, &Dataset, &Standardizer),
    radius: i32,
) -> DrawResult<DB> {
    for (set, filled) in [(train, true), (val, false)] {
        let at = |i: usize| {
            let p = set.row(i);
            (prep.restore(0, p[0]), prep.restore(1, p[1]))
        };
        let area = chart.plotting_area();
        for i in 0..set.len() {
            let (r, g, b) = class_color(set.y[i]);
            let style = if filled { RGBColor(r, g, b).filled() } else { RGBColor(r, g, b).stroke_width(thick(2)) };
            area.draw(&Circle::new(at(i), radius, style))?;
            if filled {
                area.draw(&Circle::new(at(i), radius, BLACK.mix(0.6).stroke_width(1)))?;
            }
        }
    }
    Ok(())
}

/// Width in pixels of the box [`legend`] draws for these labels.
pub fn legend_width<'a>(font: u32, labels: impl IntoIterator<Item = &'a str>) -> i32 {
    let f = font as i32;
    let longest = labels.into_iter().map(|l| text_width(font, l)).max().unwrap_or(0);
    f * 2 + longest + f
}

/// Estimated width in pixels of `text` at `font` px. Estimated rather than measured: plotters
/// measures text in the browser through inline styles, which the page's Content-Security-Policy
/// forbids. DejaVu Sans's advances, roughly; Hangul and other wide scripts a full em.
pub fn text_width(font: u32, text: &str) -> i32 {
    let hundredths = |c: char| match c {
        ' ' | 'i' | 'j' | 'l' | 'I' | 'J' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 42,
        'm' | 'w' | 'M' | 'W' | '%' => 95,
        '0'..='9' | 'a'..='z' => 64,
        'A'..='Z' => 76,
        '+' | '=' | '×' | '−' | '→' | '±' | '≈' | '<' | '>' | '…' => 86,
        c if u32::from(c) >= 0x1100 => 100,
        _ => 70,
    };
    (text.chars().map(hundredths).sum::<u32>() * font / 100) as i32
}

/// The x at which a label of width `width` beside a vertical line at `x` stays inside
/// `0..right`: to the right of the line, or to its left near the right edge.
pub fn beside_line(x: i32, width: i32, right: i32, gap: i32) -> i32 {
    if x + gap + width <= right {
        x + gap
    } else {
        (x - gap - width).max(0)
    }
}

/// A legend box at (`left`, `top`) of `area`: a line swatch and a label per entry.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (left, top): (i32, i32),
    font: u32,
    entries: &[(RGBColor, &str)],
) -> DrawResult<DB> {
    if entries.is_empty() {
        return Ok(()); // no series yet: no empty box
    }
    let f = font as i32;
    let box_w = legend_width(font, entries.iter().map(|(_, l)| *l));
    // Shifted left if needed so that the box stays inside the area (long or enlarged labels).
    let area_w = area.dim_in_pixel().0 as i32;
    let (x0, y0) = ((left + f / 2).min(area_w - box_w - 1).max(0), top + f / 2);
    let box_h = entries.len() as i32 * (f + f / 3) + f / 2;
    area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], WHITE.mix(0.9).filled()))?;
    area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], BLACK.stroke_width(1)))?;
    for (i, (color, label)) in entries.iter().enumerate() {
        let y = y0 + f / 4 + i as i32 * (f + f / 3) + f / 2;
        area.draw(&PathElement::new(vec![(x0 + f / 3, y), (x0 + f * 5 / 3, y)], color.stroke_width(thick(4))))?;
        area.draw(&Text::new(label.to_string(), (x0 + f * 2, y - f / 2), (super::SANS, font).into_font()))?;
    }
    Ok(())
}

/// `text` broken at spaces into lines at most `width` px wide at `font` px (a longer word keeps a
/// line of its own).
pub fn wrap(text: &str, font: u32, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(font, &format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Height in pixels of a title of `lines` lines at `font` px (see [`title`]).
pub fn title_height(lines: usize, font: u32) -> u32 {
    2 + lines as u32 * (font * 11 / 10)
}

/// A title at the top left of `area`, wrapped to its width; returns the height it takes.
pub fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: u32,
) -> Result<u32, DrawingAreaErrorKind<DB::ErrorType>> {
    let f = font as i32;
    let lines = wrap(text, font, area.dim_in_pixel().0 as i32 - f);
    for (k, line) in lines.iter().enumerate() {
        area.draw(&Text::new(line.clone(), (f / 2, 2 + k as i32 * (f * 11 / 10)), (super::SANS, font).into_font()))?;
    }
    Ok(title_height(lines.len(), font))
}

/// A legend as rows of line swatches and labels across the top of `area`, as many rows as its
/// width needs; returns the height it takes.
pub fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    font: u32,
    entries: &[(RGBColor, &str)],
) -> Result<u32, DrawingAreaErrorKind<DB::ErrorType>> {
    let f = font as i32;
    let right = area.dim_in_pixel().0 as i32;
    let (mut x, mut row) = (f / 2, 0);
    for (color, label) in entries {
        let width = legend_width(font, [*label]);
        if x > f / 2 && x + width > right {
            (x, row) = (f / 2, row + 1);
        }
        let y = f / 2 + row * (f * 3 / 2);
        area.draw(&PathElement::new(vec![(x, y + f / 2), (x + f * 3 / 2, y + f / 2)], color.stroke_width(thick(4))))?;
        area.draw(&Text::new(label.to_string(), (x + f * 2, y), (super::SANS, font).into_font()))?;
        x += width + f;
    }
    Ok(((row + 1) * (f * 3 / 2) + f / 2) as u32)
}

/// A number in at most 3 significant digits, switching to exponents when tiny or huge.
pub fn short(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-2..1e4).contains(&a) {
        // "5e-12", not "5.0e-12": tick labels of neighbouring small multiples must not touch.
        let text = format!("{v:.1e}");
        match text.split_once('e') {
            Some((mantissa, exp)) if mantissa.ends_with(".0") => format!("{}e{exp}", &mantissa[..mantissa.len() - 2]),
            _ => text,
        }
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}

/// What an empty panel will show and how to start it, wrapped and centred in `area` (a blank
/// chart with a bare frame would look broken to the class).
pub fn waiting_hint<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, font: u32, hint: &str) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let lines = wrap(hint, font, w as i32 * 4 / 5);
    let line_h = font as i32 * 13 / 10;
    let top = (h as i32 - lines.len() as i32 * line_h) / 2;
    let style = (super::SANS, font).into_font().color(&RGBColor(90, 90, 90));
    let centred = style.pos(Pos::new(HPos::Center, VPos::Top));
    for (i, line) in lines.into_iter().enumerate() {
        area.draw(&Text::new(line, (w as i32 / 2, top + i as i32 * line_h), centred.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_numbers_drop_a_zero_decimal_from_exponents() {
        assert_eq!(short(5e-12), "5e-12");
        assert_eq!(short(-2.5e-4), "-2.5e-4");
        assert_eq!(short(-1e-3), "-1e-3");
        assert_eq!(short(12345.0), "1.2e4");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(0.0), "0");
    }
}
