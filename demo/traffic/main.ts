/**
 * Runs the traffic generator: `npx tsx demo/traffic/main.ts`.
 * Env: TARGET_URL, REQUESTS_PER_SECOND, DRIFT_AFTER_SECONDS (demo seconds; "never" to disable), LABEL_DELAY_SECONDS,
 * LABEL_SHARE, TIME_SCALE (accelerated clock), SEED, OUTPUT_MODELS ("off": churn requests only, not upsell and spend).
 */
import { DEFAULT_TRAFFIC } from './plan';
import { type GeneratorOptions, TrafficGenerator } from './generator';

function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  if (name === 'DRIFT_AFTER_SECONDS' && text === 'never') {
    return Infinity;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a non-negative number, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const options: GeneratorOptions = {
  targetUrl: (process.env.TARGET_URL ?? 'http://localhost:8000').replace(/\/+$/, ''),
  requestsPerSecond: numberFromEnv('REQUESTS_PER_SECOND', DEFAULT_TRAFFIC.requestsPerSecond),
  driftAfterSeconds: numberFromEnv('DRIFT_AFTER_SECONDS', DEFAULT_TRAFFIC.driftAfterSeconds),
  labelDelaySeconds: numberFromEnv('LABEL_DELAY_SECONDS', DEFAULT_TRAFFIC.labelDelaySeconds),
  labelShare: numberFromEnv('LABEL_SHARE', DEFAULT_TRAFFIC.labelShare),
  malformedShare: DEFAULT_TRAFFIC.malformedShare,
  nonFiniteShare: DEFAULT_TRAFFIC.nonFiniteShare,
  wavePeriodSeconds: DEFAULT_TRAFFIC.wavePeriodSeconds,
  timeScale: numberFromEnv('TIME_SCALE', 1) || 1,
  seed: numberFromEnv('SEED', 1),
  maxInFlight: 256,
  outputModels: process.env.OUTPUT_MODELS !== 'off',
  log: (line) => console.log(line),
};

const generator = new TrafficGenerator(options);
generator.start();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    generator.stop();
    process.exit(0);
  });
}
