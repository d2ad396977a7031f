//! `cargo xtask dist`: the page for any static host (dist/site/) and as ONE self-contained HTML
//! file that works opened from `file://` with no network (dist/gradscope.html).
//!
//! ES modules do not load from `file://` (origin null), so the single file carries the
//! `wasm-bindgen --target no-modules` glue and the page's modules joined into one classic
//! script by the small bundler in `bundle`. This module assembles the page: the CSS and that
//! script inlined, the CSP, and the checks that nothing external is left.
//!
//! What the served page fetches travels inline in `globalThis.GRADSCOPE_EMBEDDED` (i18n JSON,
//! the digits bytes, the wasm bytes); the page looks there before fetching. The
//! Content-Security-Policy stays strict: the one inline script and the one inline style are
//! allowed by their SHA-256 hashes, computed here; no 'unsafe-inline'.

mod bundle;
mod files;
mod size;

pub use size::{gzip_len, page_size, PageSize, PAGE_BUDGET_GZIPPED};

use crate::build::{self, root, GLUE_FILE, WASM_FILE};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use files::{copy_tree, read, read_i18n, read_text, reset_dir, tree_size, write};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The page's entry module, relative to www/.
const ENTRY: &str = "js/main.js";
/// A second module script of index.html that js/main.js imports too (see www/js/boot.js).
const BOOT: &str = "js/boot.js";
/// The pool workers' entry module (the single file starts them from a blob URL).
const WORKER_ENTRY: &str = "js/workers/worker.js";
/// The digits set, relative to static/ (the page fetches `static/data/digits8x8.bin`).
const DIGITS: &str = "data/digits8x8.bin";
/// What of static/ the page uses; fonts/ only serves the native CLI's figures.
const SITE_STATIC: [&str; 1] = ["data"];

/// Build dist/site/ and dist/gradscope.html from one release wasm build, and report sizes.
pub fn run() -> Result<(), String> {
    let root = root();
    let www = root.join("www");
    let dist = root.join("dist");
    // Old outputs go first, so a failed build never leaves a stale page for the tests.
    let site = dist.join("site");
    let single = dist.join("gradscope.html");
    reset_dir(&site)?;
    if single.exists() {
        fs::remove_file(&single).map_err(|e| format!("cannot remove {}: {e}", single.display()))?;
    }

    let wasm = build::compile_wasm()?; // a no-op when `wasm()` just built it

    copy_tree(&www, &site, &["pkg"])?;
    build::package(&site.join("pkg"))?;
    for dir in SITE_STATIC {
        copy_tree(&root.join("static").join(dir), &site.join("static").join(dir), &[])?;
    }

    let scratch = root.join("target/dist-no-modules");
    reset_dir(&scratch)?;
    build::bindgen(&wasm, "no-modules", &scratch)?;
    let inline = Inline {
        glue: read_text(&scratch.join(GLUE_FILE))?,
        wasm: read(&scratch.join(WASM_FILE))?,
        digits: read(&root.join("static").join(DIGITS))?,
        i18n: read_i18n(&www.join("i18n"))?,
    };
    let html = single_file(&www, &inline)?;
    write(&single, html.as_bytes())?;

    let rel = |p: &Path| p.strip_prefix(&root).unwrap_or(p).display().to_string();
    let (files, bytes) = tree_size(&site)?;
    println!("dist: {}  ({files} files, {} KB)", rel(&site), bytes / 1024);
    let html_gz = gzip_len(html.as_bytes())?;
    println!("dist: {}  {} KB raw, {} KB gzipped", rel(&single), html.len() / 1024, html_gz / 1024);
    let page = page_size(&site, &site.join("pkg"))?;
    println!(
        "dist: page (wasm + JS + CSS + one language)  {} KB raw, {} KB gzipped  (budget {} KB gzipped{})",
        page.raw / 1024,
        page.gzipped / 1024,
        PAGE_BUDGET_GZIPPED / 1024,
        if page.within_budget() { "" } else { ": OVER BUDGET" }
    );
    println!("dist: wasm alone  {} KB raw, {} KB gzipped", page.wasm_raw / 1024, page.wasm_gzipped / 1024);
    Ok(())
}

