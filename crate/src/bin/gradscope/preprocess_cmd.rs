//! `gradscope preprocess`: a dataset (or a CSV file) through zero-centring, normalization,
//! PCA and whitening; each stage's statistics as JSON.

use crate::flags::{Command, Naming, Stop};
use gradscope::data::Digits;
use gradscope::preprocess::{parse_csv, pipeline, Pipeline};
use gradscope::scene::preprocess::{data_of, PreprocessConfig};
use serde_json::{json, Value};

const COMMAND: Command = Command {
    name: "preprocess",
    about: "usage: gradscope preprocess (--dataset NAME | --csv FILE) [--seed S]
    The data through raw → center → normalize → pca → whiten (CS231n lecture 6; population
    statistics, eigenvalues descending, whitening ε = 1e-5). `--dataset digits` has no
    normalize stage: its corner pixels are constant. A CSV file has a header line, then rows of
    numbers.
    prints {\"n\", \"d\", \"mean\", \"std\", \"covariance\", \"eigenvalues\", \"eigenvectors\" (columns of U),
    \"stages\": [{\"name\", \"mean\", \"covariance\", \"second_moment\", \"condition_number\"}, …]}
    (second_moment = ZᵀZ/N, the Hessian of linear regression without bias on that stage's data;
    condition_number is null when it is singular)",
    extra: &[("csv", "a CSV file to read instead of a dataset")],
    required: &[],
    naming: Naming::Flag,
};

/// Run the preprocess subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let parsed = COMMAND.parse::<PreprocessConfig>(args)?;
    let csv = parsed.extra.iter().find(|(flag, _)| flag == "csv").map(|(_, path)| path.clone());
    let (x, n, d, normalize) = match csv {
        Some(_) if parsed.given.contains(&"dataset") => {
            return Err(Stop::Refused("csv: give --dataset or --csv, not both".into()));
        }
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| Stop::Refused(format!("csv: {path}: {e}")))?;
            let (x, n, d) = parse_csv(&text).map_err(|e| Stop::Refused(e.to_string()))?;
            (x, n, d, true)
        }
        None => data_of(&parsed.config, Some(&Digits::bundled())).map_err(|e| Stop::Refused(e.to_string()))?,
    };
    let result = pipeline(&x, n, d, normalize).map_err(|e| Stop::Refused(e.to_string()))?;
    crate::print_json(&to_json(&result));
    Ok(())
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
