//! Preprocessing against `shared/reference/H_preprocessing.json` (numpy float64, 1e-9 relative;
//! eigenvectors under the stated sign rule), and its properties: whitened covariance =
//! diag(λ/(λ+ε)), eigenvalues sum to the trace, the PCA rotation keeps κ, centring all-positive
//! data lowers κ; CSV refusals name the line and column.

mod json_support;

use gradscope::data::Digits;
use gradscope::preprocess::{parse_csv, pipeline, StageKind, WHITEN_EPS};
use gradscope::scene::preprocess::{data_of, dataset_names, PreprocessConfig};
use json_support::{flat, load};
use serde_json::Value;

const TOL: f64 = 1e-9;

/// Relative 1e-9, with an absolute floor at the data's own scale (centred means are ~1e-16).
fn close(what: &str, ours: &[f64], theirs: &[f64], scale: f64) {
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        let tol = TOL * b.abs().max(scale);
        assert!((a - b).abs() <= tol, "{what}[{i}]: {a} vs {b} (tol {tol:e})");
    }
}

fn rows(m: &[Vec<f64>]) -> Vec<f64> {
    m.iter().flatten().copied().collect()
}

#[test]
fn datasets_match_numpy_stage_by_stage() {
    let reference = load("H_preprocessing.json");
    for set in reference["datasets"].as_array().expect("datasets") {
        let name = set["name"].as_str().unwrap();
        let points: Vec<f64> = flat(&set["points"]);
        let (n, d) = (set["n"].as_u64().unwrap() as usize, set["d"].as_u64().unwrap() as usize);
        let p = pipeline(&points, n, d, true).unwrap();
        let scale = flat(&set["covariance"]).iter().fold(0.0f64, |a, v| a.max(v.abs()));
        close(&format!("{name} mean"), &p.mean, &flat(&set["mean"]), scale);
        close(&format!("{name} std"), &p.std, &flat(&set["std"]), scale.sqrt());
        close(&format!("{name} covariance"), &rows(&p.covariance), &flat(&set["covariance"]), scale);
        close(&format!("{name} eigenvalues"), &p.eigenvalues, &flat(&set["eigenvalues"]), scale);
        close(&format!("{name} eigenvectors"), &rows(&p.eigenvectors), &flat(&set["eigenvectors"]), 1.0);
        let stages = set["stages"].as_array().unwrap();
        assert_eq!(p.stages.len(), stages.len());
        for (ours, theirs) in p.stages.iter().zip(stages) {
            let at = format!("{name} {}", ours.kind.name());
            assert_eq!(theirs["name"], ours.kind.name());
            let moment = flat(&theirs["second_moment"]);
            let s = moment.iter().fold(0.0f64, |a, v| a.max(v.abs()));
            close(&format!("{at} mean"), &ours.mean, &flat(&theirs["mean"]), s.sqrt());
            close(&format!("{at} covariance"), &rows(&ours.covariance), &flat(&theirs["covariance"]), s);
            close(&format!("{at} second moment"), &rows(&ours.second_moment), &moment, s);
            let kappa = theirs["condition_number"].as_f64().unwrap();
            close(&format!("{at} κ"), &[ours.condition_number.unwrap()], &[kappa], 1.0);
        }
    }
}

#[test]
fn digits_mean_image_and_spectrum_match_numpy() {
    let digits = load("H_preprocessing.json")["digits"].clone();
    let set = Digits::bundled().dataset(Digits::bundled().len());
    let p = pipeline(&set.x, set.len(), set.features, false).unwrap();
    close("digits mean image", &p.mean, &flat(&digits["mean_image"]), 16.0);
    let top: Vec<f64> = p.eigenvalues[..10].to_vec();
    close("digits top eigenvalues", &top, &flat(&digits["top10_eigenvalues"]), 200.0);
    let total: f64 = p.eigenvalues.iter().sum();
    let ratios: Vec<f64> = top.iter().map(|l| l / total).collect();
    close("explained variance", &ratios, &flat(&digits["explained_variance_ratio_top10"]), 1.0);
    assert!(p.stages.iter().all(|s| s.kind != StageKind::Normalize), "images: no normalize stage");
}

