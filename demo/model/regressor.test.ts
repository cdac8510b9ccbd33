import { sampleFeatures } from '../data/dataset';
import { Random } from '../data/random';
import { sampleSpend, spendTrainingRows } from '../data/spend';
import { SpendRegressor, solveLinearSystem } from './regressor';

const model = SpendRegressor.train(spendTrainingRows());

function meanAbsoluteError(drifted: boolean): { mae: number; bias: number } {
  const random = new Random(99);
  let absolute = 0;
  let signed = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const features = sampleFeatures(random, drifted);
    const error = model.predict(features) - sampleSpend(random, features, drifted);
    absolute += Math.abs(error);
    signed += error;
  }
  return { mae: absolute / n, bias: signed / n };
}

describe('spend regressor', () => {
  it('solves a linear system exactly', () => {
    expect(solveLinearSystem([[0, 2], [3, 1]], [4, 5])).toEqual([1, 2]);
    expect(() => solveLinearSystem([[1, 2], [2, 4]], [1, 2])).toThrow('singular');
  });

  it('predicts fresh customers about as well as the noise allows', () => {
    const { mae, bias } = meanAbsoluteError(false);
    // The target's noise has a standard deviation of 6: its mean absolute deviation is 6·√(2/π) ≈ 4.8.
    expect(mae).toBeLessThan(5.5);
    expect(Math.abs(bias)).toBeLessThan(0.5);
  });

  it('overshoots once richer customers spend less per income', () => {
    const before = meanAbsoluteError(false);
    const after = meanAbsoluteError(true);
    expect(after.bias).toBeGreaterThan(5);
    expect(after.mae).toBeGreaterThan(before.mae + 3);
  });

  it('fits the same model every time', () => {
    const again = SpendRegressor.train(spendTrainingRows());
    const features = sampleFeatures(new Random(3), false);
    expect(again.predict(features)).toBe(model.predict(features));
  });
});
