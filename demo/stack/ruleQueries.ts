/**
 * The queries the provisioned alert rules send to the drift datasource, read from `provisioning/alerting`, so the
 * local demo and the end-to-end test evaluate exactly what Grafana would (over a shorter window).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { DriftQuery, PerformanceMetric } from '../../src/shared/queryModel';
import { REPOSITORY_ROOT } from './processes';

export const ALERTING_DIRECTORY = path.join(REPOSITORY_ROOT, 'provisioning', 'alerting');
const DRIFT_DATASOURCE_UID = 'mlops-drift';

type Json = Record<string, unknown>;

export interface RuleQuery {
  title: string;
  model: Partial<DriftQuery>;
  /** The rule's threshold expression (`evaluator` of its threshold step), when it has one. */
  threshold?: { type: string; value: number };
}

function thresholdOf(rule: Json): RuleQuery['threshold'] {
  for (const query of (rule.data as Json[]) ?? []) {
    const model = query.model as Json | undefined;
    const evaluator = ((model?.conditions as Json[] | undefined)?.[0]?.evaluator ?? undefined) as Json | undefined;
    if (model?.type === 'threshold' && evaluator && Array.isArray(evaluator.params)) {
      return { type: String(evaluator.type), value: Number(evaluator.params[0]) };
    }
  }
  return undefined;
}

export function provisionedRuleQueries(directory = ALERTING_DIRECTORY): RuleQuery[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .flatMap(
      (name) => ((parse(readFileSync(path.join(directory, name), 'utf8')) as Json).groups as Json[] | undefined) ?? []
    )
    .flatMap((group) => (group.rules as Json[]) ?? [])
    .flatMap((rule) =>
      ((rule.data as Json[]) ?? [])
        .filter((query) => query.datasourceUid === DRIFT_DATASOURCE_UID)
        .map((query) => ({
          title: String(rule.title),
          model: query.model as Partial<DriftQuery>,
          threshold: thresholdOf(rule),
        }))
    );
}

/** A rule's query on another baseline and window (the rules watch hours; a demo cannot wait that long). */
export function withWindow(model: Partial<DriftQuery>, baseline: string, window: string): Partial<DriftQuery> {
  return { ...model, baseline, window };
}

function findRule(description: string, matches: (model: Partial<DriftQuery>) => boolean): RuleQuery {
  const rule = provisionedRuleQueries().find(({ model }) => matches(model));
  if (!rule) {
    throw new Error(`no ${description} alert rule on the drift datasource in ${ALERTING_DIRECTORY}`);
  }
  return rule;
}

/** The rule that watches every feature: a drift query naming no feature. */
export function featureDriftRule(): RuleQuery {
  return findRule(
    'feature-drift',
    (m) => (m.queryType ?? 'drift') === 'drift' && !(m.features && m.features.length > 0)
  );
}

/** The rule that watches accuracy: a performance query asking for accuracy. */
export function accuracyRule(): RuleQuery {
  return findRule(
    'accuracy',
    (m) => m.queryType === 'performance' && (m.performanceMetrics ?? []).includes('accuracy')
  );
}

/** The rule that watches `metric` of a performance query on `baseline` (the output models' rules). */
export function performanceRule(baseline: string, metric: PerformanceMetric): RuleQuery {
  return findRule(
    `${metric} of ${baseline}`,
    (m) => m.queryType === 'performance' && m.baseline === baseline && (m.performanceMetrics ?? []).includes(metric)
  );
}
