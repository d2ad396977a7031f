//! Config fields, declared once (TensorFlow Playground's `State.PROPS`, typed). Each row of a
//! config's table names the field's URL-hash key, CLI flag, config name, i18n label, kind and
//! range, and how a running scene takes a change. The URL-hash codec, validation, the CLI's
//! flags and help, the page's control catalog and the fuzz generators all read these rows.

use crate::error::{compact, ConfigError, Result};
pub mod url;

use crate::rng::MAX_SEED;
use serde::Serialize;
use url::{join_pairs, num, parse_pairs};

/// What values a field takes.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A finite number in `[lo, hi]`, shown on a linear or log slider.
    Float { lo: f64, hi: f64, log: bool },
    /// A whole number in `lo..=hi`.
    Count { lo: usize, hi: usize },
    /// A 0/1 switch (`true`/`false` accepted too).
    Flag,
    /// A seed: a whole number that survives JavaScript numbers (`0..=MAX_SEED`).
    Seed,
    /// One of the names.
    Choice(fn() -> Vec<&'static str>),
    /// A comma-separated list of distinct names.
    List(fn() -> Vec<&'static str>),
    /// Text with its own checker (`field`, `text`); `example` is what the CLI help shows.
    Text { check: fn(&str, &str) -> Result<()>, example: &'static str },
}

impl Kind {
    /// A linear-scale number in `[lo, hi]`.
    pub const fn linear(lo: f64, hi: f64) -> Self {
        Kind::Float { lo, hi, log: false }
    }

    /// A log-scale number in `[lo, hi]` (learning rates, strengths).
    pub const fn log(lo: f64, hi: f64) -> Self {
        Kind::Float { lo, hi, log: true }
    }

    /// Refuse `text` as a value of `field` unless it is of this kind and in range.
    pub fn check(&self, field: &str, text: &str) -> Result<()> {
        match *self {
            Kind::Float { lo, hi, .. } => {
                let value: f64 = text.parse().map_err(|_| ConfigError::range(field, text, lo, hi))?;
                if value.is_finite() && (lo..=hi).contains(&value) {
                    Ok(())
                } else {
                    // What was typed, unless a finite number reads better compactly (1e308).
                    let shown = if value.is_finite() { compact(value) } else { text.to_string() };
                    Err(ConfigError::range(field, &shown, lo, hi))
                }
            }
            Kind::Count { lo, hi } => match text.parse::<usize>() {
                Ok(n) if (lo..=hi).contains(&n) => Ok(()),
                _ => Err(ConfigError::count(field, text, lo as u64, hi as u64)),
            },
            Kind::Flag => match text {
                "0" | "1" | "true" | "false" => Ok(()),
                _ => Err(ConfigError::one_of(field, text, &["0", "1"])),
            },
            Kind::Seed => match text.parse::<u64>() {
                Ok(n) if n <= MAX_SEED => Ok(()),
                _ => Err(ConfigError::count(field, text, 0, MAX_SEED)),
            },
            Kind::Choice(names) => {
                let names = names();
                if names.contains(&text) {
                    Ok(())
                } else {
                    Err(ConfigError::one_of(field, text, &names))
                }
            }
            Kind::List(names) => {
                let names = names();
                let items: Vec<&str> = text.split(',').filter(|s| !s.is_empty()).collect();
                for (i, item) in items.iter().enumerate() {
                    if !names.contains(item) {
                        return Err(ConfigError::one_of(field, item, &names));
                    }
                    if items[..i].contains(item) {
                        let args = [("name", item.to_string())];
                        return Err(ConfigError::rule_with(field, "twice", &args, format!("lists {item:?} twice")));
                    }
                }
                Ok(())
            }
            Kind::Text { check, .. } => check(field, text),
        }
    }
}

/// How a running scene takes a change of the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Apply {
    /// In place, the run continues (a learning rate).
    Hot,
    /// Weights kept, optimizer state started afresh (a β, the optimizer kind).
    RestartOptimizer,
    /// Everything recomputed or rebuilt from the seed.
    Rebuild,
}

/// How a field is read (as hash text; `None` = not written) and written (from checked text).
pub type Access<C> = (fn(&C) -> Option<String>, fn(&mut C, &str));

/// One config field: where it lives in links, on the command line, in the page and in the config.
pub struct Field<C> {
    /// URL-hash key (`lr`).
    pub key: &'static str,
    /// CLI long flag without the dashes (`learning-rate` style; often the key).
    pub flag: &'static str,
    /// Name in config objects (camelCase, as the page and config refusals name it).
    pub name: &'static str,
    /// i18n key of the control's label (the CLI help reads its English text).
    pub label: &'static str,
    /// Values it takes.
    pub kind: Kind,
    /// How a running scene takes a change.
    pub apply: Apply,
    /// The page slider's `[lo, hi, step]` where narrower than the valid range (a teaching range).
    pub slider: Option<[f64; 3]>,
    /// A key older links used for this field (still read, never written).
    pub old_key: Option<&'static str>,
    /// The value as hash text; `None` = not written (an unset ε, the std of a named init).
    pub get: fn(&C) -> Option<String>,
    /// Store checked hash text.
    pub set: fn(&mut C, &str),
}

impl<C> Field<C> {
    /// A field whose flag is its key and that rebuilds the scene when changed.
    pub fn new(key: &'static str, name: &'static str, label: &'static str, kind: Kind, (get, set): Access<C>) -> Self {
        Self { key, flag: key, name, label, kind, apply: Apply::Rebuild, slider: None, old_key: None, get, set }
    }

    /// With CLI flag `--flag`.
    pub fn flag(self, flag: &'static str) -> Self {
        Self { flag, ..self }
    }

    /// Taken as `apply` by a running scene.
    pub fn apply(self, apply: Apply) -> Self {
        Self { apply, ..self }
    }

    /// Also read under `key`, the key older links used.
    pub fn was(self, key: &'static str) -> Self {
        Self { old_key: Some(key), ..self }
    }

    /// With a page slider over `[lo, hi]` in steps of `step`.
    pub fn slider(self, lo: f64, hi: f64, step: f64) -> Self {
        Self { slider: Some([lo, hi, step]), ..self }
    }
}

/// A config described by a field table.
pub trait Config: Default + Sized + 'static {
    /// Its fields, in hash order.
    fn fields() -> &'static [Field<Self>];
    /// Checks between fields, after every field is in range.
    fn rules(&self) -> Result<()> {
        Ok(())
    }
    /// Fill in values that depend on other fields; `given` lists the hash keys a link set.
    fn complete(&mut self, _given: &[&'static str]) {}
}

/// Values as hash text (exact: shortest round-trip decimal).
pub trait HashText {
    /// The text a link carries.
    fn to_text(&self) -> String;
    /// The value of checked text (a malformed one gives the type's default, never a panic).
    fn from_text(text: &str) -> Self;
}

impl HashText for f64 {
    fn to_text(&self) -> String {
        num(*self)
    }
    fn from_text(text: &str) -> Self {
        text.parse().unwrap_or_default()
    }
}

impl HashText for f32 {
    fn to_text(&self) -> String {
        num(f64::from(*self))
    }
    fn from_text(text: &str) -> Self {
        text.parse::<f64>().unwrap_or_default() as f32
    }
}

impl HashText for usize {
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_text(text: &str) -> Self {
        text.parse().unwrap_or_default()
    }
}

impl HashText for u64 {
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_text(text: &str) -> Self {
        text.parse().unwrap_or_default()
    }
}

impl HashText for bool {
    fn to_text(&self) -> String {
        u8::from(*self).to_string()
    }
    fn from_text(text: &str) -> Self {
        matches!(text, "1" | "true")
    }
}

impl HashText for String {
    fn to_text(&self) -> String {
        self.clone()
    }
    fn from_text(text: &str) -> Self {
        text.to_string()
    }
}

/// A [`Kind::List`] value: comma-separated names.
impl HashText for Vec<String> {
    fn to_text(&self) -> String {
        self.join(",")
    }
    fn from_text(text: &str) -> Self {
        text.split(',').filter(|s| !s.is_empty()).map(String::from).collect()
    }
}

/// Accessors of a plain config field: `place!(hyper.lr)` reads and writes `c.hyper.lr`.
#[macro_export]
macro_rules! place {
    ($($path:tt)+) => {
        (
            |c| Some($crate::fields::HashText::to_text(&c.$($path)+)),
            |c, v| c.$($path)+ = $crate::fields::HashText::from_text(v),
        )
    };
}

/// Accessors of an enum field with `name()` / `from_name()`: `named!(activation, Activation)`.
#[macro_export]
macro_rules! named {
    ($field:ident, $ty:ty) => {
        (
            |c| Some(c.$field.name().to_string()),
            |c, v| {
                if let Some(kind) = <$ty>::from_name(v) {
                    c.$field = kind;
                }
            },
        )
    };
}

/// Decode a hash (`a=1&b=x`) over the defaults: unknown keys are ignored (old links keep
/// working), the last of repeated keys wins, bad values are refused by key, and the whole config
/// is validated.
pub fn from_hash<C: Config>(encoded: &str) -> Result<C> {
    let pairs = parse_pairs(encoded);
    let named = |f: &Field<C>, k: &str| k == f.key || f.old_key == Some(k);
    from_texts(|f| f.key, |f| pairs.iter().rev().find(|(k, _)| named(f, k)).map(|(_, text)| text.clone()))
}

/// A config over the defaults from each field's text (`None`: the default), every value checked
/// and refused under the field's `label_of` (its key for links, its name for page objects), then
/// the whole config validated.
pub fn from_texts<C: Config>(
    label_of: fn(&Field<C>) -> &'static str,
    text_of: impl Fn(&Field<C>) -> Option<String>,
) -> Result<C> {
    let mut cfg = C::default();
    let mut given = Vec::new();
    for field in C::fields() {
        if let Some(text) = text_of(field) {
            field.kind.check(label_of(field), &text)?;
            (field.set)(&mut cfg, &text);
            given.push(field.key);
        }
    }
    cfg.complete(&given);
    validate(&cfg)?;
    Ok(cfg)
}

/// Encode every field, so a link restores the config exactly.
pub fn to_hash<C: Config>(cfg: &C) -> String {
    let pairs: Vec<(&str, String)> = C::fields().iter().filter_map(|f| Some((f.key, (f.get)(cfg)?))).collect();
    join_pairs(&pairs)
}

/// Refuse a config with a field out of range (named as config objects name it) or a broken rule.
pub fn validate<C: Config>(cfg: &C) -> Result<()> {
    for field in C::fields() {
        if let Some(text) = (field.get)(cfg) {
            field.kind.check(field.name, &text)?;
        }
    }
    cfg.rules()
}

/// The field with hash key `key`.
pub fn field<C: Config>(key: &str) -> Option<&'static Field<C>> {
    C::fields().iter().find(|f| f.key == key)
}

/// The field with CLI flag `flag`.
pub fn field_by_flag<C: Config>(flag: &str) -> Option<&'static Field<C>> {
    C::fields().iter().find(|f| f.flag == flag)
}

