import { locationUtil } from '@grafana/data';
import { config } from '@grafana/runtime';

/**
 * What locationUtil.initialize takes. @grafana/runtime 13.1's GrafanaBootConfig lacks three fields that
 * @grafana/data 13.1's GrafanaConfig declares (feature toggles locationUtil never reads), so the runtime's config
 * is passed as Grafana itself passes it, through this type.
 */
type LocationConfig = Parameters<typeof locationUtil.initialize>[0]['config'];

function setAppSubUrl(appSubUrl: string): void {
  config.appSubUrl = appSubUrl;
  locationUtil.initialize({
    config: config as unknown as LocationConfig,
    getTimeRangeForUrl: () => ({ from: 'now-6h', to: 'now' }),
    getVariablesUrlParams: () => ({}),
  });
}

/**
 * Serves Grafana under `subPath` (a `root_url` with a path) for the tests of the calling file, as Grafana tells
 * @grafana/data's locationUtil at start-up; the plugin reads the sub-path only through locationUtil.
 */
export function serveGrafanaUnder(subPath: string): void {
  const before = config.appSubUrl;
  beforeAll(() => setAppSubUrl(subPath));
  afterAll(() => setAppSubUrl(before));
}
