/**
 * `npm run demo:local`: the demo without Docker. Runs the demo model and the traffic generator as Node processes
 * and a local Prometheus (the Debian package) scraping the model, then waits for Ctrl-C.
 *
 * Env: MODEL_PORT (8000), TIME_SCALE (10: drift after one minute of wall clock with
 * DRIFT_AFTER_SECONDS=600), DRIFT_AFTER_SECONDS (600), REQUESTS_PER_SECOND (20), ES_URL (optional).
 * With the backend built, it prints every 10 s what the provisioned alert rules would see (over REPORT_WINDOW, 1m),
 * answered by the backend executable itself. Point a Grafana's "ML Drift" datasource at the printed Prometheus URL
 * and at provisioning/baselines to see the dashboards.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MODEL_NAME } from './data/dataset';
import { buildBaselines } from './data/build-baselines';
import { DEFAULT_BASELINE_DIRECTORY, baselineFileName } from './model/baselines';
import { MODEL_VERSIONS } from './model/versions';
import { DriftReporter } from './stack/driftReport';
import { type ManagedProcess, REPOSITORY_ROOT, startTsx, waitUntilReady } from './stack/processes';
import { executablePath } from '../tests/harness/pluginHost';
import { type PromServer, prometheusAvailable, startPrometheus } from '../tests/prometheus/promServer';

async function main(): Promise<void> {
  const modelPort = Number(process.env.MODEL_PORT ?? 8000);
  if (!prometheusAvailable()) {
    throw new Error(
      'Prometheus is not installed: apt-get install -y prometheus (or set PROMETHEUS_BIN and PROMTOOL_BIN)'
    );
  }
  const missing = MODEL_VERSIONS.filter(
    (spec) => !existsSync(path.join(DEFAULT_BASELINE_DIRECTORY, baselineFileName(MODEL_NAME, spec.version)))
  );
  if (missing.length > 0) {
    console.log('building the demo baselines with mldrift …');
    buildBaselines();
  }

  const children: ManagedProcess[] = [];
  let prometheus: PromServer | undefined;
  let reporter: DriftReporter | undefined;
  const shutdown = async (code: number): Promise<never> => {
    await reporter?.stop();
    for (const child of children.reverse()) {
      await child.stop();
    }
    await prometheus?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const model = startTsx('model', 'demo/model/main.ts', {
      echo: true,
      env: { PORT: String(modelPort), HOST: '127.0.0.1', BASELINE_DIR: DEFAULT_BASELINE_DIRECTORY },
    });
    children.push(model);
    await model.waitForLine(/listening on/, 60_000);
    await waitUntilReady(`http://127.0.0.1:${modelPort}/healthz`, 10_000);

    prometheus = await startPrometheus({
      scrapeTargets: [{ address: `127.0.0.1:${modelPort}`, jobName: 'demo-model' }],
      scrapeIntervalSeconds: 1,
    });

    const traffic = startTsx('traffic', 'demo/traffic/main.ts', {
      echo: true,
      env: {
        TARGET_URL: `http://127.0.0.1:${modelPort}`,
        TIME_SCALE: process.env.TIME_SCALE ?? '10',
        DRIFT_AFTER_SECONDS: process.env.DRIFT_AFTER_SECONDS ?? '600',
        REQUESTS_PER_SECOND: process.env.REQUESTS_PER_SECOND ?? '20',
      },
    });
    children.push(traffic);
    await traffic.waitForLine(/^traffic: \d/, 30_000);

    console.log(
      [
        '',
        'ML Monitor local demo is running:',
        `  model       http://127.0.0.1:${modelPort}  (/predict, /label, /metrics, /alerts)`,
        `  prometheus  ${prometheus.url}  (try: sum by (feature) (rate(model_feature_value_count[1m])))`,
        `  baselines   ${DEFAULT_BASELINE_DIRECTORY}`,
        'Point the ML Drift datasource of a Grafana at this Prometheus, set its provisioned baseline directory to the',
        `baselines folder and its provisioned binding directory to ${path.join(REPOSITORY_ROOT, 'provisioning', 'bindings')}`,
        '(the upsell and spend models are read through bindings). Ctrl-C stops everything.',
        '',
      ].join('\n')
    );
    if (existsSync(executablePath())) {
      reporter = await DriftReporter.start({
        prometheusUrl: prometheus.url,
        baselineDirectory: DEFAULT_BASELINE_DIRECTORY,
        baselineId: `${MODEL_NAME}@${MODEL_VERSIONS[0].version}`,
        window: process.env.REPORT_WINDOW ?? '1m',
      });
      const activeReporter = reporter;
      setInterval(() => {
        activeReporter.report().then(
          (line) => console.log(`[drift] ${line}`),
          (error: Error) => console.log(`[drift] ${error.message}`)
        );
      }, 10_000);
    } else {
      console.log(`(build the backend with "npm run build:backend" to see drift here: ${executablePath()} is missing)`);
    }
  } catch (error) {
    console.error(`demo:local failed: ${(error as Error).message}`);
    await shutdown(1);
  }
}

main().catch((error: Error) => {
  console.error(`demo:local failed: ${error.message}`);
  process.exit(1);
});