/// What the single file inlines besides www/ itself.
struct Inline {
    /// The `--target no-modules` glue (defines the global `wasm_bindgen`).
    glue: String,
    wasm: Vec<u8>,
    digits: Vec<u8>,
    /// Language code → the JSON text of www/i18n/<code>.json.
    i18n: BTreeMap<String, String>,
}

/// index.html with the CSS, data, wasm and JS inlined under a hash-based CSP.
fn single_file(www: &Path, inline: &Inline) -> Result<String, String> {
    let index = read_text(&www.join("index.html"))?;
    let css = read_text(&www.join("style.css"))?;
    check_css_self_contained(&css)?;
    if css.to_ascii_lowercase().contains("</style") {
        return Err("style.css contains `</style`, which cannot be inlined".into());
    }
    let script = inline_script(www, inline)?;

    // Placeholders first, so the check for external references sees only the HTML.
    const STYLE: &str = "\u{0}style\u{0}";
    const SCRIPT: &str = "\u{0}script\u{0}";
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' '{}'; style-src 'self' '{}'; img-src 'self' data: blob:; worker-src blob:",
        csp_hash(&script),
        csp_hash(&css)
    );
    let mut html = replace_tag(
        &index,
        "<meta",
        &["http-equiv=\"Content-Security-Policy\""],
        "",
        &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"),
    )?;
    html = replace_tag(
        &html,
        "<link",
        &["rel=\"stylesheet\"", "href=\"style.css\""],
        "",
        &format!("<style>{STYLE}</style>"),
    )?;
    html = replace_tag(
        &html,
        "<script",
        &[&format!("src=\"{ENTRY}\"")],
        "</script>",
        "<!-- the page's modules run from the inline script at the end of <body> -->",
    )?;
    // The early start of the wasm and the language: bundled with the entry, which imports it.
    html = replace_tag(&html, "<script", &[&format!("src=\"{BOOT}\"")], "</script>", "")?;
    let body_end = html.rfind("</body>").ok_or("index.html has no </body>")?;
    html.insert_str(body_end, &format!("<script>{SCRIPT}</script>\n"));
    check_no_external_refs(&html)?;
    Ok(html.replacen(STYLE, &css, 1).replacen(SCRIPT, &script, 1))
}

/// The inline script: embedded data, the no-modules glue, then the page's modules.
fn inline_script(www: &Path, inline: &Inline) -> Result<String, String> {
    let mut languages = String::new();
    for (lang, json) in &inline.i18n {
        // `<` only occurs inside JSON strings, where \u003c means the same and cannot close </script>.
        languages.push_str(&format!("      {lang}: {},\n", json.trim().replace('<', "\\u003c")));
    }
    let prelude = format!(
        "'use strict';
// gradscope, single-file build (`cargo xtask dist`): embedded data, the wasm-bindgen glue
// (--target no-modules), then the page's ES modules, each in its own function scope.
globalThis.GRADSCOPE_EMBEDDED = (() => {{
  const bytes = (base64) => {{
    const raw = atob(base64);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
    return out;
  }};
  return Object.freeze({{
    i18n: Object.freeze({{
{languages}    }}),
    digits: bytes('{}'),
    wasm: bytes('{}'),
    // The pool worker as a classic script: the glue, then js/workers/worker.js and its imports.
    worker: {},
  }});
}})();
",
        BASE64.encode(&inline.digits),
        BASE64.encode(&inline.wasm),
        worker_literal(&format!("{}\n{}", inline.glue.trim_end(), bundle::bundle(www, WORKER_ENTRY)?))?,
    );
    let code = format!("{}\n{}", inline.glue.trim_end(), bundle::bundle(www, ENTRY)?);
    if code.contains("<!--") {
        return Err("the page's JS or the wasm glue contains `<!--`, which cannot sit in an inline script".into());
    }
    Ok(format!("{prelude}{}\n", escape_script_close(&code)))
}

