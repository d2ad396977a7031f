//! Property tests of every surface: analytic ∇f and ∇²f against central finite differences,
//! minima are stationary with a positive-definite Hessian, registry round trips.

use super::*;

/// Probe points: the start, the minima and a spread inside the view box.
fn probes(s: &Surface) -> Vec<[f64; 2]> {
    let vb = s.view_box();
    let mut pts = vec![s.default_start()];
    pts.extend(s.minima());
    for (fx, fy) in [(0.2, 0.3), (0.5, 0.5), (0.7, 0.15), (0.85, 0.8), (0.33, 0.9)] {
        pts.push([vb.x_min + fx * (vb.x_max - vb.x_min), vb.y_min + fy * (vb.y_max - vb.y_min)]);
    }
    pts
}

fn all_surfaces() -> Vec<Surface> {
    let mut v: Vec<Surface> = SurfaceKind::ALL.into_iter().map(Surface::new).collect();
    v.push(Surface { kind: SurfaceKind::Quadratic, kappa: 3.0, data: None });
    v
}

#[test]
fn gradient_matches_central_differences() {
    for s in all_surfaces() {
        for p in probes(&s) {
            let g = s.grad(p);
            for i in 0..2 {
                let h = 1e-5 * (1.0 + p[i].abs());
                let (mut a, mut b) = (p, p);
                a[i] += h;
                b[i] -= h;
                let fd = (s.value(a) - s.value(b)) / (2.0 * h);
                let tol = 1e-6 * (1.0 + g[i].abs() + s.value(p).abs());
                assert!((fd - g[i]).abs() < tol, "{:?} at {p:?}: ∂{i} analytic {} fd {fd}", s.kind, g[i]);
            }
        }
    }
}

#[test]
fn hessian_matches_central_differences_of_the_gradient() {
    for s in all_surfaces() {
        for p in probes(&s) {
            let hess = s.hessian(p);
            assert_eq!(hess, hess.transpose(), "{:?} Hessian symmetric", s.kind);
            for j in 0..2 {
                let h = 1e-6 * (1.0 + p[j].abs());
                let (mut a, mut b) = (p, p);
                a[j] += h;
                b[j] -= h;
                let (ga, gb) = (s.grad(a), s.grad(b));
                for i in 0..2 {
                    let fd = (ga[i] - gb[i]) / (2.0 * h);
                    let tol = 1e-5 * (1.0 + hess[(i, j)].abs());
                    assert!((fd - hess[(i, j)]).abs() < tol, "{:?} at {p:?}: H{i}{j} {} fd {fd}", s.kind, hess[(i, j)]);
                }
            }
        }
    }
}

#[test]
fn minima_are_stationary_and_locally_convex() {
    for s in all_surfaces() {
        for m in s.minima() {
            let g = s.grad(m);
            assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{:?} ∇f{m:?} = {g:?}", s.kind);
            let eig = s.hessian(m).symmetric_eigenvalues();
            assert!(eig.iter().all(|&e| e > 0.0), "{:?} minimum {m:?} eigenvalues {eig:?}", s.kind);
            assert!(s.view_box().contains(m), "{:?} minimum {m:?} outside the view box", s.kind);
        }
        assert!(s.view_box().contains(s.default_start()), "{:?} start outside the view box", s.kind);
    }
    assert!(Surface::new(SurfaceKind::Saddle).minima().is_empty());
    assert_eq!(Surface::new(SurfaceKind::Himmelblau).minima().len(), 4);
}

#[test]
fn starts_match_the_reference_races() {
    let expect = [
        (SurfaceKind::Quadratic, [-4.5, 1.2]),
        (SurfaceKind::Rosenbrock, [-1.5, 2.0]),
        (SurfaceKind::Beale, [1.0, 1.5]),
        (SurfaceKind::Saddle, [-2.0, 1e-3]),
        (SurfaceKind::Himmelblau, [0.0, 0.0]),
    ];
    for (kind, start) in expect {
        assert_eq!(Surface::new(kind).default_start(), start, "{kind:?}");
    }
}

#[test]
fn wells_have_three_minima_of_different_depth_and_no_others() {
    let s = Surface::new(SurfaceKind::Wells);
    let minima = s.minima();
    let depths: Vec<f64> = minima.iter().map(|&m| s.value(m)).collect();
    assert!(depths[1] < depths[2] && depths[2] < depths[0] && depths[0] < -0.5, "{depths:?}");
    // gradient descent from a grid over the view box always ends in one of the three
    let vb = s.view_box();
    for i in 0..=8 {
        for j in 0..=8 {
            let mut p = [vb.x_min + i as f64, vb.y_min + j as f64 * 7.0 / 8.0];
            for _ in 0..4000 {
                let g = s.grad(p);
                p = [p[0] - 0.2 * g[0], p[1] - 0.2 * g[1]];
            }
            let near = minima.iter().any(|m| (m[0] - p[0]).hypot(m[1] - p[1]) < 1e-4);
            assert!(near, "descent from grid point ({i},{j}) ended at {p:?}");
        }
    }
}

#[test]
fn registry_round_trips_and_objective_agrees() {
    for kind in SurfaceKind::ALL {
        assert_eq!(SurfaceKind::from_name(kind.name()), Some(kind));
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.name()));
        assert!(!kind.formula().is_empty());
        let s = Surface::new(kind);
        let p = [0.3, -0.7];
        let mut g = [0.0; 2];
        Objective::grad(&s, &p, &mut g);
        assert_eq!(g, s.grad(p));
        assert_eq!(Objective::value(&s, &p), s.value(p));
        let h = Objective::hessian(&s, &p).unwrap();
        assert_eq!(h[(0, 1)], s.hessian(p)[(0, 1)]);
        assert_eq!(h[(1, 1)], s.hessian(p)[(1, 1)]);
    }
    assert_eq!(SurfaceKind::from_name("Quadratic"), None);
    assert!(Surface { kind: SurfaceKind::Quadratic, kappa: 0.5, data: None }.validate().is_err());
    assert_eq!(Surface::default().validate(), Ok(()));
    let json = serde_json::to_string(&Surface::default().view_box()).unwrap();
    assert_eq!(json, r#"{"xMin":-5.0,"xMax":5.0,"yMin":-2.5,"yMax":2.5}"#);
}
