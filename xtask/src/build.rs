//! Build the wasm module and its JS glue into www/pkg/.

use crate::{cargo, run_ok};
use std::path::PathBuf;
use std::process::Command;

/// The workspace root (parent of xtask/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Release wasm build + `wasm-bindgen --target web` into www/pkg/.
pub fn wasm() -> Result<(), String> {
    let build = cargo(&["build", "--package", "gradscope", "--lib", "--release", "--target", "wasm32-unknown-unknown"]);
    if !run_ok(build) {
        return Err("wasm build failed".into());
    }
    let wasm = root().join("target/wasm32-unknown-unknown/release/gradscope.wasm");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .arg(&wasm)
        .args(["--target", "web", "--no-typescript", "--remove-name-section", "--out-dir"])
        .arg(root().join("www/pkg"));
    if !run_ok(bindgen) {
        return Err("wasm-bindgen failed".into());
    }
    let out = root().join("www/pkg/gradscope_bg.wasm");
    let size = out.metadata().map(|m| m.len()).unwrap_or(0);
    println!("built {} ({} KB)", out.display(), size / 1024);
    Ok(())
}
