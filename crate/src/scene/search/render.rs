//! Drawing the hyperparameter search: trials on the parameter axes coloured by validation
//! accuracy (log axes where the range is), the marginal of accuracy against each parameter, the
//! learning-rate sweep with its suggested range, and the lecture's fixed-rate loss curves.

use crate::render::chart::{legend_rows, short, PlotMapping, ACTIVATION_BARS};
use crate::render::colormap::{viridis, SERIES};
use crate::render::raster::Window;
use crate::render::{font_px, thick, Labels, SANS};
use crate::scene::search::SearchRun;
use crate::search::sweep::Sweep;
use crate::search::{ParamRange, Scale, TrialResult};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Range positions shown around [0, 1], so points on the bounds are not cut.
const PAD: f64 = 0.05;
const GREY: RGBColor = RGBColor(150, 150, 150);

/// Tick positions along a range with their labels, at most `max` (at least 3): decades on a
/// log range of two decades or more (every k-th one where they would crowd), else five even
/// steps (three where five would crowd).
fn ticks(r: &ParamRange, max: usize) -> Vec<(f64, String)> {
    let max = max.max(3);
    if r.scale == Scale::Log && r.hi / r.lo >= 100.0 {
        let (a, b) = (r.lo.log10().ceil() as i32, r.hi.log10().floor() as i32);
        let every = ((b - a) as usize).div_ceil(max - 1).max(1);
        return (a..=b).step_by(every).map(|k| (r.position(10f64.powi(k)), short(10f64.powi(k)))).collect();
    }
    let steps = if max >= 5 { 4 } else { 2 };
    (0..=steps).map(|i| f64::from(i) / f64::from(steps)).map(|u| (u, short(r.raw_at(u)))).collect()
}

/// A chart over range positions `x` × `y` with hand-placed ticks (`None`: an accuracy axis 0…1),
/// a title in its top-left corner and axis names.
fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    title: &str,
    x: &ParamRange,
    y: Option<&ParamRange>,
    y_name: &str,
) -> Result<(Chart<'a, DB>, PlotMapping), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    area.draw(&Text::new(title.to_string(), (font as i32 / 2, font as i32 / 4), (SANS, font).into_font()))?;
    let (y_lo, y_hi) = if y.is_some() { (-PAD, 1.0 + PAD) } else { (0.0, 1.02) };
    let mut chart = ChartBuilder::on(area)
        .margin(font / 2)
        .margin_top(font * 2)
        .margin_right(font)
        .x_label_area_size(font * 3)
        .y_label_area_size(font * 4)
        .build_cartesian_2d(-PAD..1.0 + PAD, y_lo..y_hi)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(if y.is_some() { 0 } else { 6 })
        // None at 0, the corner: the x axis's first label sits there.
        .y_label_formatter(&|v| if *v > 0.0 { format!("{}", (v * 100.0).round() / 100.0) } else { String::new() })
        .x_desc(x.name)
        .y_desc(y_name)
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let grid = RGBColor(230, 230, 230).stroke_width(1);
    let style = (SANS, font).into_font();
    // A label such as "1e-4" takes about 3.4 font sizes with its gap; a row about two.
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let fits =
        |pixels: std::ops::Range<i32>, per_label: u32| (pixels.end - pixels.start).max(0) as usize / per_label as usize;
    for (u, text) in ticks(x, fits(plot_x, font * 17 / 5)) {
        chart.draw_series([PathElement::new(vec![(u, y_lo), (u, y_hi)], grid)])?;
        let (px, py) = chart.backend_coord(&(u, y_lo));
        let (ox, oy) = area.get_base_pixel();
        let at = (px - ox - (text.len() as i32 * font as i32 * 3 / 10), py - oy + font as i32 / 3);
        area.draw(&Text::new(text, at, style.clone()))?;
    }
    if let Some(y) = y {
        for (v, text) in ticks(y, fits(plot_y, font * 2)) {
            chart.draw_series([PathElement::new(vec![(-PAD, v), (1.0 + PAD, v)], grid)])?;
            let (px, py) = chart.backend_coord(&(-PAD, v));
            let (ox, oy) = area.get_base_pixel();
            let at =
                (px - ox - (text.len() as i32 * font as i32 * 6 / 10) - font as i32 / 3, py - oy - font as i32 / 2);
            area.draw(&Text::new(text, at, style.clone()))?;
        }
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (ox, oy) = area.get_base_pixel();
    let window = Window { x_min: -PAD, x_max: 1.0 + PAD, y_min: y_lo, y_max: y_hi };
    let mapping = PlotMapping { px: (px.start - ox, px.end - ox), py: (py.start - oy, py.end - oy), window };
    Ok((chart, mapping))
}

/// The colour of a validation accuracy within the finished trials' span `[lo, hi]`.
fn shade(acc: f64, (lo, hi): (f64, f64)) -> RGBColor {
    let (r, g, b) = viridis(if hi > lo { (acc - lo) / (hi - lo) } else { 1.0 });
    RGBColor(r, g, b)
}

/// Marks for trials at `(x, y)`: a dot coloured by accuracy, a grey × for an exploded trial, a
/// ring around the best.
fn draw_trials<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    trials: &[((f64, f64), &TrialResult)],
    span: (f64, f64),
    best: Option<(f64, f64)>,
) -> DrawResult<DB> {
    let size = thick(6) as i32;
    for &(at, r) in trials {
        match r.val_acc.filter(|_| !r.exploded) {
            Some(acc) => chart.draw_series([Circle::new(at, size, shade(acc, span).filled())])?,
            None => chart.draw_series([Cross::new(at, size, GREY.stroke_width(thick(2)))])?,
        };
    }
    if let Some(at) = best {
        chart.draw_series([Circle::new(at, size + 5, BLACK.stroke_width(thick(2)))])?;
    }
    Ok(())
}

