/**
 * The demo model service: plain `node:http`, one process serving every model version.
 *
 *   POST /predict  {"features": {...}, "version"?: "v1"}  → {"requestId", "model", "version", "prediction", "probability"}
 *   POST /label    {"requestId", "label"}                  → 202 (the outcome is counted) or 404 (unknown/expired id)
 *   GET  /metrics                                          → Prometheus text format
 *   POST /alerts   Grafana webhook contact point payload   → logged; GET /alerts lists the latest notifications
 *   GET  /healthz
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChurnClassifier } from './classifier';
import type { ElasticsearchSink } from './elasticsearchSink';
import type { ModelInstrumentation } from './instrumentation';
import { HttpError, readJson, send, sendJson } from './http';
import type { OutputModelService } from './outputModels';
import { PendingRequests } from './pendingRequests';
import { parseLabelRequest, parsePredictRequest } from './request';
import { Random } from '../data/random';

export interface ServedVersion {
  version: string;
  classifier: ChurnClassifier;
  trafficShare: number;
}

export interface ModelServerOptions {
  model: string;
  versions: readonly ServedVersion[];
  instrumentation: ModelInstrumentation;
  sink?: ElasticsearchSink;
  /** Mean extra latency to look like a real model (0 in tests). */
  inferenceDelayMs?: number;
  /** Predictions older than this stop waiting for their label. */
  labelTtlMs?: number;
  maxPendingLabels?: number;
  routingSeed?: number;
  log?: (line: string) => void;
  /** Models whose output is a number, served under `/<name>/predict` and `/<name>/label`. */
  outputModels?: ReadonlyArray<Pick<OutputModelService<unknown>, 'name' | 'predict' | 'label'>>;
}

interface PendingLabel {
  version: string;
  predicted: string;
}

export interface AlertNotification {
  receivedAt: string;
  status: string;
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

const KEPT_NOTIFICATIONS = 100;

export class ModelServer {
  private readonly server: http.Server;
  private readonly pending: PendingRequests<PendingLabel>;
  private readonly random: Random;
  private readonly notifications: AlertNotification[] = [];
  private readonly log: (line: string) => void;

  constructor(private readonly options: ModelServerOptions) {
    this.random = new Random(options.routingSeed ?? 7);
    this.pending = new PendingRequests(options.labelTtlMs ?? 600_000, options.maxPendingLabels ?? 200_000);
    this.log = options.log ?? ((line) => console.log(line));
    this.server = http.createServer((request, response) => void this.handle(request, response));
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.options.sink?.stop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const route = `${request.method} ${(request.url ?? '/').split('?')[0]}`;
    try {
      switch (route) {
        case 'POST /predict':
          return await this.predict(request, response);
        case 'POST /label':
          return await this.label(request, response);
        case 'GET /metrics':
          return send(
            response,
            200,
            await this.options.instrumentation.render(),
            this.options.instrumentation.registry.contentType
          );
        case 'POST /alerts':
          return await this.receiveAlerts(request, response);
        case 'GET /alerts':
          return sendJson(response, 200, this.notifications);
        case 'GET /healthz':
          return sendJson(response, 200, {
            status: 'ok',
            versions: this.options.versions.map((v) => v.version),
            outputModels: (this.options.outputModels ?? []).map((m) => m.name),
          });
        default:
          return await this.serveOutputModel(route, request, response);
      }
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) {
        this.log(`error on ${route}: ${(error as Error).stack ?? String(error)}`);
      }
      sendJson(response, status, { error: (error as Error).message });
    }
  }

  private async serveOutputModel(route: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const [, method, name, action] = /^(\w+) \/([^/]+)\/(predict|label)$/.exec(route) ?? [];
    const model = this.options.outputModels?.find((candidate) => candidate.name === name);
    if (method !== 'POST' || !model) {
      return sendJson(response, 404, { error: `no route ${route}` });
    }
    const body = await readJson(request);
    const answer = action === 'predict' ? model.predict(body) : model.label(body);
    sendJson(response, answer.status, answer.body);
  }

