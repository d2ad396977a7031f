//! `gradscope lecture`: the lecture path as JSON, every step's claims checked on its state.

use gradscope::claims::{every_state, fill, Claimed, Outcome};
use gradscope::cli::{word, Stop};
use gradscope::lecture::authored::{built_in, PathFile, PathStep, Words};
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
  --path FILE   check a lecture path file (the page's \"Save file\") instead: every step's link is
                accepted by its scene, its question has 2-4 choices and a right one, its claims
                hold; prints {\"title\", \"steps\": [{\"step\", \"scene\", \"link\", \"title\",
                \"question\", \"claims\"}]} or names the step and what is refused
  --export      print the built-in lectures as a path file (a start for your own)
  exits 1 if a claim does not hold (the JSON is printed first)";

/// Run the lecture subcommand.
pub fn run(args: &[String]) -> Result<(), Stop> {
    let (mut lecture, mut only, mut states, mut lang) = (None, None, false, "en".to_string());
    let mut file = None;
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
            "--path" => file = Some(value("path")?),
            "--export" => {
                gradscope::cli::print_json(&serde_json::to_value(built_in()).map_err(|e| Stop::Failed(e.to_string()))?);
                return Ok(());
            }
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
    if let Some(file) = file {
        return check_file(&file, &lang);
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
    gradscope::cli::print_json(&out);
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
    gradscope::cli::print_json(&json!({ "claims": rows }));
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

/// `--path FILE`: a path file's refusal, naming the step and the rule, or its steps with their
/// claims checked.
fn check_file(file: &str, lang: &str) -> Result<(), Stop> {
    let text = std::fs::read_to_string(file).map_err(|e| Stop::Refused(format!("path {file}: {e}")))?;
    let path: PathFile = serde_json::from_str(&text).map_err(|e| Stop::Refused(format!("path {file}: {e}")))?;
    path.check().map_err(|refusal| Stop::Refused(format!("path {file}: {refusal}")))?;
    for (i, s) in path.steps.iter().enumerate() {
        for w in s.words() {
            if let Words::Key { i18n } = w {
                if gradscope::registry::words::LANGUAGES
                    .iter()
                    .any(|lang| gradscope::registry::words::word(lang, i18n).is_none())
                {
                    return Err(Stop::Refused(format!(
                        "path {file}: step {}: no text {i18n:?} in the page's strings",
                        i + 1
                    )));
                }
            }
        }
    }
    let mut all_hold = true;
    let mut steps = Vec::new();
    for (i, s) in path.steps.iter().enumerate() {
        let claims: Vec<&str> = s.claims.iter().map(String::as_str).collect();
        let entry = gradscope::registry::SceneEntry::find(&s.scene).expect("checked above");
        let outcomes =
            (entry.claims)(&s.link, &claims).map_err(|e| Stop::Refused(format!("path {file}: step {}: {e}", i + 1)))?;
        all_hold &= outcomes.iter().all(|o| o.holds);
        let rows: Vec<Value> = outcomes.iter().map(|o| outcome_json(o, lang)).collect();
        steps.push(authored_step_json(i + 1, s, Value::Array(rows), lang));
    }
    gradscope::cli::print_json(&json!({ "title": say(&path.title, lang), "steps": steps }));
    if all_hold {
        Ok(())
    } else {
        Err(Stop::Failed("a claim does not hold (see \"holds\": false above)".into()))
    }
}

fn authored_step_json(n: usize, s: &PathStep, claims: Value, lang: &str) -> Value {
    let question = s.question.as_ref().map(|q| {
        let choices: Vec<String> = q.choices.iter().map(|c| say(c, lang)).collect();
        let letter = LETTERS[usize::from(q.answer)].to_ascii_uppercase().to_string();
        json!({ "text": say(&q.text, lang), "choices": choices, "answer": letter })
    });
    json!({
        "step": n, "scene": s.scene, "link": s.link, "title": say(&s.title, lang),
        "text": s.text.as_ref().map(|t| say(t, lang)), "question": question, "claims": claims,
    })
}

/// Words in `lang`: a key of the page's strings, the language's own text (else English, else
/// any), or the plain text.
fn say(words: &Words, lang: &str) -> String {
    match words {
        Words::Key { i18n } => word(lang, i18n),
        Words::Languages(texts) => {
            texts.get(lang).or_else(|| texts.get("en")).or_else(|| texts.values().next()).cloned().unwrap_or_default()
        }
        Words::Plain(text) => text.clone(),
    }
}
