/**
 * Small builders for provisioned dashboard JSON, so the three dashboards share one definition of a panel, a
 * query and a variable instead of three hand-edited copies. `generate.ts` writes the JSON files.
 */
import type { DriftQuery } from '../../src/shared/queryModel';

export const DRIFT_DATASOURCE = { type: 'mlops-drift-datasource', uid: 'mlops-drift' } as const;
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

type DatasourceRef = { type: string; uid: string };
type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DatasourceRef;
  targets?: Array<Record<string, Json | undefined>>;
  fieldConfig?: { defaults: Record<string, Json>; overrides: Json[] };
  options?: Record<string, Json>;
  transformations?: Json[];
  repeat?: string;
  repeatDirection?: 'h' | 'v';
  maxPerRow?: number;
  collapsed?: boolean;
  panels?: Panel[];
}

/** The selected model's baseline, as the drift datasource names it. */
export const SELECTED_BASELINE = '$model@$version';

export function driftTarget(refId: string, query: Omit<DriftQuery, 'refId'>): Record<string, Json | undefined> {
  return {
    refId,
    datasource: { ...DRIFT_DATASOURCE },
    source: 'prometheus',
    baseline: SELECTED_BASELINE,
    ...(query as Record<string, Json | undefined>),
  };
}

export function promTarget(refId: string, expr: string, legendFormat: string, instant = false): Record<string, Json> {
  return {
    refId,
    datasource: { ...PROMETHEUS_DATASOURCE },
    expr,
    legendFormat,
    range: !instant,
    instant,
  };
}

/** Assigns ids and lays panels out left to right, wrapping at 24 columns. */
export class Layout {
  private nextId = 1;
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  place(panel: Omit<Panel, 'id' | 'gridPos'>, w: number, h: number): Panel {
    if (this.x + w > 24) {
      this.newLine();
    }
    const placed: Panel = { id: this.nextId++, gridPos: { x: this.x, y: this.y, w, h }, ...panel };
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return placed;
  }

  row(title: string): Panel {
    this.newLine();
    const row: Panel = {
      id: this.nextId++,
      type: 'row',
      title,
      collapsed: false,
      panels: [],
      gridPos: { x: 0, y: this.y, w: 24, h: 1 },
    };
    this.y += 1;
    return row;
  }

  private newLine(): void {
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }
}

export function timeseries(
  title: string,
  description: string,
  targets: Panel['targets'],
  unit: string,
  datasource: DatasourceRef,
  extraDefaults: Record<string, Json> = {}
): Omit<Panel, 'id' | 'gridPos'> {
  return {
    type: 'timeseries',
    title,
    description,
    datasource,
    targets,
    fieldConfig: {
      defaults: { unit, custom: { lineWidth: 1, fillOpacity: 10, showPoints: 'never' }, ...extraDefaults },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  };
}

export function stat(
  title: string,
  description: string,
  target: Record<string, Json | undefined>,
  unit: string,
  thresholds: Array<{ color: string; value: number | null }>,
  datasource: DatasourceRef = PROMETHEUS_DATASOURCE
): Omit<Panel, 'id' | 'gridPos'> {
  return {
    type: 'stat',
    title,
    description,
    datasource: { ...datasource },
    targets: [target],
    fieldConfig: { defaults: { unit, thresholds: { mode: 'absolute', steps: thresholds } }, overrides: [] },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'area',
      textMode: 'auto',
    },
  };
}

/** Threshold steps for a score normalised by its threshold: 1 means drift whatever the method. */
export const NORMALISED_DRIFT_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.8 },
  { color: 'red', value: 1 },
];

export type Variable = QueryVariable | TextboxVariable;

export interface QueryVariable {
  name: string;
  label: string;
  type: 'query';
  datasource: DatasourceRef;
  query: string;
  definition: string;
  refresh: 2;
  includeAll: boolean;
  multi: boolean;
  sort: 1;
  current: Record<string, Json>;
  options: Json[];
  hide: 0;
}

/** A free-text variable: any value, such as a segment value a panel link sets (`var-<name>=…`). */
export interface TextboxVariable {
  name: string;
  label: string;
  type: 'textbox';
  query: string;
  current: Record<string, Json>;
  options: Json[];
  hide: 0;
}

export function textboxVariable(name: string, label: string, value: string): TextboxVariable {
  const current = { text: value, value };
  return { name, label, type: 'textbox', query: value, current, options: [{ ...current, selected: true }], hide: 0 };
}

export function prometheusVariable(name: string, label: string, query: string, multi = false): QueryVariable {
  return {
    name,
    label,
    type: 'query',
    datasource: { ...PROMETHEUS_DATASOURCE },
    query,
    definition: query,
    refresh: 2,
    includeAll: multi,
    multi,
    sort: 1,
    // A multi-value variable starts on All, so a repeated panel shows every value at first.
    current: multi ? { text: 'All', value: '$__all' } : {},
    options: [],
    hide: 0,
  };
}

/** The `model` and `version` variables every dashboard has, filled from the prediction counter. */
export const MODEL_VARIABLES: Variable[] = [
  prometheusVariable('model', 'Model', 'label_values(model_predictions_total, model)'),
  prometheusVariable('version', 'Version', 'label_values(model_predictions_total{model="$model"}, version)'),
];

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  panels: Panel[];
  variables: Variable[];
  /** Links to the other dashboards of the app. */
  links: Json[];
}

export function dashboardJson(dashboard: Dashboard): Record<string, Json> {
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: dashboard.tags,
    editable: true,
    graphTooltip: 1,
    schemaVersion: 41,
    version: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    annotations: { list: [] },
    links: dashboard.links,
    templating: { list: dashboard.variables as unknown as Json[] },
    panels: dashboard.panels as unknown as Json[],
  };
}

export const APP_LINKS: Json[] = [
  { title: 'ML Monitor', type: 'dashboards', tags: ['mlops'], asDropdown: true, includeVars: true, keepTime: true },
];
