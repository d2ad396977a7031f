//! Running the `gradscope` binary in tests: JSON on success, the errors contract on refusal.

#![allow(dead_code)] // each test file uses what it needs

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub fn gradscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradscope")).args(args).output().expect("the binary runs")
}

/// Run, expect success, parse stdout as JSON.
pub fn json(args: &[&str]) -> Value {
    let out = gradscope(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

/// Run, expect the errors contract, return stderr.
pub fn refused(args: &[&str]) -> String {
    let out = gradscope(args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    stderr
}

/// A fresh path in cargo's per-test scratch directory.
pub fn scratch(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// Width and height from the root `<svg width=".." height="..">`.
pub fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| {
        let start = svg.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        svg[start..].split('"').next().unwrap().parse().expect("a pixel size")
    };
    (attr("width"), attr("height"))
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND", "complete file");
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}
