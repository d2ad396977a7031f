//! L-BFGS in the trainer: on the full batch each step's line search works on the training loss
//! itself, so that loss falls at every step; on minibatches the line search only guarantees a
//! decrease of that step's minibatch loss, and the training loss goes up on some steps. Links
//! and refusals: `batch=full`, Newton refused, dropout refused with L-BFGS.

use gradscope::optim::OptimizerKind;
use gradscope::scene::trainer::{Trainer, TrainerConfig, FULL_BATCH};

fn lbfgs(batch: &str) -> Trainer {
    let config = TrainerConfig::from_hash(&format!("ds=spiral&opt=lbfgs&lr=1&batch={batch}&drop=0&seed=3"))
        .expect("an L-BFGS link");
    assert_eq!(config.optimizer, OptimizerKind::Lbfgs);
    Trainer::new(config).expect("an L-BFGS trainer")
}

fn train_losses(trainer: &mut Trainer, epochs: usize) -> Vec<f64> {
    (0..epochs).for_each(|_| {
        trainer.epoch();
    });
    trainer.history().iter().map(|r| r.train_loss).collect()
}

#[test]
fn full_batch_lbfgs_lowers_the_training_loss_at_every_step() {
    let mut trainer = lbfgs("full");
    assert_eq!(trainer.config().batch, FULL_BATCH);
    let losses = train_losses(&mut trainer, 25);
    assert!(trainer.diverged_at().is_none());
    assert!(losses.windows(2).all(|w| w[1] <= w[0] + 1e-12), "monotone: {losses:?}");
    assert!(losses[24] < 0.5 * losses[0], "it learns: {losses:?}");
}

#[test]
fn minibatch_lbfgs_raises_the_training_loss_on_some_epochs() {
    let mut trainer = lbfgs("8");
    let losses = train_losses(&mut trainer, 25);
    let ups = losses.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(ups >= 1, "the minibatch runs never went up: {losses:?}");
}

#[test]
fn full_batch_links_round_trip_and_bad_optimizer_settings_are_refused() {
    let config = TrainerConfig::from_hash("opt=lbfgs&lr=1&batch=full&drop=0").unwrap();
    assert!(config.to_hash().contains("batch=full"));
    for (hash, needle) in [
        ("opt=newton", "Newton"),
        ("opt=lbfgs&lr=1&drop=0.3", "dropout"),
        ("batch=0", "or full"),
        ("batch=fulll", "or full"),
    ] {
        let err = TrainerConfig::from_hash(hash).and_then(|c| Trainer::new(c).map(|_| ())).unwrap_err();
        assert!(err.to_string().contains(needle), "{hash}: {err}");
    }
}
