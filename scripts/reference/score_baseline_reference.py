#!/usr/bin/env python3
"""Reference for `mldrift baseline build --score COL --label COL`: a CSV of a binary classifier's scores and labels,
and scikit-learn's roc_auc_score on its rows, so that src/cli/baselineScores.test.ts checks the ROC AUC that the
baseline's own score histograms give.

Two score columns on the same rows: `p2` rounded to two decimals (the edges 0, 0.01 … 0.99 put every distinct score in
its own bucket, so the binned AUC must equal scikit-learn's) and `p6` with six decimals (on the default decile edges
the binned AUC has bounds that must hold scikit-learn's). A few rows have no label, a missing or a non-finite score:
the baseline leaves them out and counts them, and scikit-learn is given the same rows.

Writes src/cli/__fixtures__/scores.csv and scores-reference.json. Data come from prng.py (the numpy twin of
src/drift/prng.ts); versions are pinned in scripts/reference/performance-requirements.txt and recorded in the
fixture. CI reads the fixture and does not run this script; run by hand after changing a case:

  python3 -m venv /tmp/skref && /tmp/skref/bin/pip install scikit-learn==1.9.1 numpy==2.4.6
  /tmp/skref/bin/python scripts/reference/score_baseline_reference.py        (from the repository root)
"""
import os
import sys
from importlib.metadata import version

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture import write_fixture  # noqa: E402
from prng import uniform_samples  # noqa: E402

DIR = os.path.join("src", "cli", "__fixtures__")
ROWS = 1500


def main():
    latent = uniform_samples(201, ROWS)
    positive = uniform_samples(202, ROWS) < latent**1.3
    p6 = np.round(np.clip(latent * 0.8 + 0.2 * uniform_samples(203, ROWS), 0, 1), 6)
    p2 = np.round(p6, 2)
    labels = np.where(positive, "churned", "stayed").astype(object)
    # Rows the baseline leaves out: no label, no score, a non-finite score.
    no_label = {7, 300, 1201}
    no_score = {11, 900}
    nan_score = {42, 1000, 1499}
    lines = ["customer,p2,p6,actual"]
    for i in range(ROWS):
        label = "" if i in no_label else labels[i]
        s2 = "" if i in no_score else ("NaN" if i in nan_score else f"{p2[i]:.2f}")
        s6 = "" if i in no_score else ("NaN" if i in nan_score else f"{p6[i]:.6f}")
        lines.append(f"c{i},{s2},{s6},{label}")
    os.makedirs(DIR, exist_ok=True)
    with open(os.path.join(DIR, "scores.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    kept = np.array([i not in no_label | no_score | nan_score for i in range(ROWS)])
    y = positive[kept].astype(int)
    write_fixture(
        os.path.join(DIR, "scores-reference.json"),
        {
            "versions": {"scikit-learn": version("scikit-learn"), "numpy": version("numpy")},
            "rows": ROWS,
            "leftOut": {"missingLabel": len(no_label), "missingScore": len(no_score), "nonFiniteScore": len(nan_score)},
            "positives": int(y.sum()),
            "negatives": int((1 - y).sum()),
            "rocAuc": {
                "p2": float(roc_auc_score(y, p2[kept])),
                "p6": float(roc_auc_score(y, p6[kept])),
            },
        },
    )


if __name__ == "__main__":
    main()
