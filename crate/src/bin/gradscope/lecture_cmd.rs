//! `gradscope lecture`: the lecture path as JSON, every step's claims checked on its state.

use crate::flags::{word, Stop};
use gradscope::claims::{every_state, fill, Claimed, Outcome};
use gradscope::lecture::{Step, LETTERS, STEPS};
use serde_json::{json, Value};

const HELP: &str = "usage: gradscope lecture [--lecture 6|7] [--step ID] [--states] [--lang en|ko]
  prints {\"steps\": [{\"lecture\", \"step\", \"id\", \"scene\", \"link\", \"concepts\", \"question\",
  \"claims\": [{\"text\", \"holds\", \"numbers\"}]}]}: each step of the path (\"step\" counts within
  its lecture), its question with lettered choices (null if it asks none), and each claim its
  figure makes, checked on exactly the step's state (\"numbers\": what decides it).
  --lecture N   only lecture N's steps
  --step ID     only the step ID
  --states      also \"states\": every preset's and scene default's claims
  --lang L      the sentences in English (en, the default) or Korean (ko)
  --check SCENE LINK CLAIMS   check claims (separated by ;) on any state instead, e.g.
                --check race 'surf=quadratic&opt=sgd,momentum' 'faster(momentum,sgd)'
                prints {\"claims\": [{\"claim\", \"text\", \"holds\", \"numbers\"}]}
  exits 1 if a claim does not hold (the JSON is printed first)";

/// Run the lecture subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let (mut lecture, mut only, mut states, mut lang) = (None, None, false, "en".to_string());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().cloned().ok_or_else(|| Stop::Refused(format!("{flag}: needs a value")));
        match arg.as_str() {
            "--help" | "-h" => return Err(Stop::Help(HELP.into())),
            "--lecture" => {
                let v = value("lecture")?;
                lecture = Some(
                    v.parse::<u8>()
                        .ok()
                        .filter(|n| [6, 7].contains(n))
                        .ok_or_else(|| Stop::Refused(format!("lecture: must be 6 or 7, got {v}")))?,
                );
            }
            "--step" => only = Some(value("step")?),
            "--states" => states = true,
            "--check" => {
                let (scene, link, claims) = (value("check")?, value("check")?, value("check")?);
                return check(&scene, &link, &claims, &lang);
            }
            "--lang" => {
                lang = value("lang")?;
                if !["en", "ko"].contains(&lang.as_str()) {
                    return Err(Stop::Refused(format!("lang: must be one of en, ko, got {lang}")));
                }
            }
            other => return Err(Stop::Refused(format!("{other}: unknown option\nrun `gradscope lecture --help`"))),
        }
    }
    if let Some(id) = &only {
        if !STEPS.iter().any(|s| s.id == id) {
            return Err(Stop::Refused(format!("step: no step {id:?}")));
        }
    }
    let chosen =
        STEPS.iter().filter(|s| lecture.is_none_or(|l| s.lecture == l) && only.as_ref().is_none_or(|id| s.id == id));
    let mut all_hold = true;
    let mut steps = Vec::new();
    for s in chosen {
        let claimed = Claimed { kind: "step", scene: s.scene, id: s.id, link: s.link, claims: s.claims };
        let (claims, holds) = claims_json(&claimed, &lang)?;
        all_hold &= holds;
        steps.push(step_json(s, claims, &lang));
    }
    let mut out = json!({ "steps": steps });
    if states {
        let mut rows = Vec::new();
        for c in every_state().into_iter().filter(|c| c.kind != "step") {
            let (claims, holds) = claims_json(&c, &lang)?;
            all_hold &= holds;
            rows.push(json!({ "kind": c.kind, "scene": c.scene, "id": c.id, "link": c.link, "claims": claims }));
        }
        out["states"] = Value::Array(rows);
    }
    crate::print_json(&out);
    if all_hold {
        Ok(())
    } else {
        Err(Stop::Failed("a claim does not hold (see \"holds\": false above)".into()))
    }
}

/// `--check`: claims on any state of any scene.
fn check(scene: &str, link: &str, claims: &str, lang: &str) -> Result<(), Stop> {
    let entry = gradscope::registry::SceneEntry::find(scene)
        .ok_or_else(|| Stop::Refused(format!("check: no scene {scene:?}")))?;
    let list: Vec<&str> = claims.split(';').map(str::trim).filter(|c| !c.is_empty()).collect();
    let outcomes = (entry.claims)(link, &list).map_err(|e| Stop::Refused(format!("check: {e}")))?;
    let rows: Vec<Value> = outcomes.iter().map(|o| outcome_json(o, lang)).collect();
    crate::print_json(&json!({ "claims": rows }));
    if outcomes.iter().all(|o| o.holds) {
        Ok(())
    } else {
        Err(Stop::Failed("a claim does not hold".into()))
    }
}

fn step_json(s: &Step, claims: Value, lang: &str) -> Value {
    let within = STEPS.iter().filter(|t| t.lecture == s.lecture).position(|t| t.id == s.id).map_or(0, |i| i + 1);
    let question = s.question.map(|q| {
        let choices: Vec<String> =
            LETTERS[..q.choices as usize].iter().map(|c| word(lang, &format!("lecture.{}.choice_{c}", s.id))).collect();
        json!({
            "text": word(lang, &format!("lecture.{}.question", s.id)),
            "choices": choices,
            "answer": LETTERS[q.answer as usize].to_ascii_uppercase().to_string(),
        })
    });
    json!({
        "lecture": s.lecture, "step": within, "id": s.id, "scene": s.scene, "link": s.link,
        "concepts": s.concepts, "question": question, "claims": claims,
        "title": word(lang, &format!("lecture.{}.title", s.id)),
    })
}

/// Every claim of `state` as `{"claim", "text", "holds", "numbers"}`, and whether all hold.
fn claims_json(state: &Claimed, lang: &str) -> Result<(Value, bool), Stop> {
    let outcomes = state.evaluate().map_err(|e| Stop::Refused(format!("{}: {e}", state.name())))?;
    let holds = outcomes.iter().all(|o| o.holds);
    Ok((Value::Array(outcomes.iter().map(|o| outcome_json(o, lang)).collect()), holds))
}

fn outcome_json(o: &Outcome, lang: &str) -> Value {
    let numbers: serde_json::Map<String, Value> = o.numbers.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    json!({ "claim": o.claim, "text": fill(&word(lang, &o.key), &o.args), "holds": o.holds, "numbers": numbers })
}
