//! Table-driven properties shared by the scenes: a random valid config (every row a random
//! valid value of its kind, applied through the row's `set`) survives `to_hash` → `from_hash`
//! exactly, and one invalid value in an otherwise default hash is refused by its key.

use crate::soup::{encode, fmt};
use crate::support::{check_refusal, junk_name};
use crate::table::{exponents, row, Spec};
use gradscope::fields::{self, Config, Kind};
use gradscope::rng::MAX_SEED;
use proptest::prelude::*;
use proptest::strategy::Union;
use std::fmt::Debug;

fn texts(v: &[&str]) -> BoxedStrategy<String> {
    prop::sample::select(v.iter().map(|s| s.to_string()).collect::<Vec<_>>()).boxed()
}

/// A valid value of `spec` as hash text, anywhere in its range (nothing runs it).
pub fn valid_text(spec: &Spec) -> BoxedStrategy<String> {
    match spec.kind {
        Kind::Float { lo, hi, .. } => {
            let (lo_exp, hi_exp) = exponents(lo, hi);
            prop_oneof![
                4 => (lo..=hi).prop_map(fmt),
                4 => (lo_exp..=hi_exp).prop_map(move |e| fmt(10f64.powf(e).clamp(lo, hi))),
                1 => Just(fmt(lo)),
                1 => Just(fmt(hi)),
            ]
            .boxed()
        }
        Kind::Count { lo, hi } => {
            prop_oneof![8 => lo..=hi, 1 => Just(lo), 1 => Just(hi)].prop_map(|n| n.to_string()).boxed()
        }
        Kind::Flag => texts(&["0", "1", "true", "false"]),
        Kind::Seed => {
            prop_oneof![8 => 0..=MAX_SEED, 1 => Just(0), 1 => Just(MAX_SEED)].prop_map(|n| n.to_string()).boxed()
        }
        Kind::Choice(names) => prop::sample::select(names()).prop_map(String::from).boxed(),
        Kind::List(names) => {
            let names = names();
            let n = names.len();
            prop::sample::subsequence(names, 0..=n).prop_shuffle().prop_map(|v| v.join(",")).boxed()
        }
        Kind::Text { .. } => (spec.text.expect("text specs carry their generators").0)(),
    }
}

/// A value `spec`'s kind refuses: just out of range or far out, not a number, beyond a seed,
/// a name in the wrong case or padded, junk, an unknown or repeated list item.
pub fn invalid_text(spec: &Spec) -> BoxedStrategy<String> {
    let not_numbers = ["", "x", "NaN", "inf", "-inf", "1e400", "-1e400", " 1", "1 ", "0x10", "1,5", "--1"];
    match spec.kind {
        Kind::Float { lo, hi, .. } => {
            let mut fixed: Vec<String> = not_numbers.iter().map(|s| s.to_string()).collect();
            fixed.extend([fmt(lo.next_down()), fmt(hi.next_up()), format!("{:e}", hi.next_up())]);
            let scale = |v: f64| v.abs().max(1.0);
            prop_oneof![
                prop::sample::select(fixed),
                (1e-6..1e300f64).prop_map(move |d| fmt(hi + d * scale(hi))),
                (1e-6..1e300f64).prop_map(move |d| fmt(lo - d * scale(lo))),
            ]
            .boxed()
        }
        Kind::Count { lo, hi } => {
            let mut fixed: Vec<String> = not_numbers.iter().map(|s| s.to_string()).collect();
            fixed.extend(["-1", "1.5", "1e3", "18446744073709551616"].map(String::from));
            fixed.push((hi + 1).to_string());
            if lo > 0 {
                fixed.push((lo - 1).to_string());
            }
            prop_oneof![prop::sample::select(fixed), (hi + 1..).prop_map(|n| n.to_string())].boxed()
        }
        Kind::Flag => texts(&["", "2", "-1", "yes", "no", "01", "TRUE", "True", " 1", "1 ", "0.0"]),
        Kind::Seed => {
            let fixed = ["", "x", "-1", "1.5", " 1", "1e3", "18446744073709551616"];
            prop_oneof![texts(&fixed), (MAX_SEED + 1..).prop_map(|n| n.to_string())].boxed()
        }
        Kind::Choice(names) => {
            let names = names();
            let pick = prop::sample::select(names.clone());
            prop_oneof![
                pick.clone().prop_map(|n| n.to_uppercase()),
                pick.clone().prop_map(|n| format!("{n} ")),
                pick.prop_map(|n| format!(" {n}")),
                junk_name(),
            ]
            .prop_filter("not a name", move |s| !names.contains(&s.as_str()))
            .boxed()
        }
        Kind::List(names) => {
            let names = names();
            let n = names.len();
            let some = prop::sample::subsequence(names.clone(), 0..=n.min(3));
            let known = names.clone();
            let junk = junk_name()
                .prop_filter("a junk item", move |s| !s.is_empty() && !s.contains(',') && !known.contains(&s.as_str()));
            prop_oneof![
                (some.clone(), prop::sample::select(names)).prop_map(|(v, n)| format!("{n},{},{n}", v.join(","))),
                (some, junk, any::<prop::sample::Index>()).prop_map(|(v, junk, at)| {
                    let mut items: Vec<String> = v.into_iter().map(String::from).collect();
                    items.insert(at.index(items.len() + 1), junk);
                    items.join(",")
                }),
            ]
            .boxed()
        }
        Kind::Text { .. } => (spec.text.expect("text specs carry their generators").1)(),
    }
}

