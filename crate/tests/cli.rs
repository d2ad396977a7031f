//! The `gradscope` binary: JSON output, the errors contract (`error: <field>: <reason>` on
//! stderr, exit status 2, no panics) and figure files, for `race` and `init`.

mod cli_support;

use cli_support::{gradscope, json, png_size, refused, scratch, svg_size};
use serde_json::Value;

/// A small init experiment that runs quickly in debug builds.
const SMALL: [&str; 8] = ["--width", "50", "--batch", "100", "--input-dim", "50", "--layers", "4"];

/// `init` at the small size with `extra` flags.
fn init(extra: &[&str]) -> Value {
    let mut args = vec!["init"];
    args.extend(SMALL);
    args.extend(extra);
    json(&args)
}

/// Run, expect help on stdout and status 0, return it.
fn help(args: &[&str]) -> String {
    let out = gradscope(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{args:?} wrote to stderr");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn help_and_version_print_to_stdout_and_exit_0_with_every_flag_default_and_range() {
    let usage = help(&["--help"]);
    for scene in &gradscope::registry::SCENES {
        assert!(usage.contains(&format!("  {:<11} ", scene.id)), "every scene is a command: {usage}");
    }
    assert_eq!(help(&["--version"]).trim(), format!("gradscope {}", env!("CARGO_PKG_VERSION")));
    let race = help(&["race", "--help"]);
    assert!(race.contains("--lr F") && race.contains("Learning rate: 1e-6 to 100, log scale (default 0.019"), "{race}");
    assert!(race.contains("--surface NAME") && race.contains("one of quadratic, rosenbrock"), "{race}");
    let train = help(&["train", "--help"]);
    assert!(train.contains("--dropout F") && train.contains("0 to 0.95"), "{train}");
    assert!(train.contains("--batchnorm [0|1]"), "{train}");
    // The search's trials: the page's range and default (one field), not a second set.
    let search = help(&["search", "--help"]);
    let (most, default) = (gradscope::search::MAX_TRIALS, gradscope::scene::search::SearchConfig::default().trials);
    assert!(search.contains(&format!("number of trials, 1 to {most} (default {default})")), "{search}");
    assert!(refused(&["race", "--frobnicate", "1"]).contains("--frobnicate: unknown option"));
}

fn counts(hist: &Value) -> u64 {
    hist["counts"].as_array().expect("counts").iter().map(|c| c.as_u64().expect("a count")).sum()
}

#[test]
fn race_prints_one_run_per_optimizer() {
    let out = json(&["race", "--optimizers", "sgd,momentum,adam", "--steps", "20"]);
    let runs = out["runs"].as_array().expect("runs");
    let names: Vec<&str> = runs.iter().map(|r| r["optimizer"].as_str().unwrap()).collect();
    assert_eq!(names, ["sgd", "momentum", "adam"]);
    for run in runs {
        assert_eq!(run["path"].as_array().unwrap().len(), 21, "start + 20 steps");
        assert_eq!(run["losses"].as_array().unwrap().len(), 21);
    }
}

#[test]
fn bad_values_and_unknown_flags_exit_2_naming_the_field() {
    assert!(refused(&["race", "--lr", "abc"]).starts_with("error: lr: "));
    assert!(refused(&["race", "--learning-rate", "0.1"]).contains("--learning-rate: unknown option"));
    assert!(refused(&["init", "--activation", "tanh", "--init", "small", "--seed", "0", "--frobnicate", "1"])
        .contains("--frobnicate: unknown option"));
    refused(&["frobnicate"]);
    refused(&[]);
    let base = ["init", "--activation", "tanh", "--init", "small", "--seed", "0"];
    let with = |extra: &[&'static str]| [&base[..], extra].concat();
    for (extra, field) in [
        (&["--layers", "0"][..], "layers"),
        (&["--width", "abc"], "width"),
        (&["--batchnorm", "--layernorm"], "layerNorm"),
        (&["--activation", "foo"], "act"),
        (&["--init", "glorot"], "init"),
        (&["--init", "custom", "--std", "-1"], "std"),
        (&["--std", "0.5"], "std"),
        (&["--bins", "1e9"], "bins"),
        (&["--seed", "-1"], "seed"),
        (&["--batch", "2000", "--width", "1000", "--layers", "20"], "batch"),
        (&["--png", "figure.jpg"], "png"),
    ] {
        let stderr = refused(&with(extra));
        assert!(stderr.starts_with(&format!("error: {field}: ")), "{extra:?}: {stderr}");
    }
    // Missing values, odd words: refused, never a panic.
    refused(&with(&["--width"]));
    refused(&with(&["--bias", "NaN"]));
    refused(&with(&["--layers", "--batchnorm"]));
    refused(&with(&["--activation", "tänh&init=he"]));
}

#[test]
fn init_prints_every_hidden_layer_with_full_histograms() {
    let out = init(&["--activation", "tanh", "--init", "xavier", "--seed", "3", "--bins", "20"]);
    assert_eq!(out["config"]["seed"], 3);
    assert_eq!(out["eval_layers"], Value::Null);
    assert!(out["loss"].is_f64());
    let layers = out["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 4);
    let (batch, width, input_dim) = (100, 50, 50);
    for (l, layer) in layers.iter().enumerate() {
        for key in ["mean", "std", "saturated_fraction", "zero_fraction", "dead_fraction", "grad_std"] {
            assert!(layer[key].is_f64(), "layer {l}: {key} = {}", layer[key]);
        }
        let hist = &layer["histogram"];
        assert_eq!(hist["edges"].as_array().unwrap().len(), 21);
        assert_eq!(hist["edges"][0], -1.0, "tanh's fixed range");
        assert_eq!(counts(hist), batch * width, "layer {l}");
        let fan_in = if l == 0 { input_dim } else { width };
        assert_eq!(counts(&layer["grad_histogram"]), fan_in * width, "layer {l}");
    }
    // ReLU has no saturation: the field is there and null.
    let relu = init(&["--activation", "relu", "--init", "he", "--seed", "3"]);
    assert!(relu["layers"].as_array().unwrap().iter().all(|l| l["saturated_fraction"].is_null()));
    // Batch norm with a warm-up adds the eval-mode pass, one entry per layer.
    let bn = init(&["--activation", "tanh", "--init", "small", "--seed", "3", "--batchnorm", "--bn-eval-warmup", "2"]);
    assert_eq!(bn["config"]["batch_norm"], true);
    assert_eq!(bn["eval_layers"].as_array().expect("eval pass").len(), 4);
}

#[test]
fn tanh_with_a_small_init_decays_layer_by_layer() {
    let out = init(&["--activation", "tanh", "--init", "small", "--seed", "0"]);
    let stds: Vec<f64> = out["layers"].as_array().unwrap().iter().map(|l| l["std"].as_f64().unwrap()).collect();
    // Each layer multiplies the std by about √50·0.01 ≈ 0.07.
    for pair in stds.windows(2) {
        assert!(pair[1] < 0.2 * pair[0], "{stds:?}");
    }
}

#[test]
fn custom_init_without_std_uses_the_documented_default() {
    let out = init(&["--activation", "relu", "--init", "custom", "--seed", "0"]);
    assert_eq!(out["config"]["init"], serde_json::json!({ "custom": 0.1 }));
    let usage = help(&["init", "--help"]);
    assert!(usage.contains("custom (std from --std, default 0.1)"), "{usage}");
    let set = init(&["--activation", "relu", "--init", "custom", "--std", "0.25", "--seed", "0"]);
    assert_eq!(set["config"]["init"], serde_json::json!({ "custom": 0.25 }));
}

#[test]
fn svg_and_png_figures_are_written_at_the_same_size() {
    let (svg, png) = (scratch("init.svg"), scratch("init.png"));
    let mut args = vec!["init", "--activation", "tanh", "--init", "large", "--seed", "1", "--bins", "10"];
    args.extend(SMALL);
    args.extend(["--svg", svg.to_str().unwrap(), "--png", png.to_str().unwrap()]);
    json(&args);
    let text = std::fs::read_to_string(&svg).expect("SVG written");
    assert!(text.starts_with("<svg"), "{}", &text[..40.min(text.len())]);
    assert!(text.contains("Std (log scale)") && text.contains("weight gradients"));
    for l in 1..=4 {
        assert!(text.contains(&format!("Layer {l}: σ")), "layer {l} title");
    }
    let size = svg_size(&text);
    assert_eq!(size.0, 1200);
    assert_eq!(png_size(&std::fs::read(&png).expect("PNG written")), size);

    let (svg, png) = (scratch("race.svg"), scratch("race.png"));
    let race = ["race", "--steps", "10", "--svg", svg.to_str().unwrap(), "--png", png.to_str().unwrap()];
    assert_eq!(json(&race)["runs"].as_array().unwrap().len(), 3, "the opening race: SGD, momentum, Adam");
    let text = std::fs::read_to_string(&svg).expect("SVG written");
    assert!(text.starts_with("<svg") && text.contains("Step"));
    assert_eq!(png_size(&std::fs::read(&png).expect("PNG written")), svg_size(&text));
}

#[test]
fn preprocess_prints_every_stage_and_refuses_bad_csv_by_line_and_column() {
    let out = gradscope(&["preprocess", "--dataset", "positive", "--seed", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["n"], 500);
    assert_eq!(json["d"], 2);
    let names: Vec<&str> = json["stages"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["raw", "center", "normalize", "pca", "whiten"]);
    for key in ["mean", "std", "covariance", "eigenvalues", "eigenvectors"] {
        assert!(json[key].is_array(), "{key}");
    }
    for stage in json["stages"].as_array().unwrap() {
        for key in ["mean", "covariance", "second_moment"] {
            assert!(stage[key].is_array(), "{key}");
        }
        assert!(stage["condition_number"].is_number());
    }
    let digits = gradscope(&["preprocess", "--dataset", "digits"]);
    let json: serde_json::Value = serde_json::from_slice(&digits.stdout).unwrap();
    assert_eq!((json["n"].as_u64(), json["d"].as_u64()), (Some(1797), Some(64)));
    assert!(json["stages"].as_array().unwrap().iter().all(|s| s["name"] != "normalize"));

    let dir = std::env::temp_dir().join(format!("gradscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (text, needle) in
        [("a,b\n1,2\n3,oops\n4,5\n", "line 3, column 2"), ("a,b\n1,2\n2,2\n3,2\n", "column 2 is constant")]
    {
        let file = dir.join("data.csv");
        std::fs::write(&file, text).unwrap();
        let out = gradscope(&["preprocess", "--csv", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
    let bad = gradscope(&["preprocess", "--dataset", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("dataset"));
}

#[test]
fn race_on_data_runs_once_per_batch_and_train_takes_lbfgs_on_the_full_batch() {
    let out = json(&["race", "--surface", "linreg", "--optimizers", "sgd", "--batch", "200,20,1", "--steps", "10"]);
    let runs = out["runs"].as_array().expect("runs");
    let batches: Vec<u64> = runs.iter().map(|r| r["batch"].as_u64().unwrap()).collect();
    assert_eq!(batches, [200, 20, 1]);
    let seen: Vec<u64> = runs.iter().map(|r| r["examples"][10].as_u64().unwrap()).collect();
    assert_eq!(seen, [2000, 200, 10], "examples processed after 10 steps");
    assert!(refused(&["race", "--surface", "logreg", "--batch", "0"]).contains("batch"));
    let trained =
        json(&["train", "--optimizer", "lbfgs", "--batch", "full", "--lr", "1", "--dropout", "0", "--epochs", "3"]);
    assert_eq!(trained["config"]["batch"], "full");
    assert_eq!(trained["epochs"].as_array().unwrap().len(), 3);
    assert!(refused(&["train", "--optimizer", "newton"]).contains("Newton"));
    assert!(refused(&["train", "--batch", "none"]).contains("or full"));
}

#[test]
fn init_runs_with_its_defaults_and_every_command_takes_a_link() {
    let small = ["init", "--width", "20", "--batch", "30", "--input-dim", "20"];
    let out = json(&small);
    assert_eq!(out["layers"].as_array().unwrap().len(), 10, "the lecture's 10 layers by default");
    assert_eq!(out["config"]["activation"], "tanh");
    // A page link's fields give the same state as the flags; flags after it win.
    let linked = json(&["init", "--link", "act=relu&init=he&width=20&batch=30&dim=20"]);
    let flagged =
        json(&["init", "--activation", "relu", "--init", "he", "--width", "20", "--batch", "30", "--input-dim", "20"]);
    assert_eq!(linked["layers"][9]["std"], flagged["layers"][9]["std"]);
    let race = json(&["race", "--link", "#scene=race&surf=rosenbrock&opt=adam&steps=5", "--steps", "7"]);
    assert_eq!(race["surface"], "rosenbrock");
    assert_eq!(race["runs"][0]["path"].as_array().unwrap().len(), 8, "--steps after the link wins");
    assert!(refused(&["race", "--link", "lr=-1"]).starts_with("error: lr: "));
}

#[test]
fn lecture_prints_every_step_with_its_question_and_checked_claims() {
    let out = json(&["lecture", "--step", "momentum"]);
    let steps = out["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    let s = &steps[0];
    for key in ["lecture", "step", "id", "scene", "link", "concepts", "question", "claims"] {
        assert!(s.get(key).is_some(), "step lacks {key}: {s}");
    }
    assert_eq!((s["lecture"].as_u64(), s["scene"].as_str()), (Some(7), Some("race")));
    assert_eq!(s["question"]["choices"].as_array().unwrap().len(), 3);
    let claim = &s["claims"][0];
    assert!(claim["text"].as_str().unwrap().starts_with("SGD+Momentum gets within"), "{claim}");
    assert_eq!(claim["holds"], true);
    assert!(claim["numbers"]["steps_a"].is_number(), "{claim}");
    let check = json(&["lecture", "--check", "race", "surf=quadratic&kappa=25&opt=sgd&lr=0.1", "diverges(sgd)"]);
    assert_eq!(check["claims"][0]["holds"], true);
    assert!(refused(&["lecture", "--check", "race", "", "nonsense(sgd)"]).contains("no claim \"nonsense\""));
}

#[test]
fn lecture_checks_a_path_file_and_names_what_it_refuses() {
    let file = scratch("path.json");
    let good = r#"{"gradscope_path": 1, "title": {"en": "Week 3", "ko": "3주차"}, "steps": [
        {"scene": "race", "link": "surf=quadratic&kappa=25&opt=sgd&lr=0.1", "title": "Too fast",
         "question": {"text": "What happens?", "choices": ["converges", "diverges"], "answer": 1},
         "claims": ["diverges(sgd)"]},
        {"scene": "init", "link": "act=tanh", "title": {"i18n": "lecture.lecture6"}}]}"#;
    std::fs::write(&file, good).unwrap();
    let out = json(&["lecture", "--path", file.to_str().unwrap(), "--lang", "ko"]);
    assert_eq!(out["title"], "3주차");
    assert_eq!(out["steps"].as_array().unwrap().len(), 2);
    assert_eq!(out["steps"][0]["question"]["answer"], "B");
    assert_eq!(out["steps"][0]["claims"][0]["holds"], true);
    assert_eq!(out["steps"][1]["title"], "6강 · 신경망 학습 I");
    std::fs::write(&file, good.replace("act=tanh", "act=nope")).unwrap();
    let stderr = refused(&["lecture", "--path", file.to_str().unwrap()]);
    assert!(stderr.contains("step 2: its link is refused") && stderr.contains("act"), "{stderr}");
    std::fs::write(&file, good.replace("lecture.lecture6", "lecture.nothing")).unwrap();
    assert!(refused(&["lecture", "--path", file.to_str().unwrap()]).contains("step 2: no text \"lecture.nothing\""));
    std::fs::write(&file, "{\"gradscope_path\": 1,\n \"steps\": [}").unwrap();
    assert!(refused(&["lecture", "--path", file.to_str().unwrap()]).contains("line 2"));
    let built_in = json(&["lecture", "--export"]);
    assert_eq!(built_in["steps"].as_array().unwrap().len(), gradscope::lecture::STEPS.len());
}
