//! The loss landscape: filter-normalized directions have each unit's weight norm (biases and
//! normalization parameters out of the plane), the interpolation's ends are the initial and
//! trained losses, the slice's centre is the trained loss, projection recovers a point of the
//! plane, and the CLI's keys and refusals.

mod cli_support;

use cli_support::{json, refused};
use gradscope::landscape::{filter_normalize, interpolate, project, random_direction, slice2d};
use gradscope::nn::mlp::ParamKind;
use gradscope::rng::Rng;
use gradscope::scene::trainer::{Trainer, TrainerConfig};

fn trained(hash: &str) -> (Trainer, Vec<f64>) {
    let mut t = Trainer::new(TrainerConfig::from_hash(hash).unwrap()).unwrap();
    let initial = t.params();
    for _ in 0..5 {
        t.epoch();
    }
    (t, initial)
}

#[test]
fn filter_normalized_directions_have_each_units_weight_norm() {
    let (mut t, _) = trained("ds=spiral&layers=2&width=12&bn=1&act=prelu");
    let (params, units) = (t.params(), t.param_units());
    let d = random_direction(&params, &units, &mut Rng::new(3));
    let mut start = 0;
    let mut weights = 0;
    for (kind, len, cols) in units {
        let (dv, pv) = (&d[start..start + len], &params[start..start + len]);
        if kind == ParamKind::Weight {
            weights += 1;
            for c in 0..cols {
                let norm = |v: &[f64]| v.iter().skip(c).step_by(cols).map(|x| x * x).sum::<f64>().sqrt();
                assert!(
                    (norm(dv) - norm(pv)).abs() < 1e-12 * norm(pv).max(1.0),
                    "unit {c}: {} vs {}",
                    norm(dv),
                    norm(pv)
                );
            }
        } else {
            assert!(dv.iter().all(|&x| x == 0.0), "{kind:?} stays out of the plane");
        }
        start += len;
    }
    assert_eq!((weights, start), (3, params.len()));
    // A zero column stays zero rather than dividing by zero.
    let mut zero = vec![0.0; params.len()];
    filter_normalize(&mut zero, &params, &t.param_units());
    assert!(zero.iter().all(|&x| x == 0.0));
}

#[test]
fn the_interpolation_ends_at_the_initial_and_trained_losses() {
    for hash in ["ds=spiral&layers=2&width=16", "ds=spiral&layers=3&width=16&bn=1", "ds=spiral&layers=3&width=16&res=1"]
    {
        let (mut t, initial) = trained(hash);
        let end = t.params();
        let trained_loss = (t.split_loss(true), t.split_loss(false));
        t.set_params(&initial);
        let initial_loss = (t.split_loss(true), t.split_loss(false));
        t.set_params(&end);
        let line = interpolate(&mut t, &initial, &end, 9).unwrap();
        assert_eq!(line.alpha, vec![-0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]);
        assert_eq!((line.train_loss[2], line.val_loss[2]), initial_loss, "{hash}: α = 0");
        assert_eq!((line.train_loss[6], line.val_loss[6]), trained_loss, "{hash}: α = 1");
        assert!(trained_loss.0 < initial_loss.0, "{hash}: training lowered the loss");
        assert_eq!(t.params(), end, "the trainer is left at its trained weights");
    }
}

#[test]
fn the_slice_is_centred_on_the_trained_loss_and_projection_recovers_the_plane() {
    let (mut t, initial) = trained("ds=spiral&layers=2&width=16");
    let centre = t.split_loss(true);
    let end = t.params();
    let slice = slice2d(&mut t, &[initial, end.clone()], 5, 7).unwrap();
    assert_eq!(slice.x, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    assert_eq!(slice.loss[2][2], centre);
    assert!(slice.loss.iter().flatten().all(|&l| l.is_finite() && l >= centre * 0.5));
    assert_eq!(slice.trajectory.len(), 2);
    assert_eq!(slice.trajectory[1], [0.0, 0.0], "the trained weights are the origin");
    let units = t.param_units();
    let mut rng = Rng::new(1);
    let (d1, d2) = (random_direction(&end, &units, &mut rng), random_direction(&end, &units, &mut rng));
    let point: Vec<f64> = d1.iter().zip(&d2).map(|(a, b)| 0.3 * a - 0.7 * b).collect();
    let [x, y] = project(&point, &d1, &d2);
    assert!((x - 0.3).abs() < 1e-9 && (y + 0.7).abs() < 1e-9, "{x}, {y}");
}

#[test]
fn cli_keys_and_refusals() {
    let line = json(&[
        "landscape",
        "--dataset",
        "spiral",
        "--epochs",
        "5",
        "--mode",
        "interp",
        "--resolution",
        "5",
        "--seed",
        "0",
    ]);
    for key in ["alpha", "train_loss", "val_loss"] {
        assert_eq!(line[key].as_array().unwrap().len(), 5, "{key}");
    }
    let args = ["landscape", "--dataset", "spiral", "--epochs", "3", "--batchnorm", "--residual", "--layers", "2"];
    let slice = json(&[&args[..], &["--mode", "slice2d", "--resolution", "7", "--seed", "1"]].concat());
    assert_eq!(slice["loss"].as_array().unwrap().len(), 7);
    assert_eq!(slice["loss"][0].as_array().unwrap().len(), 7);
    assert_eq!(slice["x"].as_array().unwrap().len(), 7);
    assert_eq!(slice["trajectory"].as_array().unwrap().len(), 4, "the initial weights and 3 epochs");
    for r in ["4", "102", "x"] {
        let err = refused(&["landscape", "--dataset", "spiral", "--mode", "slice2d", "--resolution", r, "--seed", "0"]);
        assert!(err.starts_with("error: resolution:"), "{err}");
    }
    assert!(refused(&["landscape", "--dataset", "spiral", "--mode", "cube"]).starts_with("error: mode:"));
}
