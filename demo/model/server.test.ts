/** The demo model service over real HTTP, with the provisioned baselines. */
import { configFromEnvironment, createModelServer } from './service';
import type { ModelServer } from './server';
import { loadBaseline, numericEdges, DEFAULT_BASELINE_DIRECTORY } from './baselines';
import { UPSELL_SCORE_BUCKETS } from './outputModels';

let server: ModelServer;
let base = '';
const logged: string[] = [];

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function metrics(): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  server = await createModelServer({
    ...configFromEnvironment({}),
    inferenceDelayMs: 0,
    log: (line) => logged.push(line),
  });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});

afterAll(() => server.close());

describe('demo model service', () => {
  it('predicts, and counts the features on the baseline edges', async () => {
    const answer = await post('/predict', {
      features: { age: 41, income: 52000, session_length: 4, country: 'DE', device: 'tablet' },
      version: 'v1',
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      model: 'churn',
      version: 'v1',
      prediction: expect.stringMatching(/^(churn|stay)$/),
    });
    expect(answer.json.requestId).toEqual(expect.any(String));
    const text = await metrics();
    const ageBounds = numericEdges(loadBaseline(DEFAULT_BASELINE_DIRECTORY, 'churn', 'v1')).get('age')!;
    const firstAtOrAbove41 = ageBounds.find((b) => b >= 41)!;
    expect(
      sample(text, `model_feature_value_bucket{model="churn",version="v1",feature="age",le="${firstAtOrAbove41}"}`)
    ).toBe(1);
    expect(
      sample(text, 'model_feature_category_total{model="churn",version="v1",feature="device",category="tablet"}')
    ).toBe(1);
    expect(
      sample(text, `model_predictions_total{model="churn",version="v1",predicted="${String(answer.json.prediction)}"}`)
    ).toBe(1);
    expect(sample(text, 'model_requests_total{model="churn",version="v1",code="200"}')).toBe(1);
  });

  it('counts missing and non-finite values instead of rejecting them', async () => {
    expect((await post('/predict', { features: { age: 30, session_length: 'NaN' }, version: 'v2' })).status).toBe(200);
    const text = await metrics();
    expect(
      sample(text, 'model_feature_missing_total{model="churn",version="v2",feature="income",reason="missing"}')
    ).toBe(1);
    expect(
      sample(
        text,
        'model_feature_missing_total{model="churn",version="v2",feature="session_length",reason="non_finite"}'
      )
    ).toBe(1);
    expect(
      sample(text, 'model_feature_missing_total{model="churn",version="v2",feature="country",reason="missing"}')
    ).toBe(1);
  });

  it('answers bad requests with 400 and counts them as errors', async () => {
    expect(await post('/predict', 'not json')).toEqual({
      status: 400,
      json: { error: 'request body is not valid JSON' },
    });
    expect((await post('/predict', { features: { age: 'old' } })).status).toBe(400);
    expect((await post('/predict', { features: {}, version: 'v7' })).json.error).toBe(
      'unknown version "v7"; served: v1, v2'
    );
    expect(sample(await metrics(), 'model_requests_total{model="churn",version="unknown",code="400"}')).toBe(3);
  });

  it('turns a late label into an outcome, once', async () => {
    const { json } = await post('/predict', {
      features: { age: 25, income: 20000, session_length: 1, country: 'BR', device: 'mobile' },
      version: 'v1',
    });
    const predicted = String(json.prediction);
    expect((await post('/label', { requestId: json.requestId, label: 'stay' })).status).toBe(202);
    expect(
      sample(await metrics(), `model_outcomes_total{model="churn",version="v1",actual="stay",predicted="${predicted}"}`)
    ).toBe(1);
    expect((await post('/label', { requestId: json.requestId, label: 'stay' })).status).toBe(404);
    expect(sample(await metrics(), 'model_labels_unmatched_total{model="churn"}')).toBe(1);
  });

  it('gives unseen categories their own series', async () => {
    await post('/predict', { features: { country: 'JP' }, version: 'v1' });
    expect(
      sample(
        await metrics(),
        'model_feature_category_total{model="churn",version="v1",feature="country",category="JP"}'
      )
    ).toBe(1);
  });

  it('logs and keeps alert notifications from the Grafana webhook', async () => {
    const payload = {
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'Feature drift', feature: 'income' },
          annotations: { summary: 'income drifted' },
        },
      ],
    };
    expect(await post('/alerts', payload)).toEqual({ status: 200, json: { received: 1 } });
    expect(logged).toContain(
      'ALERT FIRING Feature drift {"alertname":"Feature drift","feature":"income"} income drifted'
    );
    const kept = (await (await fetch(`${base}/alerts`)).json()) as Array<{ alerts: unknown[] }>;
    expect(kept[kept.length - 1].alerts).toEqual(payload.alerts);
  });

  it('serves the upsell probability model, counting scores and scores by actual outcome', async () => {
    const features = { age: 35, income: 90000, session_length: 12, country: 'US', device: 'desktop' };
    const { status, json } = await post('/upsell/predict', { features });
    expect(status).toBe(200);
    expect(json).toMatchObject({ model: 'upsell', version: 'v1', prediction: expect.any(Number) });
    const score = json.prediction as number;
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
    const bucket = UPSELL_SCORE_BUCKETS.find((b) => b >= score)!;
    let text = await metrics();
    expect(sample(text, `response_distribution_bucket{le="${bucket}",model_version="v1"}`)).toBe(1);
    expect(sample(text, `upsell_score_bucket{le="+Inf",model_version="v1",actual="1"}`)).toBe(0);

    expect((await post('/upsell/label', { requestId: json.requestId, actual: '1' })).status).toBe(202);
    text = await metrics();
    expect(sample(text, `upsell_score_bucket{le="${bucket}",model_version="v1",actual="1"}`)).toBe(1);
    expect(sample(text, `upsell_score_bucket{le="+Inf",model_version="v1",actual="0"}`)).toBe(0);
    expect((await post('/upsell/label', { requestId: json.requestId, actual: '1' })).status).toBe(404);
    expect((await post('/upsell/label', { requestId: 'x', actual: 'yes' })).json.error).toMatch(/"actual" must be "1"/);
  });

  it('serves the spend regression model, counting its errors once the actual spend arrives', async () => {
    const { json } = await post('/spend/predict', { features: { income: 49000, session_length: 8, device: 'mobile' } });
    const prediction = json.prediction as number;
    expect(json).toMatchObject({ model: 'spend', version: 'v1' });
    const actual = Math.round((prediction + 7.5) * 100) / 100;
    expect((await post('/spend/label', { requestId: json.requestId, actual })).status).toBe(202);
    const text = await metrics();
    const error = prediction - actual;
    expect(sample(text, 'spend_predicted_dollars_count{model_version="v1"}')).toBe(1);
    expect(sample(text, 'spend_overprediction_dollars_sum{model_version="v1"}')).toBeCloseTo(Math.max(error, 0), 9);
    expect(sample(text, 'spend_absolute_error_dollars_sum{model_version="v1"}')).toBeCloseTo(Math.abs(error), 9);
    expect(sample(text, 'spend_squared_error_dollars_sum{model_version="v1"}')).toBeCloseTo(error * error, 9);
    expect(sample(text, 'spend_absolute_percentage_error_sum{model_version="v1"}')).toBeCloseTo(Math.abs(error) / actual, 9);
    expect(sample(text, 'spend_absolute_percentage_error_count{model_version="v1"}')).toBe(1);
    expect((await post('/spend/label', { requestId: 'y', actual: -1 })).status).toBe(400);
    expect((await post('/spend/forecast', {})).status).toBe(404);
  });
});
