//! Shared helpers: the proptest config, the refusal check, and hostile values of every type.

use gradscope::error::ConfigError;
use gradscope::rng::MAX_SEED;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::fmt::Debug;

/// Seed of every property's generator unless `PROPTEST_RNG_SEED` is set: CI sees the same
/// cases on every run. Explore further with e.g. `PROPTEST_CASES=5000 PROPTEST_RNG_SEED=7`.
const RNG_SEED: u64 = 0x6772_6164_7363_6f70;

/// `cases` cases per property (or `PROPTEST_CASES`), a fixed seed (or `PROPTEST_RNG_SEED`), and
/// no persistence file: a failure is printed, shrunk, and belongs in the regressions.
pub fn cases(cases: u32) -> ProptestConfig {
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
pub fn check_refusal(err: &ConfigError, fields: &[String], input: &dyn Debug) {
    assert!(!err.field.trim().is_empty(), "refusal without a field: {err:?} for {input:?}");
    assert!(!err.message.trim().is_empty(), "refusal without a message: {err:?} for {input:?}");
    assert!(fields.contains(&err.field), "refusal names unknown field {:?} ({err}) for {input:?}", err.field);
    assert!(
        ALLOWED_MARKERS.iter().any(|m| err.message.contains(m)),
        "refusal does not say what is allowed: {err} for {input:?}"
    );
    // Hostile text is shown shortened (40 characters), never echoed in full.
    assert!(err.message.chars().count() < 600, "refusal message too long ({} chars)", err.message.len());
}

/// Values that break naive numeric code.
pub fn hostile_f64() -> BoxedStrategy<f64> {
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
pub fn f64_in(lo: f64, hi: f64, h: u32) -> BoxedStrategy<f64> {
    prop_oneof![
        90 => lo..=hi,
        4 => Just(lo),
        4 => Just(hi),
        h => prop_oneof![Just(lo.next_down()), Just(hi.next_up()), hostile_f64()],
    ]
    .boxed()
}

/// 10^e for e uniform in [lo_exp, hi_exp].
pub fn log_uniform(lo_exp: f64, hi_exp: f64) -> BoxedStrategy<f64> {
    (lo_exp..=hi_exp).prop_map(|e| 10f64.powf(e)).boxed()
}

/// A learning rate: mostly log-uniform in [10^lo_exp, 10^hi_exp], with weight `h` anything from
/// 1e-12 to 1e6 or hostile.
pub fn lr_in(lo_exp: f64, hi_exp: f64, h: u32) -> BoxedStrategy<f64> {
    prop_oneof![
        90 => log_uniform(lo_exp, hi_exp),
        5 => Just(10f64.powf(lo_exp)),
        5 => Just(10f64.powf(hi_exp)),
        h => prop_oneof![log_uniform(-12.0, 6.0), hostile_f64()],
    ]
    .boxed()
}

/// Sizes that break naive allocation and index code.
pub fn hostile_count(lo: usize, hi: usize) -> BoxedStrategy<usize> {
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
pub fn count_in(lo: usize, hi: usize, typical: usize, h: u32) -> BoxedStrategy<usize> {
    prop_oneof![
        90 => lo..=typical,
        3 => Just(lo),
        3 => Just(hi),
        h => hostile_count(lo, hi),
    ]
    .boxed()
}

/// Junk text: empty, padded, wrong case, control and non-ASCII characters, very long.
pub fn junk_name() -> BoxedStrategy<String> {
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
pub fn name_or_junk(names: &[&'static str], h: u32) -> BoxedStrategy<String> {
    let names = names.to_vec();
    prop_oneof![95 => prop::sample::select(names).prop_map(String::from), h => junk_name()].boxed()
}

/// A seed: mostly one a URL hash carries (`0..=MAX_SEED`), with weight `h` any u64.
pub fn seed(h: u32) -> BoxedStrategy<u64> {
    prop_oneof![95 => 0..=MAX_SEED, h => any::<u64>()].boxed()
}

/// Neither, batch norm, or layer norm; with weight `h` both (refused).
pub fn norms(h: u32) -> BoxedStrategy<(bool, bool)> {
    prop_oneof![
        40 => Just((false, false)),
        30 => Just((true, false)),
        30 => Just((false, true)),
        h => Just((true, true)),
    ]
    .boxed()
}
