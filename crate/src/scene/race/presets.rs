//! The race's lecture pictures as links, each with what it shows (checked by the claims test),
//! and the race as the registry lists it.

use crate::claims::Preset;

/// The lecture's classic pictures.
pub const PRESETS: [Preset; 8] = [
    // The default race: SGD at lr·κ = 1.9 zigzags; momentum at a fifth of that rate (twice its
    // steady-state step, lr/(1 − μ)) and Adam go down the valley.
    Preset { id: "zigzag", link: DEFAULT_LINK, claims: &DEFAULT_CLAIMS },
    Preset {
        id: "saddle",
        link: "surf=saddle&opt=sgd,momentum,newton&lr=0.02&lro=newton:1&steps=55",
        claims: &["escapes_saddle(momentum)", "stuck_at_saddle(sgd)", "stuck_at_saddle(newton)"],
    },
    // lr = 0.1 > 2/κ = 0.08: SGD diverges; momentum's limit is 2(1 + μ)/κ = 0.152.
    Preset {
        id: "too_large_lr",
        link: "surf=quadratic&kappa=25&opt=sgd,momentum,adam&lr=0.1&steps=100",
        claims: &["diverges(sgd)", "stable(momentum)", "stable(adam)"],
    },
    Preset {
        id: "local_minima",
        link: "surf=wells&opt=sgd,momentum,adam&lr=0.05&steps=200",
        claims: &["ends_in_local(sgd)", "ends_in_global(momentum)", "ends_in_local(adam)"],
    },
    // Lecture 7: full-batch GD wins per step, SGD and minibatches per example processed.
    Preset {
        id: "gd_vs_sgd",
        link: "surf=linreg&dstage=center&opt=sgd&lr=0.5&batch=200,20,1&steps=60&xaxis=examples",
        claims: &["faster_per_example(sgd/1,sgd/200)", "lower(sgd/200,sgd/1)"],
    },
    Preset {
        id: "lbfgs_batches",
        link: "surf=logreg&dstage=center&opt=lbfgs&lro=lbfgs:1&batch=200,10&steps=40",
        claims: &["lower(lbfgs/200,lbfgs/10)"],
    },
    // AdaGrad's sum of squared gradients only grows: on the curved valley its steps die out.
    Preset {
        id: "adagrad_stalls",
        link: "surf=rosenbrock&opt=adagrad,rmsprop&lro=adagrad:1,rmsprop:0.02&steps=500",
        claims: &["lower(rmsprop,adagrad)", "rate_falls(adagrad,0.1)"],
    },
    // Without bias correction the first moment estimates are 0.1g and 0.001g²: a first step of
    // 0.1/√0.001 ≈ 3.16 lr per coordinate instead of lr.
    Preset {
        id: "bias_correction",
        link: "surf=quadratic&kappa=10&opt=adam&lr=0.1&bc=0&steps=150",
        claims: &["first_step_ratio(adam,3)"],
    },
];

/// The race as the page opens it (the "zigzag" preset).
pub const DEFAULT_LINK: &str =
    "surf=quadratic&kappa=100&opt=sgd,momentum,adam&lr=0.019&lro=momentum:0.0038,adam:0.1&steps=120";

/// What the default race shows.
pub const DEFAULT_CLAIMS: [&str; 5] = [
    "zigzags(sgd,10)",
    "never_reaches(sgd)",
    "faster(momentum,sgd)",
    "fewer_crossings(momentum,sgd)",
    "faster(adam,sgd)",
];

/// The scene as the registry lists it.
pub struct Entry;

impl crate::scene::Scene for Entry {
    const ID: &'static str = "race";
    const LABEL: &'static str = "scene.race";
    type Config = super::RaceConfig;
    const PRESETS: &'static [crate::claims::Preset] = &PRESETS;
    const DEFAULT_CLAIMS: &'static [&'static str] = &DEFAULT_CLAIMS;
    const QUICK: &'static str = "steps=20";
    /// The look-ahead picture and the examples axis.
    const CHART_STATES: &'static [&'static str] = &[
        "surf=quadratic&kappa=50&opt=momentum,nesterov&lr=0.02&steps=60&look=1",
        "surf=linreg&dstage=center&opt=sgd&lr=0.5&batch=200,20,1&steps=60&xaxis=examples",
    ];

    fn shown(arg: &str) -> String {
        crate::claims::words::race_run(arg)
    }

    crate::scene::scene_outputs!(super);
}
