import { createDataFrame, FieldType } from '@grafana/data';

import { PERFORMANCE_CURVES, PerformanceCurveCustom } from '../../shared/frameContract';
import { curvePath, curveSummary, readCurveFrames, toPlot, unitSquare } from './curves';

function rocFrame(custom: Partial<PerformanceCurveCustom>, fpr: unknown[], tpr: unknown[]) {
  return createDataFrame({
    name: PERFORMANCE_CURVES.roc.frameName,
    meta: { custom: { model: 'churn', version: '3', side: 'live', ...custom } },
    fields: [
      { name: PERFORMANCE_CURVES.roc.falsePositiveRate, type: FieldType.number, values: fpr },
      { name: PERFORMANCE_CURVES.roc.truePositiveRate, type: FieldType.number, values: tpr },
      { name: PERFORMANCE_CURVES.roc.threshold, type: FieldType.number, values: fpr.map((_, i) => 1 - i / Math.max(1, fpr.length - 1)) },
    ],
  });
}

function calibrationFrame(custom: Partial<PerformanceCurveCustom>) {
  return createDataFrame({
    name: PERFORMANCE_CURVES.calibration.frameName,
    meta: { custom: { model: 'churn', version: '3', side: 'baseline', ...custom } },
    fields: [
      { name: PERFORMANCE_CURVES.calibration.meanPredicted, type: FieldType.number, values: [0.1, 0.5, 0.9] },
      { name: PERFORMANCE_CURVES.calibration.observedRate, type: FieldType.number, values: [0.05, 0.55, 0.8] },
      { name: PERFORMANCE_CURVES.calibration.count, type: FieldType.number, values: [10, 20, 10] },
    ],
  });
}

describe('readCurveFrames', () => {
  it('groups live and baseline by model and version, live first, models in natural order', () => {
    const frames = [
      rocFrame({ version: '10', side: 'baseline' }, [0, 1], [0, 1]),
      rocFrame({ version: '10' }, [0, 0.2, 1], [0, 0.7, 1]),
      rocFrame({ version: '9', side: 'baseline', auc: 0.8 }, [0, 1], [0, 1]),
    ];
    const read = readCurveFrames(frames, 'roc');
    expect(read.ok).toBe(true);
    if (!read.ok) {
      return;
    }
    expect(read.charts.map((chart) => [chart.version, chart.sides.map((side) => side.side)])).toEqual([
      ['9', ['baseline']],
      ['10', ['live', 'baseline']],
    ]);
    expect(read.charts[1].sides[0].points).toEqual([
      { x: 0, y: 0 },
      { x: 0.2, y: 0.7 },
      { x: 1, y: 1 },
    ]);
    expect(read.charts[0].sides[0].summary).toBe('AUC 0.800');
    expect(read.notices).toEqual([]);
  });

  it('reads only the frames of its curve, ignoring others with a notice, and leaves out non-finite points', () => {
    const read = readCurveFrames([rocFrame({}, [0, null, 1], [0, 0.5, NaN]), calibrationFrame({ expectedCalibrationError: 0.0421 })], 'calibration');
    expect(read.ok && read.charts.map((chart) => chart.sides.map((side) => [side.side, side.summary, side.points.length]))).toEqual([[['baseline', 'ECE 0.042', 3]]]);
    expect(read.ok && read.notices).toEqual(['1 frame(s) of another shape ignored']);
    const roc = readCurveFrames([rocFrame({}, [0, null, 1], [0, 0.5, NaN])], 'roc');
    expect(roc.ok && roc.notices).toEqual(['2 point(s) without a finite value left out']);
  });

  it('answers no data for no frames and a shape failure naming the fields for frames of another shape', () => {
    expect(readCurveFrames([], 'roc')).toEqual({ ok: false, reason: 'empty' });
    const other = createDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: [1] }, { name: 'accuracy', type: FieldType.number, values: [0.9] }] });
    expect(readCurveFrames([other], 'roc')).toEqual({ ok: false, reason: 'shape', fields: 'time (time), accuracy (number)' });
    // Curve frames without the contract's meta (model, version, side) are another shape too.
    const anonymous = rocFrame({}, [0, 1], [0, 1]);
    anonymous.meta = {};
    expect(readCurveFrames([anonymous], 'roc').ok).toBe(false);
  });
});

describe('curveSummary', () => {
  const custom: PerformanceCurveCustom = { model: 'm', version: 'v', side: 'live' };
  it('states the AUC with its binning bounds when they differ at the shown precision', () => {
    expect(curveSummary('roc', { ...custom, auc: 0.8274, aucLower: 0.8101, aucUpper: 0.8447 })).toBe('AUC 0.827 (0.810–0.845)');
    expect(curveSummary('roc', { ...custom, auc: 0.8274, aucLower: 0.82741, aucUpper: 0.82739 })).toBe('AUC 0.827');
    expect(curveSummary('roc', custom)).toBe('');
    expect(curveSummary('calibration', { ...custom, expectedCalibrationError: 0.1 })).toBe('ECE 0.100');
    expect(curveSummary('calibration', { ...custom, auc: 0.9 })).toBe('');
  });
});

describe('curve geometry', () => {
  it('maps the unit square onto a square plot, y upwards, clamping what lies outside', () => {
    const square = unitSquare(300, 200);
    expect(square).toEqual({ left: 44, top: 10, size: 156 });
    expect(toPlot(square, 0, 0)).toEqual({ px: 44, py: 166 });
    expect(toPlot(square, 1, 1)).toEqual({ px: 200, py: 10 });
    expect(toPlot(square, 1.5, -0.2)).toEqual({ px: 200, py: 166 });
    expect(curvePath(square, [{ x: 0, y: 0 }, { x: 0.5, y: 1 }])).toBe('M44.0,166.0L122.0,10.0');
  });
});
