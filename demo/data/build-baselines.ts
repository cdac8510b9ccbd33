/**
 * Regenerates the demo's training data and builds one baseline per model version with the `mldrift` CLI, into
 * `provisioning/baselines/<model>@<version>.json` (committed: Grafana and the model service read them).
 *
 *   npx tsx demo/data/build-baselines.ts [output directory]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORICAL_FEATURES, MODEL_NAME } from './dataset';
import { spendTrainingCsv, upsellTrainingCsv, writeTrainingCsvs } from './generate';
import { SPEND_MODEL_NAME, SPEND_VERSION } from './spend';
import { UPSELL_MODEL_NAME, UPSELL_POSITIVE, UPSELL_VERSION } from './upsell';
import { SPEND_BUCKETS, UPSELL_SCORE_BUCKETS } from '../model/outputModels';
import { DEFAULT_BASELINE_DIRECTORY, baselineFileName } from '../model/baselines';

export const REPOSITORY_ROOT = path.join(__dirname, '..', '..');
export const THRESHOLD_CHUNKS = 20;

function buildCommand(input: string, model: string, version: string, output: string): string[] {
  return ['baseline', 'build', '--input', input, '--model', model, '--version', version, '--output', output];
}

/** `mldrift baseline build` arguments for one version's training CSV. */
export function baselineBuildArguments(input: string, version: string, output: string): string[] {
  return [
    ...buildCommand(input, MODEL_NAME, version, output),
    '--categorical',
    CATEGORICAL_FEATURES.join(','),
    '--prediction',
    'prediction',
    '--label',
    'label',
    // Thresholds from 20 reference chunks of 1000 rows: calibrated for live windows of 1000 predictions or more
    // (the demo's 15-minute windows hold about 14 000; the end-to-end test's 30-second windows about 4 000).
    '--chunks',
    String(THRESHOLD_CHUNKS),
  ];
}

/**
 * The output models' baselines (`demo/model/outputModels.ts`): their prediction histograms on the buckets the
 * service exports, so live and baseline buckets match exactly.
 */
const OUTPUT_MODEL_BASELINES = [
  {
    model: UPSELL_MODEL_NAME,
    version: UPSELL_VERSION,
    csvName: 'train-upsell.csv',
    csv: upsellTrainingCsv,
    options: [
      '--categorical',
      [...CATEGORICAL_FEATURES, 'accepted'].join(','),
      '--prediction',
      'probability',
      '--edges',
      `probability=${UPSELL_SCORE_BUCKETS.join(',')}`,
      '--label',
      'accepted',
      // The score histograms by actual class: the reference of ROC AUC, PR AUC and calibration.
      '--score',
      'probability',
      '--positive-class',
      UPSELL_POSITIVE,
      '--score-edges',
      UPSELL_SCORE_BUCKETS.join(','),
    ],
  },
  {
    model: SPEND_MODEL_NAME,
    version: SPEND_VERSION,
    csvName: 'train-spend.csv',
    csv: spendTrainingCsv,
    options: [
      '--categorical',
      CATEGORICAL_FEATURES.join(','),
      '--prediction',
      'predicted_spend',
      '--edges',
      `predicted_spend=${SPEND_BUCKETS.join(',')}`,
      '--label',
      'spend',
    ],
  },
];

/** Runs the CLI from this checkout (as `npm run mldrift` does); throws with its output on failure. */
export function runMldrift(args: readonly string[]): string {
  const tsx = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [path.join(REPOSITORY_ROOT, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `mldrift ${args.slice(0, 2).join(' ')} failed (exit ${result.status}):\n${result.stderr}${result.stdout}`
    );
  }
  return result.stdout;
}

/** Writes the training CSVs into `dataDirectory` and the baselines into `baselineDirectory`; returns the baseline files. */
export function buildBaselines(
  baselineDirectory = DEFAULT_BASELINE_DIRECTORY,
  dataDirectory = __dirname,
  log: (line: string) => void = () => undefined
): string[] {
  mkdirSync(baselineDirectory, { recursive: true });
  const outputs: string[] = [];
  for (const [version, csv] of writeTrainingCsvs(dataDirectory)) {
    const output = path.join(baselineDirectory, baselineFileName(MODEL_NAME, version));
    log(runMldrift(baselineBuildArguments(csv, version, output)));
    outputs.push(output);
  }
  for (const { model, version, csvName, csv, options } of OUTPUT_MODEL_BASELINES) {
    const input = path.join(dataDirectory, csvName);
    writeFileSync(input, csv());
    const output = path.join(baselineDirectory, baselineFileName(model, version));
    log(runMldrift([...buildCommand(input, model, version, output), ...options, '--chunks', String(THRESHOLD_CHUNKS)]));
    outputs.push(output);
  }
  return outputs;
}

if (require.main === module) {
  for (const file of buildBaselines(process.argv[2] ?? DEFAULT_BASELINE_DIRECTORY, __dirname, (line) =>
    console.log(line)
  )) {
    console.log(`wrote ${file}`);
  }
}
