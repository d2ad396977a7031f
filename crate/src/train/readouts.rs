//! Read-outs beyond the snapshot: the decision-boundary grid (2D data), predictions for a fixed
//! sample of validation examples (the digits' gallery) and the validation confusion matrix.

use super::{evaluate, DecisionGrid, Prediction, Trainer, EVAL_CHUNK};
use crate::error::{check_count, ConfigError, Result};
use crate::nn::mlp::Mode;
use crate::stats::argmax;

impl Trainer {
    /// Fill `out` with the class probabilities on a `size`×`size` grid over [`bounds`](Self::bounds)
    /// (2D datasets, size 2..=512). Reuses `out`'s and the trainer's buffers: no growth on repeat.
    pub fn decision_grid(&mut self, size: usize, out: &mut DecisionGrid) -> Result<()> {
        self.decision_grid_in(size, Mode::Eval, out)
    }

    /// [`decision_grid`](Self::decision_grid) in a test-time `mode` (see [`Mode::Uncorrected`]).
    pub fn decision_grid_in(&mut self, size: usize, mode: Mode, out: &mut DecisionGrid) -> Result<()> {
        if self.train.features != 2 {
            return Err(ConfigError::rule("dataset", "needs_2d", "a decision boundary needs a 2D dataset"));
        }
        check_count("grid", size, 2, 512)?;
        let c = self.net.config().classes;
        let [x0, x1, y0, y1] = self.bounds;
        out.size = size;
        out.classes = c;
        (out.x_range, out.y_range) = ([x0, x1], [y0, y1]);
        out.probs.resize(size * size * c, 0.0);
        out.best.resize(size * size, 0);
        out.confidence.resize(size * size, 0.0);
        let cells = size * size;
        let mut start = 0;
        while start < cells {
            let end = (start + EVAL_CHUNK).min(cells);
            self.chunk_x.clear();
            for cell in start..end {
                let (i, j) = (cell / size, cell % size);
                let x = x0 + (x1 - x0) * (j as f64 + 0.5) / size as f64;
                let y = y0 + (y1 - y0) * (i as f64 + 0.5) / size as f64;
                self.chunk_x.extend_from_slice(&[x, y]);
            }
            self.standardizer.apply(&mut self.chunk_x);
            self.chunk_p.resize((end - start) * c, 0.0);
            self.net.predict_in(&self.chunk_x, mode, &mut self.chunk_p);
            for (k, p) in self.chunk_p.chunks_exact(c).enumerate() {
                let cell = start + k;
                let best = argmax(p);
                out.best[cell] = best as u8;
                out.confidence[cell] = p[best] as f32;
                out.probs[cell * c..(cell + 1) * c].iter_mut().zip(p).for_each(|(o, &v)| *o = v as f32);
            }
            start = end;
        }
        Ok(())
    }

    /// The network's answers for the first `count` validation examples (a fixed sample).
    pub fn predictions(&mut self, count: usize) -> Vec<Prediction> {
        let n = count.min(self.val.len());
        let (f, c) = (self.val.features, self.net.config().classes);
        let mut probs = vec![0.0; n * c];
        self.net.predict(&self.val.x[..n * f], &mut probs);
        (0..n)
            .map(|i| {
                let p = &probs[i * c..(i + 1) * c];
                let (label, features) = (self.val.y[i], self.val_raw.row(i).to_vec());
                Prediction { index: i, label, predicted: argmax(p), probs: p.to_vec(), features }
            })
            .collect()
    }

    /// Confusion matrix on the validation split: `m[true][predicted]` counts.
    pub fn confusion_matrix(&mut self) -> Vec<Vec<u32>> {
        let c = self.net.config().classes;
        let mut m = vec![vec![0u32; c]; c];
        evaluate(&mut self.net, &self.val, Mode::Eval, |label, p| m[label][argmax(p)] += 1);
        m
    }
}