/// Finished validation accuracies' `[min, max]` over every plan: grid and random side by side
/// share one colour scale.
fn span(run: &SearchRun) -> (f64, f64) {
    let results = (0..run.plans().len()).flat_map(|p| run.results(p));
    let accs = results.filter_map(|(_, r)| r.val_acc.filter(|_| !r.exploded));
    accs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| (lo.min(a), hi.max(a)))
}

/// Plan `p`'s trials on the first two parameters (one parameter: against accuracy), coloured by
/// validation accuracy with a colour bar; returns where the plot sits (for dragging a region).
pub fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &SearchRun,
    p: usize,
    title: &str,
    labels: &Labels,
) -> Result<PlotMapping, DrawingAreaErrorKind<DB::ErrorType>> {
    let font = font_px(area);
    let (w, _) = area.dim_in_pixel();
    let (plot, bar) = area.split_horizontally(w.saturating_sub(font * 5));
    let params = run.params();
    let results = run.results(p);
    let span = span(run);
    let y = params.get(1);
    let (mut chart, mapping) = frame(&plot, title, &params[0], y, y.map_or(labels.get("val_accuracy"), |r| r.name))?;
    let point = |r: &TrialResult| run.position(r);
    let trials: Vec<_> = results.iter().map(|(_, r)| (point(r), *r)).collect();
    let best = run.best(p).and_then(|i| results.iter().find(|(k, _)| *k == i)).map(|(_, r)| point(r));
    draw_trials(&mut chart, &trials, span, best)?;
    draw_colour_bar(&bar, span, labels.get("val_accuracy"))?;
    Ok(mapping)
}

