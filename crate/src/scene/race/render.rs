//! Drawing the optimizer race: the loss surface (axes, heatmap, contours, minima), the paths
//! up to the animation step, and the loss-vs-step chart. Generic over plotters' backend:
//! the page draws on canvases, tests and the CLI draw SVG.

use crate::optim::OptimizerKind;
use crate::render::chart::{short, PlotMapping};
use crate::render::colormap::{Rgb, SERIES};
use crate::render::contour::iso_lines;
use crate::render::raster::{level, level_range, sample, Window, CONTOUR_LEVELS};
use crate::render::{fits_along_height, font_px, raster, thick, tick_counts, x_label_area, Labels, SANS};
use crate::scene::race::lookahead::look_ahead;
use crate::scene::race::Race;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Grid size used for contour lines (heatmap pixels are sampled separately, at full size).
const CONTOUR_GRID: usize = 160;

pub(super) type SurfaceChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

// A new optimizer needs its own colour: adding a kind without one to the palette fails to build.
const _: () =
    assert!(SERIES.len() >= OptimizerKind::ALL.len(), "add a colour to colormap::SERIES for the new optimizer");

/// Each optimizer keeps its own colour whichever others are in the race.
pub fn optimizer_color(kind: OptimizerKind) -> RGBColor {
    let i = OptimizerKind::ALL.iter().position(|&k| k == kind).unwrap_or(0);
    let (r, g, b): Rgb = SERIES[i];
    RGBColor(r, g, b)
}

/// A run's colour: its optimizer's, or with several minibatch sizes, one hue per size (the
/// legend names each run).
pub fn run_color(race: &Race, run: &crate::scene::race::Run) -> RGBColor {
    let sizes = &race.config().batches;
    match run.batch.and_then(|b| sizes.iter().position(|&s| s == b)) {
        Some(i) if sizes.len() > 1 => {
            let k = OptimizerKind::ALL.iter().position(|&k| k == run.optimizer).unwrap_or(0);
            let (r, g, b): Rgb = SERIES[(k + 3 * i + 1) % SERIES.len()];
            RGBColor(r, g, b)
        }
        _ => optimizer_color(run.optimizer),
    }
}

/// The surface's view box grown along one axis to the shape of a `width`×`height` plotting
/// area, so that one unit is as long on screen in x as in y (a narrow valley looks narrow, and
/// the gradient looks perpendicular to the contours).
pub fn equal_aspect(race: &Race, (width, height): (u32, u32)) -> Window {
    let v = race.surface().view_box();
    let (dx, dy) = (v.x_max - v.x_min, v.y_max - v.y_min);
    let (pw, ph) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let (cx, cy) = ((v.x_min + v.x_max) / 2.0, (v.y_min + v.y_max) / 2.0);
    // Units per pixel: the larger of the two fits, so the whole view box stays visible.
    let scale = (dx / pw).max(dy / ph);
    let (hx, hy) = (scale * pw / 2.0, scale * ph / 2.0);
    Window { x_min: cx - hx, x_max: cx + hx, y_min: cy - hy, y_max: cy + hy }
}

/// The plotting area's size inside `area` (the margins and tick-label areas of [`surface_chart`]).
fn plot_size<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> (u32, u32) {
    let (w, h) = area.dim_in_pixel();
    let font = font_px(area);
    (w.saturating_sub(font * 2 + font * 4), h.saturating_sub(font * 2 + x_label_area(font)))
}

/// The data window of the race's surface on `area`, at equal aspect.
pub fn window<DB: DrawingBackend>(race: &Race, area: &DrawingArea<DB, Shift>) -> Window {
    equal_aspect(race, plot_size(area))
}

/// Same geometry on the base and the overlay canvas, so paths land exactly on the surface.
fn surface_chart<'a, DB: DrawingBackend>(area: &'a DrawingArea<DB, Shift>, w: Window) -> SurfaceChart<'a, DB> {
    let font = font_px(area);
    ChartBuilder::on(area)
        .margin(font)
        .x_label_area_size(x_label_area(font))
        .y_label_area_size(font * 4)
        .build_cartesian_2d(w.x_min..w.x_max, w.y_min..w.y_max)
        .expect("a finite, non-empty view box")
}

