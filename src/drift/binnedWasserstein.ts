/**
 * Wasserstein-1 between two histograms on the same right-closed buckets, W₁ = ∫ |F − G| dx.
 *
 * The counts fix both CDFs exactly at the bucket edges; inside a bucket only their shape is unknown. Each side's
 * CDF is modelled as piecewise linear: within a bucket it follows the baseline's stored quantiles that fall
 * inside it (the reference's within-bucket shape, shared by the current side unless it has quantiles of its
 * own), linearly between them. The open end buckets run to the side's own minimum / maximum, else to the
 * reference's. Placing a bucket's whole mass at its midpoint instead puts a heavy tail's mass half-way to its
 * maximum: on flight delays that overstated W₁ nine-fold. The modelled W₁ is integrated exactly.
 *
 * Whatever the values inside the buckets, W₁ lies between bounds that follow from the edges alone, which the
 * result reports: per bucket, 0 where the two CDFs' ranges overlap, else the gap times the width (lower), and
 * the width times the largest difference the two ranges allow (upper). Open buckets have a width only when
 * both sides' extremes are known.
 */
import { CompensatedSum } from './numeric';

export interface QuantileKnots {
  /** Levels in [0, 1], ascending. */
  levels: ArrayLike<number>;
  /** The values at those levels, ascending. */
  values: ArrayLike<number>;
}

export interface HistogramSide {
  counts: ArrayLike<number>;
  total: number;
  min?: number;
  max?: number;
  /** The side's true mean (a baseline's summary, or the raw values'), which places the top of its upper tail. */
  mean?: number;
  quantiles?: QuantileKnots;
}

export interface BinnedWasserstein {
  distance: number;
  lower: number;
  /** Infinity when an open bucket with mass has no known extreme on some side. */
  upper: number;
  /** Population standard deviation of the modelled reference distribution. */
  referenceStd: number;
  /** Open buckets with mass but no known extreme (minimum / maximum), whose mass sits at their finite edge. */
  unboundedTails: Array<{ side: 'reference' | 'current'; bucket: number; count: number }>;
}

/** A piecewise-linear CDF: `x` ascending (a repeated x is a jump), `p` non-decreasing from 0 to 1. */
interface LinearCdf {
  x: number[];
  p: number[];
}

/** Edge CDF values of a side: cumulative[i] = share of mass up to and including bucket i, ending at 1. */
function cumulativeShares(counts: ArrayLike<number>, total: number): number[] {
  const shares: number[] = [];
  let running = 0;
  for (let i = 0; i < counts.length; i++) {
    running += counts[i];
    shares.push(i === counts.length - 1 ? 1 : running / total);
  }
  return shares;
}

/** Quantiles usable as shape: finite, both arrays equally long and ascending, levels within [0, 1]. */
function usableQuantiles(quantiles: QuantileKnots | undefined): QuantileKnots | undefined {
  if (!quantiles || quantiles.levels.length !== quantiles.values.length || quantiles.levels.length === 0) {
    return undefined;
  }
  for (let k = 0; k < quantiles.levels.length; k++) {
    const [level, value] = [quantiles.levels[k], quantiles.values[k]];
    if (!Number.isFinite(value) || !(level >= 0 && level <= 1)) {
      return undefined;
    }
    if (k > 0 && (level < quantiles.levels[k - 1] || value < quantiles.values[k - 1])) {
      return undefined;
    }
  }
  return quantiles;
}

/**
 * One side's CDF. `shape` gives the within-bucket knots with the shares of the side they came from
 * (`shapeShares`), so a knot at level l inside bucket i sits at the fraction (l − S(i−1)) / (S(i) − S(i−1)) of
 * the bucket's mass on this side too.
 */
