//! The path's steps, lecture 6 then lecture 7, each with the claims its figure must bear out.

use super::Step;

const ZERO_ALT: &str = "canvas[data-i18n-aria='init.zero_alt']";
const STD_CHART: &str = "canvas[data-i18n-aria='init.std_alt']";
const SWEEP: &str = "canvas[data-i18n-aria='search.sweep_alt']";
const POOLING: &str = "canvas[data-i18n-aria='reg.pooling_alt']";

/// The path, lecture 6 then lecture 7.
pub const STEPS: [Step; 56] = [
    Step::new(
        "linear",
        6,
        "train",
        "ds=spiral&layers=4&width=64&act=identity&init=xavier&epochs=100",
        &["nonlinearity"],
    )
    .asks(2, 1)
    .claims(&["train_acc_at_most(0.6)", "better_with_by(act=relu,0.3)"]),
    Step::new("sigmoid", 6, "init", "act=sigmoid&init=large", &["sigmoid_saturation", "sigmoid_exp_cost"])
        .asks(3, 1)
        .claims(&["saturated_everywhere(0.7)", "grad_std_below(1e-3)"]),
    Step::new("not_zero_centred", 6, "init", "act=sigmoid&init=xavier", &["sigmoid_not_zero_centred"])
        .focus(ZERO_ALT)
        .claims(&["mean_above(0.4)", "same_sign_steps", "zero_centred_sooner"]),
    Step::new("tanh", 6, "init", "act=tanh&init=custom&std=0.2", &["tanh"])
        .claims(&["zero_centred(0.05)", "saturated_everywhere(0.5)"]),
    Step::new("relu", 6, "init", "act=relu&init=he", &["relu"]).claims(&[
        "zero_share(0.4,0.6)",
        "keeps_scale(2)",
        "never_saturates",
    ]),
    Step::new("dead_relu", 6, "init", "act=relu&init=he&bias=-3", &["dead_relu", "positive_bias"])
        .asks(3, 2)
        .claims(&["dead_at_least(2,0.9)"]),
    Step::new("leaky_relu", 6, "init", "act=leaky_relu&init=he&bias=-1", &["leaky_relu"])
        .claims(&["no_dead", "dead_with(act=relu)"]),
    Step::new("prelu", 6, "train", "ds=spiral&act=prelu&epochs=100", &["prelu"])
        .claims(&["slopes_learned(0.05)", "val_acc_at_least(0.9)"]),
    Step::new("elu", 6, "init", "act=elu&init=he", &["elu"])
        .claims(&["negative_share(0.2)", "mean_closer_to_zero_than(act=relu)"]),
    Step::new("maxout", 6, "train", "ds=spiral&act=maxout&epochs=100", &["maxout"]).claims(&["val_acc_at_least(0.9)"]),
    Step::new("use_relu", 6, "train", "ds=spiral&act=relu&epochs=100", &["use_relu"])
        .claims(&["val_acc_at_least(0.95)", "sooner_than(act=sigmoid,0.9)"]),
    Step::new("zero_centre", 6, "preprocess", "ds=positive&st=1", &["zero_centre"])
        .asks(4, 2)
        .claims(&["kappa_falls(0,1,10)", "gd_sooner(0,1)"]),
    Step::new("normalize", 6, "preprocess", "ds=elongated&st=2", &["normalize"])
        .claims(&["unit_std(2)", "kappa_at_least(2,2)"]),
    Step::new("pca", 6, "preprocess", "ds=correlated&st=3", &["pca"]).claims(&["diagonal(3)"]),
    Step::new("whitening", 6, "preprocess", "ds=correlated&st=4", &["whitening"])
        .claims(&["identity_covariance(4)", "gd_within(4,3)"]),
    Step::new("mean_image", 6, "preprocess", "ds=digits&st=1", &["mean_image"]).claims(&["zero_mean(1)"]),
    Step::new("zero_init", 6, "train", "ds=spiral&init=zero&epochs=50", &["zero_init"])
        .asks(3, 1)
        .claims(&["symmetric_units", "train_acc_at_most(0.5)"]),
    Step::new("small_init", 6, "init", "act=tanh&init=small", &["small_init"])
        .asks(3, 2)
        .claims(&["collapses(1e-3)", "grad_std_below(1e-6)"]),
    Step::new("large_init", 6, "init", "act=tanh&init=large", &["large_init"])
        .asks(3, 0)
        .claims(&["saturated(10,0.9)"]),
    Step::new("xavier", 6, "init", "act=tanh&init=xavier", &["xavier"])
        .claims(&["keeps_scale(4)", "saturated_at_most(10,0.05)"]),
    Step::new("xavier_relu", 6, "init", "act=relu&init=xavier", &["xavier"])
        .asks(3, 2)
        .focus(STD_CHART)
        .claims(&["std_ratio(0.6,0.8)", "collapses(0.1)"]),
    Step::new("he", 6, "init", "act=relu&init=he&layers=20", &["he"])
        .focus(STD_CHART)
        .claims(&["std_ratio(0.9,1.1)", "keeps_scale(2)"]),
    Step::new("bn_init", 6, "init", "act=tanh&init=small&bn=1", &["bn_batch_stats", "bn_before_nonlinearity"])
        .claims(&["std_near(0.627,0.05)", "zero_centred(0.05)"]),
    Step::new("bn_train", 6, "train", "ds=spiral&bn=1&epochs=100", &["bn_gamma_beta", "bn_running_stats"])
        .claims(&["val_acc_at_least(0.9)", "gamma_beta_learned(0.05)"]),
    Step::new("bn_high_lr", 6, "train", "ds=spiral&layers=8&act=tanh&opt=sgd&lr=1&bn=1&epochs=40", &["bn_higher_lr"])
        .asks(3, 0)
        .claims(&["train_acc_at_least(0.9)", "better_than_by(bn=0,0.3)"]),
    Step::new(
        "bn_regularizes",
        6,
        "train",
        "ds=spiral&n=120&noise=0.5&val=0.5&layers=3&width=128&batch=8&bn=1&epochs=150",
        &["bn_regularizes"],
    )
    .claims(&["smaller_gap_than(bn=0,8)"]),
    Step::new("layer_norm", 6, "init", "act=tanh&init=small&ln=1&batch=2", &["layer_norm"])
        .claims(&["std_near(0.627,0.1)", "bn_degenerate_at(2)"]),
    Step::new("initial_loss", 6, "train", "ds=spiral&k=3&epochs=100", &["initial_loss"])
        .asks(4, 1)
        .claims(&["initial_loss_near_ln_c(0.05)"]),
    Step::new("overfit_tiny", 6, "train", "ds=spiral&tiny=1&epochs=200", &["overfit_tiny"])
        .claims(&["train_acc_at_least(1)", "train_loss_below(0.05)"]),
    Step::new("find_lr", 6, "search", "finder=1", &["find_lr"]).focus(SWEEP).claims(&["sweep_falls_then_explodes"]),
    Step::new(
        "coarse_to_fine",
        6,
        "search",
        "epochs=3&trials=32&p=lr:1e-6:10:log,l2:1e-6:1:log",
        &["coarse_to_fine", "log_scale"],
    )
    .claims(&["some_explode", "best_band(lr,0.34)"]),
    Step::new(
        "random_vs_grid",
        6,
        "search",
        "strat=both&trials=9&p=lr:1e-4:1:log,dropout:0:0.6:lin",
        &["random_vs_grid"],
    )
    .asks(2, 1)
    .claims(&["more_distinct(lr)"]),
    Step::new(
        "loss_curve",
        6,
        "train",
        "ds=spiral&n=200&noise=0.5&val=0.5&width=128&layers=3&lr=0.01&epochs=200",
        &["loss_curve"],
    )
    .claims(&["train_loss_falls(0.5)", "ratio_near_1e3", "val_peaks_before_end"]),
    Step::new("zigzag", 7, "race", "surf=quadratic&kappa=100&opt=sgd&lr=0.019&steps=100", &["sgd_zigzag"])
        .asks(3, 1)
        .claims(&["zigzags(sgd,10)", "never_reaches(sgd)"]),
    Step::new("local_minima", 7, "race", "surf=wells&opt=sgd,momentum&lr=0.05&steps=200", &["local_minima"])
        .claims(&["ends_in_local(sgd)", "ends_in_global(momentum)"]),
    Step::new(
        "saddle",
        7,
        "race",
        "surf=saddle&opt=sgd,momentum,newton&lr=0.02&lro=newton:1&steps=55",
        &["saddle_points"],
    )
    .claims(&["escapes_saddle(momentum)", "stuck_at_saddle(sgd)", "stuck_at_saddle(newton)"]),
    Step::new(
        "minibatch_noise",
        7,
        "race",
        "surf=quadratic&kappa=10&opt=sgd,momentum&lr=0.03&lro=momentum:0.003&noise=2&steps=200",
        &["minibatch_noise"],
    )
    .claims(&["closer_on_average(momentum,sgd)"]),
    Step::new(
        "gd_vs_sgd",
        7,
        "race",
        "surf=linreg&dstage=center&opt=sgd&lr=0.5&batch=200,20,1&steps=60&xaxis=examples",
        &["gd_vs_sgd"],
    )
    .claims(&["faster_per_example(sgd/1,sgd/200)", "lower(sgd/200,sgd/1)"]),
    Step::new(
        "momentum",
        7,
        "race",
        "surf=quadratic&kappa=100&opt=sgd,momentum&lr=0.019&lro=momentum:0.0038&steps=100",
        &["momentum"],
    )
    .asks(3, 1)
    .claims(&["faster(momentum,sgd)", "fewer_crossings(momentum,sgd)"]),
    Step::new(
        "nesterov",
        7,
        "race",
        "surf=quadratic&kappa=50&opt=momentum,nesterov&lr=0.02&steps=60&look=1",
        &["nesterov"],
    )
    .claims(&["fewer_crossings(nesterov,momentum)", "faster(nesterov,momentum)"]),
    Step::new(
        "adagrad",
        7,
        "race",
        "surf=quadratic&kappa=100&opt=sgd,adagrad&lr=0.019&lro=adagrad:0.5&steps=200",
        &["adagrad"],
    )
    .claims(&["fewer_crossings(adagrad,sgd)", "rate_falls(adagrad,0.5)"]),
    Step::new(
        "rmsprop",
        7,
        "race",
        "surf=rosenbrock&opt=adagrad,rmsprop&lro=adagrad:1,rmsprop:0.02&steps=500",
        &["rmsprop"],
    )
    .claims(&["lower(rmsprop,adagrad)", "rate_falls(adagrad,0.1)"]),
    Step::new("adam", 7, "race", "surf=rosenbrock&opt=rmsprop,adam&lr=0.1&steps=300", &["adam"])
        .claims(&["lower(adam,rmsprop)"]),
    Step::new(
        "bias_correction",
        7,
        "race",
        "surf=quadratic&kappa=10&opt=adam&lr=0.1&bc=0&steps=150",
        &["adam_bias_correction"],
    )
    .asks(2, 1)
    .claims(&["first_step_ratio(adam,3)"]),
    Step::new("adamw", 7, "train", "ds=spiral&opt=adamw&wd=0.1&epochs=100", &["adamw"])
        .claims(&["val_acc_at_least(0.9)", "smaller_weights_than(wd=0)"]),
    Step::new("lr_decay", 7, "train", "ds=spiral&opt=momentum&lr=0.1&batch=8&sched=step&epochs=60", &["lr_decay"])
        .claims(&["loss_drops_at_decay(2)"]),
    Step::new(
        "newton",
        7,
        "race",
        "surf=quadratic&kappa=50&opt=sgd,newton&lr=0.038&lro=newton:1&steps=60",
        &["newton"],
    )
    .claims(&["reaches_within(newton,1)", "never_reaches(sgd)"]),
    Step::new(
        "lbfgs_full",
        7,
        "race",
        "surf=logreg&dstage=center&opt=sgd,lbfgs&lr=0.1&lro=lbfgs:1&batch=200&steps=40",
        &["lbfgs"],
    )
    .claims(&["reaches_within(lbfgs,10)", "faster(lbfgs,sgd)"]),
    Step::new(
        "lbfgs_mini",
        7,
        "race",
        "surf=logreg&dstage=center&opt=lbfgs&lro=lbfgs:1&batch=200,10&steps=40",
        &["lbfgs"],
    )
    .asks(2, 1)
    .claims(&["lower(lbfgs/200,lbfgs/10)"]),
    Step::new("ensembles", 7, "regularize", "m=none,ensemble,snapshot&k=5&cycles=5", &["ensembles"])
        .claims(&["ensemble_beats_members(ensemble)", "ensemble_beats_members(snapshot)"]),
    Step::new("dropout", 7, "regularize", "m=none,dropout", &["dropout"]).claims(&[
        "overfits(none)",
        "gap_smaller(dropout,none)",
        "no_clear_difference(dropout,none)",
    ]),
    Step::new("dropout_test", 7, "regularize", "m=none,dropout&raw=1", &["dropout_test", "dropconnect"])
        .asks(3, 1)
        .claims(&["uncorrected_worse(dropout)"]),
    Step::new("fractional_pooling", 7, "regularize", "m=none&epochs=20&seeds=1", &["fractional_pooling"])
        .focus(POOLING)
        .claims(&["pooling_regions_vary"]),
    Step::new(
        "residual",
        7,
        "init",
        "act=sigmoid&init=xavier&layers=50&width=50&batch=200&dim=50&res=1",
        &["residual_vanishing"],
    )
    .asks(3, 2)
    .claims(&["grad_ratio_above(1e-3)", "vanishes_with(res=0,1e-20)"]),
    Step::new("depth_and_early", 7, "regularize", "m=none,depth,early", &["stochastic_depth", "early_stopping"])
        .claims(&["gap_smaller(depth,none)", "gap_smaller(early,none)", "early_best_before_end"]),
    Step::new("bn_landscape", 7, "landscape", "layers=8&width=32&epochs=60", &["bn_landscape"])
        .claims(&["smoother(bn,plain)", "smoother(plain,residual)"]),
];
