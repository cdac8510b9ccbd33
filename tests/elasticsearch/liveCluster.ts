/**
 * The real cluster of `npm run test:es`: `ES_URL` (e.g. http://localhost:9200 from the docker-compose stack),
 * credentials from `ES_USER`/`ES_PASSWORD` or `ES_API_KEY`, `ES_TLS_SKIP_VERIFY=1` for self-signed certificates.
 * Probed synchronously so a suite can decide to skip before Jest collects its tests.
 */
import { spawnSync } from 'node:child_process';
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../../src/datasource/types';

export interface LiveCluster {
  url: string;
  jsonData: DriftDataSourceOptions;
  secrets: DriftSecureJsonData;
}

export function liveClusterFromEnv(env: NodeJS.ProcessEnv = process.env): LiveCluster | undefined {
  const url = env.ES_URL?.trim();
  if (!url) {
    return undefined;
  }
  const jsonData: DriftDataSourceOptions = { elasticsearchTlsSkipVerify: env.ES_TLS_SKIP_VERIFY === '1' };
  const secrets: DriftSecureJsonData = {};
  if (env.ES_API_KEY) {
    jsonData.elasticsearchAuth = 'apiKey';
    secrets.elasticsearchApiKey = env.ES_API_KEY;
  } else if (env.ES_USER) {
    jsonData.elasticsearchAuth = 'basic';
    jsonData.elasticsearchUser = env.ES_USER;
    secrets.elasticsearchPassword = env.ES_PASSWORD ?? '';
  }
  return { url, jsonData, secrets };
}

/** The Authorization header for the cluster's credentials (empty without). */
export function authHeaders(cluster: LiveCluster): Record<string, string> {
  if (cluster.jsonData.elasticsearchAuth === 'apiKey') {
    return { Authorization: `ApiKey ${cluster.secrets.elasticsearchApiKey}` };
  }
  if (cluster.jsonData.elasticsearchAuth === 'basic') {
    return { Authorization: `Basic ${Buffer.from(`${cluster.jsonData.elasticsearchUser}:${cluster.secrets.elasticsearchPassword}`).toString('base64')}` };
  }
  return {};
}

/** Why the cluster cannot be used (unset, unreachable, refusing), or undefined when it answers `GET /`. */
export function liveClusterProblem(cluster: LiveCluster | undefined): string | undefined {
  if (!cluster) {
    return 'ES_URL is not set';
  }
  const headers = authHeaders(cluster);
  const probe = `
    const tls = ${cluster.jsonData.elasticsearchTlsSkipVerify ? 'true' : 'false'};
    if (tls) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    fetch(process.argv[1], { headers: JSON.parse(process.argv[2]), signal: AbortSignal.timeout(3000) })
      .then((r) => { process.stdout.write(String(r.status)); })
      .catch((e) => { process.stdout.write('error ' + (e.cause?.code ?? e.message)); });`;
  const result = spawnSync(process.execPath, ['-e', probe, cluster.url, JSON.stringify(headers)], { timeout: 5000, encoding: 'utf8' });
  const answer = result.stdout.trim();
  if (answer === '200') {
    return undefined;
  }
  return answer ? `${cluster.url} answered ${answer}` : `${cluster.url} did not answer`;
}
