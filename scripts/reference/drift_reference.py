#!/usr/bin/env python3
"""Reference numbers for the drift engine's accuracy tests, computed with scipy.

Writes src/drift/__fixtures__/scipy-reference.json: every case's inputs and scipy's outputs. Large samples are
not stored; they are described by a generator spec that src/drift/prng.ts reproduces bit for bit (see prng.py):
  {"normal": [seed, n, mean, std]}            mean + std * IrwinHall12
  {"normal": [...], "floor": k}               floor(value * k) / k  (creates ties)
  {"uniform": [seed, n, low, high]}           low + (high - low) * u
  {"values": [...]}                           literal values
  {"normal": [...], "exp": true}              exp(value)  (log-normal: a heavy right tail)
  {"pareto": [seed, n, scale, alpha]}         scale * u ** (-1 / alpha)  (a very heavy right tail)

Run from the repository root:  python3 scripts/reference/drift_reference.py
"""
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.stats._stats_py import _attempt_exact_2kssamp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import write_fixture  # noqa: E402
from prng import normal_samples, uniform_samples  # noqa: E402

OUT = os.path.join("src", "drift", "__fixtures__", "scipy-reference.json")


def materialise(spec):
    if "values" in spec:
        return np.asarray(spec["values"], dtype=float)
    if "normal" in spec:
        seed, n, mean, std = spec["normal"]
        values = normal_samples(seed, n, mean, std)
    elif "pareto" in spec:
        seed, n, scale, alpha = spec["pareto"]
        values = scale * uniform_samples(seed, n) ** (-1.0 / alpha)
    else:
        seed, n, low, high = spec["uniform"]
        values = low + (high - low) * uniform_samples(seed, n)
    if spec.get("exp"):
        values = np.exp(values)
    if "floor" in spec:
        values = np.floor(values * spec["floor"]) / spec["floor"]
    return values


def normal(seed, n, mean=0.0, std=1.0, floor=None):
    spec = {"normal": [seed, n, mean, std]}
    if floor is not None:
        spec["floor"] = floor
    return spec


# ---- Evidently / NannyML conventions, re-implemented in numpy from their documented formulas -------------
def fill_empty(p):
    p = np.asarray(p, dtype=float).copy()
    nonzero = p[p > 0]
    fill = nonzero.min() / 1e6 if nonzero.min() <= 1e-4 else 1e-4
    p[p == 0] = fill
    return p


def count_metrics(ref, cur):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    p = ref / ref.sum()
    q = cur / cur.sum()
    pf, qf = fill_empty(p), fill_empty(q)
    out = {
        "psi": float(np.sum((pf - qf) * np.log(pf / qf))),
        "kl": float(stats.entropy(pf, qf)),
        "js": float(jensenshannon(p, q, base=2)),
        "hellinger": float(math.sqrt(max(0.0, 1 - np.sum(np.sqrt(p * q))))),
        "linf": float(np.max(np.abs(p - q))),
    }
    keep = (ref + cur) > 0
    table = np.vstack([ref[keep], cur[keep]])
    if table.shape[1] >= 2:
        res = stats.chi2_contingency(table)
        out["chi2"] = {"statistic": float(res.statistic), "pvalue": float(res.pvalue), "dof": int(res.dof)}
    else:
        out["chi2"] = {"statistic": 0.0, "pvalue": 1.0, "dof": 0}
    return out


def ks_case(name, a_spec, b_spec):
    a, b = materialise(a_spec), materialise(b_spec)
    res = stats.ks_2samp(a, b, method="auto")
    method = "exact" if max(len(a), len(b)) <= 10000 else "asymptotic"
    return {"name": name, "a": a_spec, "b": b_spec, "statistic": float(res.statistic), "pvalue": float(res.pvalue), "method": method}


def sturges_counts(a, b):
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins="sturges")
    return np.histogram(a, edges)[0], np.histogram(b, edges)[0]


def bucket_counts(values, upper_bounds):
    # right-closed buckets (-inf, b1], (b1, b2], ..., (bm, inf)
    return np.bincount(np.searchsorted(upper_bounds, values, side="left"), minlength=len(upper_bounds) + 1)


QUANTILE_LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]


def decile_edges(spec):
    """A baseline's default edges: the reference's deciles, as mldrift baseline build chooses them."""
    return np.quantile(materialise(spec), np.arange(1, 10) / 10).tolist()


