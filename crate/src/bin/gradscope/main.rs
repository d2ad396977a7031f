//! `gradscope`: run a scene headless and print JSON (numbers for tests and slides), or write SVG.
//!
//! Errors contract (every subcommand): a refused value prints `error: <field>: <reason>` on
//! stderr and exits with status 2; nothing panics on any input. `--help` prints to stdout and
//! exits 0. One file per subcommand; their flags come from the scenes' field tables (`flags`).

mod figure;
mod flags;
mod init_cmd;
mod landscape_cmd;
mod lecture_cmd;
mod parallel;
mod preprocess_cmd;
mod race_cmd;
mod regularize_cmd;
mod search_cmd;
mod train_cmd;

use flags::Stop;
use std::io::Write;
use std::process::ExitCode;

/// A subcommand's entry point.
type Run = fn(&[String]) -> Result<(), Stop>;

/// Every subcommand: name, one line of what it does, and its entry point.
const COMMANDS: [(&str, &str, Run); 9] = [
    ("race", "an optimizer race on a loss surface: paths and losses", race_cmd::run),
    ("init", "the lecture-6 weight-initialization experiment: per-layer statistics", init_cmd::run),
    ("train", "train a small network: the per-epoch history", train_cmd::run),
    ("preprocess", "center, normalize, PCA and whiten a dataset or a CSV: per-stage statistics", preprocess_cmd::run),
    ("search", "hyperparameter search: one short training per trial, grid or random", search_cmd::run),
    ("lr-sweep", "the learning-rate range test: loss against an exponentially rising rate", search_cmd::run_sweep),
    ("regularize", "regularizers and ensembles on one overfitting setup: every method's scores", regularize_cmd::run),
    (
        "landscape",
        "a trained network's loss along the line from its initial weights, or on a 2D slice",
        landscape_cmd::run,
    ),
    ("lecture", "the lecture path: every step's state, question and claims, checked", lecture_cmd::run),
];

fn usage() -> String {
    let mut text = String::from(
        "usage: gradscope <command> [options]   (prints JSON; see `gradscope <command> --help`)\n\ncommands:\n",
    );
    for (name, what, _) in COMMANDS {
        text.push_str(&format!("  {name:<11} {what}\n"));
    }
    text.push_str("\n  --help     this text\n  --version  the version");
    text
}

fn main() -> ExitCode {
    // Lossy: a non-UTF-8 argument becomes an ordinary refused value, never a panic.
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let result = match args.first().map(String::as_str) {
        Some("--help" | "-h" | "help") => Err(Stop::Help(usage())),
        Some("--version" | "-V") => Err(Stop::Help(format!("gradscope {}", env!("CARGO_PKG_VERSION")))),
        Some(name) => match COMMANDS.iter().find(|c| c.0 == name) {
            Some((_, _, run)) => run(&args[1..]),
            None => Err(Stop::Refused(format!("{name}: unknown command\n{}", usage()))),
        },
        None => Err(Stop::Refused(usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Help(text)) => {
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
        Err(Stop::Refused(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Stop::Failed(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

/// Print a JSON result; a closed pipe (`gradscope … | head`) is not an error worth a panic.
pub fn print_json(out: &serde_json::Value) {
    let _ = writeln!(std::io::stdout(), "{out}");
}

/// `value` with every object key in snake_case: the init command's JSON predates the page's
/// camelCase and other tools script against it.
pub fn snake_keys(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (snake_case(&k), snake_keys(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

fn snake_case(key: &str) -> String {
    key.chars().fold(String::new(), |mut out, c| {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        out
    })
}
