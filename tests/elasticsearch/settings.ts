/** Datasource settings pointing at a (fake or live) Elasticsearch, as Grafana would send them. */
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../../src/shared/settingsModel';
import { BackendMetrics } from '../../src/backend/metrics';
import { parseInstanceSettings, type DatasourceSettings } from '../../src/backend/settings';
import { UpstreamClient } from '../../src/backend/upstream/client';

export const INDEX = 'predictions';

export function datasourceSettings(url: string, jsonData: DriftDataSourceOptions = {}, secrets: DriftSecureJsonData = {}): DatasourceSettings {
  return parseInstanceSettings({
    uid: 'es-test',
    name: 'ML Monitor (Elasticsearch)',
    jsonData: Buffer.from(JSON.stringify({ elasticsearchUrl: url, elasticsearchIndex: INDEX, timeoutSeconds: 5, ...jsonData })),
    decryptedSecureJsonData: secrets as Record<string, string>,
  });
}

export function upstreamFor(settings: DatasourceSettings): UpstreamClient {
  return new UpstreamClient(settings, new BackendMetrics());
}
