//! The hyperparameter search: any link text, hash soups and table configs either plan a search
//! whose every trial is a valid trainer config, or are refused by a real field; a dragged
//! region always gives a search inside the old ranges or a refusal.

use crate::round_trip::{check_refused_by_key, check_table_round_trip, invalid_field_hash, valid_config};
use crate::soup::{arbitrary_text, soups};
use crate::support::{cases, check_refusal};
use crate::table::{refusal_fields, specs, Hint, Spec};
use gradscope::fields;
use gradscope::scene::search::{SearchConfig, SearchRun};
use proptest::prelude::*;

type S = SearchConfig;

/// Ranges the trainer accepts, per searchable parameter (log scales only where positive).
const RANGES: [(&str, f64, f64, bool); 7] = [
    ("lr", 1e-5, 1.0, true),
    ("l2", 1e-6, 0.5, true),
    ("dropout", 0.0, 0.9, false),
    ("width", 1.0, 128.0, true),
    ("batch", 1.0, 512.0, true),
    ("momentum", 0.0, 0.99, false),
    ("beta1", 0.0, 0.99, false),
];

/// One to three distinct valid ranges.
fn params_text() -> BoxedStrategy<String> {
    let one = (0..RANGES.len(), 0.0..0.45f64, 0.55..1.0f64, any::<bool>()).prop_map(|(i, a, b, log)| {
        let (name, lo, hi, positive) = RANGES[i];
        let at = |u: f64| lo + u * (hi - lo);
        let scale = if log && positive { "log" } else { "lin" };
        (name, format!("{name}:{}:{}:{scale}", at(a), at(b)))
    });
    prop::collection::vec(one, 1..=3)
        .prop_map(|v| {
            let mut seen = Vec::new();
            v.into_iter()
                .filter(|(n, _)| {
                    !seen.contains(n) && {
                        seen.push(*n);
                        true
                    }
                })
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join(",")
        })
        .boxed()
}

/// Ranges the scene refuses: reversed, unknown, repeated, malformed, non-positive on a log scale.
fn bad_params_text() -> BoxedStrategy<String> {
    prop::sample::select(vec![
        "lr:1:0.1:log",
        "lr:0:1:log",
        "lr:-1:1:lin",
        "shoe:1:2:lin",
        "lr:1e-3",
        "lr:1e-3:1:cubic",
        "lr:a:b:log",
        "lr:1e-3:1:log,lr:1e-2:1:log",
        "",
        "lr:1e-3:1e9:log",
        "l2:1e-3:1:log,dropout:0:0.5:lin,width:2:8:lin,batch:2:8:lin",
        "lr:NaN:1:log",
        "lr:1e-3:inf:log",
    ])
    .prop_map(String::from)
    .boxed()
}

fn search_specs() -> Vec<Spec> {
    specs::<S>(&[("trials", Hint::Typical(16)), ("p", Hint::Text(params_text, bad_params_text))])
}

fn search_fields() -> Vec<String> {
    refusal_fields::<S>(["param".to_string(), "trials".to_string(), "points".to_string(), "batch".to_string()])
}

/// A planned search: every trial a valid trainer config inside the searched ranges.
fn check_search(cfg: &S) {
    let run = SearchRun::new(cfg.clone()).unwrap_or_else(|e| panic!("a valid config is refused: {e}: {cfg:?}"));
    assert_eq!(run.trial_count(), cfg.trials * run.plans().len());
    for g in 0..run.trial_count() {
        let trial = run.trial_config(g).unwrap_or_else(|e| panic!("trial {g} of {cfg:?}: {e}"));
        for r in run.params() {
            let v = r.read(&trial);
            assert!(v >= r.lo.floor() && v <= r.hi.ceil(), "{} = {v} outside {}..{}", r.name, r.lo, r.hi);
        }
    }
}

proptest! {
    #![proptest_config(cases(128))]

    /// Any text into the search's hash decoder.
    #[test]
    fn search_from_hash_takes_any_text(text in arbitrary_text()) {
        match fields::from_hash::<S>(&text) {
            Ok(cfg) => check_search(&cfg),
            Err(e) => check_refusal(&e, &search_fields(), &text),
        }
    }

    /// Hash soups of the search's keys plan a search or are refused by a real field.
    #[test]
    fn search_hash_soups_refuse_cleanly_or_plan(hash in soups(&search_specs())) {
        match fields::from_hash::<S>(&hash) {
            Ok(cfg) => check_search(&cfg),
            Err(e) => check_refusal(&e, &search_fields(), &hash),
        }
    }

    /// A random valid search from its table survives its hash.
    #[test]
    fn search_valid_table_configs_survive_their_hash(cfg in valid_config::<S>(&search_specs())) {
        check_table_round_trip(&cfg);
    }

    /// One invalid value in an otherwise default hash is refused by its key.
    #[test]
    fn search_invalid_field_values_are_refused_by_key(case in invalid_field_hash::<S>(&search_specs())) {
        check_refused_by_key::<S>(&case, &search_fields());
    }

    /// A dragged region (any pixels, also outside the plot) narrows the ranges or is refused.
    #[test]
    fn a_zoom_stays_inside_the_old_ranges(u in (-1.0..2.0f64, -1.0..2.0f64), v in (-1.0..2.0f64, -1.0..2.0f64)) {
        let run = SearchRun::new(S::default()).unwrap();
        match run.zoom(u, v) {
            Ok(next) => {
                let finer = SearchRun::new(next).unwrap();
                for (old, new) in run.params().iter().zip(finer.params()) {
                    prop_assert!(old.lo <= new.lo && new.hi <= old.hi && new.lo < new.hi, "{old:?} → {new:?}");
                }
            }
            Err(e) => check_refusal(&e, &search_fields(), &(u, v)),
        }
    }
}
