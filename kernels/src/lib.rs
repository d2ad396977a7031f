//! The training loop's hot loops, in a crate of their own so that the release build compiles
//! them at opt-level 3 (the workspace's `Cargo.toml`) while the rest of the page is optimized
//! for size: at "s" the live trainer ran at half the speed, its small matrix products and ReLU
//! loops neither unrolled nor vectorized (measured in Node on the bench's two nets).
//!
//! Functions here are not generic: a generic one would be compiled in the crate that
//! instantiates it, at that crate's opt-level.

pub mod gemm;
pub mod relu;
