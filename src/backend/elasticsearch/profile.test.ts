import { DEFAULT_ELASTICSEARCH_MAPPING as mapping } from '../../shared/settingsModel';
import { loadFixture } from './fixtures';
import { fieldCapsFields, profileBody, readFieldCaps, readProfiles, type ProfileSpec } from './profile';
import { readSearchResponse } from './responseParser';

const specs: ProfileSpec[] = [
  { name: 'age', role: 'feature', kind: 'numeric' },
  { name: 'tenure', role: 'feature', kind: 'numeric' },
  { name: 'plan', role: 'feature', kind: 'categorical' },
  { name: 'prediction', role: 'prediction', kind: 'categorical' },
];
const levels = [0.1, 0.5, 0.9];

describe('profile search (7.17 fixture)', () => {
  const fixture = loadFixture('es-7.17-profile');

  it('builds the recorded request', () => {
    expect(profileBody(mapping, { model: 'churn', version: 'v1' }, specs, { fromMs: 1_700_000_000_000, toMs: 1_700_003_600_000 }, levels, 100)).toEqual(fixture.request.body);
  });

  it('reads summaries, percentiles in level order, categories and missing counts; an empty feature gives NaN, not zero', () => {
    const { aggregations, totalHits } = readSearchResponse(fixture.response, 'predictions');
    const [age, tenure, plan, prediction] = readProfiles(aggregations, totalHits, specs, levels);
    const stats = (fixture.response.aggregations as { p0_stats: { count: number; min: number; max: number; avg: number; std_deviation: number } }).p0_stats;
    expect(age.summary).toEqual({ n: stats.count, min: stats.min, max: stats.max, mean: stats.avg, std: stats.std_deviation });
    const percentiles = (fixture.response.aggregations as { p0_pct: { values: Array<{ value: number }> } }).p0_pct.values.map((v) => v.value);
    expect(age.quantiles).toEqual({ levels, values: percentiles });
    expect(age.missing).toBe(12);
    expect(tenure.summary?.n).toBe(0);
    expect(tenure.summary?.min).toBeNaN();
    expect(tenure.quantiles?.values.every(Number.isNaN)).toBe(true);
    expect(plan.distribution?.categories).toEqual(['free', 'pro', 'team']);
    expect(prediction).toMatchObject({ role: 'prediction', kind: 'categorical', distribution: { categories: ['stay', 'churn'] } });
  });

  it('reads percentiles in the keyed form too ("10.0": value)', () => {
    const response = JSON.parse(JSON.stringify(fixture.response)) as { aggregations: Record<string, { values: unknown }> };
    response.aggregations.p0_pct = { values: { '10.0': 23.5, '50.0': 41, '90.0': 64.25 } };
    const { aggregations, totalHits } = readSearchResponse(response, 'predictions');
    expect(readProfiles(aggregations, totalHits, specs, levels)[0].quantiles?.values).toEqual([23.5, 41, 64.25]);
  });
});

describe('field discovery (OpenSearch 2 _field_caps fixture)', () => {
  const fixture = loadFixture('opensearch-2-field-caps');

  it('asks for every feature under the prefix, the prediction and the label', () => {
    expect(`/predictions/_field_caps?fields=${fieldCapsFields(mapping, [])}`).toBe(fixture.request.path);
  });

  it('classifies numeric and keyword/boolean fields, and says why the others cannot be used', () => {
    const found = readFieldCaps(fixture.response, mapping, []);
    const byName = Object.fromEntries(found.features.map((f) => [f.name, f]));
    expect(Object.keys(byName)).toEqual(['address.city', 'age', 'comment', 'plan', 'premium', 'score', 'zip']);
    expect(byName['address.city'].kind).toBe('categorical');
    expect(byName.age.kind).toBe('numeric');
    expect(byName.score.kind).toBe('numeric');
    expect(byName.plan.kind).toBe('categorical');
    expect(byName.premium.kind).toBe('categorical');
    expect(byName.comment.problem).toMatch(/text.*not aggregatable/);
    expect(byName.zip.problem).toMatch(/keyword and long/);
    expect(found.prediction?.kind).toBe('categorical');
    expect(found.label?.kind).toBe('categorical');
  });

  it('reports named features that are not mapped', () => {
    const found = readFieldCaps(fixture.response, mapping, ['age', 'nope']);
    expect(found.features).toEqual([
      { name: 'age', kind: 'numeric' },
      { name: 'nope', problem: 'not mapped in any index' },
    ]);
  });
});
