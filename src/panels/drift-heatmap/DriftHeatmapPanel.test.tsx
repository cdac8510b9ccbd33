import { createDataFrame, FieldType, LoadingState } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import * as colorScale from '../shared/colorScale';
import { buildPanelProps, FIXTURE_FROM } from '../shared/testing';
import { withoutCanvas } from '../shared/withoutCanvas';
import { DriftHeatmapPanel } from './DriftHeatmapPanel';
import { testIds } from './testIds';
import { driftFrame } from './testing';
import { DEFAULT_COLOR_SCHEME, defaultOptions, DriftHeatmapOptions } from './types';

// jsdom drops CSS gradients, so the colour scale is observed where the panel resolves it
jest.mock('../shared/colorScale', () => {
  const actual = jest.requireActual('../shared/colorScale');
  return { ...actual, schemeStops: jest.fn(actual.schemeStops) };
});

const HOUR = 3_600_000;
const times = Array.from({ length: 24 }, (_, i) => FIXTURE_FROM + (i + 1) * HOUR);

const frames = [
  driftFrame({ feature: 'age', times, values: times.map((_, i) => (i === 20 ? 0.5 : 0.05)), threshold: 0.2, windowMs: HOUR }),
  driftFrame({ feature: 'income', times, values: times.map(() => 0.1), threshold: 0.2, windowMs: HOUR, method: 'ks' }),
  driftFrame({ feature: 'income', times, values: times.map(() => 0.04), quantity: 'pValue', method: 'ks' }),
  driftFrame({ feature: 'region', times, values: times.map((_, i) => i / 100), threshold: 0.2, windowMs: HOUR }),
];

function renderPanel(series = frames, options: Partial<DriftHeatmapOptions> = {}) {
  return render(<DriftHeatmapPanel {...buildPanelProps({ ...defaultOptions, ...options }, series, { width: 800, height: 300 })} />);
}

describe('DriftHeatmapPanel', () => {
  withoutCanvas();

  it('summarises the heatmap for screen readers, worst feature first', () => {
    renderPanel();
    const canvas = screen.getByTestId(testIds.canvas);
    expect(canvas).toHaveAttribute('data-rows', '3');
    expect(canvas).toHaveAttribute('data-windows', '24');
    expect(canvas).toHaveAccessibleName(
      /^Drift heatmap of 3 features over 24 windows, 2 feature\(s\) reached the threshold; worst: age at 2.5 × threshold/
    );
    const rows = within(screen.getByTestId(testIds.worstTable)).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual(['age', 'region', 'income']);
    expect(rows[0]).toHaveTextContent('age2.52026-11-20 21:00:000.25');
  });

  it('marks the threshold on the colour scale', () => {
    renderPanel();
    expect(screen.getByTestId(testIds.legend)).toHaveTextContent('Drift score ÷ threshold0threshold 1×≥ 2×');
    expect(screen.getByTestId(testIds.thresholdMarker)).toHaveStyle({ left: '50%' });
  });

  it('marks a shared raw threshold when colouring by score', () => {
    renderPanel(undefined, { colorBy: 'score' });
    expect(screen.getByTestId(testIds.legend)).toHaveTextContent('Drift score0threshold 0.2≥ 0.5');
    expect(screen.getByTestId(testIds.thresholdMarker)).toHaveStyle({ left: '40%' });
  });

  it('reads cells with the keyboard, shows the tooltip and opens the link on Enter', async () => {
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
    renderPanel(undefined, { cellLink: '/d/distribution?var-feature=${feature}&from=${from}&to=${to}' });
    screen.getByTestId(testIds.canvas).focus();
    await userEvent.keyboard('{ArrowDown}');
    const tooltip = screen.getByTestId(testIds.tooltip);
    expect(tooltip).toHaveTextContent('Featureage');
    expect(tooltip).toHaveTextContent('Score0.05');
    expect(tooltip).toHaveTextContent('Click or press Enter to open the distribution');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('Featureincome');
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('p-value0.040');
    await userEvent.keyboard('{Enter}');
    const to = times[23];
    expect(push).toHaveBeenCalledWith(`/d/distribution?var-feature=income&from=${to - HOUR}&to=${to}`);
  });

  it('names the top contributors of a cell in its tooltip when the query explains', async () => {
    const contributors = times.map((_, i) => (i === times.length - 1 ? '(80, 120] 62 %, (120, +Inf] 21 %' : '(0, 1] 40 %'));
    renderPanel([driftFrame({ feature: 'age', times, values: times.map(() => 0.3), threshold: 0.2, windowMs: HOUR, contributors })]);
    screen.getByTestId(testIds.canvas).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('Top contributors(80, 120] 62 %, (120, +Inf] 21 %');
  });

  it('colours cells with the panel’s Color scheme field option, the default scheme without one', () => {
    const resolve = jest.mocked(colorScale.schemeStops);
    renderPanel().unmount();
    expect(resolve).toHaveBeenLastCalledWith(expect.anything(), undefined, DEFAULT_COLOR_SCHEME);
    const props = buildPanelProps(defaultOptions, frames, { width: 800, height: 300 });
    render(<DriftHeatmapPanel {...props} fieldConfig={{ defaults: { color: { mode: 'continuous-blues' } }, overrides: [] }} />);
    expect(resolve).toHaveBeenLastCalledWith(expect.anything(), { mode: 'continuous-blues' }, DEFAULT_COLOR_SCHEME);
  });

  it('draws time ticks in the dashboard time zone', () => {
    renderPanel();
    expect(within(screen.getByTestId(testIds.axis)).getAllByText(/^\d\d:\d\d$/).length).toBeGreaterThan(2);
  });

  it('explains an unsupported frame and the empty and error states', () => {
    const { unmount } = renderPanel([createDataFrame({ fields: [{ name: 'x', type: FieldType.string, values: ['a'] }] })]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent(/labelled "feature".*returned fields: x \(string\)/);
    unmount();
    const second = renderPanel([]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('No data. This panel reads the "drift" query');
    second.unmount();
    const props = buildPanelProps(defaultOptions, []);
    render(<DriftHeatmapPanel {...props} data={{ ...props.data, state: LoadingState.Error, error: { message: 'boom' } }} />);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('The query failed: boom');
  });

  it('renders 500 features × 2,000 windows with a scrolling viewport', () => {
    const many = Array.from({ length: 2000 }, (_, i) => FIXTURE_FROM + i * 60_000);
    const big = Array.from({ length: 500 }, (_, f) =>
      driftFrame({ feature: `feature_${String(f).padStart(3, '0')}`, times: many, values: many.map((_, i) => ((i + f) % 50) / 100), threshold: 0.2 })
    );
    renderPanel(big);
    expect(screen.getByTestId(testIds.canvas)).toHaveAttribute('data-rows', '500');
    expect(screen.getByTestId(testIds.canvas)).toHaveAttribute('data-windows', '2000');
    expect(within(screen.getByTestId(testIds.worstTable)).getAllByRole('row')).toHaveLength(11);
  });
});
