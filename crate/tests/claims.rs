//! What the class sees is what the caption says: every claim of every lecture step, preset and
//! scene default holds on exactly that state, and every claim has its sentence in both languages.
//! A failure names the state (kind, id, link), the claim and the numbers that decided it.

use gradscope::claims::{every_state, parse, Claimed};
use gradscope::registry::SCENES;
use std::collections::BTreeMap;

fn words(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("{}/../www/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// One distinct state to compute: its scene, its link, the states that share it and their claims.
struct Job<'a> {
    scene: &'static str,
    link: &'static str,
    states: Vec<&'a Claimed>,
}

/// The states grouped by (scene, link): each distinct state is computed once for all its claims.
fn jobs(states: &[Claimed]) -> Vec<Job<'_>> {
    let mut by_link: BTreeMap<(&str, &str), Vec<&Claimed>> = BTreeMap::new();
    for s in states {
        by_link.entry((s.scene, s.link)).or_default().push(s);
    }
    let mut jobs: Vec<Job> = by_link.into_iter().map(|((scene, link), states)| Job { scene, link, states }).collect();
    // The longest (the regularization scene's) last: the workers pop them first.
    jobs.sort_by_key(|j| j.scene == "regularize");
    jobs
}

/// Every claim of `job` checked; the failures as text naming the states, the claim and the numbers.
fn failures_of(job: &Job) -> Vec<String> {
    let entry = SCENES.iter().find(|e| e.id == job.scene).unwrap();
    let mut claims: Vec<&str> = job.states.iter().flat_map(|s| s.claims.iter().copied()).collect();
    claims.sort_unstable();
    claims.dedup();
    let names = job.states.iter().map(|s| format!("{} {}", s.kind, s.id)).collect::<Vec<_>>().join(", ");
    let (scene, link) = (job.scene, job.link);
    match (entry.claims)(link, &claims) {
        Err(e) => vec![format!("{names} (#scene={scene}&{link}): {e}")],
        Ok(outcomes) => outcomes
            .iter()
            .filter(|o| !o.holds)
            .map(|o| format!("{names} (#scene={scene}&{link}): {} does not hold: {:?}", o.claim, o.numbers))
            .collect(),
    }
}

#[test]
fn every_claim_of_every_step_preset_and_default_holds() {
    let states = every_state();
    let queue = std::sync::Mutex::new(jobs(&states));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    // A queue of distinct states on every core (the regularization scene's trainings are most of it).
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut found = Vec::new();
                    while let Some(job) = queue.lock().unwrap().pop() {
                        found.extend(failures_of(&job));
                    }
                    found
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "{} claim(s) fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_state_claims_something() {
    let empty: Vec<String> = every_state().iter().filter(|s| s.claims.is_empty()).map(Claimed::name).collect();
    assert!(empty.is_empty(), "states without a claim: {empty:?}");
    let presets: usize = SCENES.iter().map(|e| e.presets.len()).sum();
    assert_eq!(every_state().len(), gradscope::lecture::STEPS.len() + presets + SCENES.len());
}

#[test]
fn every_claim_has_a_sentence_in_both_languages_with_its_arguments() {
    let (en, ko) = (words("en"), words("ko"));
    for state in every_state() {
        for claim in state.claims {
            let (name, args) = parse(claim).unwrap();
            let key = format!("claim.{}.{name}", state.scene);
            for (lang, words) in [("en", &en), ("ko", &ko)] {
                let text = words.get(&key).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{lang} lacks {key}"));
                for i in 0..args.len() {
                    let used = text.contains(&format!("{{{i}}}")) || text.contains(&format!("{{{i}%}}"));
                    assert!(used, "{lang} {key} does not show argument {i} of {claim}");
                }
            }
        }
    }
}

#[test]
fn a_claim_that_does_not_hold_is_reported_with_its_numbers() {
    let race = SCENES.iter().find(|e| e.id == "race").unwrap();
    // SGD beats nothing at a rate that diverges.
    let out = (race.claims)("surf=quadratic&kappa=25&opt=sgd,adam&lr=0.1&steps=100", &["stable(sgd)", "diverges(sgd)"])
        .unwrap();
    assert!(!out[0].holds && out[1].holds);
    assert_eq!(out[1].numbers[0].0, "diverged_at");
    assert!(out[1].numbers[0].1.is_finite());
    assert!((race.claims)("", &["faster(momentum,nope)"]).is_err(), "an unknown run is refused, not a silent false");
}