function sideCdf(
  upperBounds: readonly number[],
  shares: readonly number[],
  ends: { low?: number; high?: number },
  shape: { quantiles: QuantileKnots; shares: readonly number[] } | undefined
): LinearCdf {
  const m = upperBounds.length;
  const cdf: LinearCdf = { x: [], p: [] };
  const add = (x: number, p: number) => {
    cdf.x.push(x);
    cdf.p.push(p);
  };
  for (let i = 0; i <= m; i++) {
    const before = i === 0 ? 0 : shares[i - 1];
    const after = shares[i];
    const lo = i === 0 ? (ends.low ?? upperBounds[0]) : upperBounds[i - 1];
    const hi = i === m ? (ends.high ?? upperBounds[m - 1]) : upperBounds[i];
    add(lo, before);
    if (shape && after > before && hi > lo) {
      const shapeBefore = i === 0 ? 0 : shape.shares[i - 1];
      const shapeMass = shape.shares[i] - shapeBefore;
      let fraction = 0;
      for (let k = 0; shapeMass > 0 && k < shape.quantiles.levels.length; k++) {
        const value = shape.quantiles.values[k];
        if (value > lo && value < hi) {
          fraction = Math.min(1, Math.max(fraction, (shape.quantiles.levels[k] - shapeBefore) / shapeMass));
          add(value, before + fraction * (after - before));
        }
      }
    }
    add(hi, after);
  }
  return cdf;
}

/**
 * Moves the end of the CDF's last segment so that the modelled distribution has the side's true mean. Linear
 * between the last quantile and the maximum puts that segment's mass half-way to the maximum, which a heavy
 * tail's few extreme values make far too high; what W₁ reads of that segment, when both sides share its shape,
 * is only its mean. The segment stays uniform, now over [start, 2·(its mean) − start], kept within the maximum
 * when one is known; without a known maximum the mean alone places it.
 */
function calibrateUpperTail(cdf: LinearCdf, mean: number | undefined, maximumKnown: boolean): void {
  const last = cdf.x.length - 1;
  if (mean === undefined || !Number.isFinite(mean) || last < 1) {
    return;
  }
  let start = last - 1;
  while (start > 0 && cdf.x[start] === cdf.x[last] && cdf.p[start] === cdf.p[last]) {
    start--;
  }
  const mass = cdf.p[last] - cdf.p[start];
  if (!(mass > 0)) {
    return;
  }
  let others = 0;
  for (let k = 1; k <= start; k++) {
    others += ((cdf.p[k] - cdf.p[k - 1]) * (cdf.x[k - 1] + cdf.x[k])) / 2;
  }
  const from = cdf.x[start];
  const segmentMean = (mean - others) / mass;
  const end = Math.max(from, 2 * segmentMean - from);
  cdf.x[last] = maximumKnown ? Math.min(end, cdf.x[last]) : end;
}

/** The CDF's limits from the left and from the right at each of `points` (ascending), in one sweep. */
function limitsAt(cdf: LinearCdf, points: readonly number[]): { left: Float64Array; right: Float64Array } {
  const left = new Float64Array(points.length);
  const right = new Float64Array(points.length);
  const { x, p } = cdf;
  let k = 0;
  for (let j = 0; j < points.length; j++) {
    const at = points[j];
    while (k < x.length && x[k] < at) {
      k++;
    }
    if (k === x.length) {
      left[j] = right[j] = 1;
      continue;
    }
    if (x[k] === at) {
      left[j] = p[k];
      let last = k;
      while (last + 1 < x.length && x[last + 1] === at) {
        last++;
      }
      right[j] = p[last];
      continue;
    }
    // Strictly between knots k − 1 and k (or before the first knot, where the CDF is 0).
    const value = k === 0 ? 0 : p[k - 1] + ((p[k] - p[k - 1]) * (at - x[k - 1])) / (x[k] - x[k - 1]);
    left[j] = right[j] = value;
  }
  return { left, right };
}

/** ∫ |d| over a segment of width w on which d runs linearly from d0 to d1. */
function absoluteIntegral(d0: number, d1: number, width: number): number {
  if (d0 * d1 >= 0) {
    return ((Math.abs(d0) + Math.abs(d1)) / 2) * width;
  }
  return (width * (d0 * d0 + d1 * d1)) / (2 * (Math.abs(d0) + Math.abs(d1)));
}

/**
 * ∫ |F − G| of two piecewise-linear CDFs, exactly. With `byBucket`, each segment's part is also added to the
 * bucket it lies in (bucket edges are knots of both CDFs, so no segment straddles one).
 */