/// A field as the page builds its control from it (and the CLI help describes it).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    /// URL-hash key.
    pub key: &'static str,
    /// CLI flag without the dashes.
    pub flag: &'static str,
    /// Name in config objects.
    pub name: &'static str,
    /// i18n key of the label.
    pub label: &'static str,
    /// `float`, `count`, `flag`, `seed`, `choice`, `list` or `text`.
    pub kind: &'static str,
    /// Smallest valid value (numbers).
    pub lo: Option<f64>,
    /// Largest valid value (numbers).
    pub hi: Option<f64>,
    /// Shown on a log scale.
    pub log: bool,
    /// The allowed names (choices and lists).
    pub names: Vec<&'static str>,
    /// The slider's `[lo, hi, step]`.
    pub slider: Option<[f64; 3]>,
    /// The default as hash text (absent: unset by default).
    pub default: Option<String>,
    /// How a running scene takes a change.
    pub apply: Apply,
}

/// Every field of `C` as data, in hash order.
pub fn catalog<C: Config>() -> Vec<FieldInfo> {
    let defaults = C::default();
    C::fields()
        .iter()
        .map(|f| {
            let (kind, lo, hi, log, names) = match f.kind {
                Kind::Float { lo, hi, log } => ("float", Some(lo), Some(hi), log, vec![]),
                Kind::Count { lo, hi } => ("count", Some(lo as f64), Some(hi as f64), false, vec![]),
                Kind::Flag => ("flag", None, None, false, vec![]),
                Kind::Seed => ("seed", Some(0.0), Some(MAX_SEED as f64), false, vec![]),
                Kind::Choice(names) => ("choice", None, None, false, names()),
                Kind::List(names) => ("list", None, None, false, names()),
                Kind::Text { .. } => ("text", None, None, false, vec![]),
            };
            let slider = f.slider.or(match f.kind {
                Kind::Count { lo, hi } => Some([lo as f64, hi as f64, 1.0]),
                _ => None,
            });
            FieldInfo {
                key: f.key,
                flag: f.flag,
                name: f.name,
                label: f.label,
                kind,
                lo,
                hi,
                log,
                names,
                slider,
                default: (f.get)(&defaults),
                apply: f.apply,
            }
        })
        .collect()
}

/// The keys whose value differs between two configs.
pub fn changed<C: Config>(a: &C, b: &C) -> Vec<&'static Field<C>> {
    C::fields().iter().filter(|f| (f.get)(a) != (f.get)(b)).collect()
}
