//! What crosses between the page's wasm instances as bytes (postcard, `web/mod.rs`): a trainer's
//! frame and scenery, the init lab's report and a split run's requests and replies come back
//! exactly as they were sent, including NaN and missing values.

use gradscope::nn::deep_net::split::{Request, Shard, SplitRun};
use gradscope::nn::deep_net_fields::from_hash;
use gradscope::scene::init_lab::InitLab;
use gradscope::scene::trainer::{Trainer, TrainerConfig, TrainerFrame, TrainerScenery};
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> usize {
    let bytes = postcard::to_allocvec(value).unwrap();
    let back: T = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(&back, value);
    bytes.len()
}

#[test]
fn trainer_frames_and_scenery_survive_the_bytes() {
    for hash in ["ds=spiral&epochs=3", "ds=digits&layers=1&width=16&epochs=1", "ds=xor&bn=1&lr=50&epochs=3"] {
        let mut trainer = Trainer::new(TrainerConfig::from_hash(hash).unwrap()).unwrap();
        for _ in 0..3 {
            trainer.epoch();
        }
        let frame = trainer.frame(true);
        round_trip::<TrainerFrame>(&frame);
        round_trip::<TrainerFrame>(&trainer.frame(false));
        round_trip::<TrainerScenery>(&trainer.scenery());
    }
}

#[test]
fn init_lab_reports_requests_and_replies_survive_the_bytes() {
    let config = from_hash("layers=4&width=30&batch=40&dim=20&bn=1").unwrap();
    let lab = InitLab::new(&config).unwrap();
    round_trip(lab.report());
    let mut run = SplitRun::new(&config, 2).unwrap();
    let mut shards: Vec<Shard> = run.rows().into_iter().map(|r| Shard::new(&config, r).unwrap()).collect();
    let mut rounds = 0;
    while let Some(request) = run.request() {
        round_trip(&request);
        for shard in &mut shards {
            let reply = shard.handle(&request);
            round_trip(&reply);
            run.accept(reply);
        }
        rounds += 1;
    }
    assert!(rounds > 4, "forward, measure and backward rounds");
    round_trip(run.report().unwrap());
}

/// A worker replaced mid-run gets the round in progress on a fresh shard: refused, not a panic
/// on layers it lacks (found by the browser fuzz's worker kills); a set-up shard takes every
/// round of its run and refuses a layer past its depth.
#[test]
fn a_fresh_shard_refuses_a_round_and_a_set_up_one_checks_the_layer() {
    let config = from_hash("layers=4&width=30&batch=40&dim=20").unwrap();
    let fresh = Shard::default();
    for request in [
        Request::Forward { layer: 0, stats: vec![] },
        Request::Forward { layer: 2, stats: vec![] },
        Request::Measure { stats: vec![] },
        Request::Backward { layer: 1, sums: vec![] },
        Request::Gradient { sums: vec![] },
    ] {
        assert!(!fresh.accepts(&request), "{request:?} on a fresh shard");
    }
    let shard = Shard::new(&config, 0..20).unwrap();
    assert!(shard.accepts(&Request::Forward { layer: 3, stats: vec![] }));
    assert!(!shard.accepts(&Request::Forward { layer: 4, stats: vec![] }));
    assert!(!shard.accepts(&Request::Backward { layer: 4, sums: vec![] }));
}
