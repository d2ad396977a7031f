//! Running the `gradscope` binary in tests: JSON on success, the errors contract on refusal.

#![allow(dead_code)] // each test file uses what it needs

use serde_json::Value;
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
