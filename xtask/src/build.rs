//! Build the wasm module and its JS glue into www/pkg/.

use crate::{cargo, run_ok};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The JS glue `wasm-bindgen` writes into its out dir.
pub const GLUE_FILE: &str = "gradscope.js";
/// The wasm module `wasm-bindgen` writes into its out dir.
pub const WASM_FILE: &str = "gradscope_bg.wasm";

/// The workspace root (parent of xtask/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Release wasm build + `wasm-bindgen --target web` into www/pkg/.
pub fn wasm() -> Result<(), String> {
    let wasm = compile_wasm()?;
    bindgen(&wasm, "web", &root().join("www/pkg"))?;
    let out = root().join("www/pkg").join(WASM_FILE);
    let size = out.metadata().map(|m| m.len()).unwrap_or(0);
    println!("built {} ({} KB)", out.display(), size / 1024);
    Ok(())
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
