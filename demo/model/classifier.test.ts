import { sampleRow, trainingRows } from '../data/dataset';
import { Random } from '../data/random';
import { trainAllVersions } from './versions';

const models = trainAllVersions();

function accuracy(version: string, drifted: boolean): number {
  const random = new Random(1234);
  const model = models.get(version)!;
  let correct = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const row = sampleRow(random, drifted);
    correct += model.predict(row.features).predicted === row.label ? 1 : 0;
  }
  return correct / n;
}

describe('churn classifier', () => {
  it('learns the concept well above chance on fresh data', () => {
    expect(accuracy('v1', false)).toBeGreaterThan(0.8);
  });

  it('loses accuracy once the concept drifts', () => {
    expect(accuracy('v1', true)).toBeLessThan(accuracy('v1', false) - 0.1);
  });

  it('trains the same model every time', () => {
    const again = trainAllVersions().get('v1')!;
    for (const row of trainingRows(5, 50)) {
      expect(again.predict(row.features)).toEqual(models.get('v1')!.predict(row.features));
    }
  });

  it('predicts for missing values and unseen categories', () => {
    const prediction = models.get('v1')!.predict({ age: null, country: 'ZZ', device: undefined });
    expect(Number.isFinite(prediction.probability)).toBe(true);
    expect(['churn', 'stay']).toContain(prediction.predicted);
  });

  it('gives the challenger a lower decision threshold, so it predicts churn more often', () => {
    const rows = trainingRows(6, 2000);
    const churnShare = (version: string) =>
      rows.filter((r) => models.get(version)!.predict(r.features).predicted === 'churn').length;
    expect(churnShare('v2')).toBeGreaterThan(churnShare('v1'));
  });
});
