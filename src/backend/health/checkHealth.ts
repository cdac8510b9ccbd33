/**
 * "Save & test": is the baseline store writable, which upstreams are configured and reachable (with the
 * configured auth, short timeout), and what each stored model's bindings find on each reachable source
 * (`checkBindings.ts` for Prometheus, `checkElasticsearchBindings.ts` for Elasticsearch).
 * Messages say what to fix and never contain a secret.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../log';
import { DatasourceSettings, redactSecrets } from '../settings';
import { writeFileAtomic } from '../store/atomicFile';
import type { BaselineStore } from '../store/baselineStore';
import type { UpstreamClient, UpstreamTarget } from '../upstream/client';
import { LIVE_SOURCE_NAMES, type LiveSource } from '../../shared/queryModel';
import type { ModelCheck } from '../../shared/resourceModel';
import { summarizeCheck } from './checkBindings';
import { ignoredSettings, ignoredSettingsWarning, type IgnoredSetting } from './ignoredSettings';
import { checkStoredModels } from './storedModelChecks';

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
    /** Settings nothing reads (a warning only: the status does not change). */
    ignoredSettings?: IgnoredSetting[];
    /** Each stored model's bindings against the live series or documents of each reachable source. */
    bindings?: { models: ModelCheck[] } | { error: string };
    /** Grafana shows this under "More details": one line per model and per field with a problem. */
    verboseMessage?: string;
  };
}

/** How long "Save & test" spends checking bindings; later features get a timeout problem each. */
export const BINDING_CHECK_BUDGET_MS = 15_000;
const BINDING_CHECK_WINDOW_MS = 3_600_000;
/** Models summarized in the message itself; the rest are in the details. */
const MODELS_IN_MESSAGE = 3;

async function checkBindings(settings: DatasourceSettings, store: BaselineStore, upstream: UpstreamClient, sources: LiveSource[]): Promise<NonNullable<HealthReport['details']['bindings']>> {
  try {
    return { models: await checkStoredModels({ settings, store, upstream }, [], { sources, named: false }, BINDING_CHECK_WINDOW_MS, Date.now(), AbortSignal.timeout(BINDING_CHECK_BUDGET_MS)) };
  } catch (error) {
    return { error: redactSecrets(errorMessage(error), settings) };
  }
}

/** The bindings part of the message, and the lines of "More details". */
function bindingTexts(bindings: NonNullable<HealthReport['details']['bindings']>): { message: string; verbose: string[] } {
  if ('error' in bindings) {
    return { message: `Bindings could not be checked: ${bindings.error}`, verbose: [] };
  }
  const { models } = bindings;
  if (models.length === 0) {
    return { message: 'No baselines to check bindings for', verbose: [] };
  }
  const summaries = models.map(summarizeCheck);
  const rest = models.length - MODELS_IN_MESSAGE;
  const verbose = models.flatMap((model) => [
    summarizeCheck(model),
    ...model.features.filter((f) => f.problem !== undefined).map((f) => `  ${f.feature} (${f.role}): ${f.problem}`),
  ]);
  return { message: `Bindings (live data in the last hour): ${summaries.slice(0, MODELS_IN_MESSAGE).join('; ')}${rest > 0 ? `; ${rest} more models in the details` : ''}`, verbose };
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


export async function checkHealth(settings: DatasourceSettings, store: BaselineStore, upstream: UpstreamClient): Promise<HealthReport> {
  const [storeHealth, prometheus, elasticsearch] = await Promise.all([
    checkStore(store),
    checkUpstream(upstream, 'prometheus', settings),
    checkUpstream(upstream, 'elasticsearch', settings),
  ]);
  const upstreams = { prometheus, elasticsearch };
  const reachable = (Object.keys(upstreams) as UpstreamTarget[]).filter((target) => upstreams[target].reachable);
  const bindings = reachable.length > 0 ? await checkBindings(settings, store, upstream, reachable) : undefined;
  const bindingText = bindings ? bindingTexts(bindings) : undefined;
  const storeText = storeHealth.writable
    ? `Baseline store writable (${storeHealth.baselines} baselines${storeHealth.corrupt ? `, ${storeHealth.corrupt} corrupt` : ''})`
    : `Baseline store ${storeHealth.directory} is not writable: ${storeHealth.error}`;
  const upstreamTexts = (Object.keys(upstreams) as UpstreamTarget[]).map((t) => `${LIVE_SOURCE_NAMES[t]}: ${upstreams[t].detail}`);
  const healthy = storeHealth.writable && Object.values(upstreams).every((u) => !u.configured || u.reachable);
  const ignored = ignoredSettings(settings.jsonData);
  const ignoredText = ignoredSettingsWarning(ignored);
  return {
    status: healthy ? 'OK' : 'ERROR',
    message: [storeText, ...upstreamTexts, ...(bindingText ? [bindingText.message] : []), ...(ignoredText ? [ignoredText] : [])].join('. '),
    details: {
      store: storeHealth,
      upstreams,
      ...(ignored.length > 0 ? { ignoredSettings: ignored } : {}),
      ...(bindings ? { bindings } : {}),
      ...(bindingText && bindingText.verbose.length > 0 ? { verboseMessage: bindingText.verbose.join('\n') } : {}),
    },
  };
}