def binned_case(name, a_spec, b_spec, upper_bounds, with_summary):
    a, b = materialise(a_spec), materialise(b_spec)
    ub = np.asarray(upper_bounds, dtype=float)
    ca, cb = bucket_counts(a, ub), bucket_counts(b, ub)
    fa = np.cumsum(ca)[:-1] / ca.sum()
    fb = np.cumsum(cb)[:-1] / cb.sum()
    lower = float(np.max(np.abs(fa - fb)))
    fa_full = np.concatenate([[0.0], fa, [1.0]])
    fb_full = np.concatenate([[0.0], fb, [1.0]])
    upper = float(max(np.max(fa_full[1:] - fb_full[:-1]), np.max(fb_full[1:] - fa_full[:-1])))
    n1, n2 = int(round(ca.sum())), int(round(cb.sum()))
    ok, _, p_lower = _attempt_exact_2kssamp(n1, n2, math.gcd(n1, n2), lower, "two-sided")
    assert ok

    # Wasserstein on the raw values: what the histogram estimate (and its bounds) must come close to.
    w1 = float(stats.wasserstein_distance(a, b))
    std = float(np.std(a))
    case = {
        "name": name,
        "a": a_spec,
        "b": b_spec,
        "upperBounds": upper_bounds,
        "withSummary": with_summary,
        "referenceCounts": ca.tolist(),
        "currentCounts": cb.tolist(),
        "ksLower": lower,
        "ksUpper": upper,
        "ksPValue": float(p_lower),
        "trueWasserstein": w1,
        "trueWassersteinNorm": w1 / max(std, 0.001),
        "trueKs": float(stats.ks_2samp(a, b).statistic),
    }
    if with_summary:
        # The baseline's stored quantiles, at the levels mldrift stores (src/drift/baseline/limits.ts).
        case["referenceQuantiles"] = {"levels": QUANTILE_LEVELS, "values": np.quantile(a, QUANTILE_LEVELS).tolist()}
    case.update({k: v for k, v in count_metrics(ca, cb).items()})
    return case


def check_anchor_numbers(out):
    """The formulas above must reproduce the numbers of ml-anchors section 9 (computed independently there)."""

    def close(actual, expected, rel=1e-12):
        assert abs(actual - expected) <= rel * abs(expected), (actual, expected)

    counts = {c["name"]: c for c in out["counts"]}
    a = counts["fixture A"]
    close(a["psi"], 0.3538823809789623)
    close(a["kl"], 0.0709578091271379)
    close(a["js"], 0.1812676025411308)
    close(a["hellinger"], 0.17452550917092405)
    close(a["linf"], 0.05)
    close(a["chi2"]["statistic"], 71.68831168831169)
    close(a["chi2"]["pvalue"], 9.987332736919071e-15, 1e-9)
    close(counts["fixture A2"]["chi2"]["statistic"], 24.629488158899925)
    close(counts["fixture A2 2x2 (Yates)"]["chi2"]["statistic"], 10.976)
    close(counts["fixture A2 2x2 (Yates)"]["chi2"]["pvalue"], 0.0009229943590897624, 1e-9)
    close(counts["fixture F"]["psi"], 0.34358047680839876)
    e = out["ztest"][0]
    close(e["z"], -2.2555753422051863)
    close(e["pvalue"], 0.024097238903178164, 1e-9)
    b = out["ks"][0]
    close(b["pvalue"], 0.1659582247817542, 1e-9)
    close(float(stats.kstwo.sf(0.5, 4)), 0.1875, 1e-9)
    # Fixture C with numpy's own generator (the committed cases use the shared PRNG instead, see prng.py).
    rng = np.random.default_rng(42)
    ca, cb = rng.normal(0, 1, 5000), rng.normal(0.1, 1.1, 4000)
    res = stats.ks_2samp(ca, cb)
    close(res.statistic, 0.0737)
    close(res.pvalue, 6.130966189920551e-11, 1e-9)
    close(float(stats.ks_2samp(ca, cb, method="asymp").pvalue), 6.092981740283031e-11, 1e-9)
    w1 = float(stats.wasserstein_distance(ca, cb))
    close(w1, 0.14217855900659535)
    close(w1 / max(float(np.std(ca)), 0.001), 0.1422703914189354)
    sa, sb = sturges_counts(ca, cb)
    metrics = count_metrics(sa / len(ca), sb / len(cb))
    close(metrics["psi"], 0.041930049506942166)
    close(metrics["kl"], 0.019300754304366004)
    close(metrics["js"] * math.sqrt(math.log(2)), 0.07260652268068737)


