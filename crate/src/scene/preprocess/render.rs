//! Drawing the preprocessing scene: a 2D cloud with its 2σ covariance ellipse and principal
//! axes, the loss surface of linear regression on it (exact elliptic contours, gradient
//! descent's path), both as small multiples of every stage; and for the digits, 8×8 images
//! (mean, std, principal components, a digit rebuilt from k of them) and the spectrum.
//! Every plane is drawn at equal aspect, so a rotation looks like one and whitened data round.

use crate::preprocess::eigen;
use crate::render::chart::{short, ACTIVATION_BARS, GRADIENT_BARS};
use crate::render::raster::Window;
use crate::render::{chart, font_px, thick, tick_counts, x_label_area, Labels, SANS};
use crate::scene::preprocess::fit::StageFit;
use crate::scene::Preprocessing;
use crate::surface::fit_data::{START_OFFSET, W_TRUE};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The i18n chart key of each stage name.
pub fn stage_label(name: &str) -> String {
    format!("stage_{name}")
}

/// `bounds` grown so that one data unit takes as many pixels across as up a `(w, h)` plot.
fn equal_aspect(bounds: Window, (w, h): (u32, u32)) -> Window {
    let (bw, bh) = (bounds.x_max - bounds.x_min, bounds.y_max - bounds.y_min);
    let per_px = (bw / w.max(1) as f64).max(bh / h.max(1) as f64);
    let (cx, cy) = ((bounds.x_min + bounds.x_max) / 2.0, (bounds.y_min + bounds.y_max) / 2.0);
    let (hw, hh) = (per_px * w as f64 / 2.0, per_px * h as f64 / 2.0);
    Window { x_min: cx - hw, x_max: cx + hw, y_min: cy - hh, y_max: cy + hh }
}

/// A chart over `bounds` at equal aspect with a title, axis names and the origin's axes.
fn plane<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    bounds: Window,
    title: &str,
    axes: (&str, &str),
) -> Result<(Plane<'a, DB>, Window), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    // A panel of a narrow strip (five stages across half a small screen) takes smaller type:
    // the projector's would run titles and ticks into each other.
    let font = font_px(area).min((area.dim_in_pixel().0 / 7).max(9));
    let (x_area, y_area) = (x_label_area(font), font * 3);
    // The title is drawn as plain text, wrapped to the panel: a centred caption would have
    // plotters measure it through an inline style, which the page's CSP forbids.
    let top = chart::title(area, title, font)? + font / 2 + 2;
    let (w, h) = area.dim_in_pixel();
    let plot = (w.saturating_sub(y_area + font), h.saturating_sub(x_area + top + font / 2));
    let v = equal_aspect(bounds, plot);
    let mut chart = ChartBuilder::on(area)
        .margin(font / 2)
        .margin_top(top)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(v.x_min..v.x_max, v.y_min..v.y_max)?;
    let (xt, yt) = tick_counts(area, font);
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(235, 235, 235))
        .x_labels(xt.min(5))
        .y_labels(yt.min(5))
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .x_desc(axes.0)
        .y_desc(axes.1)
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let grey = RGBColor(120, 120, 120).stroke_width(1);
    chart.draw_series([
        PathElement::new(vec![(v.x_min, 0.0), (v.x_max, 0.0)], grey),
        PathElement::new(vec![(0.0, v.y_min), (0.0, v.y_max)], grey),
    ])?;
    Ok((chart, v))
}

type Plane<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The parts of a polyline inside `w` (plotters does not clip series to the plot area).
fn clipped(points: &[(f64, f64)], w: Window) -> Vec<Vec<(f64, f64)>> {
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut open = false;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        // Liang–Barsky: the parameter interval [t0, t1] of the segment inside the window.
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let sides = [(-dx, a.0 - w.x_min), (dx, w.x_max - a.0), (-dy, a.1 - w.y_min), (dy, w.y_max - a.1)];
        let inside = sides.iter().all(|&(p, q)| {
            if p == 0.0 {
                return q >= 0.0;
            }
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            t0 <= t1
        });
        if !inside {
            open = false;
            continue;
        }
        let (p, q) = ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy));
        match parts.last_mut() {
            Some(part) if open && t0 == 0.0 => part.push(q),
            _ => parts.push(vec![p, q]),
        }
        open = t1 == 1.0;
    }
    parts
}

/// Draw `points` as a line clipped to `w`.
fn draw_line<DB: DrawingBackend>(
    chart: &mut Plane<'_, DB>,
    points: &[(f64, f64)],
    w: Window,
    style: ShapeStyle,
) -> DrawResult<DB> {
    // Points closer than a pixel or so dropped: plotters' bitmap backend draws a thick line's
    // zero-length segments as long spikes.
    let tiny = (w.x_max - w.x_min) / 150.0;
    let mut kept: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &p in points {
        if kept.last().is_none_or(|q| (p.0 - q.0).hypot(p.1 - q.1) > tiny) {
            kept.push(p);
        }
    }
    chart.draw_series(clipped(&kept, w).into_iter().map(|part| PathElement::new(part, style)))?;
    Ok(())
}

