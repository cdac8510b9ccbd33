/**
 * `distribution` and `dataQuality` queries restricted to one segment (`segmentBy` + `segment`): what they ask the
 * source for, and which baseline distributions they compare with. The sources' own reads of a segment are tested
 * against a real Prometheus and a real OpenSearch node (tests/prometheus, tests/elasticsearch).
 */
import type { BaselineDocument, BaselineFeature } from '../../drift/types';
import { DISTRIBUTION_FIELDS } from '../../shared/frameContract';
import type { DriftQuery } from '../../shared/queryModel';
import type { Frame } from '../frames';
import { BackendError } from '../errors';
import type { FeatureSpec, FeatureTotals, FeatureWindowSeries, LiveSource, ModelRef, SourceResult, TimeRange, WindowCounts } from '../sources/types';
import { dataQualityQuery } from './dataQuality';
import { distributionQuery } from './distribution';
import type { QueryContext } from './types';

const HOSTILE = 'a"b{c}|.*\n} or vector(1)';

function categorical(name: string, categories: string[], counts: number[]): BaselineFeature {
  return { name, kind: 'categorical', distribution: { categories, counts }, n: counts.reduce((a, b) => a + b, 0), missing: 0, nonFinite: 0 };
}

const SHARED = categorical('plan', ['free', 'pro'], [50, 50]);
const MOBILE = categorical('plan', ['free'], [90]);
const baseline = {
  schemaVersion: 2,
  model: 'churn',
  version: 'v1',
  createdAt: '2026-01-01T00:00:00Z',
  features: [SHARED],
  segments: { by: 'device', values: [{ value: 'mobile', rows: 90, features: [MOBILE] }] },
} as BaselineDocument;

const LIVE: WindowCounts = { kind: 'categorical', distribution: { categories: ['free', 'pro'], counts: [30, 10] }, unlisted: 0, missing: 0, nonFinite: 0 };

/** A source that answers every read with `LIVE` and records the models it was asked for. */
function recordingSource(): { source: LiveSource; models: ModelRef[] } {
  const models: ModelRef[] = [];
  const answer = <T>(data: T): Promise<SourceResult<T>> => Promise.resolve({ data, notices: [] });
  const source: LiveSource = {
    kind: 'prometheus',
    featureTotals(model: ModelRef, features: FeatureSpec[], _range: TimeRange) {
      models.push(model);
      return answer(features.map((f): FeatureTotals => ({ feature: f.name, role: 'feature', counts: LIVE, observations: 40, notices: [] })));
    },
    featureWindows(model: ModelRef, features: FeatureSpec[]) {
      models.push(model);
      return answer(features.map((f): FeatureWindowSeries => ({ feature: f.name, role: 'feature', times: [3_600_000], windows: [LIVE], observations: [40], notices: [] })));
    },
    confusion: () => Promise.reject(new Error('not read')),
    confusionWindows: () => Promise.reject(new Error('not read')),
  };
  return { source, models };
}

function contextFor(query: Partial<DriftQuery>, baselines: { get(id: string): Promise<BaselineDocument | undefined> } = { get: async () => baseline }): QueryContext {
  return {
    refId: 'A',
    query: { refId: 'A', baseline: 'churn@v1', window: '1h', instant: true, method: 'psi', ...query },
    queryType: query.queryType ?? 'distribution',
    source: 'prometheus',
    timeRange: { fromMs: 0, toMs: 3_600_000 },
    intervalMs: 60_000,
    maxDataPoints: 100,
    baselines,
    signal: new AbortController().signal,
    fromAlert: false,
  } as unknown as QueryContext;
}

const column = (frame: Frame, name: string) => frame.fields.find((f) => f.name === name)?.values;
const noticeTexts = (frames: Frame[]) => frames.flatMap((f) => f.meta?.notices ?? []).map((n) => n.text);

