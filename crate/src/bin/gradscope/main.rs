//! `gradscope`: run a scene headless and print JSON (numbers for tests and slides), or write SVG.
//!
//! Errors contract (every subcommand): a refused value prints `error: <field>: <reason>` on
//! stderr and exits with status 2; nothing panics on any input. One file per subcommand.

mod figure;
mod init_cmd;
mod race_cmd;
mod train_cmd;

use std::process::ExitCode;

const USAGE: &str = "usage: gradscope <command> [options]   (commands: race, init, train)
  run `gradscope <command> --help` for its options";

fn main() -> ExitCode {
    // Lossy: a non-UTF-8 argument becomes an ordinary refused value, never a panic.
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let result = match args.first().map(String::as_str) {
        Some("race") => race_cmd::run(&args[1..]),
        Some("init") => init_cmd::run(&args[1..]),
        Some("train") => train_cmd::run(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Pair up `--flag value` arguments, refusing unknown flags and missing values; `--help`
/// returns the command's usage as the error text.
pub fn flag_pairs<'a>(args: &'a [String], known: &[&str], usage: &str) -> Result<Vec<(&'a str, &'a str)>, String> {
    let mut pairs = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--help" {
            return Err(usage.to_string());
        }
        if !known.contains(&flag.as_str()) {
            return Err(format!("{flag}: unknown option\n{usage}"));
        }
        let value = it.next().ok_or_else(|| format!("{flag}: needs a value"))?;
        pairs.push((flag.as_str(), value.as_str()));
    }
    Ok(pairs)
}

/// Print a JSON result; a closed pipe (`gradscope … | head`) is not an error worth a panic.
pub fn print_json(out: &serde_json::Value) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{out}");
}
