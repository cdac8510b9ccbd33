import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accuracyRule, featureDriftRule, provisionedRuleQueries, withWindow } from './ruleQueries';

describe('provisioned alert rule queries', () => {
  it('finds the feature-drift and accuracy rules of the provisioned files', () => {
    expect(featureDriftRule().model.queryType ?? 'drift').toBe('drift');
    expect(accuracyRule().threshold).toEqual({ type: 'lt', value: expect.any(Number) });
  });

  it('reads only queries on the drift datasource, with the rule title and threshold', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    writeFileSync(
      path.join(directory, 'rules.yaml'),
      [
        'groups:',
        '  - rules:',
        '      - title: Mine',
        '        data:',
        '          - { refId: A, datasourceUid: mlops-drift, model: { queryType: drift, baseline: a@1 } }',
        '          - { refId: B, datasourceUid: prometheus, model: { expr: up } }',
        '          - { refId: C, datasourceUid: __expr__, model: { type: threshold, conditions: [{ evaluator: { type: gt, params: [1] } }] } }',
      ].join('\n')
    );
    expect(provisionedRuleQueries(directory)).toEqual([
      { title: 'Mine', model: { queryType: 'drift', baseline: 'a@1' }, threshold: { type: 'gt', value: 1 } },
    ]);
    rmSync(directory, { recursive: true, force: true });
  });

  it('moves a rule query to another baseline and window without touching the rest', () => {
    expect(withWindow({ queryType: 'drift', instant: true, window: '1h', baseline: 'x@1' }, 'churn@v1', '30s')).toEqual(
      {
        queryType: 'drift',
        instant: true,
        window: '30s',
        baseline: 'churn@v1',
      }
    );
  });
});