/// Draw axes, the heatmap (through `paint_heatmap`, which gets the plot mapping and returns
/// whether it already drew the contour lines into its pixels) and otherwise vector contour
/// lines, then the known minima. Returns the mapping for clicks.
pub fn draw_surface<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    paint_heatmap: impl FnOnce(&PlotMapping, &SurfaceChart<'_, DB>) -> bool,
) -> Result<PlotMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let w = window(race, area);
    let mut chart = surface_chart(area, w);
    let font = font_px(area);
    let (x_labels, y_labels) = tick_counts(area, font);
    // A data-fit surface is a loss over two weights.
    let axes = if race.surface().data.is_some() { ("w₁", "w₂") } else { ("x", "y") };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(x_labels)
        .y_labels(y_labels)
        .x_desc(axes.0)
        .y_desc(axes.1)
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let (px, py) = chart.plotting_area().get_pixel_range();
    let mapping = PlotMapping { px: (px.start, px.end), py: (py.start, py.end), window: w };
    let surface = race.surface();
    if !paint_heatmap(&mapping, &chart) {
        draw_vector_contours(&chart, race, w)?;
    }
    let font = font_px(area);
    let star = thick(font / 2) as i32;
    chart.draw_series(
        surface
            .minima()
            .into_iter()
            .map(|m| Cross::new((m[0], m[1]), star, RGBColor(20, 20, 20).stroke_width(thick(3)))),
    )?;
    Ok(mapping)
}

/// Contour lines by marching squares, as vector paths: crisp at any device pixel ratio.
fn draw_vector_contours<DB: DrawingBackend>(
    chart: &SurfaceChart<'_, DB>,
    race: &Race,
    w: Window,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let surface = race.surface();
    let grid = sample(CONTOUR_GRID, CONTOUR_GRID, w, |x, y| surface.value([x, y]));
    let floor = grid.iter().copied().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    let levels: Vec<f64> = grid.iter().map(|&v| level(v, floor)).collect();
    let (lo, hi) = level_range(&grid, floor);
    let to_data = |(c, r): (f64, f64)| {
        let fx = (c + 0.5) / CONTOUR_GRID as f64;
        let fy = (r + 0.5) / CONTOUR_GRID as f64;
        (w.x_min + fx * (w.x_max - w.x_min), w.y_max - fy * (w.y_max - w.y_min))
    };
    let line = RGBColor(70, 80, 95).mix(0.55).stroke_width(1);
    for i in 1..CONTOUR_LEVELS {
        let lv = lo + (hi - lo) * i as f64 / CONTOUR_LEVELS as f64;
        for points in iso_lines(&levels, CONTOUR_GRID, CONTOUR_GRID, lv) {
            chart.plotting_area().draw(&PathElement::new(points.into_iter().map(to_data).collect::<Vec<_>>(), line))?;
        }
    }
    Ok(())
}

/// Draw every run's path up to the animation step on a transparent overlay, and with the
/// look-ahead switch Nesterov's picture at the momentum runs' points.
pub fn draw_paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    labels: &Labels,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = surface_chart(area, window(race, area));
    let font = font_px(area);
    let width = thick((font / 6).max(2));
    let start = race.config().start;
    chart.draw_series(std::iter::once(Circle::new((start[0], start[1]), width as i32 * 3, BLACK.filled())))?;
    for run in race.runs() {
        let color = run_color(race, run);
        let shown = run.index_at(race.shown());
        let points: Vec<(f64, f64)> = run.path[..=shown].iter().map(|p| (p[0], p[1])).collect();
        // A white halo under each path keeps it readable over contours and other paths.
        chart.draw_series(std::iter::once(PathElement::new(points.clone(), WHITE.mix(0.8).stroke_width(width + 3))))?;
        chart.draw_series(std::iter::once(PathElement::new(points.clone(), color.stroke_width(width))))?;
        let last = *points.last().expect("a path holds its start");
        let diverged = run.diverged_at.is_some_and(|d| d <= race.shown());
        if diverged {
            chart.draw_series(std::iter::once(Cross::new(last, width as i32 * 5, color.stroke_width(width + 1))))?;
        } else {
            chart.draw_series(std::iter::once(Circle::new(last, width as i32 * 3, color.filled())))?;
            chart.draw_series(std::iter::once(Circle::new(last, width as i32 * 3, WHITE.stroke_width(2))))?;
        }
    }
    if race.config().look_ahead {
        let pictures: Vec<_> = race.runs().iter().filter_map(|run| look_ahead(race, run)).collect();
        crate::scene::race::render_lookahead::draw_look_aheads(area, &chart, &pictures, labels)?;
    }
    Ok(())
}

