"""A 10-member ensemble of 64→100→10 ReLU nets on the 8×8 digits in numpy float64: the peer
that the regularization scene's ensemble (`#scene=regularize&…&m=ensemble&k=10`) is timed
against by `cargo xtask bench`.

The same work as gradscope's: the 1797 digits split half/half, inputs normalized with the
training half's mean and std, He-initialized weights and zero biases, Adam (lr 1e-3, β 0.9 and
0.999, ε 1e-8) on shuffled minibatches of 32 for 20 epochs, both halves evaluated after every
epoch (the live curves), then the members' validation probabilities averaged.
Prints one JSON line. Usage: python numpy_ensemble.py DIGITS_BIN [--runs R]
"""

import argparse
import json
import os
import statistics
import time

import numpy as np

MEMBERS, HIDDEN, CLASSES, EPOCHS, BATCH, LR = 10, 100, 10, 20, 32, 1e-3
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def load(path):
    """Records of 64 pixel bytes and a label byte."""
    raw = np.frombuffer(open(path, "rb").read(), dtype=np.uint8).reshape(-1, 65)
    return raw[:, :64].astype(np.float64), raw[:, 64].astype(np.int64)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def forward(params, x):
    w1, b1, w2, b2 = params
    h = np.maximum(x @ w1 + b1, 0.0)
    return h, softmax(h @ w2 + b2)


def evaluate(params, x, y):
    """Mean cross-entropy and accuracy."""
    _, p = forward(params, x)
    return -np.log(p[np.arange(len(y)), y]).mean(), (p.argmax(axis=1) == y).mean()


def train_member(rng, x, y, xv, yv):
    params = [rng.normal(0, np.sqrt(2 / 64), (64, HIDDEN)), np.zeros(HIDDEN),
              rng.normal(0, np.sqrt(2 / HIDDEN), (HIDDEN, CLASSES)), np.zeros(CLASSES)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(y))
        for start in range(0, len(y), BATCH):
            idx = order[start:start + BATCH]
            xb, yb = x[idx], y[idx]
            h, p = forward(params, xb)
            dz = p
            dz[np.arange(len(yb)), yb] -= 1.0
            dz /= len(yb)
            dh = (dz @ params[2].T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)]
            t += 1
            for k, g in enumerate(grads):
                m[k] = BETA1 * m[k] + (1 - BETA1) * g
                v[k] = BETA2 * v[k] + (1 - BETA2) * g * g
                m_hat = m[k] / (1 - BETA1 ** t)
                v_hat = v[k] / (1 - BETA2 ** t)
                params[k] -= LR * m_hat / (np.sqrt(v_hat) + EPS)
        evaluate(params, x, y)
        evaluate(params, xv, yv)
    return forward(params, xv)[1]


def ensemble(x_all, y_all, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y_all))
    n_val = len(y_all) // 2
    train, val = order[n_val:], order[:n_val]
    mean, std = x_all[train].mean(axis=0), x_all[train].std(axis=0)
    std[std == 0] = 1.0
    x, xv = (x_all[train] - mean) / std, (x_all[val] - mean) / std
    y, yv = y_all[train], y_all[val]
    members = [train_member(rng, x, y, xv, yv) for _ in range(MEMBERS)]
    accs = [(p.argmax(axis=1) == yv).mean() for p in members]
    average = np.mean(members, axis=0)
    return float(np.mean(accs)), float((average.argmax(axis=1) == yv).mean())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("digits")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    x_all, y_all = load(args.digits)
    times = []
    for run in range(args.runs):
        start = time.perf_counter()
        members_acc, ensemble_acc = ensemble(x_all, y_all, run)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "numpy": np.__version__, "cores": os.cpu_count(), "ensemble_ms": round(statistics.median(times)),
        "members_val_acc": members_acc, "ensemble_val_acc": ensemble_acc,
    }))


if __name__ == "__main__":
    main()
