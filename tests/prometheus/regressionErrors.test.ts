/**
 * MAE, RMSE, bias and MAPE once labels arrive (issue 13, part 2), end to end: error summaries (`_sum`, `_count`)
 * as prometheus_client exports them, read by `performance` queries through the built executable against a real
 * Prometheus, and compared with the same numbers computed from the raw predictions and labels the exporter saw.
 *
 * Needs `npm run build:backend` first.
 */
import { existsSync } from 'node:fs';
import { mulberry32 } from '../../src/drift/prng';
import type { BindingDocument } from '../../src/shared/bindingModel';
import { find, notices, seriesOf } from '../harness/answerSeries';
import { executablePath } from '../harness/pluginHost';
import { baselineDocument, normalFeature } from './fixtures';
import { histogramFamily, normal, openMetrics } from './history';
import { prometheusAvailable } from './promServer';
import { startProvisionedStack, type ProvisionedStack } from './provisionedStack';

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = NOW - 90 * MINUTE;
const INTERVAL = 15_000;
const PER_INTERVAL = 10;
const WINDOW_MS = 30 * MINUTE;

interface Outcome {
  time: number;
  prediction: number;
  actual: number;
}

/** Predictions 0.5 too high on average; with `zeros`, about one actual value in fifty is 0. */
function outcomes(seed: number, zeros: boolean): Outcome[] {
  const random = mulberry32(seed);
  const out: Outcome[] = [];
  for (let time = START; time <= NOW; time += INTERVAL) {
    for (let i = 0; i < PER_INTERVAL; i++) {
      const actual = zeros && random() < 0.02 ? 0 : normal(random, 50, 10);
      out.push({ time, actual, prediction: actual + normal(random, 0.5, 2) });
    }
  }
  return out;
}

/** A summary family as prometheus_client exposes one without quantiles: `_sum` and `_count` at every scrape. */
function summaryFamily(metric: string, labels: string, data: Outcome[], value: (o: Outcome) => number | undefined): string {
  const lines = [`# TYPE ${metric} summary`];
  let sum = 0;
  let count = 0;
  for (let time = START; time <= NOW; time += INTERVAL) {
    for (const o of data.filter((d) => d.time === time)) {
      const v = value(o);
      if (v !== undefined) {
        sum += v;
        count++;
      }
    }
    const ts = (time / 1000).toFixed(3);
    lines.push(`${metric}_sum{${labels}} ${sum} ${ts}`, `${metric}_count{${labels}} ${count} ${ts}`);
  }
  return lines.join('\n');
}

const error = (o: Outcome) => o.prediction - o.actual;
const TRANSFORMS = {
  absoluteError: (o: Outcome) => Math.abs(error(o)),
  squaredError: (o: Outcome) => error(o) ** 2,
  // The over-prediction: a sum of signed errors would fall, which Prometheus reads as a counter reset.
  positiveError: (o: Outcome) => Math.max(error(o), 0),
  // Observed only where the actual value is not 0, as the README's snippet does.
  absolutePercentageError: (o: Outcome) => (o.actual === 0 ? undefined : Math.abs(error(o)) / Math.abs(o.actual)),
};
const DEFAULT_NAMES = { absoluteError: 'model_absolute_error', squaredError: 'model_squared_error', positiveError: 'model_positive_error', absolutePercentageError: 'model_absolute_percentage_error' };
const BOUND_NAMES = { absoluteError: 'eta_abs_err', squaredError: 'eta_sq_err', positiveError: 'eta_pos_err', absolutePercentageError: 'eta_ape' };

const DATA = { reg: outcomes(61, false), zeros: outcomes(62, true) };

function families(names: Record<keyof typeof TRANSFORMS, string>, labels: string, data: Outcome[]): string[] {
  return (Object.keys(TRANSFORMS) as Array<keyof typeof TRANSFORMS>).map((key) => summaryFamily(names[key], labels, data, TRANSFORMS[key]));
}

/** A histogram family of one transform of the outcomes, in the exporter's order (time by time). */
function errorHistogram(metric: string, model: string, upperBounds: number[], value: (o: Outcome) => number): string {
  let next = 0;
  const span = { startMs: START, endMs: NOW, intervalMs: INTERVAL };
  return histogramFamily({ model: '', version: '' }, [{ name: model, upperBounds, draw: () => value(DATA.reg[next++]) }], span, PER_INTERVAL, 0, metric, () => ({ model, version: '1' }));
}

const ABSOLUTE_EDGES = [0.5, 1, 2, 4, 8];
const SIGNED_EDGES = [-12, -6, -3, -1, 0, 1, 3, 6, 12];

function history(): string {
  return openMetrics([
    errorHistogram('eta_abs_error_hist', 'hist', ABSOLUTE_EDGES, TRANSFORMS.absoluteError),
    errorHistogram('eta_error_hist', 'signed', SIGNED_EDGES, error),
    ...families(DEFAULT_NAMES, 'model="reg",version="1"', DATA.reg).map((family, i) =>
      // Both models in one family each: their samples follow each other.
      [family, families(DEFAULT_NAMES, 'model="zeros",version="1"', DATA.zeros)[i].split('\n').slice(1).join('\n')].join('\n')
    ),
    ...families(BOUND_NAMES, 'service="eta"', DATA.reg),
  ]);
}

