//! One hidden layer of the trainer's [`Mlp`](super::Mlp): `affine [DropConnect] → [batch norm |
//! layer norm] → activation → dropout`, optionally as a residual block x + g·f(x) (He et al.
//! 2015) whose gate g implements stochastic depth (Huang et al. 2016): in training the block is
//! kept with its survival probability p (g = 1) or skipped (g = 0, the layer is the identity);
//! at test every block runs, scaled by g = p, its expected contribution.

use super::activation::Activation;
use super::batch_norm::BatchNorm;
use super::dense::Dense;
use super::dropconnect::DropConnect;
use super::dropout::Dropout;
use super::layer_norm::LayerNorm;
use super::mlp::Mode;
use crate::rng::Rng;

/// One hidden layer with its forward buffers.
#[derive(Clone, Debug)]
pub(super) struct Hidden {
    pub dense: Dense<f64>,
    pub bn: Option<BatchNorm<f64>>,
    pub ln: Option<LayerNorm<f64>>,
    pub dropout: Dropout<f64>,
    pub dropconnect: DropConnect,
    pub slope: [f64; 1],
    pub grad_slope: [f64; 1],
    /// Adds its input to its output (equal widths).
    pub residual: bool,
    /// Probability that training keeps the block (1: always; only residual blocks skip).
    pub survival: f64,
    /// The gate of the last forward: 1 or 0 in training, the survival probability at test.
    gate: f64,
    /// The last forward was a training pass that skipped the block (its gate drew 0).
    skipped: bool,
    /// Affine output, normalized output, activation, layer output.
    pub h: Vec<f64>,
    z: Vec<f64>,
    pub a: Vec<f64>,
    pub out: Vec<f64>,
}

/// Backward scratch shared by the hidden layers.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    g_branch: Vec<f64>,
    g_act: Vec<f64>,
    g_pre: Vec<f64>,
    g_h: Vec<f64>,
}

impl Scratch {
    pub fn capacity(&self) -> usize {
        [&self.g_branch, &self.g_act, &self.g_pre, &self.g_h].map(Vec::capacity).iter().sum()
    }
}

