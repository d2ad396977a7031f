//! Claims: what a lecture step, a preset or a scene's default state tells the class it will
//! see, as data. A claim is written `name(arg, …)`: `name` picks a check from the scene's table
//! and names its sentence (i18n `claim.<scene>.<name>`, the arguments filling `{0}`, `{1}`, …);
//! the check runs on exactly the state the link gives (the figure the class looks at) and
//! returns whether the sentence holds, with the numbers that decide it. A native test evaluates
//! every claim of every step, preset and default.

// The checks run natively (the claims test, the CLI); the page only words the claims.
pub mod words;

use serde::Serialize;

/// A scene's lecture preset: its id (i18n `<scene>.preset.<id>`), its link fields over the
/// defaults, and what it shows.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub link: &'static str,
    pub claims: &'static [&'static str],
}

impl Preset {
    /// The preset `id` of `presets`.
    pub fn find(presets: &'static [Preset], id: &str) -> Option<&'static Preset> {
        presets.iter().find(|p| p.id == id)
    }
}

/// A state the page can show with the claims it makes: a lecture step, a preset or a scene's
/// default.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Claimed {
    /// `step`, `preset` or `default`.
    pub kind: &'static str,
    pub scene: &'static str,
    /// The step's or preset's id (the scene's id for its default).
    pub id: &'static str,
    pub link: &'static str,
    pub claims: &'static [&'static str],
}

impl Claimed {
    /// `scene=<scene>&<link>` as the page writes it.
    pub fn name(&self) -> String {
        format!("{} {} (#scene={}&{})", self.kind, self.id, self.scene, self.link)
    }

    /// Check every claim on this state.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn evaluate(&self) -> Result<Vec<Outcome>, String> {
        let entry = crate::registry::SceneEntry::find(self.scene).ok_or_else(|| format!("no scene {}", self.scene))?;
        (entry.claims)(self.link, self.claims)
    }
}

/// A claim's sentence without its check: the i18n key and the arguments as shown (what the page
/// writes under a lecture step; the native test has checked that it holds there).
#[derive(Clone, Debug, Serialize)]
pub struct Said {
    pub key: String,
    pub args: Vec<String>,
    /// The arguments as written (the page words some through its own labels).
    pub raw: Vec<String>,
}

/// The sentences of `claims` on `scene` (a claim that does not parse is left out).
pub fn said(scene: &str, claims: &[&str]) -> Vec<Said> {
    let Some(entry) = crate::registry::SceneEntry::find(scene) else { return Vec::new() };
    claims
        .iter()
        .filter_map(|c| parse(c).ok())
        .map(|(name, args)| Said {
            key: format!("claim.{scene}.{name}"),
            args: args.iter().map(|a| (entry.shown)(a)).collect(),
            raw: args.iter().map(|a| a.to_string()).collect(),
        })
        .collect()
}

/// Every claimed state: each lecture step, then each scene's presets and default.
pub fn every_state() -> Vec<Claimed> {
    let steps = crate::lecture::STEPS.iter().map(|s| Claimed {
        kind: "step",
        scene: s.scene,
        id: s.id,
        link: s.link,
        claims: s.claims,
    });
    let scenes = crate::registry::SCENES.iter().flat_map(|e| {
        let presets =
            e.presets.iter().map(|p| Claimed { kind: "preset", scene: e.id, id: p.id, link: p.link, claims: p.claims });
        presets.chain([Claimed { kind: "default", scene: e.id, id: e.id, link: "", claims: e.default_claims }])
    });
    steps.chain(scenes).collect()
}

/// One claim evaluated on one state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The claim as written (`faster(momentum,sgd)`).
    pub claim: String,
    /// Its sentence's i18n key (`claim.race.faster`).
    pub key: String,
    /// The arguments as the sentence shows them (`Momentum`, `SGD`).
    pub args: Vec<String>,
    /// Whether the state shows what the sentence says.
    pub holds: bool,
    /// The numbers that decide it, by name (`null` in JSON: never reached, undefined).
    pub numbers: Vec<(String, f64)>,
}

/// What a check finds: whether the claim holds, and why in numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Verdict {
    pub holds: bool,
    pub numbers: Vec<(String, f64)>,
}

impl Verdict {
    /// A verdict from its condition and the numbers behind it.
    pub fn new(holds: bool, numbers: &[(&str, f64)]) -> Self {
        Self { holds, numbers: numbers.iter().map(|(k, v)| (k.to_string(), *v)).collect() }
    }
}

