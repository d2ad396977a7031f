//! `gradscope`: run a scene headless and print JSON (numbers for tests and slides), or write SVG.
//!
//! Errors contract (every subcommand): a refused value prints `error: <field>: <reason>` on
//! stderr and exits with status 2; nothing panics on any input. `--help` prints to stdout and
//! exits 0. Each scene's command lives in its folder (`scene/<name>/cli.rs`); their flags come from the
//! scenes' field tables (`gradscope::cli`).

mod lecture_cmd;

use gradscope::cli::{Run, Stop};
use gradscope::registry::SCENES;
use std::io::Write;
use std::process::ExitCode;

/// The commands that are not a scene's own.
const OTHERS: [(&str, &str, Run); 2] = [
    (
        "lr-sweep",
        "the learning-rate range test: loss against an exponentially rising rate",
        gradscope::scene::search::cli::run_sweep,
    ),
    ("lecture", "the lecture path: every step's state, question and claims, checked", lecture_cmd::run),
];

/// Every subcommand: each scene's (`gradscope <id>`, from the registry), then the others.
fn commands() -> impl Iterator<Item = (&'static str, &'static str, Run)> {
    SCENES.iter().map(|s| (s.id, s.command.0, s.command.1)).chain(OTHERS)
}

fn usage() -> String {
    let mut text = String::from(
        "usage: gradscope <command> [options]   (prints JSON; see `gradscope <command> --help`)\n\ncommands:\n",
    );
    for (name, what, _) in commands() {
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
        Some(name) => match commands().find(|c| c.0 == name) {
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
