//! Robustness (DESIGN "Bad input and failure"): property tests that feed every scene's config
//! validation, URL-hash codec and stepping with hostile values (NaN, ±∞, ±0, subnormals, huge
//! and negative sizes, learning rates from 1e-12 to 1e6, junk text, degenerate datasets) and
//! check that nothing panics, that every refusal is a `ConfigError` naming a real field and
//! what is allowed, that accepted configs run with finite (or reported) outputs, and that
//! accepted configs survive their URL hash.
//!
//! Sizes of configs that actually run are kept small (debug build, 2 cores); huge sizes are
//! still fed to validation. Failure persistence is off: a failing case is printed (shrunk) and
//! belongs in the regression tests at the end of this file.

use gradscope::data::{DatasetKind, Preprocess};
use gradscope::error::ConfigError;
use gradscope::nn::deep_net_fields;
use gradscope::nn::{Activation, DeepNetConfig, Init};
use gradscope::optim::{Hyper, OptimizerKind};
use gradscope::scene::init_lab::InitLab;
use gradscope::scene::race::{LrOverride, Race, RaceConfig, DIVERGENCE_BOUND};
use gradscope::scene::trainer::{Change, DecisionGrid, Trainer, TrainerConfig};
use gradscope::schedule::Schedule;
use gradscope::surface::SurfaceKind;
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::RngSeed;
use std::fmt::Debug;

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Seed of every property's generator unless `PROPTEST_RNG_SEED` is set: CI sees the same
/// cases on every run. Explore further with e.g. `PROPTEST_CASES=5000 PROPTEST_RNG_SEED=7`.
const RNG_SEED: u64 = 0x6772_6164_7363_6f70;

/// `cases` cases per property (or `PROPTEST_CASES`), a fixed seed (or `PROPTEST_RNG_SEED`), and
/// no persistence file: a failure is printed, shrunk, and belongs in the regressions below.
fn cases(cases: u32) -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let set = |name: &str| std::env::var_os(name).is_some();
    ProptestConfig {
        cases: if set("PROPTEST_CASES") { defaults.cases } else { cases },
        rng_seed: if set("PROPTEST_RNG_SEED") { defaults.rng_seed } else { RngSeed::Fixed(RNG_SEED) },
        failure_persistence: None,
        max_shrink_iters: 1024,
        ..defaults
    }
}

/// Words that show a refusal says what is allowed (a range, a set, or the way out).
const ALLOWED_MARKERS: [&str; 11] = [
    "from ",
    "one of",
    "at most",
    "0 or 1",
    "not both",
    "choose",
    "a list like",
    "twice",
    "more than once",
    "not loaded",
    "needs a",
];

/// A refusal must name a real field and say what is allowed.
fn check_refusal(err: &ConfigError, fields: &[&str], input: &dyn Debug) {
    assert!(!err.field.trim().is_empty(), "refusal without a field: {err:?} for {input:?}");
    assert!(!err.message.trim().is_empty(), "refusal without a message: {err:?} for {input:?}");
    assert!(fields.contains(&err.field.as_str()), "refusal names unknown field {:?} ({err}) for {input:?}", err.field);
    assert!(
        ALLOWED_MARKERS.iter().any(|m| err.message.contains(m)),
        "refusal does not say what is allowed: {err} for {input:?}"
    );
    // Hostile text is shown shortened (40 characters), never echoed in full.
    assert!(err.message.chars().count() < 600, "refusal message too long ({} chars)", err.message.len());
}

/// Values that break naive numeric code.
fn hostile_f64() -> BoxedStrategy<f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(-f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(-5e-324),
        Just(1e-300),
        Just(1e-12),
        Just(-1e-12),
        Just(-1.0),
        Just(1e6),
        Just(1e300),
        Just(-1e300),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::EPSILON),
        any::<f64>(),
        (-40.0..40.0f64).prop_map(|e| 10f64.powf(e)),
        (-40.0..40.0f64).prop_map(|e| -(10f64.powf(e))),
    ]
    .boxed()
}

/// A float field whose allowed range is `[lo, hi]`: mostly in range (endpoints included),
/// with weight `h` (of ~100) a neighbour just outside or a hostile value.
fn f64_in(lo: f64, hi: f64, h: u32) -> BoxedStrategy<f64> {
    prop_oneof![
        90 => lo..=hi,
        4 => Just(lo),
        4 => Just(hi),
        h => prop_oneof![Just(lo.next_down()), Just(hi.next_up()), hostile_f64()],
    ]
    .boxed()
}

/// 10^e for e uniform in [lo_exp, hi_exp].
fn log_uniform(lo_exp: f64, hi_exp: f64) -> BoxedStrategy<f64> {
    (lo_exp..=hi_exp).prop_map(|e| 10f64.powf(e)).boxed()
}

/// A learning rate: mostly log-uniform in [10^lo_exp, 10^hi_exp], with weight `h` anything from
/// 1e-12 to 1e6 or hostile.
fn lr_in(lo_exp: f64, hi_exp: f64, h: u32) -> BoxedStrategy<f64> {
    prop_oneof![
        90 => log_uniform(lo_exp, hi_exp),
        5 => Just(10f64.powf(lo_exp)),
        5 => Just(10f64.powf(hi_exp)),
        h => prop_oneof![log_uniform(-12.0, 6.0), hostile_f64()],
    ]
    .boxed()
}

/// Sizes that break naive allocation and index code.
fn hostile_count(lo: usize, hi: usize) -> BoxedStrategy<usize> {
    prop_oneof![
        Just(0usize),
        Just(1usize),
        Just(lo.saturating_sub(1)),
        Just(hi.saturating_add(1)),
        Just(usize::MAX),
        Just(usize::MAX / 2),
        Just(1usize << 32),
        Just(1usize << 40),
        any::<usize>(),
    ]
    .boxed()
}

/// A whole-number field allowed in `[lo, hi]`; mostly in `lo..=typical` (small enough to run).
fn count_in(lo: usize, hi: usize, typical: usize, h: u32) -> BoxedStrategy<usize> {
    prop_oneof![
        90 => lo..=typical,
        3 => Just(lo),
        3 => Just(hi),
        h => hostile_count(lo, hi),
    ]
    .boxed()
}

/// Junk text: empty, padded, wrong case, control and non-ASCII characters, very long.
fn junk_name() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just(" sgd".to_string()),
        Just("SGD".to_string()),
        Just("adam\0".to_string()),
        Just("relu ".to_string()),
        Just("é".to_string()),
        Just("💥".to_string()),
        Just("x".repeat(10_000)),
        "\\PC{0,20}",
        any::<String>(),
    ]
    .boxed()
}

/// Mostly one of `names`, with weight `h` junk.
fn name_or_junk(names: &[&'static str], h: u32) -> BoxedStrategy<String> {
    let names = names.to_vec();
    prop_oneof![95 => prop::sample::select(names).prop_map(String::from), h => junk_name()].boxed()
}

/// A seed: mostly 32-bit (what a URL hash carries), with weight `h` any u64.
fn seed(h: u32) -> BoxedStrategy<u64> {
    prop_oneof![95 => any::<u32>().prop_map(u64::from), h => any::<u64>()].boxed()
}

/// Neither, batch norm, or layer norm; with weight `h` both (refused).
fn norms(h: u32) -> BoxedStrategy<(bool, bool)> {
    prop_oneof![
        40 => Just((false, false)),
        30 => Just((true, false)),
        30 => Just((false, true)),
        h => Just((true, true)),
    ]
    .boxed()
}

/// A weight init: named, or custom with a std mostly in (0, 100] (weight `h`: hostile).
fn init(h: u32) -> BoxedStrategy<Init> {
    prop_oneof![
        60 => prop::sample::select(Init::NAMED.to_vec()),
        40 => lr_in(-6.0, 2.0, h).prop_map(Init::Custom),
        h => log_uniform(-12.0, -6.0).prop_map(Init::Custom),
    ]
    .boxed()
}

fn optimizer_names() -> Vec<&'static str> {
    OptimizerKind::ALL.iter().map(|k| k.name()).collect()
}