describe('a distribution query restricted to one segment', () => {
  it('reads only that segment, its value as given, and compares it with the segment’s own baseline distributions', async () => {
    const { source, models } = recordingSource();
    const { frames } = await distributionQuery(() => source)(contextFor({ segmentBy: 'device', segment: 'mobile' }));
    expect(models).toEqual([{ model: 'churn', version: 'v1', segment: { label: 'device', value: 'mobile' } }]);
    expect(column(frames[0], DISTRIBUTION_FIELDS.baselineCount)).toEqual([90, 0]);
    // Mobile's own reference never saw `pro` (the shared one did); no notice about a shared reference.
    expect(noticeTexts(frames)).toEqual(['1 category in the current data never seen in the reference: "pro".']);
  });

  it('compares a value the baseline keeps no distributions for with the shared ones, and says so', async () => {
    const { source, models } = recordingSource();
    const { frames } = await distributionQuery(() => source)(contextFor({ segmentBy: 'device', segment: HOSTILE }));
    expect(models[0].segment).toEqual({ label: 'device', value: HOSTILE });
    expect(column(frames[0], DISTRIBUTION_FIELDS.baselineCount)).toEqual([50, 50]);
    expect(noticeTexts(frames)).toEqual([`device=${JSON.stringify(HOSTILE)}: the baseline has no distributions of its own for this segment: compared with the shared ones`]);
  });

  it('reads a live reference of the same segment', async () => {
    const { source, models } = recordingSource();
    await distributionQuery(() => source)(contextFor({ segmentBy: 'device', segment: '', reference: { kind: 'version', version: 'v0' } }));
    expect(models.map((m) => [m.version, m.segment])).toEqual([
      ['v1', { label: 'device', value: '' }],
      ['v0', { label: 'device', value: '' }],
    ]);
  });

  it('reads every segment without a segment value', async () => {
    const { source, models } = recordingSource();
    const { frames } = await distributionQuery(() => source)(contextFor({ segmentBy: 'device' }));
    expect(models).toEqual([{ model: 'churn', version: 'v1' }]);
    expect(column(frames[0], DISTRIBUTION_FIELDS.baselineCount)).toEqual([50, 50]);
  });

  it('refuses a segment value without segmentBy with a 400 naming segment, before reading the baseline', async () => {
    const { source, models } = recordingSource();
    const get = jest.fn(async () => baseline);
    const refused = distributionQuery(() => source)(contextFor({ segment: 'mobile' }, { get }));
    await expect(refused).rejects.toBeInstanceOf(BackendError);
    await expect(refused).rejects.toMatchObject({ status: 400, message: 'segment: "mobile" needs segmentBy, the label (field) it is a value of' });
    expect(get).not.toHaveBeenCalled();
    expect(models).toEqual([]);
  });
});

describe('a dataQuality query restricted to one segment', () => {
  it('reads only that segment, labels its series with it, and counts categories outside the segment’s own baseline', async () => {
    const { source, models } = recordingSource();
    const { frames } = await dataQualityQuery(() => source)(contextFor({ queryType: 'dataQuality', segmentBy: 'device', segment: 'mobile' }));
    expect(models).toEqual([{ model: 'churn', version: 'v1', segment: { label: 'device', value: 'mobile' } }]);
    const outside = frames.flatMap((f) => f.fields).find((f) => f.name === 'out_of_baseline_rate');
    // `pro` is in the shared baseline but never in mobile's: 10 of 40.
    expect(outside?.values).toEqual([0.25]);
    expect(outside?.labels).toEqual({ model: 'churn', version: 'v1', feature: 'plan', segment: 'mobile' });
  });

  it('counts against the shared baseline without a segment', async () => {
    const { source } = recordingSource();
    const { frames } = await dataQualityQuery(() => source)(contextFor({ queryType: 'dataQuality' }));
    const outside = frames.flatMap((f) => f.fields).find((f) => f.name === 'out_of_baseline_rate');
    expect(outside?.values).toEqual([0]);
    expect(outside?.labels).toEqual({ model: 'churn', version: 'v1', feature: 'plan' });
  });

  it('refuses a segment value without segmentBy with a 400 naming segment', async () => {
    const { source } = recordingSource();
    await expect(dataQualityQuery(() => source)(contextFor({ queryType: 'dataQuality', segment: '' }))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^segment: "" needs segmentBy/) });
  });
});
