"""A 41×41 loss-landscape slice of a 2→64→64→3 ReLU net on 240 spiral-sized inputs in numpy
float64: the peer that the landscape scene's slice (`#scene=landscape&nets=plain`) is timed
against by `cargo xtask bench`.

The same work per grid point as gradscope's: the parameters θ* + x·d₁ + y·d₂ formed as one
vector and unpacked, a forward pass of the whole training split, the mean cross-entropy. The
weights, inputs and directions are random (the time does not depend on their values).
Prints one JSON line. Usage: python numpy_landscape.py [--runs R]
"""

import argparse
import json
import statistics
import time

import numpy as np

SHAPES = [(2, 64), (64,), (64, 64), (64,), (64, 3), (3,)]
ROWS, RESOLUTION = 240, 41


def unpack(flat):
    out, at = [], 0
    for shape in SHAPES:
        n = int(np.prod(shape))
        out.append(flat[at : at + n].reshape(shape))
        at += n
    return out


def loss(flat, x, y):
    w1, b1, w2, b2, w3, b3 = unpack(flat)
    h = np.maximum(x @ w1 + b1, 0.0)
    h = np.maximum(h @ w2 + b2, 0.0)
    z = h @ w3 + b3
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    rng = np.random.default_rng(1)
    size = sum(int(np.prod(s)) for s in SHAPES)
    center, d1, d2 = (rng.normal(size=size) * 0.1 for _ in range(3))
    x, y = rng.normal(size=(ROWS, 2)), rng.integers(0, 3, size=ROWS)
    axis = np.linspace(-1.0, 1.0, RESOLUTION)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        grid = [[loss(center + a * d1 + b * d2, x, y) for a in axis] for b in axis]
        times.append((time.perf_counter() - start) * 1000.0)
    assert np.isfinite(grid).all()
    print(json.dumps({"slice_ms": round(statistics.median(times), 1), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
