//! "Not zero-centred" (CS231n lecture 6, sigmoid's second problem): when a neuron's inputs
//! are all positive (e.g. sigmoid outputs), dL/dw_i = x_i · dL/df has the same sign for every
//! i, so each update moves all weights up together or down together. Reaching a target with
//! one weight up and one down then takes a zigzag; zero-centred inputs go straight.

use crate::rng::Rng;

/// Where both paths start and where they should end (one weight must grow, one shrink).
pub const START: [f64; 2] = [-1.5, 1.5];
/// The weights that fit the data exactly.
pub const TARGET: [f64; 2] = [1.0, -1.0];

/// The page's figure: its step count and rate.
pub const PAGE_STEPS: usize = 150;
pub const PAGE_LR: f64 = 0.3;

/// The paths the page draws for `seed`.
pub fn page_paths(seed: u64) -> ZeroCenteredPaths {
    paths(PAGE_STEPS, PAGE_LR, seed)
}

/// Paths of a two-weight linear neuron f = w·x trained by per-example SGD on the squared
/// error to the target neuron, with inputs all positive (uniform on (0, 1), like sigmoid
/// outputs) and zero-centred (uniform on (−1, 1)). Same seed, same step count.
pub fn paths(steps: usize, lr: f64, seed: u64) -> ZeroCenteredPaths {
    let run = |positive: bool| {
        let mut rng = Rng::new(seed);
        let mut w = START;
        let mut path = Vec::with_capacity(steps + 1);
        path.push(w);
        for _ in 0..steps {
            let draw = |rng: &mut Rng| if positive { rng.uniform() } else { 2.0 * rng.uniform() - 1.0 };
            let x = [draw(&mut rng), draw(&mut rng)];
            // dL/df for L = ½(w·x − w*·x)²; then dL/dw_i = x_i · dL/df (same sign for all i when x > 0).
            let upstream = (w[0] - TARGET[0]) * x[0] + (w[1] - TARGET[1]) * x[1];
            w = [w[0] - lr * x[0] * upstream, w[1] - lr * x[1] * upstream];
            path.push(w);
        }
        path
    };
    ZeroCenteredPaths { positive_inputs: run(true), zero_centred_inputs: run(false) }
}

/// The two weight paths.
#[derive(Clone, Debug, PartialEq)]
pub struct ZeroCenteredPaths {
    /// Inputs all positive: every step moves both weights in the same direction.
    pub positive_inputs: Vec<[f64; 2]>,
    /// Inputs centred on zero: steps point anywhere, the path goes straight.
    pub zero_centred_inputs: Vec<[f64; 2]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positive_inputs_move_both_weights_the_same_way_every_step() {
        let p = paths(200, 0.5, 3);
        for pair in p.positive_inputs.windows(2) {
            let d = [pair[1][0] - pair[0][0], pair[1][1] - pair[0][1]];
            assert!(d[0] * d[1] >= 0.0, "a step moved the weights in opposite directions: {d:?}");
        }
        let opposite = p.zero_centred_inputs.windows(2).filter(|s| (s[1][0] - s[0][0]) * (s[1][1] - s[0][1]) < 0.0);
        assert!(opposite.count() > 20, "zero-centred inputs allow mixed-sign steps");
    }

    #[test]
    fn both_reach_the_target_but_the_positive_path_is_longer() {
        let p = paths(400, 0.5, 3);
        let dist = |w: [f64; 2]| ((w[0] - TARGET[0]).powi(2) + (w[1] - TARGET[1]).powi(2)).sqrt();
        let length = |path: &[[f64; 2]]| {
            path.windows(2).map(|s| dist([s[1][0] - s[0][0] + TARGET[0], s[1][1] - s[0][1] + TARGET[1]])).sum::<f64>()
        };
        assert!(dist(*p.zero_centred_inputs.last().unwrap()) < 0.05);
        assert!(dist(*p.positive_inputs.last().unwrap()) < dist(START));
        assert!(length(&p.positive_inputs) > 1.3 * length(&p.zero_centred_inputs));
    }
}
