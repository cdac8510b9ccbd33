/**
 * Prediction logs. No Elasticsearch runs on our build machines, so delivery failures are exercised against a
 * local HTTP stub (named as such) that fails the way an overloaded cluster does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElasticsearchSink, INDEX_MAPPING, bulkBody } from './elasticsearchSink';
import { DEFAULT_ELASTICSEARCH_MAPPING as FIELDS } from '../../src/shared/settingsModel';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../data/dataset';

const log = {
  requestId: 'r-1',
  timestamp: new Date('2026-01-01T00:00:00Z'),
  model: 'churn',
  version: 'v1',
  features: { age: 30, income: null, country: 'US' },
  prediction: 'stay',
  probability: 0.25,
};

describe('bulkBody', () => {
  it('indexes predictions under their request id and updates them with late labels', () => {
    const lines = bulkBody('preds', [
      { kind: 'prediction', log },
      { kind: 'label', requestId: 'r-1', label: 'churn' },
    ]).split('\n');
    expect(lines.map((l) => (l === '' ? null : JSON.parse(l)))).toEqual([
      { index: { _index: 'preds', _id: 'r-1' } },
      {
        '@timestamp': '2026-01-01T00:00:00.000Z',
        request_id: 'r-1',
        model: 'churn',
        version: 'v1',
        features: log.features,
        prediction: 'stay',
        probability: 0.25,
      },
      { update: { _index: 'preds', _id: 'r-1', retry_on_conflict: 3 } },
      { doc: { label: 'churn' } },
      null,
    ]);
  });
});

describe('prediction log layout', () => {
  const document = JSON.parse(bulkBody('preds', [{ kind: 'prediction', log }]).split('\n')[1]) as Record<
    string,
    unknown
  >;
  const properties = INDEX_MAPPING.mappings.properties as Record<
    string,
    { type?: string; properties?: Record<string, { type: string }> }
  >;

  it('uses the field names the drift datasource reads by default', () => {
    for (const field of [FIELDS.timeField, FIELDS.modelField, FIELDS.versionField, FIELDS.predictionField]) {
      expect(document).toHaveProperty([field]);
    }
    const featureObject = FIELDS.featurePrefix.replace(/\.$/, '');
    expect(document[featureObject]).toEqual(log.features);
  });

  it('maps categories, classes and ids as keywords and numeric features as numbers, so they can be aggregated', () => {
    for (const field of [FIELDS.modelField, FIELDS.versionField, FIELDS.predictionField, FIELDS.labelField]) {
      expect(properties[field].type).toBe('keyword');
    }
    expect(properties[FIELDS.timeField].type).toBe('date');
    const features = properties[FIELDS.featurePrefix.replace(/\.$/, '')].properties ?? {};
    NUMERIC_FEATURES.forEach((name) => expect(features[name].type).toBe('double'));
    CATEGORICAL_FEATURES.forEach((name) => expect(features[name].type).toBe('keyword'));
  });
});

describe('ElasticsearchSink delivery (against a stub server)', () => {
  let stub: http.Server;
  let url = '';
  let status = 500;
  const bodies: string[] = [];

  beforeAll(async () => {
    stub = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            status === 200
              ? {
                  errors: true,
                  items: [{ index: { error: { type: 'mapper_parsing_exception' } } }, { index: { status: 201 } }],
                }
              : { error: 'overloaded' }
          )
        );
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));

  it('drops and reports a batch the cluster refuses, without throwing', async () => {
    const drops: Array<[number, string]> = [];
    const sink = new ElasticsearchSink({ url, index: 'preds', onDrop: (count, reason) => drops.push([count, reason]) });
    status = 500;
    sink.logPrediction(log);
    sink.logPrediction({ ...log, requestId: 'r-2' });
    await sink.flush();
    expect(drops).toEqual([[2, 'HTTP 500']]);
  });

  it('counts only the documents Elasticsearch rejected', async () => {
    const drops: Array<[number, string]> = [];
    const sink = new ElasticsearchSink({ url, index: 'preds', onDrop: (count, reason) => drops.push([count, reason]) });
    status = 200;
    sink.logPrediction(log);
    sink.logPrediction({ ...log, requestId: 'r-2' });
    await sink.flush();
    expect(drops).toEqual([[1, 'rejected by elasticsearch']]);
  });

  it('drops new documents when the queue is full instead of growing', () => {
    const drops: number[] = [];
    const sink = new ElasticsearchSink({ url, index: 'preds', maxQueue: 2, onDrop: (count) => drops.push(count) });
    [1, 2, 3].forEach((i) => sink.logPrediction({ ...log, requestId: `r-${i}` }));
    expect(drops).toEqual([1]);
  });

  it('reports an unreachable cluster as dropped', async () => {
    const drops: string[] = [];
    const sink = new ElasticsearchSink({
      url: 'http://127.0.0.1:1',
      index: 'preds',
      onDrop: (_count, reason) => drops.push(reason),
    });
    sink.logPrediction(log);
    await sink.flush();
    expect(drops).toHaveLength(1);
  });
});
