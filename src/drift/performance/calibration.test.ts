import { DriftInputError } from '../errors';
import { calibration } from './calibration';

describe('calibration (reliability curve and ECE)', () => {
  const histograms = { upperBounds: [0.25, 0.5, 0.75], positives: [1, 0, 6, 9], negatives: [9, 0, 4, 1] };

  it('gives per non-empty bucket the observed rate against the midpoint, and bounds the ECE (hand-computed)', () => {
    const result = calibration(histograms);
    expect(result.bins.map((b) => b.bucket)).toEqual([0, 2, 3]);
    expect(result.bins.map((b) => b.meanPredicted)).toEqual([0.125, 0.625, 0.875]);
    expect(result.bins.map((b) => b.observedRate)).toEqual([0.1, 0.6, 0.9]);
    expect(result.bins.every((b) => b.meanSource === 'midpoint')).toBe(true);
    // n = 30; gaps 0.025, 0.025, 0.025 → ECE 0.025. Each observed rate lies inside its bucket: lower 0;
    // upper: farther ends 0.25 − 0.1, 0.75 − 0.6, 0.9 − 0.75 → (10·0.15 + 10·0.15 + 10·0.15)/30.
    expect(result.ece).toBeCloseTo(0.025, 15);
    expect(result.eceLower).toBe(0);
    expect(result.eceUpper).toBeCloseTo(0.15, 15);
  });

  it('uses known bucket means, which make the ECE exact', () => {
    const result = calibration(histograms, [0.1, NaN, 0.7, 0.8]);
    expect(result.bins.map((b) => b.meanSource)).toEqual(['known', 'known', 'known']);
    const ece = (10 * 0 + 10 * 0.1 + 10 * 0.1) / 30;
    expect(result.ece).toBeCloseTo(ece, 15);
    expect(result.eceLower).toBeCloseTo(ece, 15);
    expect(result.eceUpper).toBeCloseTo(ece, 15);
  });

  it('clamps a summed mean that rounding put just past its bucket edge onto the bucket', () => {
    // Three positives scored 0.1 in the bucket [0, 0.1]: their summed mean lies a hair above 0.1.
    const roundedUp = (0.1 + 0.1 + 0.1) / 3;
    expect(roundedUp).toBeGreaterThan(0.1);
    const result = calibration({ upperBounds: [0.1], positives: [3, 0], negatives: [0, 0] }, [roundedUp, NaN]);
    expect(result.bins[0].meanPredicted).toBe(0.1);
    expect(result.ece).toBeCloseTo(0.9, 15);
    expect(result.eceLower).toBe(result.ece);
    expect(() => calibration(histograms, [0.25 + 1e-6, NaN, 0.7, 0.8])).toThrow(/outside the bucket's range/);
  });

  it('refuses scores outside [0, 1], means outside their bucket and empty windows', () => {
    expect(() => calibration({ upperBounds: [0.5, 1], positives: [1, 1, 1], negatives: [0, 0, 0] })).toThrow(/outside \[0, 1\]/);
    expect(() => calibration({ upperBounds: [-0.1, 1], positives: [0, 1, 0], negatives: [1, 0, 0] })).toThrow(/not probabilities/);
    expect(() => calibration(histograms, [0.1, NaN, 0.9, 0.8])).toThrow(/outside the bucket's range/);
    expect(() => calibration({ upperBounds: [0.5], positives: [0, 0], negatives: [0, 0] })).toThrow(DriftInputError);
  });
});
