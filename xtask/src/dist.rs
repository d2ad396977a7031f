//! `cargo xtask dist`: the page for any static host (dist/site/) and as ONE self-contained HTML
//! file that works opened from `file://` with no network (dist/gradscope.html).
//!
//! ES modules do not load from `file://` (origin null), so the single file carries the
//! `wasm-bindgen --target no-modules` glue and the page's modules joined into one classic
//! script by the deliberately small bundler below. It understands exactly what the page's code
//! uses — top-level `import { a, b as c } from './x.js'`, `import * as ns from …`, the default
//! import of the wasm glue, and `export function | async function | class | const` and
//! `export { … }` — and refuses anything else by file and line (`export let`, `export default`,
//! re-exports, bare specifiers, dynamic `import()`, `import.meta`) rather than emitting a broken
//! page. It works line by line: imports and exports start at column 0, as top-level statements
//! do in our code. Each module runs in its own function scope, in dependency order, so
//! module-level names never collide; named imports are checked against the exports.
//!
//! What the served page fetches travels inline in `globalThis.GRADSCOPE_EMBEDDED` (i18n JSON,
//! the digits bytes, the wasm bytes); the page looks there before fetching. The
//! Content-Security-Policy stays strict: the one inline script and the one inline style are
//! allowed by their SHA-256 hashes, computed here; no 'unsafe-inline'.

use crate::build::{self, root};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use flate2::{write::GzEncoder, Compression};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The page's entry module, relative to www/.
const ENTRY: &str = "js/main.js";
/// The wasm-bindgen glue as the page imports it, relative to www/.
const GLUE: &str = "pkg/gradscope.js";
/// The digits set, relative to static/ (the page fetches `static/data/digits8x8.bin`).
const DIGITS: &str = "data/digits8x8.bin";
/// What of static/ the page uses; fonts/ only serves the native CLI's figures.
const SITE_STATIC: [&str; 1] = ["data"];
/// Size budgets from DESIGN.md, in bytes: wasm raw and gzipped.
pub const WASM_BUDGET: (u64, u64) = (600 * 1024, 250 * 1024);

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
    build::bindgen(&wasm, "web", &site.join("pkg"))?;
    for dir in SITE_STATIC {
        copy_tree(&root.join("static").join(dir), &site.join("static").join(dir), &[])?;
    }

    let scratch = root.join("target/dist-no-modules");
    reset_dir(&scratch)?;
    build::bindgen(&wasm, "no-modules", &scratch)?;
    let inline = Inline {
        glue: read_text(&scratch.join("gradscope.js"))?,
        wasm: read(&scratch.join("gradscope_bg.wasm"))?,
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
    let wasm_gz = gzip_len(&inline.wasm)?;
    let wasm_len = inline.wasm.len() as u64;
    let over = wasm_len > WASM_BUDGET.0 || wasm_gz > WASM_BUDGET.1;
    println!(
        "dist: wasm  {} KB raw, {} KB gzipped  (budget {} / {} KB{})",
        wasm_len / 1024,
        wasm_gz / 1024,
        WASM_BUDGET.0 / 1024,
        WASM_BUDGET.1 / 1024,
        if over { ": OVER BUDGET" } else { "" }
    );
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
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' '{}'; style-src 'self' '{}'; img-src 'self' data: blob:",
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
  }});
}})();
",
        BASE64.encode(&inline.digits),
        BASE64.encode(&inline.wasm)
    );
    let code = format!("{}\n{}", inline.glue.trim_end(), bundle(www, ENTRY)?);
    if code.contains("<!--") {
        return Err("the page's JS or the wasm glue contains `<!--`, which cannot sit in an inline script".into());
    }
    Ok(format!("{prelude}{}\n", escape_script_close(&code)))
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
            "index.html should have exactly one {open} tag with {} (found {}); update xtask/src/dist.rs",
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

// ---------------------------------------------------------------------------------------------
// The bundler: the page's ES modules → one classic script.

/// One module of the page, parsed into its imports, its exports and its body without either.
#[derive(Debug, Default)]
struct Module {
    imports: Vec<Import>,
    /// (exported name, local name)
    exports: Vec<(String, String)>,
    body: String,
}

/// One `import … from '…'` statement.
#[derive(Debug, Default, PartialEq)]
struct Import {
    /// The imported module, relative to www/ (e.g. `js/ui.js`).
    from: String,
    /// Where it stands, for messages (`js/main.js:4`).
    at: String,
    default: Option<String>,
    namespace: Option<String>,
    /// (imported name, local name)
    named: Vec<(String, String)>,
}

