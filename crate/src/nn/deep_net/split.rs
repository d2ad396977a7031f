//! The init experiment with its batch split across workers: each [`Shard`] holds a range of
//! X's rows and runs the forward and backward passes on them; a [`SplitRun`] (on the page's
//! main thread, or in a test) sends every shard the same [`Request`] per round and combines
//! their [`Reply`]s: batch-norm statistics and sums are added across the parts, each layer's
//! weight gradient is the sum of the parts' gradients, and the per-layer statistics are
//! merged. The numbers equal the unsplit run's up to the order of floating-point sums.
//!
//! Rounds: with batch norm, `Forward{l}` for every layer (finish layer l−1 with the whole
//! batch's statistics, then start layer l) and `Measure` (finish the last layer, reply the
//! per-layer activation statistics); without, one `Forward{0}` does all that. Then
//! `Backward{l}` from the last layer down (finish layer l+1's backward with the whole batch's
//! sums and reply its weight-gradient part, then start layer l), and `Gradient` (finish layer
//! 0). The gradient parts are added with [`SplitRun::add_grad`], which a page can do while
//! the workers already run the next round.

use super::{DeepNet, DeepNetConfig, DeepNetReport};
use crate::error::Result;
use crate::nn::layer_stats::{ActivationPartial, GradientStats, LayerStats};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One round's instruction, the same for every shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Request {
    /// Finish layer `layer − 1` with `stats` (batch norm: the batch's means then biased
    /// variances; empty otherwise), then compute layer `layer`'s h.
    Forward { layer: usize, stats: Vec<f64> },
    /// Finish the last layer with `stats`; reply the activation statistics.
    Measure { stats: Vec<f64> },
    /// Finish layer `layer + 1`'s backward with `sums` (batch norm: the batch's Σdy then
    /// Σdy·x̂; empty otherwise) and reply its weight-gradient part; then start layer `layer`.
    Backward { layer: usize, sums: Vec<f64> },
    /// Finish layer 0's backward with `sums` and reply its weight-gradient part.
    Gradient { sums: Vec<f64> },
}

/// A shard's answer to one round (its weight-gradient part travels separately, as f32).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// Batch norm: this part's column sums (Σh then Σh², or Σdy then Σdy·x̂).
    pub sums: Vec<f64>,
    /// After `Measure`: this part's per-layer activation statistics.
    pub partials: Vec<ActivationPartial>,
    /// After `Measure`: Σ of the last layer's activations over this part.
    pub loss_sum: f64,
    /// The layer whose weight-gradient part this round produced (see [`Shard::take_grad`]).
    pub grad_layer: Option<usize>,
}

/// The rows of `parts` near-equal parts of a batch of `batch` (at most `batch` parts).
pub fn part_rows(batch: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, batch.max(1));
    (0..parts).map(|p| p * batch / parts..(p + 1) * batch / parts).collect()
}

/// One worker's rows of the experiment.
#[derive(Debug, Default)]
pub struct Shard {
    net: DeepNet<f32>,
    grad: Vec<f32>,
}

impl Shard {
    /// Take `rows` of the experiment `cfg` (the same draws as the whole batch).
    pub fn new(cfg: &DeepNetConfig, rows: Range<usize>) -> Result<Self> {
        let mut shard = Self::default();
        shard.set(cfg, rows)?;
        Ok(shard)
    }

    /// Switch to `cfg` and `rows`; draws are reused when seed and shapes are unchanged.
    pub fn set(&mut self, cfg: &DeepNetConfig, rows: Range<usize>) -> Result<()> {
        if rows.is_empty() || rows.end > cfg.batch {
            return Err(crate::error::ConfigError::new("batch", "rows outside the batch"));
        }
        self.net.set_part(cfg, rows)
    }

    /// Run one round.
    /// Whether `request` fits the part this shard holds. A worker replaced mid-run (a fresh
    /// shard) or a round of an older run must be refused, not run into layers it lacks.
    pub fn accepts(&self, request: &Request) -> bool {
        let layers = self.net.cfg.layers;
        let set_up = layers > 0 && self.net.bases.len() == layers && !self.net.rows.is_empty();
        set_up
            && match request {
                Request::Forward { layer, .. } | Request::Backward { layer, .. } => *layer < layers,
                Request::Measure { .. } | Request::Gradient { .. } => true,
            }
    }

