//! The lecture path: CS231n "Training Neural Networks" I and II (lectures 6 and 7) as steps in
//! the course notes' order. A step is a scene state — exactly what a shared link holds — with
//! the concepts it shows live; its words (a title, one or two sentences, what to watch, and for
//! some a question put to the class before the reveal) live in the page's i18n files under
//! `lecture.<id>.*`. Native tests check that every concept has a step, that every step's link is
//! accepted by its scene, and that both languages word every step.

use serde::Serialize;

/// One step of the path.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Step {
    /// i18n stem: `lecture.<id>.title`, `.text`, `.watch`, `.question`.
    pub id: &'static str,
    pub lecture: u8,
    /// The scene and its link fields (what `#scene=<scene>&<hash>` holds).
    pub scene: &'static str,
    pub hash: &'static str,
    /// Concept ids of [`CONCEPTS`] this step shows.
    pub concepts: &'static [&'static str],
    /// Whether the step asks the class first (`lecture.<id>.question`; the next key reveals).
    pub question: bool,
    /// A CSS selector of the figure to bring into view when it is not the scene's first.
    pub focus: Option<&'static str>,
}

/// Every concept of both lectures, in the course notes' order: (lecture, id).
pub const CONCEPTS: [(u8, &str); 60] = [
    (6, "nonlinearity"),
    (6, "sigmoid_saturation"),
    (6, "sigmoid_exp_cost"),
    (6, "sigmoid_not_zero_centred"),
    (6, "tanh"),
    (6, "relu"),
    (6, "dead_relu"),
    (6, "positive_bias"),
    (6, "leaky_relu"),
    (6, "prelu"),
    (6, "elu"),
    (6, "maxout"),
    (6, "use_relu"),
    (6, "zero_centre"),
    (6, "normalize"),
    (6, "pca"),
    (6, "whitening"),
    (6, "mean_image"),
    (6, "zero_init"),
    (6, "small_init"),
    (6, "large_init"),
    (6, "xavier"),
    (6, "he"),
    (6, "bn_batch_stats"),
    (6, "bn_before_nonlinearity"),
    (6, "bn_gamma_beta"),
    (6, "bn_running_stats"),
    (6, "bn_higher_lr"),
    (6, "bn_regularizes"),
    (6, "layer_norm"),
    (6, "initial_loss"),
    (6, "overfit_tiny"),
    (6, "find_lr"),
    (6, "coarse_to_fine"),
    (6, "log_scale"),
    (6, "random_vs_grid"),
    (7, "sgd_zigzag"),
    (7, "local_minima"),
    (7, "saddle_points"),
    (7, "minibatch_noise"),
    (7, "gd_vs_sgd"),
    (7, "momentum"),
    (7, "nesterov"),
    (7, "adagrad"),
    (7, "rmsprop"),
    (7, "adam"),
    (7, "adam_bias_correction"),
    (7, "adamw"),
    (7, "lr_decay"),
    (7, "newton"),
    (7, "lbfgs"),
    (7, "ensembles"),
    (7, "dropout"),
    (7, "dropout_test"),
    (7, "dropconnect"),
    (7, "fractional_pooling"),
    (7, "stochastic_depth"),
    (7, "early_stopping"),
    (7, "residual_vanishing"),
    (7, "bn_landscape"),
];

const fn step(
    id: &'static str,
    lecture: u8,
    scene: &'static str,
    hash: &'static str,
    concepts: &'static [&'static str],
) -> Step {
    Step { id, lecture, scene, hash, concepts, question: false, focus: None }
}

const fn asking(s: Step) -> Step {
    Step { question: true, ..s }
}

const fn focused(s: Step, selector: &'static str) -> Step {
    Step { focus: Some(selector), ..s }
}

