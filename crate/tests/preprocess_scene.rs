//! The preprocessing scene's state: the linear-regression fit on each stage (its minimum, path
//! and κ against independent formulas), the animation between stages, and the digits' rebuild
//! from k components (exact at k = 64, error falling with k, ZCA whitening's covariance).

use gradscope::data::Digits;
use gradscope::scene::preprocess::PreprocessConfig;
use gradscope::scene::Preprocessing;

fn scene(dataset: &str) -> Preprocessing {
    let config = PreprocessConfig { dataset: dataset.into(), ..PreprocessConfig::default() };
    Preprocessing::new(config, Some(&Digits::bundled())).unwrap()
}

#[test]
fn the_fit_on_each_stage_is_least_squares_with_gradient_descent_on_it() {
    for dataset in ["positive", "correlated", "elongated", "spiral"] {
        let s = scene(dataset);
        assert_eq!(s.fits().len(), 5, "{dataset}: five stages");
        for fit in s.fits() {
            let g = fit.fit.grad(fit.minimum);
            assert!(g[0].abs() < 1e-9 && g[1].abs() < 1e-9, "{dataset}: gradient at the minimum {g:?}");
            // The excess from the quadratic form equals the loss minus its minimum.
            let w = [0.3, 2.0];
            let direct = fit.fit.value(w) - fit.loss_min;
            assert!((fit.excess(w) - direct).abs() < 1e-9 * direct.max(1.0), "{dataset}: excess");
            // κ from the closed-form eigenvalues of the 2×2 Hessian.
            let [[a, b], [_, c]] = fit.hessian;
            let root = ((a - c).powi(2) / 4.0 + b * b).sqrt();
            let (hi, lo) = ((a + c) / 2.0 + root, (a + c) / 2.0 - root);
            assert!((fit.kappa - hi / lo).abs() < 1e-6 * fit.kappa, "{dataset}: κ {} vs {}", fit.kappa, hi / lo);
            // Each drawn step is w − lr·∇L(w).
            for pair in fit.path.windows(2) {
                let g = fit.fit.grad(pair[0]);
                let next = [pair[0][0] - fit.lr * g[0], pair[0][1] - fit.lr * g[1]];
                assert!((next[0] - pair[1][0]).abs() < 1e-12 && (next[1] - pair[1][1]).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn on_the_all_positive_cloud_kappa_and_the_steps_fall_from_raw_to_whitened() {
    let s = scene("positive");
    let kappas: Vec<f64> = s.fits().iter().map(|f| f.kappa).collect();
    let steps: Vec<usize> = s.fits().iter().map(|f| f.steps_to_converge.expect("converges")).collect();
    assert!(kappas[0] > 50.0, "raw all-positive data is badly conditioned: {kappas:?}");
    assert!(kappas[1] < kappas[0] / 5.0, "centring helps most: {kappas:?}");
    assert!((kappas[4] - 1.0).abs() < 1e-3, "whitened data have κ ≈ 1: {kappas:?}");
    assert!(steps[0] > 10 * steps[4], "steps to converge {steps:?}");
    // PCA is a rotation of the centred data: the same κ.
    assert!((kappas[3] - kappas[1]).abs() < 1e-9 * kappas[1]);
}

#[test]
fn the_animation_moves_each_point_straight_between_stages() {
    let s = scene("correlated");
    let stages = &s.pipeline().stages;
    for (i, stage) in stages.iter().enumerate() {
        let at = s.points_at(i as f64);
        assert_eq!(at.len() * 2, stage.data.len());
        assert!(at.iter().flatten().zip(&stage.data).all(|(a, b)| a == b), "stage {i} exactly");
    }
    let (a, b, mid) = (s.points_at(1.0), s.points_at(2.0), s.points_at(1.25));
    for ((p, q), m) in a.iter().zip(&b).zip(&mid) {
        assert!((m[0] - (0.75 * p[0] + 0.25 * q[0])).abs() < 1e-12);
    }
    assert_eq!(s.fit_at(2.0), s.fits()[2]);
}

#[test]
fn a_digit_rebuilds_exactly_from_all_components_and_better_with_more() {
    let s = scene("digits");
    assert!(s.is_images());
    let errors: Vec<f64> = [1, 5, 10, 20, 40, 64]
        .iter()
        .map(|&k| {
            let [x, _, rebuilt, _] = s.rebuild(7, k);
            x.iter().zip(&rebuilt).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
        })
        .collect();
    assert!(errors.windows(2).all(|w| w[1] <= w[0] + 1e-9), "error falls with k: {errors:?}");
    assert!(errors[5] < 1e-18 * 64.0 * 256.0 + 1e-12, "exact at 64: {}", errors[5]);
    let (shares, cumulative) = s.explained_variance();
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12 && (cumulative[63] - 1.0).abs() < 1e-12);
}

#[test]
fn zca_whitened_digits_have_covariance_u_diag_lambda_over_lambda_plus_eps_ut() {
    let s = scene("digits");
    let p = s.pipeline();
    let n = p.n;
    let whitened: Vec<Vec<f64>> = (0..n).map(|i| s.rebuild(i, 64)[3].clone()).collect();
    // Along each eigenvector u, the whitened data's variance is λ/(λ+ε).
    for (k, u) in p.eigenvectors.iter().enumerate().step_by(9) {
        let var =
            whitened.iter().map(|w| w.iter().zip(u).map(|(a, b)| a * b).sum::<f64>().powi(2)).sum::<f64>() / n as f64;
        let lambda = p.eigenvalues[k].max(0.0);
        let expected = lambda / (lambda + gradscope::preprocess::WHITEN_EPS);
        assert!((var - expected).abs() < 1e-8, "component {k}: {var} vs {expected}");
    }
}

#[test]
fn the_view_is_clamped_to_what_the_data_has() {
    let mut s = scene("digits");
    s.set_view(9.0, 500, 99_999);
    assert_eq!(s.config().stage, s.last_stage());
    assert_eq!(s.config().components, 64);
    assert_eq!(s.config().digit, 1796);
    assert_eq!(s.last_stage(), 3.0, "no normalize stage for images");
    s.set_view(f64::NAN, 0, 0);
    assert_eq!((s.config().stage, s.config().components), (0.0, 1));
}

#[test]
fn drawing_a_2d_picture_of_the_digits_draws_nothing_instead_of_panicking() {
    use gradscope::render::Labels;
    use gradscope::scene::preprocess::render::{draw_stages, Panels};
    use plotters::prelude::*;
    let s = scene("digits");
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (900, 200)).into_drawing_area();
        for panels in [Panels::Clouds, Panels::Fits] {
            draw_stages(&root, &s, panels, &Labels::default()).expect("drawn (blank)");
        }
    }
    assert!(!text.contains("κ"), "no fit panels for images");
}