    pub fn handle(&mut self, request: &Request) -> Reply {
        let layers = self.net.cfg.layers;
        match request {
            Request::Forward { layer, stats } => {
                if *layer > 0 {
                    self.finish_layer(layer - 1, stats);
                }
                if self.net.cfg.batch_norm {
                    self.net.layer_input(*layer);
                    return self.column_sums(*layer);
                }
                // Nothing to wait for without batch norm: the rest of the forward pass at once.
                for l in *layer..layers {
                    self.net.layer_input(l);
                    self.net.layer_output(l);
                }
                self.measure()
            }
            Request::Measure { stats } => {
                self.finish_layer(layers - 1, stats);
                self.measure()
            }
            Request::Backward { layer, sums } => {
                let grad_layer = (*layer + 1 < layers).then_some(layer + 1);
                if let Some(l) = grad_layer {
                    self.finish_backward(l, sums);
                }
                self.net.layer_backward(*layer);
                Reply { grad_layer, ..self.backward_sums(*layer) }
            }
            Request::Gradient { sums } => {
                self.finish_backward(0, sums);
                Reply { grad_layer: Some(0), ..Reply::default() }
            }
        }
    }

    /// Per-layer activation statistics of this part and Σ of its last layer; readies backward.
    fn measure(&mut self) -> Reply {
        let cfg = &self.net.cfg;
        let (n, w) = (self.net.rows.len(), cfg.width);
        let partials =
            self.net.acts.iter().map(|a| ActivationPartial::measure(a, n, w, cfg.activation, cfg.bins)).collect();
        let loss_sum = self.net.acts[cfg.layers - 1].iter().map(|&a| a as f64).sum();
        self.net.start_backward();
        Reply { partials, loss_sum, ..Reply::default() }
    }

    /// The weight-gradient part the last `Backward`/`Gradient` round produced.
    pub fn take_grad(&mut self) -> Vec<f32> {
        std::mem::take(&mut self.grad)
    }

    /// With batch norm, `stats` holds f means then f variances (a short one is ignored: only
    /// a `SplitRun` writes requests).
    fn finish_layer(&mut self, l: usize, stats: &[f64]) {
        let f = self.net.cfg.columns();
        if let (true, Some(mean), Some(var)) = (self.net.cfg.batch_norm, stats.get(..f), stats.get(f..2 * f)) {
            self.net.bns[l].set_batch_statistics(mean, var);
        }
        self.net.layer_output(l);
    }

    fn finish_backward(&mut self, l: usize, sums: &[f64]) {
        let f = self.net.cfg.columns();
        if let (true, Some(dy), Some(dy_xhat)) = (self.net.cfg.batch_norm, sums.get(..f), sums.get(f..2 * f)) {
            let bn = &mut self.net.bns[l];
            bn.grad_beta.iter_mut().zip(dy).for_each(|(g, &s)| *g = s as f32);
            bn.grad_gamma.iter_mut().zip(dy_xhat).for_each(|(g, &s)| *g = s as f32);
        }
        self.grad = self.net.layer_weight_grad(l).to_vec();
    }

    /// Batch norm: Σh and Σh² per column of layer `l` (empty reply otherwise).
    fn column_sums(&self, l: usize) -> Reply {
        if !self.net.cfg.batch_norm {
            return Reply::default();
        }
        let f = self.net.cfg.columns();
        let mut sums = vec![0.0; 2 * f];
        for row in self.net.hs[l].chunks_exact(f) {
            for (j, &x) in row.iter().enumerate() {
                let x = x as f64;
                sums[j] += x;
                sums[f + j] += x * x;
            }
        }
        Reply { sums, ..Reply::default() }
    }

    /// Batch norm: this part's Σdy and Σdy·x̂ of layer `l` (empty reply otherwise).
    fn backward_sums(&mut self, l: usize) -> Reply {
        let net = &mut self.net;
        if !net.cfg.batch_norm {
            return Reply::default();
        }
        let bn = &mut net.bns[l];
        bn.backward_sums(&net.hs[l], &net.dpre);
        let sums = bn.grad_beta.iter().chain(&bn.grad_gamma).map(|&s| s as f64).collect();
        Reply { sums, ..Reply::default() }
    }
}