const BINDING: BindingDocument = { model: 'eta', prometheus: { model: 'none', version: 'none', regression: { ...BOUND_NAMES, matchers: { service: 'eta' } } } };
const HISTOGRAM_BINDINGS: Record<string, BindingDocument> = {
  'hist.json': { model: 'hist', prometheus: { regression: { errorHistogram: { metric: 'eta_abs_error_hist', kind: 'absolute' } } } },
  'signed.json': { model: 'signed', prometheus: { regression: { errorHistogram: { metric: 'eta_error_hist', kind: 'signed' } } } },
};

/** The metrics of the observations in the window ending at `end` (Prometheus 2 counts those after its first scrape). */
function exact(data: Outcome[], end = NOW): { mae: number; rmse: number; mean_error: number; mape: number } {
  const inWindow = data.filter((o) => o.time > end - WINDOW_MS && o.time <= end);
  const mean = (f: (o: Outcome) => number) => inWindow.reduce((s, o) => s + f(o), 0) / inWindow.length;
  return { mae: mean(TRANSFORMS.absoluteError), rmse: Math.sqrt(mean(TRANSFORMS.squaredError)), mean_error: mean(error), mape: mean((o) => TRANSFORMS.absolutePercentageError(o) ?? 0) };
}

const suite = prometheusAvailable() && existsSync(executablePath()) ? describe : describe.skip;

suite('MAE, RMSE, bias and MAPE from error summaries, the built executable, a real Prometheus', () => {
  let stack: ProvisionedStack;
  const timeRange = { fromEpochMS: START + 40 * MINUTE, toEpochMS: NOW };
  const metrics = ['mae', 'rmse', 'mean_error', 'mape'] as const;

  beforeAll(async () => {
    const x = normalFeature('x', [-1, 0, 1], 1000);
    stack = await startProvisionedStack(
      history(),
      { 'eta.json': BINDING, ...HISTOGRAM_BINDINGS },
      {
        'reg.json': baselineDocument('reg', '1', [x]),
        'zeros.json': baselineDocument('zeros', '1', [x]),
        'eta.json': baselineDocument('eta', '1', [x]),
        'reg-2.json': baselineDocument('reg', '2', [x]),
        'hist.json': baselineDocument('hist', '1', [x]),
        'signed.json': baselineDocument('signed', '1', [x]),
      }
    );
  }, 120_000);

  afterAll(() => stack?.stop());

  const query = (json: Record<string, unknown>) => stack.query({ queryType: 'performance', window: '30m', performanceMetrics: [...metrics], ...json }, timeRange);

  it.each([
    ['reg', DATA.reg],
    ['eta', DATA.reg],
  ])('gives %s the errors of the raw outcomes in the last window, one number per metric for alert rules', async (model, data) => {
    const answer = await query({ baseline: `${model}@1`, instant: true });
    expect(answer.error).toBe('');
    const expected = exact(data);
    for (const metric of metrics) {
      expect(find(seriesOf(answer), metric, { model }).values).toEqual([expect.closeTo(expected[metric], 9)]);
    }
  });

  it('gives a series per metric over the range, and no MAPE where an actual value is 0', async () => {
    const answer = await query({ baseline: 'zeros@1' });
    expect(answer.error).toBe('');
    const all = seriesOf(answer);
    const mae = find(all, 'mae', { model: 'zeros' });
    expect(mae.times.length).toBeGreaterThan(10);
    mae.times.forEach((time, i) => expect(mae.values[i]).toBeCloseTo(exact(DATA.zeros, time).mae, 9));
    expect(all.filter((s) => s.name === 'mape')).toEqual([]);
    expect(notices(answer).join('\n')).toMatch(/MAPE is undefined/);
  });

  it('reads an error histogram with its bounds: MAE exact from its _sum, RMSE and the bias between their bounds', async () => {
    const expected = exact(DATA.reg);
    const absolute = seriesOf(await query({ baseline: 'hist@1', instant: true }));
    const at = (all: typeof absolute, name: string) => find(all, name, {}).values[0];
    expect(at(absolute, 'mae')).toBeCloseTo(expected.mae, 9);
    expect(at(absolute, 'mae_lower')).toBeCloseTo(expected.mae, 9);
    expect(expected.rmse).toBeGreaterThanOrEqual(at(absolute, 'rmse_lower'));
    expect(expected.rmse).toBeLessThanOrEqual(at(absolute, 'rmse_upper'));
    expect(absolute.map((s) => s.name)).not.toContain('mean_error');

    const signed = seriesOf(await query({ baseline: 'signed@1', instant: true }));
    for (const metric of ['mae', 'rmse', 'mean_error'] as const) {
      expect(expected[metric]).toBeGreaterThanOrEqual(at(signed, `${metric}_lower`));
      expect(expected[metric]).toBeLessThanOrEqual(at(signed, `${metric}_upper`));
    }
  });

  it('says what the metric holds when the version exports no errors', async () => {
    const answer = await query({ baseline: 'reg@2', instant: true });
    expect(answer.error).toBe('');
    expect(seriesOf(answer)).toEqual([]);
    expect(notices(answer).join('\n')).toMatch(/model_absolute_error_count/);
  });
});
