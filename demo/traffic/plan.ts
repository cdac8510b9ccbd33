/**
 * What the traffic generator sends and when, without any I/O: request rates with a daily-like wave and noise,
 * request bodies (with the occasional missing value, NaN and malformed request real clients produce), the drift
 * switch and the delays of late labels. Times are in demo seconds; the clock maps them to wall time.
 */
import { type ClassName, type FeatureRow, sampleFeatures, sampleLabel } from '../data/dataset';
import type { Random } from '../data/random';
import { SPEND_MODEL_NAME, sampleSpend } from '../data/spend';
import { UPSELL_MODEL_NAME, sampleAcceptance } from '../data/upsell';

export interface TrafficOptions {
  /** Mean requests per demo second. */
  requestsPerSecond: number;
  /** Demo seconds before drift is injected; Infinity: never. */
  driftAfterSeconds: number;
  /** Mean delay of a true label, demo seconds. */
  labelDelaySeconds: number;
  /** Share of predictions that ever receive a label. */
  labelShare: number;
  /** Share of requests that are malformed (answered 400). */
  malformedShare: number;
  /** Share of requests with a NaN session length. */
  nonFiniteShare: number;
  /** Period of the rate wave, demo seconds. */
  wavePeriodSeconds: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = {
  requestsPerSecond: 20,
  driftAfterSeconds: 900,
  labelDelaySeconds: 60,
  labelShare: 0.8,
  malformedShare: 0.01,
  nonFiniteShare: 0.005,
  wavePeriodSeconds: 1800,
};

/** Mean rate at demo time `t`: ±30 % around the configured rate, like a compressed day. */
export function meanRate(options: TrafficOptions, t: number): number {
  return options.requestsPerSecond * (1 + 0.3 * Math.sin((2 * Math.PI * t) / options.wavePeriodSeconds));
}

/** Poisson draw by inversion for small means, normal approximation for large ones. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) {
    return 0;
  }
  if (mean > 50) {
    return Math.max(0, Math.round(random.normal(mean, Math.sqrt(mean))));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random.uniform();
  while (product > limit) {
    count++;
    product *= random.uniform();
  }
  return count;
}

export interface PlannedRequest {
  body: { features: Record<string, unknown> };
  /** The true label, for predictions that will be labelled. */
  label?: ClassName;
  /**
   * The same customer's actual values for the demo's output models (`demo/model/outputModels.ts`), delivered with
   * the churn label: whether the upsell offer was accepted, the monthly spend.
   */
  outcomes: { [UPSELL_MODEL_NAME]: string; [SPEND_MODEL_NAME]: number };
  /** Demo seconds between the prediction and its label. */
  labelDelaySeconds: number;
}

export function isDrifted(options: TrafficOptions, t: number): boolean {
  return t >= options.driftAfterSeconds;
}

export function planRequest(random: Random, options: TrafficOptions, t: number): PlannedRequest {
  const drifted = isDrifted(options, t);
  const features: FeatureRow = sampleFeatures(random, drifted);
  const label = sampleLabel(random, features, drifted);
  // Drawn before the request is spoilt below: the outcomes belong to the customer, not to what the client sent.
  const outcomes = {
    [UPSELL_MODEL_NAME]: sampleAcceptance(random, features, drifted),
    [SPEND_MODEL_NAME]: sampleSpend(random, features, drifted),
  };
  const body: { features: Record<string, unknown> } = { features: { ...features } };
  if (random.chance(options.malformedShare)) {
    body.features.age = 'forty-two';
  } else if (random.chance(options.nonFiniteShare)) {
    body.features.session_length = 'NaN';
  }
  return {
    body,
    label: random.chance(options.labelShare) ? label : undefined,
    outcomes,
    labelDelaySeconds: random.exponential(options.labelDelaySeconds),
  };
}