function linearCdfDistance(f: LinearCdf, g: LinearCdf, byBucket?: { upperBounds: readonly number[]; parts: number[] }): number {
  const points = [...new Set([...f.x, ...g.x])].sort((a, b) => a - b);
  const fl = limitsAt(f, points);
  const gl = limitsAt(g, points);
  const integral = new CompensatedSum();
  let bucket = 0;
  for (let j = 0; j + 1 < points.length; j++) {
    const part = absoluteIntegral(fl.right[j] - gl.right[j], fl.left[j + 1] - gl.left[j + 1], points[j + 1] - points[j]);
    integral.add(part);
    if (byBucket) {
      // Right-closed buckets: a segment starting at edge k lies in bucket k + 1.
      while (bucket < byBucket.upperBounds.length && byBucket.upperBounds[bucket] <= points[j]) {
        bucket++;
      }
      byBucket.parts[bucket] += part;
    }
  }
  return integral.value();
}

/** Population standard deviation of the distribution a piecewise-linear CDF describes (uniform segments, jumps as points). */
function linearCdfStd(cdf: LinearCdf): number {
  let mean = 0;
  let secondMoment = 0;
  for (let k = 1; k < cdf.x.length; k++) {
    const mass = cdf.p[k] - cdf.p[k - 1];
    const [a, b] = [cdf.x[k - 1], cdf.x[k]];
    mean += (mass * (a + b)) / 2;
    secondMoment += (mass * (a * a + a * b + b * b)) / 3;
  }
  return Math.sqrt(Math.max(0, secondMoment - mean * mean));
}

/** Open end buckets whose mass the CDF had to put on their finite edge, for want of a known extreme or mean. */
function tailsAtEdges(side: 'reference' | 'current', upperBounds: readonly number[], counts: ArrayLike<number>, cdf: LinearCdf): BinnedWasserstein['unboundedTails'] {
  const m = upperBounds.length;
  const tails: BinnedWasserstein['unboundedTails'] = [];
  if (counts[0] > 0 && cdf.x[0] === upperBounds[0]) {
    tails.push({ side, bucket: 0, count: counts[0] });
  }
  if (counts[m] > 0 && cdf.x[cdf.x.length - 1] === upperBounds[m - 1]) {
    tails.push({ side, bucket: m, count: counts[m] });
  }
  return tails;
}

/**
 * Where an open end bucket's values can lie: up to the most extreme of the sides that have mass in it, or
 * undefined when one of those sides has no known extreme.
 */
function openBucketEnd(bucket: number, sides: ReadonlyArray<{ counts: ArrayLike<number>; end: number | undefined }>, pick: (a: number, b: number) => number): number | undefined {
  let end: number | undefined;
  for (const side of sides) {
    if (side.counts[bucket] > 0) {
      if (side.end === undefined) {
        return undefined;
      }
      end = end === undefined ? side.end : pick(end, side.end);
    }
  }
  return end;
}

/** Bounds on W₁ from the edge shares alone (see the module comment); `low`/`high` bound the open buckets. */
function edgeBounds(upperBounds: readonly number[], f: readonly number[], g: readonly number[], low?: number, high?: number): { lower: number; upper: number } {
  const m = upperBounds.length;
  let lower = 0;
  let upper = 0;
  for (let i = 0; i <= m; i++) {
    const [fa, ga] = i === 0 ? [0, 0] : [f[i - 1], g[i - 1]];
    const [fb, gb] = [f[i], g[i]];
    // Inside the bucket F takes values in [fa, fb] and G in [ga, gb].
    const gap = Math.max(0, ga - fb, fa - gb);
    const largest = Math.max(fb - ga, gb - fa);
    const lo = i === 0 ? low : upperBounds[i - 1];
    const hi = i === m ? high : upperBounds[i];
    if (lo === undefined || hi === undefined) {
      upper = largest > 0 ? Infinity : upper;
      continue;
    }
    lower += gap * (hi - lo);
    upper += largest * (hi - lo);
  }
  return { lower, upper };
}