/// Loss against step for every run up to the animation step. With known minima the y-axis is
/// log(loss − f*) (how far from the optimum); on a surface unbounded below, the plain loss.
pub fn draw_losses<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    labels: &Labels,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let surface = race.surface();
    let optimum = surface.minima().iter().map(|&m| surface.value(m)).fold(f64::INFINITY, f64::min);
    let shown = race.shown();
    // Against steps, or against examples processed (what GD and SGD each cost) on a log axis:
    // one SGD step sees one example, one GD step all N. The log axis is drawn as log10 on a
    // linear one (ticks read 10^v), so the start (0 examples) is left out there.
    let by_examples = race.config().x_axis == "examples";
    let x_of = |run: &crate::scene::race::Run, k: usize| {
        if by_examples {
            (run.examples[k] as f64).log10()
        } else {
            k as f64
        }
    };
    let steps = if by_examples {
        race.runs().iter().map(|r| x_of(r, r.examples.len() - 1)).fold(1.0, f64::max)
    } else {
        race.config().steps as f64
    };
    let x_desc = labels.get(if by_examples { "examples_log" } else { "step" });
    let x_text = |v: &f64| if by_examples { short(10f64.powf(*v).round()) } else { format!("{v:.0}") };
    let series = |run: &crate::scene::race::Run| -> Vec<(f64, f64)> {
        let end = run.index_at(shown);
        let points = run.losses[..=end].iter().enumerate().map(|(k, &l)| (x_of(run, k), l));
        points.filter(|(x, _)| x.is_finite()).collect()
    };
    let mesh_font = (SANS, font);
    // As many ticks as fit: a short chart beside a projector's legend has room for three; its
    // y description goes above the plot when it is longer than the axis.
    let (x_ticks, y_ticks) = tick_counts(area, font);
    let y_word = labels.get(if optimum.is_finite() { "loss_gap" } else { "loss" });
    let y_along = fits_along_height(area, font, y_word);
    let plot_area = if y_along {
        area.clone()
    } else {
        area.draw(&Text::new(y_word.to_string(), (font as i32 * 5, font as i32 / 3), mesh_font.into_font()))?;
        area.margin(font * 6 / 5, 0, 0, 0)
    };
    let y_desc = if y_along { y_word } else { "" };
    let mut builder = ChartBuilder::on(&plot_area);
    builder.margin(font).x_label_area_size(x_label_area(font)).y_label_area_size(font * 4 + font / 2);
    if optimum.is_finite() {
        let gap = |l: f64| (l - optimum).max(1e-12);
        let all: Vec<f64> = race.runs().iter().flat_map(|r| r.losses.iter().map(|&l| gap(l))).collect();
        let (lo, hi) = bounds(&all, true);
        let mut chart = builder.build_cartesian_2d(0.0..steps.max(1.0), (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(x_ticks)
            .y_labels(y_ticks)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&x_text)
            .label_style(mesh_font)
            .axis_desc_style(mesh_font)
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .draw()?;
        for run in race.runs() {
            let pts = series(run).into_iter().map(|(k, l)| (k, gap(l)));
            chart.draw_series(LineSeries::new(pts, run_color(race, run).stroke_width(thick((font / 7).max(2)))))?;
        }
    } else {
        let all: Vec<f64> = race.runs().iter().flat_map(|r| r.losses.iter().copied()).collect();
        let (lo, hi) = bounds(&all, false);
        let mut chart = builder.build_cartesian_2d(0.0..steps.max(1.0), lo..hi)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(x_ticks)
            .y_labels(y_ticks)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&x_text)
            .y_label_formatter(&|v| short(*v))
            .label_style(mesh_font)
            .axis_desc_style(mesh_font)
            .draw()?;
        for run in race.runs() {
            chart.draw_series(LineSeries::new(
                series(run),
                run_color(race, run).stroke_width(thick((font / 7).max(2))),
            ))?;
        }
    }
    Ok(())
}