/// A valid config of `C`: each row (mostly) a random valid value of its kind, set in table
/// order on the defaults, kept when `fields::validate` accepts the whole.
pub fn valid_config<C: Config + Debug>(specs: &[Spec]) -> BoxedStrategy<C> {
    let values: Vec<_> = specs.iter().map(|s| prop::option::weighted(0.9, valid_text(s))).collect();
    values
        .prop_map(|texts| {
            let mut cfg = C::default();
            for (field, text) in C::fields().iter().zip(texts) {
                if let Some(text) = text {
                    (field.set)(&mut cfg, &text);
                }
            }
            cfg
        })
        .prop_filter("valid config", |cfg| fields::validate(cfg).is_ok())
        .boxed()
}

/// `(key, value, hash)`: one row's invalid value in the default config's hash.
pub fn invalid_field_hash<C: Config>(specs: &[Spec]) -> BoxedStrategy<(&'static str, String, String)> {
    let one = specs.iter().map(|spec| {
        let key = spec.key;
        invalid_text(spec).prop_map(move |value| (key, value.clone(), hash_with::<C>(key, &value))).boxed()
    });
    Union::new(one).boxed()
}

/// The default config's hash with `key` set to `value` (percent-encoded).
fn hash_with<C: Config>(key: &str, value: &str) -> String {
    let defaults = C::default();
    let mut pairs: Vec<(&str, String)> =
        C::fields().iter().filter_map(|f| Some((f.key, (f.get)(&defaults)?))).filter(|(k, _)| *k != key).collect();
    pairs.push((key, value.to_string()));
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// A valid config's hash gives back the identical config, and the identical hash.
pub fn check_table_round_trip<C: Config + PartialEq + Debug>(cfg: &C) {
    let hash = fields::to_hash(cfg);
    match fields::from_hash::<C>(&hash) {
        Ok(back) => {
            assert_eq!(&back, cfg, "{hash}");
            assert_eq!(fields::to_hash(&back), hash);
        }
        Err(e) => panic!("a valid config's own hash is refused: {e}\n  hash: {hash}\n  config: {cfg:?}"),
    }
}

/// The invalid value is refused by its key (and the refusal is well formed).
pub fn check_refused_by_key<C: Config + Debug>((key, value, hash): &(&str, String, String), fields: &[String]) {
    let refused = row::<C>(key).kind.check(key, value);
    assert!(refused.is_err(), "generator bug: {value:?} is a valid {key}");
    match fields::from_hash::<C>(hash) {
        Ok(cfg) => panic!("{key}={value:?} accepted: {cfg:?}\n  hash: {hash}"),
        Err(e) => {
            assert_eq!(e.field, *key, "refusal of {key}={value:?} names another field: {e}");
            check_refusal(&e, fields, hash);
        }
    }
}