def main():
    out = {
        "about": "Generated by scripts/reference/drift_reference.py; do not edit by hand.",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
    }

    # -- kstwo.sf over every branch of the Simard-L'Ecuyer decision tree, tails included ----------------
    grid = []
    for n in [1, 2, 3, 4, 5, 10, 40, 100, 140, 141, 400, 1000, 5000, 10000, 50000, 100000, 100001, 250000, 2000000]:
        for z in [0.3, 0.6, 0.85, 1.0, 1.2, 1.5, 1.9, 2.5, 3.5, 5.0, 7.0, 9.0]:
            x = z / math.sqrt(n)
            if x < 1:
                grid.append((n, x))
        for x in [0.5 / n + 1e-12, 0.9 / n, 0.55, 0.8, 1 - 0.6 / n]:
            if 0 < x < 1:
                grid.append((n, x))
    out["kstwo"] = [{"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))} for n, x in grid]

    # -- two-sample KS -----------------------------------------------------------------------------------
    fixture_b = ([0.1, 0.4, 0.7, 1.2, 1.5, 2.2, 2.9, 3.1], [0.3, 0.9, 1.8, 2.5, 2.7, 3.6, 4.0, 4.4, 5.1, 5.5])
    ks = [
        ks_case("fixture B (exact, small)", {"values": fixture_b[0]}, {"values": fixture_b[1]}),
        ks_case("fixture C analogue 5000 vs 4000", normal(42, 5000), normal(43, 4000, 0.1, 1.1)),
        ks_case("small with ties", normal(1, 15, floor=2), normal(2, 12, 0.5, 1, floor=2)),
        ks_case("medium with heavy ties", normal(3, 300, floor=1), normal(4, 250, 0.2, 1, floor=1)),
        ks_case("equal sizes 1000", normal(5, 1000), normal(6, 1000, 0.08)),
        ks_case("equal sizes 10000 (exact)", normal(7, 10000), normal(8, 10000, 0.03)),
        ks_case("10000 vs 9000 (exact)", normal(9, 10000), normal(10, 9000, 0.04)),
        ks_case("10000 vs 7 (exact, lopsided)", normal(11, 10000), normal(12, 7, 0.9)),
        ks_case("20000 vs 20000 (asymptotic)", normal(13, 20000), normal(14, 20000, 0.02)),
        ks_case("100000 vs 100000 (asymptotic)", normal(15, 100000), normal(16, 100000, 0.01)),
        ks_case("100000 vs 30000 (asymptotic)", normal(17, 100000), normal(18, 30000, 0.015)),
        ks_case("20001 vs 120 (asymptotic, small en)", normal(19, 20001), normal(20, 120, 0.3)),
        ks_case("extreme tail exact 3000 vs 2000", normal(21, 3000), normal(22, 2000, 0.5)),
        ks_case("extreme tail exact equal 5000", normal(23, 5000), normal(24, 5000, 0.6, 1.2)),
        ks_case("extreme tail asymptotic 50000 vs 20000", normal(25, 50000), normal(26, 20000, 0.3)),
        ks_case("identical samples", normal(27, 500), normal(27, 500)),
    ]
    out["ks"] = ks

    # -- counts: fixtures A, A2, F, Yates 2x2, dof 0, a category empty on both sides, tails ------------
    count_cases = [
        ("fixture A", [100, 200, 300, 400, 0], [150, 150, 250, 400, 50]),
        ("fixture A2", [100, 200, 300, 400], [150, 150, 250, 450]),
        ("fixture A2 2x2 (Yates)", [100, 900], [150, 850]),
        ("Yates with small counts", [3, 9], [8, 4]),
        ("fixture F", [500, 300, 200, 0], [400, 300, 250, 50]),
        ("empty in both dropped", [10, 0, 30, 60], [20, 0, 20, 70]),
        ("fractional counts", [10.5, 20.25, 30.0, 0.75], [12.0, 18.5, 29.5, 3.25]),
        ("tiny probabilities (fill min/1e6)", [1e6, 50, 0, 3], [1e6, 40, 7, 0]),
        ("extreme chi2 tail", [50000, 30000, 20000], [20000, 30000, 50000]),
        ("single category (dof 0)", [40, 0], [60, 0]),
    ]
    rng = np.random.default_rng(2024)
    for k in range(3):
        ref = rng.integers(0, 400, 50)
        cur = np.maximum(ref + rng.integers(-60, 61, 50), 0)
        count_cases.append((f"random 50 bins #{k}", ref.tolist(), cur.tolist()))
    out["counts"] = [{"name": name, "reference": r, "current": c, **count_metrics(r, c)} for name, r, c in count_cases]

    # -- two-proportion z-test (fixture E and a far tail) -----------------------------------------------
    z_cases = []
    for x1, n1, x2, n2 in [(300, 1000, 280, 800), (30, 100, 45, 100), (5000, 10000, 6500, 10000), (0, 50, 0, 40)]:
        pooled = (x1 + x2) / (n1 + n2)
        var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        z = 0.0 if var == 0 else (x1 / n1 - x2 / n2) / math.sqrt(var)
        p = 1.0 if var == 0 else float(2 * stats.norm.sf(abs(z)))
        z_cases.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": z, "pvalue": p})
    out["ztest"] = z_cases

    # -- Wasserstein ---------------------------------------------------------------------------------------
    w = []
    for name, u_spec, v_spec, uw_spec, vw_spec in [
        ("fixture C analogue", normal(42, 5000), normal(43, 4000, 0.1, 1.1), None, None),
        ("unequal sizes 1000 vs 37", normal(31, 1000, 2, 3), normal(32, 37, 2.5, 1), None, None),
        ("with ties", normal(33, 800, floor=3), normal(34, 600, 0.2, 1, floor=3), None, None),
        ("weighted", normal(35, 300), normal(36, 200, 0.5, 2), {"uniform": [37, 300, 0, 5]}, {"uniform": [38, 200, 1, 2]}),
        ("weighted, shared support", {"values": [0, 1, 3, 6]}, {"values": [0, 1, 3, 6, 10]}, {"values": [1, 2, 0, 4]}, {"values": [0.5, 0.5, 3, 1, 0.25]}),
    ]:
        u, v = materialise(u_spec), materialise(v_spec)
        uw = materialise(uw_spec) if uw_spec else None
        vw = materialise(vw_spec) if vw_spec else None
        distance = float(stats.wasserstein_distance(u, v, uw, vw))
        case = {"name": name, "u": u_spec, "v": v_spec, "distance": distance}
        if uw_spec:
            case["uWeights"] = uw_spec
            case["vWeights"] = vw_spec
        else:
            case["normalized"] = distance / max(float(np.std(u)), 0.001)
        w.append(case)
    out["wasserstein"] = w

    # -- raw numeric samples binned as Evidently does (Sturges on the combined data) ----------------------
    a, b = materialise(normal(42, 5000)), materialise(normal(43, 4000, 0.1, 1.1))
    ca, cb = sturges_counts(a, b)
    out["sturges"] = {"a": normal(42, 5000), "b": normal(43, 4000, 0.1, 1.1), "bins": len(ca), **count_metrics(ca, cb)}

    # -- fixture D: the same samples through Prometheus-style buckets --------------------------------------
    out["binned"] = [
        binned_case("fixture D buckets, no summary", normal(42, 5000), normal(43, 4000, 0.1, 1.1), [-2, -1, -0.5, 0, 0.5, 1, 2], False),
        binned_case("fixture D buckets, with min/max/std", normal(42, 5000), normal(43, 4000, 0.1, 1.1), [-2, -1, -0.5, 0, 0.5, 1, 2], True),
        binned_case("fine buckets", normal(44, 3000, 5, 2), normal(45, 2500, 5.3, 2), [float(x) for x in np.arange(0, 10.5, 0.5)], True),
    ]
    # Heavy right tails on decile edges: most of the top bucket's mass sits just above its edge.
    log_normal = {**normal(46, 10000, 2, 1), "exp": True}
    pareto = {"pareto": [48, 10000, 5, 1.3]}
    out["binned"] += [
        binned_case("log-normal, decile edges", log_normal, {**normal(47, 8000, 2.15, 1.05), "exp": True}, decile_edges(log_normal), True),
        binned_case("Pareto 1.3, decile edges", pareto, {"pareto": [49, 8000, 6, 1.3]}, decile_edges(pareto), True),
    ]

    # -- Benjamini-Hochberg adjusted p-values (scipy.stats.false_discovery_control) --------------------------
    bh_rng = np.random.default_rng(7)
    p_sets = [[0.01, 0.04, 0.03, 0.2, 0.5], [0.001, 0.001, 0.06, 0.9], bh_rng.uniform(0, 0.1, 12).tolist()]
    out["bh"] = [{"pvalues": ps, "adjusted": stats.false_discovery_control(ps, method="bh").tolist()} for ps in p_sets]

    check_anchor_numbers(out)
    write_fixture(OUT, out)


if __name__ == "__main__":
    main()
