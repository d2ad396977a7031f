//! File helpers of `cargo xtask dist`: reading and writing with the path in every error,
//! sorted directory listings (the same output on every machine), copying and sizing trees.

use super::bundle::is_ident;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub(super) fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub(super) fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Every www/i18n/<lang>.json, by language code.
pub(super) fn read_i18n(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for path in list_dir(dir)? {
        if let (Some(lang), Some("json")) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|e| e.to_str()))
        {
            if !is_ident(lang) {
                return Err(format!("{}: a language code must be a plain name", path.display()));
            }
            out.insert(lang.to_string(), read_text(&path)?);
        }
    }
    if out.is_empty() {
        return Err(format!("no i18n JSON in {}", dir.display()));
    }
    Ok(out)
}

/// Entries of `dir`, sorted (so the output is the same on every machine).
pub(super) fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// An empty directory at `dir` (removing what was there).
pub(super) fn reset_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Copy `from` into `to` recursively, skipping dotfiles and the top-level names in `skip`.
pub(super) fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for path in list_dir(from)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || skip.contains(&name) {
            continue;
        }
        let target = to.join(name);
        if path.is_dir() {
            copy_tree(&path, &target, &[])?;
        } else {
            fs::copy(&path, &target)
                .map_err(|e| format!("cannot copy {} to {}: {e}", path.display(), target.display()))?;
        }
    }
    Ok(())
}

/// (files, bytes) under `dir`.
pub(super) fn tree_size(dir: &Path) -> Result<(u64, u64), String> {
    let mut total = (0, 0);
    for path in list_dir(dir)? {
        if path.is_dir() {
            let (files, bytes) = tree_size(&path)?;
            total = (total.0 + files, total.1 + bytes);
        } else {
            total = (total.0 + 1, total.1 + path.metadata().map_or(0, |m| m.len()));
        }
    }
    Ok(total)
}