/// Where a [`SplitRun`] stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Forward(usize),
    Measure,
    Backward(usize),
    Gradient,
    Done,
}

/// The coordinator: one request per round for all shards, their replies combined.
#[derive(Debug)]
pub struct SplitRun {
    cfg: DeepNetConfig,
    parts: usize,
    phase: Phase,
    /// The whole batch's statistics or sums for the next request.
    combined: Vec<f64>,
    /// Replies of the round in progress.
    replies: Vec<Reply>,
    /// Per layer: the sum of the gradient parts added so far, and how many.
    grads: Vec<(Vec<f32>, usize)>,
    report: Option<DeepNetReport>,
    /// A preview: only X's first rows, in one shard, activations only.
    sample: Option<usize>,
}

impl SplitRun {
    /// A run of `cfg` over `parts` shards (see [`part_rows`]); refuses what the split cannot
    /// do: the batch-norm eval pass (its warm-up batches run whole, in one worker).
    pub fn new(cfg: &DeepNetConfig, parts: usize) -> Result<Self> {
        cfg.validate()?;
        if cfg.batch_norm && cfg.bn_eval_warmup.is_some() {
            return Err(crate::error::ConfigError::new("bnEvalWarmup", "the eval pass runs unsplit"));
        }
        Ok(Self {
            cfg: cfg.clone(),
            parts: part_rows(cfg.batch, parts).len(),
            phase: Phase::Forward(0),
            combined: Vec::new(),
            replies: Vec::new(),
            grads: vec![(Vec::new(), 0); cfg.layers],
            report: None,
            sample: None,
        })
    }

    /// A preview of `cfg`: the activations of X's first `rows` rows (the same draws as the whole
    /// batch), in one shard, stopping once they are measured: a page shows it while the whole
    /// batch computes. Batch norm normalizes with these rows' statistics.
    pub fn preview(cfg: &DeepNetConfig, rows: usize) -> Result<Self> {
        let cfg = DeepNetConfig { bn_eval_warmup: None, ..cfg.clone() };
        let rows = rows.clamp(1, cfg.batch);
        Ok(Self { parts: 1, sample: Some(rows), ..Self::new(&cfg, 1)? })
    }

    /// The shards' rows.
    pub fn rows(&self) -> Vec<Range<usize>> {
        match self.sample {
            Some(rows) => std::iter::once(0..rows).collect(),
            None => part_rows(self.cfg.batch, self.parts),
        }
    }

    /// This round's request, or `None` when every round is combined.
    pub fn request(&self) -> Option<Request> {
        let stats = self.combined.clone();
        Some(match self.phase {
            Phase::Forward(layer) => Request::Forward { layer, stats },
            Phase::Measure => Request::Measure { stats },
            Phase::Backward(layer) => Request::Backward { layer, sums: stats },
            Phase::Gradient => Request::Gradient { sums: stats },
            Phase::Done => return None,
        })
    }

    /// One shard's reply to this round; after the last shard's, the round is combined and the
    /// next request is ready.
    pub fn accept(&mut self, reply: Reply) {
        if self.phase == Phase::Done {
            return;
        }
        self.replies.push(reply);
        if self.replies.len() == self.parts {
            self.combine();
        }
    }

    /// One shard's part of layer `layer`'s weight gradient; once every part is in, the layer's
    /// gradient statistics join the report. Wrong layers or lengths are ignored.
    pub fn add_grad(&mut self, layer: usize, part: &[f32]) {
        let (parts, bins) = (self.parts, self.cfg.bins);
        let Some((sum, count)) = self.grads.get_mut(layer) else { return };
        if sum.is_empty() {
            *sum = part.to_vec();
        } else if sum.len() == part.len() {
            sum.iter_mut().zip(part).for_each(|(a, &b)| *a += b);
        } else {
            return;
        }
        *count += 1;
        if *count == parts {
            let stats = GradientStats::measure(sum, bins);
            *sum = Vec::new();
            if let Some(report) = self.report.as_mut() {
                report.layers[layer].weight_grad = Some(stats);
            }
        }
    }

