//! The init lab's verdict on a deep net's forward pass, one line the class can check against
//! the histograms: the scale holds, or where it breaks — activations that overflow, saturate,
//! die, vanish or explode with depth.

use super::layer_stats::ActivationStats;
use serde::Serialize;

/// A layer where at least this share of activations is saturated (or of units dead) says so.
const MOST: f64 = 0.5;
/// Activations "vanish" (or "explode") at the first layer whose std is this factor below (above)
/// the first layer's.
const FACTOR: f64 = 10.0;

/// Where the forward pass stands, by layer (1-based).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DepthVerdict {
    /// NaN or ∞ from `layer` on.
    Overflow { layer: usize },
    /// At least half the activations saturated from `layer` (`share` there).
    Saturated { layer: usize, share: f64 },
    /// At least half the units dead (0 for every example) from `layer`.
    Dead { layer: usize, share: f64 },
    /// The std fell below a tenth of layer 1's by `layer`.
    Vanish { layer: usize },
    /// The std rose above ten times layer 1's by `layer`.
    Explode { layer: usize },
    /// None of these across all `layers`.
    Healthy { layers: usize },
}

/// The verdict on `layers`' activation statistics (index 0 = layer 1).
pub fn depth_verdict(layers: &[ActivationStats]) -> DepthVerdict {
    let first = |test: &dyn Fn(&ActivationStats) -> bool| layers.iter().position(test).map(|i| i + 1);
    if let Some(layer) = first(&|a| a.non_finite_fraction > 0.0) {
        return DepthVerdict::Overflow { layer };
    }
    if let Some(layer) = first(&|a| a.saturated_fraction.is_some_and(|s| s >= MOST)) {
        return DepthVerdict::Saturated { layer, share: layers[layer - 1].saturated_fraction.unwrap_or(0.0) };
    }
    if let Some(layer) = first(&|a| a.dead_fraction >= MOST) {
        return DepthVerdict::Dead { layer, share: layers[layer - 1].dead_fraction };
    }
    let base = layers.first().map_or(0.0, |a| a.std);
    if let Some(layer) = first(&|a| a.std < base / FACTOR) {
        return DepthVerdict::Vanish { layer };
    }
    if let Some(layer) = first(&|a| a.std > base * FACTOR) {
        return DepthVerdict::Explode { layer };
    }
    DepthVerdict::Healthy { layers: layers.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::deep_net::run;
    use crate::nn::deep_net_fields::from_hash;

    fn verdict(link: &str) -> DepthVerdict {
        let report = run(&from_hash(&format!("{link}&width=100&batch=200&dim=100")).unwrap()).unwrap();
        let acts: Vec<ActivationStats> = report.layers.iter().map(|l| l.activations.clone()).collect();
        depth_verdict(&acts)
    }

    #[test]
    fn the_lectures_init_cases_read_as_the_slides_say() {
        assert!(
            matches!(verdict("act=tanh&init=small"), DepthVerdict::Vanish { layer: 2 | 3 }),
            "{:?}",
            verdict("act=tanh&init=small")
        );
        assert!(matches!(verdict("act=tanh&init=large"), DepthVerdict::Saturated { layer: 1, .. }));
        assert_eq!(verdict("act=tanh&init=xavier"), DepthVerdict::Healthy { layers: 10 });
        assert_eq!(verdict("act=relu&init=he"), DepthVerdict::Healthy { layers: 10 });
        assert!(matches!(verdict("act=relu&init=he&bias=-3"), DepthVerdict::Dead { .. }));
        assert!(matches!(verdict("act=relu&init=xavier"), DepthVerdict::Vanish { .. }));
        assert_eq!(verdict("act=tanh&init=small&bn=1"), DepthVerdict::Healthy { layers: 10 });
    }
}
