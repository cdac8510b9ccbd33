/**
 * Scenes of the browser harness: a scene is a name (the `?panel=` parameter of the page), a fixed size, and a
 * function returning the element to render. To add a page or panel, add an entry below (anything React:
 * a panel with `panelProps(...)`, an app page wrapped in the providers it needs) and, if it should be
 * checked, a check in `tests/browser/checks.ts`. The harness wraps every scene in Grafana's theme
 * (`&theme=light|dark`) and global styles.
 */
import { DataFrame, dateTime, FieldColorModeId, FieldConfigSource, PanelProps } from '@grafana/data';
import React from 'react';

import { ConfusionMatrixPanel } from '../../../src/panels/confusion-matrix/ConfusionMatrixPanel';
import { defaultOptions as confusionDefaults } from '../../../src/panels/confusion-matrix/types';
import { DistributionPanel } from '../../../src/panels/distribution/DistributionPanel';
import { defaultOptions as distributionDefaults } from '../../../src/panels/distribution/types';
import { DriftHeatmapPanel } from '../../../src/panels/drift-heatmap/DriftHeatmapPanel';
import { defaultOptions as heatmapDefaults } from '../../../src/panels/drift-heatmap/types';
import { buildPanelProps } from '../../../src/panels/shared/testing';
import { confusionFrame } from '../fixtures/confusion';
import { calibrationCurveFrames, rocCurveFrames } from '../fixtures/curves';
import { distributionFrames, explainedDistributionFrames, prometheusHistogramFrames, referenceDistributionFrames, sampleFrames } from '../fixtures/distribution';
import { driftFrames, explainedDriftFrames, HEATMAP_TO, segmentedHeatmapFrames } from '../fixtures/drift';
import { appScenes } from './appScenes';

export interface Scene {
  width: number;
  height: number;
  render: () => React.ReactElement;
}

const DAY = 86_400_000;

/** Panel props for a scene, with the dashboard time range ending where the fixtures end. */
export function panelProps<T>(options: T, series: DataFrame[], width: number, height: number, rangeMs = DAY): PanelProps<T> {
  const from = dateTime(HEATMAP_TO - rangeMs);
  const to = dateTime(HEATMAP_TO);
  const timeRange = { from, to, raw: { from, to } };
  const props = buildPanelProps(options, series, { width, height, timeRange });
  return { ...props, data: { ...props.data, timeRange } };
}

function panel<T>(
  Component: React.ComponentType<PanelProps<T>>,
  options: T,
  series: () => DataFrame[],
  width: number,
  height: number,
  rangeMs?: number,
  fieldConfig?: FieldConfigSource
): Scene {
  const props = () => ({ ...panelProps(options, series(), width, height, rangeMs), ...(fieldConfig && { fieldConfig }) });
  return { width, height, render: () => <Component {...props()} /> };
}

/**
 * Income in dollars with the current side in a single colour, as the Unit option and an override on the
 * `current` field give them once Grafana has applied the panel's field config to the frames.
 */
function incomeInDollars(): DataFrame[] {
  const income = distributionFrames().filter((frame) => JSON.stringify(frame.meta?.custom).includes('"income"'));
  for (const field of income[0].fields) {
    field.config = { ...field.config, unit: 'currencyUSD', decimals: 0 };
  }
  income[0].fields.find((field) => field.name === 'current')!.config.color = { mode: FieldColorModeId.Fixed, fixedColor: 'purple' };
  return income;
}

const heatmapLink = { ...heatmapDefaults, cellLink: '/d/mlops-distribution?var-feature=${feature}&from=${from}&to=${to}' };

export const scenes: Record<string, Scene> = {
  distribution: panel(DistributionPanel, { ...distributionDefaults, featureLink: '/d/mlops-feature?var-feature=${feature}' }, distributionFrames, 1000, 560),
  'distribution-cdf': panel(DistributionPanel, { ...distributionDefaults, view: 'cdf' }, () => distributionFrames().slice(1, 2), 640, 360),
  'distribution-prometheus': panel(DistributionPanel, { ...distributionDefaults, method: 'psi' }, prometheusHistogramFrames, 640, 360),
  'distribution-samples': panel(DistributionPanel, distributionDefaults, sampleFrames, 900, 320),
  'distribution-empty': panel(DistributionPanel, distributionDefaults, () => [], 480, 240),
  'distribution-units': panel(DistributionPanel, distributionDefaults, incomeInDollars, 640, 360),
  'distribution-contributors': panel(DistributionPanel, distributionDefaults, explainedDistributionFrames, 640, 360),
  'distribution-reference': panel(DistributionPanel, distributionDefaults, referenceDistributionFrames, 640, 360),
  'distribution-roc': panel(DistributionPanel, { ...distributionDefaults, view: 'roc' }, rocCurveFrames, 480, 460),
  'distribution-calibration': panel(DistributionPanel, { ...distributionDefaults, view: 'calibration' }, calibrationCurveFrames, 480, 460),
  confusion: panel(ConfusionMatrixPanel, confusionDefaults, () => [confusionFrame(10)], 1000, 520),
  'confusion-scheme': panel(ConfusionMatrixPanel, confusionDefaults, () => [confusionFrame(10)], 1000, 520, undefined, {
    defaults: { color: { mode: 'continuous-viridis' } },
    overrides: [],
  }),
  'confusion-wrong-shape': panel(ConfusionMatrixPanel, confusionDefaults, () => driftFrames(2, 4, 60_000), 640, 240),
  'confusion-100': panel(ConfusionMatrixPanel, { ...confusionDefaults, normalization: 'row' }, () => [confusionFrame(100)], 1000, 600),
  heatmap: panel(DriftHeatmapPanel, heatmapLink, () => driftFrames(24, 288, 5 * 60_000), 1000, 480),
  'heatmap-500': panel(DriftHeatmapPanel, heatmapLink, () => driftFrames(500, 2000, 60_000), 1000, 600, 2000 * 60_000),
  'heatmap-empty': panel(DriftHeatmapPanel, heatmapDefaults, () => [], 480, 240),
  'heatmap-explained': panel(DriftHeatmapPanel, heatmapDefaults, () => explainedDriftFrames(8, 48, 30 * 60_000), 800, 300),
  'heatmap-segments': panel(
    DriftHeatmapPanel,
    { ...heatmapDefaults, cellLink: '/d/mlops-distribution?var-feature=${feature}&var-segment=${segment}&from=${from}&to=${to}' },
    segmentedHeatmapFrames,
    1000,
    420
  ),
  // App pages and datasource editors, against a fake drift backend in the page.
  ...appScenes,
};
