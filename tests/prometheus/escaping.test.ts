/**
 * Hostile label values reach a real Prometheus only as escaped literals: each value selects exactly its own
 * series, with `=` and with the escaped regex alternation, and none widens the match or breaks the query.
 */
import { PrometheusApi } from '../../src/backend/prometheus/client';
import { equals, oneOf, render, selector } from '../../src/backend/prometheus/promql';
import { createBackend, type Backend } from './fixtures';
import { counterFamily, openMetrics } from './history';
import { prometheusAvailable, startPrometheus, type PromServer } from './promServer';

const HOSTILE = [
  'plain',
  'a"b',
  'back\\slash',
  '"}',
  'x"} or vector(1) #',
  'new\nline',
  'tab\there',
  'ünï©ødé 🚀',
  'a.b*c+(d)|[e]{f}^$',
  '.*',
  '\\"',
  '',
];

const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

describeWithPrometheus('hostile label values on a real Prometheus', () => {
  let prometheus: PromServer;
  let backend: Backend;
  let api: PrometheusApi;
  const now = Math.floor(Date.now() / 60_000) * 60_000;

  beforeAll(async () => {
    let next = 0;
    // Every value but the empty one (an empty label value is the same as no label in Prometheus).
    const values = HOSTILE.filter((v) => v !== '');
    const history = counterFamily('hostile', { startMs: now - 30 * 60_000, endMs: now, intervalMs: 60_000 }, values.length, 3, () => ({
      model: 'm',
      feature: values[next++ % values.length],
    }));
    prometheus = await startPrometheus({ backfill: openMetrics([history]) });
    backend = await createBackend({ prometheusUrl: prometheus.url });
    api = new PrometheusApi(backend.upstream);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await backend?.cleanup();
  });

  async function featuresMatching(matcher: ReturnType<typeof equals>): Promise<string[]> {
    const result = await api.query(render(selector('hostile_total', [equals('model', 'm'), matcher])), now);
    return result.data.map((s) => s.labels.feature ?? '').sort();
  }

  it.each(HOSTILE.filter((v) => v !== '').map((v) => [JSON.stringify(v), v]))('= %s selects exactly its series', async (_name, value) => {
    expect(await featuresMatching(equals('feature', value))).toEqual([value]);
  });

  it('an escaped alternation selects exactly the listed values, metacharacters included', async () => {
    const listed = ['a.b*c+(d)|[e]{f}^$', '.*', 'a"b', 'new\nline'];
    expect(await featuresMatching(oneOf('feature', listed))).toEqual([...listed].sort());
  });

  it('an empty value selects the series without the label, as Prometheus defines it', async () => {
    expect(await featuresMatching(equals('feature', ''))).toEqual([]);
  });
});
