//! Heatmaps as raw RGBA pixels: one function evaluation per pixel, no per-pixel drawing calls,
//! so a 400×400 surface redraws within a frame. Blitted once onto a canvas (ImageData) in the page.

use super::colormap::heat;

/// Number of contour bands between the 1st and 99th percentile level (lines at the inner edges).
pub const CONTOUR_LEVELS: usize = 14;

/// A rectangle of the data plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Left edge (x at pixel column 0).
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge (y at the last pixel row).
    pub y_min: f64,
    /// Top edge (y at pixel row 0).
    pub y_max: f64,
}

/// Values of `f` sampled at pixel centres of a `w`×`h` grid over `window`, row 0 at the top.
pub fn sample(w: usize, h: usize, window: Window, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    let dx = (window.x_max - window.x_min) / w as f64;
    let dy = (window.y_max - window.y_min) / h as f64;
    let mut values = Vec::with_capacity(w * h);
    for row in 0..h {
        let y = window.y_max - (row as f64 + 0.5) * dy;
        for col in 0..w {
            values.push(f(window.x_min + (col as f64 + 0.5) * dx, y));
        }
    }
    values
}

/// Log-compressed level of a loss value: the heatmap and the contours both use it, so that
/// a narrow valley and a steep wall are visible in the same picture.
pub fn level(value: f64, floor: f64) -> f64 {
    (value - floor + 1e-3).max(1e-3).ln()
}

/// Write RGBA pixels for `values` (rows of `width`) into `rgba` (len = 4·values.len()),
/// colouring by `level` between the 1st and 99th percentile so a few huge values do not
/// flatten the map. (Contour lines are drawn on top as vectors: crisp at any pixel ratio.)
pub fn fill_rgba(rgba: &mut [u8], values: &[f64], floor: f64) {
    let (lo, hi) = level_range(values, floor);
    // Colours come from a 256-entry table, so the per-pixel work is one logarithm and a lookup.
    let table: Vec<[u8; 3]> = (0..256)
        .map(|i| {
            let (r, g, b) = heat(i as f64 / 255.0);
            [r, g, b]
        })
        .collect();
    for (px, &v) in rgba.chunks_exact_mut(4).zip(values) {
        let t = (level(v, floor) - lo) / (hi - lo);
        let i = if t.is_nan() { 255 } else { (t.clamp(0.0, 1.0) * 255.0) as usize };
        let [r, g, b] = table[i];
        px.copy_from_slice(&[r, g, b, 255]);
    }
}

/// The 1st and 99th percentile of the finite levels (a safe unit range if there are none).
pub fn level_range(values: &[f64], floor: f64) -> (f64, f64) {
    // A strided sample of at most ~20k values gives the percentiles without sorting every pixel.
    let stride = (values.len() / 20_000).max(1);
    let mut levels: Vec<f64> =
        values.iter().step_by(stride).map(|&v| level(v, floor)).filter(|l| l.is_finite()).collect();
    if levels.is_empty() {
        return (0.0, 1.0);
    }
    // Two selections, not a sort: the value at a rank is the same either way.
    let rank = |q: f64| ((levels.len() - 1) as f64 * q).round() as usize;
    let (lo_at, hi_at) = (rank(0.01), rank(0.99));
    let hi = *levels.select_nth_unstable_by(hi_at, f64::total_cmp).1;
    // Everything before hi_at is now at most hi: the lower rank is among them.
    let lo = *levels[..=hi_at].select_nth_unstable_by(lo_at, f64::total_cmp).1;
    if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_hits_pixel_centres_top_row_first() {
        let win = Window { x_min: 0.0, x_max: 2.0, y_min: 0.0, y_max: 2.0 };
        let v = sample(2, 2, win, |x, y| 10.0 * x + y);
        assert_eq!(v, vec![6.5, 16.5, 5.5, 15.5]);
    }

    #[test]
    fn level_range_is_the_sorted_levels_1st_and_99th_percentile() {
        for n in [1, 2, 7, 100, 20_000, 45_001] {
            let values: Vec<f64> = (0..n).map(|i| ((i * 7919 % 1009) as f64).powi(2) - 3.0 * (i % 13) as f64).collect();
            let floor = values.iter().copied().fold(f64::INFINITY, f64::min);
            let stride = (n / 20_000).max(1);
            let mut sorted: Vec<f64> = values.iter().step_by(stride).map(|&v| level(v, floor)).collect();
            sorted.sort_by(f64::total_cmp);
            let pick = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
            let (lo, hi) = level_range(&values, floor);
            let want = if pick(0.99) > pick(0.01) { (pick(0.01), pick(0.99)) } else { (pick(0.01), pick(0.01) + 1.0) };
            assert_eq!((lo.to_bits(), hi.to_bits()), (want.0.to_bits(), want.1.to_bits()), "n = {n}");
        }
    }

    #[test]
    fn fill_colours_low_values_darker_than_high() {
        let values = [0.0, 1.0, 10.0, 100.0];
        let mut rgba = vec![0; 16];
        fill_rgba(&mut rgba, &values, 0.0);
        assert!(rgba.chunks(4).all(|p| p[3] == 255));
        let lum = |p: &[u8]| p[0] as u32 + p[1] as u32 + p[2] as u32;
        assert!(lum(&rgba[0..4]) < lum(&rgba[12..16]));
    }
}
