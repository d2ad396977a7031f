//! `gradscope preprocess`: a dataset (or a CSV file) through zero-centring, normalization,
//! PCA and whitening; each stage's statistics as JSON.

/// What the command does, in one line of `gradscope --help`.
pub const ABOUT: &str = "center, normalize, PCA and whiten a dataset or a CSV: per-stage statistics";

use crate::cli::outputs::Outputs;
use crate::cli::{Command, Naming, Stop};
use crate::data::Digits;
use crate::preprocess::{parse_csv, pipeline, Pipeline};
use crate::scene::preprocess::figure::PreprocessFigure;
use crate::scene::preprocess::PreprocessConfig;
use crate::scene::Preprocessing;
use serde_json::{json, Value};

const COMMAND: Command = Command {
    name: <super::Entry as crate::scene::Scene>::ID,
    about: "usage: gradscope preprocess (--dataset NAME | --csv FILE) [--seed S]
    The data through raw → center → normalize → pca → whiten (CS231n lecture 6; population
    statistics, eigenvalues descending, whitening ε = 1e-5). `--dataset digits` has no
    normalize stage: its corner pixels are constant. A CSV file has a header line, then rows of
    numbers.
    prints {\"n\", \"d\", \"mean\", \"std\", \"covariance\", \"eigenvalues\", \"eigenvectors\" (columns of U),
    \"stages\": [{\"name\", \"mean\", \"covariance\", \"second_moment\", \"condition_number\"}, …]}
    (second_moment = ZᵀZ/N, the Hessian of linear regression without bias on that stage's data;
    condition_number is null when it is singular), plus for 2D data \"linear_regression\": each stage's
    fit (κ, gradient descent's rate and steps to converge), for the digits \"reconstruction\": digit
    --digit rebuilt from --components principal components; --svg/--png draw the scene's figure",
    extra: &[("csv", "FILE", "a CSV file to read instead of a dataset")],
    figure: true,
    naming: Naming::Flag,
};

/// Run the preprocess subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<PreprocessConfig>(args)?;
    let csv = parsed.extra.iter().find(|(flag, _)| flag == "csv").map(|(_, path)| path.clone());
    let outputs = Outputs::from_flags(&parsed.extra)?;
    let refused = |e: crate::error::ConfigError| Stop::Refused(e.to_string());
    let Some(path) = csv else {
        let scene = Preprocessing::new(parsed.config, Some(&Digits::bundled())).map_err(refused)?;
        outputs.write(&PreprocessFigure { scene: &scene, labels: outputs.labels() })?;
        let mut json = to_json(scene.pipeline());
        add_scene(&mut json, &scene);
        crate::cli::print_json(&json);
        return Ok(());
    };
    if parsed.given.contains(&"dataset") {
        return Err(Stop::Refused("csv: give --dataset or --csv, not both".into()));
    }
    if parsed.extra.iter().any(|(flag, _)| flag != "csv") {
        return Err(Stop::Refused("csv: the figure is drawn for --dataset only".into()));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Stop::Refused(format!("csv: {path}: {e}")))?;
    let (x, n, d) = parse_csv(&text).map_err(refused)?;
    crate::cli::print_json(&to_json(&pipeline(&x, n, d, true).map_err(refused)?));
    Ok(())
}

/// The scene's extras: each 2D stage's linear-regression fit, or the digit rebuilt from k
/// components; and the stage shown.
fn add_scene(json: &mut Value, scene: &Preprocessing) {
    let c = scene.config();
    let stages = &scene.pipeline().stages;
    let shown = stages[(c.stage.round() as usize).min(stages.len() - 1)].kind.name();
    json["view"] = json!({"stage": c.stage, "stage_name": shown});
    if scene.is_images() {
        let [x, _, rebuilt, _] = scene.rebuild(c.digit, c.components);
        let error: f64 = x.iter().zip(&rebuilt).map(|(a, b)| (a - b).powi(2)).sum();
        let explained = scene.explained_variance().1[c.components - 1];
        json["reconstruction"] = json!({
            "digit": c.digit, "components": c.components, "explained_variance": explained, "squared_error": error,
        });
    } else {
        let fits: Vec<Value> = stages
            .iter()
            .zip(scene.fits())
            .map(|(s, f)| {
                json!({
                    "name": s.kind.name(), "kappa": f.kappa, "lr": f.lr, "minimum": f.minimum,
                    "steps_to_converge": f.steps_to_converge,
                })
            })
            .collect();
        json["linear_regression"] = json!(fits);
    }
}

fn to_json(p: &Pipeline) -> Value {
    let stages: Vec<Value> = p
        .stages
        .iter()
        .map(|s| {
            json!({
                "name": s.kind.name(), "mean": s.mean, "covariance": s.covariance,
                "second_moment": s.second_moment, "condition_number": s.condition_number,
            })
        })
        .collect();
    json!({
        "n": p.n, "d": p.d, "mean": p.mean, "std": p.std, "covariance": p.covariance,
        "eigenvalues": p.eigenvalues, "eigenvectors": p.eigenvectors, "stages": stages,
    })
}