/// The box around `points` and the origin (so a cloud far from 0 shows it), padded.
fn bounds_of(points: impl Iterator<Item = [f64; 2]>) -> Window {
    let mut b = Window { x_min: 0.0, x_max: 0.0, y_min: 0.0, y_max: 0.0 };
    for [x, y] in points {
        b = Window { x_min: b.x_min.min(x), x_max: b.x_max.max(x), y_min: b.y_min.min(y), y_max: b.y_max.max(y) };
    }
    let pad = 0.08 * (b.x_max - b.x_min).max(b.y_max - b.y_min).max(1e-9);
    Window { x_min: b.x_min - pad, x_max: b.x_max + pad, y_min: b.y_min - pad, y_max: b.y_max + pad }
}

/// Mean and population covariance of 2D points.
fn moments(points: &[[f64; 2]]) -> ([f64; 2], [[f64; 2]; 2]) {
    let n = points.len().max(1) as f64;
    let m = [points.iter().map(|p| p[0]).sum::<f64>() / n, points.iter().map(|p| p[1]).sum::<f64>() / n];
    let mut c = [[0.0; 2]; 2];
    for p in points {
        let d = [p[0] - m[0], p[1] - m[1]];
        for (i, row) in c.iter_mut().enumerate() {
            row.iter_mut().zip(d).for_each(|(v, dj)| *v += d[i] * dj / n);
        }
    }
    (m, c)
}

/// Eigenvalues (descending) and unit eigenvectors of a symmetric 2×2 matrix (the pipeline's own
/// eigendecomposition: one code path for every eigenvector on the page).
fn eigen2(m: [[f64; 2]; 2]) -> ([f64; 2], [[f64; 2]; 2]) {
    let (values, vectors) = eigen(&[m[0].to_vec(), m[1].to_vec()]);
    ([values[0], values[1]], [[vectors[0][0], vectors[0][1]], [vectors[1][0], vectors[1][1]]])
}

/// Vertices of a drawn ellipse (many: only a sliver of a long thin one may be in view).
const ELLIPSE_POINTS: usize = 720;

/// The points on the ellipse centre + a·cos θ·u₁ + b·sin θ·u₂ of a symmetric 2×2 matrix with
/// eigenpairs (λᵢ, uᵢ), a = radius(λ₁), b = radius(λ₂).
fn ellipse(centre: [f64; 2], matrix: [[f64; 2]; 2], radius: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let (l, u) = eigen2(matrix);
    let (a, b) = (radius(l[0]), radius(l[1]));
    (0..=ELLIPSE_POINTS)
        .map(|i| {
            let t = i as f64 / ELLIPSE_POINTS as f64 * std::f64::consts::TAU;
            let (c, s) = (a * t.cos(), b * t.sin());
            (centre[0] + c * u[0][0] + s * u[1][0], centre[1] + c * u[0][1] + s * u[1][1])
        })
        .collect()
}

/// A cloud with its mean, 2σ covariance ellipse and principal axes (±2σ along each).
pub fn draw_cloud<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[[f64; 2]],
    title: &str,
) -> DrawResult<DB> {
    let (mut chart, w) = plane(area, bounds_of(points.iter().copied()), title, ("x₁", "x₂"))?;
    let r = thick(2);
    chart.draw_series(points.iter().map(|p| Circle::new((p[0], p[1]), r, ACTIVATION_BARS.mix(0.45).filled())))?;
    let (m, cov) = moments(points);
    let ring = ellipse(m, cov, |l| 2.0 * l.max(0.0).sqrt());
    draw_line(&mut chart, &ring, w, GRADIENT_BARS.stroke_width(thick(3)))?;
    let (values, vectors) = eigen2(cov);
    for (u, l) in vectors.iter().zip(values) {
        let s = 2.0 * l.max(0.0).sqrt();
        let ends = vec![(m[0] - s * u[0], m[1] - s * u[1]), (m[0] + s * u[0], m[1] + s * u[1])];
        draw_line(&mut chart, &ends, w, BLACK.stroke_width(thick(2)))?;
    }
    chart.draw_series([Cross::new((m[0], m[1]), thick(6) as i32, BLACK.stroke_width(thick(3)))])?;
    Ok(())
}

/// The weight plane every fit is drawn on: around `W_TRUE`, the start inside.
fn weight_bounds() -> Window {
    let r = 1.25 * START_OFFSET[0].abs().max(START_OFFSET[1].abs());
    Window { x_min: W_TRUE[0] - r, x_max: W_TRUE[0] + r, y_min: W_TRUE[1] - r, y_max: W_TRUE[1] + r }
}

