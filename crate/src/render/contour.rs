//! Contour lines by marching squares over a sampled grid (the same grid as the heatmap).

use std::collections::VecDeque;

/// Where a contour crosses a cell edge: the point in fractional grid coordinates (column, row)
/// and the edge's index, which the two cells on either side share.
type Crossing = ((f64, f64), usize);

/// No segment (an edge that the level does not cross, or only one cell's side so far).
const NONE: usize = usize::MAX;

/// The segments of the iso-line `values == level` on a `w`×`h` row-major grid, one or two per
/// cell, each as its two edge crossings. Horizontal edges are numbered first, then vertical.
fn segments(values: &[f64], w: usize, h: usize, level: f64) -> Vec<[Crossing; 2]> {
    let mut out = Vec::new();
    let at = |c: usize, r: usize| values[r * w + c];
    // Where along an edge from a to b the level is crossed.
    let cross = |a: f64, b: f64| ((level - a) / (b - a)).clamp(0.0, 1.0);
    let horizontal = |c: usize, r: usize| r * (w - 1) + c; // from (c, r) to (c + 1, r)
    let vertical = |c: usize, r: usize| h * (w - 1) + r * w + c; // from (c, r) to (c, r + 1)
    for r in 0..h.saturating_sub(1) {
        for c in 0..w.saturating_sub(1) {
            let (tl, tr, br, bl) = (at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1));
            // Spelled out, not `.map`: the size-optimized build calls a generic array map per cell.
            let below = [tl < level, tr < level, br < level, bl < level];
            // Most cells lie wholly on one side (a NaN corner compares false: it is checked next).
            if below == [true; 4] || below == [false; 4] || ![tl, tr, br, bl].iter().all(|v| v.is_finite()) {
                continue;
            }
            let (x, y) = (c as f64, r as f64);
            // Sides top, right, bottom, left. Both cells on an edge compute its crossing from the
            // same two values in the same order, so a line's shared points are bit-identical.
            let crossed = [below[0] != below[1], below[1] != below[2], below[3] != below[2], below[0] != below[3]];
            let crossing = |side: usize| match side {
                0 => ((x + cross(tl, tr), y), horizontal(c, r)),
                1 => ((x + 1.0, y + cross(tr, br)), vertical(c + 1, r)),
                2 => ((x + cross(bl, br), y + 1.0), horizontal(c, r + 1)),
                _ => ((x, y + cross(tl, bl)), vertical(c, r)),
            };
            let mut crossings = (0..4).filter(|&side| crossed[side]).map(crossing);
            // Two crossings: one segment; four (a saddle cell): paired in edge order.
            while let (Some(a), Some(b)) = (crossings.next(), crossings.next()) {
                out.push([a, b]);
            }
        }
    }
    out
}

/// The iso-line `values == level` as polylines: the segments joined where they cross the same
/// cell edge (each edge is crossed once, so at most two segments meet there), so a contour
/// draws as a few long paths. A closed line ends where it starts.
pub fn iso_lines(values: &[f64], w: usize, h: usize, level: f64) -> Vec<Vec<(f64, f64)>> {
    let segments = segments(values, w, h, level);
    let edges = h * w.saturating_sub(1) + h.saturating_sub(1) * w;
    let mut ends = vec![[NONE; 2]; edges];
    for (i, segment) in segments.iter().enumerate() {
        for &(_, edge) in segment {
            let slot = &mut ends[edge];
            slot[usize::from(slot[0] != NONE)] = i;
        }
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for first in 0..segments.len() {
        if used[first] {
            continue;
        }
        used[first] = true;
        let mut line = VecDeque::from(segments[first]);
        // Grow the line at its back, then at its front, through unused segments on its end's edge.
        for front in [false, true] {
            loop {
                let end = if front { line[0] } else { line[line.len() - 1] };
                let next = ends[end.1].into_iter().find(|&j| j != NONE && !used[j]);
                let Some(j) = next else { break };
                used[j] = true;
                let [a, b] = segments[j];
                let other = if a.1 == end.1 { b } else { a };
                if front {
                    line.push_front(other);
                } else {
                    line.push_back(other);
                }
            }
        }
        lines.push(line.into_iter().map(|(point, _)| point).collect());
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
        let segments = segments(&values, n, n, 10.3);
        let lines = iso_lines(&values, n, n, 10.3);
        assert_eq!(lines.len(), 1, "one closed circle");
        assert_eq!(lines[0].len(), segments.len() + 1, "every segment once, the ends meet");
        assert_eq!(lines[0].first(), lines[0].last());
    }

    #[test]
    fn many_lines_use_every_segment_once_and_end_closed_or_on_the_border() {
        // sin·sin over 2.5 periods: closed loops inside, open arcs cut by the border, and
        // saddle cells at level 0.
        let n = 61;
        let f = |i: usize| ((i % n) as f64 * 0.26).sin() * ((i / n) as f64 * 0.26).sin();
        let values: Vec<f64> = (0..n * n).map(f).collect();
        for level in [0.3, 0.0, -0.45] {
            let count = segments(&values, n, n, level).len();
            let lines = iso_lines(&values, n, n, level);
            assert!(lines.len() > 3, "level {level}: {} lines", lines.len());
            assert_eq!(lines.iter().map(|l| l.len() - 1).sum::<usize>(), count, "level {level}: each segment once");
            let on_border = |(x, y): (f64, f64)| x == 0.0 || y == 0.0 || x == (n - 1) as f64 || y == (n - 1) as f64;
            for line in &lines {
                let (a, b) = (line[0], line[line.len() - 1]);
                assert!(a == b || (on_border(a) && on_border(b)), "level {level}: a line stops at {a:?}…{b:?}");
            }
        }
    }

    #[test]
    fn circle_contour_points_lie_on_the_circle() {
        let n = 41;
        let f = |c: usize, r: usize| {
            let (x, y) = (c as f64 - 20.0, r as f64 - 20.0);
            (x * x + y * y).sqrt()
        };
        let values: Vec<f64> = (0..n * n).map(|i| f(i % n, i / n)).collect();
        let segs = segments(&values, n, n, 10.0);
        assert!(segs.len() > 40);
        for seg in segs {
            for ((x, y), _) in seg {
                let r = ((x - 20.0).powi(2) + (y - 20.0).powi(2)).sqrt();
                assert!((r - 10.0).abs() < 0.1, "point at radius {r}");
            }
        }
    }
}