/// One named check of a scene's claims on a state `S`: `args` are the claim's arguments.
pub struct Check<S> {
    pub name: &'static str,
    /// How many arguments the claim takes.
    pub arity: usize,
    pub run: fn(&S, &[&str]) -> Result<Verdict, String>,
}

/// A claim's name and arguments: `faster(momentum, sgd)` → (`faster`, [`momentum`, `sgd`]).
pub fn parse(claim: &str) -> Result<(&str, Vec<&str>), String> {
    let claim = claim.trim();
    let Some(open) = claim.find('(') else { return Ok((claim, Vec::new())) };
    let inner = claim[open + 1..].strip_suffix(')').ok_or_else(|| format!("{claim}: a claim ends with ')'"))?;
    let args = inner.split(',').map(str::trim).filter(|a| !a.is_empty()).collect();
    Ok((claim[..open].trim(), args))
}

/// Evaluate `claims` on `state` with the scene's `table` (its arguments worded as the registry's
/// `shown` words them). A claim the table does not know, or with the wrong number of arguments,
/// is refused by name.
pub fn evaluate<S>(scene: &str, state: &S, table: &[Check<S>], claims: &[&str]) -> Result<Vec<Outcome>, String> {
    let shown = crate::registry::SceneEntry::find(scene).map_or(words::plain as fn(&str) -> String, |e| e.shown);
    claims
        .iter()
        .map(|&claim| {
            let (name, args) = parse(claim)?;
            let check = table
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| format!("{claim}: the {scene} scene has no claim {name:?}"))?;
            if args.len() != check.arity {
                return Err(format!("{claim}: {name} takes {} argument(s), got {}", check.arity, args.len()));
            }
            let verdict = (check.run)(state, &args).map_err(|e| format!("{claim}: {e}"))?;
            Ok(Outcome {
                claim: claim.to_string(),
                key: format!("claim.{scene}.{name}"),
                args: args.iter().map(|a| shown(a)).collect(),
                holds: verdict.holds,
                numbers: verdict.numbers,
            })
        })
        .collect()
}

/// A number argument of a claim (`0.9`), refused by position.
pub fn number(args: &[&str], i: usize) -> Result<f64, String> {
    let text = args.get(i).ok_or_else(|| format!("argument {} is missing", i + 1))?;
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("argument {} must be a number, got {text:?}", i + 1))
}

/// `sentence` with `{0}`, `{1}`, … replaced by `args`, and `{1%}` by argument 1 as a percentage
/// (0.9 → 90%) — the CLI's and the tests' text; the page fills the same way.
pub fn fill(sentence: &str, args: &[String]) -> String {
    args.iter().enumerate().fold(sentence.to_string(), |text, (i, a)| {
        let percent = a.parse::<f64>().map_or_else(|_| a.clone(), |v| format!("{}%", (v * 1000.0).round() / 10.0));
        text.replace(&format!("{{{i}%}}"), &percent).replace(&format!("{{{i}}}"), a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_parse_with_and_without_arguments() {
        assert_eq!(parse("faster(momentum, sgd)").unwrap(), ("faster", vec!["momentum", "sgd"]));
        assert_eq!(parse("diverges").unwrap(), ("diverges", vec![]));
        assert!(parse("faster(momentum").is_err());
        assert_eq!(fill("{0} beats {1}", &["A".into(), "B".into()]), "A beats B");
        assert_eq!(fill("at least {0%}", &["0.9".into()]), "at least 90%");
    }

    #[test]
    fn unknown_claims_and_wrong_arity_are_refused_by_name() {
        let table = [Check::<f64> { name: "above", arity: 1, run: |s, a| Ok(Verdict::new(*s > number(a, 0)?, &[])) }];
        let ok = evaluate("demo", &2.0, &table, &["above(1)"]).unwrap();
        assert!(ok[0].holds && ok[0].key == "claim.demo.above");
        assert!(!evaluate("demo", &0.5, &table, &["above(1)"]).unwrap()[0].holds);
        assert!(evaluate("demo", &2.0, &table, &["below(1)"]).unwrap_err().contains("no claim \"below\""));
        assert!(evaluate("demo", &2.0, &table, &["above"]).unwrap_err().contains("takes 1"));
        assert!(evaluate("demo", &2.0, &table, &["above(x)"]).unwrap_err().contains("must be a number"));
    }
}
