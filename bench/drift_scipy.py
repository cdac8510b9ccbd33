#!/usr/bin/env python3
"""scipy side of bench/drift-vs-scipy.ts: same data (scripts/reference/prng.py), same cases, JSON on stdout.

Usage: python3 bench/drift_scipy.py N_SAMPLES FEATURES BINS REPEATS
"""
import json
import os
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "reference"))
from prng import normal_samples, uniform_samples  # noqa: E402


def best_of(repeats, fn):
    times, value = [], fn()  # warm-up, not timed
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), value


def fill(p):
    nz = p[p > 0]
    p = p.copy()
    p[p == 0] = nz.min() / 1e6 if nz.min() <= 1e-4 else 1e-4
    return p


def psi_all(ref, cur):
    out = []
    for r, c in zip(ref, cur):
        p, q = fill(r / r.sum()), fill(c / c.sum())
        out.append(float(np.sum((p - q) * np.log(p / q))))
    return out


def main():
    n, features, bins, repeats = (int(v) for v in sys.argv[1:5])
    a = normal_samples(1, n)
    b = normal_samples(2, n, 0.01, 1.0)
    ref = 1 + np.floor(uniform_samples(3, features * bins) * 999).reshape(features, bins)
    cur = np.floor(ref * (0.95 + 0.1 * uniform_samples(4, features * bins).reshape(features, bins)))

    results = {}
    ms, ks = best_of(repeats, lambda: stats.ks_2samp(a, b))
    results["ks"] = {"ms": ms, "statistic": float(ks.statistic), "pValue": float(ks.pvalue)}
    ms, w = best_of(repeats, lambda: stats.wasserstein_distance(a, b))
    results["wasserstein"] = {"ms": ms, "statistic": float(w)}
    ms, values = best_of(repeats, lambda: psi_all(ref, cur))
    results["psi"] = {"ms": ms, "statistic": values[0]}
    ms, values = best_of(repeats, lambda: [float(jensenshannon(r, c, base=2)) for r, c in zip(ref, cur)])
    results["js"] = {"ms": ms, "statistic": values[0]}
    ms, values = best_of(repeats, lambda: [stats.chi2_contingency(np.vstack([r, c])) for r, c in zip(ref, cur)])
    results["chi2"] = {"ms": ms, "statistic": float(values[0].statistic), "pValue": float(values[0].pvalue)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