/// The worker's code as a JS string literal that cannot close the inline script: JSON, with
/// every `<` as `\u003c` (the same character inside a string).
fn worker_literal(code: &str) -> Result<String, String> {
    let json = serde_json::to_string(code).map_err(|e| format!("worker script: {e}"))?;
    Ok(json.replace('<', "\\u003c"))
}

/// `</script` (any case) → `<\/script`: the same text in JS strings, regexes and comments.
fn escape_script_close(code: &str) -> String {
    let lower = code.to_ascii_lowercase();
    let mut out = String::with_capacity(code.len());
    let mut last = 0;
    for (at, _) in lower.match_indices("</script") {
        out.push_str(&code[last..at + 1]);
        out.push('\\');
        last = at + 1;
    }
    out.push_str(&code[last..]);
    out
}

/// `'sha256-…'` source expression for a CSP (without the quotes).
fn csp_hash(text: &str) -> String {
    format!("sha256-{}", BASE64.encode(Sha256::digest(text.as_bytes())))
}

/// Replace the one tag starting with `open` whose text contains every needle (and, with a
/// non-empty `close`, the element up to `close`). Zero or several matches are an error.
fn replace_tag(html: &str, open: &str, needles: &[&str], close: &str, replacement: &str) -> Result<String, String> {
    let mut found = Vec::new();
    for (start, _) in html.match_indices(open) {
        let Some(len) = html[start..].find('>') else { continue };
        let mut end = start + len + 1;
        if needles.iter().all(|n| html[start..end].contains(n)) {
            if !close.is_empty() {
                end =
                    html[end..].find(close).map(|i| end + i + close.len()).ok_or(format!("{open}… has no {close}"))?;
            }
            found.push(start..end);
        }
    }
    match found.as_slice() {
        [range] => Ok(format!("{}{replacement}{}", &html[..range.start], &html[range.end..])),
        _ => Err(format!(
            "index.html should have exactly one {open} tag with {} (found {}); update xtask/src/dist/mod.rs",
            needles.join(" "),
            found.len()
        )),
    }
}

/// Every `src`/`href` left in the single file must be inline (`data:`) or in-page (`#`).
fn check_no_external_refs(html: &str) -> Result<(), String> {
    for attr in ["src=\"", "href=\"", "src='", "href='"] {
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            if !(value.starts_with("data:") || value.starts_with('#')) {
                let shown: String = value.chars().take(40).collect();
                return Err(format!("index.html refers to {attr}{shown}…, which the single file cannot carry"));
            }
        }
    }
    Ok(())
}

/// The inlined CSS must not load anything (`@import`, or `url()` other than `data:`).
fn check_css_self_contained(css: &str) -> Result<(), String> {
    if css.contains("@import") {
        return Err("style.css uses @import; the single file cannot follow it".into());
    }
    for (at, _) in css.match_indices("url(") {
        let value = css[at + 4..].trim_start_matches([' ', '"', '\'']);
        if !value.starts_with("data:") {
            return Err(format!("style.css loads {}…; inline it as a data: URL", &css[at..(at + 40).min(css.len())]));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_close_is_escaped_and_tags_are_replaced_once() {
        assert_eq!(escape_script_close("'</SCRIPT>' + '</script'"), "'<\\/SCRIPT>' + '<\\/script'");
        let html = "<head><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"style.css\"></head>";
        let out = replace_tag(html, "<link", &["rel=\"stylesheet\""], "", "<style></style>").unwrap();
        assert_eq!(out, "<head><link rel=\"icon\" href=\"data:,\"><style></style></head>");
        assert!(replace_tag(html, "<link", &["href"], "", "").is_err(), "two matches must be refused");
        assert!(check_no_external_refs(&out).is_ok());
        assert!(check_no_external_refs("<img src=\"x.png\">").is_err());
        assert!(check_css_self_contained("a { background: url(\"x.png\") }").is_err());
        assert!(check_css_self_contained("a { background: url(data:image/png;base64,AA) }").is_ok());
    }

    #[test]
    fn csp_hash_matches_the_browser_format() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(csp_hash("alert(1)"), "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
    }
}
