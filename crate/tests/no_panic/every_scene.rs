//! Every scene of the registry (so a new scene is in without a line here): links made of its
//! own keys with values in, at and past their ranges, names and junk are accepted or refused by
//! field, never panic, and an accepted link's short form (the Share dialog's) opens the same
//! state.

use crate::soup::{arbitrary_text, junk_value};
use gradscope::fields::FieldInfo;
use gradscope::registry::SCENES;
use proptest::prelude::*;

/// A value for `field`: inside or past its range, one of its names, its default, or junk.
fn value(field: &FieldInfo) -> BoxedStrategy<String> {
    let (lo, hi) = (field.lo.unwrap_or(0.0), field.hi.unwrap_or(1.0));
    let mut names: Vec<String> = field.names.iter().map(|n| n.to_string()).collect();
    names.extend(field.default.clone());
    names.push(format!("{lo}"));
    names.push(format!("{hi}"));
    let list = names.clone();
    prop_oneof![
        proptest::sample::select(names),
        (lo - (hi - lo).abs() - 1.0..hi + (hi - lo).abs() + 1.0).prop_map(|v| format!("{v}")),
        proptest::sample::subsequence(list.clone(), 0..=list.len().min(4)).prop_map(|s| s.join(",")),
        junk_value(),
    ]
    .boxed()
}

/// `key=value&…` over the scene's own fields (and now and then any text).
fn link(scene: usize) -> BoxedStrategy<String> {
    let fields = (SCENES[scene].fields)();
    let pairs: Vec<BoxedStrategy<String>> = fields
        .iter()
        .map(|f| {
            let key = f.key;
            value(f).prop_map(move |v| format!("{key}={v}")).boxed()
        })
        .collect();
    let pair = proptest::strategy::Union::new(pairs);
    prop_oneof![4 => proptest::collection::vec(pair, 0..8).prop_map(|p| p.join("&")), 1 => arbitrary_text()].boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_scenes_links_are_accepted_or_refused_and_shorten_to_the_same_state(
        (scene, hash) in (0..SCENES.len()).prop_flat_map(|s| (Just(s), link(s)))
    ) {
        let entry = &SCENES[scene];
        match (entry.accepts)(&hash) {
            Ok(()) => {
                let short = (entry.short)(&hash).map_err(|e| TestCaseError::fail(format!("{}: {hash}: short: {e}", entry.id)))?;
                prop_assert!((entry.accepts)(&short).is_ok(), "{}: {hash} shortens to {short}, which is refused", entry.id);
                prop_assert_eq!((entry.short)(&short).unwrap(), short.clone(), "{}: the short form is already short", entry.id);
            }
            Err(refusal) => {
                let keys: Vec<&str> = (entry.fields)().iter().flat_map(|f| [f.key, f.name]).collect();
                prop_assert!(!refusal.error.field.is_empty(), "{}: {hash}: a refusal names its field", entry.id);
                prop_assert!(keys.contains(&refusal.error.field.as_str()) || refusal.label.is_none(),
                    "{}: {hash}: refused as {:?}", entry.id, refusal.error.field);
            }
        }
    }
}