/// A vertical viridis strip from `lo` (bottom) to `hi` with both ends labelled.
fn draw_colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (lo, hi): (f64, f64),
    name: &str,
) -> DrawResult<DB> {
    let font = font_px(area) as i32;
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (font * 3, h as i32 - font * 4);
    if !(lo.is_finite() && bottom > top) {
        return Ok(());
    }
    for y in top..bottom {
        let t = 1.0 - f64::from(y - top) / f64::from(bottom - top);
        let (r, g, b) = viridis(t);
        area.draw(&PathElement::new(vec![(font / 2, y), (font * 3 / 2, y)], RGBColor(r, g, b).stroke_width(1)))?;
    }
    let style = (SANS, font as u32).into_font();
    area.draw(&Text::new(short(hi), (font / 4, top - font * 5 / 4), style.clone()))?;
    area.draw(&Text::new(short(lo), (font / 4, bottom + font / 4), style.clone()))?;
    let turned = style.transform(FontTransform::Rotate270);
    let name_at = (font * 2, (top + bottom) / 2 + name.chars().count() as i32 * font * 3 / 10);
    area.draw(&Text::new(name.to_string(), name_at, turned))?;
    Ok(())
}

/// Validation accuracy against each parameter of plan `p`, side by side (a grid's trials stack
/// on its n values).
pub fn draw_marginals<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &SearchRun,
    p: usize,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let params = run.params();
    let results = run.results(p);
    let span = span(run);
    let best = run.best(p);
    for (k, (panel, range)) in area.split_evenly((1, params.len())).iter().zip(params).enumerate() {
        // The strategy's name over its first panel (grid and random are drawn one above the
        // other); the axis says only "accuracy": a long rotated name would reach the title.
        let key = format!("search_{}", run.plans()[p].strategy.name());
        let strategy = labels.get(&key);
        let title = if k == 0 { format!("{strategy}: {}", labels.get("val_accuracy")) } else { String::new() };
        let (mut chart, _) = frame(panel, &title, range, None, labels.get("accuracy"))?;
        let point = |r: &TrialResult| (range.position(r.params[k].1), r.val_acc.unwrap_or(0.0));
        let trials: Vec<_> = results.iter().map(|(_, r)| (point(r), *r)).collect();
        let ring = best.and_then(|i| results.iter().find(|(j, _)| *j == i)).map(|(_, r)| point(r));
        draw_trials(&mut chart, &trials, span, ring)?;
    }
    Ok(())
}

