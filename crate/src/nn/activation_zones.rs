//! Where an activation's gradient vanishes: the gallery's saturation zones.

use super::activation::Activation;

impl Activation {
    /// Input intervals within [lo, hi] where |f′| < 0.01·max|f′| over [lo, hi] (default slope):
    /// where gradients vanish. If f′ is 0 on the whole interval, the whole interval is returned.
    pub fn saturation_zones(self, lo: f64, hi: f64) -> Vec<(f64, f64)> {
        const SAMPLES: usize = 1201;
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Vec::new();
        }
        let x_at = |i: usize| lo + (hi - lo) * i as f64 / (SAMPLES - 1) as f64;
        let slopes: Vec<f64> = (0..SAMPLES).map(|i| self.df(x_at(i)).abs()).collect();
        let max = slopes.iter().cloned().fold(0.0, f64::max);
        if max == 0.0 {
            return vec![(lo, hi)];
        }
        let inside = |x: f64| self.df(x).abs() < 0.01 * max;
        // The boundary between an inside and an outside sample, by bisection.
        let edge = |mut a: f64, mut b: f64| {
            let a_in = inside(a);
            for _ in 0..50 {
                let m = 0.5 * (a + b);
                if inside(m) == a_in {
                    a = m;
                } else {
                    b = m;
                }
            }
            0.5 * (a + b)
        };
        let mut zones = Vec::new();
        let mut start = None;
        for (i, &slope) in slopes.iter().enumerate() {
            let now = slope < 0.01 * max;
            match (now, start) {
                (true, None) => start = Some(if i == 0 { lo } else { edge(x_at(i - 1), x_at(i)) }),
                (false, Some(s)) => {
                    zones.push((s, edge(x_at(i - 1), x_at(i))));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            zones.push((s, hi));
        }
        zones
    }
}
