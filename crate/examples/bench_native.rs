//! The native half of `cargo xtask bench`: the same library calls the page makes, timed in
//! native Rust, so the wasm figures (bench/page.mjs) have a same-code baseline.
//! Run: `cargo run --release -p gradscope --example bench_native -- <path to digits8x8.bin>`.
//! Prints one JSON object.

use gradscope::data::Digits;
use gradscope::nn::DeepNetConfig;
use gradscope::scene::init_lab::InitLab;
use gradscope::scene::trainer::{Trainer, TrainerConfig};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Timed runs per measurement after one warm-up, as in bench/page.mjs.
const RUNS: usize = 5;
/// Training time per examples/second figure.
const TRAIN_TIME: Duration = Duration::from_millis(1500);
/// The nets of bench/page.mjs: 2→8→8→2 (batch 10) and 64→100→10 (batch 32), SGD, ReLU.
const PLAYGROUND_HASH: &str = "ds=spiral&k=2&n=300&layers=2&width=8&act=relu&init=he&opt=sgd&lr=0.1&batch=10";
const DIGITS_HASH: &str = "ds=digits&n=1797&layers=1&width=100&act=relu&init=he&opt=sgd&lr=0.1&batch=32";

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let mid = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[mid]
    } else {
        (xs[mid - 1] + xs[mid]) / 2.0
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

/// The lecture-size init lab: forward + activation histograms, then backward + dW histograms.
fn init_lab() -> (f64, f64) {
    let config = DeepNetConfig::default();
    let mut lab = InitLab::forward_only(&config).expect("the default config is valid");
    let (mut forward, mut backward) = (Vec::new(), Vec::new());
    for run in 0..=RUNS {
        let t0 = Instant::now();
        lab.set(&config).expect("valid");
        let t1 = Instant::now();
        lab.compute_gradients();
        if run > 0 {
            forward.push((t1 - t0).as_secs_f64() * 1e3);
            backward.push(ms(t1));
        }
    }
    (median(forward), median(backward))
}

/// Examples per second of whole epochs (each also evaluates both splits, as on the page).
fn train(hash: &str, digits: Option<Arc<Digits>>) -> f64 {
    let config = TrainerConfig::from_hash(hash).expect("the bench nets are valid");
    let mut trainer = Trainer::with_digits(config, digits).expect("valid");
    let train_size = trainer.snapshot().train_size;
    trainer.epoch(); // warm-up
    let (mut examples, t0) = (0usize, Instant::now());
    while t0.elapsed() < TRAIN_TIME {
        trainer.epoch();
        examples += train_size;
    }
    assert!(trainer.diverged_at().is_none(), "{hash} diverged");
    examples as f64 / t0.elapsed().as_secs_f64()
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "static/data/digits8x8.bin".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let digits = Arc::new(Digits::from_bytes(&bytes).expect("the digits file parses"));
    let (forward, backward) = init_lab();
    let playground = train(PLAYGROUND_HASH, None);
    let digits_eps = train(DIGITS_HASH, Some(digits));
    println!(
        "{{\"init_lab_ms\":{:.2},\"init_forward_ms\":{forward:.2},\"init_backward_ms\":{backward:.2},\"train_playground_eps\":{playground:.0},\"train_digits_eps\":{digits_eps:.0}}}",
        forward + backward
    );
}
