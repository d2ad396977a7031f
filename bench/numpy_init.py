"""The lecture's weight-init experiment in numpy float32 on one thread: the peer that
gradscope's init lab (InitLabScene's default config) is timed against by `cargo xtask bench`.

X ~ N(0,1) 1000×500 through 10 tanh layers of 500 units with W ~ 0.01·N(0,1) and no bias,
a 50-bin histogram of each layer's activations on [-1, 1]; then backward from a N(0,1)
upstream gradient, with a 50-bin histogram of every dW over its own min..max.
Prints one JSON line. Usage: python numpy_init.py [--runs R]
"""

import os

# One BLAS thread, like wasm in the browser; must be set before numpy loads OpenBLAS.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

BATCH, DIM, LAYERS, WIDTH, BINS, STD = 1000, 500, 10, 500, 50, 0.01


def forward(x, weights):
    """Activations of every layer, and their histograms."""
    hs = []
    h = x
    for w in weights:
        h = np.tanh(h @ w)
        np.histogram(h, bins=BINS, range=(-1.0, 1.0))
        hs.append(h)
    return hs


def backward(x, weights, hs, upstream):
    """dW of every layer, each histogrammed over its own range. Like gradscope, the input
    layer's dX is not computed: nothing uses it."""
    dh = upstream
    for l in reversed(range(LAYERS)):
        h_prev = x if l == 0 else hs[l - 1]
        dz = dh * (1.0 - hs[l] * hs[l])
        dw = h_prev.T @ dz
        np.histogram(dw, bins=BINS, range=(float(dw.min()), float(dw.max())))
        if l > 0:
            dh = dz @ weights[l].T


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (median reported)")
    runs = parser.parse_args().runs

    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, DIM), dtype=np.float32)
    weights = [rng.standard_normal((DIM if l == 0 else WIDTH, WIDTH), dtype=np.float32) * np.float32(STD) for l in range(LAYERS)]
    upstream = rng.standard_normal((BATCH, WIDTH), dtype=np.float32)

    fwd, bwd = [], []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        hs = forward(x, weights)
        t1 = time.perf_counter()
        backward(x, weights, hs, upstream)
        t2 = time.perf_counter()
        if i > 0:  # the first run is the warm-up
            fwd.append((t1 - t0) * 1e3)
            bwd.append((t2 - t1) * 1e3)

    assert all(h.dtype == np.float32 for h in hs), "the experiment must stay in float32"
    total = [f + b for f, b in zip(fwd, bwd)]
    print(json.dumps({
        "init_lab_ms": round(statistics.median(total), 2),
        "forward_ms": round(statistics.median(fwd), 2),
        "backward_ms": round(statistics.median(bwd), 2),
        "numpy": np.__version__,
        "runs": runs,
    }))


if __name__ == "__main__":
    main()
