//! The lecture path: CS231n "Training Neural Networks" I and II (lectures 6 and 7) as steps in
//! the course notes' order. A step is a scene state — exactly what a shared link holds — with
//! the concepts it shows live and the claims it makes about what the class sees (checked on
//! that state by `claims`); its words (a title, one or two sentences, and for some a question
//! with lettered choices put to the class before the reveal) live in the page's i18n files
//! under `lecture.<id>.*`. Native tests check that every concept has a step, that every step's
//! link is accepted by its scene, that both languages word every step, and every claim.

pub mod authored;
mod path;
pub use path::STEPS;

use serde::Serialize;

/// One step of the path.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Step {
    /// i18n stem: `lecture.<id>.title`, `.text`, `.question`, `.choice_a` …
    pub id: &'static str,
    pub lecture: u8,
    /// The scene and its link fields (what `#scene=<scene>&<link>` holds).
    pub scene: &'static str,
    pub link: &'static str,
    /// Concept ids of [`CONCEPTS`] this step shows.
    pub concepts: &'static [&'static str],
    /// The question put to the class before the reveal, if the step asks one.
    pub question: Option<Question>,
    /// A CSS selector of the figure to bring into view when it is not the scene's first.
    pub focus: Option<&'static str>,
    /// What the step's figure shows, as claims of its scene (see `claims`).
    pub claims: &'static [&'static str],
}

/// A question with lettered choices (`lecture.<id>.choice_a` …), answerable by a show of hands.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Question {
    /// How many choices, 2 to 4 (A, B, C, D).
    pub choices: u8,
    /// The right one, 0-based (0 = A).
    pub answer: u8,
}

/// The choices' letters.
pub const LETTERS: [char; 4] = ['a', 'b', 'c', 'd'];

impl Step {
    /// A step on `scene` in the state `link` gives, showing `concepts`.
    pub const fn new(
        id: &'static str,
        lecture: u8,
        scene: &'static str,
        link: &'static str,
        concepts: &'static [&'static str],
    ) -> Self {
        Step { id, lecture, scene, link, concepts, question: None, focus: None, claims: &[] }
    }

    /// Asks first, with `choices` lettered choices of which `answer` (0 = A) is right.
    pub const fn asks(self, choices: u8, answer: u8) -> Self {
        Step { question: Some(Question { choices, answer }), ..self }
    }

    /// Brings `selector`'s figure into view.
    pub const fn focus(self, selector: &'static str) -> Self {
        Step { focus: Some(selector), ..self }
    }

    /// Claims what its figure shows.
    pub const fn claims(self, claims: &'static [&'static str]) -> Self {
        Step { claims, ..self }
    }
}

/// Every concept of both lectures, in the course notes' order: (lecture, id).
pub const CONCEPTS: [(u8, &str); 61] = [
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
    (6, "loss_curve"),
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
    (7, "residual_vanishing"),
    (7, "stochastic_depth"),
    (7, "early_stopping"),
    (7, "bn_landscape"),
];

/// Steps of lecture `lecture`, in order.
pub fn steps_of(lecture: u8) -> impl Iterator<Item = &'static Step> {
    STEPS.iter().filter(move |s| s.lecture == lecture)
}
