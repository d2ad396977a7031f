//! The deliberately small bundler of `cargo xtask dist`: the page's ES modules, followed from
//! the entry through their imports, joined into one classic script for the single file.
//!
//! It understands exactly what the page's code uses — top-level `import { a, b as c } from
//! './x.js'`, `import * as ns from …`, the default import of the wasm glue, and `export function
//! | async function | class | const` and `export { … }` — and refuses anything else by file and
//! line (`export let`, `export default`, re-exports, bare specifiers, dynamic `import()`,
//! `import.meta`) rather than emitting a broken page. It works line by line: imports and exports
//! start at column 0, as top-level statements do in our code. Each module runs in its own
//! function scope, in dependency order, so module-level names never collide; named imports are
//! checked against the exports. No list of modules is kept: what the entry imports is bundled.

use super::files::read_text;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The wasm-bindgen glue as the page imports it, relative to www/.
const GLUE: &str = "pkg/gradscope.js";

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
    /// The imported module, relative to www/ (e.g. `js/shell/ui.js`).
    from: String,
    /// Where it stands, for messages (`js/main.js:4`).
    at: String,
    default: Option<String>,
    namespace: Option<String>,
    /// (imported name, local name)
    named: Vec<(String, String)>,
}

/// Bundle `entry` and everything it imports (relative to `www`) into one script body.
pub(super) fn bundle(www: &Path, entry: &str) -> Result<String, String> {
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

/// Whether `s` is a plain JS identifier (also how the i18n files' language codes are checked).
pub(super) fn is_ident(s: &str) -> bool {
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
        let i = parse_import("js/workers/worker.js", "import init, * as wasm from '../../pkg/gradscope.js';").unwrap();
        assert_eq!(i.from.as_str(), GLUE);
        // Between sibling layer folders (js/scenes → js/shell), and from a scene's own folder.
        let i = parse_import("js/scenes/race.js", "import { el, slider as s, } from \"../shell/ui.js\"").unwrap();
        assert_eq!((i.from.as_str(), i.named), ("js/shell/ui.js", named(&[("el", "el"), ("slider", "s")])));
        let i = parse_import("js/scenes/race/maths.js", "import { t } from '../../shell/i18n.js';").unwrap();
        assert_eq!(i.from.as_str(), "js/shell/i18n.js");
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
}
