/**
 * Writes the demo model's training data as CSV, the input of `mldrift baseline build`: the features, the true
 * `label` and the `prediction` of one model version (the same rows for every version, scored by that version).
 * Deterministic: the same files on every run.
 *
 *   npx tsx demo/data/generate.ts [directory]      (default demo/data: train.csv for v1, train-v2.csv, …)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORICAL_FEATURES, type FeatureRow, type LabelledRow, NUMERIC_FEATURES, trainingRows } from './dataset';
import { MODEL_VERSIONS, trainAllVersions } from '../model/versions';

export const DEFAULT_DATA_DIRECTORY = __dirname;

/** The production version's file keeps the plain name; challengers get a suffix. */
export function trainingCsvName(version: string): string {
  return version === MODEL_VERSIONS[0].version ? 'train.csv' : `train-${version}.csv`;
}

function csvCell(value: FeatureRow[keyof FeatureRow]): string {
  return value === null || value === undefined ? '' : String(value);
}

export function trainingCsv(version: string, rows: readonly LabelledRow[] = trainingRows()): string {
  const model = trainAllVersions().get(version);
  if (!model) {
    throw new Error(`unknown model version "${version}"`);
  }
  const featureColumns = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES];
  const lines = [[...featureColumns, 'label', 'prediction'].join(',')];
  for (const row of rows) {
    const cells = featureColumns.map((column) => csvCell(row.features[column]));
    lines.push([...cells, row.label, model.predict(row.features).predicted].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes one CSV per model version into `directory`; returns the files by version. */
export function writeTrainingCsvs(directory = DEFAULT_DATA_DIRECTORY): Map<string, string> {
  const rows = trainingRows();
  const files = new Map<string, string>();
  for (const { version } of MODEL_VERSIONS) {
    const file = path.join(directory, trainingCsvName(version));
    writeFileSync(file, trainingCsv(version, rows));
    files.set(version, file);
  }
  return files;
}

if (require.main === module) {
  for (const [version, file] of writeTrainingCsvs(process.argv[2] ?? DEFAULT_DATA_DIRECTORY)) {
    console.log(`wrote ${file} (${version})`);
  }
}
