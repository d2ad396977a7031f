//! The preprocessing lecture's 2D point clouds (CS231n lecture 6, data preprocessing): all
//! positive like pixels, correlated, and two long thin classes — what zero-centring,
//! normalizing, PCA and whitening act on, and the race's data-fit surfaces are built from.

use crate::rng::Rng;

/// The clouds' names.
pub const CLOUDS: [&str; 3] = ["positive", "correlated", "elongated"];

/// `n` points (row-major, 2 columns) of cloud `name` drawn from `seed`; `None` for another name.
pub fn cloud(name: &str, n: usize, seed: u64) -> Option<Vec<f64>> {
    let mut rng = Rng::new(seed);
    // Normals clamped at ±4σ: the all-positive cloud stays positive.
    let mut clamped = || rng.normal().clamp(-4.0, 4.0);
    let mut points = |point: &mut dyn FnMut(usize, f64, f64) -> [f64; 2]| {
        (0..n).flat_map(|i| point(i, clamped(), clamped())).collect::<Vec<f64>>()
    };
    match name {
        // All positive, correlated, far from the origin.
        "positive" => Some(points(&mut |_, a, b| [6.0 + a, 4.5 + 0.5 * a + 0.4 * b])),
        "correlated" => Some(points(&mut |_, a, b| [3.0 + 2.0 * a, -1.0 + 1.2 * a + 0.6 * b])),
        // Two long thin classes side by side, tilted by 30°.
        "elongated" => Some(points(&mut |i, a, b| {
            let (a, b) = (3.0 * a, 1.5 * if i % 2 == 0 { 1.0 } else { -1.0 } + 0.3 * b);
            let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin());
            [c * a - s * b, s * a + c * b]
        })),
        _ => None,
    }
}
