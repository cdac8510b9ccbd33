import { createDataFrame, FieldType } from '@grafana/data';
import { render, screen, within } from '@testing-library/react';

import { PERFORMANCE_CURVES, PerformanceCurveCustom } from '../../shared/frameContract';
import { buildPanelProps } from '../shared/testing';
import { DistributionPanel } from './DistributionPanel';
import { testIds } from './testIds';
import { defaultOptions, DistributionView } from './types';

const roc = PERFORMANCE_CURVES.roc;
const cal = PERFORMANCE_CURVES.calibration;

function frame(name: string, custom: PerformanceCurveCustom, fields: Record<string, number[]>) {
  return createDataFrame({
    name,
    meta: { custom },
    fields: Object.entries(fields).map(([field, values]) => ({ name: field, type: FieldType.number, values })),
  });
}

const side = (s: PerformanceCurveCustom['side']) => ({ model: 'churn', version: '3', side: s });
const rocFrames = [
  frame(roc.frameName, { ...side('live'), auc: 0.71, aucLower: 0.68, aucUpper: 0.74 }, { [roc.falsePositiveRate]: [0, 0.3, 1], [roc.truePositiveRate]: [0, 0.6, 1], [roc.threshold]: [1, 0.5, 0] }),
  frame(roc.frameName, { ...side('baseline'), auc: 0.84, aucLower: 0.84, aucUpper: 0.84 }, { [roc.falsePositiveRate]: [0, 0.1, 1], [roc.truePositiveRate]: [0, 0.7, 1], [roc.threshold]: [1, 0.5, 0] }),
];
const calibrationFrames = [
  frame(cal.frameName, { ...side('live'), expectedCalibrationError: 0.12 }, { [cal.meanPredicted]: [0.2, 0.8], [cal.observedRate]: [0.1, 0.6], [cal.count]: [50, 40] }),
  frame(cal.frameName, { ...side('baseline'), expectedCalibrationError: 0.02 }, { [cal.meanPredicted]: [0.2, 0.8], [cal.observedRate]: [0.21, 0.78], [cal.count]: [60, 30] }),
];

function renderView(view: DistributionView, series = rocFrames) {
  return render(<DistributionPanel {...buildPanelProps({ ...defaultOptions, view }, series, { width: 700, height: 400 })} />);
}

describe('DistributionPanel curve views', () => {
  it('overlays the live and the baseline ROC curve over the chance diagonal, AUC and its bounds in the legend', () => {
    renderView('roc');
    const chart = screen.getByTestId(testIds.curveChart);
    expect(chart).toHaveAttribute('data-model', 'churn');
    expect(within(chart).getByTestId(testIds.curveLive).querySelector('path')?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L.*L/);
    expect(within(chart).getByTestId(testIds.curveBaseline)).toBeInTheDocument();
    expect(within(chart).getByTestId(testIds.curveReference)).toBeInTheDocument();
    expect(within(chart).getByTestId(testIds.curveLegend)).toHaveTextContent('Live AUC 0.710 (0.680–0.740)Baseline AUC 0.840Chance');
    expect(within(chart).getByRole('img')).toHaveAccessibleName('churn 3: True positive rate / False positive rate');
  });

  it('draws the reliability curves with their points and the ECE in the legend', () => {
    renderView('calibration', calibrationFrames);
    const chart = screen.getByTestId(testIds.curveChart);
    expect(within(chart).getByTestId(testIds.curveLive).querySelectorAll('circle')).toHaveLength(2);
    expect(within(chart).getByTestId(testIds.curveLegend)).toHaveTextContent('Live ECE 0.120Baseline ECE 0.020Perfectly calibrated');
  });

  it('says what the view reads when the curve frames are missing', () => {
    renderView('roc', calibrationFrames);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('This panel reads the "performance" query of the ML Drift datasource with the metric "roc_curve"');
    expect(screen.queryByTestId(testIds.curveChart)).not.toBeInTheDocument();
  });
});
