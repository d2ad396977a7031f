//! Small per-element gradient transforms shared by the optimizers (burn-style composition):
//! weight decay, exponential moving averages of g and g², bias correction, lazy state sizing.
//! Each mirrors the exact floating-point order of the ATen kernel torch uses, so paths agree
//! with `torch.optim` to the last few ulps. The per-element ones are always inlined: the
//! size-optimized build would otherwise call them once per parameter.

/// g + λ·θ — L2 weight decay folded into the gradient (torch `weight_decay`, coupled form).
#[inline(always)]
pub fn l2_decay(grad: f64, param: f64, weight_decay: f64) -> f64 {
    if weight_decay != 0.0 {
        grad + weight_decay * param
    } else {
        grad
    }
}

/// θ · (1 − lr·λ) — decoupled weight decay (AdamW), applied to the pre-update θ.
#[inline(always)]
pub fn decoupled_decay(param: f64, lr: f64, weight_decay: f64) -> f64 {
    if weight_decay != 0.0 {
        param * (1.0 - lr * weight_decay)
    } else {
        param
    }
}

/// m ← β·m + (1 − β)·g, computed as ATen's `lerp(m, g, 1 − β)` does.
#[inline(always)]
pub fn ema(avg: f64, x: f64, beta: f64) -> f64 {
    let weight = 1.0 - beta;
    if weight.abs() < 0.5 {
        avg + weight * (x - avg)
    } else {
        x - (x - avg) * (1.0 - weight)
    }
}

/// v ← β·v + (1 − β)·g²  (`v.mul_(β).addcmul_(g, g, value=1 − β)`).
#[inline(always)]
pub fn ema_sq(avg_sq: f64, x: f64, beta: f64) -> f64 {
    avg_sq * beta + (1.0 - beta) * x * x
}

/// 1 − β^t — the bias-correction denominator of a moving average started at 0.
#[inline]
pub fn bias_correction(beta: f64, step_count: u64) -> f64 {
    1.0 - beta.powf(step_count as f64)
}

/// Size a state vector to `n` zeros if it does not match; true when it was (re)initialized.
/// Only the first step (or a change of dimension) allocates.
#[inline]
pub fn ensure_len(state: &mut Vec<f64>, n: usize) -> bool {
    if state.len() == n {
        return false;
    }
    state.clear();
    state.resize(n, 0.0);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_match_their_formulas() {
        assert_eq!(l2_decay(1.0, 2.0, 0.0), 1.0);
        assert!((l2_decay(1.0, 2.0, 0.1) - 1.2).abs() < 1e-15);
        assert!((decoupled_decay(2.0, 0.1, 0.01) - 1.998).abs() < 1e-15);
        assert!((ema(1.0, 3.0, 0.9) - 1.2).abs() < 1e-15);
        assert!((ema(1.0, 3.0, 0.2) - 2.6).abs() < 1e-15);
        assert!((ema_sq(1.0, 2.0, 0.99) - 1.03).abs() < 1e-15);
        assert!((bias_correction(0.9, 2) - 0.19).abs() < 1e-15);
        let mut v = vec![1.0];
        assert!(ensure_len(&mut v, 2));
        assert_eq!(v, [0.0, 0.0]);
        assert!(!ensure_len(&mut v, 2));
    }
}
