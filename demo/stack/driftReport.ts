/**
 * Drift in the terminal, for `npm run demo:local` without Grafana: the built backend executable, driven through
 * the plugin protocol like Grafana drives it, answers the provisioned alert rules' queries over a short window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accuracyValue, metricValue, normalisedScores } from './frames';
import { REPOSITORY_ROOT } from './processes';
import { accuracyRule, featureDriftRule, performanceRule, withWindow } from './ruleQueries';
import { SPEND_MODEL_NAME, SPEND_VERSION } from '../data/spend';
import { UPSELL_MODEL_NAME, UPSELL_VERSION } from '../data/upsell';
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

  /**
   * One line: each feature's score divided by its threshold (above 1 is drift) and the accuracy; then the output
   * models' rule values (upsell's estimated accuracy, spend's mean absolute error).
   */
  async report(): Promise<string> {
    const upsellId = `${UPSELL_MODEL_NAME}@${UPSELL_VERSION}`;
    const spendId = `${SPEND_MODEL_NAME}@${SPEND_VERSION}`;
    const [drift, performance, upsell, spend] = await Promise.all([
      this.query(featureDriftRule().model),
      this.query(accuracyRule().model),
      this.query(performanceRule(upsellId, 'estimated_accuracy').model, upsellId),
      this.query(performanceRule(spendId, 'mae').model, spendId),
    ]);
    const [model] = this.options.baselineId.split('@');
    const features = [...normalisedScores(drift.frames)]
      .map(([feature, score]) => `${feature} ${score.toFixed(2)}${score > 1 ? ' DRIFT' : ''}`)
      .join(' · ');
    const accuracy = accuracyValue(performance.frames, model);
    const shown = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
    const estimatedAccuracy = metricValue(upsell.frames, 'estimated_accuracy', UPSELL_MODEL_NAME);
    const meanAbsoluteError = metricValue(spend.frames, 'mae', SPEND_MODEL_NAME);
    const problems = [drift, performance, upsell, spend].map((answer) => answer.error).filter((e) => e !== '').join('; ');
    return (
      `drift vs ${this.options.baselineId} over ${this.options.window} (score ÷ threshold): ${features || 'no data yet'}` +
      ` | accuracy ${shown(accuracy, 3)} | ${upsellId} estimated accuracy ${shown(estimatedAccuracy, 3)}` +
      ` | ${spendId} MAE ${shown(meanAbsoluteError, 2)}${problems ? ` | ${problems}` : ''}`
    );
  }

  async stop(): Promise<void> {
    await this.host.dispose();
    rmSync(this.dataDirectory, { recursive: true, force: true });
  }

  private async query(rule: Partial<DriftQuery>, baselineId = this.options.baselineId) {
    const toMs = Date.now() - 1000;
    const model = withWindow(rule, baselineId, this.options.window);
    const answers = await this.host.queryData(
      [{ refId: 'A', json: { ...model, refId: 'A' }, timeRange: { fromEpochMS: toMs - 60_000, toEpochMS: toMs } }],
      {
        datasource: {
          uid: 'mlops-drift',
          jsonData: {
            prometheusUrl: this.options.prometheusUrl,
            provisionedBaselineDirectory: this.options.baselineDirectory,
            provisionedBindingDirectory: path.join(REPOSITORY_ROOT, 'provisioning', 'bindings'),
          },
        },
        headers: { FromAlert: 'true' },
      }
    );
    return answers.A;
  }
}
