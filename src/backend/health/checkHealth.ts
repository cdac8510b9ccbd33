/**
 * "Save & test": is the baseline store writable, and which upstreams are configured and reachable (with
 * the configured auth, short timeout). Messages say what to fix and never contain a secret.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../log';
import { DatasourceSettings, redactSecrets } from '../settings';
import { writeFileAtomic } from '../store/atomicFile';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient, UpstreamTarget } from '../upstream/client';

export const HEALTH_CHECK_TIMEOUT_MS = 5_000;

export type HealthStatus = 'OK' | 'ERROR';

export interface UpstreamHealth {
  configured: boolean;
  reachable?: boolean;
  detail: string;
}

export interface HealthReport {
  status: HealthStatus;
  message: string;
  details: {
    store: { directory: string; writable: boolean; baselines?: number; corrupt?: number; error?: string };
    upstreams: Record<UpstreamTarget, UpstreamHealth>;
  };
}

const PROBE_FILE = '.health-probe';

async function checkStore(store: BaselineStore): Promise<HealthReport['details']['store']> {
  try {
    await store.checkWritable();
    await writeFileAtomic(store.directory, PROBE_FILE, 'ok');
    await rm(path.join(store.directory, PROBE_FILE), { force: true });
    const listed = await store.list();
    return {
      directory: store.directory,
      writable: true,
      baselines: listed.length,
      corrupt: listed.filter((b) => b.corrupt !== undefined).length,
    };
  } catch (error) {
    return { directory: store.directory, writable: false, error: errorMessage(error) };
  }
}

/** Prometheus: `/-/ready`, else `/api/v1/status/buildinfo` (some proxies expose only the API). */
const PROBES: Record<UpstreamTarget, string[]> = {
  prometheus: ['/-/ready', '/api/v1/status/buildinfo'],
  elasticsearch: ['/'],
};

async function checkUpstream(upstream: UpstreamClient, target: UpstreamTarget, settings: DatasourceSettings): Promise<UpstreamHealth> {
  if (!upstream.isConfigured(target)) {
    return { configured: false, detail: 'not configured' };
  }
  let lastProblem = '';
  for (const probe of PROBES[target]) {
    try {
      const response = await upstream.request(target, { path: probe, timeoutMs: HEALTH_CHECK_TIMEOUT_MS });
      if (response.status >= 200 && response.status < 300) {
        return { configured: true, reachable: true, detail: `reachable (${probe} answered ${response.status})` };
      }
      lastProblem =
        response.status === 401 || response.status === 403
          ? `authentication failed (HTTP ${response.status}); check the credentials`
          : `${probe} answered HTTP ${response.status}`;
    } catch (error) {
      lastProblem = errorMessage(error);
    }
  }
  return { configured: true, reachable: false, detail: redactSecrets(`not reachable: ${lastProblem}`, settings) };
}

const TARGET_NAMES: Record<UpstreamTarget, string> = { prometheus: 'Prometheus', elasticsearch: 'Elasticsearch' };

export async function checkHealth(settings: DatasourceSettings, store: BaselineStore, upstream: UpstreamClient): Promise<HealthReport> {
  const [storeHealth, prometheus, elasticsearch] = await Promise.all([
    checkStore(store),
    checkUpstream(upstream, 'prometheus', settings),
    checkUpstream(upstream, 'elasticsearch', settings),
  ]);
  const upstreams = { prometheus, elasticsearch };
  const storeText = storeHealth.writable
    ? `Baseline store writable (${storeHealth.baselines} baselines${storeHealth.corrupt ? `, ${storeHealth.corrupt} corrupt` : ''})`
    : `Baseline store ${storeHealth.directory} is not writable: ${storeHealth.error}`;
  const upstreamTexts = (Object.keys(upstreams) as UpstreamTarget[]).map((t) => `${TARGET_NAMES[t]}: ${upstreams[t].detail}`);
  const healthy = storeHealth.writable && Object.values(upstreams).every((u) => !u.configured || u.reachable);
  return {
    status: healthy ? 'OK' : 'ERROR',
    message: [storeText, ...upstreamTexts].join('. '),
    details: { store: storeHealth, upstreams },
  };
}
