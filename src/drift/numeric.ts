/** Summation and moments that stay accurate over millions of values. */

/** Sum with Neumaier compensation, fed term by term. */
export class CompensatedSum {
  private total = 0;
  private compensation = 0;

  add(value: number): void {
    const next = this.total + value;
    if (Math.abs(this.total) >= Math.abs(value)) {
      this.compensation += this.total - next + value;
    } else {
      this.compensation += value - next + this.total;
    }
    this.total = next;
  }

  value(): number {
    return this.total + this.compensation;
  }
}

/** Population (ddof = 0) standard deviation of values with optional weights, two-pass. */
export function populationStd(values: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const weightSum = new CompensatedSum();
  const weighted = new CompensatedSum();
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    weightSum.add(w);
    weighted.add(w * values[i]);
  }
  const total = weightSum.value();
  const mean = weighted.value() / total;
  const squares = new CompensatedSum();
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i] : 1;
    const deviation = values[i] - mean;
    squares.add(w * deviation * deviation);
  }
  return Math.sqrt(squares.value() / total);
}

/** Plain left-to-right sum (the order numpy's cumsum/sum of short vectors effectively uses). */
export function sumOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i];
  }
  return total;
}

/** Element-wise equality of two arrays (bin bounds, time columns), with a plain loop: typed-array callbacks cost
 * several times more on a million points. */
export function sameElements(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}
