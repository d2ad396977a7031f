//! gradscope's own tooling: `cargo xtask serve | test | build | dist | bench`.
//! Everything the project needs is installed here (bootstrap), never by hand.

mod bench;
mod bootstrap;
mod build;
mod dist;
mod serve;

use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <serve [--port N] | test | build | dist | bench>
  serve   build the page (release wasm) and serve it on http://127.0.0.1:8080
  test    fmt, clippy, native tests, wasm build, browser end-to-end tests
  build   build the wasm and its JS glue into www/pkg/
  dist    dist/site/ for any static host and dist/gradscope.html, one file that works offline
  bench   speed figures against native Rust, numpy, tfjs (wasm) and ConvNetJS: one Markdown table";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => cmd_serve(&args[1..]),
        Some("test") => cmd_test(),
        Some("build") => bootstrap::ensure_build_tools().and_then(|()| build::wasm()),
        Some("dist") => bootstrap::ensure_build_tools().and_then(|()| dist::run()),
        Some("bench") => bench::run(),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn cmd_serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, value] if flag == "--port" => {
            value.parse().map_err(|_| format!("--port needs a number, got {value:?}"))?
        }
        _ => return Err(USAGE.to_string()),
    };
    bootstrap::ensure_build_tools()?;
    build::wasm()?;
    let server = serve::Server::bind(port)?;
    println!("gradscope is served at {}  (Ctrl+C stops)", server.url());
    server.run_forever();
    Ok(())
}

/// One named check of the test run and whether it passed.
struct Outcome {
    name: &'static str,
    ok: bool,
}

fn cmd_test() -> Result<(), String> {
    let started = Instant::now();
    bootstrap::ensure_build_tools()?;
    bootstrap::ensure_browser_tools()?;
    let mut outcomes = Vec::new();
    let mut check = |name: &'static str, ok: bool| {
        println!("== {name}: {}", if ok { "ok" } else { "FAILED" });
        outcomes.push(Outcome { name, ok });
        ok
    };
    check("cargo fmt --check", run_ok(cargo(&["fmt", "--all", "--check"])));
    check("cargo clippy", run_ok(cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])));
    check(
        "cargo clippy (wasm facade)",
        run_ok(cargo(&[
            "clippy",
            "-p",
            "gradscope",
            "-p",
            "gradscope-kernels",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])),
    );
    check("native tests", run_ok(cargo(&["test", "--workspace"])));
    check(
        "lecture claims (every step, preset and default)",
        run_ok(cargo(&["test", "--profile", "claims", "-p", "gradscope", "--test", "claims"])),
    );
    let built = check("wasm build", build::wasm().map_err(|e| eprintln!("{e}")).is_ok());
    if built {
        check("dist build", dist::run().map_err(|e| eprintln!("{e}")).is_ok());
        match serve::Server::bind(0) {
            Ok(server) => {
                let url = server.url();
                std::thread::spawn(move || server.run_forever());
                check("browser end-to-end tests", run_ok(node_tests(&url, "e2e/", false)));
                // Firefox and WebKit: the smoke suite and their share of the fuzz.
                check("other engines (Firefox, WebKit)", run_ok(node_tests(&url, "engines/", true)));
            }
            Err(e) => {
                eprintln!("{e}");
                check("browser end-to-end tests", false);
            }
        }
    }
    let failed: Vec<&str> = outcomes.iter().filter(|o| !o.ok).map(|o| o.name).collect();
    let secs = started.elapsed().as_secs_f64();
    if failed.is_empty() {
        println!("xtask test: all {} checks passed in {secs:.0} s", outcomes.len());
        Ok(())
    } else {
        Err(format!(
            "test: {} of {} checks FAILED ({}) in {secs:.0} s",
            failed.len(),
            outcomes.len(),
            failed.join(", ")
        ))
    }
}

/// `node --test` over `dir` of tests/ against the served page; `display`: under a virtual
/// display (WebKit's MiniBrowser has no headless mode).
fn node_tests(url: &str, dir: &str, display: bool) -> Command {
    let mut cmd = if display {
        let mut xvfb = Command::new("xvfb-run");
        xvfb.args(["-a", "--server-args=-screen 0 1920x1080x24", "node"]);
        xvfb
    } else {
        Command::new("node")
    };
    cmd.current_dir(build::root().join("tests"))
        .args(["--test", "--test-concurrency=1", dir])
        .env("GRADSCOPE_URL", url)
        .env("GRADSCOPE_SCREENSHOTS", build::root().join("target/screenshots"));
    cmd
}

/// A `cargo` command run from the workspace root.
pub fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(build::root()).args(args);
    cmd
}

/// Run a command with inherited output; true if it exited with status 0.
pub fn run_ok(mut cmd: Command) -> bool {
    match cmd.status() {
        Ok(status) => status.success(),
        Err(err) => {
            eprintln!("could not start {:?}: {err}", cmd.get_program());
            false
        }
    }
}

/// Run a command and capture stdout if it succeeds.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
