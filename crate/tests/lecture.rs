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

mod authored {
    use gradscope::lecture::authored::{built_in, PathFile, Words, FORMAT};
    use gradscope::lecture::STEPS;
    use serde_json::json;

    fn path(steps: serde_json::Value) -> PathFile {
        serde_json::from_value(json!({ "gradscope_path": FORMAT, "title": "Week 3", "steps": steps })).unwrap()
    }

    fn refusal(steps: serde_json::Value) -> (Option<usize>, &'static str) {
        let r = path(steps).check().expect_err("refused");
        (r.step, r.rule)
    }

    #[test]
    fn the_built_in_lectures_are_a_path_in_the_same_format() {
        let file = built_in();
        file.check().expect("the built-in path passes the file's checks");
        assert_eq!(file.steps.len(), STEPS.len());
        let text = serde_json::to_string(&file).unwrap();
        let back: PathFile = serde_json::from_str(&text).unwrap();
        assert_eq!(back, file, "saved and reopened, the same path");
        let momentum = file.steps.iter().find(|s| s.id.as_deref() == Some("momentum")).unwrap();
        assert_eq!(momentum.question.as_ref().unwrap().choices.len(), 3);
        assert_eq!(momentum.part, Some(Words::Key { i18n: "lecture.lecture7".into() }));
    }

    #[test]
    fn words_are_plain_per_language_or_a_key() {
        let file = path(json!([
            { "scene": "race", "title": "plain" },
            { "scene": "race", "title": { "en": "English", "ko": "한국어" } },
            { "scene": "race", "title": { "i18n": "lecture.lecture6" } },
        ]));
        file.check().unwrap();
        assert_eq!(file.steps[0].title, Words::Plain("plain".into()));
        assert!(matches!(&file.steps[1].title, Words::Languages(m) if m["ko"] == "한국어"));
        assert!(matches!(&file.steps[2].title, Words::Key { .. }));
    }

    #[test]
    fn a_bad_step_is_refused_naming_it_and_the_rule() {
        let ok = json!({ "scene": "race", "link": "lr=0.1", "title": "ok" });
        assert_eq!(refusal(json!([ok, { "scene": "nope", "title": "x" }])), (Some(2), "scene"));
        assert_eq!(refusal(json!([ok, ok, { "scene": "race", "link": "lr=500", "title": "x" }])), (Some(3), "link"));
        let question = |choices: serde_json::Value, answer: u8| json!([{ "scene": "init", "title": "q", "question": { "text": "?", "choices": choices, "answer": answer } }]);
        assert_eq!(refusal(question(json!(["only"]), 0)), (Some(1), "choices"));
        assert_eq!(refusal(question(json!(["a", "b", "c", "d", "e"]), 0)), (Some(1), "choices"));
        assert_eq!(refusal(question(json!(["a", "b"]), 2)), (Some(1), "answer"));
        assert_eq!(refusal(question(json!(["a", " "]), 0)), (Some(1), "words"));
        path(question(json!(["a", "b"]), 1)).check().expect("a good question");
        assert_eq!(refusal(json!([{ "scene": "race", "title": "" }])), (Some(1), "words"));
        assert_eq!(refusal(json!([{ "scene": "race", "title": "x", "claims": ["faster(sgd"] }])), (Some(1), "claim"));
        assert_eq!(refusal(json!([{ "scene": "race", "title": "x", "focus": "a{}" }])), (Some(1), "focus"));
        assert_eq!(refusal(json!([])), (None, "empty"));
        let mut old = path(json!([ok]));
        old.gradscope_path = 2;
        assert_eq!(old.check().unwrap_err().rule, "format");
        let long = "x".repeat(gradscope::lecture::authored::MAX_CHARS + 1);
        assert_eq!(refusal(json!([{ "scene": "race", "title": long }])), (Some(1), "words"));
    }
}
