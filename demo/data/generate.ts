/**
 * Writes the demo model's training data, scored by every model version, as CSV: the input of `mldrift baseline
 * build`. Deterministic: the same file on every run.
 *
 *   npx tsx demo/data/generate.ts [output.csv]      (default demo/data/train.csv)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORICAL_FEATURES, type FeatureRow, type LabelledRow, NUMERIC_FEATURES, trainingRows } from './dataset';
import { MODEL_VERSIONS, trainAllVersions } from '../model/versions';

export const DEFAULT_TRAINING_CSV = path.join(__dirname, 'train.csv');

export function predictionColumn(version: string): string {
  return `prediction_${version}`;
}

function csvCell(value: FeatureRow[keyof FeatureRow]): string {
  return value === null || value === undefined ? '' : String(value);
}

export function trainingCsv(rows: readonly LabelledRow[] = trainingRows()): string {
  const models = trainAllVersions();
  const featureColumns = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES];
  const header = [...featureColumns, 'label', ...MODEL_VERSIONS.map((spec) => predictionColumn(spec.version))];
  const lines = [header.join(',')];
  for (const row of rows) {
    const predictions = MODEL_VERSIONS.map((spec) => models.get(spec.version)!.predict(row.features).predicted);
    lines.push([...featureColumns.map((c) => csvCell(row.features[c])), row.label, ...predictions].join(','));
  }
  return lines.join('\n') + '\n';
}

export function writeTrainingCsv(output = DEFAULT_TRAINING_CSV): string {
  writeFileSync(output, trainingCsv());
  return output;
}

if (require.main === module) {
  console.log(`wrote ${writeTrainingCsv(process.argv[2] ?? DEFAULT_TRAINING_CSV)}`);
}
