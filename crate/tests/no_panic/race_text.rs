//! Generators of the race's text fields: `lro` (name:rate overrides) and `batch` (minibatch
//! sizes), valid and with one bad item.

use crate::soup::fmt;
use crate::support::junk_name;
use crate::table::{exponents, float_range, names};
use gradscope::scene::race::RaceConfig;
use proptest::prelude::*;

type R = RaceConfig;

/// Valid `batch` text: one to four distinct sizes 1…200.
pub fn batch_sizes() -> BoxedStrategy<String> {
    prop::collection::btree_set(1usize..=200, 1..=4)
        .prop_map(|set| set.iter().map(usize::to_string).collect::<Vec<_>>().join(","))
        .boxed()
}

/// `batch` text that is refused: a size out of range or not a number, a size twice, five sizes, nothing.
pub fn bad_batch_sizes() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec!["0", "201", "-1", "x", "1.5", "NaN", "", ",", "20,20", "1,2,3,4,5"])
            .prop_map(String::from),
        (batch_sizes(), prop::sample::select(vec!["0", "999", "y"])).prop_map(|(good, bad)| format!("{good},{bad}")),
    ]
    .boxed()
}

/// An override's rate (`check_overrides` takes the `lr` row's range).
fn override_rate() -> BoxedStrategy<String> {
    let (lo, hi) = float_range::<R>("lr");
    let (lo_exp, hi_exp) = exponents(lo, hi);
    (lo_exp..=hi_exp).prop_map(move |e| fmt(10f64.powf(e).clamp(lo, hi))).boxed()
}

/// Valid `lro` text: distinct optimizers, each with a rate in range.
pub fn overrides() -> BoxedStrategy<String> {
    let names = names::<R>("opt");
    (prop::sample::subsequence(names, 0..=4).prop_shuffle(), prop::collection::vec(override_rate(), 4))
        .prop_map(|(names, rates)| {
            names.iter().zip(rates).map(|(n, lr)| format!("{n}:{lr}")).collect::<Vec<_>>().join(",")
        })
        .boxed()
}

/// `lro` text with one bad item among good ones: an unknown optimizer, no `:`, a rate out of
/// range or not a number, an optimizer set twice.
pub fn bad_overrides() -> BoxedStrategy<String> {
    let known = names::<R>("opt");
    let pick = prop::sample::select(known.clone());
    let unknown = junk_name().prop_filter("unknown", move |s| !s.contains([',', ':']) && !known.contains(&s.as_str()));
    let (lo, hi) = float_range::<R>("lr");
    let bad_rates = [fmt(lo.next_down()), fmt(hi.next_up()), fmt(-hi), "NaN".into(), "inf".into(), "1e400".into()];
    let bad_rate = prop::sample::select([&bad_rates[..], &["", "x", " 1"].map(String::from)].concat());
    let bad = prop_oneof![
        unknown.prop_map(|n| format!("{n}:1")),
        pick.clone().prop_map(String::from),
        (pick.clone(), bad_rate).prop_map(|(n, lr)| format!("{n}:{lr}")),
        (pick, override_rate()).prop_map(|(n, lr)| format!("{n}:{lr},{n}:{lr}")),
    ];
    let good = overrides().prop_map(|s| if s.is_empty() { vec![] } else { vec![s] });
    (good, bad, any::<prop::sample::Index>())
        .prop_map(|(mut items, bad, at)| {
            items.insert(at.index(items.len() + 1), bad);
            items.join(",")
        })
        .boxed()
}
