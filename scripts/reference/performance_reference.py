#!/usr/bin/env python3
"""Reference numbers for src/drift/performance: scikit-learn and NannyML on raw data, and the histograms that
the same data gives, so that the jest tests (src/drift/performance/reference.test.ts) check the binned methods
against what the libraries compute on the rows.

Writes src/drift/performance/__fixtures__/performance-reference.json. Versions are pinned in
scripts/reference/performance-requirements.txt and recorded in the fixture; the data come from prng.py (the
numpy twin of src/drift/prng.ts), so a rerun with those versions writes the same file. NannyML takes minutes to
install, so CI does not regenerate the fixture; run by hand after changing a case:

  python3 -m venv /tmp/perfref && /tmp/perfref/bin/pip install -r scripts/reference/performance-requirements.txt
  /tmp/perfref/bin/python scripts/reference/performance_reference.py        (from the repository root)
"""
import os
import sys
import warnings
from importlib.metadata import version

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    average_precision_score,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    roc_auc_score,
)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import write_fixture  # noqa: E402
from prng import normal_samples, uniform_samples  # noqa: E402

warnings.filterwarnings("ignore")  # NannyML's FutureWarnings and its "chunk too small" notes
# NannyML sends usage statistics to a web service unless told not to; a reference run must not reach out.
os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"
import nannyml as nml  # noqa: E402
from nannyml.calibration import NoopCalibrator  # noqa: E402

OUT = os.path.join("src", "drift", "performance", "__fixtures__", "performance-reference.json")

# Ten uniform probability buckets: right-closed upper bounds 0.1 … 0.9 and (0.9, +Inf), as `le` labels give them.
EDGES = [round(k / 10, 1) for k in range(1, 10)]
MIDPOINTS = np.array([k / 10 + 0.05 for k in range(10)])


def bucket_of(scores):
    # side='left': a score equal to an edge belongs to the bucket that edge closes.
    return np.searchsorted(np.array(EDGES), scores, side="left")


def class_histograms(scores, y):
    b = bucket_of(scores)
    sums = np.bincount(b, weights=scores, minlength=10)
    counts = np.bincount(b, minlength=10)
    return {
        "upperBounds": EDGES,
        "positives": np.bincount(b[y == 1], minlength=10).tolist(),
        "negatives": np.bincount(b[y == 0], minlength=10).tolist(),
        # JSON has no NaN: an empty bucket's unknown mean is null.
        "meanScores": [float(s / c) if c > 0 else None for s, c in zip(sums, counts)],
    }


def ece(y, scores):
    b = bucket_of(scores)
    total = 0.0
    for i in range(10):
        sel = b == i
        if sel.any():
            total += sel.sum() / len(y) * abs(y[sel].mean() - scores[sel].mean())
    return float(total)


def tied_scores(seed, n, weights):
    """Scores on the bucket midpoints, bucket i drawn with probability weights[i]."""
    cdf = np.cumsum(weights) / np.sum(weights)
    return MIDPOINTS[np.searchsorted(cdf, uniform_samples(seed, n), side="right")]


def score_case(name, scores, y, tied):
    prob_true, prob_pred = calibration_curve(y, scores, n_bins=10, strategy="uniform")
    return {
        "name": name,
        "tied": tied,
        **class_histograms(scores, y),
        "rocAuc": float(roc_auc_score(y, scores)),
        "averagePrecision": float(average_precision_score(y, scores)),
        "calibration": {"observedRate": prob_true.tolist(), "meanPredicted": prob_pred.tolist(), "ece": ece(y, scores)},
    }


def weighted_case():
    """Fractional counts (Prometheus increase()) as scikit-learn sample weights on bucket-valued scores."""
    positives = [0.5, 1.25, 3.0, 2.5, 6.75, 9.0, 12.5, 20.25, 31.0, 44.5]
    negatives = [60.5, 41.0, 33.25, 20.0, 15.5, 9.75, 6.0, 4.5, 2.25, 1.0]
    scores = np.concatenate([MIDPOINTS, MIDPOINTS])
    y = np.concatenate([np.ones(10), np.zeros(10)])
    w = np.array(positives + negatives)
    return {
        "name": "fractional counts as sample weights",
        "tied": True,
        "upperBounds": EDGES,
        "positives": positives,
        "negatives": negatives,
        "rocAuc": float(roc_auc_score(y, scores, sample_weight=w)),
        "averagePrecision": float(average_precision_score(y, scores, sample_weight=w)),
    }


def scores_cases():
    n = 4000
    u = uniform_samples(101, n)
    calibrated = tied_scores(102, n, [1, 2, 3, 4, 5, 5, 4, 3, 2, 1])
    overconfident = tied_scores(103, n, [4, 3, 2, 2, 1, 1, 2, 2, 3, 4])
    continuous = uniform_samples(104, n) ** 0.8
    return [
        score_case("bucket-valued scores, calibrated", calibrated, (u < calibrated).astype(int), True),
        score_case("bucket-valued scores, rate = score squared", overconfident, (u < overconfident**2).astype(int), True),
        score_case("continuous scores", continuous, (uniform_samples(105, n) < continuous**1.5).astype(int), False),
        weighted_case(),
    ]


CBPE_METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc"]


