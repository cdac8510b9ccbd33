/**
 * Agreement with scikit-learn 1.9 and NannyML 0.13 on the same data (numbers in
 * __fixtures__/performance-reference.json, written by scripts/reference/performance_reference.py).
 * Exact (1e-12) where the method is exact: scores on the bucket values, error sums. Within the stated bounds on
 * binned continuous data, and within the tolerances below where NannyML sees each row and we see ten buckets.
 */
import reference from './__fixtures__/performance-reference.json';
import { averagePrecision, rocAuc } from './auc';
import { calibration } from './calibration';
import { CBPE_METRICS, cbpe } from './cbpe';
import { regressionFromErrorHistogram, regressionFromSums } from './regression';

const EXACT = 1e-12;

/** One case of `scores`: the weighted case has no rows, so neither bucket means nor a calibration curve. */
interface ScoreCase {
  name: string;
  tied: boolean;
  upperBounds: number[];
  positives: number[];
  negatives: number[];
  meanScores?: Array<number | null>;
  rocAuc: number;
  averagePrecision: number;
  calibration?: { observedRate: number[]; meanPredicted: number[]; ece: number };
}

/** JSON stores an empty bucket's unknown mean as null. */
const means = (values: Array<number | null>): number[] => values.map((v) => (v === null ? NaN : v));

describe('ROC AUC, average precision and calibration against scikit-learn', () => {
  it.each((reference.scores as ScoreCase[]).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const histograms = { upperBounds: c.upperBounds, positives: c.positives, negatives: c.negatives };
    const auc = rocAuc(histograms);
    const ap = averagePrecision(histograms);
    if (c.tied) {
      expect(Math.abs(auc.value - c.rocAuc)).toBeLessThan(EXACT);
      expect(Math.abs(ap.value - c.averagePrecision)).toBeLessThan(EXACT);
    } else {
      expect(c.rocAuc).toBeGreaterThanOrEqual(auc.lower);
      expect(c.rocAuc).toBeLessThanOrEqual(auc.upper);
      expect(c.averagePrecision).toBeGreaterThanOrEqual(ap.lower);
      expect(c.averagePrecision).toBeLessThanOrEqual(ap.upper);
    }
    const expected = c.calibration;
    if (expected === undefined || c.meanScores === undefined) {
      return;
    }
    // With the buckets' mean scores known, the curve is calibration_curve's and the ECE exact.
    const known = calibration(histograms, means(c.meanScores));
    expect(known.bins).toHaveLength(expected.observedRate.length);
    known.bins.forEach((bin, i) => {
      expect(Math.abs(bin.observedRate - expected.observedRate[i])).toBeLessThan(EXACT);
      expect(Math.abs(bin.meanPredicted - expected.meanPredicted[i])).toBeLessThan(EXACT);
    });
    expect(Math.abs(known.ece - expected.ece)).toBeLessThan(EXACT);
    // Midpoints only: the true ECE lies within the bounds.
    const midpoints = calibration(histograms);
    expect(expected.ece).toBeGreaterThanOrEqual(midpoints.eceLower);
    expect(expected.ece).toBeLessThanOrEqual(midpoints.eceUpper);
  });
});

describe('CBPE against NannyML', () => {
  it.each(reference.cbpe.map((c) => [c.name, c]))('%s', (_, c) => {
    const ref = { upperBounds: c.reference.upperBounds, positives: c.reference.positives, negatives: c.reference.negatives };
    const calibrationMode = c.calibration === 'scores' ? 'scores' : 'reference';
    for (const chunk of c.chunks) {
      // Bucket-valued scores: the bucket's mean is its score. Continuous: NannyML's per-row means are not ours to know.
      const result = cbpe(chunk.counts, { calibration: calibrationMode, reference: ref, meanScores: c.tied ? means(c.reference.meanScores) : undefined });
      for (const name of CBPE_METRICS) {
        const expected = chunk[name];
        const metric = result.metrics[name];
        if (c.tied) {
          // NannyML rounds its cumulative expected counts for the ROC curve to 5 decimals.
          const tolerance = name === 'roc_auc' ? 1e-7 : 1e-9;
          expect(Math.abs((metric.estimate as number) - expected.estimate)).toBeLessThan(tolerance);
          // NannyML's ROC AUC sampling error ranks tied scores in argsort's arbitrary order; ours spreads them evenly.
          // Measured: within 0.25 %.
          const seTolerance = name === 'roc_auc' ? 0.01 * expected.samplingError : 1e-9;
          expect(Math.abs((metric.samplingError as number) - expected.samplingError)).toBeLessThan(seTolerance);
        } else {
          // Ten buckets against every row. Measured on these chunks: estimates within 0.0034 (accuracy), 0.0031
          // (precision), 0.0074 (recall), 0.0039 (F1), 0.0085 (ROC AUC); sampling errors within 1.2 %.
          expect(Math.abs((metric.estimate as number) - expected.estimate)).toBeLessThan(0.01);
          expect(Math.abs((metric.samplingError as number) - expected.samplingError)).toBeLessThan(0.02 * expected.samplingError);
        }
      }
    }
  });
});

describe('regression metrics against scikit-learn', () => {
  const { sums, expected, signedHistogram, absoluteHistogram } = reference.regression;

  it('is exact from error sums', () => {
    const result = regressionFromSums(sums);
    expect(Math.abs(result.mae - expected.mae) / expected.mae).toBeLessThan(EXACT);
    expect(Math.abs(result.rmse - expected.rmse) / expected.rmse).toBeLessThan(EXACT);
    expect(Math.abs((result.meanError as number) - expected.meanError) / expected.meanError).toBeLessThan(EXACT);
    expect(Math.abs((result.mape as number) - expected.mape) / expected.mape).toBeLessThan(EXACT);
  });

  it('brackets the raw metrics from error histograms, exact where the _sum gives them', () => {
    const signed = regressionFromErrorHistogram(signedHistogram, 'signed', signedHistogram.sum);
    expect(Math.abs((signed.meanError?.value as number) - expected.meanError) / expected.meanError).toBeLessThan(EXACT);
    const absolute = regressionFromErrorHistogram(absoluteHistogram, 'absolute', absoluteHistogram.sum);
    expect(Math.abs(absolute.mae.value - expected.mae) / expected.mae).toBeLessThan(EXACT);
    for (const estimate of [signed.mae, signed.rmse, absolute.rmse]) {
      const exact = estimate === signed.mae ? expected.mae : expected.rmse;
      expect(exact).toBeGreaterThanOrEqual(estimate.lower);
      expect(exact).toBeLessThanOrEqual(estimate.upper);
    }
  });
});
