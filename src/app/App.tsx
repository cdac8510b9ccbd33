import type { AppRootProps } from '@grafana/data';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PLUGIN_BASE_URL, ROUTES } from './constants';
import { BaselinesPage } from './pages/BaselinesPage';
import { GettingStartedPage } from './pages/GettingStartedPage';
import { ModelsPage } from './pages/ModelsPage';
import type { AppSettings } from './types';

/** Routes relative to the app's base path (`/a/mlops-monitor-app/…`), where Grafana mounts the root page. */
export function App({ meta }: AppRootProps<AppSettings>) {
  const settings = meta.jsonData;
  return (
    <Routes>
      <Route path={ROUTES.models} element={<ModelsPage settings={settings} />} />
      <Route path={ROUTES.baselines} element={<BaselinesPage settings={settings} />} />
      <Route path={ROUTES.gettingStarted} element={<GettingStartedPage settings={settings} />} />
      <Route path="*" element={<Navigate to={`${PLUGIN_BASE_URL}/${ROUTES.models}`} replace />} />
    </Routes>
  );
}