  private async predict(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const { model, instrumentation } = this.options;
    const started = process.hrtime.bigint();
    instrumentation.inFlight.inc({ model });
    let version = 'unknown';
    let code = 500;
    try {
      const parsed = parsePredictRequest(await readJson(request));
      if (!parsed.ok) {
        throw new HttpError(400, parsed.error);
      }
      const served = this.route(parsed.value.version);
      version = served.version;
      await this.simulateInference();
      instrumentation.recordFeatures(version, parsed.value.numeric, parsed.value.features);
      const { predicted, probability } = served.classifier.predict(parsed.value.features);
      instrumentation.recordPrediction(version, predicted);
      const requestId = randomUUID();
      this.pending.remember(requestId, { version, predicted });
      instrumentation.pendingLabels.set({ model }, this.pending.size);
      this.options.sink?.logPrediction({
        requestId,
        timestamp: new Date(),
        model,
        version,
        features: parsed.value.features,
        prediction: predicted,
        probability,
      });
      code = 200;
      sendJson(response, 200, { requestId, model, version, prediction: predicted, probability });
    } catch (error) {
      code = error instanceof HttpError ? error.status : 500;
      throw error;
    } finally {
      instrumentation.inFlight.dec({ model });
      instrumentation.requests.inc({ model, version, code: String(code) });
      if (version !== 'unknown') {
        instrumentation.latency.observe({ model, version }, Number(process.hrtime.bigint() - started) / 1e9);
      }
    }
  }

  private route(requested: string | undefined): ServedVersion {
    const { versions } = this.options;
    if (requested !== undefined) {
      const pinned = versions.find((v) => v.version === requested);
      if (!pinned) {
        throw new HttpError(
          400,
          `unknown version "${requested}"; served: ${versions.map((v) => v.version).join(', ')}`
        );
      }
      return pinned;
    }
    return this.random.pick(versions.map((v) => ({ value: v, weight: v.trafficShare })));
  }

  private async simulateInference(): Promise<void> {
    const mean = this.options.inferenceDelayMs ?? 0;
    if (mean > 0) {
      const delay = mean * 0.5 + this.random.exponential(mean * 0.5);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async label(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const { model, instrumentation } = this.options;
    const parsed = parseLabelRequest(await readJson(request));
    if (!parsed.ok) {
      throw new HttpError(400, parsed.error);
    }
    const entry = this.pending.take(parsed.value.requestId);
    instrumentation.pendingLabels.set({ model }, this.pending.size);
    if (!entry) {
      instrumentation.unmatchedLabels.inc({ model });
      throw new HttpError(404, `unknown or expired request id "${parsed.value.requestId}"`);
    }
    instrumentation.recordOutcome(entry.version, parsed.value.label, entry.predicted);
    this.options.sink?.logLabel(parsed.value.requestId, parsed.value.label);
    sendJson(response, 202, { requestId: parsed.value.requestId, matched: true });
  }

  private async receiveAlerts(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const body = await readJson(request);
    const notification = toNotification(body);
    this.options.instrumentation.alertsReceived.inc({ status: notification.status });
    for (const alert of notification.alerts) {
      const name = alert.labels.alertname ?? '(unnamed)';
      const summary = alert.annotations.summary ?? alert.annotations.description ?? '';
      this.log(`ALERT ${alert.status.toUpperCase()} ${name} ${JSON.stringify(alert.labels)} ${summary}`.trim());
    }
    this.notifications.push(notification);
    this.notifications.splice(0, Math.max(0, this.notifications.length - KEPT_NOTIFICATIONS));
    sendJson(response, 200, { received: notification.alerts.length });
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  );
}

/** Grafana's webhook payload (Alertmanager-compatible): `status` and `alerts[]` with labels and annotations. */
function toNotification(body: unknown): AlertNotification {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const alerts = Array.isArray(record.alerts) ? record.alerts : [];
  return {
    receivedAt: new Date().toISOString(),
    status: typeof record.status === 'string' ? record.status : 'unknown',
    alerts: alerts.map((alert: unknown) => {
      const a = typeof alert === 'object' && alert !== null ? (alert as Record<string, unknown>) : {};
      return {
        status: typeof a.status === 'string' ? a.status : 'unknown',
        labels: stringRecord(a.labels),
        annotations: stringRecord(a.annotations),
      };
    }),
  };
}
