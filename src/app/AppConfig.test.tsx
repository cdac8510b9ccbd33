import type { AppPluginMeta } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { appSettingsUpdate } from './api';
import { AppConfigForm } from './AppConfig';
import { testIds } from './testIds';
import { FakeDriftBackend, fakeDatasourceSettings, installFakeDriftBackend } from './testing/fakeDriftBackend';
import type { AppSettings } from './types';

function meta(jsonData: AppSettings): AppPluginMeta<AppSettings> {
  return { id: 'mlops-monitor-app', enabled: true, pinned: false, jsonData } as AppPluginMeta<AppSettings>;
}

describe('appSettingsUpdate', () => {
  it('keeps enabled, pinned and other settings, and drops the uid for "first found"', () => {
    const current = { enabled: true, pinned: false, jsonData: { defaultDatasourceUid: 'a' } };
    expect(appSettingsUpdate(current, 'b')).toEqual({
      enabled: true,
      pinned: false,
      jsonData: { defaultDatasourceUid: 'b' },
    });
    expect(appSettingsUpdate(current, undefined)).toEqual({ enabled: true, pinned: false, jsonData: {} });
  });
});

describe('AppConfigForm', () => {
  it('saves the chosen datasource into the app settings and reloads', async () => {
    const backend = new FakeDriftBackend([
      fakeDatasourceSettings('drift-a', 'ML Drift A'),
      fakeDatasourceSettings('drift-b', 'ML Drift B'),
    ]);
    installFakeDriftBackend(backend, { setBackendSrv, setDataSourceSrv });
    const onSaved = jest.fn();
    render(<AppConfigForm meta={meta({})} onSaved={onSaved} />);
    await userEvent.click(screen.getByLabelText('Default drift datasource'));
    await userEvent.click(await screen.findByText('ML Drift B'));
    await userEvent.click(screen.getByTestId(testIds.appConfig.save));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(backend.requests).toEqual([
      {
        method: 'POST',
        url: 'api/plugins/mlops-monitor-app/settings',
        data: { enabled: true, pinned: false, jsonData: { defaultDatasourceUid: 'drift-b' } },
      },
    ]);
  });

  it('flags a configured datasource that no longer exists', () => {
    installFakeDriftBackend(new FakeDriftBackend([]), { setBackendSrv, setDataSourceSrv });
    render(<AppConfigForm meta={meta({ defaultDatasourceUid: 'gone' })} onSaved={jest.fn()} />);
    expect(screen.getByText('This datasource no longer exists')).toBeInTheDocument();
    expect(screen.getByText('No ML Drift datasource yet')).toBeInTheDocument();
  });
});
