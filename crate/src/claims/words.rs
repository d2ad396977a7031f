//! How a claim's arguments read in its sentence (the page's lecture bar and the CLI share these).

use crate::optim::OptimizerKind;

/// As written (layer numbers, shares, `act=relu`).
pub fn plain(arg: &str) -> String {
    arg.to_string()
}

/// A race run: the optimizer's label, with the minibatch size if named (`sgd/200` → `SGD · B = 200`).
pub fn race_run(arg: &str) -> String {
    let (name, batch) = arg.split_once('/').unwrap_or((arg, ""));
    match (OptimizerKind::from_name(name), batch) {
        (Some(k), "") => k.label().to_string(),
        (Some(k), b) => format!("{} · B = {b}", k.label()),
        (None, _) => arg.to_string(),
    }
}

/// A landscape network as the legend names it.
pub fn landscape_net(arg: &str) -> String {
    match arg {
        "bn" => "batch norm".into(),
        other => other.into(),
    }
}