/// Loss against the sweep's rate (log axis): each minibatch's loss thin, the smoothed loss thick,
/// the suggested range shaded.
pub fn draw_sweep<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, sweep: &Sweep, labels: &Labels) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let finite: Vec<f64> = sweep.loss.iter().copied().filter(|l| l.is_finite()).collect();
    let first = finite.first().copied().unwrap_or(1.0);
    let lowest = finite.iter().copied().fold(f64::INFINITY, f64::min).min(first);
    let (y_lo, y_hi) = (0.0f64.max(lowest - 0.2 * (first - lowest).abs()), 2.5 * first.max(1e-3));
    let (x_lo, x_hi) = crate::search::sweep::SWEEP_RANGE;
    // The legend above the plot, where it covers no curve.
    let entries =
        [(ACTIVATION_BARS, labels.get("smoothed_loss")), (RGBColor(0, 158, 115), labels.get("suggested_range"))];
    let (_, body) = area.split_vertically(legend_rows(area, font, &entries)?);
    let mut chart = ChartBuilder::on(&body)
        .margin(font / 2)
        .margin_right(font)
        .x_label_area_size(font * 3)
        .y_label_area_size(font * 4)
        .build_cartesian_2d((x_lo..x_hi).log_scale(), y_lo..y_hi)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .x_desc(labels.get("learning_rate_log"))
        .y_desc(labels.get("loss"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    let [lo, hi] = sweep.suggested;
    chart.draw_series([Rectangle::new([(lo, y_lo), (hi, y_hi)], RGBColor(0, 158, 115).mix(0.18).filled())])?;
    let clip = |v: f64| v.min(y_hi);
    let raw = sweep.lr.iter().zip(&sweep.loss).filter(|(_, l)| l.is_finite()).map(|(&x, &l)| (x, clip(l)));
    chart.draw_series(LineSeries::new(raw, ACTIVATION_BARS.mix(0.45).stroke_width(thick(1))))?;
    let smooth = sweep.lr.iter().zip(&sweep.smoothed).map(|(&x, &l)| (x, clip(l)));
    chart.draw_series(LineSeries::new(smooth, ACTIVATION_BARS.stroke_width(thick(3))))?;
    Ok(())
}

/// The i18n keys of the four fixed-rate curves, in [`crate::search::sweep::pattern_rates`] order.
pub const PATTERN_KEYS: [&str; 4] = ["rate_too_low", "rate_good", "rate_high", "rate_very_high"];

/// Training loss per epoch at the four fixed rates on one chart; a run that blew up ends with ×.
pub fn draw_patterns<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    run: &SearchRun,
    labels: &Labels,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let font = font_px(area);
    let (Some(rates), curves) = (run.pattern_rates(), run.curves()) else { return Ok(()) };
    let finite = curves.iter().flatten().flatten().copied().filter(|l| l.is_finite());
    let first = curves.iter().flatten().filter_map(|c| c.first()).copied().fold(0.0f64, f64::max).max(1e-3);
    let y_hi = finite.fold(first, f64::max).min(2.0 * first);
    let epochs = run.base().epochs.min(crate::search::sweep::PATTERN_EPOCHS) as f64;
    let colors = [SERIES[5], SERIES[3], SERIES[2], SERIES[1]].map(|(r, g, b)| RGBColor(r, g, b));
    let names: Vec<String> =
        PATTERN_KEYS.iter().zip(rates).map(|(k, lr)| format!("{} ({})", labels.get(k), short(lr))).collect();
    // The legend above the plot, where it covers no curve.
    let entries: Vec<(RGBColor, &str)> = colors.iter().zip(&names).map(|(c, n)| (*c, n.as_str())).collect();
    let (_, body) = area.split_vertically(legend_rows(area, font, &entries)?);
    let mut chart = ChartBuilder::on(&body)
        .margin(font / 2)
        .margin_right(font)
        .x_label_area_size(font * 3)
        .y_label_area_size(font * 4)
        .build_cartesian_2d(0.0..epochs, 0.0..y_hi * 1.05)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| if *v > 0.0 { short(*v) } else { String::new() })
        .y_label_formatter(&|v| short(*v))
        .x_desc(labels.get("epoch"))
        .y_desc(labels.get("loss"))
        .label_style((SANS, font))
        .axis_desc_style((SANS, font))
        .draw()?;
    for ((curve, color), _) in curves.iter().zip(colors).zip(&names) {
        let Some(curve) = curve else { continue };
        let points: Vec<(f64, f64)> = curve
            .iter()
            .enumerate()
            .take_while(|(_, l)| l.is_finite())
            .map(|(e, &l)| (e as f64, l.min(y_hi)))
            .collect();
        chart.draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(thick(3))))?;
        if curve.last().is_some_and(|l| !l.is_finite()) {
            let x = points.len().saturating_sub(1) as f64 + 0.5;
            chart.draw_series([Cross::new((x.min(epochs), y_hi), thick(7) as i32, color.stroke_width(thick(3)))])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ticks;
    use crate::search::{ParamRange, Scale};

    fn labels(r: &ParamRange, max: usize) -> Vec<String> {
        ticks(r, max).into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn ticks_thin_out_to_what_fits() {
        let lr = ParamRange { name: "lr", lo: 1e-4, hi: 1.0, scale: Scale::Log };
        assert_eq!(labels(&lr, 10).len(), 5, "every decade where there is room");
        let sparse = labels(&lr, 3);
        assert_eq!(sparse, ["1e-4", "0.01", "1"], "every other decade");
        let dropout = ParamRange { name: "dropout", lo: 0.0, hi: 0.6, scale: Scale::Linear };
        assert_eq!(labels(&dropout, 8).len(), 5);
        assert_eq!(labels(&dropout, 4).len(), 3);
        assert_eq!(labels(&dropout, 0).len(), 3, "never fewer than three");
        // Positions stay in [0, 1] and increase.
        let positions: Vec<f64> = ticks(&lr, 3).into_iter().map(|(u, _)| u).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]) && positions.iter().all(|u| (0.0..=1.0).contains(u)));
    }
}
