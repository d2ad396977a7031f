//! Lecture paths for the page: the built-in lectures and an authored path (a file opened, a
//! link's hash, the editor's draft) in one format (`crate::lecture::authored`), each step with
//! its claims' sentences.

use super::to_js;
use crate::lecture::authored::{built_in, PathFile, PathRefusal, PathStep, Words};
use wasm_bindgen::prelude::*;

/// A step as the page plays it: the file's step and its claims' sentences.
#[derive(serde::Serialize)]
struct PlayedStep<'a> {
    #[serde(flatten)]
    step: &'a PathStep,
    said: Vec<crate::claims::Said>,
}

#[derive(serde::Serialize)]
struct PlayedPath<'a> {
    gradscope_path: u32,
    title: &'a Words,
    steps: Vec<PlayedStep<'a>>,
}

/// What `checkPath` answers: the path to play, or why it is refused.
#[derive(serde::Serialize)]
enum Checked<'a> {
    #[serde(rename = "path")]
    Path(PlayedPath<'a>),
    #[serde(rename = "refused")]
    Refused {
        #[serde(flatten)]
        refusal: PathRefusal,
        /// A refused link's field refusal as data, for the page to word (`refusalText`).
        #[serde(skip_serializing_if = "Option::is_none")]
        link: Option<super::RefusalData>,
    },
}

impl Checked<'_> {
    fn refused(refusal: PathRefusal, file: Option<&PathFile>) -> Self {
        let step = refusal.step.and_then(|n| file?.steps.get(n - 1));
        let link = step.filter(|_| refusal.rule == "link").and_then(|s| {
            let entry = crate::registry::SceneEntry::find(&s.scene)?;
            let refused = (entry.accepts)(&s.link).err()?;
            Some(super::RefusalData::new(refused.error, refused.label))
        });
        Checked::Refused { refusal, link }
    }
}

fn played(file: &PathFile) -> PlayedPath<'_> {
    let steps = file
        .steps
        .iter()
        .map(|step| {
            let claims: Vec<&str> = step.claims.iter().map(String::as_str).collect();
            PlayedStep { step, said: crate::claims::said(&step.scene, &claims) }
        })
        .collect();
    PlayedPath { gradscope_path: file.gradscope_path, title: &file.title, steps }
}

/// Both built-in lectures as one path, in order.
#[wasm_bindgen(js_name = lecturePath)]
pub fn lecture_path() -> Result<JsValue, JsError> {
    to_js(&played(&built_in()))
}

/// `{path}` when `value` (a parsed JSON file) is a path every step of which its scene accepts,
/// else `{refused: {step, rule, detail}}` (the page words the rule in its language).
#[wasm_bindgen(js_name = checkPath)]
pub fn check_path(value: JsValue) -> Result<JsValue, JsError> {
    let file: PathFile = match serde_wasm_bindgen::from_value(value) {
        Ok(file) => file,
        Err(e) => {
            let refusal = PathRefusal { step: None, rule: "format", detail: e.to_string() };
            return to_js(&Checked::refused(refusal, None));
        }
    };
    match file.check() {
        Ok(()) => to_js(&Checked::Path(played(&file))),
        Err(refusal) => to_js(&Checked::refused(refusal, Some(&file))),
    }
}
