import type { DataSourceSettings } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<DriftDataSourceOptions, DriftSecureJsonData>;

function settings(
  jsonData: DriftDataSourceOptions,
  secureJsonFields: Record<string, boolean> = {},
  secureJsonData?: DriftSecureJsonData
): Settings {
  return {
    id: 1,
    uid: 'drift',
    orgId: 1,
    name: 'ML Drift',
    type: 'mlops-drift-datasource',
    typeName: 'ML Drift',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData,
    secureJsonFields,
    secureJsonData,
  };
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

  it('rejects a non-positive timeout', () => {
    renderEditor(settings({ timeoutSeconds: -3 }));
    expect(screen.getByText('Timeout must be a positive number of seconds')).toBeInTheDocument();
  });
});
