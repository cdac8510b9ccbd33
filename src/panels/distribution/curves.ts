/**
 * The distribution panel's curve views: the ROC curve and the reliability (calibration) curve of a binary
 * classifier, read from the `performance` query's curve frames (`roc_curve`, `calibration_curve`; see
 * PERFORMANCE_CURVES in src/shared/frameContract.ts). One chart per model and version, the live side and the
 * baseline side overlaid, with the area under the ROC curve (and its binning bounds) or the expected calibration
 * error in the legend. Pure: the React view only draws what this returns.
 */
import { DataFrame } from '@grafana/data';

import { PERFORMANCE_CURVES, type PerformanceCurveCustom } from '../../shared/frameContract';
import { findFieldByName, naturalCompare, NO_DATA, ReadFailure, shapeMismatch } from '../shared/frames';
import { tText } from '../shared/i18n';

export type CurveKind = keyof typeof PERFORMANCE_CURVES;
export type CurveSideName = PerformanceCurveCustom['side'];

export interface CurveSide {
  side: CurveSideName;
  /** x: false positive rate or mean predicted probability; y: true positive rate or observed positive rate. */
  points: Array<{ x: number; y: number }>;
  /** AUC with its bounds (roc), or the expected calibration error (calibration), as the legend states it. */
  summary: string;
}

export interface CurveChartModel {
  model: string;
  version: string;
  /** Live first, then the baseline: the order of the legend. */
  sides: CurveSide[];
}

export type CurveReadResult = { ok: true; charts: CurveChartModel[]; notices: string[] } | ReadFailure;

const SIDE_ORDER: Record<CurveSideName, number> = { live: 0, baseline: 1 };

/** What the curve views read, for the no-data and wrong-data messages. */
export function expectedCurveShapes(kind: CurveKind): string {
  const { frameName } = PERFORMANCE_CURVES[kind];
  return tText(
    'distribution.curves.expected-shapes',
    'the "performance" query of the ML Drift datasource with the metric "{{frameName}}" (frames named "{{frameName}}" with fields {{fields}})',
    { frameName, fields: axisFields(kind).map((name) => `"${name}"`).join(', ') }
  );
}

function axisFields(kind: CurveKind): [string, string] {
  return kind === 'roc'
    ? [PERFORMANCE_CURVES.roc.falsePositiveRate, PERFORMANCE_CURVES.roc.truePositiveRate]
    : [PERFORMANCE_CURVES.calibration.meanPredicted, PERFORMANCE_CURVES.calibration.observedRate];
}

function curveCustom(frame: DataFrame): PerformanceCurveCustom | undefined {
  const custom = frame.meta?.custom as Partial<PerformanceCurveCustom> | undefined;
  if (typeof custom?.model !== 'string' || typeof custom.version !== 'string' || (custom.side !== 'live' && custom.side !== 'baseline')) {
    return undefined;
  }
  return custom as PerformanceCurveCustom;
}

/** Reads the frames of one curve kind into charts; frames of other shapes are ignored with a notice. */
export function readCurveFrames(frames: DataFrame[], kind: CurveKind): CurveReadResult {
  const nonEmpty = frames.filter((frame) => frame.length > 0 && frame.fields.length > 0);
  if (nonEmpty.length === 0) {
    return NO_DATA;
  }
  const [xName, yName] = axisFields(kind);
  const charts = new Map<string, CurveChartModel>();
  let dropped = 0;
  let ignored = 0;
  for (const frame of nonEmpty) {
    const custom = curveCustom(frame);
    const x = findFieldByName(frame, xName);
    const y = findFieldByName(frame, yName);
    if (frame.name !== PERFORMANCE_CURVES[kind].frameName || custom === undefined || x === undefined || y === undefined) {
      ignored++;
      continue;
    }
    const points: CurveSide['points'] = [];
    for (let i = 0; i < frame.length; i++) {
      const [px, py] = [x.values[i], y.values[i]];
      if (typeof px === 'number' && typeof py === 'number' && Number.isFinite(px) && Number.isFinite(py)) {
        points.push({ x: px, y: py });
      } else {
        dropped++;
      }
    }
    const key = `${custom.model}\u0000${custom.version}`;
    const chart = charts.get(key) ?? { model: custom.model, version: custom.version, sides: [] };
    chart.sides.push({ side: custom.side, points, summary: curveSummary(kind, custom) });
    charts.set(key, chart);
  }
  if (charts.size === 0) {
    return shapeMismatch(nonEmpty[0]);
  }
  const sorted = [...charts.values()].sort((a, b) => naturalCompare(a.model, b.model) || naturalCompare(a.version, b.version));
  sorted.forEach((chart) => chart.sides.sort((a, b) => SIDE_ORDER[a.side] - SIDE_ORDER[b.side]));
  const notices: string[] = [];
  if (ignored > 0) {
    notices.push(tText('distribution.curves.notice.ignored-frames', '{{count}} frame(s) of another shape ignored', { count: ignored }));
  }
  if (dropped > 0) {
    notices.push(tText('distribution.curves.notice.dropped-points', '{{count}} point(s) without a finite value left out', { count: dropped }));
  }
  return { ok: true, charts: sorted, notices };
}

const formatRate = (value: number): string => value.toFixed(3);

/** "AUC 0.827 (0.815–0.839)" with the binning bounds when they differ; "ECE 0.042"; empty when the frame has none. */
export function curveSummary(kind: CurveKind, custom: PerformanceCurveCustom): string {
  if (kind === 'calibration') {
    const ece = custom.expectedCalibrationError;
    return ece === undefined || !Number.isFinite(ece) ? '' : tText('distribution.curves.ece', 'ECE {{ece}}', { ece: formatRate(ece) });
  }
  const { auc, aucLower, aucUpper } = custom;
  if (auc === undefined || !Number.isFinite(auc)) {
    return '';
  }
  const bounded = aucLower !== undefined && aucUpper !== undefined && Number.isFinite(aucLower) && Number.isFinite(aucUpper);
  return bounded && formatRate(aucLower) !== formatRate(aucUpper)
    ? tText('distribution.curves.auc-bounds', 'AUC {{auc}} ({{lower}}–{{upper}})', { auc: formatRate(auc), lower: formatRate(aucLower), upper: formatRate(aucUpper) })
    : tText('distribution.curves.auc', 'AUC {{auc}}', { auc: formatRate(auc) });
}

/** A square plot of the unit square inside a chart, in CSS pixels. */
export interface UnitSquare {
  left: number;
  top: number;
  size: number;
}

const AXIS_LEFT = 44;
const AXIS_BOTTOM = 34;
const MARGIN = 10;

export function unitSquare(width: number, height: number): UnitSquare {
  const size = Math.max(10, Math.min(width - AXIS_LEFT - MARGIN, height - AXIS_BOTTOM - MARGIN));
  return { left: AXIS_LEFT, top: MARGIN, size };
}

/** Plot coordinates of a point of the unit square (values outside [0, 1] are clamped to the frame). */
export function toPlot(square: UnitSquare, x: number, y: number): { px: number; py: number } {
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  return { px: square.left + clamp(x) * square.size, py: square.top + (1 - clamp(y)) * square.size };
}

/** The curve as one SVG path through its points, in their order. */
export function curvePath(square: UnitSquare, points: CurveSide['points']): string {
  return points
    .map(({ x, y }, i) => {
      const { px, py } = toPlot(square, x, y);
      return `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`;
    })
    .join('');
}
