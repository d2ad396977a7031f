//! What each scene's code adds to the page: the wasm function bodies whose (mangled) names
//! belong to `gradscope::scene::<name>` — the scene's own functions and the generic code
//! instantiated for it (an iterator over its closures, a sort of its rows) — read from the
//! release module's name section, and its page modules (`www/js/scenes/<name>.js` and the
//! folder of its helpers), gzipped.

use std::collections::BTreeMap;
use std::path::Path;

/// Per scene module: code bytes in the wasm; and the module's code total.
#[derive(Debug)]
pub struct WasmShares {
    pub by_scene: BTreeMap<String, u64>,
    pub code: u64,
}

/// The scene a mangled function name belongs to: the first `gradscope::scene::<name>` in it,
/// as the legacy (`9gradscope5scene4race`, `gradscope..scene..race..`) and v0
/// (`…9gradscope…5scene4race`) manglings write it.
pub fn scene_of(symbol: &str) -> Option<&str> {
    let legacy_type = symbol.find("gradscope..scene..").map(|i| {
        let rest = &symbol[i + "gradscope..scene..".len()..];
        (i, &rest[..rest.find("..").unwrap_or(rest.len())])
    });
    let path = symbol.find("5scene").filter(|_| symbol.contains("9gradscope")).and_then(|i| {
        let rest = &symbol[i + "5scene".len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let len: usize = rest[..digits].parse().ok()?;
        Some((i, rest.get(digits..digits + len)?))
    });
    let first = match (legacy_type, path) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, name)| name),
    };
    // A scene's folder is a lowercase module; `scene::Scene` is the trait they share.
    first.filter(|name| name.starts_with(|c: char| c.is_ascii_lowercase()))
}

/// The function bodies of a wasm module by scene (its name section names them).
pub fn wasm_shares(module: &[u8]) -> Result<WasmShares, String> {
    let sections = sections(module)?;
    let imported = sections.iter().find(|s| s.0 == 2).map_or(Ok(0), |s| imported_functions(s.1))?;
    let names = sections
        .iter()
        .find(|s| s.0 == 0 && custom_name(s.1) == Some("name"))
        .ok_or_else(|| "the module has no name section (built with names stripped?)".to_string())
        .and_then(|s| function_names(s.1))?;
    let code = sections.iter().find(|s| s.0 == 10).ok_or_else(|| "the module has no code section".to_string())?.1;
    let mut by_scene = BTreeMap::new();
    let mut total = 0;
    let mut r = Reader(code, 0);
    for index in 0..r.leb()? {
        let start = r.1;
        let body = r.leb()? as usize;
        r.skip(body)?;
        let bytes = (r.1 - start) as u64;
        total += bytes;
        if let Some(scene) = names.get(&(imported + index)).and_then(|n| scene_of(n)) {
            *by_scene.entry(scene.to_string()).or_insert(0) += bytes;
        }
    }
    Ok(WasmShares { by_scene, code: total })
}

/// The gzipped size of scene `name`'s page modules under `scenes` (its module and the folder of
/// its helpers).
pub fn js_gzipped(scenes: &Path, name: &str) -> Result<u64, String> {
    let mut bytes = std::fs::read(scenes.join(format!("{name}.js"))).map_err(|e| format!("{name}.js: {e}"))?;
    if let Ok(entries) = std::fs::read_dir(scenes.join(name)) {
        let mut helpers: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        helpers.sort();
        for path in helpers {
            bytes.extend(std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    crate::dist::gzip_len(&bytes)
}

/// A cursor over a wasm byte slice.
struct Reader<'a>(&'a [u8], usize);

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.0.get(self.1).ok_or("the module ends early")?;
        self.1 += 1;
        Ok(b)
    }

    /// An unsigned LEB128 number.
    fn leb(&mut self) -> Result<u32, String> {
        let mut value = 0u64;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return u32::try_from(value).map_err(|_| "a number past 32 bits".to_string());
            }
        }
        Err("a number past 32 bits".into())
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        self.1 = self.1.checked_add(n).filter(|&end| end <= self.0.len()).ok_or("the module ends early")?;
        Ok(())
    }

    fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        let start = self.1;
        self.skip(len)?;
        std::str::from_utf8(&self.0[start..self.1]).map_err(|_| "a name that is not UTF-8".to_string())
    }
}