/// Bundle `entry` and everything it imports (relative to `www`) into one script body.
fn bundle(www: &Path, entry: &str) -> Result<String, String> {
    let mut modules = BTreeMap::new();
    let mut order = Vec::new();
    visit(www, entry, &mut Vec::new(), &mut modules, &mut order)?;
    let var = |path: &str| match path {
        GLUE => "__gs_glue".to_string(),
        _ => format!("__gs_m{}", order.iter().position(|p| p == path).expect("visited")),
    };

    let mut out = format!(
        "(() => {{
// ---- {GLUE}: the glue above as the page imports it; init() with no argument instantiates
// the inlined module instead of fetching gradscope_bg.wasm.
const __gs_glue = Object.freeze(Object.assign(Object.create(null), wasm_bindgen, {{
  default: (options) => wasm_bindgen(options ?? {{ module_or_path: globalThis.GRADSCOPE_EMBEDDED.wasm }}),
}}));
"
    );
    for path in &order {
        let module = &modules[path];
        out.push_str(&format!("\n// ---- {path}\nconst {} = (() => {{\n", var(path)));
        for import in &module.imports {
            let from = var(&import.from);
            if import.from != GLUE {
                let exported: BTreeSet<&str> = modules[&import.from].exports.iter().map(|(e, _)| e.as_str()).collect();
                if import.default.is_some() {
                    return Err(format!(
                        "{}: default import of {}, which has named exports only",
                        import.at, import.from
                    ));
                }
                if let Some((name, _)) = import.named.iter().find(|(name, _)| !exported.contains(name.as_str())) {
                    return Err(format!("{}: {} does not export `{name}`", import.at, import.from));
                }
            }
            if let Some(local) = &import.default {
                out.push_str(&format!("const {local} = {from}.default;\n"));
            }
            if let Some(local) = &import.namespace {
                out.push_str(&format!("const {local} = {from};\n"));
            }
            if !import.named.is_empty() {
                let names: Vec<String> =
                    import.named.iter().map(|(n, l)| if n == l { n.clone() } else { format!("{n}: {l}") }).collect();
                out.push_str(&format!("const {{ {} }} = {from};\n", names.join(", ")));
            }
        }
        out.push_str(&module.body);
        let mut exports = vec!["__proto__: null".to_string()];
        exports.extend(module.exports.iter().map(|(e, l)| if e == l { e.clone() } else { format!("{e}: {l}") }));
        out.push_str(&format!("return Object.freeze({{ {} }});\n}})();\n", exports.join(", ")));
    }
    out.push_str("})();\n");
    Ok(out)
}

/// Depth-first: dependencies land in `order` before the modules that import them.
fn visit(
    www: &Path,
    path: &str,
    stack: &mut Vec<String>,
    modules: &mut BTreeMap<String, Module>,
    order: &mut Vec<String>,
) -> Result<(), String> {
    if path == GLUE || modules.contains_key(path) {
        return Ok(());
    }
    if stack.iter().any(|p| p == path) {
        return Err(format!("import cycle: {} → {path}; the bundler needs an acyclic graph", stack.join(" → ")));
    }
    if path.starts_with("pkg/") {
        return Err(format!("{}: imports {path}; only {GLUE} is provided", stack.last().map_or("", String::as_str)));
    }
    let source = read_text(&www.join(path))?;
    let module = parse_module(path, &source)?;
    stack.push(path.to_string());
    for import in &module.imports {
        visit(www, &import.from, stack, modules, order)?;
    }
    stack.pop();
    order.push(path.to_string());
    modules.insert(path.to_string(), module);
    Ok(())
}

