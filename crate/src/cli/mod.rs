//! The command line (`gradscope <command>`; each scene's command lives in its folder, `cli.rs`):
//! flags read off a config's field table: `--flag VALUE` (a 0/1 switch may stand
//! alone), the `--help` text with each flag's default and range, and refusals naming the flag.

pub mod outputs;
pub mod parallel;

use crate::error::ConfigError;
use crate::fields::{self, Config, Field, Kind};

/// A command's entry point: its arguments after the command's name.
pub type Run = fn(&[String]) -> Result<(), Stop>;

/// How a subcommand ends when it does not run: help asked for (stdout, status 0) or a refusal
/// (stderr `error: …`, status 2).
pub enum Stop {
    /// The text of `--help`.
    Help(String),
    /// What was refused, `field: reason`.
    Refused(String),
    /// It ran, but what it checks does not hold (stderr, status 1).
    Failed(String),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Refused(message)
    }
}

/// The value placeholder of an extra flag that is a 0/1 switch.
pub const SWITCH: &str = "[0|1]";

/// What a refusal calls a field: its URL-hash key (`race`, `init`) or its CLI flag (`train`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `lr: …`.
    Key,
    /// `learning-rate: …`.
    Flag,
}

/// One subcommand's command line.
pub struct Command<'a> {
    /// `gradscope NAME`.
    pub name: &'a str,
    /// Usage line(s), what it prints, and notes; the flags are listed after it.
    pub about: &'a str,
    /// Flags besides the table's, each taking a value (`[0|1]`: a switch that may stand alone):
    /// flag, what the help calls the value, what it does.
    pub extra: &'a [(&'a str, &'a str, &'a str)],
    /// Whether it draws its scene's figure: then it also takes [`outputs::FLAGS`].
    pub figure: bool,
    /// How refusals name fields.
    pub naming: Naming,
}

/// A parsed command line: the config and the extra flags' values.
pub struct Parsed<C> {
    /// The config, validated.
    pub config: C,
    /// `(flag, value)` of the extra flags, in order.
    pub extra: Vec<(String, String)>,
    /// Table flags that were given.
    pub given: Vec<&'static str>,
}

impl Command<'_> {
    /// Read `args` into a config of `C`; `--help` stops with the help text.
    pub fn parse<C: Config>(&self, args: &[String]) -> Result<Parsed<C>, Stop> {
        let mut pairs = Vec::new();
        let mut extra = Vec::new();
        let mut given = Vec::new();
        let mut it = args.iter().peekable();
        while let Some(arg) = it.next() {
            if arg == "--help" || arg == "-h" {
                return Err(Stop::Help(self.help::<C>()));
            }
            if arg == "--link" {
                // A page link's fields (after `scene=`): the state it holds, flags given later win.
                let link = it.next().ok_or_else(|| "--link: needs a value, like lr=0.1&opt=sgd".to_string())?;
                for (key, value) in fields::url::parse_pairs(link.trim_start_matches('#')) {
                    if key == "scene" {
                        continue;
                    }
                    if let Some(f) = C::fields().iter().find(|f| f.key == key) {
                        pairs.push((f.key, value));
                        given.push(f.flag);
                    } else if self.extras().any(|(flag, _, _)| *flag == key) {
                        extra.push((key.to_string(), value)); // e.g. the search's `trials`
                    }
                }
                continue;
            }
            let flag = arg.strip_prefix("--").unwrap_or("");
            // A field's flag, or its link key: one vocabulary for links, hide= and the CLI.
            let by = |matches: fn(&Field<C>, &str) -> bool| {
                C::fields().iter().find(|f| !flag.is_empty() && matches(f, flag))
            };
            let field = by(|f, flag| f.flag == flag).or_else(|| by(|f, flag| f.key == flag));
            let known = self.extras().find(|(f, _, _)| *f == flag);
            if field.is_none() && known.is_none() {
                return Err(Stop::Refused(format!("{arg}: unknown option\n{}", self.usage_hint())));
            }
            let switch = matches!(field.map(|f| f.kind), Some(Kind::Flag)) || known.is_some_and(|e| e.1 == SWITCH);
            let value = match (switch, it.peek()) {
                (true, Some(v)) if matches!(v.as_str(), "0" | "1" | "true" | "false") => it.next().cloned(),
                (true, _) => Some("1".to_string()),
                (_, Some(v)) if !v.starts_with("--") => it.next().cloned(),
                _ => None,
            };
            let value = value.ok_or_else(|| format!("{arg}: needs a value"))?;
            match field {
                Some(f) => {
                    pairs.push((f.key, value));
                    given.push(f.flag);
                }
                None => extra.push((flag.to_string(), value)),
            }
        }
        let config = fields::from_hash::<C>(&fields::url::join_pairs(&pairs)).map_err(|e| self.refusal::<C>(e))?;
        Ok(Parsed { config, extra, given })
    }

    /// Its extra flags, the figure's included.
    fn extras(&self) -> impl Iterator<Item = &(&str, &str, &str)> {
        let figure: &[_] = if self.figure { &outputs::FLAGS } else { &[] };
        self.extra.iter().chain(figure)
    }

    /// A refusal as the CLI prints it, naming the field as this command does.
    pub fn refusal<C: Config>(&self, mut err: ConfigError) -> String {
        err.field = self.shown::<C>(&err.field);
        err.to_string()
    }

    /// What a refusal of `field` (a key or a config name) calls it.
    fn shown<C: Config>(&self, field: &str) -> String {
        match (self.naming, C::fields().iter().find(|f| f.key == field || f.name == field)) {
            (Naming::Flag, Some(f)) => f.flag.to_string(),
            _ => field.to_string(),
        }
    }

    fn usage_hint(&self) -> String {
        format!("run `gradscope {} --help` for its options", self.name)
    }

    /// The whole `--help` text: about, then one line per flag with its default and range.
    pub fn help<C: Config>(&self) -> String {
        let defaults = fields::from_hash::<C>("").unwrap_or_default();
        let mut lines = vec![self.about.trim_end().to_string(), String::new(), "options:".to_string()];
        for f in C::fields() {
            let left = format!("  --{} {}", f.flag, placeholder(f));
            let default = (f.get)(&defaults)
                .map_or_else(|| "unset".to_string(), |d| if d.is_empty() { "none".into() } else { d });
            lines.push(format!(
                "{left:<34} {}: {} (default {default}; link key {})",
                english(f.label),
                allowed(f),
                f.key
            ));
        }
        for (flag, value, what) in self.extras() {
            lines.push(format!("{:<34} {what}", format!("  --{flag} {value}")));
        }
        lines.push(format!(
            "{:<34} a page link's fields (after scene=), e.g. lr=0.1&opt=sgd; later flags win",
            "  --link FIELDS"
        ));
        lines.join("\n")
    }
}

