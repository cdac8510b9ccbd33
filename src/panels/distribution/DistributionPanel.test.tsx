import { createDataFrame, createTheme, FieldColorModeId, FieldType, LoadingState } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DistributionFrameCustom } from '../../shared/frameContract';
import { buildPanelProps } from '../shared/testing';
import { DistributionPanel } from './DistributionPanel';
import { testIds } from './testIds';
import { defaultOptions, DistributionOptions } from './types';

function numericFrame(feature: string, custom: Partial<DistributionFrameCustom>, baseline: number[], current: number[]) {
  const edges = baseline.map((_, i) => i * 10);
  return createDataFrame({
    meta: { custom: { feature, kind: 'numeric', model: 'churn', version: '3', ...custom } },
    fields: [
      { name: 'bin', type: FieldType.string, values: edges.map((e) => `(${e}, ${e + 10}]`) },
      { name: 'lower', type: FieldType.number, values: edges },
      { name: 'upper', type: FieldType.number, values: edges.map((e) => e + 10) },
      { name: 'baseline', type: FieldType.number, values: baseline },
      { name: 'current', type: FieldType.number, values: current },
    ],
  });
}

const age = numericFrame('age', { method: 'psi', statistic: 0.05, threshold: 0.1, drift: false }, [10, 30, 40, 20], [12, 28, 38, 22]);
const income = numericFrame('income', { method: 'ks', statistic: 0.4, pValue: 0.0001, threshold: 0.05, drift: true }, [40, 30, 20, 10], [10, 20, 30, 40]);
const plan = createDataFrame({
  meta: { custom: { feature: 'plan', kind: 'categorical', model: 'churn', version: '3', method: 'chi2', statistic: 3.2, pValue: 0.2, threshold: 0.05, drift: false } },
  fields: [
    { name: 'bin', type: FieldType.string, values: ['basic', 'pro', 'team'] },
    { name: 'baseline', type: FieldType.number, values: [50, 30, 20] },
    { name: 'current', type: FieldType.number, values: [45, 35, 20] },
  ],
});

function renderPanel(series = [age, income, plan], options: Partial<DistributionOptions> = {}, size = { width: 1000, height: 600 }) {
  return render(<DistributionPanel {...buildPanelProps({ ...defaultOptions, ...options }, series, size)} />);
}

