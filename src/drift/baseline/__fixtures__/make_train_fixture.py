"""Writes train.csv (a small, awkward CSV: BOM, CRLF, quoted commas, doubled quotes, an embedded newline, missing
and non-finite values) expected.json, the baseline figures computed independently with numpy, and current.csv (the same population
with age shifted by +6) with scipy's KS and chi-square figures for a raw-file comparison.

Run from the repository root:  python3 src/drift/baseline/__fixtures__/make_train_fixture.py
The expected numbers are what the mldrift tests compare against; numpy is not needed at test time.
"""
import collections
import csv
import io
import json
import math
import os

import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 1000  # below the sketch size, so quantiles are exact (numpy's default linear rule)
LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
BINS = 10
EXPLICIT_EDGES = [20.0, 30.0, 40.0, 50.0, 60.0]
CITIES = ['Berlin', 'São Paulo', 'New York, NY', 'The "Big" Q', 'Line\nBreak', 'Oslo']

rng = np.random.default_rng(20240531)
age = np.round(rng.normal(40, 12, ROWS), 1)
income = rng.lognormal(10, 0.5, ROWS)
income_cells = [repr(float(v)) for v in income]
for i in range(0, ROWS, 20):
    income_cells[i] = ''
for i in range(7, ROWS, 100):
    income_cells[i] = 'nan'
for i in range(13, ROWS, 200):
    income_cells[i] = 'inf'
clicks = rng.integers(0, 6, ROWS)
city = rng.choice(len(CITIES), ROWS, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
zips = rng.choice(['02134', '10001', '94105', '60601'], ROWS)
score = rng.random(ROWS)
label = rng.choice(['cat', 'dog', 'bird'], ROWS)

out = io.StringIO()
writer = csv.writer(out, lineterminator='\r\n')
writer.writerow(['age', 'income', 'clicks', 'city', 'zip', 'score', 'label'])
for i in range(ROWS):
    writer.writerow([repr(float(age[i])), income_cells[i], int(clicks[i]), CITIES[city[i]], zips[i], repr(float(score[i])), label[i]])
with open(os.path.join(HERE, 'train.csv'), 'w', encoding='utf-8', newline='') as f:
    f.write('\ufeff' + out.getvalue())


def rounded_bounds(values):
    distinct = []
    for v in values:
        if math.isfinite(v) and (not distinct or v > distinct[-1]):
            distinct.append(float(v))
    for digits in range(3, 17):
        r = [float(f'{v:.{digits}g}') for v in distinct]
        if all(b > a for a, b in zip(r, r[1:])):
            return r
    return distinct


def numeric(values, missing, non_finite, edges=None):
    x = np.asarray(values, dtype=float)
    if edges is None:
        edges = rounded_bounds(np.quantile(x, [i / BINS for i in range(1, BINS)]))
    # Right-closed buckets: the bucket index is the number of bounds strictly below the value.
    index = np.searchsorted(np.asarray(edges), x, side='left')
    counts = np.bincount(index, minlength=len(edges) + 1)
    return {
        'kind': 'numeric',
        'n': int(x.size),
        'min': float(x.min()),
        'max': float(x.max()),
        'mean': float(x.mean()),
        'std': float(x.std(ddof=0)),
        'quantiles': [float(q) for q in np.quantile(x, LEVELS)],
        'upperBounds': [float(e) for e in edges],
        'counts': [int(c) for c in counts],
        'missing': missing,
        'nonFinite': non_finite,
    }


def categorical(values):
    counter = collections.Counter(values)
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return {'kind': 'categorical', 'categories': [k for k, _ in ranked], 'counts': [v for _, v in ranked], 'n': len(values)}


finite_income = [float(c) for c in income_cells if c not in ('', 'nan', 'inf')]
expected = {
    'rows': ROWS,
    'levels': LEVELS,
    'bins': BINS,
    'explicitEdges': EXPLICIT_EDGES,
    'features': {
        'age': numeric(age, 0, 0),
        'ageExplicitEdges': numeric(age, 0, 0, EXPLICIT_EDGES),
        'income': numeric(finite_income, income_cells.count(''), income_cells.count('nan') + income_cells.count('inf')),
        'clicks': numeric(clicks, 0, 0),
        'city': categorical([CITIES[c] for c in city]),
        'zip': categorical(list(zips)),
    },
    'prediction': numeric(score, 0, 0),
    'label': categorical(list(label)),
}
CURRENT_ROWS = 600
cur_age = np.round(rng.normal(46, 12, CURRENT_ROWS), 1)
cur_income = rng.lognormal(10, 0.5, CURRENT_ROWS)
cur_label = rng.choice(['cat', 'dog', 'bird'], CURRENT_ROWS, p=[0.5, 0.3, 0.2])
with open(os.path.join(HERE, 'current.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(['age', 'income', 'label'])
    for i in range(CURRENT_ROWS):
        w.writerow([repr(float(cur_age[i])), repr(float(cur_income[i])), cur_label[i]])


def ks(a, b):
    r = stats.ks_2samp(a, b, method='auto')
    return {'statistic': float(r.statistic), 'pValue': float(r.pvalue)}


ref_labels = collections.Counter(label)
cur_labels = collections.Counter(cur_label)
classes = sorted(ref_labels)
chi2 = stats.chi2_contingency([[ref_labels[c] for c in classes], [cur_labels[c] for c in classes]])
expected['rawComparison'] = {
    'age': ks(age, cur_age),
    'income': ks(np.asarray(finite_income), cur_income),
    'label': {'statistic': float(chi2.statistic), 'pValue': float(chi2.pvalue)},
}

with open(os.path.join(HERE, 'expected.json'), 'w', encoding='utf-8') as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
    f.write('\n')
