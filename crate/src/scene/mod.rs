//! Scenes: UI-free state machines, one file per page scene. Each takes a serde config
//! (validated here, refused by field name), steps, and hands snapshots to `render` and `web`.
//! Each scene's URL-hash field table sits next to it (`*_hash.rs`), on the shared `url` codec.

pub mod csv;
pub mod init_lab;
pub mod landscape;
mod landscape_run;
pub mod preprocess;
pub mod preprocess_fit;
pub use preprocess_fit::{Preprocessing, StageFit};
pub mod race;
mod race_fields;
pub mod race_lookahead;
pub mod race_maths;
mod race_presets;
pub mod race_rates;
mod race_run;
pub mod race_verdict;
pub mod regularize;
mod regularize_run;
pub mod search;
pub mod trainer;
pub mod zero_centered;
