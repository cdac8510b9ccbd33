import { locationUtil } from '@grafana/data';
import { config } from '@grafana/runtime';

function setAppSubUrl(appSubUrl: string): void {
  config.appSubUrl = appSubUrl;
  locationUtil.initialize({
    config,
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
