/**
 * Every Elasticsearch query type through the built plugin executable (as Grafana runs it) against a real
 * cluster (the run's OpenSearch node, or `ES_URL`'s), on the realistic log of `predictionLogs.ts`: 120,000
 * documents in daily indices read through a pattern, labels added later as updates, two versions and another
 * model in the same indices. Every expected number is computed here from the generated documents.
 * Build first: `npm run build:backend`.
 */
import type { Table } from 'apache-arrow';
import type { BaselineDocument, BaselineFeature } from '../../src/drift/types';
import type { DecodedResponse } from '../harness/pluginHost';
import { columnOf } from '../harness/answerSeries';
import { startLiveStack, type LiveStack } from './liveStack';
import {
  AGE_BOUNDS,
  ages,
  baselineOfV2,
  binCounts,
  categoryCounts,
  CLASSES,
  DAY,
  END,
  hellinger,
  HOUR,
  inRange,
  labelled,
  MOBILE,
  mobiles,
  NEW_PLAN,
  PLANS,
  plans,
  SESSION_BOUNDS,
  sessions,
  SHIFT,
  START,
  type PredictionLog,
} from './predictionLogs';

let stack: LiveStack;
let docs: PredictionLog[];

beforeAll(async () => {
  stack = await startLiveStack({ prefix: `mlops-live-${process.pid}`, timeoutSeconds: 30, baseline: baselineOfV2 });
  docs = stack.docs;
}, 300_000);

afterAll(async () => {
  await stack?.dispose();
});

async function query(queryType: string, model: Record<string, unknown>, fromMs: number, toMs: number, intervalMs?: number): Promise<DecodedResponse> {
  const answers = await stack.host.queryData(
    [{ refId: 'A', json: { queryType, source: 'elasticsearch', baseline: 'churn@v2', ...model }, timeRange: { fromEpochMS: fromMs, toEpochMS: toMs }, intervalMs }],
    { datasource: stack.datasource() }
  );
  expect(answers.A).toMatchObject({ status: 200, error: '' });
  return answers.A;
}

function labelsOf(frame: Table): Record<string, string> {
  return JSON.parse(frame.schema.fields[frame.schema.fields.length - 1].metadata.get('labels') ?? '{}');
}

function notices(frame: Table): Array<{ severity: string; text: string }> {
  return (JSON.parse(frame.schema.metadata.get('meta') ?? '{}') as { notices?: Array<{ severity: string; text: string }> }).notices ?? [];
}

function frameWith(answer: DecodedResponse, field: string, name?: string): Table {
  const frame = answer.frames.find((f) => f.schema.fields.some((x) => x.name === field) && (name === undefined || f.schema.metadata.get('name') === name));
  expect(frame).toBeDefined();
  return frame!;
}

/** Each feature's live counts over (from, to] next to the baseline's, in one vector pair per feature. */
function expectedDistances(baseline: BaselineDocument, fromMs: number, toMs: number): Record<string, number> {
  const live = inRange(docs, 'churn', 'v2', fromMs, toMs);
  const [age, session, plan, mobile] = baseline.features;
  const countsOf = (feature: BaselineFeature) => (feature.kind === 'numeric' ? feature.histogram.counts : feature.distribution.counts);
  return {
    age: hellinger(countsOf(age), binCounts(ages(live), AGE_BOUNDS)),
    sessions: hellinger(countsOf(session), binCounts(sessions(live), SESSION_BOUNDS)),
    // The category the baseline never saw is a bin of its own, empty on the baseline's side.
    plan: hellinger([...countsOf(plan), 0], categoryCounts(plans(live), [...PLANS, NEW_PLAN])),
    mobile: hellinger(countsOf(mobile), categoryCounts(mobiles(live), MOBILE)),
  };
}

