/**
 * Reads the baselines built by `mldrift` for the served versions. The service instruments its numeric features
 * with exactly these bucket edges, so what Prometheus stores and what the baseline holds are directly comparable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BaselineDocument, NumericBaselineFeature } from '../../src/drift/types';

export const DEFAULT_BASELINE_DIRECTORY = path.join(__dirname, '..', '..', 'provisioning', 'baselines');

export function baselineFileName(model: string, version: string): string {
  return `${model}@${version}.json`;
}

/** Upper bounds of every numeric feature of the baseline, by feature name. */
export function numericEdges(baseline: BaselineDocument): Map<string, number[]> {
  return new Map(
    baseline.features
      .filter((feature): feature is NumericBaselineFeature => feature.kind === 'numeric')
      .map((feature) => [feature.name, feature.histogram.upperBounds])
  );
}

export function loadBaseline(directory: string, model: string, version: string): BaselineDocument {
  const file = path.join(directory, baselineFileName(model, version));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the baseline ${file} (${(error as Error).message}); build it with: npx tsx demo/data/build-baselines.ts`
    );
  }
  const document = JSON.parse(text) as BaselineDocument;
  if (document.model !== model || document.version !== version || !Array.isArray(document.features)) {
    throw new Error(`${file} is not the baseline of ${model}@${version}`);
  }
  for (const [name, bounds] of numericEdges(document)) {
    if (!Array.isArray(bounds) || bounds.some((bound) => !Number.isFinite(bound))) {
      throw new Error(`${file}: feature "${name}" has no valid histogram bounds`);
    }
  }
  return document;
}
