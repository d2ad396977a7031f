//! Nesterov's look-ahead picture on the race's overlay: the arrows of
//! [`crate::scene::race::lookahead::LookAhead`], magnified about the point, named in a legend.

use crate::optim::OptimizerKind;
use crate::render::chart::{legend, legend_width};
use crate::render::{font_px, small_font, thick, Labels, SANS};
use crate::scene::race::lookahead::LookAhead;
use crate::scene::race::render::{optimizer_color, SurfaceChart};
use plotters::coord::Shift;
use plotters::prelude::*;

/// An arrow from `from` to `to` (surface coordinates) with its head in pixels.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SurfaceChart<'_, DB>,
    (from, to): ([f64; 2], [f64; 2]),
    style: ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (a, b) = (chart.backend_coord(&(from[0], from[1])), chart.backend_coord(&(to[0], to[1])));
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let length = dx.hypot(dy);
    area.draw(&PathElement::new(vec![a, b], style))?;
    if length >= 1.0 {
        let head = (length * 0.3).min(f64::from(thick(12)));
        let (ux, uy) = (dx / length, dy / length);
        for turn in [0.45f64, -0.45] {
            let (c, s) = (turn.cos(), turn.sin());
            let (hx, hy) = (ux * c - uy * s, ux * s + uy * c);
            let tip = (b.0 - (hx * head) as i32, b.1 - (hy * head) as i32);
            area.draw(&PathElement::new(vec![b, tip], style))?;
        }
    }
    Ok(())
}

/// The arrows: the velocity grey, the gradients orange and reddish purple (Okabe–Ito, apart
/// from momentum's vermillion), the two steps in their optimizers' colours.
/// An arrow's ends (surface coordinates), its style, and the i18n key of its name.
type Part = (([f64; 2], [f64; 2]), ShapeStyle, &'static str);

fn parts(p: &LookAhead, zoom: f64, w: u32) -> [Part; 5] {
    let at = |from: [f64; 2], v: [f64; 2]| [from[0] + zoom * v[0], from[1] + zoom * v[1]];
    let look = at(p.point, p.velocity);
    let (momentum, nesterov) = (optimizer_color(OptimizerKind::Momentum), optimizer_color(OptimizerKind::Nesterov));
    [
        ((p.point, look), RGBColor(90, 90, 90).stroke_width(w), "velocity"),
        ((p.point, at(p.point, p.gradient)), RGBColor(230, 159, 0).stroke_width(w), "gradient"),
        ((look, at(look, p.look_gradient)), RGBColor(204, 121, 167).stroke_width(w), "look_gradient"),
        ((p.point, at(p.point, p.momentum_step)), momentum.stroke_width(w + 2), "momentum_step"),
        ((p.point, at(p.point, p.nesterov_step)), nesterov.stroke_width(w + 2), "nesterov_step"),
    ]
}

/// Nesterov's look-ahead picture at each momentum run's point: the velocity, the gradient at
/// the point and at the look-ahead point, and the momentum and Nesterov steps, all magnified by
/// one factor; named in a legend at the plot's top right (names beside the arrows ran into each
/// other), with the factor under it.
pub(super) fn draw_look_aheads<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SurfaceChart<'_, DB>,
    pictures: &[LookAhead],
    labels: &Labels,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = small_font(font_px(area) * 4 / 5);
    let pixels = |from: [f64; 2], v: [f64; 2]| {
        let (a, b) = (chart.backend_coord(&(from[0], from[1])), chart.backend_coord(&(from[0] + v[0], from[1] + v[1])));
        f64::from(b.0 - a.0).hypot(f64::from(b.1 - a.1))
    };
    let longest = pictures
        .iter()
        .flat_map(|p| {
            [p.velocity, p.gradient, p.look_gradient, p.momentum_step, p.nesterov_step].map(|v| pixels(p.point, v))
        })
        .fold(0.0, f64::max);
    if longest <= 0.0 {
        return Ok(());
    }
    // Magnified about each point so the arrows read from the back row: the longest spans about
    // a fifth of the plot.
    let target = f64::from(chart.plotting_area().dim_in_pixel().0) / 5.0;
    let zoom = (target / longest).clamp(1.0, 100.0).round();
    let w = thick(3);
    for p in pictures {
        for (ends, style, _) in parts(p, zoom, w) {
            arrow(area, chart, ends, style)?;
        }
    }
    let entries: Vec<(RGBColor, &str)> = parts(&pictures[0], zoom, w)
        .iter()
        .map(|(_, style, key)| {
            let c = style.color.rgb();
            (RGBColor(c.0, c.1, c.2), labels.get(key))
        })
        .collect();
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (ox, oy) = area.get_base_pixel();
    let width = legend_width(font, entries.iter().map(|(_, l)| *l));
    let (left, top) = (px.end - ox - width - font as i32, py.start - oy);
    legend(area, (left, top), font, &entries)?;
    if zoom > 1.0 {
        let f = font as i32;
        let below = top + f / 2 + entries.len() as i32 * (f + f / 3) + f / 2 + f / 4;
        let x = (left + f / 2).min(area.dim_in_pixel().0 as i32 - width - 1).max(0);
        area.draw(&Text::new(format!("× {zoom}"), (x, below), (SANS, font).into_font()))?;
    }
    Ok(())
}
