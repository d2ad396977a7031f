//! What the generators read from a config's field table: each key's spec (its kind plus a
//! scene's hints), the names a refusal may use, and typed values for the struct generators.

use crate::support::{count_in, f64_in, log_uniform, lr_in, name_or_junk};
use gradscope::fields::{Config, Field, Kind};
use gradscope::nn::Init;
use gradscope::optim::Hyper;
use proptest::prelude::*;

/// Hash text of a text field: clean values, or values the field refuses.
pub type TextGen = fn() -> BoxedStrategy<String>;

/// What a scene adds to its table's rows for the generators, by key.
#[derive(Clone, Copy)]
pub enum Hint {
    /// A count mostly up to this (configs that actually run stay cheap in a debug build).
    Typical(usize),
    /// A text field's (valid, invalid) values: its checker is code, not a range.
    Text(TextGen, TextGen),
}

/// How plausible values of one hash key look: its row's kind and the scene's hint.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub key: &'static str,
    pub kind: Kind,
    /// Counts: usually at most this.
    pub typical: Option<usize>,
    /// Text fields: (valid, invalid).
    pub text: Option<(TextGen, TextGen)>,
}

/// Every row of `C` in hash order, as a spec; `hints` must name real keys (a renamed key
/// fails here instead of silently losing its hint), and every text row needs its generators.
pub fn specs<C: Config>(hints: &[(&str, Hint)]) -> Vec<Spec> {
    for (key, _) in hints {
        assert!(C::fields().iter().any(|f| f.key == *key), "hint for {key:?}, which is no key of the table");
    }
    let hint = |key: &str| hints.iter().find(|(k, _)| *k == key).map(|&(_, h)| h);
    C::fields()
        .iter()
        .map(|f| {
            let (typical, text) = match (f.kind, hint(f.key)) {
                (Kind::Count { hi, .. }, Some(Hint::Typical(t))) => (Some(t.min(hi)), None),
                (Kind::Text { .. }, Some(Hint::Text(valid, invalid))) => (None, Some((valid, invalid))),
                (Kind::Text { .. }, _) => panic!("text field {:?} needs a Hint::Text", f.key),
                (_, None) => (None, None),
                (kind, Some(_)) => panic!("hint for {:?} does not fit its kind {kind:?}", f.key),
            };
            Spec { key: f.key, kind: f.kind, typical, text }
        })
        .collect()
}

/// Fields a refusal of `C` may name: its rows' hash keys and config names, and `extra` (names
/// used by rules between fields and by read-outs).
pub fn refusal_fields<C: Config>(extra: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut fields: Vec<String> = C::fields().iter().flat_map(|f| [f.key, f.name]).map(String::from).collect();
    fields.extend(extra);
    fields.sort();
    fields.dedup();
    fields
}

/// The row of `C` with hash key `key` (a renamed key fails here, by name).
pub fn row<C: Config>(key: &str) -> &'static Field<C> {
    gradscope::fields::field::<C>(key).unwrap_or_else(|| panic!("no field {key:?} in the table"))
}

/// `[lo, hi]` of a number row.
pub fn float_range<C: Config>(key: &str) -> (f64, f64) {
    match row::<C>(key).kind {
        Kind::Float { lo, hi, .. } => (lo, hi),
        kind => panic!("{key:?} is {kind:?}, not a number"),
    }
}

/// `lo..=hi` of a count row.
pub fn count_range<C: Config>(key: &str) -> (usize, usize) {
    match row::<C>(key).kind {
        Kind::Count { lo, hi } => (lo, hi),
        kind => panic!("{key:?} is {kind:?}, not a count"),
    }
}

/// The names of a choice or list row.
pub fn names<C: Config>(key: &str) -> Vec<&'static str> {
    match row::<C>(key).kind {
        Kind::Choice(names) | Kind::List(names) => names(),
        kind => panic!("{key:?} is {kind:?}, not names"),
    }
}

/// Decimal exponents spanning `[lo, hi]` (from 1e-12 when `lo` is 0).
pub fn exponents(lo: f64, hi: f64) -> (f64, f64) {
    (if lo > 0.0 { lo.log10() } else { -12.0 }, hi.log10())
}

/// A number of row `key`, mostly in range; `h` as for [`f64_in`].
pub fn float<C: Config>(key: &str, h: u32) -> BoxedStrategy<f64> {
    let (lo, hi) = float_range::<C>(key);
    f64_in(lo, hi, h)
}

/// A count of row `key`, mostly at most `typical`; `h` as for [`count_in`].
pub fn count<C: Config>(key: &str, typical: usize, h: u32) -> BoxedStrategy<usize> {
    let (lo, hi) = count_range::<C>(key);
    count_in(lo, hi, typical.clamp(lo, hi), h)
}

/// One of the names of row `key`, with weight `h` junk.
pub fn name<C: Config>(key: &str, h: u32) -> BoxedStrategy<String> {
    name_or_junk(&names::<C>(key), h)
}

/// A log-scale number of row `key` (a rate, a std): log-uniform over its range; `h` as for [`lr_in`].
pub fn rate<C: Config>(key: &str, h: u32) -> BoxedStrategy<f64> {
    let (lo, hi) = float_range::<C>(key);
    let (lo_exp, hi_exp) = exponents(lo, hi);
    lr_in(lo_exp, hi_exp, h)
}

/// A weight init of a config with an `std` row: named, or custom with a std mostly in the row's
/// range (weight `h`: hostile, or a std below the range).
pub fn init<C: Config>(h: u32) -> BoxedStrategy<Init> {
    let (lo, _) = float_range::<C>("std");
    let below = exponents(lo, 1.0).0;
    prop_oneof![
        60 => prop::sample::select(Init::NAMED.to_vec()),
        40 => rate::<C>("std", h).prop_map(Init::Custom),
        h => log_uniform(below - 6.0, below).prop_map(Init::Custom),
    ]
    .boxed()
}

/// Optimizer hyperparameters over the ranges of `Hyper`'s rows, with learning rates from `lr`
/// (each config has its own rate range); `h` as for the fields.
pub fn hyper(lr: BoxedStrategy<f64>, h: u32) -> BoxedStrategy<Hyper> {
    let f = |key| float::<Hyper>(key, h);
    (
        (lr, f("mom"), f("b1"), f("b2")),
        (prop::option::of(f("eps")), f("rho"), f("alpha")),
        (f("wd"), f("mdecay"), any::<bool>()),
    )
        .prop_map(
            |((lr, momentum, beta1, beta2), (eps, rho, alpha), (weight_decay, momentum_decay, bias_correction))| {
                Hyper { lr, momentum, beta1, beta2, eps, rho, alpha, weight_decay, momentum_decay, bias_correction }
            },
        )
        .boxed()
}