fn surface_names() -> Vec<&'static str> {
    SurfaceKind::ALL.iter().map(|k| k.name()).collect()
}

// ---------------------------------------------------------------------------------------------
// URL-hash soups
// ---------------------------------------------------------------------------------------------

/// How plausible values of one hash key look.
#[derive(Clone, Copy, Debug)]
enum Spec {
    /// A float allowed in [lo, hi].
    Float(f64, f64),
    /// A whole number allowed in [lo, hi], usually below `typical`.
    Count(usize, usize, usize),
    /// One of these names.
    Names(&'static [&'static str]),
    /// 0/1.
    Flag,
    /// A 32-bit seed.
    Seed,
    /// A comma-separated optimizer list.
    Optimizers,
    /// `name:lr` overrides.
    Overrides,
}

const SURFACES: [&str; 6] = ["quadratic", "rosenbrock", "beale", "saddle", "himmelblau", "wells"];
const OPTIMIZERS: [&str; 11] =
    ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam", "adadelta", "newton", "lbfgs"];
const ACTIVATIONS: [&str; 11] =
    ["sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "selu", "softplus", "gelu", "swish", "maxout"];
const INITS: [&str; 6] = ["zero", "small", "large", "xavier", "he", "custom"];
const DATASETS: [&str; 6] = ["spiral", "circles", "xor", "blobs", "moons", "digits"];
const PREPROCESS: [&str; 3] = ["none", "center", "normalize"];

/// Text that breaks naive parsers: special numbers, overflow, percent escapes, separators.
fn junk_value() -> BoxedStrategy<String> {
    let fixed: Vec<String> = [
        "",
        "NaN",
        "nan",
        "-nan",
        "inf",
        "-inf",
        "+inf",
        "infinity",
        "Infinity",
        "1e400",
        "-1e400",
        "1e-400",
        "-0",
        "0",
        "-1",
        "+1",
        "0x10",
        "1_000",
        " 1",
        "1 ",
        "1.",
        ".5",
        "5e",
        "e5",
        "1e",
        "--1",
        "%",
        "%%",
        "%zz",
        "%4",
        "%FF",
        "%C3%A9",
        "%00",
        "%E2%88%9E",
        "&",
        "=",
        "==",
        "&&",
        "#",
        "+",
        "é",
        "∞",
        "💥",
        "\u{0}",
        "\u{202e}",
        "18446744073709551616",
        "18446744073709551615",
        "4294967296",
        "4294967295",
        "99999999999999999999999",
        "true",
        "yes",
        "null",
        "undefined",
        "sgd,sgd",
        "sgd,,adam,",
        ",",
        ":",
        "newton:",
        ":1",
        "newton:1:2",
        "newton:nan",
        "adam:1e400",
        "custom",
        "-1e-320",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    prop_oneof![
        6 => prop::sample::select(fixed),
        2 => "\\PC{0,30}",
        2 => any::<String>(),
        2 => "[0-9eE.+-]{1,25}",
        1 => (1usize..5000).prop_map(|n| "9".repeat(n)),
        1 => (1usize..3000).prop_map(|n| format!("0.{}1", "0".repeat(n))),
        1 => Just("1".repeat(100_000)),
    ]
    .boxed()
}

fn fmt(v: f64) -> String {
    format!("{v}")
}

/// Text for a key of kind `spec`: valid (often a boundary) with weight 100, just invalid
/// (outside the range, wrong case, padded, out of 32 bits, duplicated) with weight `dirt`.
fn spec_value(spec: Spec, dirt: u32) -> BoxedStrategy<String> {
    let strings = |v: &[&str]| prop::sample::select(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    match spec {
        Spec::Float(lo, hi) => {
            let small = if lo > 0.0 { lo.log10() } else { -12.0 };
            prop_oneof![
                60 => (lo..=hi).prop_map(fmt),
                20 => (small..=hi.log10()).prop_map(move |e| fmt(10f64.powf(e).clamp(lo, hi))),
                8 => Just(fmt(lo)),
                8 => Just(fmt(hi)),
                4 => Just(format!("{lo:e}")),
                dirt => prop::sample::select(vec![fmt(lo.next_down()), fmt(hi.next_up()), fmt(hi * 10.0 + 1.0)]),
            ]
            .boxed()
        }
        Spec::Count(lo, hi, typical) => prop_oneof![
            70 => (lo..=typical).prop_map(|v| v.to_string()),
            10 => (lo..=hi).prop_map(|v| v.to_string()),
            10 => Just(lo.to_string()),
            10 => Just(hi.to_string()),
            dirt => prop::sample::select(vec![lo.wrapping_sub(1).to_string(), (hi + 1).to_string(), "-1".to_string()]),
        ]
        .boxed(),
        Spec::Names(names) => prop_oneof![
            100 => prop::sample::select(names.to_vec()).prop_map(String::from),
            dirt => prop::sample::select(names.to_vec()).prop_map(|n| n.to_uppercase()),
            dirt => prop::sample::select(names.to_vec()).prop_map(|n| format!("{n} ")),
        ]
        .boxed(),
        Spec::Flag => prop_oneof![
            100 => strings(&["0", "1", "true", "false"]),
            dirt => strings(&["2", "-1", "yes", "01", "TRUE"]),
        ]
        .boxed(),
        Spec::Seed => prop_oneof![
            100 => any::<u32>().prop_map(|v| v.to_string()),
            dirt => prop_oneof![(1u64 << 32..).prop_map(|v| v.to_string()), Just("-1".to_string())],
        ]
        .boxed(),
        Spec::Optimizers => prop_oneof![
            100 => prop::sample::subsequence(OPTIMIZERS.to_vec(), 0..=11).prop_shuffle().prop_map(|v| v.join(",")),
            dirt => prop::collection::vec(prop::sample::select(OPTIMIZERS.to_vec()), 2..6).prop_map(|v| v.join(",")),
            dirt => prop::collection::vec(name_or_junk(&OPTIMIZERS, 20), 0..14).prop_map(|v| v.join(",")),
        ]
        .boxed(),
        Spec::Overrides => {
            let valid = (prop::sample::select(OPTIMIZERS.to_vec()), log_uniform(-6.0, 2.0))
                .prop_map(|(n, lr)| format!("{n}:{}", fmt(lr.clamp(1e-6, 100.0))));
            let invalid =
                (name_or_junk(&OPTIMIZERS, 50), prop_oneof![log_uniform(-12.0, 6.0).prop_map(fmt), junk_value()])
                    .prop_map(|(n, lr)| format!("{n}:{lr}"));
            prop::collection::vec(prop_oneof![100 => valid, dirt => invalid], 0..5).prop_map(|v| v.join(",")).boxed()
        }
    }
}

/// Percent-encode everything outside `[A-Za-z0-9._,:-]` (what the scenes' `to_hash` does).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"._,:-".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A `key=value&…` soup over a scene's key table: known keys with values valid (weight 100) or
/// invalid or junk (weight `dirt`), junk pairs, keys without `=`, duplicates; raw or
/// percent-encoded, with or without a leading `#`.
fn soup(table: &[(&'static str, Spec)], dirt: u32) -> BoxedStrategy<String> {
    let keyed: Vec<BoxedStrategy<(String, String)>> = table
        .iter()
        .map(|&(key, spec)| {
            prop_oneof![100 => spec_value(spec, dirt), dirt => junk_value()]
                .prop_map(move |v| (key.to_string(), v))
                .boxed()
        })
        .collect();
    let pair = prop_oneof![
        100 => Union::new(keyed),
        dirt => (junk_value(), junk_value()),
    ];
    let form = prop_oneof![100 => Just(true), dirt => Just(false)];
    (prop::collection::vec((pair, form), 0..10), any::<bool>(), any::<bool>())
        .prop_map(|(pairs, encoded, hash)| {
            let parts: Vec<String> = pairs
                .into_iter()
                .map(|((k, v), with_value)| match (with_value, encoded) {
                    (false, _) => k,
                    (true, true) => format!("{}={}", encode(&k), encode(&v)),
                    (true, false) => format!("{k}={v}"),
                })
                .collect();
            format!("{}{}", if hash { "#" } else { "" }, parts.join("&"))
        })
        .boxed()
}

/// Mostly clean soups (most accepted) and dirty ones (most refused).
fn soups(table: &[(&'static str, Spec)]) -> BoxedStrategy<String> {
    prop_oneof![soup(table, 1), soup(table, 40)].boxed()
}

/// Any text at all: arbitrary Unicode, printable soups of the hash alphabet, long runs.
fn arbitrary_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        "[a-z0-9=&%#+.,:_ -]{0,300}",
        "([a-z0-9]{1,6}=[a-zA-Z0-9%.+-]{0,12}&){0,20}",
        (1usize..50_000).prop_map(|n| format!("lr={}", "9".repeat(n))),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Race
// ---------------------------------------------------------------------------------------------

const RACE_KEYS: [(&str, Spec); 19] = [
    ("surf", Spec::Names(&SURFACES)),
    ("kappa", Spec::Float(1.0, 1000.0)),
    ("x0", Spec::Float(-1e3, 1e3)),
    ("y0", Spec::Float(-1e3, 1e3)),
    ("opt", Spec::Optimizers),
    ("lr", Spec::Float(1e-6, 100.0)),
    ("lro", Spec::Overrides),
    ("mom", Spec::Float(0.0, 0.999)),
    ("b1", Spec::Float(0.0, 0.999)),
    ("b2", Spec::Float(0.0, 0.99999)),
    ("eps", Spec::Float(1e-16, 1.0)),
    ("rho", Spec::Float(0.0, 0.999)),
    ("alpha", Spec::Float(0.0, 0.999)),
    ("wd", Spec::Float(0.0, 1.0)),
    ("bc", Spec::Flag),
    ("noise", Spec::Float(0.0, 100.0)),
    ("sched", Spec::Names(&Schedule::NAMES)),
    ("steps", Spec::Count(1, 5000, 300)),
    ("seed", Spec::Seed),
];

/// Fields a race refusal may name: hash keys and config field names.
fn race_fields() -> Vec<String> {
    let mut fields: Vec<String> = RACE_KEYS.iter().map(|(k, _)| k.to_string()).collect();
    fields.extend(
        [
            "surface",
            "optimizers",
            "momentum",
            "beta1",
            "beta2",
            "weightDecay",
            "momentumDecay",
            "schedule",
            "start",
            "lr_overrides",
        ]
        .map(String::from),
    );
    fields.extend(OptimizerKind::ALL.iter().map(|k| format!("lr_{}", k.name())));
    fields
}

fn check_race_refusal(err: &ConfigError, input: &dyn Debug) {
    let fields = race_fields();
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    check_refusal(err, &fields, input);
}

/// A race config built field by field; `h` is the weight (of ~100) of a hostile value per field.
fn race_config(h: u32) -> BoxedStrategy<RaceConfig> {
    let start = prop_oneof![3 => -3.0..3.0f64, 1 => f64_in(-1e3, 1e3, h)];
    let optimizers = prop_oneof![
        95 => prop::sample::subsequence(optimizer_names(), 0..=11)
            .prop_shuffle()
            .prop_map(|v| v.into_iter().map(String::from).collect::<Vec<_>>()),
        h => prop::collection::vec(name_or_junk(&OPTIMIZERS, 20), 0..14),
    ];
    let overrides = prop::collection::vec(
        (name_or_junk(&OPTIMIZERS, h), lr_in(-6.0, 2.0, h)).prop_map(|(optimizer, lr)| LrOverride { optimizer, lr }),
        0..4,
    );
    let steps = prop_oneof![95 => 1..=300usize, 2 => Just(5000usize), h => hostile_count(1, 5000)];
    (
        (name_or_junk(&SURFACES, h), f64_in(1.0, 1000.0, h), start.clone(), start, optimizers),
        (hyper(lr_in(-6.0, 2.0, h), h), overrides),
        (prop_oneof![3 => Just(0.0), 1 => f64_in(0.0, 100.0, h)], name_or_junk(&Schedule::NAMES, h), steps, seed(h)),
    )
        .prop_map(|((surface, kappa, x0, y0, optimizers), (hyper, lr_overrides), (noise, schedule, steps, seed))| {
            RaceConfig {
                surface,
                kappa,
                start: [x0, y0],
                optimizers,
                hyper,
                lr_overrides,
                noise,
                schedule,
                steps,
                seed,
            }
        })
        .boxed()
}

/// Work of computing a race (optimizer steps); above this a generated race is only validated.
const RACE_BUDGET: usize = 4000;

fn race_cost(cfg: &RaceConfig) -> usize {
    cfg.steps.saturating_mul(cfg.optimizers.len().max(1))
}

/// Every run of an accepted race: finite, bounded path and losses; either all steps or a
/// divergence step with the path cut just before it.
fn check_race(race: &Race) {
    let cfg = race.config();
    assert_eq!(race.runs().len(), cfg.optimizers.len());
    for run in race.runs() {
        let name = run.optimizer.name();
        assert!(run.lr.is_finite() && run.lr > 0.0, "{name}: lr {}", run.lr);
        assert!(!run.path.is_empty(), "{name}: empty path");
        assert_eq!(run.path.len(), run.losses.len(), "{name}: path and losses differ in length");
        assert_eq!(run.path[0], cfg.start, "{name}: path does not begin at the start");
        for (p, l) in run.path.iter().zip(&run.losses) {
            assert!(p.iter().all(|v| v.is_finite() && v.abs() <= DIVERGENCE_BOUND), "{name}: recorded {p:?}");
            assert!(l.is_finite(), "{name}: recorded loss {l} at {p:?}");
        }
        match run.diverged_at {
            None => assert_eq!(run.path.len(), cfg.steps + 1, "{name}: ended early without diverging"),
            Some(d) => {
                assert!((1..=cfg.steps).contains(&d), "{name}: diverged_at {d} of {} steps", cfg.steps);
                assert_eq!(run.path.len(), d, "{name}: path goes past the divergence");
            }
        }
    }
}

/// Snapshot read-outs at the animation step: finite, within the run.
fn check_race_snapshot(race: &Race) {
    let snap = race.snapshot();
    assert_eq!(snap.shown, race.shown());
    assert!(snap.shown <= snap.steps);
    assert_eq!(snap.runs.len(), race.runs().len());
    for r in &snap.runs {
        assert!(r.step <= snap.shown, "{}: step {} past shown {}", r.optimizer, r.step, snap.shown);
        assert!(r.loss.is_finite() && r.position.iter().all(|v| v.is_finite()), "{r:?}");
        if let Some(d) = r.diverged_at {
            assert!(d <= snap.shown);
        }
    }
}

/// An accepted config's link restores it exactly.
fn check_race_round_trip(cfg: &RaceConfig) {
    let hash = cfg.to_hash();
    match RaceConfig::from_hash(&hash) {
        Ok(back) => assert_eq!(&back, cfg, "{hash}"),
        Err(e) => panic!("accepted race config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

/// Animation controls with arbitrary positions.
#[derive(Clone, Debug)]
enum RaceOp {
    Step(usize),
    Seek(usize),
}

fn race_ops() -> BoxedStrategy<Vec<RaceOp>> {
    let n = prop_oneof![8 => 0..400usize, 1 => Just(usize::MAX), 1 => any::<usize>()];
    prop::collection::vec(prop_oneof![n.clone().prop_map(RaceOp::Step), n.prop_map(RaceOp::Seek)], 0..6).boxed()
}

fn drive_race(race: &mut Race, ops: &[RaceOp]) {
    check_race_snapshot(race);
    for op in ops {
        let before = race.shown();
        match *op {
            RaceOp::Step(n) => {
                let shown = race.step(n);
                assert_eq!(shown, race.shown());
                assert!(shown >= before, "step({n}) went back from {before} to {shown}");
            }
            RaceOp::Seek(k) => race.seek(k),
        }
        assert!(race.shown() <= race.config().steps);
        check_race_snapshot(race);
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the race's hash decoder: a config or a well-formed refusal.
    #[test]
    fn race_from_hash_takes_any_text(text in arbitrary_text()) {
        match RaceConfig::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_race_round_trip(&cfg);
            }
            Err(e) => check_race_refusal(&e, &text),
        }
    }

    /// Key=value soups over the race's keys: refusals are well formed; accepted configs
    /// round-trip through their hash and (when small enough) run with finite or reported paths.
    #[test]
    fn race_hash_soups_refuse_cleanly_or_run(hash in soups(&RACE_KEYS), ops in race_ops()) {
        match RaceConfig::from_hash(&hash) {
            Ok(cfg) => {
                check_race_round_trip(&cfg);
                if race_cost(&cfg) <= RACE_BUDGET {
                    let mut race = Race::new(cfg).expect("from_hash accepted it");
                    check_race(&race);
                    drive_race(&mut race, &ops);
                }
            }
            Err(e) => check_race_refusal(&e, &hash),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Struct configs (the page's `set` path), mostly valid: accepted ones run, step, seek and
    /// snapshot with finite or reported values, keep their hash, and offer valid rate variants;
    /// a refused `set` keeps the previous race.
    #[test]
    fn race_struct_configs_run_or_refuse(cfg in race_config(2), next in race_config(10), ops in race_ops()) {
        if race_cost(&cfg) > RACE_BUDGET {
            if let Err(e) = cfg.validate() {
                check_race_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut race = match Race::new(cfg.clone()) {
            Ok(race) => race,
            Err(e) => {
                check_race_refusal(&e, &cfg);
                prop_assert!(cfg.validate().is_err());
                return Ok(());
            }
        };
        prop_assert!(cfg.validate().is_ok());
        check_race(&race);
        drive_race(&mut race, &ops);
        check_race_round_trip(&cfg);
        for variant in [cfg.with_tuned_rates(), cfg.with_shared_rate()] {
            if let Err(e) = variant.validate() {
                panic!("rate variant of an accepted race is refused: {e}\n  variant: {variant:?}");
            }
        }
        if race_cost(&next) > RACE_BUDGET {
            return Ok(());
        }
        let (shown, old_config) = (race.shown(), race.config().clone());
        match race.set(next.clone()) {
            Ok(()) => {
                prop_assert_eq!(format!("{:?}", race.config()), format!("{next:?}"));
                prop_assert!(race.shown() <= shown.min(next.steps));
                check_race(&race);
                drive_race(&mut race, &ops);
            }
            Err(e) => {
                check_race_refusal(&e, &next);
                prop_assert_eq!(format!("{:?}", race.config()), format!("{old_config:?}"));
                prop_assert_eq!(race.shown(), shown);
                check_race(&race);
            }
        }
    }

    /// Struct configs with many hostile fields: validation never panics and refuses by field.
    #[test]
    fn race_hostile_struct_configs_are_refused_by_field(cfg in race_config(60)) {
        match cfg.validate() {
            Ok(()) if race_cost(&cfg) <= RACE_BUDGET => check_race(&Race::new(cfg).expect("validated")),
            Ok(()) => {}
            Err(e) => check_race_refusal(&e, &cfg),
        }
    }
}

/// The extremes the ranges allow, on every surface with every optimizer: lr 1e-6 and 100,
/// 5000 steps, the largest noise, start at the corner of the box. Each run finishes or stops
/// with `diverged_at`; nothing recorded is NaN.
#[test]
fn extreme_accepted_races_finish_or_report_divergence() {
    for surface in surface_names() {
        for (lr, noise, start, steps) in
            [(100.0, 0.0, [1e3, -1e3], 5000), (1e-6, 100.0, [0.0, 0.0], 300), (100.0, 100.0, [-1e3, 1e3], 300)]
        {
            let cfg = RaceConfig {
                surface: surface.into(),
                kappa: 1000.0,
                start,
                optimizers: optimizer_names().into_iter().map(String::from).collect(),
                hyper: Hyper {
                    lr,
                    momentum: 0.999,
                    beta1: 0.0,
                    beta2: 0.99999,
                    eps: Some(1e-16),
                    rho: 0.999,
                    alpha: 0.0,
                    weight_decay: 1.0,
                    momentum_decay: 1.0,
                    bias_correction: false,
                },
                lr_overrides: optimizer_names().into_iter().map(|n| LrOverride { optimizer: n.into(), lr }).collect(),
                noise,
                schedule: "warmup_cosine".into(),
                steps,
                seed: u64::from(u32::MAX),
            };
            let mut race = Race::new(cfg.clone()).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
            check_race(&race);
            drive_race(&mut race, &[RaceOp::Step(steps / 2), RaceOp::Seek(steps), RaceOp::Step(1)]);
            check_race_round_trip(&cfg);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Init lab
// ---------------------------------------------------------------------------------------------

const INIT_LAB_KEYS: [(&str, Spec); 14] = [
    ("act", Spec::Names(&ACTIVATIONS)),
    ("init", Spec::Names(&INITS)),
    ("std", Spec::Float(1e-6, 100.0)),
    ("layers", Spec::Count(1, 20, 6)),
    ("width", Spec::Count(1, 1000, 48)),
    ("batch", Spec::Count(1, 2000, 48)),
    ("dim", Spec::Count(1, 1000, 48)),
    ("bn", Spec::Flag),
    ("ln", Spec::Flag),
    ("warm", Spec::Count(0, 20, 3)),
    ("bias", Spec::Float(-10.0, 10.0)),
    ("slope", Spec::Float(0.0, 1.0)),
    ("bins", Spec::Count(2, 200, 60)),
    ("seed", Spec::Seed),
];

fn check_init_lab_refusal(err: &ConfigError, input: &dyn Debug) {
    let mut fields: Vec<&str> = INIT_LAB_KEYS.iter().map(|(k, _)| *k).collect();
    fields.extend(["input_dim", "leaky_slope", "bn_eval_warmup", "layer_norm", "batch_norm", "activation"]);
    check_refusal(err, &fields, input);
}

/// Small enough to run in a debug test.
fn init_lab_runs(cfg: &DeepNetConfig) -> bool {
    cfg.width <= 64 && cfg.batch <= 64 && cfg.input_dim <= 64
}

fn deep_net_config(h: u32) -> BoxedStrategy<DeepNetConfig> {
    (
        (count_in(1, 20, 8, h), count_in(1, 1000, 48, h), count_in(1, 2000, 48, h), count_in(1, 1000, 48, h)),
        (prop::sample::select(Activation::ALL.to_vec()), f64_in(0.0, 1.0, h), init(h), norms(h)),
        (
            prop_oneof![3 => Just(None), 1 => count_in(1, 20, 3, h).prop_map(Some)],
            f64_in(-10.0, 10.0, h).prop_map(|b| b as f32),
            count_in(2, 200, 60, h),
            seed(h),
        ),
    )
        .prop_map(
            |(
                (layers, width, batch, input_dim),
                (activation, leaky_slope, init, (batch_norm, layer_norm)),
                (bn_eval_warmup, bias, bins, seed),
            )| DeepNetConfig {
                layers,
                width,
                batch,
                input_dim,
                activation,
                leaky_slope,
                init,
                batch_norm,
                layer_norm,
                bn_eval_warmup,
                bias,
                bins,
                seed,
            },
        )
        .boxed()
}

/// An accepted experiment's report: one entry per layer, finite numbers unless the run says
/// where it diverged.
fn check_init_lab(lab: &InitLab, gradients: bool) {
    let (cfg, report) = (lab.config(), lab.report());
    assert_eq!(report.layers.len(), cfg.layers);
    assert_eq!(lab.gradients_pending(), !gradients);
    let first_bad = report.layers.iter().position(|l| l.activations.non_finite_fraction > 0.0).map(|l| l + 1);
    assert_eq!(report.diverged_at_layer, first_bad, "diverged_at_layer disagrees with the layers");
    let diverged = report.diverged_at_layer.is_some();
    assert!(diverged || report.loss.is_finite(), "loss {} without a reported divergence: {cfg:?}", report.loss);
    for (l, layer) in report.layers.iter().enumerate() {
        let a = &layer.activations;
        assert_eq!(a.histogram.counts.len(), cfg.bins);
        for v in [a.zero_fraction, a.dead_fraction, a.non_finite_fraction] {
            assert!((0.0..=1.0).contains(&v), "layer {}: fraction {v}", l + 1);
        }
        if a.non_finite_fraction == 0.0 {
            assert!(a.mean.is_finite() && a.std.is_finite(), "layer {}: {a:?} ({cfg:?})", l + 1);
        }
        match &layer.weight_grad {
            Some(g) => {
                assert!(gradients);
                assert_eq!(g.histogram.counts.len(), cfg.bins);
                assert!(
                    diverged || (g.mean.is_finite() && g.std.is_finite()),
                    "layer {}: gradient mean {} std {} without a reported divergence: {cfg:?}",
                    l + 1,
                    g.mean,
                    g.std
                );
            }
            None => assert!(!gradients),
        }
    }
    if let Some(eval) = &report.eval_layers {
        assert!(cfg.batch_norm && cfg.bn_eval_warmup.is_some());
        assert_eq!(eval.len(), cfg.layers);
    }
}

fn check_init_lab_round_trip(cfg: &DeepNetConfig) {
    let hash = deep_net_fields::to_hash(cfg);
    match deep_net_fields::from_hash(&hash) {
        Ok(back) => assert_eq!(&back, cfg, "{hash}"),
        Err(e) => panic!("accepted init-lab config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

/// A small size prefix, so some soups describe an experiment cheap enough to run.
fn small_sizes() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => (1..=6usize, 1..=48usize, 1..=48usize, 1..=48usize)
            .prop_map(|(l, w, b, d)| format!("layers={l}&width={w}&batch={b}&dim={d}&")),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the init lab's hash decoder.
    #[test]
    fn init_lab_from_hash_takes_any_text(text in arbitrary_text()) {
        match deep_net_fields::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_init_lab_round_trip(&cfg);
            }
            Err(e) => check_init_lab_refusal(&e, &text),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Soups over the init lab's keys: refusals well formed; accepted configs round-trip and
    /// (small ones) run forward and backward.
    #[test]
    fn init_lab_hash_soups_refuse_cleanly_or_run(prefix in small_sizes(), rest in soups(&INIT_LAB_KEYS)) {
        let hash = format!("{prefix}{rest}");
        match deep_net_fields::from_hash(&hash) {
            Ok(cfg) => {
                check_init_lab_round_trip(&cfg);
                if init_lab_runs(&cfg) {
                    let lab = InitLab::new(&cfg).expect("from_hash accepted it");
                    check_init_lab(&lab, true);
                }
            }
            Err(e) => check_init_lab_refusal(&e, &hash),
        }
    }

    /// Struct configs (the page's `set` path): accepted ones run (forward only, then
    /// gradients), keep their hash; a refused `set` keeps the previous run.
    #[test]
    fn init_lab_struct_configs_run_or_refuse(cfg in deep_net_config(2), next in deep_net_config(10)) {
        let accepted = cfg.validate();
        if !init_lab_runs(&cfg) {
            if let Err(e) = accepted {
                check_init_lab_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut lab = match InitLab::forward_only(&cfg) {
            Ok(lab) => lab,
            Err(e) => {
                check_init_lab_refusal(&e, &cfg);
                prop_assert!(accepted.is_err());
                return Ok(());
            }
        };
        prop_assert!(accepted.is_ok());
        check_init_lab(&lab, false);
        lab.compute_gradients();
        check_init_lab(&lab, true);
        check_init_lab_round_trip(&cfg);
        if !init_lab_runs(&next) {
            if let Err(e) = next.validate() {
                check_init_lab_refusal(&e, &next);
            }
            return Ok(());
        }
        // Compared as text: a diverged report holds NaN, which is not equal to itself.
        let old_report = format!("{:?}", lab.report());
        match lab.set(&next) {
            Ok(()) => {
                prop_assert_eq!(lab.config(), &next);
                check_init_lab(&lab, false);
                lab.compute_gradients();
                check_init_lab(&lab, true);
            }
            Err(e) => {
                check_init_lab_refusal(&e, &next);
                prop_assert_eq!(lab.config(), &cfg);
                prop_assert_eq!(format!("{:?}", lab.report()), old_report);
            }
        }
    }

    /// Hostile struct configs, any size: validation alone (no allocation, no panic, by field).
    #[test]
    fn init_lab_hostile_struct_configs_are_refused_by_field(cfg in deep_net_config(60)) {
        match cfg.validate() {
            Ok(()) if init_lab_runs(&cfg) => check_init_lab(&InitLab::new(&cfg).expect("validated"), true),
            Ok(()) => {}
            Err(e) => check_init_lab_refusal(&e, &cfg),
        }
    }
}

/// Degenerate but valid experiments: a single unit, example and feature; zero and huge inits;
/// the bias extremes; batch norm over one example (zero variance); 20 layers.
#[test]
fn degenerate_init_lab_experiments_report_instead_of_panicking() {
    let base = DeepNetConfig { layers: 1, width: 1, batch: 1, input_dim: 1, bins: 2, ..DeepNetConfig::default() };
    let mut cases = Vec::new();
    for activation in Activation::ALL {
        for init in [Init::Zero, Init::Custom(1e-6), Init::Custom(100.0), Init::Large] {
            for (batch_norm, layer_norm) in [(false, false), (true, false), (false, true)] {
                for (layers, width, batch, bias) in
                    [(1, 1, 1, 0.0), (20, 8, 2, 10.0), (20, 1, 1, -10.0), (3, 64, 64, 0.0)]
                {
                    cases.push(DeepNetConfig {
                        activation,
                        init,
                        batch_norm,
                        layer_norm,
                        layers,
                        width,
                        batch,
                        bias,
                        bn_eval_warmup: batch_norm.then_some(2),
                        leaky_slope: 1.0,
                        ..base.clone()
                    });
                }
            }
        }
    }
    for cfg in cases {
        let lab = InitLab::new(&cfg).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
        check_init_lab(&lab, true);
        check_init_lab_round_trip(&cfg);
    }
}

// ---------------------------------------------------------------------------------------------
// Trainer
// ---------------------------------------------------------------------------------------------

const TRAINER_KEYS: [(&str, Spec); 31] = [
    ("ds", Spec::Names(&DATASETS)),
    ("k", Spec::Count(2, 5, 5)),
    ("n", Spec::Count(20, 2000, 150)),
    ("noise", Spec::Float(0.0, 1.0)),
    ("val", Spec::Float(0.05, 0.5)),
    ("prep", Spec::Names(&PREPROCESS)),
    ("layers", Spec::Count(1, 8, 3)),
    ("width", Spec::Count(1, 256, 16)),
    ("act", Spec::Names(&ACTIVATIONS)),
    ("init", Spec::Names(&INITS)),
    ("std", Spec::Float(1e-6, 100.0)),
    ("bn", Spec::Flag),
    ("ln", Spec::Flag),
    ("drop", Spec::Float(0.0, 0.95)),
    ("l2", Spec::Float(0.0, 1.0)),
    ("opt", Spec::Names(&OPTIMIZERS)),
    ("lr", Spec::Float(0.0, 100.0)),
    ("mom", Spec::Float(0.0, 0.999)),
    ("b1", Spec::Float(0.0, 0.999)),
    ("b2", Spec::Float(0.0, 0.99999)),
    ("eps", Spec::Float(1e-16, 1.0)),
    ("rho", Spec::Float(0.0, 0.999)),
    ("alpha", Spec::Float(0.0, 0.999)),
    ("wd", Spec::Float(0.0, 1.0)),
    ("mdecay", Spec::Float(0.0, 1.0)),
    ("bc", Spec::Flag),
    ("sched", Spec::Names(&Schedule::NAMES)),
    ("batch", Spec::Count(1, 512, 64)),
    ("epochs", Spec::Count(1, 1000, 50)),
    ("seed", Spec::Seed),
    ("tiny", Spec::Flag),
];

fn check_trainer_refusal(err: &ConfigError, input: &dyn Debug) {
    let mut fields: Vec<&str> = TRAINER_KEYS.iter().map(|(k, _)| *k).collect();
    fields.extend([
        "dataset",
        "classes",
        "points",
        "valFraction",
        "inputs",
        "layerNorm",
        "dropout",
        "optimizer",
        "momentum",
        "beta1",
        "beta2",
        "weightDecay",
        "momentumDecay",
        "schedule",
        "grid",
        "bins",
    ]);
    check_refusal(err, &fields, input);
}

/// Small enough to train a few steps in a debug test.
fn trainer_runs(cfg: &TrainerConfig) -> bool {
    cfg.points <= 400 && cfg.width <= 32 && cfg.layers <= 4
}

/// Optimizer hyperparameters with learning rates from `lr`; `h` as for the fields.
fn hyper(lr: BoxedStrategy<f64>, h: u32) -> BoxedStrategy<Hyper> {
    (
        (lr, f64_in(0.0, 0.999, h), f64_in(0.0, 0.999, h), f64_in(0.0, 0.99999, h)),
        (prop::option::of(f64_in(1e-16, 1.0, h)), f64_in(0.0, 0.999, h), f64_in(0.0, 0.999, h)),
        (f64_in(0.0, 1.0, h), f64_in(0.0, 1.0, h), any::<bool>()),
    )
        .prop_map(
            |((lr, momentum, beta1, beta2), (eps, rho, alpha), (weight_decay, momentum_decay, bias_correction))| {
                Hyper { lr, momentum, beta1, beta2, eps, rho, alpha, weight_decay, momentum_decay, bias_correction }
            },
        )
        .boxed()
}

fn trainer_config(h: u32) -> BoxedStrategy<TrainerConfig> {
    let first_order: Vec<OptimizerKind> =
        OptimizerKind::ALL.into_iter().filter(|k| !matches!(k, OptimizerKind::Newton | OptimizerKind::Lbfgs)).collect();
    let optimizer = prop_oneof![
        95 => prop::sample::select(first_order),
        h => prop::sample::select(vec![OptimizerKind::Newton, OptimizerKind::Lbfgs]),
    ];
    (
        (
            prop::sample::select(DatasetKind::ALL.to_vec()),
            count_in(2, 5, 5, h),
            count_in(20, 2000, 150, h),
            f64_in(0.0, 1.0, h),
            f64_in(0.05, 0.5, h),
            prop::sample::select(Preprocess::ALL.to_vec()),
        ),
        (
            count_in(1, 8, 3, h),
            count_in(1, 256, 16, h),
            prop::sample::select(Activation::ALL.to_vec()),
            init(h),
            norms(h),
        ),
        (
            f64_in(0.0, 0.95, h),
            f64_in(0.0, 1.0, h),
            optimizer,
            hyper(prop_oneof![3 => lr_in(-12.0, 2.0, h), 1 => log_uniform(-1.0, 2.0)].boxed(), h),
        ),
        (name_or_junk(&Schedule::NAMES, h), count_in(1, 512, 64, h), count_in(1, 1000, 50, h), seed(h), any::<bool>()),
    )
        .prop_map(
            |(
                (dataset, classes, points, noise, val_fraction, preprocess),
                (layers, width, activation, init, (batch_norm, layer_norm)),
                (dropout, l2, optimizer, hyper),
                (schedule, batch, epochs, seed, tiny),
            )| TrainerConfig {
                dataset,
                classes,
                points,
                noise,
                val_fraction,
                preprocess,
                layers,
                width,
                activation,
                init,
                batch_norm,
                layer_norm,
                dropout,
                l2,
                optimizer,
                hyper,
                schedule,
                batch,
                epochs,
                seed,
                tiny,
            },
        )
        .boxed()
}

/// Read-out requests with arbitrary sizes: grid size (the largest, 512, is too slow for every
/// case in a debug build: see the degenerate runs), histogram bins, prediction count.
fn readout_sizes() -> BoxedStrategy<(usize, usize, usize)> {
    (
        prop_oneof![6 => 2..=12usize, 2 => hostile_count(2, 512)],
        prop_oneof![6 => 2..=200usize, 2 => hostile_count(2, 200)],
        prop_oneof![6 => 0..=40usize, 1 => Just(usize::MAX)],
    )
        .boxed()
}

/// All read-outs of a trainer: finite unless it reports a divergence; well-formed refusals of
/// bad read-out sizes.
fn check_trainer(t: &mut Trainer, (grid, bins, count): (usize, usize, usize)) {
    let cfg = t.config().clone();
    let snap = t.snapshot();
    let diverged = snap.diverged_at.is_some();
    let classes = cfg.effective_classes();
    if let Some(d) = snap.diverged_at {
        assert!(d >= 1 && d <= snap.steps, "diverged_at {d} after {} steps", snap.steps);
    }
    assert!(!snap.sanity.initial_loss.is_nan(), "initial loss NaN: {cfg:?}");
    assert!(snap.lr.is_finite() && snap.lr >= 0.0, "lr {}: {cfg:?}", snap.lr);
    assert!(snap.train_size >= 1 && snap.val_size >= 1);
    assert_eq!(snap.epochs, snap.history.len());
    for r in &snap.history {
        let values = [r.lr, r.train_loss, r.val_loss, r.train_acc, r.val_acc];
        assert!(diverged || values.iter().all(|v| v.is_finite()), "epoch record {r:?} without divergence: {cfg:?}");
        // ‖ΔW‖/‖W‖ is ∞ for W = 0 (zero init): a value, not a failure; NaN only once diverged.
        let ratios_ok = r.update_to_weight_ratio.iter().all(|v| !v.is_nan());
        assert!(diverged || ratios_ok, "NaN update ratio in {r:?}: {cfg:?}");
        assert_eq!(r.dead_fraction.len(), cfg.layers);
    }
    assert!(snap.loss_curve.values.iter().all(|v| v.is_finite()), "non-finite loss curve: {cfg:?}");
    let ratios_ok = snap.update_to_weight_ratio.iter().all(|v| !v.is_nan());
    assert!(diverged || ratios_ok, "NaN update ratio: {cfg:?}");

    let mut out = DecisionGrid::default();
    match t.decision_grid(grid, &mut out) {
        Ok(()) => {
            assert_ne!(cfg.dataset, DatasetKind::Digits);
            assert!((2..=512).contains(&grid));
            assert_eq!((out.size, out.classes, out.best.len()), (grid, classes, grid * grid));
            assert_eq!(out.probs.len(), grid * grid * classes);
            assert!(out.best.iter().all(|&b| usize::from(b) < classes));
            if !diverged {
                assert!(out.probs.iter().all(|p| p.is_finite() && (0.0..=1.0).contains(p)), "grid probs: {cfg:?}");
            }
        }
        Err(e) => {
            check_trainer_refusal(&e, &(grid, &cfg));
            assert!(cfg.dataset == DatasetKind::Digits || !(2..=512).contains(&grid));
        }
    }
    match t.layer_stats(bins) {
        Ok(stats) => {
            assert!((2..=200).contains(&bins));
            assert_eq!(stats.len(), cfg.layers);
            for s in &stats {
                assert!(diverged || s.non_finite_fraction == 0.0, "non-finite activations: {s:?} ({cfg:?})");
            }
        }
        Err(e) => {
            check_trainer_refusal(&e, &(bins, &cfg));
            assert!(!(2..=200).contains(&bins));
        }
    }
    let predictions = t.predictions(count);
    assert_eq!(predictions.len(), count.min(snap.val_size));
    for p in &predictions {
        assert!(p.label < classes && p.predicted < classes);
        if !diverged {
            let sum: f64 = p.probs.iter().sum();
            assert!((sum - 1.0).abs() < 1e-6, "probabilities sum to {sum}: {cfg:?}");
        }
    }
    let confusion = t.confusion_matrix();
    assert_eq!(confusion.len(), classes);
    let total: u32 = confusion.iter().flatten().sum();
    assert_eq!(total as usize, snap.val_size);
}

fn check_trainer_round_trip(cfg: &TrainerConfig) {
    let hash = cfg.to_hash();
    match TrainerConfig::from_hash(&hash) {
        Ok(back) => assert_eq!(&back, cfg, "{hash}"),
        Err(e) => panic!("accepted trainer config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Any text into the trainer's hash decoder.
    #[test]
    fn trainer_from_hash_takes_any_text(text in arbitrary_text()) {
        match TrainerConfig::from_hash(&text) {
            Ok(cfg) => {
                prop_assert!(cfg.validate().is_ok());
                check_trainer_round_trip(&cfg);
            }
            Err(e) => check_trainer_refusal(&e, &text),
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Soups over the trainer's keys: refusals well formed; accepted configs round-trip and
    /// (small ones) train a few steps with finite or reported read-outs.
    #[test]
    fn trainer_hash_soups_refuse_cleanly_or_train(hash in soups(&TRAINER_KEYS), sizes in readout_sizes()) {
        match TrainerConfig::from_hash(&hash) {
            Ok(cfg) => {
                check_trainer_round_trip(&cfg);
                if trainer_runs(&cfg) {
                    let mut t = Trainer::new(cfg).expect("from_hash accepted it");
                    t.step(3);
                    check_trainer(&mut t, sizes);
                }
            }
            Err(e) => check_trainer_refusal(&e, &hash),
        }
    }

    /// Struct configs (the page's `set` path): accepted ones build, step, finish an epoch and
    /// answer every read-out; `set` applies or refuses (keeping the trainer as it was).
    #[test]
    fn trainer_struct_configs_train_or_refuse(
        cfg in trainer_config(2),
        next in trainer_config(10),
        steps in 0..40usize,
        sizes in readout_sizes(),
    ) {
        let accepted = cfg.validate();
        if !trainer_runs(&cfg) {
            if let Err(e) = accepted {
                check_trainer_refusal(&e, &cfg);
            }
            return Ok(());
        }
        let mut t = match Trainer::new(cfg.clone()) {
            Ok(t) => t,
            Err(e) => {
                check_trainer_refusal(&e, &cfg);
                prop_assert!(accepted.is_err(), "validate accepted but new refused: {}", e);
                return Ok(());
            }
        };
        prop_assert!(accepted.is_ok());
        check_trainer_round_trip(&cfg);
        check_trainer(&mut t, sizes);
        let was_diverged = t.diverged_at().is_some();
        let taken = t.step(steps);
        let expected = if was_diverged { taken == 0 } else { taken == steps || t.diverged_at().is_some() };
        prop_assert!(expected, "step({}) took {}", steps, taken);
        check_trainer(&mut t, sizes);
        if cfg.batch >= 8 {
            t.epoch();
            check_trainer(&mut t, sizes);
        }
        if !trainer_runs(&next) {
            if let Err(e) = next.validate() {
                check_trainer_refusal(&e, &next);
            }
            return Ok(());
        }
        let before = t.snapshot();
        match t.set(next.clone()) {
            Ok(change) => {
                prop_assert_eq!(format!("{:?}", t.config()), format!("{next:?}"));
                if change == Change::Rebuilt {
                    prop_assert_eq!(t.snapshot().steps, 0);
                } else {
                    prop_assert_eq!(t.snapshot().steps, before.steps);
                }
                t.step(2);
                check_trainer(&mut t, sizes);
            }
            Err(e) => {
                check_trainer_refusal(&e, &next);
                prop_assert_eq!(format!("{:?}", t.config()), format!("{cfg:?}"));
                prop_assert_eq!(format!("{:?}", t.snapshot()), format!("{before:?}"));
            }
        }
    }

    /// Hostile struct configs, any size: validation alone, by field.
    #[test]
    fn trainer_hostile_struct_configs_are_refused_by_field(cfg in trainer_config(60)) {
        match cfg.validate() {
            Ok(()) if trainer_runs(&cfg) => {
                let mut t = Trainer::new(cfg).expect("validated");
                t.step(2);
                check_trainer(&mut t, (8, 10, 5));
            }
            Ok(()) => {}
            Err(e) => check_trainer_refusal(&e, &cfg),
        }
    }
}

/// Degenerate but valid training runs: the fewest points with the most classes and the largest
/// validation share, zero noise (duplicate points), zero or huge inits, lr 0 and 100, batch 1
/// and larger than the data, tiny mode, every preprocessing.
#[test]
fn degenerate_training_runs_report_instead_of_panicking() {
    let base = TrainerConfig { points: 20, classes: 5, noise: 0.0, val_fraction: 0.5, width: 4, ..Default::default() };
    let mut n = 0;
    for dataset in DatasetKind::ALL {
        for preprocess in Preprocess::ALL {
            for (init, lr, batch, optimizer) in [
                (Init::Zero, 0.0, 1, OptimizerKind::Sgd),
                (Init::Custom(100.0), 100.0, 512, OptimizerKind::Momentum),
                (Init::Large, 100.0, 3, OptimizerKind::Adagrad),
                (Init::Custom(1e-6), 1e-12, 7, OptimizerKind::Adadelta),
            ] {
                n += 1;
                let cfg = TrainerConfig {
                    dataset,
                    preprocess,
                    init,
                    batch,
                    optimizer,
                    tiny: n % 2 == 0,
                    batch_norm: n % 3 == 0,
                    layer_norm: n % 3 == 1,
                    activation: Activation::ALL[n % Activation::ALL.len()],
                    hyper: Hyper { lr, eps: Some(1e-16), ..Hyper::default() },
                    ..base.clone()
                };
                let mut t = Trainer::new(cfg.clone()).unwrap_or_else(|e| panic!("{e}: {cfg:?}"));
                t.epoch();
                t.step(25);
                let grid = if n == 1 { 512 } else { 3 };
                check_trainer(&mut t, (grid, 2, 100));
                check_trainer_round_trip(&cfg);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: the smallest inputs found by the properties above. Each test states the wanted
// behaviour; while it fails, so does the property that found it.
// ---------------------------------------------------------------------------------------------

/// `Race::step` must saturate: `shown + n` overflowed (debug: panic; release/wasm: wraps, so the
/// animation jumps back). The page's `step(n)` takes any number from JavaScript.
#[test]
fn regression_race_step_with_a_huge_count_stops_at_the_last_step() {
    let mut race = Race::new(RaceConfig::default()).unwrap();
    race.step(1);
    let steps = race.config().steps;
    assert_eq!(race.step(usize::MAX), steps);
    race.seek(usize::MAX);
    assert_eq!(race.step(usize::MAX), steps);
}

/// An unknown surface or optimizer is refused with the allowed names and the value shortened
/// (it was `unknown surface "…"` with the whole value, 10 000 characters in, 10 018 out).
#[test]
fn regression_race_refusals_of_unknown_names_list_the_allowed_ones() {
    let refusals = [
        ("empty surface", RaceConfig { surface: String::new(), ..RaceConfig::default() }.validate()),
        ("long surface", RaceConfig { surface: "x".repeat(10_000), ..RaceConfig::default() }.validate()),
        ("unknown optimizer", RaceConfig { optimizers: vec!["x".into()], ..RaceConfig::default() }.validate()),
        ("opt=foo", RaceConfig::from_hash("opt=foo").map(|_| ())),
    ];
    for (input, refusal) in refusals {
        check_race_refusal(&refusal.expect_err(input), &input);
    }
}

/// Every field of an accepted race survives its link: NAdam's `momentum_decay` was neither
/// written by `to_hash` nor read by `from_hash`, so the link reset it to 0.004.
#[test]
fn regression_race_link_keeps_momentum_decay() {
    let mut cfg = RaceConfig::default();
    cfg.hyper.momentum_decay = 0.0;
    assert!(cfg.validate().is_ok());
    check_race_round_trip(&cfg);
}

/// Learning-rate overrides that are not in effect (an optimizer not in the race, or a second
/// entry for one) were never checked, so `Race::new` accepted a NaN whose link is refused
/// (`lro: must be a number from 0.000001 to 100, got NaN`). Either refuse them or keep the link.
#[test]
fn regression_race_inert_lr_overrides_are_checked_or_survive_the_link() {
    let nan = |optimizer: &str| LrOverride { optimizer: optimizer.into(), lr: f64::NAN };
    let cases = [
        RaceConfig { optimizers: vec![], lr_overrides: vec![nan("sgd")], ..RaceConfig::default() },
        RaceConfig {
            optimizers: vec!["nadam".into()],
            lr_overrides: vec![LrOverride { optimizer: "nadam".into(), lr: 1.0 }, nan("nadam")],
            ..RaceConfig::default()
        },
        RaceConfig { lr_overrides: vec![LrOverride { optimizer: "a,b:c".into(), lr: 1.0 }], ..RaceConfig::default() },
    ];
    for cfg in cases {
        match Race::new(cfg.clone()) {
            Ok(_) => check_race_round_trip(&cfg),
            Err(e) => check_race_refusal(&e, &cfg),
        }
    }
}

/// A seed above 2^32 − 1 was accepted by every scene's validation but refused by its hash
/// (`seed: must be a whole number from 0 to 4294967295`), so the page's own link failed.
#[test]
fn regression_seeds_beyond_32_bits_are_refused_or_survive_the_link() {
    let seed = 1u64 << 32;
    let race = RaceConfig { seed, ..RaceConfig::default() };
    match race.validate() {
        Ok(()) => check_race_round_trip(&race),
        Err(e) => check_race_refusal(&e, &race),
    }
    let lab = DeepNetConfig { seed, layers: 1, width: 1, batch: 1, input_dim: 1, ..DeepNetConfig::default() };
    match lab.validate() {
        Ok(()) => check_init_lab_round_trip(&lab),
        Err(e) => check_init_lab_refusal(&e, &lab),
    }
    let trainer = TrainerConfig { seed, ..TrainerConfig::default() };
    match trainer.validate() {
        Ok(()) => check_trainer_round_trip(&trainer),
        Err(e) => check_trainer_refusal(&e, &trainer),
    }
}

/// A custom init std in (0, 1e-6) passed `Init::validate` but not the hash's `std` range
/// (`std: must be a number from 0.000001 to 100, got 0.0000001`).
#[test]
fn regression_custom_init_std_below_the_hash_range_is_refused_or_survives_the_link() {
    let init = Init::Custom(1e-7);
    let lab = DeepNetConfig { init, layers: 1, width: 1, batch: 1, input_dim: 1, ..DeepNetConfig::default() };
    match lab.validate() {
        Ok(()) => check_init_lab_round_trip(&lab),
        Err(e) => check_init_lab_refusal(&e, &lab),
    }
    let trainer = TrainerConfig { init, ..TrainerConfig::default() };
    match trainer.validate() {
        Ok(()) => check_trainer_round_trip(&trainer),
        Err(e) => check_trainer_refusal(&e, &trainer),
    }
}

/// Tiny mode ignores dropout and L2 while on, but `TrainerConfig::validate` skipped checking
/// them (it validates `mlp()`, which zeroes them in tiny mode): NaN dropout was accepted, its
/// link refused, and turning tiny mode off was then refused for a field not just touched.
#[test]
fn regression_tiny_mode_still_checks_dropout_and_l2() {
    for cfg in [
        TrainerConfig { tiny: true, dropout: f64::NAN, ..TrainerConfig::default() },
        TrainerConfig { tiny: true, dropout: -5e-324, ..TrainerConfig::default() },
        TrainerConfig { tiny: true, l2: f64::INFINITY, ..TrainerConfig::default() },
    ] {
        let err = cfg.validate().expect_err("tiny mode must not hide a bad dropout or l2");
        check_trainer_refusal(&err, &cfg);
        assert!(err.field == "dropout" || err.field == "l2", "{err}");
    }
}

/// After a step whose update is finite but so large that the next forward pass overflows
/// (here weights ≈ 2e128 after 4 SGD steps at lr 100), the decision grid (192 of 192 values)
/// and the predictions were NaN while `diverged_at` was still `None`; only the next step
/// reported the divergence.
#[test]
fn regression_trainer_read_outs_are_finite_or_the_divergence_is_reported() {
    let cfg = TrainerConfig {
        activation: Activation::Prelu,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyper { lr: 100.0, ..Hyper::default() },
        ..TrainerConfig::default()
    };
    let mut t = Trainer::new(cfg).unwrap();
    for _ in 0..6 {
        t.step(1);
        check_trainer(&mut t, (8, 10, 1000));
    }
}
