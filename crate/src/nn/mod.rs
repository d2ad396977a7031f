//! Neural-network pieces for the lectures' experiments and the live trainer: activations
//! (f and f′), weight initializers, layers (dense, batch norm, layer norm, dropout),
//! softmax cross-entropy, per-layer statistics, and the lecture-6 init experiment.
//! Layers are generic over [`Scalar`] (f32 in the page, f64 in reference tests) and work on
//! flat row-major batch × features buffers.

pub mod activation;
mod activation_zones;
pub mod batch_norm;
pub mod deep_net;
pub mod deep_net_config;
pub mod deep_net_fields;
pub mod dense;
pub mod depth_verdict;
pub mod dropconnect;
pub mod dropout;
pub mod fast_math;
pub mod fractional_pool;
mod hidden;
pub mod init;
pub mod init_fields;
pub mod layer_norm;
pub mod layer_stats;
pub mod loss;
pub mod mlp;
mod mlp_config;
pub mod scalar;
pub mod variance_rule;

pub use activation::Activation;
pub use batch_norm::BatchNorm;
pub use deep_net::{DeepNet, DeepNetConfig, DeepNetReport};
pub use dense::Dense;
pub use dropout::Dropout;
pub use init::Init;
pub use layer_norm::LayerNorm;
pub use layer_stats::{ActivationStats, GradientStats, LayerStats};
pub use loss::SoftmaxCrossEntropy;
pub use mlp::{Mlp, MlpConfig};
pub use scalar::Scalar;
