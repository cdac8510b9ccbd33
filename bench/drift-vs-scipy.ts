/**
 * Times the drift engine against scipy on identical data, in one run:
 *   npx tsx bench/drift-vs-scipy.ts [--samples 1000000] [--features 200] [--bins 50] [--repeats 5]
 * KS and Wasserstein on two samples of `samples` values each (sorting included on both sides, as scipy sorts
 * internally); PSI, JS and chi2 over `features` features × `bins` bins. Both sides draw the data from the shared
 * PRNG (src/drift/prng.ts, scripts/reference/prng.py), so they see the same numbers; the table also shows that
 * the results agree. Timings are the best of `repeats` runs. Needs python3 with numpy and scipy.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chi2Homogeneity } from '../src/drift/chi2';
import { compareDistributions } from '../src/drift/compare';
import { jensenShannonDistance, psi } from '../src/drift/divergences';
import { ksTwoSample } from '../src/drift/ks';
import { normalSamples, uniformSamples } from '../src/drift/prng';
import { sortAscending } from '../src/drift/sort';
import { wassersteinSorted } from '../src/drift/wasserstein';

interface Timed {
  ms: number;
  statistic: number;
  pValue?: number;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function bestOf(repeats: number, run: () => { statistic: number; pValue?: number }): Timed {
  let best = Infinity;
  let last = run(); // warm-up (JIT), not timed
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    last = run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: best, ...last };
}

function main(): void {
  const samples = argument('samples', 1_000_000);
  const features = argument('features', 200);
  const bins = argument('bins', 50);
  const repeats = argument('repeats', 5);

  const a = normalSamples(1, samples);
  const b = normalSamples(2, samples, 0.01, 1);
  // Reference counts uniform in 1..999 (no empty bin: scipy.stats.chi2_contingency refuses those); current =
  // reference scaled by 0.95..1.05 per bin, a mild shift, so the p-values are not all 0.
  const u3 = uniformSamples(3, features * bins);
  const u4 = uniformSamples(4, features * bins);
  const ref = Array.from({ length: features }, (_, f) => Array.from(u3.subarray(f * bins, (f + 1) * bins), (x) => 1 + Math.floor(x * 999)));
  const cur = ref.map((row, f) => row.map((count, i) => Math.floor(count * (0.95 + 0.1 * u4[f * bins + i]))));

  const ours: Record<string, Timed> = {
    ks: bestOf(repeats, () => ksTwoSample(a, b)),
    wasserstein: bestOf(repeats, () => ({ statistic: wassersteinSorted(sortAscending(Float64Array.from(a)), sortAscending(Float64Array.from(b))) })),
    psi: bestOf(repeats, () => ({ statistic: ref.map((r, f) => psi(r, cur[f]))[0] })),
    js: bestOf(repeats, () => ({ statistic: ref.map((r, f) => jensenShannonDistance(r, cur[f]))[0] })),
    chi2: bestOf(repeats, () => {
      const all = ref.map((r, f) => chi2Homogeneity(r, cur[f]));
      return { statistic: all[0].statistic, pValue: all[0].pValue };
    }),
  };
  // The same through the public entry point (alignment, notices, verdict), as the backend and CLI call it.
  const categories = Array.from({ length: bins }, (_, i) => `c${i}`);
  const viaEntryPoint = (method: 'psi' | 'js' | 'chi2') =>
    bestOf(repeats, () => {
      const results = ref.map((r, f) =>
        compareDistributions(
          { kind: 'categorical', distribution: { categories, counts: r } },
          { kind: 'categorical', distribution: { categories, counts: cur[f] } },
          { method }
        )
      );
      return { statistic: results[0].statistic, pValue: results[0].pValue };
    });
  const numericEntry = (method: 'ks' | 'wasserstein') =>
    bestOf(repeats, () => {
      const result = compareDistributions({ kind: 'numeric', samples: a }, { kind: 'numeric', samples: b }, { method });
      return { statistic: result.statistic, pValue: result.pValue };
    });
  const entry = {
    ks: numericEntry('ks'),
    wasserstein: numericEntry('wasserstein'),
    psi: viaEntryPoint('psi'),
    js: viaEntryPoint('js'),
    chi2: viaEntryPoint('chi2'),
  };

  const script = path.join(__dirname, 'drift_scipy.py');
  const scipy = JSON.parse(
    execFileSync('python3', [script, String(samples), String(features), String(bins), String(repeats)], { encoding: 'utf8' })
  ) as Record<string, Timed>;

  const rows = [
    ['case', 'engine ms', 'entry point ms', 'scipy ms', 'engine/scipy', 'statistic (engine | scipy)', 'p-value (engine | scipy)'],
  ];
  const label: Record<string, string> = {
    ks: `KS ${samples} vs ${samples}`,
    wasserstein: `Wasserstein ${samples} vs ${samples}`,
    psi: `PSI ${features} features × ${bins} bins`,
    js: `JS ${features} features × ${bins} bins`,
    chi2: `chi2 ${features} features × ${bins} bins`,
  };
  for (const key of Object.keys(ours)) {
    const mine = ours[key];
    const theirs = scipy[key];
    const viaEntry = (entry as Record<string, Timed>)[key];
    rows.push([
      label[key],
      mine.ms.toFixed(1),
      viaEntry.ms.toFixed(1),
      theirs.ms.toFixed(1),
      (mine.ms / theirs.ms).toFixed(2),
      `${mine.statistic} | ${theirs.statistic}`,
      mine.pValue === undefined ? '' : `${mine.pValue} | ${theirs.pValue}`,
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  }
  console.log(`\nnode ${process.version}, best of ${repeats}; data generation not timed.`);
}

main();