    fn combine(&mut self) {
        let replies = std::mem::take(&mut self.replies);
        let (n, layers, bn) = (self.sample.unwrap_or(self.cfg.batch) as f64, self.cfg.layers, self.cfg.batch_norm);
        let summed = sum_columns(&replies);
        self.combined = match self.phase {
            Phase::Forward(_) if bn => {
                let f = summed.len() / 2;
                let mean: Vec<f64> = summed[..f].iter().map(|s| s / n).collect();
                let var = summed[f..].iter().zip(&mean).map(|(s2, m)| (s2 / n - m * m).max(0.0));
                mean.iter().copied().chain(var).collect()
            }
            _ => summed,
        };
        let measured = matches!(self.phase, Phase::Measure) || (matches!(self.phase, Phase::Forward(_)) && !bn);
        if measured {
            self.report = Some(measured_report(replies, n * self.cfg.width as f64));
        }
        self.phase = match self.phase {
            Phase::Forward(l) if bn && l + 1 < layers => Phase::Forward(l + 1),
            Phase::Forward(_) if bn => Phase::Measure,
            Phase::Forward(_) | Phase::Measure => Phase::Backward(layers - 1),
            Phase::Backward(0) => Phase::Gradient,
            Phase::Backward(l) => Phase::Backward(l - 1),
            Phase::Gradient | Phase::Done => Phase::Done,
        };
        if measured && self.sample.is_some() {
            self.phase = Phase::Done;
        }
    }

    /// The report so far: activations once measured, gradients as their parts are all in.
    pub fn report(&self) -> Option<&DeepNetReport> {
        self.report.as_ref()
    }
}

/// Σ over the replies of their column sums.
fn sum_columns(replies: &[Reply]) -> Vec<f64> {
    let mut out = vec![0.0; replies.first().map_or(0, |r| r.sums.len())];
    for reply in replies {
        out.iter_mut().zip(&reply.sums).for_each(|(a, b)| *a += b);
    }
    out
}

/// The activation part of the report from the shards' `Measure` replies.
fn measured_report(replies: Vec<Reply>, entries: f64) -> DeepNetReport {
    let loss = replies.iter().map(|r| r.loss_sum).sum::<f64>() / entries;
    let mut replies = replies.into_iter();
    let mut merged = replies.next().map(|r| r.partials).unwrap_or_default();
    for reply in replies {
        merged.iter_mut().zip(&reply.partials).for_each(|(a, b)| a.merge(b));
    }
    let layers: Vec<LayerStats> =
        merged.into_iter().map(|p| LayerStats { activations: p.finish(), weight_grad: None }).collect();
    let diverged_at_layer = layers.iter().position(|s| s.activations.non_finite_fraction > 0.0).map(|l| l + 1);
    DeepNetReport { layers, eval_layers: None, loss, diverged_at_layer }
}

/// Run `cfg` split into `parts` shards in this thread (tests, and the reference for the page).
pub fn run_split(cfg: &DeepNetConfig, parts: usize) -> Result<DeepNetReport> {
    finish(SplitRun::new(cfg, parts)?, cfg)
}

/// [`SplitRun::preview`] of `rows` rows in this thread (tests).
pub fn run_preview(cfg: &DeepNetConfig, rows: usize) -> Result<DeepNetReport> {
    finish(SplitRun::preview(cfg, rows)?, cfg)
}

fn finish(mut run: SplitRun, cfg: &DeepNetConfig) -> Result<DeepNetReport> {
    let mut shards = run.rows().into_iter().map(|rows| Shard::new(cfg, rows)).collect::<Result<Vec<_>>>()?;
    while let Some(request) = run.request() {
        let mut parts = Vec::new();
        for shard in &mut shards {
            let reply = shard.handle(&request);
            parts.push((reply.grad_layer, shard.take_grad()));
            run.accept(reply);
        }
        for (layer, grad) in parts.into_iter().filter_map(|(l, g)| l.map(|l| (l, g))) {
            run.add_grad(layer, &grad);
        }
    }
    Ok(run.report().cloned().expect("a finished run has a report"))
}