def cbpe_case(name, reference_scores, reference_y, analysis_scores, chunk_size, calibrator, tied):
    ref = pd.DataFrame({"p": reference_scores, "y_pred": (reference_scores > 0.5).astype(int), "y": reference_y})
    ana = pd.DataFrame({"p": analysis_scores, "y_pred": (analysis_scores > 0.5).astype(int)})
    kwargs = {} if calibrator is None else {"calibrator": calibrator}
    estimator = nml.CBPE(
        problem_type="classification_binary", y_pred_proba="p", y_pred="y_pred", y_true="y",
        metrics=CBPE_METRICS, chunk_size=chunk_size, **kwargs,
    )
    estimator.fit(ref)
    result = estimator.estimate(ana).filter(period="analysis").to_df()
    chunks = []
    for k in range(len(result)):
        start, end = int(result[("chunk", "start_index")].iloc[k]), int(result[("chunk", "end_index")].iloc[k])
        counts = np.bincount(bucket_of(analysis_scores[start : end + 1]), minlength=10).tolist()
        chunks.append({
            "counts": counts,
            **{m: {"estimate": float(result[(m, "value")].iloc[k]), "samplingError": float(result[(m, "sampling_error")].iloc[k]),
                   "lower": float(result[(m, "lower_confidence_boundary")].iloc[k]),
                   "upper": float(result[(m, "upper_confidence_boundary")].iloc[k])} for m in CBPE_METRICS},
        })
    return {
        "name": name,
        "tied": tied,
        "calibration": "scores" if isinstance(calibrator, NoopCalibrator) else "reference",
        "nannymlCalibrated": bool(estimator.needs_calibration),
        "reference": class_histograms(reference_scores, reference_y),
        "chunks": chunks,
    }


def cbpe_cases():
    n_ref, chunk = 6000, 1500
    ref_w = [3, 3, 3, 3, 2, 2, 3, 3, 3, 3]
    shifts = [[3, 3, 3, 3, 2, 2, 3, 3, 3, 3], [1, 2, 3, 5, 6, 6, 5, 3, 2, 1], [6, 5, 3, 2, 1, 1, 1, 2, 2, 2], [1, 1, 1, 2, 2, 3, 4, 5, 6, 7]]
    analysis = np.concatenate([tied_scores(210 + k, chunk, w) for k, w in enumerate(shifts)])
    ref_scores = tied_scores(201, n_ref, ref_w)
    u = uniform_samples(202, n_ref)
    cont_ref = uniform_samples(203, n_ref)
    cont_analysis = np.concatenate([uniform_samples(220 + k, chunk) ** e for k, e in enumerate([1.0, 0.6, 1.6, 0.8])])
    return [
        # Rate = score²: the scores need calibration; NannyML's isotonic fit on the reference against ours on its buckets.
        cbpe_case("bucket-valued scores, isotonic calibration", ref_scores, (u < ref_scores**2).astype(int), analysis, chunk, None, True),
        # Calibrated scores and NannyML told not to calibrate: both take the scores as probabilities.
        cbpe_case("bucket-valued calibrated scores, no calibration", ref_scores, (u < ref_scores).astype(int), analysis, chunk, NoopCalibrator(), True),
        # Continuous scores: NannyML sees every score; we see ten buckets. The difference is the binning's cost.
        cbpe_case("continuous scores, isotonic calibration", cont_ref, (u < cont_ref**1.3).astype(int), cont_analysis, chunk, None, False),
    ]


def regression_cases():
    n = 5000
    actual = normal_samples(301, n, 50.0, 10.0)
    predicted = actual + normal_samples(302, n, 0.5, 3.0)
    error = predicted - actual
    signed_edges = [-9.0, -6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 9.0]
    absolute_edges = [0.5, 1.0, 2.0, 4.0, 8.0]
    return {
        "sums": {
            "count": n,
            "absoluteErrorSum": float(np.abs(error).sum()),
            "squaredErrorSum": float((error**2).sum()),
            "errorSum": float(error.sum()),
            "absolutePercentageErrorSum": float((np.abs(error) / np.abs(actual)).sum()),
            "zeroActualCount": int((actual == 0).sum()),
        },
        "signedHistogram": {
            "upperBounds": signed_edges,
            "counts": np.bincount(np.searchsorted(signed_edges, error, side="left"), minlength=len(signed_edges) + 1).tolist(),
            "sum": float(error.sum()),
        },
        "absoluteHistogram": {
            "upperBounds": absolute_edges,
            "counts": np.bincount(np.searchsorted(absolute_edges, np.abs(error), side="left"), minlength=len(absolute_edges) + 1).tolist(),
            "sum": float(np.abs(error).sum()),
        },
        "expected": {
            "mae": float(mean_absolute_error(actual, predicted)),
            "rmse": float(np.sqrt(mean_squared_error(actual, predicted))),
            "meanError": float(np.mean(predicted - actual)),
            "mape": float(mean_absolute_percentage_error(actual, predicted)),
        },
    }


def main():
    out = {
        "versions": {p: version(p) for p in ["scikit-learn", "nannyml", "numpy", "pandas"]},
        "scores": scores_cases(),
        "cbpe": cbpe_cases(),
        "regression": regression_cases(),
    }
    write_fixture(OUT, out)


if __name__ == "__main__":
    main()