/// The path, lecture 6 then lecture 7.
pub const STEPS: [Step; 56] = [
    asking(step(
        "linear",
        6,
        "train",
        "ds=spiral&layers=4&width=64&act=identity&init=xavier&epochs=100",
        &["nonlinearity"],
    )),
    asking(step("sigmoid", 6, "init", "act=sigmoid&init=large", &["sigmoid_saturation", "sigmoid_exp_cost"])),
    focused(
        step("not_zero_centred", 6, "init", "act=sigmoid&init=xavier", &["sigmoid_not_zero_centred"]),
        "canvas[data-i18n-aria='init.zero_alt']",
    ),
    step("tanh", 6, "init", "act=tanh&init=xavier", &["tanh"]),
    step("relu", 6, "init", "act=relu&init=he", &["relu"]),
    asking(step("dead_relu", 6, "init", "act=relu&init=he&bias=-3", &["dead_relu"])),
    step("positive_bias", 6, "init", "act=relu&init=he&bias=0.01", &["positive_bias"]),
    step("leaky_relu", 6, "init", "act=leaky_relu&init=he&bias=-3", &["leaky_relu"]),
    step("prelu", 6, "train", "ds=spiral&act=prelu&epochs=100", &["prelu"]),
    step("elu", 6, "init", "act=elu&init=he", &["elu"]),
    step("maxout", 6, "train", "ds=spiral&act=maxout&epochs=100", &["maxout"]),
    step("use_relu", 6, "train", "ds=spiral&act=relu&epochs=100", &["use_relu"]),
    asking(step("zero_centre", 6, "preprocess", "ds=positive&st=1", &["zero_centre"])),
    step("normalize", 6, "preprocess", "ds=elongated&st=2", &["normalize"]),
    step("pca", 6, "preprocess", "ds=correlated&st=3", &["pca"]),
    step("whitening", 6, "preprocess", "ds=correlated&st=4", &["whitening"]),
    step("mean_image", 6, "preprocess", "ds=digits&st=1", &["mean_image"]),
    asking(step("zero_init", 6, "train", "ds=spiral&init=zero&epochs=50", &["zero_init"])),
    asking(step("small_init", 6, "init", "act=tanh&init=small", &["small_init"])),
    asking(step("large_init", 6, "init", "act=tanh&init=large", &["large_init"])),
    step("xavier", 6, "init", "act=tanh&init=xavier", &["xavier"]),
    asking(step("xavier_relu", 6, "init", "act=relu&init=xavier", &["xavier"])),
    step("he", 6, "init", "act=relu&init=he", &["he"]),
    step("bn_init", 6, "init", "act=tanh&init=small&bn=1", &["bn_batch_stats", "bn_before_nonlinearity"]),
    step("bn_train", 6, "train", "ds=spiral&bn=1&epochs=100", &["bn_gamma_beta", "bn_running_stats"]),
    asking(step(
        "bn_high_lr",
        6,
        "train",
        "ds=spiral&layers=8&act=tanh&opt=sgd&lr=1&bn=1&epochs=40",
        &["bn_higher_lr"],
    )),
    step(
        "bn_regularizes",
        6,
        "train",
        "ds=spiral&n=120&noise=0.5&layers=3&width=128&batch=8&bn=1&epochs=150",
        &["bn_regularizes"],
    ),
    step("layer_norm", 6, "init", "act=tanh&init=small&ln=1", &["layer_norm"]),
    asking(step("initial_loss", 6, "train", "ds=spiral&k=3&epochs=100", &["initial_loss"])),
    step("overfit_tiny", 6, "train", "ds=spiral&tiny=1&epochs=200", &["overfit_tiny"]),
    step("find_lr", 6, "search", "", &["find_lr"]),
    step(
        "coarse_to_fine",
        6,
        "search",
        "ep=3&trials=32&p=lr:1e-6:10:log,l2:1e-6:1:log",
        &["coarse_to_fine", "log_scale"],
    ),
    asking(step(
        "random_vs_grid",
        6,
        "search",
        "strat=both&trials=9&p=lr:1e-4:1:log,dropout:0:0.6:lin",
        &["random_vs_grid"],
    )),
    asking(step("zigzag", 7, "race", "surf=quadratic&kappa=50&opt=sgd&lr=0.038&steps=120", &["sgd_zigzag"])),
    step("local_minima", 7, "race", "surf=wells&opt=sgd,momentum,adam&lr=0.05&steps=200", &["local_minima"]),
    step(
        "saddle",
        7,
        "race",
        "surf=saddle&opt=sgd,momentum,adam,newton&lr=0.02&lro=newton:1&steps=120",
        &["saddle_points"],
    ),
    step(
        "minibatch_noise",
        7,
        "race",
        "surf=quadratic&kappa=10&opt=sgd,momentum&lr=0.03&noise=2&steps=200",
        &["minibatch_noise"],
    ),
    step(
        "gd_vs_sgd",
        7,
        "race",
        "surf=linreg&dstage=center&opt=sgd&lr=0.5&batch=200,20,1&steps=60&xaxis=examples",
        &["gd_vs_sgd"],
    ),
    asking(step("momentum", 7, "race", "surf=quadratic&kappa=50&opt=sgd,momentum&lr=0.038&steps=120", &["momentum"])),
    step("nesterov", 7, "race", "surf=quadratic&kappa=50&opt=momentum,nesterov&lr=0.02&steps=6&look=1", &["nesterov"]),
    step(
        "adagrad",
        7,
        "race",
        "surf=quadratic&kappa=50&opt=sgd,adagrad&lr=0.038&lro=adagrad:0.5&steps=200",
        &["adagrad"],
    ),
    step("rmsprop", 7, "race", "surf=rosenbrock&opt=adagrad,rmsprop&steps=300", &["rmsprop"]),
    step("adam", 7, "race", "surf=rosenbrock&opt=momentum,rmsprop,adam&steps=300", &["adam"]),
    asking(step(
        "bias_correction",
        7,
        "race",
        "surf=quadratic&kappa=10&opt=adam&bc=0&steps=150",
        &["adam_bias_correction"],
    )),
    step("adamw", 7, "train", "ds=spiral&opt=adamw&wd=0.1&epochs=100", &["adamw"]),
    step("lr_decay", 7, "train", "ds=spiral&opt=sgd&lr=0.3&sched=step&epochs=100", &["lr_decay"]),
    step("newton", 7, "race", "surf=quadratic&kappa=50&opt=sgd,newton&lr=0.038&lro=newton:1&steps=60", &["newton"]),
    step("lbfgs_full", 7, "train", "ds=spiral&opt=lbfgs&lr=1&batch=full&drop=0&epochs=60", &["lbfgs"]),
    asking(step(
        "lbfgs_mini",
        7,
        "race",
        "surf=logreg&dstage=center&opt=lbfgs&lro=lbfgs:1&batch=200,10&steps=40",
        &["lbfgs"],
    )),
    step(
        "ensembles",
        7,
        "regularize",
        "ds=digits&n=1797&layers=1&width=100&lr=0.001&ep=20&m=none,ensemble,snapshot&k=10&cycles=5",
        &["ensembles"],
    ),
    step("dropout", 7, "regularize", "m=none,dropout,dropconnect", &["dropout"]),
    asking(step("dropout_test", 7, "regularize", "m=none,dropout,dropconnect&raw=1", &["dropout_test", "dropconnect"])),
    focused(
        step("fractional_pooling", 7, "regularize", "m=none&ep=20", &["fractional_pooling"]),
        "canvas[data-i18n-aria='reg.pooling_alt']",
    ),
    step("depth_and_early", 7, "regularize", "m=none,depth,early", &["stochastic_depth", "early_stopping"]),
    asking(step(
        "residual",
        7,
        "init",
        "act=sigmoid&init=xavier&layers=50&width=50&batch=200&dim=50&res=1",
        &["residual_vanishing"],
    )),
    step("bn_landscape", 7, "landscape", "layers=8&width=32&ep=60", &["bn_landscape"]),
];

/// Steps of lecture `lecture`, in order.
pub fn steps_of(lecture: u8) -> impl Iterator<Item = &'static Step> {
    STEPS.iter().filter(move |s| s.lecture == lecture)
}
