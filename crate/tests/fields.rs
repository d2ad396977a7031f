//! The field tables (declared once, read by the codec, validation, the CLI and the page): every
//! table has unique keys and flags, defaults that pass their own checks, and labels and refusal
//! wordings in both of the page's languages.

use gradscope::fields::{self, Config, Kind};
use gradscope::optim::Hyper;
use gradscope::registry::SCENES;
use gradscope::scene::race::RaceConfig;
use gradscope::scene::trainer::TrainerConfig;
use gradscope::scene::Scene;
use serde_json::Value;

fn language(lang: &str) -> Value {
    let path = format!("{}/../www/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("i18n file")).expect("i18n JSON")
}

fn check_table<C: Config + std::fmt::Debug + PartialEq>(scene: &str) {
    let table = C::fields();
    let (en, ko) = (language("en"), language("ko"));
    for (i, f) in table.iter().enumerate() {
        assert!(table[..i].iter().all(|g| g.key != f.key), "{scene}: key {} twice", f.key);
        assert!(table[..i].iter().all(|g| g.flag != f.flag), "{scene}: flag {} twice", f.flag);
        // The page's config objects are keyed by name (a name twice would lose a field).
        assert!(table[..i].iter().all(|g| g.name != f.name), "{scene}: name {} twice", f.name);
        let camel = f.name.chars().all(|ch| ch.is_ascii_alphanumeric())
            && f.name.starts_with(|ch: char| ch.is_ascii_lowercase());
        assert!(camel, "{scene}: name {} is not camelCase", f.name);
        for (lang, words) in [("en", &en), ("ko", &ko)] {
            assert!(words[f.label].is_string(), "{scene}: label {} of {} missing in {lang}", f.label, f.key);
        }
        if let Kind::Float { lo, hi, .. } = f.kind {
            assert!(lo < hi, "{scene}: {} range", f.key);
            if let Some([s_lo, s_hi, step]) = f.slider {
                assert!(lo <= s_lo && s_hi <= hi && step > 0.0, "{scene}: {}'s slider lies inside its range", f.key);
            }
        }
    }
    let defaults: C = fields::from_hash("").expect("defaults are valid");
    // Page objects carry each field by name, as the facade reads them back.
    let by_name = |f: &fields::Field<C>| (f.get)(&defaults);
    assert_eq!(fields::from_texts::<C>(|f| f.name, by_name).unwrap(), defaults, "{scene} by name");
    assert_eq!(fields::validate(&defaults), Ok(()));
    assert_eq!(fields::from_hash::<C>(&fields::to_hash(&defaults)).unwrap(), defaults, "{scene}");
    let catalog = fields::catalog::<C>();
    assert_eq!(catalog.len(), table.len());
    for info in catalog {
        if let Some(default) = info.default {
            let field = fields::field::<C>(info.key).unwrap();
            assert_eq!(field.kind.check(info.key, &default), Ok(()), "{scene}: default of {}", info.key);
        }
    }
}

/// Scene `S`'s table; its id, to check every registered scene was.
fn check_scene<S: Scene>() -> &'static str
where
    S::Config: std::fmt::Debug + PartialEq,
{
    check_table::<S::Config>(S::ID);
    S::ID
}

#[test]
fn every_table_is_consistent_and_labelled_in_both_languages() {
    use gradscope::scene::*;
    check_table::<Hyper>("hyper");
    let checked = [
        check_scene::<race::Entry>(),
        check_scene::<init_lab::Entry>(),
        check_scene::<trainer::Entry>(),
        check_scene::<preprocess::Entry>(),
        check_scene::<search::Entry>(),
        check_scene::<regularize::Entry>(),
        check_scene::<landscape::Entry>(),
    ];
    assert_eq!(checked.to_vec(), SCENES.iter().map(|s| s.id).collect::<Vec<_>>(), "every registered scene");
}

/// Every registered scene, from the registry: one vocabulary — a field's link key is also its
/// `hide=` name and a CLI flag, so no key may be another field's flag; labels in both languages;
/// the defaults are accepted.
#[test]
fn every_registered_scene_has_one_vocabulary_for_links_hide_and_flags() {
    let (en, ko) = (language("en"), language("ko"));
    for entry in gradscope::registry::SCENES.iter() {
        let fields = (entry.fields)();
        assert!(!fields.is_empty(), "{}: no fields", entry.id);
        for (i, f) in fields.iter().enumerate() {
            let other_flag = fields.iter().enumerate().find(|(j, g)| *j != i && g.flag == f.key);
            assert!(other_flag.is_none(), "{}: key {} is another field's flag", entry.id, f.key);
            assert!(fields[..i].iter().all(|g| g.key != f.key), "{}: key {} twice", entry.id, f.key);
            for (lang, words) in [("en", &en), ("ko", &ko)] {
                assert!(words[f.label].is_string(), "{}: label {} missing in {lang}", entry.id, f.label);
            }
        }
        assert!((entry.accepts)("").is_ok(), "{}: its defaults", entry.id);
    }
}

#[test]
fn an_old_links_key_is_still_read() {
    use gradscope::scene::regularize::RegularizeConfig;
    let old: RegularizeConfig = fields::from_hash("ep=12").unwrap();
    let new: RegularizeConfig = fields::from_hash("epochs=12").unwrap();
    assert_eq!((old.epochs, new.epochs), (12, 12));
    assert!(fields::to_hash(&new).contains("epochs=12") && !fields::to_hash(&new).contains("&ep="));
}

#[test]
fn every_refusal_rule_is_worded_in_both_languages() {
    let src = format!("{}/src", env!("CARGO_MANIFEST_DIR"));
    let mut rules = vec!["other".to_string()];
    let mut stack = vec![std::path::PathBuf::from(src)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // `ConfigError::rule(field, "rule", …)` / `rule_with(…)`: the rule is the string
                // after the field, which is a literal or a variable.
                for call in text.split("ConfigError::rule").skip(1) {
                    let args = call.trim_start_matches("_with").trim_start_matches('(').trim_start();
                    let quoted: Vec<&str> = args.split('"').collect();
                    let rule = if args.starts_with('"') { quoted.get(3) } else { quoted.get(1) };
                    rules.extend(rule.map(|r| r.to_string()));
                }
            }
        }
    }
    assert!(rules.len() > 8, "found the rules: {rules:?}");
    for lang in ["en", "ko"] {
        let words = language(lang);
        for rule in &rules {
            let key = format!("refusal.rule.{rule}");
            assert!(words[&key].is_string(), "{key} missing in {lang}");
        }
        for kind in ["range", "count", "oneOf"] {
            assert!(words[format!("refusal.{kind}")].is_string(), "refusal.{kind} missing in {lang}");
        }
    }
}

#[test]
fn a_bad_link_value_is_refused_as_data_naming_the_key() {
    let err = RaceConfig::from_hash("lr=1e308").unwrap_err();
    assert_eq!(err.field, "lr");
    assert_eq!(err.message, "must be a number from 1e-6 to 100, got 1e308");
    let err = TrainerConfig::from_hash("act=step").unwrap_err();
    assert!(matches!(err.problem, gradscope::error::Problem::OneOf { ref value, .. } if value == "step"));
}
