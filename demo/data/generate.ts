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
import { trainUpsell, upsellScore } from '../model/outputModels';
import { SpendRegressor } from '../model/regressor';
import { spendTrainingRows } from './spend';
import { upsellTrainingRows } from './upsell';

export const DEFAULT_DATA_DIRECTORY = __dirname;

/** The production version's file keeps the plain name; challengers get a suffix. */
export function trainingCsvName(version: string): string {
  return version === MODEL_VERSIONS[0].version ? 'train.csv' : `train-${version}.csv`;
}

function csvCell(value: FeatureRow[keyof FeatureRow] | number): string {
  return value === null || value === undefined ? '' : String(value);
}

const FEATURE_COLUMNS = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES];

/** The feature columns of `rows`, then one column per entry of `extra` (its name and value per row). */
function featureCsv<Row extends { features: FeatureRow }>(
  rows: readonly Row[],
  extra: Record<string, (row: Row) => string | number>
): string {
  const extraColumns = Object.entries(extra);
  const lines = [[...FEATURE_COLUMNS, ...extraColumns.map(([name]) => name)].join(',')];
  for (const row of rows) {
    const cells = FEATURE_COLUMNS.map((column) => csvCell(row.features[column]));
    lines.push([...cells, ...extraColumns.map(([, value]) => csvCell(value(row)))].join(','));
  }
  return lines.join('\n') + '\n';
}

export function trainingCsv(version: string, rows: readonly LabelledRow[] = trainingRows()): string {
  const model = trainAllVersions().get(version);
  if (!model) {
    throw new Error(`unknown model version "${version}"`);
  }
  return featureCsv(rows, { label: (row) => row.label, prediction: (row) => model.predict(row.features).predicted });
}

/** The upsell model's training data: features, the outcome `accepted` (1 or 0) and the model's `probability`. */
export function upsellTrainingCsv(): string {
  const weights = trainUpsell();
  return featureCsv(upsellTrainingRows(), {
    accepted: (row) => row.accepted,
    probability: (row) => upsellScore(weights, row.features),
  });
}

/** The spend model's training data: features, the actual `spend` and the model's `predicted_spend`. */
export function spendTrainingCsv(): string {
  const rows = spendTrainingRows();
  const model = SpendRegressor.train(rows);
  return featureCsv(rows, { spend: (row) => row.spend, predicted_spend: (row) => model.predict(row.features) });
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
