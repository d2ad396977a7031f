//! The layers run one way: the math (surfaces, optimizers, networks, the training engine, the
//! search, ensembles and the landscape) imports no scene, renderer, claim, lecture or web code,
//! so every scene and tool builds on the same engine.

use std::path::{Path, PathBuf};

/// The modules below the scenes.
const MATH: [&str; 17] = [
    "data",
    "data.rs",
    "ensemble.rs",
    "error.rs",
    "fields",
    "landscape.rs",
    "nn",
    "objective.rs",
    "optim",
    "preprocess.rs",
    "rng.rs",
    "schedule.rs",
    "search",
    "spread.rs",
    "stats.rs",
    "surface",
    "train",
];
/// What they must not use.
const ABOVE: [&str; 7] =
    ["crate::scene", "crate::render", "crate::web", "crate::claims", "crate::registry", "crate::lecture", "crate::cli"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            rust_files(&entry.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn no_math_module_imports_a_scene_a_renderer_or_the_web() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for name in MATH {
        rust_files(&src.join(name), &mut files);
    }
    assert!(files.len() > 40, "the math modules were found ({} files)", files.len());
    let mut wrong = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        wrong.extend(ABOVE.iter().filter(|a| text.contains(*a)).map(|a| format!("{} uses {a}", file.display())));
    }
    assert!(wrong.is_empty(), "arrows that run the wrong way:\n{}", wrong.join("\n"));
}
