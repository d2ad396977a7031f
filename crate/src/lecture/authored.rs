//! A lecture path as a file: what the page's path editor saves and opens (as a JSON file or
//! deflated in a link's hash), what `gradscope lecture --path FILE` checks, and the form the
//! built-in lectures are loaded through ([`built_in`]). A step is a scene state (the scene's id
//! and its link fields, exactly what a shared link holds) with its words; a question has two to
//! four choices and a right answer.
//!
//! ```json
//! {"gradscope_path": 1, "title": "Week 3",
//!  "steps": [{"scene": "race", "link": "surf=rosenbrock&opt=sgd,adam", "title": "Adam",
//!             "text": "…", "question": {"text": "Which wins?", "choices": ["SGD", "Adam"], "answer": 1}}]}
//! ```
//!
//! Words are a plain text, one text per language (`{"en": …, "ko": …}`) or a key of the page's
//! own strings (`{"i18n": "lecture.lecture6"}`, how the built-in lectures are worded).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The format's version, `gradscope_path` in a file.
pub const FORMAT: u32 = 1;
/// At most this many steps (a term's worth of lectures).
pub const MAX_STEPS: usize = 300;
/// At most this many characters in one text.
pub const MAX_CHARS: usize = 2000;

/// Words shown on a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Words {
    /// A key of the page's strings (`www/i18n/<lang>.json`).
    Key { i18n: String },
    /// One text per language code; the page shows its language's, else English, else any.
    Languages(BTreeMap<String, String>),
    /// The same text in every language.
    Plain(String),
}

/// A whole path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathFile {
    pub gradscope_path: u32,
    pub title: Words,
    pub steps: Vec<PathStep>,
}

/// One step: a scene state and its words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    pub scene: String,
    #[serde(default)]
    pub link: String,
    pub title: Words,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Words>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<PathQuestion>,
    /// The part of the path it belongs to ("Lecture 6"); the path's title when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Words>,
    /// Claims of its scene that the figure shows (checked by `gradscope lecture --path`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<String>,
    /// A CSS selector of the figure to bring into view (ids, classes, tags, attributes, `>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// A built-in step's id and lecture (its `#lecture=6&step=4` link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lecture: Option<u8>,
}

/// A question put to the class before the step's figure is shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathQuestion {
    pub text: Words,
    pub choices: Vec<Words>,
    /// The right choice, 0-based.
    pub answer: u8,
}

/// Why a path is refused: the step (1-based; none for the whole file), a rule the page words in
/// its language (`path.refused.<rule>`) and the detail (a link's refusal, a number).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathRefusal {
    pub step: Option<usize>,
    pub rule: &'static str,
    pub detail: String,
}

impl fmt::Display for PathRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.rule {
            "format" => "not a gradscope path (format 1)",
            "empty" => "the path has no steps",
            "too_many" => "too many steps",
            "scene" => "no such scene",
            "link" => "its link is refused",
            "choices" => "a question needs 2 to 4 choices",
            "answer" => "the answer is not one of the choices",
            "words" => "empty or too long text",
            "claim" => "a claim does not parse",
            _ => "the focus is not a simple selector",
        };
        match self.step {
            Some(n) => write!(f, "step {n}: {what}: {}", self.detail),
            None => write!(f, "{what}: {}", self.detail),
        }
    }
}

impl Words {
    fn check(&self) -> Result<(), String> {
        let fits = |s: &str| !s.trim().is_empty() && s.chars().count() <= MAX_CHARS;
        let ok = match self {
            Words::Key { i18n } => {
                !i18n.is_empty() && i18n.chars().all(|c| c.is_ascii_alphanumeric() || "._".contains(c))
            }
            Words::Languages(texts) => {
                !texts.is_empty()
                    && texts.iter().all(|(lang, text)| {
                        (2..=5).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase()) && fits(text)
                    })
            }
            Words::Plain(text) => fits(text),
        };
        ok.then_some(()).ok_or_else(|| format!("{self:?}").chars().take(80).collect())
    }
}

impl PathFile {
    /// Every rule of the format: the version, 1 to [`MAX_STEPS`] steps, known scenes whose links
    /// they accept, questions with 2–4 choices and an answer among them, non-empty words, claims
    /// that parse and simple focus selectors.
    pub fn check(&self) -> Result<(), PathRefusal> {
        let whole = |rule, detail: String| PathRefusal { step: None, rule, detail };
        if self.gradscope_path != FORMAT {
            return Err(whole("format", format!("gradscope_path is {}", self.gradscope_path)));
        }
        self.title.check().map_err(|d| whole("words", d))?;
        if self.steps.is_empty() {
            return Err(whole("empty", String::new()));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(whole("too_many", format!("{} > {MAX_STEPS}", self.steps.len())));
        }
        for (i, step) in self.steps.iter().enumerate() {
            step.check().map_err(|(rule, detail)| PathRefusal { step: Some(i + 1), rule, detail })?;
        }
        Ok(())
    }
}

impl PathStep {
    /// Its words: title, text, part, then the question and its choices.
    pub fn words(&self) -> impl Iterator<Item = &Words> {
        let question = self.question.iter().flat_map(|q| std::iter::once(&q.text).chain(&q.choices));
        [Some(&self.title), self.text.as_ref(), self.part.as_ref()].into_iter().flatten().chain(question)
    }

    fn check(&self) -> Result<(), (&'static str, String)> {
        let entry = crate::registry::SceneEntry::find(&self.scene).ok_or(("scene", self.scene.clone()))?;
        (entry.accepts)(&self.link).map_err(|e| ("link", e.to_string()))?;
        for w in self.words() {
            w.check().map_err(|d| ("words", d))?;
        }
        if let Some(q) = &self.question {
            if !(2..=4).contains(&q.choices.len()) {
                return Err(("choices", q.choices.len().to_string()));
            }
            if usize::from(q.answer) >= q.choices.len() {
                return Err(("answer", q.answer.to_string()));
            }
        }
        for claim in &self.claims {
            crate::claims::parse(claim).map_err(|e| ("claim", format!("{claim}: {e}")))?;
        }
        let simple =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "#.-_ >[]='".contains(c));
        match &self.focus {
            Some(f) if !simple(f) => Err(("focus", f.clone())),
            _ => Ok(()),
        }
    }
}

/// The built-in lectures (both, in order) in the path format, worded by the page's strings.
pub fn built_in() -> PathFile {
    let key = |k: String| Words::Key { i18n: k };
    let steps = super::STEPS
        .iter()
        .map(|s| PathStep {
            scene: s.scene.into(),
            link: s.link.into(),
            title: key(format!("lecture.{}.title", s.id)),
            text: Some(key(format!("lecture.{}.text", s.id))),
            question: s.question.map(|q| PathQuestion {
                text: key(format!("lecture.{}.question", s.id)),
                choices: super::LETTERS[..usize::from(q.choices)]
                    .iter()
                    .map(|c| key(format!("lecture.{}.choice_{c}", s.id)))
                    .collect(),
                answer: q.answer,
            }),
            part: Some(key(format!("lecture.lecture{}", s.lecture))),
            claims: s.claims.iter().map(|c| c.to_string()).collect(),
            focus: s.focus.map(Into::into),
            id: Some(s.id.into()),
            lecture: Some(s.lecture),
        })
        .collect();
    PathFile { gradscope_path: FORMAT, title: key("lecture.title".into()), steps }
}