/// The loss surface of one fit: contours of L − L* at the start's level halved again and again
/// (exact ellipses of the quadratic), gradient descent's path, the minimum.
pub fn draw_fit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, fit: &StageFit, title: &str) -> DrawResult<DB> {
    let (mut chart, w) = plane(area, weight_bounds(), title, ("w₁", "w₂"))?;
    let h = fit.hessian;
    let top = fit.excess(fit.path[0]);
    for k in 0..12 {
        let level = top * 0.5f64.powi(k - 2);
        let ring = ellipse(fit.minimum, h, |l| if l > 0.0 { (2.0 * level / l).sqrt() } else { 1e3 });
        draw_line(&mut chart, &ring, w, RGBColor(150, 160, 175).stroke_width(1))?;
    }
    let path: Vec<(f64, f64)> = fit.path.iter().map(|w| (w[0], w[1])).collect();
    // Segment by segment: a polyline's mitre joins at gradient descent's reversals would spike.
    for segment in path.windows(2) {
        draw_line(&mut chart, segment, w, BLACK.stroke_width(thick(2)))?;
    }
    let inside = |p: &&(f64, f64)| (w.x_min..=w.x_max).contains(&p.0) && (w.y_min..=w.y_max).contains(&p.1);
    chart.draw_series(path.iter().filter(inside).map(|&p| Circle::new(p, thick(3), GRADIENT_BARS.filled())))?;
    let m = (fit.minimum[0], fit.minimum[1]);
    chart.draw_series([Cross::new(m, thick(6) as i32, ACTIVATION_BARS.stroke_width(thick(3)))])?;
    Ok(())
}

/// What a row of small multiples shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panels {
    /// Each stage's cloud.
    Clouds,
    /// Each stage's loss surface.
    Fits,
}

/// One panel per stage, side by side, titled with the stage (and κ for the fits).
pub fn draw_stages<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Preprocessing,
    panels: Panels,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    if scene.is_images() {
        return Ok(()); // images have no 2D picture (a late redraw after a switch to the digits)
    }
    let stages = &scene.pipeline().stages;
    let cells = area.split_evenly((1, stages.len()));
    for (i, ((cell, stage), fit)) in cells.iter().zip(stages).zip(scene.fits()).enumerate() {
        let name = labels.get(&stage_label(stage.kind.name())).to_string();
        match panels {
            Panels::Clouds => draw_cloud(cell, &scene.points_at(i as f64), &name)?,
            // Only κ: the cloud strip above names the stage, and full titles would touch.
            Panels::Fits => draw_fit(cell, fit, &format!("κ = {}", kappa_text(fit.kappa)))?,
        }
    }
    Ok(())
}

/// The stage position `t`'s name in the labels' language: "raw", or "zero-centred →
/// normalized" while moving between two stages.
fn stage_title(scene: &Preprocessing, t: f64, labels: &Labels) -> String {
    let stages = &scene.pipeline().stages;
    let name = |i: usize| labels.get(&stage_label(stages[i].kind.name())).to_string();
    let i = t.floor() as usize;
    if t.fract() == 0.0 || i + 1 >= stages.len() {
        name(i.min(stages.len() - 1))
    } else {
        format!("{} → {}", name(i), name(i + 1))
    }
}

/// The cloud at the scene's stage position, titled with it (2D data; images draw nothing).
pub fn draw_current_cloud<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Preprocessing,
    labels: &Labels,
) -> DrawResult<DB> {
    if scene.is_images() {
        return Ok(()); // a late redraw after a switch to the digits: nothing 2D to show
    }
    let t = scene.config().stage;
    draw_cloud(area, &scene.points_at(t), &stage_title(scene, t, labels))
}

/// The loss surface of linear regression on the cloud at the scene's stage position, titled
/// with the stage and κ (2D data; images draw nothing).
pub fn draw_current_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &Preprocessing,
    labels: &Labels,
) -> DrawResult<DB> {
    if scene.is_images() {
        return Ok(());
    }
    let t = scene.config().stage;
    let fit = scene.fit_at(t);
    draw_fit(area, &fit, &format!("{}: κ = {}", stage_title(scene, t, labels), kappa_text(fit.kappa)))
}

/// κ in three significant digits ("386", "11", "1").
pub fn kappa_text(kappa: f64) -> String {
    if !kappa.is_finite() {
        return "∞".into();
    }
    let digits = (2 - kappa.abs().max(1.0).log10().floor() as i32).max(0) as usize;
    let text = format!("{kappa:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_lines_inside_the_window() {
        let w = Window { x_min: 0.0, x_max: 1.0, y_min: 0.0, y_max: 1.0 };
        let parts = clipped(&[(-1.0, 0.5), (2.0, 0.5), (0.5, 0.5), (0.5, 3.0)], w);
        for p in parts.iter().flatten() {
            assert!((0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1), "{p:?}");
        }
        assert_eq!(parts, vec![vec![(0.0, 0.5), (1.0, 0.5)], vec![(1.0, 0.5), (0.5, 0.5), (0.5, 1.0)]]);
    }

    #[test]
    fn kappa_reads_in_three_significant_digits() {
        let shown: Vec<String> = [385.96, 10.985, 8.3128, 1.00007, f64::INFINITY].map(kappa_text).to_vec();
        assert_eq!(shown, ["386", "11", "8.31", "1", "∞"]);
    }
}
