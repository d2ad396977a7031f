//! Softmax cross-entropy (CS231n lecture 3): p = softmax(z), L = −(1/N)·Σ log p_y,
//! dL/dz = (p − onehot(y))/N. Log-sum-exp with the row max subtracted keeps it finite.

use super::scalar::Scalar;

/// Softmax + cross-entropy over row-major logits (batch × classes); keeps the probabilities
/// of the last forward for backward and for display.
#[derive(Clone, Debug, Default)]
pub struct SoftmaxCrossEntropy<T: Scalar = f32> {
    classes: usize,
    probs: Vec<T>,
}

impl<T: Scalar> SoftmaxCrossEntropy<T> {
    /// An empty loss; buffers are sized by the first forward.
    pub fn new() -> Self {
        Self { classes: 0, probs: Vec::new() }
    }

    /// Mean cross-entropy of `logits` (labels.len() rows × `classes`) against `labels`
    /// (each < classes); stores softmax probabilities.
    pub fn forward(&mut self, logits: &[T], labels: &[usize], classes: usize) -> f64 {
        assert!(classes > 0 && logits.len() == labels.len() * classes, "softmax CE: logits shape");
        assert!(labels.iter().all(|&y| y < classes), "softmax CE: label out of range");
        self.classes = classes;
        self.probs.resize(logits.len(), T::ZERO);
        let mut total = 0.0f64;
        for ((z, p), &y) in logits.chunks_exact(classes).zip(self.probs.chunks_exact_mut(classes)).zip(labels) {
            let max = z.iter().copied().fold(z[0], |a, b| if b > a { b } else { a });
            let mut sum = T::ZERO;
            for (pi, &zi) in p.iter_mut().zip(z) {
                // e⁰ = 1 exactly: skips one libm call per row (half of them for two classes).
                *pi = if zi == max { T::ONE } else { (zi - max).exp() };
                sum += *pi;
            }
            p.iter_mut().for_each(|pi| *pi /= sum);
            // −log p_y = log Σ e^(z − max) − (z_y − max), accurate even when p_y underflows.
            total += sum.to_f64().ln() - (z[y] - max).to_f64();
        }
        total / labels.len().max(1) as f64
    }

    /// Softmax probabilities of the last forward (batch × classes).
    pub fn probs(&self) -> &[T] {
        &self.probs
    }

    /// dL/dz = (p − onehot(y))/N for the last forward.
    pub fn backward(&self, labels: &[usize], dlogits: &mut [T]) {
        assert!(
            dlogits.len() == self.probs.len() && labels.len() * self.classes == self.probs.len(),
            "softmax CE backward: shape"
        );
        let inv_n = T::from_f64(1.0 / labels.len().max(1) as f64);
        for ((d, p), &y) in
            dlogits.chunks_exact_mut(self.classes).zip(self.probs.chunks_exact(self.classes)).zip(labels)
        {
            for (di, &pi) in d.iter_mut().zip(p) {
                *di = pi * inv_n;
            }
            d[y] -= inv_n;
        }
    }
}
