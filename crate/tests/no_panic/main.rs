//! Robustness (DESIGN "Bad input and failure"): property tests that feed every scene's config
//! validation, URL-hash codec and stepping with hostile values (NaN, ±∞, ±0, subnormals, huge
//! and negative sizes, learning rates from 1e-12 to 1e6, junk text, degenerate datasets) and
//! check that nothing panics, that every refusal is a `ConfigError` naming a real field and
//! what is allowed, that accepted configs run with finite (or reported) outputs, and that
//! accepted configs survive their URL hash.
//!
//! The generators read each config's field table (`gradscope::fields::Config::fields`): the
//! hash soups fuzz every key with values of its kind and range, the struct generators take
//! their ranges from the rows, and refusals may name a row's key or name (plus the few names
//! of rules between fields and of read-outs); per scene, a random valid config from the table
//! survives its hash, and a single invalid value is refused by its key (`round_trip.rs`).
//!
//! Sizes of configs that actually run are kept small (debug build, 2 cores); huge sizes are
//! still fed to validation. Failure persistence is off: a failing case is printed (shrunk) and
//! belongs in the regression tests (`regressions.rs`).

mod every_scene;
mod init_lab;
mod race;
mod race_text;
mod regressions;
mod round_trip;
mod search;
mod soup;
mod support;
mod table;
mod trainer;
