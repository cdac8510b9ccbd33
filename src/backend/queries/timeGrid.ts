/**
 * Time on the query side, shared by every live source: Prometheus-style durations (`window`, `minStep`) and the
 * evaluation grid of a range query, aligned so that consecutive refreshes hit the same timestamps.
 */
import { DEFAULT_MIN_STEP } from '../../shared/settingsModel';
import { MAX_EPOCH_MS } from '../epoch';

export class DurationError extends Error {}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Parses a Prometheus duration (`90s`, `1h30m`, `7d`) into milliseconds; units must appear largest first. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const part = /(\d+)(ms|s|m|h|d|w|y)/y;
  let total = 0;
  let position = 0;
  let lastUnitMs = Infinity;
  while (position < trimmed.length) {
    part.lastIndex = position;
    const match = part.exec(trimmed);
    if (!match) {
      throw new DurationError(`invalid duration ${JSON.stringify(text)}: expected e.g. 30s, 5m, 1h30m, 7d`);
    }
    const unitMs = DURATION_UNITS_MS[match[2]];
    if (unitMs >= lastUnitMs) {
      throw new DurationError(`invalid duration ${JSON.stringify(text)}: units must go from largest to smallest`);
    }
    lastUnitMs = unitMs;
    total += Number(match[1]) * unitMs;
    position = part.lastIndex;
  }
  if (position === 0 || total <= 0) {
    throw new DurationError(`invalid duration ${JSON.stringify(text)}: must be positive, e.g. 1h`);
  }
  if (total > MAX_EPOCH_MS) {
    // Prometheus and Grafana keep durations in int64 nanoseconds: longer ones cannot be sent.
    throw new DurationError(`invalid duration ${JSON.stringify(text.slice(0, 40))}: longer than about 292 years`);
  }
  return total;
}

/** Prometheus refuses range queries with more than 11,000 points per series; Elasticsearch grids keep to it too. */
export const MAX_POINTS_PER_SERIES = 11_000;
const DEFAULT_MIN_STEP_MS = parseDuration(DEFAULT_MIN_STEP);

export interface StepGrid {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * The panel interval, but never below the scrape-friendly minimum, never more points than the panel can
 * show or Prometheus allows, whole seconds, and start/end aligned to the step so consecutive refreshes hit
 * the same timestamps (Grafana's Prometheus datasource aligns the same way).
 */
export function stepGrid(
  fromMs: number,
  toMs: number,
  intervalMs: number,
  maxDataPoints: number,
  minStepMs: number = DEFAULT_MIN_STEP_MS
): StepGrid {
  const span = Math.max(0, toMs - fromMs);
  const maxPoints = Math.min(maxDataPoints > 0 ? maxDataPoints : MAX_POINTS_PER_SERIES, MAX_POINTS_PER_SERIES);
  const raw = Math.max(intervalMs > 0 ? intervalMs : 0, minStepMs, Math.ceil(span / maxPoints), 1000);
  const stepMs = Math.ceil(raw / 1000) * 1000;
  const startMs = Math.floor(fromMs / stepMs) * stepMs;
  const endMs = Math.max(startMs, Math.floor(toMs / stepMs) * stepMs);
  return { startMs, endMs, stepMs };
}
