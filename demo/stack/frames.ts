/** Reading the backend's answers (Arrow tables decoded by the plugin harness) in the demo and its e2e test. */
import type { Table } from 'apache-arrow';

/** The labels Grafana's frame format keeps in a field's metadata. */
export function fieldLabels(table: Table, index: number): Record<string, string> {
  const text = table.schema.fields[index].metadata.get('labels');
  return text ? (JSON.parse(text) as Record<string, string>) : {};
}

/** The last value of every field named `name`, keyed by the value of its label `label`. */
export function lastValues(frames: readonly Table[], name: string, label: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const table of frames) {
    table.schema.fields.forEach((field, index) => {
      if (field.name === name) {
        values.set(fieldLabels(table, index)[label] ?? '', Number(table.getChildAt(index)?.get(table.numRows - 1)));
      }
    });
  }
  return values;
}

/** Normalised drift score per feature from an instant drift answer (`normalized_score` fields labelled by feature). */
export function normalisedScores(frames: readonly Table[]): Map<string, number> {
  return lastValues(frames, 'normalized_score', 'feature');
}

/** Accuracy of `model` from an instant performance answer. */
export function accuracyValue(frames: readonly Table[], model: string): number {
  return metricValue(frames, 'accuracy', model);
}

/** The value of a performance metric of `model` from an instant performance answer (field named by the metric). */
export function metricValue(frames: readonly Table[], metric: string, model: string): number {
  return lastValues(frames, metric, 'model').get(model) ?? NaN;
}