/// Split a module into imports, exports and the remaining body (line structure kept, so
/// template literals and comments are untouched).
fn parse_module(path: &str, source: &str) -> Result<Module, String> {
    for needle in ["import(", "import.meta"] {
        if let Some(at) = find_keyword(source, needle) {
            let line = source[..at].lines().count().max(1);
            return Err(format!("{path}:{line}: `{needle}` cannot be bundled into the single file"));
        }
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut module = Module::default();
    let mut i = 0;
    while i < lines.len() {
        let at = format!("{path}:{}", i + 1);
        let line = lines[i];
        if starts_with_keyword(line, "import") {
            let mut statement = line.to_string();
            while !import_complete(&statement) {
                i += 1;
                let next = lines.get(i).ok_or(format!("{at}: unterminated import"))?;
                statement.push(' ');
                statement.push_str(next);
            }
            module.imports.push(parse_import(path, &statement).map_err(|e| format!("{at}: {e}"))?);
            module.imports.last_mut().expect("just pushed").at = at;
        } else if starts_with_keyword(line, "export") {
            let rest = line["export".len()..].trim_start();
            if rest.starts_with('{') {
                let mut list = rest.to_string();
                while !list.contains('}') {
                    i += 1;
                    list.push(' ');
                    list.push_str(lines.get(i).ok_or(format!("{at}: unterminated export list"))?);
                }
                let (inside, after) = list[1..].split_once('}').expect("contains }");
                if !after.trim().trim_end_matches(';').is_empty() {
                    return Err(format!("{at}: re-exports (`export {{ … }} from`) are not supported"));
                }
                for (local, exported) in parse_specifiers(inside).map_err(|e| format!("{at}: {e}"))? {
                    module.exports.push((exported, local));
                }
            } else {
                let name = declared_name(rest).map_err(|e| format!("{at}: {e}"))?;
                module.exports.push((name.clone(), name));
                module.body.push_str(rest);
                module.body.push('\n');
            }
        } else {
            module.body.push_str(line);
            module.body.push('\n');
        }
        i += 1;
    }
    Ok(module)
}

/// The name an `export <declaration>` declares; refuses what a function scope cannot mimic.
fn declared_name(declaration: &str) -> Result<String, String> {
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let w = words(declaration);
    let keyword_len = match w.as_slice() {
        [first, ..] if first == "default" => return Err("`export default` is not supported; use a named export".into()),
        [first, ..] if first.starts_with('*') => return Err("`export * from` is not supported".into()),
        [first, ..] if first == "let" || first == "var" => {
            return Err(format!("`export {first}` is not supported (live binding); export a function or const"))
        }
        [a, b, ..] if a == "async" && b.starts_with("function") => 2,
        [first, ..] if ["function", "function*", "class", "const"].contains(&first.as_str()) => 1,
        _ => return Err(format!("unsupported export: `export {declaration}`")),
    };
    let after = declaration.split_whitespace().skip(keyword_len).collect::<Vec<_>>().join(" ");
    let after = after.trim_start_matches(['*', ' ']);
    let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
    if is_ident(&name) {
        Ok(name)
    } else {
        Err(format!("cannot tell the exported name in `export {declaration}` (destructuring is not supported)"))
    }
}

/// Whether an import statement (possibly spanning lines) has reached its module specifier.
fn import_complete(statement: &str) -> bool {
    let s = strip_trailing_comment(statement).trim_end();
    s.ends_with(';') || s.ends_with('\'') || s.ends_with('"')
}

/// `… from './x.js'; // why` → `… from './x.js';` (a `//` after the last quote is a comment).
fn strip_trailing_comment(s: &str) -> &str {
    let last_quote = s.rfind(['\'', '"']).unwrap_or(0);
    match s[last_quote..].find("//") {
        Some(at) => &s[..last_quote + at],
        None => s,
    }
}

/// Parse one `import …` statement of `importer` (a path relative to www/).
fn parse_import(importer: &str, statement: &str) -> Result<Import, String> {
    let s = strip_trailing_comment(statement)
        .trim()
        .strip_prefix("import")
        .ok_or("not an import")?
        .trim()
        .trim_end_matches(';')
        .trim_end();
    let quote = s.chars().last().filter(|c| *c == '\'' || *c == '"').ok_or("the module specifier must be quoted")?;
    let open = s[..s.len() - 1].rfind(quote).ok_or("unbalanced quotes")?;
    let spec = &s[open + 1..s.len() - 1];
    let mut import = Import { from: resolve(importer, spec)?, ..Import::default() };
    let head = s[..open].trim_end();
    if head.is_empty() {
        return Ok(import); // `import './x.js'`: evaluated for its effects only
    }
    let clause = head.strip_suffix("from").ok_or("expected `from` before the module specifier")?.trim();
    let (before_brace, named) = match clause.split_once('{') {
        Some((before, rest)) => {
            let inside = rest.strip_suffix('}').ok_or("expected `}` right before `from`")?;
            (before.trim(), Some(inside))
        }
        None => (clause, None),
    };
    let (before_star, namespace) = match before_brace.split_once('*') {
        Some((before, rest)) => {
            let name = rest.trim().strip_prefix("as").map(str::trim).filter(|n| is_ident(n));
            (before.trim(), Some(name.ok_or("expected `* as name`")?.to_string()))
        }
        None => (before_brace, None),
    };
    let default = before_star.trim().trim_end_matches(',').trim();
    if !default.is_empty() {
        if !is_ident(default) || (named.is_none() && namespace.is_none() && before_star.trim().ends_with(',')) {
            return Err(format!("cannot read the import clause `{clause}`"));
        }
        import.default = Some(default.to_string());
    }
    import.namespace = namespace;
    if let Some(inside) = named {
        import.named = parse_specifiers(inside)?;
    }
    Ok(import)
}

/// `a, b as c,` → [(a, a), (b, c)].
fn parse_specifiers(list: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let words: Vec<&str> = item.split_whitespace().collect();
        let (name, local) = match words.as_slice() {
            [name] => (*name, *name),
            [name, "as", local] => (*name, *local),
            _ => return Err(format!("cannot read `{item}`")),
        };
        if !is_ident(name) || !is_ident(local) {
            return Err(format!("cannot read `{item}`"));
        }
        out.push((name.to_string(), local.to_string()));
    }
    Ok(out)
}

