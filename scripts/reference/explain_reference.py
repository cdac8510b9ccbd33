#!/usr/bin/env python3
"""Reference per-bin contributions for src/drift/explain.ts, computed with scipy and numpy.

Writes src/drift/__fixtures__/explain-reference.json: histograms (counts on right-closed buckets) and, per method,
each bin's term as scipy's own building blocks give it, which must sum to scipy's score (asserted here):
  psi        (p - q) * ln(p / q) after Evidently's empty-bin fill (drift_reference.fill_empty)
  kl         scipy.special.rel_entr on the filled, renormalised sides        (sums to scipy.stats.entropy)
  js         (rel_entr(p, m) + rel_entr(q, m)) / (2 ln 2)                   (sums to jensenshannon(base=2) ** 2)
  hellinger  (sqrt(p) - sqrt(q)) ** 2 / 2                                   (sums to the squared distance)
  chi2       per column, sum over both rows of (|O - E| - Yates) ** 2 / E, E = contingency.expected_freq
             (sums to chi2_contingency's statistic; columns empty on both sides are 0)

Run from the repository root:  python3 scripts/reference/explain_reference.py
"""
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from scipy.stats.contingency import expected_freq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_reference import bucket_counts, fill_empty, materialise, normal  # noqa: E402
from fixture import write_fixture  # noqa: E402

OUT = os.path.join("src", "drift", "__fixtures__", "explain-reference.json")


def close(actual, expected):
    assert math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-15), (actual, expected)


def chi2_terms(ref, cur):
    keep = (ref + cur) > 0
    terms = np.zeros(len(ref))
    table = np.vstack([ref[keep], cur[keep]])
    if table.shape[1] < 2:
        return terms.tolist(), 0.0
    expected = expected_freq(table)
    gap = np.abs(table - expected)
    if table.shape[1] == 2:
        # Yates, as chi2_contingency applies it for dof = 1: each |O - E| reduced by at most 0.5.
        gap = gap - np.minimum(0.5, gap)
    terms[keep] = np.sum(gap**2 / expected, axis=0)
    statistic = float(stats.chi2_contingency(table).statistic)
    close(float(terms.sum()), statistic)
    return terms.tolist(), statistic


def case(name, ref, cur, upper_bounds):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    p, q = ref / ref.sum(), cur / cur.sum()
    pf, qf = fill_empty(p), fill_empty(q)
    psi = (pf - qf) * np.log(pf / qf)
    kl = special.rel_entr(pf / pf.sum(), qf / qf.sum())
    close(float(kl.sum()), float(stats.entropy(pf, qf)))
    m = (p + q) / 2
    js = (special.rel_entr(p, m) + special.rel_entr(q, m)) / (2 * math.log(2))
    close(float(js.sum()), float(jensenshannon(p, q, base=2)) ** 2)
    hellinger = (np.sqrt(p) - np.sqrt(q)) ** 2 / 2
    close(float(hellinger.sum()), 1 - float(np.sum(np.sqrt(p * q))))
    chi2, chi2_statistic = chi2_terms(ref, cur)
    return {
        "name": name,
        "upperBounds": upper_bounds,
        "reference": ref.tolist(),
        "current": cur.tolist(),
        "terms": {"psi": psi.tolist(), "kl": kl.tolist(), "js": js.tolist(), "hellinger": hellinger.tolist(), "chi2": chi2},
        "scores": {
            "psi": float(psi.sum()),
            "kl": float(stats.entropy(pf, qf)),
            "js": float(jensenshannon(p, q, base=2)),
            "hellinger": math.sqrt(max(0.0, float(hellinger.sum()))),
            "chi2": chi2_statistic,
        },
    }


def sampled(name, a_spec, b_spec, upper_bounds):
    return case(name, bucket_counts(materialise(a_spec), upper_bounds), bucket_counts(materialise(b_spec), upper_bounds), upper_bounds)


def main():
    edges = [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
    cases = [
        sampled("normal shift 0.5 sd", normal(1, 5000), normal(2, 3000, 0.5), edges),
        sampled("normal, no shift", normal(3, 5000), normal(4, 5000), edges),
        sampled("wider current, small sample", normal(5, 2000), normal(6, 120, 0.0, 1.8), edges),
        # Empty buckets on one side and on both (the fill, chi2's dropped columns).
        case("empty buckets", [0, 40, 120, 300, 0, 0], [5, 0, 100, 310, 60, 0], [0.0, 1.0, 2.0, 3.0, 4.0]),
        # Two non-empty columns: dof 1, Yates.
        case("two columns (Yates)", [30, 10, 0], [10, 30, 0], [0.0, 1.0]),
        case("tiny probabilities (fill below the smallest)", [1, 200000, 5, 0], [0, 150000, 90, 3], [0.0, 1.0, 2.0]),
    ]
    write_fixture(OUT, {"scipy": scipy.__version__, "cases": cases})


if __name__ == "__main__":
    main()