/** W₁ between two histograms on the same `upperBounds` (m finite edges, m + 1 counts per side). */
export function binnedWasserstein(upperBounds: readonly number[], reference: HistogramSide, current: HistogramSide): BinnedWasserstein {
  const m = upperBounds.length;
  const { f, g, referenceEnds, currentOwnEnds, referenceCdf, currentCdf } = modelledCdfs(upperBounds, reference, current);
  const unboundedTails = [...tailsAtEdges('reference', upperBounds, reference.counts, referenceCdf), ...tailsAtEdges('current', upperBounds, current.counts, currentCdf)];
  // The bounds hold only within the extremes the sides themselves reported.
  const bounds = edgeBounds(
    upperBounds,
    f,
    g,
    openBucketEnd(0, [{ counts: reference.counts, end: referenceEnds.low }, { counts: current.counts, end: currentOwnEnds.low }], Math.min),
    openBucketEnd(m, [{ counts: reference.counts, end: referenceEnds.high }, { counts: current.counts, end: currentOwnEnds.high }], Math.max)
  );
  return { distance: linearCdfDistance(referenceCdf, currentCdf), ...bounds, referenceStd: linearCdfStd(referenceCdf), unboundedTails };
}

/**
 * The modelled W₁ of `binnedWasserstein` split by bucket: ∫ |F − G| over each bucket (open buckets up to the
 * modelled ends), the cost of moving mass across that bucket. The parts sum to the distance.
 */
export function binnedWassersteinByBucket(upperBounds: readonly number[], reference: HistogramSide, current: HistogramSide): number[] {
  const { referenceCdf, currentCdf } = modelledCdfs(upperBounds, reference, current);
  const parts = new Array<number>(upperBounds.length + 1).fill(0);
  linearCdfDistance(referenceCdf, currentCdf, { upperBounds, parts });
  return parts;
}

/** Both sides' modelled CDFs (see the module comment), with the edge shares and known ends they were built from. */
function modelledCdfs(upperBounds: readonly number[], reference: HistogramSide, current: HistogramSide) {
  const m = upperBounds.length;
  const f = cumulativeShares(reference.counts, reference.total);
  const g = cumulativeShares(current.counts, current.total);
  // A side's extreme tells where its open bucket ends only if it lies in that bucket.
  const lowEnd = (side: HistogramSide) => (side.min !== undefined && Number.isFinite(side.min) && side.min <= upperBounds[0] ? side.min : undefined);
  const highEnd = (side: HistogramSide) => (side.max !== undefined && Number.isFinite(side.max) && side.max > upperBounds[m - 1] ? side.max : undefined);

  const referenceEnds = { low: lowEnd(reference), high: highEnd(reference) };
  const currentOwnEnds = { low: lowEnd(current), high: highEnd(current) };

  const referenceQuantiles = usableQuantiles(reference.quantiles);
  const referenceShape = referenceQuantiles && { quantiles: referenceQuantiles, shares: f };
  const referenceCdf = sideCdf(upperBounds, f, referenceEnds, referenceShape);
  calibrateUpperTail(referenceCdf, reference.mean, referenceEnds.high !== undefined);

  // The current side has the reference's within-bucket shape unless it brings quantiles or a mean of its own.
  const currentQuantiles = usableQuantiles(current.quantiles);
  // Where the reference's modelled upper tail ends, when it has one: the current side's tail shares that end
  // unless the current's own maximum is lower or its own mean places its tail.
  const referenceTop = referenceCdf.x[referenceCdf.x.length - 1];
  const sharedTop = referenceTop > upperBounds[m - 1] ? referenceTop : undefined;
  const ownMean = current.mean !== undefined && Number.isFinite(current.mean);
  const ownTop = currentOwnEnds.high;
  const currentEnds = {
    low: currentOwnEnds.low ?? referenceEnds.low,
    high: ownMean || ownTop === undefined || sharedTop === undefined ? (ownTop ?? sharedTop) : Math.min(ownTop, sharedTop),
  };
  const currentCdf = sideCdf(upperBounds, g, currentEnds, currentQuantiles ? { quantiles: currentQuantiles, shares: g } : referenceShape);
  calibrateUpperTail(currentCdf, current.mean, ownTop !== undefined);
  return { f, g, referenceEnds, currentOwnEnds, referenceCdf, currentCdf };
}
