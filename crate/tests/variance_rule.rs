//! The init lab's maths panel: Var(z) = n·Var(W)·E[x²] through a Gaussian pre-activation
//! predicts every layer's measured E[h²] (an independent check of the scene's forward pass and
//! of the rule), Xavier and He are the 1/n and 2/n the lecture gives, and the panel's measured
//! numbers are the report's own.

use gradscope::nn::deep_net_fields::from_hash;
use gradscope::nn::variance_rule::layer_maths;
use gradscope::scene::init_lab::InitLab;

/// Wide enough for z to be near Gaussian, small enough for a debug build.
const SIZE: &str = "layers=6&width=400&batch=400&dim=400";

fn lab(fields: &str) -> InitLab {
    InitLab::new(&from_hash(&format!("{fields}&{SIZE}")).unwrap()).unwrap()
}

#[test]
fn the_rule_predicts_every_layers_measured_second_moment() {
    for fields in [
        "act=identity&init=xavier",
        "act=relu&init=he",
        "act=relu&init=xavier",
        "act=tanh&init=xavier",
        "act=tanh&init=small",
        "act=tanh&init=large",
        "act=sigmoid&init=xavier&bias=0.5",
        "act=relu&init=he&bn=1",
        "act=tanh&init=xavier&res=1",
    ] {
        let lab = lab(fields);
        for layer in 1..=6 {
            let m = layer_maths(lab.config(), lab.report(), layer).unwrap();
            let predicted = m.predicted_second_moment.unwrap();
            let relative = (predicted - m.measured_second_moment).abs() / m.measured_second_moment.max(1e-300);
            // The rule is an expectation over the weights' draw. An input with a mean μ gives each
            // unit its own offset μ·ΣW, a draw per unit: the realized layer strays from the rule
            // by about √(2/width)·μ²/E[x²]; three of those, plus 3 % for the rest.
            let input_mean = if layer == 1 { 0.0 } else { lab.report().layers[layer - 2].activations.mean };
            let tolerance = 0.03 + 3.0 * (2.0f64 / 400.0).sqrt() * input_mean.powi(2) / m.input_second_moment;
            assert!(
                relative < tolerance,
                "{fields} layer {layer}: predicted E[h²] {predicted:e}, measured {:e} (±{tolerance})",
                m.measured_second_moment
            );
        }
    }
}

#[test]
fn the_panel_shows_the_reports_numbers_and_the_lectures_rules() {
    let lab = lab("act=relu&init=he");
    let report = lab.report();
    for layer in 1..=6 {
        let m = layer_maths(lab.config(), report, layer).unwrap();
        let a = &report.layers[layer - 1].activations;
        assert_eq!((m.measured_mean, m.measured_std), (a.mean, a.std), "layer {layer}: the table's numbers");
        assert_eq!(m.weight_grad_std, report.layers[layer - 1].weight_grad.as_ref().map(|g| g.std));
        assert_eq!(m.fan_in, 400);
        assert!((m.weight_var - 2.0 / 400.0).abs() < 1e-15 && m.weight_var == m.he_var, "He: Var(W) = 2/n");
        assert!((m.xavier_var * 400.0 - 1.0).abs() < 1e-15, "Xavier: Var(W) = 1/n");
        assert!((m.pre_var - 400.0 * m.weight_var * m.input_second_moment).abs() <= 1e-12 * m.pre_var);
        if layer > 1 {
            let below = &report.layers[layer - 2].activations;
            assert!(
                (m.input_second_moment - (below.mean.powi(2) + below.std.powi(2))).abs() < 1e-12,
                "E[x²] is the layer below's"
            );
        }
    }
    assert_eq!(layer_maths(lab.config(), report, 0), None);
    assert_eq!(layer_maths(lab.config(), report, 7), None);
    let maxout = lab_maxout();
    assert_eq!(layer_maths(maxout.config(), maxout.report(), 1).unwrap().predicted_second_moment, None);
}

fn lab_maxout() -> InitLab {
    InitLab::new(&from_hash("act=maxout&init=xavier&layers=2&width=20&batch=20&dim=20").unwrap()).unwrap()
}
