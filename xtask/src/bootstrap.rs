//! Install what the build and the tests need, idempotently, one line per action.
//! A ready machine passes through here in well under a second.

use crate::{build, output_of, run_ok};
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";

/// wasm32 target and a wasm-bindgen CLI matching the crate version in Cargo.lock.
pub fn ensure_build_tools() -> Result<(), String> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("rustup is needed (https://rustup.rs); it was not found")?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("bootstrap: adding the {WASM_TARGET} target (rustup)");
        require(run_ok(rustup_add_target()), "rustup target add failed")?;
    }
    let wanted = locked_version("wasm-bindgen")?;
    let have = output_of(Command::new("wasm-bindgen").arg("--version"))
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_string));
    if have.as_deref() != Some(wanted.as_str()) {
        let why = have.map_or("missing".to_string(), |v| format!("{v} installed"));
        println!("bootstrap: installing wasm-bindgen-cli {wanted} ({why}; takes ~2 minutes)");
        install_wasm_bindgen(&wanted)?;
    }
    Ok(())
}

/// Debian packages the browser tests need: the three engines (Chromium; Firefox ESR; WebKitGTK's
/// MiniBrowser with its WebDriver, under a virtual display), and a Korean font so that Korean
/// screenshots show text rather than empty boxes. (package, a file it installs)
const APT_PACKAGES: [(&str, &str); 6] = [
    ("chromium", CHROMIUM),
    ("fonts-nanum", "/usr/share/fonts/truetype/nanum"),
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/xvfb-run"),
    ("xauth", "/usr/bin/xauth"),
];

/// Debian's browsers, a Korean font and the npm deps of tests/ (playwright-core, axe-core,
/// puppeteer-core, selenium-webdriver; no browser download).
pub fn ensure_browser_tools() -> Result<(), String> {
    let missing: Vec<&str> =
        APT_PACKAGES.iter().filter(|(_, file)| !Path::new(file).exists()).map(|(p, _)| *p).collect();
    if !missing.is_empty() {
        let list = missing.join(" ");
        let root = output_of(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
        if !root {
            return Err(format!(
                "{list} missing; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends {list}"
            ));
        }
        println!("bootstrap: installing {list} (apt-get)");
        require(run_ok(apt(&["update", "-q"])), "apt-get update failed")?;
        let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
        install.extend(&missing);
        require(run_ok(apt(&install)), "apt-get install failed")?;
    }
    npm_ci("tests", "the e2e test deps")
}

/// numpy pinned for the bench's peer (one thread, float32); needs Python ≥ 3.11.
const NUMPY: &str = "numpy==2.4.6";

/// The bench's peers: npm deps of bench/ (tfjs wasm backend, ConvNetJS, playwright-core) and
/// numpy in a venv under target/bench/; returns that venv's python.
pub fn ensure_bench_tools() -> Result<PathBuf, String> {
    ensure_browser_tools()?;
    npm_ci("bench", "the bench's peers")?;
    let venv = build::root().join("target/bench/venv");
    let python = venv.join("bin/python");
    let has_numpy = output_of(Command::new(&python).args(["-c", "import numpy; print(numpy.__version__)"]))
        .is_some_and(|v| NUMPY.ends_with(v.trim()));
    if !has_numpy {
        println!("bootstrap: installing {NUMPY} into target/bench/venv (pip)");
        let mut create = Command::new("python3");
        create.args(["-m", "venv"]).arg(&venv);
        require(run_ok(create), "python3 -m venv failed (Debian: apt-get install python3-venv)")?;
        let mut pip = Command::new(&python);
        pip.args(["-m", "pip", "install", "-q", "--disable-pip-version-check", NUMPY]);
        require(run_ok(pip), "pip install numpy failed")?;
    }
    Ok(python)
}

/// `npm ci` in `dir` when its lock file is newer than the installed tree.
fn npm_ci(dir: &str, what: &str) -> Result<(), String> {
    let dir_path = build::root().join(dir);
    let lock = dir_path.join("package-lock.json");
    let stamp = dir_path.join("node_modules/.package-lock.json");
    let stale = match (lock.metadata(), stamp.metadata()) {
        (Ok(l), Ok(s)) => l.modified().ok() > s.modified().ok(),
        _ => true,
    };
    if stale {
        println!("bootstrap: installing {what} (npm ci in {dir}/)");
        let mut npm = Command::new("npm");
        npm.current_dir(&dir_path).args(["ci", "--no-audit", "--no-fund"]);
        require(run_ok(npm), &format!("npm ci in {dir}/ failed"))?;
    }
    Ok(())
}

fn rustup_add_target() -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", WASM_TARGET]);
    cmd
}

fn apt(args: &[&str]) -> Command {
    let mut cmd = Command::new("apt-get");
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

/// `--locked` first; the registry here lacks some of the CLI's locked deps, so fall back without it.
fn install_wasm_bindgen(version: &str) -> Result<(), String> {
    let exact = format!("={version}");
    for locked in [true, false] {
        let mut cmd = crate::cargo(&["install", "wasm-bindgen-cli", "--force", "--version", &exact]);
        if locked {
            cmd.arg("--locked");
        }
        if run_ok(cmd) {
            return Ok(());
        }
        if locked {
            println!("bootstrap: --locked install failed; retrying without --locked");
        }
    }
    Err(format!("could not install wasm-bindgen-cli {version}"))
}

/// The version of `package` recorded in the workspace's Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(build::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

fn require(ok: bool, message: &str) -> Result<(), String> {
    ok.then_some(()).ok_or_else(|| message.to_string())
}
