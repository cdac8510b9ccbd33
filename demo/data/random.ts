/** Seeded randomness for the demo: the same seed gives the same training data and the same traffic. */
import { mulberry32 } from '../../src/drift/prng';

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  uniform(): number {
    return this.next();
  }

  /** Approximately normal (Irwin–Hall sum of 12 uniforms), as in `src/drift/prng.ts`. */
  normal(mean: number, std: number): number {
    let sum = 0;
    for (let k = 0; k < 12; k++) {
      sum += this.next();
    }
    return mean + std * (sum - 6);
  }

  /** Exponential with the given mean; `1 - u` keeps the logarithm finite. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One of `choices`, drawn with the given relative weights. */
  pick<T>(choices: ReadonlyArray<{ value: T; weight: number }>): T {
    const total = choices.reduce((sum, choice) => sum + choice.weight, 0);
    let target = this.next() * total;
    for (const choice of choices) {
      target -= choice.weight;
      if (target < 0) {
        return choice.value;
      }
    }
    return choices[choices.length - 1].value;
  }
}
