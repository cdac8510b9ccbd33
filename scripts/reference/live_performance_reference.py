#!/usr/bin/env python3
"""Reference for `performance` queries on Elasticsearch once labels arrive: prediction-log documents of a binary
classifier (a score and a label) and of a regression model (a prediction and a numeric label), and scikit-learn's
metrics on the rows of each hourly window, so that tests/elasticsearch/labelledPerformance.test.ts checks what the
datasource computes from aggregations against what scikit-learn computes from the documents.

Scores have two decimals: the edges 0.01 … 0.99 put every distinct score in its own bucket, so the binned ROC AUC
and average precision must equal scikit-learn's, and the ECE (from each bucket's summed scores) the one from
scikit-learn's `calibration_curve` on the same bins. Regression errors are sums over the documents, exact up to
floating-point order. The last hour has labels equal to 0: MAPE is undefined there (scikit-learn's number is
1e15-scale nonsense, recorded as null).

Writes tests/elasticsearch/__fixtures__/live-performance-reference.json. Data come from prng.py (the numpy twin of
src/drift/prng.ts); versions are pinned as below and recorded in the fixture. CI reads the fixture and does not run
this script; run by hand after changing a case:

  python3 -m venv /tmp/skref && /tmp/skref/bin/pip install scikit-learn==1.9.1 numpy==2.4.6
  /tmp/skref/bin/python scripts/reference/live_performance_reference.py        (from the repository root)
"""
import os
import sys
from importlib.metadata import version

import numpy as np
from sklearn import metrics
from sklearn.calibration import calibration_curve

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import write_fixture  # noqa: E402
from prng import normal_samples, uniform_samples  # noqa: E402

OUT = os.path.join("tests", "elasticsearch", "__fixtures__", "live-performance-reference.json")
HOURS = 4
PER_HOUR = 400
EDGES = [round(k / 100, 2) for k in range(1, 100)]


def offsets(seed):
    """Seconds into each hour, in (0, 3600): the window (end - 1h, end] holds them all."""
    return np.sort(1 + np.floor(uniform_samples(seed, PER_HOUR) * 3598)).astype(int)


def classifier_hour(hour):
    latent = uniform_samples(400 + hour, PER_HOUR)
    # The model gets worse hour by hour: the score follows the label less.
    noise = uniform_samples(410 + hour, PER_HOUR)
    weight = 0.8 - 0.15 * hour
    scores = np.round(np.clip(weight * latent + (1 - weight) * noise, 0, 1), 2)
    labels = (uniform_samples(420 + hour, PER_HOUR) < latent).astype(int)
    return {
        "documents": [{"second": int(s), "score": float(p), "label": str(y)} for s, p, y in zip(offsets(430 + hour), scores, labels)],
        "expected": {
            "rocAuc": float(metrics.roc_auc_score(labels, scores)),
            "averagePrecision": float(metrics.average_precision_score(labels, scores)),
            "ece": calibration_error(labels, scores),
        },
    }


def calibration_error(labels, scores):
    """ECE from scikit-learn's reliability curve on 100 uniform bins, which are the buckets of EDGES (checked):
    Σ (bin count / n)·|observed rate − mean score|, the bin counts binned as calibration_curve bins."""
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=len(EDGES) + 1, strategy="uniform")
    # calibration_curve's right-closed bins on np.linspace(0, 1, 101); the datasource buckets on EDGES.
    bins = np.searchsorted(np.linspace(0.0, 1.0, len(EDGES) + 2)[1:-1], scores)
    assert (bins == np.searchsorted(np.array(EDGES), scores, side="left")).all(), "calibration_curve bins are not the EDGES buckets"
    totals = np.bincount(bins, minlength=len(EDGES) + 1)
    totals = totals[totals > 0]
    return float(np.sum(totals / len(scores) * np.abs(prob_true - prob_pred)))


def regression_hour(hour):
    actual = np.round(normal_samples(500 + hour, PER_HOUR, 50.0, 10.0), 3)
    predicted = np.round(actual + normal_samples(510 + hour, PER_HOUR, 0.5 * hour, 2.0 + hour), 3)
    if hour == HOURS - 1:
        actual[:3] = 0.0
    expected = {
        "mae": float(metrics.mean_absolute_error(actual, predicted)),
        "rmse": float(np.sqrt(metrics.mean_squared_error(actual, predicted))),
        "meanError": float(np.mean(predicted - actual)),
        "mape": None if (actual == 0).any() else float(metrics.mean_absolute_percentage_error(actual, predicted)),
    }
    return {
        "documents": [{"second": int(s), "prediction": float(p), "label": float(y)} for s, p, y in zip(offsets(530 + hour), predicted, actual)],
        "expected": expected,
    }


def main():
    write_fixture(
        OUT,
        {
            "versions": {"scikit-learn": version("scikit-learn"), "numpy": version("numpy")},
            "edges": EDGES,
            "classifier": [classifier_hour(h) for h in range(HOURS)],
            "regression": [regression_hour(h) for h in range(HOURS)],
        },
    )


if __name__ == "__main__":
    main()
