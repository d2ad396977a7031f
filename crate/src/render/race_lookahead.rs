//! Nesterov's look-ahead picture on the race's overlay: the arrows of
//! [`crate::scene::race_lookahead::LookAhead`], magnified about the point, each named.

use super::race::{optimizer_color, SurfaceChart};
use super::{font_px, thick, Labels};
use crate::optim::OptimizerKind;
use crate::scene::race_lookahead::LookAhead;
use plotters::coord::Shift;
use plotters::prelude::*;

/// An arrow from `from` to `to` (surface coordinates) with its head in pixels.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SurfaceChart<'_, DB>,
    (from, to): ([f64; 2], [f64; 2]),
    style: ShapeStyle,
) -> Result<(i32, i32), DrawingAreaErrorKind<DB::ErrorType>> {
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
    Ok(b)
}

/// Nesterov's look-ahead picture at one run's point: the velocity (dashed grey), the gradient
/// step at the point and at the look-ahead point (orange), and the momentum and Nesterov steps.
pub(super) fn draw_look_ahead<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &SurfaceChart<'_, DB>,
    p: &LookAhead,
    labels: &Labels,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = super::small_font(font_px(area) * 4 / 5);
    let w = thick(3);
    // Magnified about the point so the arrows read from the back row (the factor is printed):
    // the longest one spans about a fifth of the plot.
    let px_len = |v: [f64; 2]| {
        let (a, b) = (
            chart.backend_coord(&(p.point[0], p.point[1])),
            chart.backend_coord(&(p.point[0] + v[0], p.point[1] + v[1])),
        );
        f64::from(b.0 - a.0).hypot(f64::from(b.1 - a.1))
    };
    let longest = [p.velocity, p.gradient, p.look_gradient, p.momentum_step, p.nesterov_step]
        .map(px_len)
        .into_iter()
        .fold(0.0, f64::max);
    let target = f64::from(chart.plotting_area().dim_in_pixel().0) / 5.0;
    let zoom = if longest > 0.0 { (target / longest).clamp(1.0, 100.0).round() } else { 1.0 };
    let at = |v: [f64; 2]| [p.point[0] + zoom * v[0], p.point[1] + zoom * v[1]];
    let plus = |a: [f64; 2], v: [f64; 2]| [a[0] + zoom * v[0], a[1] + zoom * v[1]];
    let grey = RGBColor(90, 90, 90).stroke_width(w);
    let orange = RGBColor(213, 94, 0).stroke_width(w);
    let (momentum, nesterov) = (optimizer_color(OptimizerKind::Momentum), optimizer_color(OptimizerKind::Nesterov));
    let look = at(p.velocity);
    let parts = [
        ((p.point, look), grey, "velocity"),
        ((p.point, at(p.gradient)), orange, "gradient"),
        ((look, plus(look, p.look_gradient)), orange, "look_gradient"),
        ((p.point, at(p.momentum_step)), momentum.stroke_width(w + 2), "momentum_step"),
        ((p.point, at(p.nesterov_step)), nesterov.stroke_width(w + 2), "nesterov_step"),
    ];
    if zoom > 1.0 {
        let (x, y) = chart.backend_coord(&(p.point[0], p.point[1]));
        let note = format!("× {zoom}");
        area.draw(&Text::new(note, (x - font as i32 * 3, y + font as i32 / 2), ("sans-serif", font).into_font()))?;
    }
    for (ends, style, key) in parts {
        let tip = arrow(area, chart, ends, style)?;
        // Only arrows long enough to tell apart get a name (near a minimum they all shrink).
        let (a, b) = (chart.backend_coord(&(ends.0[0], ends.0[1])), tip);
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let length = dx.hypot(dy);
        if length >= f64::from(font * 3) {
            // Beyond the tip along the arrow, so that arrows from one point keep their names apart.
            let text = labels.get(key);
            let (f, width) = (f64::from(font), f64::from(super::chart::text_width(font, text)));
            let (x, y) = (f64::from(b.0) + dx / length * f, f64::from(b.1) + dy / length * f);
            let x = if dx < 0.0 { x - width } else { x };
            area.draw(&Text::new(
                text.to_string(),
                (x as i32, (y - f / 2.0) as i32),
                ("sans-serif", font).into_font(),
            ))?;
        }
    }
    Ok(())
}
