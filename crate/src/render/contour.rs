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

/// The segments of [`iso_segments`] joined into polylines where they share an end (a shared
/// cell edge gives bit-identical crossings), so a contour draws as a few long paths.
pub fn iso_lines(values: &[f64], w: usize, h: usize, level: f64) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let segments = iso_segments(values, w, h, level);
    let key = |(x, y): (f64, f64)| (x.to_bits(), y.to_bits());
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, s) in segments.iter().enumerate() {
        at.entry(key(s[0])).or_default().push(i);
        at.entry(key(s[1])).or_default().push(i);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for first in 0..segments.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut line = std::collections::VecDeque::from(segments[first].to_vec());
        // Grow the line at its back, then at its front, through unused segments that touch.
        for front in [false, true] {
            loop {
                let end = if front { line[0] } else { line[line.len() - 1] };
                let next = at.get(&key(end)).and_then(|ids| ids.iter().copied().find(|&j| !used[j]));
                let Some(j) = next else { break };
                used[j] = true;
                let [a, b] = segments[j];
                let other = if key(a) == key(end) { b } else { a };
                if front {
                    line.push_front(other);
                } else {
                    line.push_back(other);
                }
            }
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circle_contour_joins_into_one_closed_line_through_every_segment() {
        let n = 41;
        let values: Vec<f64> = (0..n * n).map(|i| ((i % n) as f64 - 20.0).hypot((i / n) as f64 - 20.0)).collect();
        // 10.3: no grid point lies exactly on the level (such a point may split a line in two,
        // which draws the same).
        let segments = iso_segments(&values, n, n, 10.3);
        let lines = iso_lines(&values, n, n, 10.3);
        assert_eq!(lines.len(), 1, "one closed circle");
        assert_eq!(lines[0].len(), segments.len() + 1, "every segment once, the ends meet");
        assert_eq!(lines[0].first(), lines[0].last());
    }

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
