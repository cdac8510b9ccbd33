"""numpy counterpart of `mldrift baseline build` for bench/baseline-build.ts: read the CSV, then per column the
summary (n, min, max, mean, population std), quantiles and a histogram on quantile edges (right-closed buckets,
as the baseline uses). Prints one JSON line with the time it took; peak memory is measured from outside.

  python3 bench/baseline_build_numpy.py data.csv [--bins 10] [--check baseline.json]

With --check, after the timed work, the counts on mldrift's own edges are compared with mldrift's counts (a
correctness check, not timed).
"""
import json
import sys
import time

import numpy as np

LEVELS = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]


def main():
    path = sys.argv[1]
    bins = int(sys.argv[sys.argv.index('--bins') + 1]) if '--bins' in sys.argv else 10
    start = time.perf_counter()
    with open(path, encoding='utf-8') as f:
        header = f.readline().strip().split(',')
    data = np.loadtxt(path, delimiter=',', skiprows=1, dtype=np.float64)
    loaded = time.perf_counter()
    summaries = {}
    for j, name in enumerate(header):
        x = data[:, j]
        x = x[np.isfinite(x)]
        edges = np.unique(np.quantile(x, [i / bins for i in range(1, bins)]))
        counts = np.bincount(np.searchsorted(edges, x, side='left'), minlength=edges.size + 1)
        summaries[name] = {
            'n': int(x.size), 'min': float(x.min()), 'max': float(x.max()), 'mean': float(x.mean()),
            'std': float(x.std()), 'quantiles': np.quantile(x, LEVELS).tolist(), 'counts': counts.tolist(),
        }
    done = time.perf_counter()
    result = {'rows': int(data.shape[0]), 'columns': len(header), 'seconds': done - start, 'readSeconds': loaded - start}
    if '--check' in sys.argv:
        with open(sys.argv[sys.argv.index('--check') + 1], encoding='utf-8') as f:
            baseline = json.load(f)
        agree = True
        worst_mean = 0.0
        for feature in baseline['features']:
            x = data[:, header.index(feature['name'])]
            x = x[np.isfinite(x)]
            bounds = np.asarray(feature['histogram']['upperBounds'])
            counts = np.bincount(np.searchsorted(bounds, x, side='left'), minlength=bounds.size + 1)
            agree = agree and counts.tolist() == feature['histogram']['counts']
            s = summaries[feature['name']]
            worst_mean = max(worst_mean, abs(feature['summary']['mean'] - s['mean']) / max(1.0, abs(s['mean'])),
                             abs(feature['summary']['std'] - s['std']) / max(1.0, s['std']))
            agree = agree and feature['summary']['min'] == s['min'] and feature['summary']['max'] == s['max']
        result['countsAndRangeAgree'] = agree
        result['worstMeanStdRelativeDifference'] = worst_mean
    print(json.dumps(result))


main()
