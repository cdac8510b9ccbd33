import { bucketIndex } from './edges';
import { mulberry32 } from '../prng';

describe('bucketIndex', () => {
  it('counts the bounds strictly below the value, for every bound count and at the bounds themselves', () => {
    const next = mulberry32(21);
    for (let size = 0; size <= 20; size++) {
      const bounds = Array.from({ length: size }, (_, i) => i * 2 - size);
      const probes = [...bounds, ...bounds.map((b) => b + 0.5), ...bounds.map((b) => b - 1e-9), -1e9, 1e9, next() * 60 - 30];
      for (const value of probes) {
        expect(bucketIndex(bounds, value)).toBe(bounds.filter((b) => b < value).length);
      }
      expect(bucketIndex(bounds, NaN)).toBe(0);
    }
  });
});
