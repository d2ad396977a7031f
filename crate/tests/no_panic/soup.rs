//! URL-hash soups: `key=value&…` text over a scene's specs (from its field table), junk values
//! that break naive parsers, and any text at all.

use crate::support::name_or_junk;
use crate::table::Spec;
use gradscope::fields::Kind;
use gradscope::rng::MAX_SEED;
use proptest::prelude::*;
use proptest::strategy::Union;

/// Text that breaks naive parsers: special numbers, overflow, percent escapes, separators.
pub fn junk_value() -> BoxedStrategy<String> {
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

/// A number as hash text (shortest round-trip decimal).
pub fn fmt(v: f64) -> String {
    format!("{v}")
}

/// Text for a key of `spec`: valid (often a boundary) with weight 100, just invalid (outside
/// the range, wrong case, padded, beyond a seed, duplicated) with weight `dirt`.
pub fn spec_value(spec: Spec, dirt: u32) -> BoxedStrategy<String> {
    let strings = |v: &[&str]| prop::sample::select(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    match spec.kind {
        Kind::Float { lo, hi, .. } => {
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
        Kind::Count { lo, hi } => {
            let typical = spec.typical.unwrap_or(hi);
            prop_oneof![
                70 => (lo..=typical).prop_map(|v| v.to_string()),
                10 => (lo..=hi).prop_map(|v| v.to_string()),
                10 => Just(lo.to_string()),
                10 => Just(hi.to_string()),
                dirt => prop::sample::select(vec![lo.wrapping_sub(1).to_string(), (hi + 1).to_string(), "-1".to_string()]),
            ]
            .boxed()
        }
        Kind::Choice(names) => {
            let names = names();
            prop_oneof![
                100 => prop::sample::select(names.clone()).prop_map(String::from),
                dirt => prop::sample::select(names.clone()).prop_map(|n| n.to_uppercase()),
                dirt => prop::sample::select(names).prop_map(|n| format!("{n} ")),
            ]
            .boxed()
        }
        Kind::Flag => prop_oneof![
            100 => strings(&["0", "1", "true", "false"]),
            dirt => strings(&["2", "-1", "yes", "01", "TRUE"]),
        ]
        .boxed(),
        Kind::Seed => prop_oneof![
            100 => (0..=MAX_SEED).prop_map(|v| v.to_string()),
            dirt => prop_oneof![(MAX_SEED + 1..).prop_map(|v| v.to_string()), Just("-1".to_string())],
        ]
        .boxed(),
        Kind::List(names) => {
            let names = names();
            let n = names.len();
            prop_oneof![
                100 => prop::sample::subsequence(names.clone(), 0..=n).prop_shuffle().prop_map(|v| v.join(",")),
                dirt => prop::collection::vec(prop::sample::select(names.clone()), 2..6).prop_map(|v| v.join(",")),
                dirt => prop::collection::vec(name_or_junk(&names, 20), 0..n + 3).prop_map(|v| v.join(",")),
            ]
            .boxed()
        }
        Kind::Text { .. } => {
            let (valid, invalid) = spec.text.expect("text specs carry their generators");
            prop_oneof![100 => valid(), dirt => invalid()].boxed()
        }
    }
}

/// Percent-encode everything outside `[A-Za-z0-9._,:-]` (what the scenes' `to_hash` does).
pub fn encode(s: &str) -> String {
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

/// A `key=value&…` soup over a scene's specs: known keys with values valid (weight 100) or
/// invalid or junk (weight `dirt`), junk pairs, keys without `=`, duplicates; raw or
/// percent-encoded, with or without a leading `#`.
pub fn soup(specs: &[Spec], dirt: u32) -> BoxedStrategy<String> {
    let keyed: Vec<BoxedStrategy<(String, String)>> = specs
        .iter()
        .map(|&spec| {
            prop_oneof![100 => spec_value(spec, dirt), dirt => junk_value()]
                .prop_map(move |v| (spec.key.to_string(), v))
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
pub fn soups(specs: &[Spec]) -> BoxedStrategy<String> {
    prop_oneof![soup(specs, 1), soup(specs, 40)].boxed()
}

/// Any text at all: arbitrary Unicode, printable soups of the hash alphabet, long runs.
pub fn arbitrary_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        "[a-z0-9=&%#+.,:_ -]{0,300}",
        "([a-z0-9]{1,6}=[a-zA-Z0-9%.+-]{0,12}&){0,20}",
        (1usize..50_000).prop_map(|n| format!("lr={}", "9".repeat(n))),
    ]
    .boxed()
}