/// A finite, non-empty axis range around `values` (positive when `log`).
fn bounds(values: &[f64], log: bool) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite() && (!log || *v > 0.0));
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    match (lo.is_finite(), log) {
        (false, true) => (1e-12, 1.0),
        (false, false) => (-1.0, 1.0),
        (true, true) => (lo.max(1e-12) / 2.0, (hi * 2.0).max(lo * 10.0)),
        (true, false) => {
            let pad = ((hi - lo) * 0.05).max(1e-9);
            (lo - pad, hi + pad)
        }
    }
}

/// The data window a surface chart was built on.
fn chart_window<DB: DrawingBackend>(chart: &SurfaceChart<'_, DB>) -> Window {
    let (x, y) = (chart.x_range(), chart.y_range());
    Window { x_min: x.start, x_max: x.end, y_min: y.start, y_max: y.end }
}

/// Heatmap as a grid of filled cells: for vector output (SVG), where there is no pixel blit.
/// Returns false: the contour lines are left to vector paths.
pub fn paint_cells<DB: DrawingBackend>(race: &Race, chart: &SurfaceChart<'_, DB>, cells: usize) -> bool {
    let w = chart_window(chart);
    let surface = race.surface();
    let values = sample(cells, cells, w, |x, y| surface.value([x, y]));
    let floor = values.iter().copied().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    let mut rgba = vec![0u8; values.len() * 4];
    raster::fill_rgba(&mut rgba, &values, floor);
    let (dx, dy) = ((w.x_max - w.x_min) / cells as f64, (w.y_max - w.y_min) / cells as f64);
    for (i, px) in rgba.chunks_exact(4).enumerate() {
        let (c, r) = ((i % cells) as f64, (i / cells) as f64);
        let x0 = w.x_min + c * dx;
        let y0 = w.y_max - r * dy;
        let rect = Rectangle::new([(x0, y0), (x0 + dx, y0 - dy)], RGBColor(px[0], px[1], px[2]).filled());
        let _ = chart.plotting_area().draw(&rect);
    }
    false // contour lines are drawn as vectors on top
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::set_emphasis;

    #[test]
    fn the_surface_has_one_scale_for_x_and_y_and_keeps_its_whole_view_box() {
        for surf in ["quadratic", "rosenbrock", "beale", "linreg"] {
            let race = Race::new(RaceConfig::from_hash(&format!("surf={surf}")).unwrap()).unwrap();
            let v = race.surface().view_box();
            for size in [(400, 300), (300, 400), (500, 500)] {
                let w = equal_aspect(&race, size);
                let (ux, uy) = ((w.x_max - w.x_min) / f64::from(size.0), (w.y_max - w.y_min) / f64::from(size.1));
                assert!((ux - uy).abs() < 1e-12 * ux, "{surf} {size:?}: {ux} vs {uy} units per pixel");
                assert!(w.x_min <= v.x_min && w.x_max >= v.x_max && w.y_min <= v.y_min && w.y_max >= v.y_max);
                let tight = (w.x_min - v.x_min).abs() < 1e-12 || (w.y_min - v.y_min).abs() < 1e-12;
                assert!(tight, "{surf}: one axis keeps the view box exactly");
            }
        }
    }
    use crate::scene::race::RaceConfig;

    /// Pixels the paths cover on a white 400×400 bitmap at a given presenter emphasis.
    fn path_ink(race: &Race, emphasis: f64) -> usize {
        const SIDE: u32 = 400;
        let mut pixels = vec![255u8; (SIDE * SIDE * 3) as usize];
        set_emphasis(emphasis);
        {
            let area = BitMapBackend::with_buffer(&mut pixels, (SIDE, SIDE)).into_drawing_area();
            draw_paths(&area, race, &Labels::default()).expect("drawn");
        }
        set_emphasis(1.0);
        pixels.chunks(3).filter(|p| *p != [255, 255, 255]).count()
    }

    #[test]
    fn presenter_emphasis_draws_thicker_paths() {
        let mut race = Race::new(RaceConfig::default()).expect("default race");
        race.step(usize::MAX);
        let (normal, presenter) = (path_ink(&race, 1.0), path_ink(&race, 1.6));
        assert!(normal > 0, "the paths are drawn");
        // Strokes 2 → 3 px; paths overlap near the minimum, so the ink grows by less than 1.5×.
        assert!(presenter as f64 > 1.15 * normal as f64, "{presenter} vs {normal} pixels");
    }
}
