//! Helpers for `reference_optim.rs` and `reference_cs231n.rs`: load `shared/reference/*.json`,
//! read numbers out of it, run optimizer paths and compare them with a stated tolerance.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};

use gradscope::objective::Objective;
use gradscope::optim::Optimizer;
use gradscope::surface::Surface;
use serde_json::Value;

/// Parse one reference file; a missing or unreadable file fails the test (never skips it).
pub fn load(name: &str) -> Value {
    let path = format!("{}/tests/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reference file {path} is missing: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("reference file {path} is not JSON: {e}"))
}

/// A number; JSON `null` (torch's non-finite values) reads as NaN.
pub fn num(v: &Value) -> f64 {
    match v {
        Value::Null => f64::NAN,
        v => v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")),
    }
}

/// A JSON array of numbers (nulls as NaN); nested arrays (matrices) are flattened row by row.
pub fn nums(v: &Value) -> Vec<f64> {
    match v {
        Value::Array(items) => items.iter().flat_map(|x| if x.is_array() { nums(x) } else { vec![num(x)] }).collect(),
        v => panic!("not an array: {v}"),
    }
}

/// How close a computed value must be to the reference one.
#[derive(Clone, Copy, Debug)]
pub enum Tol {
    /// |a − b| ≤ tol.
    Abs(f64),
    /// |a − b| ≤ tol·max(1, |b|).
    Rel(f64),
}

/// Compare `ours` with `theirs` element-wise; NaN in the reference means "non-finite here too".
pub fn assert_close(what: &str, ours: &[f64], theirs: &[f64], tol: impl Fn(usize) -> Tol) {
    assert_eq!(ours.len(), theirs.len(), "{what}: length");
    for (k, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
        if b.is_nan() {
            assert!(!a.is_finite(), "{what}[{k}]: reference is non-finite, ours {a}");
            continue;
        }
        let bound = match tol(k) {
            Tol::Abs(t) => t,
            Tol::Rel(t) => t * b.abs().max(1.0),
        };
        assert!(
            (a - b).abs() <= bound,
            "{what}[{k}]: ours {a:e}, reference {b:e}, diff {:e} > {bound:e}",
            (a - b).abs()
        );
    }
}

/// A path of `steps` optimizer steps from `start`: (x, y, f) with index 0 the start.
pub fn run_path(opt: &mut dyn Optimizer, surface: &Surface, start: [f64; 2], steps: usize) -> [Vec<f64>; 3] {
    let mut p = start.to_vec();
    let mut g = [0.0; 2];
    let [mut xs, mut ys, mut fs] = [vec![p[0]], vec![p[1]], vec![surface.value(start)]];
    for _ in 0..steps {
        Objective::grad(surface, &p, &mut g);
        opt.step_with(&mut p, surface, &g);
        xs.push(p[0]);
        ys.push(p[1]);
        fs.push(surface.value([p[0], p[1]]));
    }
    [xs, ys, fs]
}

/// An objective that logs every evaluation `[x, y, f, gx, gy]` (one per `value` call), like
/// the reference's L-BFGS closure log.
pub struct Recording {
    /// The surface evaluated.
    pub surface: Surface,
    /// Evaluations in order.
    pub log: RefCell<Vec<[f64; 5]>>,
}

impl Objective for Recording {
    fn value(&self, p: &[f64]) -> f64 {
        let (f, g) = (self.surface.value([p[0], p[1]]), self.surface.grad([p[0], p[1]]));
        self.log.borrow_mut().push([p[0], p[1], f, g[0], g[1]]);
        f
    }
    fn grad(&self, p: &[f64], out: &mut [f64]) {
        Objective::grad(&self.surface, p, out)
    }
}

thread_local! {
    /// Heap allocations made by this thread so far.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Counts heap allocations made by the current thread.
struct CountingAlloc;

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Installed for the whole test binary; only counts.
#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap allocations made by the current thread so far.
pub fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}
