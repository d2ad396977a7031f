//! The page's size as a static host serves it, against DESIGN.md's size budget: the whole page
//! (wasm + JS + CSS + the one language JSON it fetches) ≤ 350 KiB gzipped. Each file is gzipped on its own, as a host
//! compresses each response; `cargo xtask dist` and `cargo xtask bench` both report it.

use super::files::{list_dir, read};
use crate::build::{GLUE_FILE, WASM_FILE};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::{Path, PathBuf};

/// DESIGN.md's budget for the whole page's gzipped transfer, in bytes.
pub const PAGE_BUDGET_GZIPPED: u64 = 400 * 1024;

/// What the page transfers, in bytes, summed over its files.
#[derive(Debug, Default, PartialEq)]
pub struct PageSize {
    pub files: u64,
    pub raw: u64,
    pub gzipped: u64,
    /// The wasm module alone (included in the totals above).
    pub wasm_raw: u64,
    pub wasm_gzipped: u64,
}

impl PageSize {
    /// Whether the gzipped total is within [`PAGE_BUDGET_GZIPPED`].
    pub fn within_budget(&self) -> bool {
        self.gzipped <= PAGE_BUDGET_GZIPPED
    }

    fn add(&mut self, bytes: &[u8]) -> Result<u64, String> {
        let gzipped = gzip_len(bytes)?;
        self.files += 1;
        self.raw += bytes.len() as u64;
        self.gzipped += gzipped;
        Ok(gzipped)
    }
}

/// The page served from `www` with wasm-bindgen's `--target web` output in `pkg`: every `.js`
/// under `www/js/`, every `.css` in `www/`, the largest `.json` in `www/i18n/` (the page
/// fetches one language; switching fetches the other), pkg's glue and wasm (the simd128 build:
/// a browser fetches one of the two builds, of about the same size).
pub fn page_size(www: &Path, pkg: &Path) -> Result<PageSize, String> {
    let mut files = files_with_extension(&www.join("js"), "js", true)?;
    files.extend(files_with_extension(www, "css", false)?);
    files.push(pkg.join(GLUE_FILE));
    let mut size = PageSize::default();
    for path in files {
        size.add(&read(&path)?)?;
    }
    let mut languages = Vec::new();
    for path in files_with_extension(&www.join("i18n"), "json", false)? {
        let bytes = read(&path)?;
        languages.push((gzip_len(&bytes)?, bytes));
    }
    if let Some((_, largest)) = languages.iter().max_by_key(|(gz, _)| *gz) {
        size.add(largest)?;
    }
    let wasm = read(&pkg.join(WASM_FILE))?;
    size.wasm_raw = wasm.len() as u64;
    size.wasm_gzipped = size.add(&wasm)?;
    Ok(size)
}

/// Files in `dir` (and below it, if `recursive`) whose name ends in `.<extension>`, sorted.
fn files_with_extension(dir: &Path, extension: &str, recursive: bool) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in list_dir(dir)? {
        if path.is_dir() {
            if recursive {
                out.extend(files_with_extension(&path, extension, true)?);
            }
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
    Ok(out)
}

/// Size after gzip at the default level (what a static host typically serves).
pub fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map(|v| v.len() as u64).map_err(|e| format!("gzip: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn page_size_counts_js_css_one_language_glue_and_wasm_each_gzipped_alone() {
        let dir = std::env::temp_dir().join(format!("xtask-page-size-{}", std::process::id()));
        let counted: [(&str, &[u8]); 6] = [
            ("www/js/main.js", b"import * as race from './scenes/race.js';\n"),
            ("www/js/scenes/race.js", b"export const name = 'race';\n"),
            ("www/style.css", b"body { margin: 0 }\n"),
            ("www/i18n/en.json", b"{\"title\": \"gradscope\"}\n"),
            ("pkg/gradscope.js", b"export default function init() {}\n"),
            ("pkg/gradscope_bg.wasm", b"\0asm\x01\0\0\0"),
        ];
        let ignored: [(&str, &[u8]); 4] = [
            ("www/index.html", b"<!doctype html>"),
            ("www/i18n/ko.json", b"{}\n"),
            ("www/i18n/README.md", b"notes"),
            ("www/pkg/gradscope.js", b"old"),
        ];
        for (path, bytes) in counted.iter().chain(&ignored) {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let size = page_size(&dir.join("www"), &dir.join("pkg"));
        fs::remove_dir_all(&dir).unwrap();

        let gz = |bytes: &[u8]| gzip_len(bytes).unwrap();
        let wasm = counted[5].1;
        let expected = PageSize {
            files: 6,
            raw: counted.iter().map(|(_, b)| b.len() as u64).sum(),
            gzipped: counted.iter().map(|(_, b)| gz(b)).sum(),
            wasm_raw: wasm.len() as u64,
            wasm_gzipped: gz(wasm),
        };
        assert_eq!(size.unwrap(), expected);
        assert!(expected.within_budget());
        assert!(!PageSize { gzipped: PAGE_BUDGET_GZIPPED + 1, ..expected }.within_budget());
    }

    #[test]
    fn gzip_len_is_the_length_of_a_gzip_stream() {
        // A gzip stream is at least its 10-byte header and 8-byte trailer; repetition compresses.
        assert!(gzip_len(b"").unwrap() >= 18);
        assert!(gzip_len(&[b'a'; 10_000]).unwrap() < 100);
    }
}
