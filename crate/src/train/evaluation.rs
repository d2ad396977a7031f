//! Evaluation passes of the trainer: loss and accuracy over a split in chunks, optionally
//! probing the first chunk's activations (dead and saturated fractions) on the way; the
//! end-of-epoch record and the probe batch's statistics.

use super::*;

impl Trainer {
    /// Evaluate both splits and the probe batch, append the record.
    pub(super) fn finish_epoch(&mut self, lr: f64) {
        let dead_and_saturated = |acts: &[f64], rows, width, act: crate::nn::Activation| {
            let dead = stats::dead_fraction(acts, rows, width);
            (dead, act.unsaturated_band().map(|band| stats::saturated_fraction(acts, band)))
        };
        // The probe batch is the training split's first evaluation chunk: measure it there
        // rather than run its forward again.
        let (layers, width, act) = (self.cfg.layers, self.cfg.width, self.cfg.activation);
        let mut probed = None;
        let (train_loss, train_acc) = evaluate_probing(&mut self.net, &self.train, Mode::Eval, |net| {
            probed = Some(measure_probe(net, layers, width, act, dead_and_saturated));
        });
        let (val_loss, val_acc) = evaluate(&mut self.net, &self.val, Mode::Eval, |_, _| {});
        let val_acc_batch_stats =
            self.cfg.batch_norm.then(|| evaluate(&mut self.net, &self.val, Mode::BatchStats, |_, _| {}).1);
        if !(train_loss.is_finite() && val_loss.is_finite()) {
            self.diverged_at = Some(self.steps);
        }
        let (dead_fraction, saturated_fraction) = probed.unwrap_or_else(|| self.probe(dead_and_saturated));
        self.history.push(EpochRecord {
            epoch: self.history.len() + 1,
            lr,
            train_loss,
            train_acc,
            val_loss,
            val_acc,
            val_acc_batch_stats,
            update_to_weight_ratio: self.ratios.clone(),
            dead_fraction,
            saturated_fraction,
        });
        self.watch_validation();
    }

    /// Eval-mode forward of the probe batch (the first ≤ 256 training examples); `measure`
    /// sees each hidden layer's activations (rows × width) and the activation.
    fn probe<A, B>(
        &mut self,
        measure: impl Fn(&[f64], usize, usize, crate::nn::Activation) -> (A, B),
    ) -> (Vec<A>, Vec<B>) {
        let rows = self.train.len().min(EVAL_CHUNK);
        let x = &self.train.x[..rows * self.train.features];
        self.net.forward(x, Mode::Eval, &mut Rng::new(0));
        measure_probe(&self.net, self.cfg.layers, self.cfg.width, self.cfg.activation, measure)
    }

    /// Per-hidden-layer activation statistics (histograms with `bins` bins) on the probe batch.
    pub fn layer_stats(&mut self, bins: usize) -> Result<Vec<ActivationStats>> {
        check_count("bins", bins, 2, 200)?;
        Ok(self.probe(|acts, rows, width, act| (ActivationStats::measure(acts, rows, width, act, bins), ())).0)
    }
}

/// Eval-mode (mean data loss, accuracy) over `data` in chunks; `on_row(label, probs)` per example.
/// Mean loss and accuracy over `data` in chunks of [`EVAL_CHUNK`] rows (with `Mode::BatchStats`
/// each chunk is a batch); `on_row` sees every label and probability row.
pub(super) fn evaluate(net: &mut Mlp, data: &Dataset, mode: Mode, on_row: impl FnMut(usize, &[f64])) -> (f64, f64) {
    evaluate_rows(net, data, mode, on_row, |_| {})
}

/// [`evaluate`] without a per-row hook, handing the network to `first_chunk` right after the
/// forward of the first chunk (for the training split: the probe batch).
pub(super) fn evaluate_probing(
    net: &mut Mlp,
    data: &Dataset,
    mode: Mode,
    first_chunk: impl FnOnce(&Mlp),
) -> (f64, f64) {
    evaluate_rows(net, data, mode, |_, _| {}, first_chunk)
}

pub(super) fn evaluate_rows(
    net: &mut Mlp,
    data: &Dataset,
    mode: Mode,
    mut on_row: impl FnMut(usize, &[f64]),
    first_chunk: impl FnOnce(&Mlp),
) -> (f64, f64) {
    let (f, c) = (data.features, net.config().classes);
    let (mut loss, mut correct) = (0.0, 0usize);
    let mut rng = Rng::new(0);
    let mut first_chunk = Some(first_chunk);
    for start in (0..data.len()).step_by(EVAL_CHUNK) {
        let end = (start + EVAL_CHUNK).min(data.len());
        let labels = &data.y[start..end];
        loss += net.loss(&data.x[start * f..end * f], labels, mode, &mut rng).data * labels.len() as f64;
        if let Some(hook) = first_chunk.take() {
            hook(net);
        }
        for (p, &y) in net.probs().chunks_exact(c).zip(labels) {
            correct += usize::from(argmax(p) == y);
            on_row(y, p);
        }
    }
    let n = data.len().max(1) as f64;
    (loss / n, correct as f64 / n)
}

/// `measure(activations, rows, width, activation)` of every hidden layer after the last forward.
pub(super) fn measure_probe<A, B>(
    net: &Mlp,
    layers: usize,
    width: usize,
    act: crate::nn::Activation,
    measure: impl Fn(&[f64], usize, usize, crate::nn::Activation) -> (A, B),
) -> (Vec<A>, Vec<B>) {
    (0..layers).map(|l| measure(net.activations(l), net.rows(), width, act)).unzip()
}
