//! Contour lines by marching squares over a sampled grid (the same grid as the heatmap).

/// A line segment in fractional grid coordinates (column, row), ready to map to data or pixels.
pub type Segment = [(f64, f64); 2];

/// Segments of the iso-line `values == level` on a `w`×`h` row-major grid.
pub fn iso_segments(values: &[f64], w: usize, h: usize, level: f64) -> Vec<Segment> {
    let mut out = Vec::new();
    let at = |c: usize, r: usize| values[r * w + c];
    // Where along an edge from a to b the level is crossed.
    let cross = |a: f64, b: f64| ((level - a) / (b - a)).clamp(0.0, 1.0);
    for r in 0..h.saturating_sub(1) {
        for c in 0..w.saturating_sub(1) {
            let (tl, tr, br, bl) = (at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1));
            if ![tl, tr, br, bl].iter().all(|v| v.is_finite()) {
                continue;
            }
            let (x, y) = (c as f64, r as f64);
            let mut points = Vec::with_capacity(4);
            if (tl < level) != (tr < level) {
                points.push((x + cross(tl, tr), y));
            }
            if (tr < level) != (br < level) {
                points.push((x + 1.0, y + cross(tr, br)));
            }
            if (bl < level) != (br < level) {
                points.push((x + cross(bl, br), y + 1.0));
            }
            if (tl < level) != (bl < level) {
                points.push((x, y + cross(tl, bl)));
            }
            // Two crossings: one segment; four (saddle cell): pair them in edge order.
            for pair in points.chunks_exact(2) {
                out.push([pair[0], pair[1]]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circle_contour_points_lie_on_the_circle() {
        let n = 41;
        let f = |c: usize, r: usize| {
            let (x, y) = (c as f64 - 20.0, r as f64 - 20.0);
            (x * x + y * y).sqrt()
        };
        let values: Vec<f64> = (0..n * n).map(|i| f(i % n, i / n)).collect();
        let segs = iso_segments(&values, n, n, 10.0);
        assert!(segs.len() > 40);
        for seg in segs {
            for (x, y) in seg {
                let r = ((x - 20.0).powi(2) + (y - 20.0).powi(2)).sqrt();
                assert!((r - 10.0).abs() < 0.1, "point at radius {r}");
            }
        }
    }
}