describe('every query type from a real cluster, through the plugin executable', () => {
  it('drift, instant: each feature\'s distance over the last 12 hours, the new plan category counted and noticed', async () => {
    const answer = await query('drift', { instant: true, window: '12h', method: 'hellinger' }, END - DAY, END);
    const scores = Object.fromEntries(answer.frames.map((f) => [labelsOf(f).feature, Number(f.getChildAt(f.numCols - 1)!.get(0))]));
    const expected = expectedDistances(baselineOfV2(docs), END - 12 * HOUR, END);
    for (const feature of Object.keys(expected)) {
      expect([feature, scores[feature]]).toEqual([feature, expect.closeTo(expected[feature], 12)]);
    }
    expect(scores.age).toBeGreaterThan(0.1);
    const plan = answer.frames.find((f) => labelsOf(f).feature === 'plan')!;
    expect(notices(plan).map((n) => n.text)).toContainEqual(expect.stringContaining(NEW_PLAN));
  });

  it('drift, instant, against live references: another version over the same window, and the same version 2 days earlier', async () => {
    /** Hellinger distances of v2's documents in `live` against `version`'s in `reference`, per feature. */
    const expected = (version: string, reference: [number, number], live: [number, number]) => {
      const [r, c] = [inRange(docs, 'churn', version, ...reference), inRange(docs, 'churn', 'v2', ...live)];
      return {
        age: hellinger(binCounts(ages(r), AGE_BOUNDS), binCounts(ages(c), AGE_BOUNDS)),
        sessions: hellinger(binCounts(sessions(r), SESSION_BOUNDS), binCounts(sessions(c), SESSION_BOUNDS)),
        plan: hellinger(categoryCounts(plans(r), [...PLANS, NEW_PLAN]), categoryCounts(plans(c), [...PLANS, NEW_PLAN])),
        mobile: hellinger(categoryCounts(mobiles(r), MOBILE), categoryCounts(mobiles(c), MOBILE)),
      };
    };
    const scores = async (reference: Record<string, string>, toMs: number) => {
      const answer = await query('drift', { instant: true, window: '12h', method: 'hellinger', reference }, toMs - DAY, toMs);
      return Object.fromEntries(answer.frames.map((f) => [labelsOf(f).feature, { score: Number(f.getChildAt(f.numCols - 1)!.get(0)), reference: labelsOf(f).reference }]));
    };
    // Both versions served during (day 1, day 1.5]: the challenger against the champion, window by window.
    const both = START + 1.5 * DAY;
    const versus = await scores({ kind: 'version', version: 'v1' }, both);
    for (const [feature, distance] of Object.entries(expected('v1', [both - 12 * HOUR, both], [both - 12 * HOUR, both]))) {
      expect([feature, versus[feature]]).toEqual([feature, { score: expect.closeTo(distance, 12), reference: 'version v1' }]);
    }
    const earlier = await scores({ kind: 'offset', offset: '2d' }, END);
    for (const [feature, distance] of Object.entries(expected('v2', [END - 2 * DAY - 12 * HOUR, END - 2 * DAY], [END - 12 * HOUR, END]))) {
      expect([feature, earlier[feature]]).toEqual([feature, { score: expect.closeTo(distance, 12), reference: '2d earlier' }]);
    }
    expect(earlier.age.score).toBeGreaterThan(0.1);
  });

  it('drift, instant, by segment: each of the top plans against the baseline, the rest summed as other', async () => {
    const answer = await query('drift', { instant: true, window: '12h', method: 'hellinger', features: ['age'], segmentBy: 'features.plan', segmentLimit: 2 }, END - DAY, END);
    const scores = Object.fromEntries(answer.frames.map((f) => [labelsOf(f).segment, Number(f.getChildAt(f.numCols - 1)!.get(0))]));
    const [age] = baselineOfV2(docs).features;
    const live = inRange(docs, 'churn', 'v2', END - 12 * HOUR, END);
    const distance = (segment: PredictionLog[]) => hellinger(age.kind === 'numeric' ? age.histogram.counts : [], binCounts(ages(segment), AGE_BOUNDS));
    // The top two by documents are free and pro; team, enterprise and documents without a plan are the rest.
    expect(Object.keys(scores)).toEqual(['free', 'pro', 'other']);
    expect(scores.free).toBeCloseTo(distance(live.filter((d) => d.features.plan === 'free')), 12);
    expect(scores.pro).toBeCloseTo(distance(live.filter((d) => d.features.plan === 'pro')), 12);
    expect(scores.other).toBeCloseTo(distance(live.filter((d) => d.features.plan !== 'free' && d.features.plan !== 'pro')), 12);
    const texts = notices(answer.frames[0]).map((n) => n.text);
    expect(texts).toContainEqual(expect.stringContaining('features.plan: 4 segment values in the range; the 2 with the most traffic have their own series, the other 2'));
    expect(texts).toContainEqual(expect.stringMatching(/features\.plan: \d+ documents without a value are read as part of "other"/));

    const absent = await query('drift', { instant: true, window: '12h', method: 'hellinger', features: ['age'], segmentBy: 'region' }, END - DAY, END);
    expect(absent.frames.flatMap((f) => f.schema.fields)).toHaveLength(0);
    expect(notices(absent.frames[0]).map((n) => n.text)).toContainEqual(expect.stringContaining('has a value for "region"; the labels (fields) there are: @timestamp, features.age,'));
  });

  it('drift, instant, explained: each feature\'s top bin and its share of the squared Hellinger distance', async () => {
    const answer = await query('drift', { instant: true, window: '12h', method: 'hellinger', explain: true, features: ['age', 'plan'] }, END - DAY, END);
    const live = inRange(docs, 'churn', 'v2', END - 12 * HOUR, END);
    const [age, , plan] = baselineOfV2(docs).features;
    // (√p − √q)² / 2 per bin, from the documents; the top bin's share of their sum.
    const top = (reference: number[], current: number[], names: string[]) => {
      const [r, c] = [reference, current].map((v) => v.reduce((a, b) => a + b, 0));
      const terms = reference.map((x, i) => (Math.sqrt(x / r) - Math.sqrt(current[i] / c)) ** 2 / 2);
      const best = terms.indexOf(Math.max(...terms));
      return { bin: names[best], share: terms[best] / terms.reduce((a, b) => a + b, 0) };
    };
    const ageCounts = (age as { histogram: { counts: number[] } }).histogram.counts;
    const bounds = ['-Inf', ...AGE_BOUNDS.map(String), '+Inf'];
    const expected = {
      age: top(ageCounts, binCounts(ages(live), AGE_BOUNDS), bounds.slice(0, -1).map((lo, i) => `(${lo}, ${bounds[i + 1]}]`)),
      plan: top([...(plan as { distribution: { counts: number[] } }).distribution.counts, 0], categoryCounts(plans(live), [...PLANS, NEW_PLAN]), [...PLANS, NEW_PLAN]),
    };
    const got = Object.fromEntries(answer.frames.map((f) => [labelsOf(f).feature, { bin: labelsOf(f).bin, share: Number(f.getChildAt(0)!.get(0)) }]));
    expect(answer.frames.map((f) => f.schema.fields[0].name)).toEqual(['top_contribution', 'top_contribution']);
    for (const feature of ['age', 'plan'] as const) {
      expect(got[feature]).toEqual({ bin: expected[feature].bin, share: expect.closeTo(expected[feature].share, 12) });
    }
  });

  it('drift, instant: Bonferroni-adjusted chi2 p-values and the drift share from a real cluster', async () => {
    const model = { instant: true, window: '12h', method: 'chi2', includePValue: true };
    const pValues = async (extra: Record<string, unknown>) =>
      Object.fromEntries(
        (await query('drift', { ...model, ...extra }, END - DAY, END)).frames
          .filter((f) => f.schema.fields[0].name === 'p_value')
          .map((f) => [labelsOf(f).feature, Number(f.getChildAt(0)!.get(0))])
      );
    const raw = await pValues({});
    const adjusted = await pValues({ correction: 'bonferroni' });
    expect(Object.keys(raw)).toHaveLength(4);
    for (const feature of Object.keys(raw)) {
      expect([feature, adjusted[feature]]).toEqual([feature, Math.min(1, 4 * raw[feature])]);
    }
    const share = await query('drift', { ...model, correction: 'bonferroni', includeDriftShare: true }, END - DAY, END);
    expect(share.frames).toHaveLength(1);
    const drifting = Object.values(adjusted).filter((p) => p < 0.05).length;
    expect(Number(share.frames[0].getChildAt(0)!.get(0))).toBeCloseTo(drifting / 4, 12);
  });

  it('drift over time: every point is the distance of its own window (t - 6h, t]', async () => {
    const baseline = baselineOfV2(docs);
    const answer = await query('drift', { window: '6h', method: 'hellinger', features: ['age', 'plan'] }, SHIFT - DAY, END, 3 * HOUR);
    let points = 0;
    for (const frame of answer.frames) {
      const feature = labelsOf(frame).feature;
      const times = [...(frame.getChildAt(0)!.toArray() as BigInt64Array)].map((nanos) => Number(nanos / 1_000_000n));
      const values = frame.getChildAt(frame.numCols - 1)!.toArray() as Float64Array;
      times.forEach((t, i) => {
        expect([feature, t, values[i]]).toEqual([feature, t, expect.closeTo(expectedDistances(baseline, t - 6 * HOUR, t)[feature], 12)]);
        points++;
      });
    }
    expect(points).toBeGreaterThanOrEqual(2 * 8);
  });

  it('distribution: live counts over the range (both versions served part of it) beside the baseline\'s', async () => {
    const answer = await query('distribution', { features: ['age', 'sessions', 'plan'] }, START + DAY, END);
    const live = inRange(docs, 'churn', 'v2', START + DAY, END);
    const baseline = baselineOfV2(docs);
    expect(columnOf(frameWith(answer, 'current', 'age'), 'current')).toEqual(binCounts(ages(live), AGE_BOUNDS));
    expect(columnOf(frameWith(answer, 'baseline', 'age'), 'baseline')).toEqual((baseline.features[0] as { histogram: { counts: number[] } }).histogram.counts);
    expect(columnOf(frameWith(answer, 'current', 'sessions'), 'current')).toEqual(binCounts(sessions(live), SESSION_BOUNDS));
    const plan = frameWith(answer, 'current', 'plan');
    const categories = columnOf(plan, plan.schema.fields[0].name) as string[];
    expect(columnOf(plan, 'current')).toEqual(categoryCounts(plans(live), categories));
    expect(categories).toEqual(expect.arrayContaining([...PLANS, NEW_PLAN]));
  });

  it('confusion: label × prediction of the documents labelled so far', async () => {
    const answer = await query('confusion', {}, START + DAY, END);
    const matrix = frameWith(answer, 'count', 'confusion');
    const actual = columnOf(matrix, 'actual');
    const predicted = columnOf(matrix, 'predicted');
    const counts = columnOf(matrix, 'count');
    const truth = labelled(inRange(docs, 'churn', 'v2', START + DAY, END));
    actual.forEach((a, i) => {
      expect([a, predicted[i], counts[i]]).toEqual([a, predicted[i], truth.filter((d) => d.outcome === a && d.prediction === predicted[i]).length]);
    });
    expect((counts as number[]).reduce((x, y) => x + y, 0)).toBe(truth.length);
  });

  it('performance: accuracy of the last day\'s labelled predictions', async () => {
    const answer = await query('performance', { instant: true, window: '1d', performanceMetrics: ['accuracy'] }, END - DAY, END);
    const truth = labelled(inRange(docs, 'churn', 'v2', END - DAY, END));
    expect(columnOf(frameWith(answer, 'accuracy'), 'accuracy')[0]).toBeCloseTo(truth.filter((d) => d.outcome === d.prediction).length / truth.length, 12);
  });

  it('dataQuality: the share of documents without each feature over the last day', async () => {
    const answer = await query('dataQuality', { instant: true, window: '1d', features: ['age', 'plan'] }, END - DAY, END);
    const live = inRange(docs, 'churn', 'v2', END - DAY, END);
    const rates = Object.fromEntries(
      answer.frames.filter((f) => f.schema.fields.some((x) => x.name === 'missing_rate')).map((f) => [labelsOf(f).feature, columnOf(f, 'missing_rate')[0]])
    );
    expect(rates.age).toBeCloseTo(ages(live).filter((a) => a === undefined).length / live.length, 12);
    expect(rates.plan).toBeCloseTo(plans(live).filter((p) => p === undefined).length / live.length, 12);
  });

  it('baselines/capture: v1\'s baseline from its own documents, every field kind, exact counts on its bins', async () => {
    const window = { from: START, to: START + 1.5 * DAY };
    const captured = await stack.host.callResource({
      method: 'POST',
      path: 'baselines/capture',
      body: { model: 'churn', version: 'v1', source: 'elasticsearch', ...window },
      datasource: stack.datasource(),
    });
    expect(captured.code).toBe(201);
    const baseline = (await stack.host.callResource({ method: 'GET', path: 'baselines/churn@v1', datasource: stack.datasource() })).json<BaselineDocument>();
    const v1 = inRange(docs, 'churn', 'v1', window.from, window.to);
    expect(baseline.source).toMatchObject({ kind: 'elasticsearch', rows: v1.length });
    expect(Object.fromEntries(baseline.features.map((f) => [f.name, f.kind]))).toEqual({ age: 'numeric', sessions: 'numeric', plan: 'categorical', mobile: 'categorical' });
    for (const feature of baseline.features) {
      if (feature.kind === 'numeric') {
        const values = feature.name === 'age' ? ages(v1) : sessions(v1);
        expect([feature.name, feature.histogram.counts]).toEqual([feature.name, binCounts(values, feature.histogram.upperBounds)]);
        expect([feature.name, feature.missing]).toEqual([feature.name, values.filter((v) => v === undefined).length]);
      } else {
        const values = feature.name === 'plan' ? plans(v1) : mobiles(v1);
        expect([feature.name, feature.distribution.counts]).toEqual([feature.name, categoryCounts(values, feature.distribution.categories)]);
      }
    }
    expect(baseline.classNames).toEqual(CLASSES);
  });
});
