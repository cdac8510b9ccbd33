/**
 * The cluster the Elasticsearch tests run against: by default the real OpenSearch node this run starts
 * (`sharedNode.ts`); with `ES_URL` (e.g. http://localhost:9200 from the docker-compose stack) another cluster,
 * with credentials from `ES_USER`/`ES_PASSWORD` or `ES_API_KEY` and `ES_TLS_SKIP_VERIFY=1` for self-signed
 * certificates.
 */
import type { DriftDataSourceOptions, DriftSecureJsonData } from '../../src/shared/settingsModel';
import { sharedOpenSearch } from './sharedNode';

export interface LiveCluster {
  url: string;
  jsonData: DriftDataSourceOptions;
  secrets: DriftSecureJsonData;
  /** The node's process when this run started it (tests that pause or stop a node need it); absent for `ES_URL`. */
  pid?: number;
}

function clusterFromEnv(env: NodeJS.ProcessEnv): LiveCluster | undefined {
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
  return { url: url.replace(/\/+$/, ''), jsonData, secrets };
}

/** `ES_URL`'s cluster, or the shared OpenSearch node (started on first use). */
export async function liveCluster(env: NodeJS.ProcessEnv = process.env): Promise<LiveCluster> {
  const fromEnv = clusterFromEnv(env);
  if (fromEnv) {
    return fromEnv;
  }
  const { url, pid } = await sharedOpenSearch();
  return { url, jsonData: {}, secrets: {}, pid };
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

/**
 * Index administration (create, bulk, update, delete, cluster settings), outside what the datasource itself
 * ever does. Answers the parsed JSON body; any status of 300 or more is an error (except a DELETE's 404).
 */
export async function admin(cluster: LiveCluster, method: 'GET' | 'PUT' | 'POST' | 'DELETE', requestPath: string, body?: unknown): Promise<unknown> {
  if (cluster.jsonData.elasticsearchTlsSkipVerify) {
    // Self-signed test clusters; the datasource's own client has its own skip-verify setting.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  }
  const ndjson = typeof body === 'string';
  const response = await fetch(cluster.url + requestPath, {
    method,
    headers: { ...authHeaders(cluster), ...(body !== undefined ? { 'Content-Type': ndjson ? 'application/x-ndjson' : 'application/json' } : {}) },
    body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (response.status >= 300 && !(method === 'DELETE' && response.status === 404)) {
    throw new Error(`${method} ${requestPath}: HTTP ${response.status} ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/**
 * Sends bulk lines (each action naming its `_index`) in chunks, refusing any item error (a silently dropped
 * document would skew every count), then refreshes `refresh` (an index or pattern) so searches see them.
 */
export async function bulk(cluster: LiveCluster, lines: readonly string[], refresh: string, linesPerChunk = 20_000): Promise<void> {
  for (let start = 0; start < lines.length; start += linesPerChunk) {
    const answer = (await admin(cluster, 'POST', '/_bulk', lines.slice(start, start + linesPerChunk).join('\n') + '\n')) as { errors: boolean; items: unknown[] };
    if (answer.errors) {
      throw new Error(`bulk: ${JSON.stringify(answer.items.find((item) => JSON.stringify(item).includes('"error"'))).slice(0, 500)}`);
    }
  }
  await admin(cluster, 'POST', `/${refresh}/_refresh`);
}