fn placeholder<C>(f: &Field<C>) -> &'static str {
    match f.kind {
        Kind::Float { .. } => "F",
        Kind::Count { .. } => "N",
        Kind::Flag => "[0|1]",
        Kind::Seed => "S",
        Kind::Choice(_) => "NAME",
        Kind::List(_) => "a,b,…",
        Kind::Text { example, .. } => example,
    }
}

fn allowed<C>(f: &Field<C>) -> String {
    use crate::error::compact;
    match f.kind {
        Kind::Float { lo, hi, log } => {
            format!("{} to {}{}", compact(lo), compact(hi), if log { ", log scale" } else { "" })
        }
        Kind::Count { lo, hi } => format!("{lo} to {hi}"),
        Kind::Flag => "a switch".to_string(),
        Kind::Seed => format!("0 to {}", crate::rng::MAX_SEED),
        Kind::Choice(names) => format!("one of {}", names().join(", ")),
        Kind::List(names) => format!("any of {}", names().join(", ")),
        Kind::Text { example, .. } => format!("like {example}"),
    }
}

/// The page's English label of an i18n key (the CLI shares the page's words).
fn english(key: &str) -> String {
    word("en", key)
}

/// The page's words for i18n key `key` in `lang` (`en` or `ko`; the key itself if missing).
pub fn word(lang: &str, key: &str) -> String {
    crate::registry::words::word(lang, key).unwrap_or(key).to_string()
}

/// A whole number 1…hi given to an extra flag, refused naming the flag.
pub fn count(flag: &str, text: &str, hi: usize) -> Result<usize, Stop> {
    let n = text.parse::<usize>().ok().filter(|n| (1..=hi).contains(n));
    n.ok_or_else(|| refused(ConfigError::count(flag, text, 1, hi as u64)))
}

/// A refusal of an extra flag.
pub fn refused(err: ConfigError) -> Stop {
    Stop::Refused(err.to_string())
}

/// Print a JSON result; a closed pipe (`gradscope … | head`) is not an error worth a panic.
pub fn print_json(out: &serde_json::Value) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{out}");
}

/// `value` with every object key in snake_case: the init command's JSON predates the page's
/// camelCase and other tools script against it.
pub fn snake_keys(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (snake_case(&k), snake_keys(v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

fn snake_case(key: &str) -> String {
    key.chars().fold(String::new(), |mut out, c| {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        out
    })
}