/// (id, contents) of every section.
fn sections(module: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if module.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".into());
    }
    let mut r = Reader(module, 8);
    let mut out = Vec::new();
    while r.1 < module.len() {
        let id = r.byte()?;
        let len = r.leb()? as usize;
        let start = r.1;
        r.skip(len)?;
        out.push((id, &module[start..r.1]));
    }
    Ok(out)
}

fn custom_name(section: &[u8]) -> Option<&str> {
    Reader(section, 0).name().ok()
}

/// How many functions the import section brings in (they come first in the index space).
fn imported_functions(section: &[u8]) -> Result<u32, String> {
    let mut r = Reader(section, 0);
    let mut functions = 0;
    for _ in 0..r.leb()? {
        r.name()?;
        r.name()?;
        match r.byte()? {
            0 => {
                r.leb()?;
                functions += 1;
            }
            1 => {
                r.byte()?; // table: element type, then limits
                limits(&mut r)?;
            }
            2 => limits(&mut r)?,
            3 => r.skip(2)?, // global: value type, mutability
            kind => return Err(format!("an import of unknown kind {kind}")),
        }
    }
    Ok(functions)
}

fn limits(r: &mut Reader) -> Result<(), String> {
    let flags = r.byte()?;
    r.leb()?;
    if flags & 1 == 1 {
        r.leb()?;
    }
    Ok(())
}

/// The function names of a name section (its subsection 1).
fn function_names(section: &[u8]) -> Result<BTreeMap<u32, String>, String> {
    let mut r = Reader(section, 0);
    r.name()?; // "name"
    let mut names = BTreeMap::new();
    while r.1 < section.len() {
        let id = r.byte()?;
        let len = r.leb()? as usize;
        let end = r.1 + len;
        if id == 1 {
            for _ in 0..r.leb()? {
                let index = r.leb()?;
                names.insert(index, r.name()?.to_string());
            }
        }
        r.1 = end;
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_name_their_scene_in_both_manglings() {
        assert_eq!(scene_of("_ZN9gradscope5scene4race6render11draw_losses17h00bae06f76969747E"), Some("race"));
        let closure = "_ZN95_$LT$core..iter..Map$LT$I$C$F$GT$$GT$4fold17h1E$LT$gradscope..scene..init_lab..web..X$GT$";
        assert_eq!(scene_of(closure), Some("init_lab"));
        assert_eq!(scene_of("_RNvNtNtCs1a_9gradscope5scene10regularize3run"), Some("regularize"));
        assert_eq!(scene_of("_ZN9gradscope5train7Trainer8one_step17h43ff7ba516fa4dbaE"), None);
        assert_eq!(scene_of("_ZN8plotters5chart4mesh4draw17hE"), None);
        assert_eq!(
            scene_of("_ZN75_$LT$gradscope..scene..race..Entry$u20$as$u20$gradscope..scene..Scene$GT$3svg17hE"),
            Some("race")
        );
        assert_eq!(scene_of("_ZN9gradscope5scene5Scene5shown17hE"), None);
    }

    /// A module: one imported function, two bodies (3 and 5 bytes with their size byte), and a
    /// name section naming the import and both bodies.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section = |m: &mut Vec<u8>, id: u8, body: &[u8]| {
            m.push(id);
            m.push(body.len() as u8);
            m.extend_from_slice(body);
        };
        section(&mut m, 1, &[1, 0x60, 0, 0]); // one type: () -> ()
        section(&mut m, 2, &[1, 1, b'e', 1, b'f', 0, 0]); // import e.f, a function
        section(&mut m, 3, &[2, 0, 0]); // two functions
        section(&mut m, 10, &[2, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b]);
        let race = b"_ZN9gradscope5scene4race3one17hE";
        let mut names = vec![4, b'n', b'a', b'm', b'e', 1];
        let mut map = vec![3, 0, 1, b'f', 1, race.len() as u8];
        map.extend_from_slice(race);
        map.extend_from_slice(&[2, 3, b't', b'w', b'o']);
        names.push(map.len() as u8);
        names.extend(map);
        section(&mut m, 0, &names);
        m
    }

    #[test]
    fn bodies_are_counted_per_scene_past_the_imports() {
        let shares = wasm_shares(&module()).unwrap();
        assert_eq!(shares.code, 3 + 5);
        assert_eq!(shares.by_scene.get("race"), Some(&3));
        assert_eq!(shares.by_scene.len(), 1);
        assert!(wasm_shares(b"\0asm\x01\0\0\0").unwrap_err().contains("name section"));
        assert!(wasm_shares(b"nope").is_err());
    }
}
