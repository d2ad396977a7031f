//! Evaluation passes of the trainer: loss and accuracy over a split in chunks, optionally
//! probing the first chunk's activations (dead and saturated fractions) on the way.

use super::*;

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
