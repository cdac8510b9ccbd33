/**
 * Sends the planned traffic to the demo model and delivers late labels. `timeScale` accelerates the clock: with
 * 10, ten demo seconds (rates, drift time, label delays) pass in one wall-clock second.
 */
import { Random } from '../data/random';
import { SPEND_MODEL_NAME } from '../data/spend';
import { UPSELL_MODEL_NAME } from '../data/upsell';
import { type TrafficOptions, isDrifted, meanRate, planRequest, poisson } from './plan';

export interface GeneratorOptions extends TrafficOptions {
  targetUrl: string;
  timeScale: number;
  seed: number;
  /** Requests allowed in flight; beyond it a tick's requests are skipped (and counted) rather than queued. */
  maxInFlight: number;
  log: (line: string) => void;
  /** Also send each request to the output models (`/upsell`, `/spend`) and their actual values with the label. */
  outputModels: boolean;
}

/** The demo's output models: each one's name is its route prefix and the key of the request's outcome it is told. */
const OUTPUT_MODELS = [UPSELL_MODEL_NAME, SPEND_MODEL_NAME] as const;

export interface GeneratorStats {
  sent: number;
  failed: number;
  skipped: number;
  labelled: number;
  drifted: boolean;
}

const TICK_MS = 100;

export class TrafficGenerator {
  private readonly random: Random;
  private readonly stats: GeneratorStats = { sent: 0, failed: 0, skipped: 0, labelled: 0, drifted: false };
  private inFlight = 0;
  private startedAt = 0;
  private ticker?: NodeJS.Timeout;
  private reporter?: NodeJS.Timeout;
  private readonly labelTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: GeneratorOptions) {
    this.random = new Random(options.seed);
  }

  /** Demo seconds since start. */
  demoTime(): number {
    return ((Date.now() - this.startedAt) / 1000) * this.options.timeScale;
  }

  start(): void {
    this.startedAt = Date.now();
    const o = this.options;
    o.log(
      `traffic: ${o.requestsPerSecond} req/s (demo time) to ${o.targetUrl}, time scale ×${o.timeScale}, ` +
        `drift after ${o.driftAfterSeconds} demo s (${(o.driftAfterSeconds / o.timeScale).toFixed(1)} s wall clock)`
    );
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.reporter = setInterval(() => o.log(`traffic: ${JSON.stringify(this.stats)}`), 10_000);
  }

  stop(): void {
    clearInterval(this.ticker);
    clearInterval(this.reporter);
    for (const timer of this.labelTimers) {
      clearTimeout(timer);
    }
    this.labelTimers.clear();
  }

  getStats(): GeneratorStats {
    return { ...this.stats };
  }

  private tick(): void {
    const t = this.demoTime();
    if (!this.stats.drifted && isDrifted(this.options, t)) {
      this.stats.drifted = true;
      this.options.log(
        `traffic: drift injected at demo t=${t.toFixed(0)} s (income shift, new country, concept change)`
      );
    }
    const demoSecondsPerTick = (TICK_MS / 1000) * this.options.timeScale;
    const count = poisson(this.random, meanRate(this.options, t) * demoSecondsPerTick);
    for (let i = 0; i < count; i++) {
      if (this.inFlight >= this.options.maxInFlight) {
        this.stats.skipped += count - i;
        return;
      }
      void this.send(t);
    }
  }

  private async send(t: number): Promise<void> {
    const planned = planRequest(this.random, this.options, t);
    const outputModels = this.options.outputModels ? OUTPUT_MODELS : [];
    this.inFlight++;
    try {
      const [churn, ...outputs] = await Promise.all([
        this.predict('', planned.body),
        ...outputModels.map((model) => this.predict(`/${model}`, planned.body)),
      ]);
      if (planned.label === undefined) {
        return;
      }
      const deliveries: Array<[string, Record<string, unknown>]> = [];
      if (churn !== undefined) {
        deliveries.push(['/label', { requestId: churn, label: planned.label }]);
      }
      outputModels.forEach((model, i) => {
        if (outputs[i] !== undefined) {
          deliveries.push([`/${model}/label`, { requestId: outputs[i], actual: planned.outcomes[model] }]);
        }
      });
      const timer = setTimeout(
        () => {
          this.labelTimers.delete(timer);
          for (const [route, body] of deliveries) {
            void this.deliverLabel(route, body);
          }
        },
        (planned.labelDelaySeconds * 1000) / this.options.timeScale
      );
      this.labelTimers.add(timer);
    } finally {
      this.inFlight--;
    }
  }

  /** The request id of a served prediction; undefined when the request failed or was refused (malformed on purpose). */
  private async predict(prefix: string, body: unknown): Promise<string | undefined> {
    try {
      const response = await post(`${this.options.targetUrl}${prefix}/predict`, body);
      this.stats.sent++;
      if (!response.ok) {
        this.stats.failed += response.status >= 500 ? 1 : 0;
        await response.arrayBuffer();
        return undefined;
      }
      return ((await response.json()) as { requestId: string }).requestId;
    } catch {
      this.stats.failed++;
      return undefined;
    }
  }

  private async deliverLabel(route: string, body: Record<string, unknown>): Promise<void> {
    try {
      const response = await post(`${this.options.targetUrl}${route}`, body);
      await response.arrayBuffer();
      if (response.ok) {
        this.stats.labelled++;
      }
    } catch {
      this.stats.failed++;
    }
  }
}

function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}