describe('DistributionPanel', () => {
  it('draws one chart per feature, drifting features first, with the statistics in the header', () => {
    renderPanel();
    const charts = screen.getAllByTestId(testIds.chart);
    expect(charts.map((chart) => chart.getAttribute('data-feature'))).toEqual(['income', 'age', 'plan']); // age: 0.05 / 0.1 = 0.5 of its threshold; plan: 0.05 / 0.2 = 0.25
    const income = charts[0];
    expect(within(income).getByTestId(testIds.stats)).toHaveTextContent('KS 0.4p < 0.001threshold p < 0.05');
    expect(within(income).getByTestId(testIds.verdict)).toHaveTextContent('Drift');
    expect(within(charts[2]).getByTestId(testIds.verdict)).toHaveTextContent('No drift');
    expect(within(income).getByText('Baseline (n=100)')).toBeInTheDocument();
  });

  it('names a live reference in the legend where the baseline would be', () => {
    renderPanel([numericFrame('age', { method: 'psi', statistic: 0.05, threshold: 0.1, drift: false, reference: 'version v1' }, [10, 30, 40, 20], [12, 28, 38, 22])]);
    const [chart] = screen.getAllByTestId(testIds.chart);
    expect(within(chart).getByText('Reference: version v1 (n=100)')).toBeInTheDocument();
    expect(within(chart).queryByText(/^Baseline/)).not.toBeInTheDocument();
  });

  it('draws overlaid bars for numeric features and grouped bars for categories, one path per side', () => {
    renderPanel();
    const [income, , plan] = screen.getAllByTestId(testIds.chart);
    const incomeBars = within(income).getByTestId(testIds.baselineBars).getAttribute('d')!;
    expect(incomeBars.match(/M/g)).toHaveLength(4);
    const baselineStart = Number(/^M([\d.]+)/.exec(incomeBars)![1]);
    const currentStart = Number(/^M([\d.]+)/.exec(within(income).getByTestId(testIds.currentBars).getAttribute('d')!)![1]);
    expect(currentStart).toBe(baselineStart); // overlaid
    const planBaseline = Number(/^M([\d.]+)/.exec(within(plan).getByTestId(testIds.baselineBars).getAttribute('d')!)![1]);
    const planCurrent = Number(/^M([\d.]+)/.exec(within(plan).getByTestId(testIds.currentBars).getAttribute('d')!)![1]);
    expect(planCurrent).toBeGreaterThan(planBaseline); // side by side
    expect(within(plan).getByText('basic')).toBeInTheDocument();
  });

  it('shows cumulative distributions with the largest gap marked', () => {
    renderPanel([income], { view: 'cdf' });
    expect(screen.getByTestId(testIds.baselineCdf)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.cdfGap)).toHaveAttribute('data-gap', '0.4000');
    expect(screen.getByTestId(testIds.cdfGap)).toHaveTextContent('max gap 40.0%');
    expect(screen.queryByTestId(testIds.baselineBars)).not.toBeInTheDocument();
  });

  it('outlines the bins that carry most of the score, largest first, and names their share in the tooltip', async () => {
    const explained = createDataFrame({
      ...age,
      fields: [...age.fields, { name: 'contribution', type: FieldType.number, values: [0.1, 0.6, null, 0.3], config: {} }],
    });
    renderPanel([explained], { highlightContributors: 2 });
    const outlined = screen.getAllByTestId(testIds.contributor);
    expect(outlined.map((g) => [g.getAttribute('data-bin'), g.getAttribute('data-rank')])).toEqual([
      ['(10, 20]', '1'],
      ['(30, 40]', '2'],
    ]);
    expect(outlined[0]).toHaveTextContent('60.0%');
    renderPanel([explained], { highlightContributors: 0 });
    expect(screen.getAllByTestId(testIds.contributor)).toHaveLength(2); // the first panel's only
  });

  it('computes the shares with the statistic when the frames carry neither', () => {
    const bare = numericFrame('age', {}, [50, 30, 15, 5], [5, 15, 30, 50]);
    renderPanel([bare], { method: 'psi' });
    const outlined = screen.getAllByTestId(testIds.contributor);
    // psi terms: symmetric shift, so the two outer bins carry equal, largest shares.
    expect(outlined.map((g) => g.getAttribute('data-bin'))).toEqual(['(0, 10]', '(30, 40]', '(10, 20]']);
    const shares = outlined.map((g) => Number(g.getAttribute('data-share')));
    expect(shares[0]).toBeCloseTo(shares[1], 4);
    expect(shares[0]).toBeCloseTo((0.45 * Math.log(10)) / (2 * 0.45 * Math.log(10) + 2 * 0.15 * Math.log(2)), 4);
  });

  it('marks where a ks gap sits rather than a share of the score', async () => {
    const gap = createDataFrame({ ...income, fields: [...income.fields, { name: 'contribution', type: FieldType.number, values: [null, 1, null, null], config: {} }] });
    renderPanel([gap]);
    const outlined = screen.getByTestId(testIds.contributor);
    expect(outlined).toHaveAttribute('data-bin', '(10, 20]');
    expect(outlined).toHaveTextContent('gap');
    fireEvent.mouseMove(outlined.closest('svg')!, { clientX: Number(outlined.querySelector('rect')!.getAttribute('x')) + 5 });
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('Largest CDF gap at its upper edge');
  });

  it('leaves the cumulative view to its own gap marker', () => {
    const explained = createDataFrame({ ...age, fields: [...age.fields, { name: 'contribution', type: FieldType.number, values: [0.1, 0.6, 0, 0.3], config: {} }] });
    renderPanel([explained], { view: 'cdf' });
    expect(screen.queryByTestId(testIds.contributor)).not.toBeInTheDocument();
  });

  it('switches between shares and counts on the y axis', () => {
    const { unmount } = renderPanel([age], { normalization: 'proportion' });
    expect(screen.getByText('40%')).toBeInTheDocument(); // largest share 0.4
    unmount();
    renderPanel([age], { normalization: 'count' });
    expect(screen.getByText('40')).toBeInTheDocument(); // largest count 40
    expect(screen.queryByText('40%')).not.toBeInTheDocument();
  });

  it('shows a tooltip with both sides of the hovered bin', () => {
    renderPanel([age], {}, { width: 452, height: 300 });
    const svg = screen.getByRole('img', { name: /age: distribution of baseline and current over 4 bins/ });
    fireEvent.mouseMove(svg, { clientX: 44 + 101 * 1 + 5, clientY: 50 });
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('(10, 20]Baseline 30 (30.0%)Current 28 (28.0%)');
  });

  it('opens the feature link from the title', async () => {
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
    renderPanel([age], { featureLink: '/d/feature?var-feature=${feature}&var-model=${model}&var-env=$env' });
    await userEvent.click(screen.getByTestId(testIds.title));
    expect(push).toHaveBeenCalledWith('/d/feature?var-feature=age&var-model=churn&var-env=$env');
  });

  it('limits the number of features and says so', () => {
    const many = Array.from({ length: 12 }, (_, i) => numericFrame(`f${i}`, {}, [1, 2], [2, 1]));
    renderPanel(many, { maxFeatures: 5 });
    expect(screen.getAllByTestId(testIds.chart)).toHaveLength(5);
    expect(screen.getByTestId(testIds.notices)).toHaveTextContent('Showing 5 of 12 features (most drifted first)');
  });

  it('follows the standard field options: unit and decimals on bin edges, a single colour per side', async () => {
    const theme = createTheme({ colors: { mode: 'dark' } });
    const withConfig = numericFrame('latency', {}, [10, 30, 40, 20], [12, 28, 38, 22]);
    for (const field of withConfig.fields) {
      field.config = { unit: 'ms', decimals: 0 };
    }
    withConfig.fields[4].config.color = { mode: FieldColorModeId.Fixed, fixedColor: 'purple' };
    renderPanel([withConfig]);
    const chart = screen.getByTestId(testIds.chart);
    expect(within(chart).getByText('10 ms')).toBeInTheDocument();
    expect(within(chart).getByText('30 ms')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.currentBars)).toHaveAttribute('stroke', theme.visualization.getColorByName('purple'));
    expect(screen.getByTestId(testIds.baselineBars)).toHaveAttribute('stroke', theme.visualization.getColorByName('blue'));
    const svg = chart.querySelector('svg[role="img"]')!;
    jest.spyOn(svg, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 1000, height: 300 } as DOMRect);
    fireEvent.mouseMove(svg, { clientX: 60 });
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent(/^\(0 ms, 10 ms\]Baseline 10 \(10\.0%\)/);
  });

  it('shows empty, error and wrong-shape states through Grafana’s data error view', () => {
    const first = renderPanel([]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent(/No data\. This panel reads the "distribution" or "baseline" query.*histogram buckets/);
    first.unmount();
    const second = renderPanel([createDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }] })]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent(/This panel reads .*The query returned fields: Time \(time\)/);
    second.unmount();
    const props = buildPanelProps(defaultOptions, []);
    render(<DistributionPanel {...props} data={{ ...props.data, state: LoadingState.Error, errors: [{ message: 'no baseline for churn 3' }] }} />);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('The query failed: no baseline for churn 3');
  });
});
