/**
 * The most extreme epoch milliseconds Grafana's time ranges can carry (int64 nanoseconds, about ±292 years
 * around 1970). A time beyond it is no time a dashboard, rule or capture sends, and `Date` cannot even
 * format some of them (from 8.64e15 ms on).
 */
export const MAX_EPOCH_MS = 9_223_372_036_854;

export function isRepresentableEpochMs(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS;
}
