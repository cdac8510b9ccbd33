"""Reference numbers for src/backend/queries/classification.ts.

Implements scikit-learn's definitions with numpy (scikit-learn itself is not installed here):
precision_recall_fscore_support(labels=unique_labels(y_true, y_pred), zero_division=0), accuracy_score,
and the macro / weighted averages. Counts are weights, so fractional counts (Prometheus increase()) are
handled exactly as sample_weight would. Run: python3 scripts/reference/classification_reference.py
"""
import json
import numpy as np

CASES = {
    # The example of sklearn's precision_recall_fscore_support docs: y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1].
    "sklearn-docs-3-classes": [
        ("0", "0", 2), ("1", "2", 1), ("2", "1", 2), ("1", "0", 1),
    ],
    # Fractional counts; class "d" is never predicted (precision 0/0 -> 0) and "e" only predicted (support 0).
    "fractional-zero-division": [
        ("a", "a", 10.5), ("a", "b", 2.25), ("b", "b", 7.0), ("b", "a", 1.5),
        ("c", "c", 3.0), ("c", "a", 0.75), ("d", "a", 2.0), ("d", "b", 1.0), ("a", "e", 0.5),
    ],
    "binary-imbalanced": [
        ("pos", "pos", 40), ("pos", "neg", 10), ("neg", "pos", 30), ("neg", "neg", 920),
    ],
}


def report(rows):
    classes = sorted({a for a, _, c in rows if c > 0} | {p for _, p, c in rows if c > 0})
    index = {c: i for i, c in enumerate(classes)}
    m = np.zeros((len(classes), len(classes)))
    for a, p, c in rows:
        m[index[a], index[p]] += c
    tp = np.diag(m)
    support = m.sum(axis=1)
    predicted = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        denom = precision + recall
        f1 = np.where(denom > 0, 2 * precision * recall / denom, 0.0)
    return {
        "classes": classes,
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": support.tolist(),
        "accuracy": float(tp.sum() / m.sum()),
        "macroPrecision": float(precision.mean()),
        "macroRecall": float(recall.mean()),
        "macroF1": float(f1.mean()),
        "weightedF1": float((f1 * support).sum() / support.sum()),
    }


out = {
    name: {
        "input": {"actual": [r[0] for r in rows], "predicted": [r[1] for r in rows], "counts": [r[2] for r in rows]},
        "expected": report(rows),
    }
    for name, rows in CASES.items()
}
path = "src/backend/queries/__fixtures__/classification-reference.json"
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
