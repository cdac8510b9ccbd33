/**
 * Regenerates the demo's training data and builds one baseline per model version with the `mldrift` CLI, into
 * `provisioning/baselines/<model>@<version>.json` (committed: Grafana and the model service read them).
 *
 *   npx tsx demo/data/build-baselines.ts [output directory]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { CATEGORICAL_FEATURES, MODEL_NAME } from './dataset';
import { writeTrainingCsvs } from './generate';
import { DEFAULT_BASELINE_DIRECTORY, baselineFileName } from '../model/baselines';

export const REPOSITORY_ROOT = path.join(__dirname, '..', '..');
export const THRESHOLD_CHUNKS = 20;

/** `mldrift baseline build` arguments for one version's training CSV. */
export function baselineBuildArguments(input: string, version: string, output: string): string[] {
  return [
    'baseline',
    'build',
    '--input',
    input,
    '--model',
    MODEL_NAME,
    '--version',
    version,
    '--output',
    output,
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
  return outputs;
}

if (require.main === module) {
  for (const file of buildBaselines(process.argv[2] ?? DEFAULT_BASELINE_DIRECTORY, __dirname, (line) =>
    console.log(line)
  )) {
    console.log(`wrote ${file}`);
  }
}
