//! gradscope: an interactive teaching visualizer for CS231n "Training Neural Networks".
//!
//! Math first, web last: `objective` (what surfaces offer and optimizers minimize), `surface`,
//! `optim`, `schedule`, `nn`, `stats` are pure Rust; `scene` holds UI-free state machines;
//! `render` draws through plotters' `DrawingBackend`; `web` (wasm32 only) is the thin
//! wasm-bindgen facade.

pub mod claims;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod data;
pub mod ensemble;
pub mod error;
pub mod fields;
pub mod landscape;
pub mod lecture;
pub mod nn;
pub mod objective;
pub mod optim;
pub mod preprocess;
pub mod registry;
pub mod render;
pub mod rng;
pub mod scene;
pub mod schedule;
pub mod search;
pub mod share;
pub mod spread;
pub mod stats;
pub mod surface;
pub mod train;
#[cfg(target_arch = "wasm32")]
mod web;
