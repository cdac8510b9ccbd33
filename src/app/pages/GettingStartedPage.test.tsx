import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testIds } from '../testIds';
import { FakeDriftBackend, fakeDatasourceSettings, installFakeDriftBackend } from '../testing/fakeDriftBackend';
import { fraudBaseline, scoredFraudBaseline } from '../testing/fixtures';
import { GettingStartedPage } from './GettingStartedPage';

jest.setTimeout(20_000);

function setup(datasources = [fakeDatasourceSettings('drift-a', 'ML Drift A')]) {
  const backend = new FakeDriftBackend(datasources);
  installFakeDriftBackend(backend, { setBackendSrv, setDataSourceSrv });
  return backend;
}

describe('GettingStartedPage', () => {
  it('shows the Python snippet with the default metric names and switches to Node', async () => {
    setup();
    render(<GettingStartedPage settings={{}} />);
    expect(screen.getByTestId(testIds.gettingStarted.python)).toHaveTextContent('"model_feature_value"');
    await userEvent.click(screen.getByRole('radio', { name: 'Node.js (prom-client)' }));
    expect(screen.getByTestId(testIds.gettingStarted.node)).toHaveTextContent("require('prom-client')");
  });

  it('uses the metric names the datasource is configured with', () => {
    setup([fakeDatasourceSettings('drift-a', 'Renamed', { prometheus: { featureHistogram: 'svc_input_value' } })]);
    render(<GettingStartedPage settings={{}} />);
    const code = screen.getByTestId(testIds.gettingStarted.python);
    expect(code).toHaveTextContent('"svc_input_value"');
    expect(code).not.toHaveTextContent('"model_feature_value"');
  });

  it('fills the snippets from a chosen baseline', async () => {
    setup().addBaseline(fraudBaseline());
    render(<GettingStartedPage settings={{}} />);
    await userEvent.click(await screen.findByLabelText(/Fill in from a baseline/));
    await userEvent.click(await screen.findByText('fraud@1'));
    const code = screen.getByTestId(testIds.gettingStarted.python);
    await screen.findByText(/MODEL, VERSION = "fraud", "1"/);
    expect(code).toHaveTextContent('"amount": [10, 50, 200, 1000]');
    expect(screen.getByTestId(testIds.gettingStarted.alert)).toHaveTextContent('baseline: "fraud@1"');
    expect(screen.getByTestId(testIds.gettingStarted.alert)).toHaveTextContent('datasourceUid: drift-a');
  });

  it('adds the model outputs and the prediction binding for a baseline with a numeric prediction and scores', async () => {
    setup().addBaseline(scoredFraudBaseline());
    render(<GettingStartedPage settings={{}} />);
    expect(screen.queryByTestId(testIds.gettingStarted.predictionBinding)).not.toBeInTheDocument();
    await userEvent.click(await screen.findByLabelText(/Fill in from a baseline/));
    await userEvent.click(await screen.findByText('fraud@2'));
    const binding = await screen.findByTestId(testIds.gettingStarted.predictionBinding);
    expect(JSON.parse(binding.textContent ?? '')).toMatchObject({
      model: 'fraud',
      prometheus: { prediction: { kind: 'histogram', metric: 'model_prediction_value' } },
    });
    const code = screen.getByTestId(testIds.gettingStarted.python);
    expect(code).toHaveTextContent('SCORES = Histogram("model_prediction_score"');
    expect(code).toHaveTextContent('PREDICTION_VALUES = Histogram("model_prediction_value"');
    expect(code).toHaveTextContent('buckets=[0.1, 0.25, 0.5, 0.75, 0.9]');
  });

  it('still guides without a datasource, with a placeholder uid', () => {
    setup([]);
    render(<GettingStartedPage settings={{}} />);
    expect(screen.getByTestId(testIds.gettingStarted.alert)).toHaveTextContent('datasourceUid: YOUR_DATASOURCE_UID');
    expect(screen.queryByLabelText(/Fill in from a baseline/)).not.toBeInTheDocument();
  });

  it('drafts a binding from pasted metrics, with a note per metric', async () => {
    setup();
    render(<GettingStartedPage settings={{}} />);
    expect(screen.queryByTestId(testIds.gettingStarted.bindingDraft)).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId(testIds.gettingStarted.exposition));
    await userEvent.paste('response_distribution_bucket{le="0.1",model_version="1"} 3\ncategorical_feature_total{feature="channel",category="missing"} 1\n');
    const draft = await screen.findByTestId(testIds.gettingStarted.bindingDraft);
    expect(draft).toHaveTextContent('"metric": "response_distribution"');
    expect(draft).toHaveTextContent('"label": "model_version"');
    expect(draft).toHaveTextContent('"missingValues": [ "missing" ]');
    expect(screen.getByTestId(testIds.gettingStarted.bindingNotes)).toHaveTextContent('categorical features by "feature", categories by "category"');
  });
});