impl Hidden {
    pub fn new(dense: Dense<f64>, dropout: Dropout<f64>, dropconnect: DropConnect, slope: f64) -> Self {
        Self {
            dense,
            bn: None,
            ln: None,
            dropout,
            dropconnect,
            slope: [slope],
            grad_slope: [0.0],
            residual: false,
            survival: 1.0,
            gate: 1.0,
            skipped: false,
            h: Vec::new(),
            z: Vec::new(),
            a: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The gate of the branch in `mode` (a training draw for stochastic depth).
    fn draw_gate(&self, mode: Mode, rng: &mut Rng) -> f64 {
        match mode {
            _ if self.survival >= 1.0 => 1.0,
            Mode::Train => f64::from(u8::from(rng.uniform() < self.survival)),
            Mode::Uncorrected => 1.0,
            Mode::Eval | Mode::BatchStats => self.survival,
        }
    }

    pub fn forward(&mut self, inp: &[f64], rows: usize, act: Activation, mode: Mode, rng: &mut Rng) {
        let (pw, w) = (self.dense.outputs, self.dense.outputs / act.pieces());
        self.gate = self.draw_gate(mode, rng);
        self.out.resize(rows * w, 0.0);
        // Training skips a dropped block entirely; at test even a block of survival 0 runs, so
        // its activations exist for the read-outs.
        self.skipped = mode == Mode::Train && self.gate == 0.0;
        if self.skipped {
            return self.out.copy_from_slice(inp); // a skipped block is the identity
        }
        self.h.resize(rows * pw, 0.0);
        let dc_p = self.dropconnect.p();
        match mode {
            Mode::Train if dc_p > 0.0 => self.dropconnect.forward_train(&mut self.dense, inp, &mut self.h, rng),
            Mode::Uncorrected if dc_p > 0.0 => {
                self.dropconnect.forward_scaled(&mut self.dense, inp, &mut self.h, 1.0 / (1.0 - dc_p))
            }
            _ => self.dropconnect.forward_scaled(&mut self.dense, inp, &mut self.h, 1.0),
        }
        if let Some(bn) = &mut self.bn {
            self.z.resize(rows * pw, 0.0);
            match mode {
                Mode::Train => bn.forward_train(&self.h, &mut self.z),
                Mode::Eval | Mode::Uncorrected => bn.forward_eval(&self.h, &mut self.z),
                Mode::BatchStats => bn.forward_batch_stats(&self.h, &mut self.z),
            }
        } else if let Some(ln) = &mut self.ln {
            self.z.resize(rows * pw, 0.0);
            ln.forward(&self.h, &mut self.z);
        }
        let pre = if self.bn.is_some() || self.ln.is_some() { &self.z } else { &self.h };
        self.a.resize(rows * w, 0.0);
        act.forward(self.slope[0], pre, &mut self.a);
        match mode {
            Mode::Train if self.dropout.p() > 0.0 => self.dropout.forward_train(&self.a, &mut self.out, rng),
            Mode::Uncorrected => {
                let scale = self.dropout.keep_scale();
                self.out.iter_mut().zip(&self.a).for_each(|(o, &a)| *o = a * scale);
            }
            _ => self.dropout.forward_eval(&self.a, &mut self.out),
        }
        if self.residual {
            let gate = self.gate;
            self.out.iter_mut().zip(inp).for_each(|(o, &x)| *o = x + gate * *o);
        }
    }

    /// Given dL/d(out) of the last forward, fill this layer's gradients and (when asked) dx.
    pub fn backward(
        &mut self,
        inp: &[f64],
        g_out: &[f64],
        act: Activation,
        s: &mut Scratch,
        mut dx: Option<&mut [f64]>,
    ) {
        if self.skipped {
            self.zero_grads();
            if let Some(dx) = dx {
                dx.copy_from_slice(g_out);
            }
            return;
        }
        let g_branch = if self.residual && self.gate != 1.0 {
            s.g_branch.clear();
            s.g_branch.extend(g_out.iter().map(|g| g * self.gate));
            &s.g_branch[..]
        } else {
            g_out
        };
        s.g_act.resize(g_out.len(), 0.0);
        self.dropout.backward(g_branch, &mut s.g_act);
        let normed = self.bn.is_some() || self.ln.is_some();
        let pre = if normed { &self.z } else { &self.h };
        s.g_pre.resize(pre.len(), 0.0);
        act.backward(self.slope[0], pre, &self.a, &s.g_act, &mut s.g_pre);
        self.grad_slope[0] = act.slope_grad(pre, &s.g_act);
        let g_affine = if normed {
            s.g_h.resize(pre.len(), 0.0);
            if let Some(bn) = &mut self.bn {
                bn.backward(&self.h, &s.g_pre, &mut s.g_h);
            } else if let Some(ln) = &mut self.ln {
                ln.backward(&self.h, &s.g_pre, &mut s.g_h);
            }
            &s.g_h
        } else {
            &s.g_pre
        };
        self.dropconnect.backward(&mut self.dense, inp, g_affine, dx.as_deref_mut());
        if let (true, Some(dx)) = (self.residual, dx) {
            dx.iter_mut().zip(g_out).for_each(|(d, &g)| *d += g); // the skip connection
        }
    }

    /// A skipped block's parameters had no effect on the loss.
    fn zero_grads(&mut self) {
        self.dense.grad_weight.fill(0.0);
        self.dense.grad_bias.fill(0.0);
        if let Some(bn) = &mut self.bn {
            bn.grad_gamma.fill(0.0);
            bn.grad_beta.fill(0.0);
        }
        if let Some(ln) = &mut self.ln {
            ln.grad_gamma.fill(0.0);
            ln.grad_beta.fill(0.0);
        }
        self.grad_slope[0] = 0.0;
    }

    /// The nonlinearity's input of the last forward: the normalized output with batch or layer
    /// norm, else the affine output.
    pub fn pre_activation(&self) -> &[f64] {
        if self.bn.is_some() || self.ln.is_some() {
            &self.z
        } else {
            &self.h
        }
    }

    /// Capacity of its per-batch buffers.
    pub fn capacity(&self) -> usize {
        [&self.h, &self.z, &self.a, &self.out].map(Vec::capacity).iter().sum::<usize>() + self.dropconnect.capacity()
    }
}
