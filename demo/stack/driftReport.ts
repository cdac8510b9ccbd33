/**
 * Drift in the terminal, for `npm run demo:local` without Grafana: the built backend executable, driven through
 * the plugin protocol like Grafana drives it, answers the provisioned alert rules' queries over a short window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accuracyValue, normalisedScores } from './frames';
import { accuracyRule, featureDriftRule, withWindow } from './ruleQueries';
import type { DriftQuery } from '../../src/shared/queryModel';
import { PluginHost } from '../../tests/harness/pluginHost';

export interface DriftReporterOptions {
  prometheusUrl: string;
  baselineDirectory: string;
  /** `model@version`. */
  baselineId: string;
  /** A Prometheus duration. */
  window: string;
}

export class DriftReporter {
  private constructor(
    private readonly host: PluginHost,
    private readonly dataDirectory: string,
    private readonly options: DriftReporterOptions
  ) {}

  static async start(options: DriftReporterOptions): Promise<DriftReporter> {
    const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'mlops-demo-grafana-'));
    return new DriftReporter(await PluginHost.start({ dataDir: dataDirectory }), dataDirectory, options);
  }

  /** One line: each feature's score divided by its threshold (above 1 is drift) and the accuracy. */
  async report(): Promise<string> {
    const [drift, performance] = await Promise.all([
      this.query(featureDriftRule().model),
      this.query(accuracyRule().model),
    ]);
    const [model] = this.options.baselineId.split('@');
    const features = [...normalisedScores(drift.frames)]
      .map(([feature, score]) => `${feature} ${score.toFixed(2)}${score > 1 ? ' DRIFT' : ''}`)
      .join(' · ');
    const accuracy = accuracyValue(performance.frames, model);
    const problems = [drift.error, performance.error].filter((e) => e !== '').join('; ');
    return (
      `drift vs ${this.options.baselineId} over ${this.options.window} (score ÷ threshold): ${features || 'no data yet'}` +
      ` | accuracy ${Number.isFinite(accuracy) ? accuracy.toFixed(3) : 'n/a'}${problems ? ` | ${problems}` : ''}`
    );
  }

  async stop(): Promise<void> {
    await this.host.dispose();
    rmSync(this.dataDirectory, { recursive: true, force: true });
  }

  private async query(rule: Partial<DriftQuery>) {
    const toMs = Date.now() - 1000;
    const model = withWindow(rule, this.options.baselineId, this.options.window);
    const answers = await this.host.queryData(
      [{ refId: 'A', json: { ...model, refId: 'A' }, timeRange: { fromEpochMS: toMs - 60_000, toEpochMS: toMs } }],
      {
        datasource: {
          uid: 'mlops-drift',
          jsonData: {
            prometheusUrl: this.options.prometheusUrl,
            provisionedBaselineDirectory: this.options.baselineDirectory,
          },
        },
        headers: { FromAlert: 'true' },
      }
    );
    return answers.A;
  }
}