/// Resolve a relative specifier against the importing module (both relative to www/).
fn resolve(importer: &str, spec: &str) -> Result<String, String> {
    if !(spec.starts_with("./") || spec.starts_with("../")) {
        return Err(format!("`{spec}`: only relative specifiers (./, ../) can be bundled"));
    }
    let mut parts: Vec<&str> = importer.split('/').collect();
    parts.pop(); // the importer's file name
    for part in spec.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop().ok_or(format!("`{spec}` leaves www/"))?;
            }
            name => parts.push(name),
        }
    }
    Ok(parts.join("/"))
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Whether `line` starts (at column 0) with `keyword` as a whole word.
fn starts_with_keyword(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword).is_some_and(|rest| rest.chars().next().is_none_or(|c| !is_ident_char(c)))
}

/// The first occurrence of `needle` not preceded by an identifier character or a dot.
fn find_keyword(source: &str, needle: &str) -> Option<usize> {
    source
        .match_indices(needle)
        .map(|(at, _)| at)
        .find(|&at| source[..at].chars().next_back().is_none_or(|c| !is_ident_char(c) && c != '.'))
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

// ---------------------------------------------------------------------------------------------
// Files.

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Every www/i18n/<lang>.json, by language code.
fn read_i18n(dir: &Path) -> Result<BTreeMap<String, String>, String> {
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
fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// An empty directory at `dir` (removing what was there).
fn reset_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Copy `from` into `to` recursively, skipping dotfiles and the top-level names in `skip`.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
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
fn tree_size(dir: &Path) -> Result<(u64, u64), String> {
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

/// Size after gzip at the default level (what a static host typically serves).
pub fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map(|v| v.len() as u64).map_err(|e| format!("gzip: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn imports_of_every_form_the_page_uses() {
        let i = parse_import("js/main.js", "import init, * as wasm from '../pkg/gradscope.js';").unwrap();
        assert_eq!((i.from.as_str(), i.default.as_deref(), i.namespace.as_deref()), (GLUE, Some("init"), Some("wasm")));
        let i = parse_import("js/scenes/race.js", "import { el, slider as s, } from \"../ui.js\"").unwrap();
        assert_eq!((i.from.as_str(), i.named), ("js/ui.js", named(&[("el", "el"), ("slider", "s")])));
        let i = parse_import("js/main.js", "import * as race from './scenes/race.js';").unwrap();
        assert_eq!((i.from.as_str(), i.namespace.as_deref()), ("js/scenes/race.js", Some("race")));
        let i = parse_import("js/main.js", "import './side.js'; // for its effects").unwrap();
        assert_eq!((i.from.as_str(), i.named.len()), ("js/side.js", 0));
        assert!(parse_import("js/main.js", "import x from 'lodash';").is_err());
        assert!(parse_import("js/main.js", "import { a b } from './x.js';").is_err());
        assert!(resolve("js/main.js", "../../x.js").is_err());
    }

    #[test]
    fn modules_split_into_imports_exports_and_body() {
        let src = "import {\n  t,\n  el as make,\n} from './ui.js';\nexport const A = 1;\nexport async function load() {}\nconst b = `\n  import x\n`;\nexport { b as B };\n";
        let m = parse_module("js/x.js", src).unwrap();
        assert_eq!(m.imports[0].named, named(&[("t", "t"), ("el", "make")]));
        assert_eq!(m.exports, named(&[("A", "A"), ("load", "load"), ("B", "b")]));
        assert_eq!(m.body, "const A = 1;\nasync function load() {}\nconst b = `\n  import x\n`;\n");
        for bad in [
            "export let x = 1;",
            "export default 1;",
            "export { a } from './y.js';",
            "export const { a } = o;",
            "const m = import.meta.url;",
            "await import('./y.js');",
        ] {
            assert!(parse_module("js/x.js", bad).is_err(), "{bad}");
        }
    }

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
