import { FieldType, toDataFrame } from '@grafana/data';
import { serveGrafanaUnder } from '../datasource/testing/grafanaSubPath';
import type { BaselineSummary, BindingSummary } from '../shared/resourceModel';
import {
  bindingOf,
  bindingText,
  dashboardLinks,
  featureStatuses,
  groupBaselinesByModel,
  modelBinding,
  statusSummary,
  versionBindings,
} from './models';

function baseline(model: string, version: string): BaselineSummary {
  return { id: `${model}@${version}`, model, version, features: ['a'], created: '', provisioned: false };
}

function driftFrame(feature: string, name: string, values: Array<number | null>, config = {}) {
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      {
        name,
        type: FieldType.number,
        values,
        labels: { model: 'churn', version: '3', feature, method: 'psi' },
        config,
      },
    ],
  });
}

describe('groupBaselinesByModel', () => {
  it('groups by model with the newest version first, comparing versions as numbers', () => {
    const groups = groupBaselinesByModel([
      baseline('fraud', '1'),
      baseline('churn', '2'),
      baseline('churn', '10'),
      baseline('churn', '9'),
    ]);
    expect(groups.map((g) => [g.model, g.versions.map((v) => v.version)])).toEqual([
      ['churn', ['10', '9', '2']],
      ['fraud', ['1']],
    ]);
  });

  it('gives no groups for no baselines', () => {
    expect(groupBaselinesByModel([])).toEqual([]);
  });
});

describe('featureStatuses', () => {
  it('reads the last finite normalised score per feature and compares it with 1', () => {
    const frames = [
      driftFrame('age', 'normalized_score', [3, 0.4, null]),
      driftFrame('income', 'normalized_score', [0.2, 1.7]),
    ];
    expect(featureStatuses(['age', 'income'], frames)).toEqual([
      { feature: 'age', state: 'ok', normalizedScore: 0.4, method: 'psi' },
      { feature: 'income', state: 'drift', normalizedScore: 1.7, method: 'psi' },
    ]);
  });

  it('divides a raw score by the threshold the series carries', () => {
    const frames = [driftFrame('age', 'score', [0.375], { custom: { threshold: 0.25 } })];
    expect(featureStatuses(['age'], frames)[0]).toMatchObject({ state: 'drift', normalizedScore: 1.5 });
  });

  it('marks features without data, or with a raw score and no threshold, as unknown', () => {
    const frames = [driftFrame('age', 'score', [0.3]), driftFrame('income', 'normalized_score', [NaN, null])];
    expect(featureStatuses(['age', 'income', 'tenure'], frames).map((s) => s.state)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('ignores p-value series', () => {
    const frames = [driftFrame('age', 'p_value', [0.001])];
    expect(featureStatuses(['age'], frames)[0].state).toBe('unknown');
  });
});

describe('dashboardLinks', () => {
  serveGrafanaUnder('/grafana');

  it('links each provisioned dashboard with the model and version variables, under the sub-path', () => {
    const links = dashboardLinks({ model: 'churn & co', version: '3' });
    expect(links.map((l) => l.href)).toEqual([
      '/grafana/d/mlops-model-overview?var-model=churn%20%26%20co&var-version=3',
      '/grafana/d/mlops-data-drift?var-model=churn%20%26%20co&var-version=3',
      '/grafana/d/mlops-model-performance?var-model=churn%20%26%20co&var-version=3',
    ]);
  });
});

describe('statusSummary', () => {
  const status = (state: 'ok' | 'drift' | 'unknown') => ({ feature: state, state });

  it('counts drifting features and says which have no data', () => {
    expect(statusSummary([status('drift'), status('ok'), status('unknown')], '1h')).toBe(
      '1 of 3 features drifting in the last 1h; 1 without live data'
    );
    expect(statusSummary([status('ok'), status('ok')], '1h')).toBe('No feature drifting in the last 1h');
  });

  it('does not call a version without any live data fine', () => {
    expect(statusSummary([status('unknown'), status('unknown')], '1h')).toBe('No live data in the last 1h');
  });
});

describe('bindingOf', () => {
  const file = (name: string, version?: string, valid = true): BindingSummary => ({
    file: name,
    model: 'fraud',
    ...(version ? { version } : {}),
    sources: ['prometheus'],
    provisioned: true,
    ...(valid ? { binding: { model: 'fraud', prometheus: {} } } : { invalid: ['x: bad'] }),
  });

  it('picks the binding of the version, else the one of the model, never one that binds nothing', () => {
    const all = [file('any.json'), file('v2.json', '2'), file('v3.json', '3', false)];
    expect(bindingOf(all, 'fraud', '2')?.file).toBe('v2.json');
    expect(bindingOf(all, 'fraud', '1')?.file).toBe('any.json');
    expect(bindingOf(all, 'fraud', '3')?.file).toBe('any.json');
    expect(bindingOf(all, 'churn', '1')).toBeUndefined();
    expect(bindingText({ ...file('v2.json', '2'), invalid: ['x: bad'] })).toBe('read through binding v2.json (Prometheus), which has problems');
  });

  it('finds the model-wide binding apart from the bindings of one version, valid ones only', () => {
    const all = [file('v10.json', '10'), file('v3.json', '3', false), file('v9.json', '9'), file('any.json')];
    expect(modelBinding(all, 'fraud')?.file).toBe('any.json');
    expect(modelBinding([file('v9.json', '9'), file('any.json', undefined, false)], 'fraud')).toBeUndefined();
    expect(modelBinding(all, 'churn')).toBeUndefined();
    expect(versionBindings(all, 'fraud').map((b) => b.file)).toEqual(['v9.json', 'v10.json']);
  });
});
