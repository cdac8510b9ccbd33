import { t } from '@grafana/i18n';

import { DRIFT_LABELS } from '../../shared/frameContract';

/**
 * The labels besides `feature` by which the backend tells drift series apart: a panel with two models or
 * versions, two live references or a segmented query has one row per feature and combination of these.
 */
const ROW_LABELS = [DRIFT_LABELS.model, DRIFT_LABELS.version, DRIFT_LABELS.reference, DRIFT_LABELS.segment] as const;

/** What the heatmap knows of a row beyond its feature, from the labels of its series. */
export interface RowIdentity {
  feature: string;
  model?: string;
  version?: string;
  reference?: string;
  segment?: string;
}

export type RowQualifierKind = 'model' | 'reference' | 'segment';

/** One part of a row's title after the feature, and what it is (the tooltip names it). */
export interface RowQualifier {
  kind: RowQualifierKind;
  value: string;
}

/** The identity of the row a field belongs to: its feature and every distinguishing label's value. */
export function rowKey(feature: string, labels: Record<string, string> | undefined): string {
  return JSON.stringify([feature, ...ROW_LABELS.map((name) => labels?.[name] ?? null)]);
}

/** A segment as a row title shows it: the value itself (so `other` stays `other`), or a word for series without the label. */
export function segmentTitle(segment: string): string {
  return segment === '' ? t('heatmap.row.segment-without-value', '(no value)') : segment;
}

function modelTitle(row: RowIdentity): string {
  return `${row.model ?? ''}${row.version !== undefined ? `@${row.version}` : ''}`;
}

/**
 * What tells each row apart from the feature's other rows, in title order: the model and version (as
 * `model@version`, the baseline's name) and the reference where rows differ in them, the segment whenever a row
 * has one. Labels that every row shares say nothing about a row and stay out of its title.
 */
export function rowQualifiers(rows: RowIdentity[]): RowQualifier[][] {
  const varies = (pick: (row: RowIdentity) => string | undefined) => new Set(rows.map(pick)).size > 1;
  const byModel = varies((row) => JSON.stringify([row.model, row.version]));
  const byReference = varies((row) => row.reference);
  return rows.map((row) => {
    const qualifiers: RowQualifier[] = [];
    if (byModel) {
      qualifiers.push({ kind: 'model', value: modelTitle(row) });
    }
    if (byReference && row.reference !== undefined) {
      qualifiers.push({ kind: 'reference', value: row.reference });
    }
    if (row.segment !== undefined) {
      qualifiers.push({ kind: 'segment', value: segmentTitle(row.segment) });
    }
    return qualifiers;
  });
}

/** A row's name on the heatmap: `income`, `income · eu`, `income · churn@2 · other`. */
export function rowTitle(feature: string, qualifiers: RowQualifier[]): string {
  return [feature, ...qualifiers.map((qualifier) => qualifier.value)].join(' · ');
}
