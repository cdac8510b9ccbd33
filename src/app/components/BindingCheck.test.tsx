import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ModelCheck } from '../../shared/resourceModel';
import { testIds } from '../testIds';
import { BindingCheck } from './BindingCheck';

const CHECK: ModelCheck = {
  baseline: 'fraud@v1',
  source: 'prometheus',
  problems: 1,
  unchecked: 0,
  features: [
    {
      feature: 'score',
      role: 'feature',
      selector: 'model_feature_value_bucket{model="fraud",version="v1",feature="score"}',
      series: 11,
      labels: ['feature', 'le', 'model', 'version'],
      edges: { live: [0.1, 0.2], baseline: [0.15], shared: 0 },
      note: 'edges differ: the baseline is re-binned onto the live edges, off by up to 3 % at an edge',
    },
    { feature: 'is_fraud', role: 'label', series: 0, labels: [], problem: 'no series matched `model_outcomes_total{model="fraud"}`' },
  ],
};

describe('BindingCheck', () => {
  it('lists each field with what was found and its problem or note, after the button is pressed', async () => {
    let calls = 0;
    render(<BindingCheck id="fraud@v1" check={() => (calls++, Promise.resolve([CHECK]))} />);
    expect(calls).toBe(0);
    await userEvent.click(screen.getByTestId(testIds.models.checkBindings('fraud@v1')));
    const result = await screen.findByTestId(testIds.models.checkResult('fraud@v1'));
    expect(calls).toBe(1);
    expect(result).toHaveTextContent('score 11 series of model_feature_value_bucket{model="fraud",version="v1",feature="score"} with labels {feature, le, model, version}; le 0.1, 0.2 (0 of the baseline\'s 1 edges shared)');
    expect(result).toHaveTextContent('re-binned onto the live edges, off by up to 3 %');
    expect(result).toHaveTextContent('is_fraud (label) 0 series');
    expect(result).toHaveTextContent('no series matched');
  });

  it('lists each source under its name when the model was checked on both, with the Elasticsearch field, types and range', async () => {
    const onElasticsearch: ModelCheck = {
      baseline: 'fraud@v1',
      source: 'elasticsearch',
      problems: 1,
      unchecked: 0,
      features: [
        { feature: 'score', role: 'feature', series: 40, documents: 50, labels: [], field: 'outputs.score', types: ['double'], valueRange: { live: { min: 0.1, max: 0.9 }, baseline: { min: 0, max: 1 } } },
        { feature: 'channel', role: 'feature', series: 0, documents: 50, labels: [], field: 'channel', types: ['text'], problem: 'field "channel" is mapped as text (not aggregatable)' },
      ],
    };
    render(<BindingCheck id="fraud@v1" check={() => Promise.resolve([CHECK, onElasticsearch])} />);
    await userEvent.click(screen.getByTestId(testIds.models.checkBindings('fraud@v1')));
    const result = await screen.findByTestId(testIds.models.checkResult('fraud@v1'));
    expect(result).toHaveTextContent('Prometheus');
    expect(result).toHaveTextContent('Elasticsearch');
    expect(result).toHaveTextContent('score 40 of 50 documents with field outputs.score (double); values 0.1 to 0.9 (baseline 0 to 1)');
    expect(result).toHaveTextContent('channel 0 of 50 documents with field channel (text)');
    expect(result).toHaveTextContent('mapped as text (not aggregatable)');
  });

  it('shows the datasource’s error', async () => {
    render(<BindingCheck id="fraud@v1" check={() => Promise.reject(new Error('the datasource has no Prometheus URL'))} />);
    await userEvent.click(screen.getByTestId(testIds.models.checkBindings('fraud@v1')));
    expect(await screen.findByTestId(testIds.models.checkResult('fraud@v1'))).toHaveTextContent('the datasource has no Prometheus URL');
  });
});
