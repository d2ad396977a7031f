//! The bench's Markdown table: one row per figure, with its peer, ratio and target, and the
//! number formats the rows use.

use super::scene_size;
use crate::dist;
use std::path::Path;

/// The whole page's transfer against its budget, then its raw total and the wasm alone for information.
pub fn size_rows(page: &dist::PageSize) -> Vec<Row> {
    vec![
        Row::budget(
            "Whole page (wasm + JS + CSS + one language), gzipped",
            format!("{} ({} files)", kib(page.gzipped), page.files),
            page.within_budget(),
            &format!("≤ {}", kib(dist::PAGE_BUDGET_GZIPPED)),
        ),
        Row::info("Whole page, raw", format!("{} ({} B)", kib(page.raw), page.raw)),
        Row::info(
            "wasm alone, raw / gzipped",
            format!("{} / {} ({} B)", kib(page.wasm_raw), kib(page.wasm_gzipped), page.wasm_raw),
        ),
    ]
}

/// Most wasm code one scene may add (raw bytes: the largest scene today, with a sixth to grow).
const SCENE_WASM_BUDGET: u64 = 48 * 1024;
/// Most gzipped page code one scene may add.
const SCENE_JS_BUDGET: u64 = 12 * 1024;

/// Per scene, what its code adds to the page against the per-scene budget; then the code all
/// scenes share (the engine, drawing, the runtime), which no scene's budget covers.
pub fn scene_size_rows(shares: &scene_size::WasmShares, scenes: &Path) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut all = 0;
    for (scene, &bytes) in &shares.by_scene {
        let js = scene_size::js_gzipped(scenes, scene)?;
        all += bytes;
        rows.push(Row::budget(
            &format!("Scene `{scene}`: its wasm code, raw / its page modules, gzipped"),
            format!("{} ({:.1} % of the code) / {}", kib(bytes), percent(bytes, shares.code), kib(js)),
            bytes <= SCENE_WASM_BUDGET && js <= SCENE_JS_BUDGET,
            &format!("≤ {} / ≤ {}", kib(SCENE_WASM_BUDGET), kib(SCENE_JS_BUDGET)),
        ));
    }
    let shared = shares.code - all;
    rows.push(Row::info(
        "wasm code no scene owns (engine, drawing, serde, runtime), raw",
        format!("{} ({:.1} % of the code)", kib(shared), percent(shared, shares.code)),
    ));
    Ok(rows)
}

fn percent(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

/// What gradscope ÷ peer must be: at most or at least a factor; or no target (a
/// reference point).
#[derive(Clone, Copy)]
pub enum Goal {
    AtMost(f64),
    AtLeast(f64),
    Reference,
}

impl Goal {
    fn met(self, ratio: f64) -> Option<bool> {
        match self {
            Goal::AtMost(b) => Some(ratio <= b),
            Goal::AtLeast(b) => Some(ratio >= b),
            Goal::Reference => None,
        }
    }

    fn text(self) -> String {
        match self {
            Goal::AtMost(b) => format!("≤ {b}×"),
            Goal::AtLeast(b) => format!("≥ {b}×"),
            Goal::Reference => "—".into(),
        }
    }
}

/// One table line: our figure against a peer (with the ratio) or against a budget.
pub struct Row {
    workload: String,
    ours: String,
    peer: String,
    theirs: String,
    ratio: String,
    target: String,
    /// Whether the target is met (`None`: no target).
    met: Option<bool>,
}

impl Row {
    /// `ratio` is gradscope ÷ peer.
    pub fn ratio(workload: &str, ours: String, peer: &str, theirs: String, ratio: f64, goal: Goal) -> Self {
        Self {
            workload: workload.into(),
            ours,
            peer: peer.into(),
            theirs,
            ratio: format!("{ratio:.2}×"),
            target: goal.text(),
            met: goal.met(ratio),
        }
    }

    pub fn budget(workload: &str, ours: String, met: bool, target: &str) -> Self {
        Self {
            workload: workload.into(),
            ours,
            peer: "budget".into(),
            theirs: "—".into(),
            ratio: "—".into(),
            target: target.into(),
            met: Some(met),
        }
    }

    /// A figure given for information: no peer, no target.
    pub fn info(workload: &str, ours: String) -> Self {
        Self {
            workload: workload.into(),
            ours,
            peer: "—".into(),
            theirs: "—".into(),
            ratio: "—".into(),
            target: "—".into(),
            met: None,
        }
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let met = match self.met {
            None => "",
            Some(true) => "yes",
            Some(false) => "**no**",
        };
        write!(
            f,
            "| {} | {} | {} | {} | {} | {} | {met} |",
            self.workload, self.ours, self.peer, self.theirs, self.ratio, self.target
        )
    }
}

pub fn ms(x: f64) -> String {
    if x < 100.0 {
        format!("{x:.1} ms")
    } else {
        format!("{x:.0} ms")
    }
}

/// Bytes as KiB with one decimal (a whole number would round 350.9 down to the budget).
fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

pub fn per_s(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else {
        format!("{:.1} k", x / 1e3)
    }
}

/// `node <script> --pkg <dir>`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_rows_hold_the_whole_page_against_its_budget_and_the_wasm_for_information() {
        let page = dist::PageSize {
            files: 12,
            raw: 700 * 1024,
            gzipped: 300 * 1024 + 512,
            wasm_raw: 600 * 1024,
            wasm_gzipped: 230 * 1024,
        };
        let rows: Vec<String> = size_rows(&page).iter().map(Row::to_string).collect();
        assert_eq!(
            rows,
            [
                "| Whole page (wasm + JS + CSS + one language), gzipped | 300.5 KiB (12 files) | budget | — | — | ≤ 400.0 KiB | yes |",
                "| Whole page, raw | 700.0 KiB (716800 B) | — | — | — | — |  |",
                "| wasm alone, raw / gzipped | 600.0 KiB / 230.0 KiB (614400 B) | — | — | — | — |  |",
            ]
        );
        let over = dist::PageSize { gzipped: dist::PAGE_BUDGET_GZIPPED + 1, ..page };
        assert!(size_rows(&over)[0].to_string().ends_with("| ≤ 400.0 KiB | **no** |"));
    }

    #[test]
    fn scene_rows_hold_each_scene_against_its_budget_and_name_the_shared_code() {
        let dir = std::env::temp_dir().join(format!("gradscope-scene-rows-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("race")).unwrap();
        std::fs::write(dir.join("race.js"), "export function mount() {}\n").unwrap();
        std::fs::write(dir.join("race/maths.js"), "export const x = 1;\n").unwrap();
        std::fs::write(dir.join("search.js"), "export function mount() {}\n").unwrap();
        let by_scene = [("race".to_string(), 10 * 1024), ("search".to_string(), SCENE_WASM_BUDGET + 1)].into();
        let shares = scene_size::WasmShares { by_scene, code: 100 * 1024 };
        let rows: Vec<String> = scene_size_rows(&shares, &dir).unwrap().iter().map(Row::to_string).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].starts_with("| Scene `race`: ") && rows[0].contains("| 10.0 KiB (10.0 % of the code) / "));
        assert!(rows[0].ends_with("| yes |"), "{}", rows[0]);
        assert!(rows[1].ends_with("| **no** |"), "over its wasm budget: {}", rows[1]);
        let shared = 100 * 1024 - 10 * 1024 - (SCENE_WASM_BUDGET + 1);
        assert!(rows[2].contains(&kib(shared)), "{}", rows[2]);
    }
}
