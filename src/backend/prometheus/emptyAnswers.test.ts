import { emptyAnswerNotice, emptyRawAnswerNotice } from './emptyAnswers';
import { equals, oneOf } from './promql';

const answer = {
  query: 'sum by (le) (increase(response_distribution_bucket{model="fraud",version="v1"}[3600s]))',
  metric: 'response_distribution_bucket',
  matchers: [equals('model', 'fraud'), equals('version', 'v1')],
};

describe('emptyAnswerNotice', () => {
  it('names the labels the metric has and the selected ones it lacks', () => {
    expect(emptyAnswerNotice(answer, { ok: true, names: ['__name__', 'model_version', 'le', 'instance', 'job'] })).toEqual({
      severity: 'warning',
      text:
        'no series matched `sum by (le) (increase(response_distribution_bucket{model="fraud",version="v1"}[3600s]))`: ' +
        '`response_distribution_bucket` exists with labels {instance, job, le, model_version}; it has no label model, version ' +
        '(selected as model="fraud", version="v1"): name the labels it has, or select none, in the model\'s binding or the datasource mapping',
    });
  });

  it('says when the metric has no series at all', () => {
    expect(emptyAnswerNotice(answer, { ok: true, names: [] }).text).toMatch(
      /: there is no series named response_distribution_bucket in the window; check the metric name/
    );
  });

  it('points at the values when every selected label exists, cutting long alternations', () => {
    const features = Array.from({ length: 40 }, (_, i) => `feature_${i}`);
    const text = emptyAnswerNotice({ ...answer, matchers: [...answer.matchers, oneOf('feature', features)] }, { ok: true, names: ['model', 'version', 'feature', 'le'] }).text;
    expect(text).toMatch(/exists with labels \{feature, le, model, version\}, but none of its series in the window has model="fraud", version="v1", feature=~"feature_0\|feature_1\|.*…"; check these values/);
  });

  it('does not count a label selected by an empty value as required', () => {
    expect(emptyAnswerNotice({ ...answer, matchers: [equals('model', 'fraud'), equals('version', '')] }, { ok: true, names: ['model', 'le'] }).text).toMatch(/, but none of its series/);
  });

  it('still names the query when the label lookup failed', () => {
    expect(emptyAnswerNotice(answer, { ok: false, error: 'HTTP 404' }).text).toBe(
      `no series matched \`${answer.query}\` (the labels of response_distribution_bucket could not be looked up: HTTP 404)`
    );
  });

  it('names a raw expression as expanded', () => {
    expect(emptyRawAnswerNotice('sum by (le) (increase(x_bucket{job="a"}[300s]))').text).toBe(
      "no series matched the binding's expression `sum by (le) (increase(x_bucket{job=\"a\"}[300s]))`; run it in Grafana's Explore to see what it selects"
    );
  });
});
