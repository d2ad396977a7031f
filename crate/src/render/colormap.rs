//! Colours: a light sequential map for loss heatmaps (paths must stay visible on top of it)
//! and a colour-blind-safe qualitative palette for optimizers (Okabe–Ito, extended with Tol's).

/// RGB triple.
pub type Rgb = (u8, u8, u8);

/// Stops of viridis, low → high.
const VIRIDIS: [Rgb; 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// How much white is blended into viridis so that dark path lines contrast with every colour.
const LIGHTEN: f64 = 0.55;

/// Light viridis at `t` in [0, 1] (clamped; NaN maps to the top colour).
pub fn heat(t: f64) -> Rgb {
    viridis_blend(t, LIGHTEN)
}

/// Viridis itself at `t` (markers coloured by a value, on white).
pub fn viridis(t: f64) -> Rgb {
    viridis_blend(t, 0.0)
}

fn viridis_blend(t: f64, lighten: f64) -> Rgb {
    let t = if t.is_nan() { 1.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let frac = pos - i as f64;
    let mix = |a: u8, b: u8| {
        let v = a as f64 + (b as f64 - a as f64) * frac;
        (v + (255.0 - v) * lighten).round() as u8
    };
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Distinct colour-blind-safe series colours (Okabe–Ito, then Paul Tol's), darkened where
/// needed to read on the light heatmap.
pub const SERIES: [Rgb; 11] = [
    (0, 0, 0),       // black
    (213, 94, 0),    // vermillion
    (0, 114, 178),   // blue
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (230, 159, 0),   // orange
    (86, 180, 233),  // sky blue
    (136, 34, 85),   // wine
    (68, 170, 153),  // teal
    (153, 153, 51),  // olive
    (102, 102, 102), // grey
];

/// `#rrggbb` for CSS.
pub fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_is_light_and_monotone_in_luminance() {
        let lum = |(r, g, b): Rgb| 0.2126 * r as f64 + 0.7152 * g as f64 + 0.0722 * b as f64;
        let mut last = 0.0;
        for i in 0..=20 {
            let l = lum(heat(i as f64 / 20.0));
            assert!(l >= last - 1e-9, "luminance must not drop at {i}");
            assert!(l > 120.0, "heatmap must stay light so paths read on it");
            last = l;
        }
        assert_eq!(heat(-1.0), heat(0.0));
        assert_eq!(hex((255, 0, 16)), "#ff0010");
    }
}