#[test]
fn whitening_pca_and_kappa_properties_hold_on_every_dataset() {
    let digits = Digits::bundled();
    for name in dataset_names() {
        let cfg = PreprocessConfig { dataset: name.into(), seed: 7, ..PreprocessConfig::default() };
        let (x, n, d, normalize) = data_of(&cfg, Some(&digits)).unwrap();
        let p = pipeline(&x, n, d, normalize).unwrap();
        let trace: f64 = (0..d).map(|i| p.covariance[i][i]).sum();
        let sum: f64 = p.eigenvalues.iter().sum();
        assert!((trace - sum).abs() <= 1e-9 * trace, "{name}: trace {trace} vs Σλ {sum}");
        assert!(p.eigenvalues.windows(2).all(|w| w[0] >= w[1]), "{name}: descending");
        let stage = |k| p.stages.iter().find(|s| s.kind == k).unwrap();
        let white = stage(StageKind::Whiten);
        for i in 0..d {
            for j in 0..d {
                let expected =
                    if i == j { p.eigenvalues[i].max(0.0) / (p.eigenvalues[i].max(0.0) + WHITEN_EPS) } else { 0.0 };
                assert!(
                    (white.covariance[i][j] - expected).abs() < 1e-8,
                    "{name} whitened cov[{i}][{j}] = {}",
                    white.covariance[i][j]
                );
            }
        }
        // A rotation keeps the spectrum: PCA's κ is the centred data's.
        let (c, r) = (stage(StageKind::Center).condition_number, stage(StageKind::Pca).condition_number);
        if let (Some(c), Some(r)) = (c, r) {
            assert!((c - r).abs() <= 1e-6 * c, "{name}: κ center {c} vs pca {r}");
        }
    }
    // The lecture's point: all-positive data is badly conditioned until it is centred.
    let (x, n, d, _) = data_of(&PreprocessConfig::default(), None).unwrap();
    let p = pipeline(&x, n, d, true).unwrap();
    assert!(x.iter().all(|&v| v > 0.0), "the default cloud is all positive");
    let kappa = |k: StageKind| p.stages.iter().find(|s| s.kind == k).unwrap().condition_number.unwrap();
    assert!(
        kappa(StageKind::Raw) > 10.0 * kappa(StageKind::Center),
        "raw {} center {}",
        kappa(StageKind::Raw),
        kappa(StageKind::Center)
    );
    assert!((kappa(StageKind::Whiten) - 1.0).abs() < 1e-3);
}

#[test]
fn digits_reconstruct_exactly_from_all_components() {
    let set = Digits::bundled().dataset(50);
    let p = pipeline(&set.x, set.len(), set.features, false).unwrap();
    let d = set.features;
    let rotated = &p.stages.iter().find(|s| s.kind == StageKind::Pca).unwrap().data;
    for (row, (orig, z)) in set.x.chunks_exact(d).zip(rotated.chunks_exact(d)).enumerate() {
        for (j, &pixel) in orig.iter().enumerate() {
            let back: f64 = p.mean[j] + (0..d).map(|k| z[k] * p.eigenvectors[k][j]).sum::<f64>();
            assert!((back - pixel).abs() < 1e-9, "row {row} pixel {j}: {back} vs {pixel}");
        }
    }
}

#[test]
fn csv_refusals_name_the_line_and_column_and_constant_columns_are_named() {
    for (text, needle) in [
        ("", "empty"),
        ("a,b\n1,2\n", "at least 2"),
        ("a,b\n1,2\n3\n", "line 3: 1 columns"),
        ("a,b\n1,2\n3,x\n", "line 3, column 2"),
        ("a,b\n1,2\nNaN,4\n", "line 3, column 1"),
        ("a,b\n1,inf\n3,4\n", "line 2, column 2"),
    ] {
        let err = parse_csv(text).expect_err(text).to_string();
        assert!(err.contains(needle), "{text:?}: {err}");
    }
    let (x, n, d) = parse_csv("a,b,c\n1,5,2\n2,5,4\n3,5,7\n").unwrap();
    let err = pipeline(&x, n, d, true).unwrap_err().to_string();
    assert!(err.contains("column 2 is constant"), "{err}");
    assert!(pipeline(&x, n, d, false).is_ok(), "without normalizing, a constant column is fine");
    let value: Value = serde_json::json!(pipeline(&x, n, d, false).unwrap().stages[0].condition_number);
    assert!(value.is_null() || value.is_number());
}
