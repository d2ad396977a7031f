//! The lecture path covers both lectures: every concept id has a live step, the steps follow
//! the course notes' order, every step's link is accepted by its scene, and both languages word
//! every step (title, text, and the question with its lettered choices of a step that asks one).

use gradscope::lecture::{CONCEPTS, LETTERS, STEPS};
use gradscope::registry::SCENES;
use std::collections::HashSet;

fn words(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("{}/../www/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_concept_has_a_step_and_every_step_shows_known_concepts() {
    let known: HashSet<&str> = CONCEPTS.iter().map(|(_, id)| *id).collect();
    assert_eq!(known.len(), CONCEPTS.len(), "concept ids are unique");
    let shown: HashSet<&str> = STEPS.iter().flat_map(|s| s.concepts.iter().copied()).collect();
    let missing: Vec<&str> = CONCEPTS.iter().map(|(_, id)| *id).filter(|id| !shown.contains(id)).collect();
    assert!(missing.is_empty(), "concepts without a step: {missing:?}");
    let unknown: Vec<&str> = shown.difference(&known).copied().collect();
    assert!(unknown.is_empty(), "steps name unknown concepts: {unknown:?}");
    for s in &STEPS {
        for c in s.concepts {
            let lecture = CONCEPTS.iter().find(|(_, id)| id == c).unwrap().0;
            assert_eq!(lecture, s.lecture, "{}: {c} belongs to lecture {lecture}", s.id);
        }
    }
}

#[test]
fn the_steps_follow_the_course_notes_order() {
    assert!(STEPS.windows(2).all(|w| w[0].lecture <= w[1].lecture), "lecture 6, then lecture 7");
    let mut first_seen: Vec<&str> = Vec::new();
    for s in &STEPS {
        for c in s.concepts {
            if !first_seen.contains(c) {
                first_seen.push(c);
            }
        }
    }
    let order: Vec<&str> = CONCEPTS.iter().map(|(_, id)| *id).collect();
    assert_eq!(first_seen, order, "each concept first appears in the notes' order");
    let ids: HashSet<&str> = STEPS.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), STEPS.len(), "step ids are unique");
}

#[test]
fn every_steps_link_is_accepted_by_its_scene() {
    for s in &STEPS {
        let scene = SCENES.iter().find(|e| e.id == s.scene).unwrap_or_else(|| panic!("{}: no scene {}", s.id, s.scene));
        (scene.accepts)(s.link).unwrap_or_else(|e| panic!("{}: #scene={}&{} is refused: {e}", s.id, s.scene, s.link));
    }
}

#[test]
fn the_check_refuses_a_bad_link() {
    let init = SCENES.iter().find(|e| e.id == "init").unwrap();
    assert!((init.accepts)("act=nope").is_err());
    assert!((init.accepts)("act=tanh").is_ok());
}

#[test]
fn both_languages_word_every_step() {
    let (en, ko) = (words("en"), words("ko"));
    for s in &STEPS {
        let mut parts = vec!["title".to_string(), "text".to_string()];
        if let Some(q) = s.question {
            assert!(
                (2..=4).contains(&q.choices) && q.answer < q.choices,
                "{}: 2–4 choices, the answer among them",
                s.id
            );
            parts.push("question".into());
            parts.extend(LETTERS[..q.choices as usize].iter().map(|c| format!("choice_{c}")));
            let extra = format!("lecture.{}.choice_{}", s.id, LETTERS[q.choices as usize % 4]);
            assert!(q.choices == 4 || !en.contains_key(&extra), "{}: a choice beyond its {} choices", s.id, q.choices);
        }
        for part in parts {
            let key = format!("lecture.{}.{part}", s.id);
            let (e, k) = (en.get(&key).and_then(|v| v.as_str()), ko.get(&key).and_then(|v| v.as_str()));
            assert!(e.is_some_and(|t| !t.trim().is_empty()), "en lacks {key}");
            assert!(k.is_some_and(|t| !t.trim().is_empty()), "ko lacks {key}");
            if part == "text" || part == "question" {
                assert_ne!(e, k, "{key} is not translated");
            }
        }
    }
}

#[test]
fn no_step_repeats_another_steps_state() {
    let mut seen = HashSet::new();
    for s in &STEPS {
        assert!(seen.insert((s.scene, s.link, s.focus)), "{} shows the same state as an earlier step", s.id);
    }
}
