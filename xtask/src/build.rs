//! Build the wasm module and its JS glue into www/pkg/.

use crate::{cargo, run_ok};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The JS glue `wasm-bindgen` writes into its out dir.
pub const GLUE_FILE: &str = "gradscope.js";
/// The wasm module `wasm-bindgen` writes into its out dir.
pub const WASM_FILE: &str = "gradscope_bg.wasm";
/// The same module built with relaxed SIMD (fused multiply-add GEMM kernels), next to it; the
/// page picks it where the browser validates relaxed SIMD. Both builds share one JS glue.
pub const RELAXED_WASM_FILE: &str = "gradscope_relaxed_bg.wasm";

/// The workspace root (parent of xtask/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Release wasm builds (simd128 and relaxed SIMD) + `wasm-bindgen --target web` into www/pkg/.
pub fn wasm() -> Result<(), String> {
    package(&root().join("www/pkg"))?;
    for file in [WASM_FILE, RELAXED_WASM_FILE] {
        let out = root().join("www/pkg").join(file);
        let size = out.metadata().map(|m| m.len()).unwrap_or(0);
        println!("built {} ({} KB)", out.display(), size / 1024);
    }
    Ok(())
}

/// Both builds through `wasm-bindgen --target web` into `out_dir`: the glue, [`WASM_FILE`]
/// and [`RELAXED_WASM_FILE`].
pub fn package(out_dir: &Path) -> Result<(), String> {
    bindgen(&compile_wasm()?, "web", out_dir)?;
    let scratch = root().join("target/wasm-relaxed/bindgen");
    bindgen(&compile_relaxed_wasm()?, "web", &scratch)?;
    let (glue, relaxed_glue) = (std::fs::read(out_dir.join(GLUE_FILE)), std::fs::read(scratch.join(GLUE_FILE)));
    if glue.as_ref().ok() != relaxed_glue.as_ref().ok() {
        return Err("the relaxed-SIMD build's JS glue differs from the simd128 build's; the page loads one glue".into());
    }
    std::fs::copy(scratch.join(WASM_FILE), out_dir.join(RELAXED_WASM_FILE))
        .map_err(|e| format!("cannot copy the relaxed-SIMD build: {e}"))?;
    Ok(())
}

/// The relaxed-SIMD release build, in its own target dir (other flags, so no rebuild thrash).
pub fn compile_relaxed_wasm() -> Result<PathBuf, String> {
    let mut build = cargo(&[
        "build",
        "--package",
        "gradscope",
        "--lib",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--target-dir",
        "target/wasm-relaxed",
    ]);
    // RUSTFLAGS wins over .cargo/config.toml's wasm rustflags (simd128), for this build only.
    build.env("RUSTFLAGS", "-C target-feature=+simd128,+relaxed-simd");
    if !run_ok(build) {
        return Err("relaxed-SIMD wasm build failed".into());
    }
    Ok(root().join("target/wasm-relaxed/wasm32-unknown-unknown/release/gradscope.wasm"))
}

/// `cargo build --release` of the crate for wasm32 (a no-op when nothing changed); the raw module's path.
pub fn compile_wasm() -> Result<PathBuf, String> {
    let build = cargo(&["build", "--package", "gradscope", "--lib", "--release", "--target", "wasm32-unknown-unknown"]);
    if !run_ok(build) {
        return Err("wasm build failed".into());
    }
    Ok(root().join("target/wasm32-unknown-unknown/release/gradscope.wasm"))
}

/// `wasm-bindgen --target <target>` of `wasm` into `out_dir` ([`GLUE_FILE`] + [`WASM_FILE`]).
pub fn bindgen(wasm: &Path, target: &str, out_dir: &Path) -> Result<(), String> {
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen.arg(wasm).args(["--target", target, "--no-typescript", "--remove-name-section", "--out-dir"]).arg(out_dir);
    if !run_ok(bindgen) {
        return Err(format!("wasm-bindgen --target {target} failed"));
    }
    Ok(())
}
