import type { AppRootProps } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { App } from './App';
import { testIds } from './testIds';
import { FakeDriftBackend, fakeDatasourceSettings, installFakeDriftBackend } from './testing/fakeDriftBackend';
import type { AppSettings } from './types';

function renderAt(path: string) {
  const props = { meta: { jsonData: {} }, basename: '/a/mlops-monitor-app' } as unknown as AppRootProps<AppSettings>;
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        {/* Grafana mounts an app's root page under this route. */}
        <Route path="/a/mlops-monitor-app/*" element={<App {...props} />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('App', () => {
  beforeEach(() =>
    installFakeDriftBackend(new FakeDriftBackend([fakeDatasourceSettings('drift-a', 'A')]), {
      setBackendSrv,
      setDataSourceSrv,
    })
  );

  it.each([
    ['/a/mlops-monitor-app/models', testIds.models.empty],
    ['/a/mlops-monitor-app/baselines', testIds.baselines.container],
    ['/a/mlops-monitor-app/getting-started', testIds.gettingStarted.container],
    ['/a/mlops-monitor-app', testIds.models.empty],
    ['/a/mlops-monitor-app/nonsense', testIds.models.empty],
  ])('renders %s', async (path, testId) => {
    renderAt(path);
    expect(await screen.findByTestId(testId)).toBeInTheDocument();
  });
});
