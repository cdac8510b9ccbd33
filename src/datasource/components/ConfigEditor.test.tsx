import type { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../../shared/settingsModel';
import { datasourceSettings } from '../testing/settingsFixture';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<DriftDataSourceOptions, DriftSecureJsonData>;

function settings(
  jsonData: DriftDataSourceOptions,
  secureJsonFields: Record<string, boolean> = {},
  secureJsonData?: DriftSecureJsonData
): Settings {
  return datasourceSettings({ jsonData, secureJsonFields, secureJsonData });
}

function renderEditor(options: Settings) {
  const onOptionsChange = jest.fn();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return onOptionsChange;
}

describe('ConfigEditor', () => {
  it('writes the Prometheus URL into jsonData', async () => {
    const onOptionsChange = renderEditor(settings({}));
    await userEvent.type(screen.getByRole('textbox', { name: /URL.*model metrics/ }), 'h');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { prometheusUrl: 'h' } }));
  });

  it('shows a validation message for a URL without scheme', () => {
    renderEditor(settings({ prometheusUrl: 'prometheus:9090' }));
    expect(
      screen.getByText('"prometheus:9090" needs http:// or https:// in front, for example http://prometheus:9090')
    ).toBeInTheDocument();
  });

  it('asks for the token only with bearer auth, and sends it as a secret', async () => {
    const onOptionsChange = renderEditor(settings({ prometheusAuth: 'bearer' }));
    expect(screen.queryByLabelText('User')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Token'), 'x');
    const next: Settings = onOptionsChange.mock.lastCall[0];
    expect(next.secureJsonData).toEqual({ prometheusToken: 'x' });
    expect(JSON.stringify(next.jsonData)).not.toContain('"x"');
  });

  it('shows a configured secret as configured, never its value, and resets it', async () => {
    const onOptionsChange = renderEditor(settings({ elasticsearchAuth: 'apiKey' }, { elasticsearchApiKey: true }));
    const input = screen.getByRole('textbox', { name: 'API key' });
    expect(input).toHaveValue('configured');
    expect(input).toBeDisabled();
    await userEvent.click(screen.getAllByRole('button', { name: 'Reset' })[0]);
    const next: Settings = onOptionsChange.mock.lastCall[0];
    expect(next.secureJsonFields.elasticsearchApiKey).toBe(false);
  });

  it('switches Elasticsearch to basic auth', async () => {
    const onOptionsChange = renderEditor(settings({}));
    await userEvent.click(screen.getAllByRole('radio', { name: 'Basic auth' })[1]);
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { elasticsearchAuth: 'basic' } })
    );
  });

  it('shows the default metric names as placeholders of the mapping fields', async () => {
    renderEditor(settings({ prometheus: { modelLabel: 'service' } }));
    await userEvent.click(screen.getByText('Metric and field names'));
    expect(screen.getByLabelText('Feature histogram')).toHaveAttribute('placeholder', 'model_feature_value');
    expect(screen.getByLabelText('Model label')).toHaveValue('service');
    expect(screen.getByLabelText('Time field')).toHaveAttribute('placeholder', '@timestamp');
  });

  it('chooses how Prometheus histograms are read, auto by default', async () => {
    const onOptionsChange = renderEditor(settings({}));
    expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Native' }));
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { prometheusHistogramKind: 'native' } })
    );
  });

  it('rejects a non-positive timeout', () => {
    renderEditor(settings({ timeoutSeconds: -3 }));
    expect(screen.getByText('Timeout must be more than 0 and at most 600 seconds')).toBeInTheDocument();
  });

  it('writes the minimum step and shows its default', async () => {
    const onOptionsChange = renderEditor(settings({}));
    const input = screen.getByLabelText(/Minimum step/);
    expect(input).toHaveAttribute('placeholder', '15s');
    await userEvent.type(input, '3');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { minStep: '3' } }));
  });

  it('rejects a minimum step that is not a duration', () => {
    renderEditor(settings({ minStep: 'often' }));
    expect(screen.getByText('Minimum step "often" is not a duration such as 15s or 1m')).toBeInTheDocument();
  });

  it('writes the Elasticsearch maximum buckets as a number', async () => {
    const onOptionsChange = renderEditor(settings({}));
    const input = screen.getByLabelText(/Maximum buckets/);
    expect(input).toHaveAttribute('placeholder', '65535');
    await userEvent.type(input, '7');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { elasticsearchMaxBuckets: 7 } }));
  });

  it('switches the cache off and sets its memory, keeping it on by default', async () => {
    const onOptionsChange = renderEditor(settings({}));
    const toggle = screen.getByLabelText(/Cache completed steps/);
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { cacheEnabled: false } }));
    const memory = screen.getByLabelText(/Memory \(MiB\)/);
    expect(memory).toHaveAttribute('placeholder', '64');
    await userEvent.type(memory, '8');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { cacheMaxMegabytes: 8 } }));
  });

  it('writes the provisioned binding directory and asks for an absolute path', async () => {
    const onOptionsChange = renderEditor(settings({}));
    await userEvent.type(screen.getByLabelText(/Provisioned binding directory/), '/');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { provisionedBindingDirectory: '/' } }));
  });

  it.each(['bindings', './bindings'])('rejects the relative binding directory %s', (directory) => {
    renderEditor(settings({ provisionedBindingDirectory: directory }));
    expect(screen.getByText(`"${directory}" is not an absolute path such as /etc/grafana/provisioning/bindings`)).toBeInTheDocument();
  });

  it.each(['/etc/grafana/bindings', 'C:\\grafana\\bindings', '\\\\server\\share'])('accepts the absolute binding directory %s', (directory) => {
    renderEditor(settings({ provisionedBindingDirectory: directory }));
    expect(screen.queryByText(/is not an absolute path/)).not.toBeInTheDocument();
  });

  it('shows where baselines go by default', () => {
    renderEditor(settings({}));
    expect(screen.getByLabelText(/Baseline directory/)).toHaveAttribute(
      'placeholder',
      '$GF_PATHS_DATA/plugins/mlops-drift-datasource/<datasource uid>/baselines'
    );
  });

  it('offers the same TLS settings for both sources and keeps each CA a secret', async () => {
    const onOptionsChange = renderEditor(settings({}));
    expect(screen.getAllByLabelText(/Skip TLS certificate verification/)).toHaveLength(2);
    await userEvent.click(screen.getAllByLabelText(/Skip TLS certificate verification/)[1]);
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ jsonData: { elasticsearchTlsSkipVerify: true } })
    );
    await userEvent.type(screen.getAllByLabelText(/CA certificate/)[0], 'P');
    const next: Settings = onOptionsChange.mock.lastCall[0];
    expect(next.secureJsonData).toEqual({ prometheusCaCert: 'P' });
  });
});
