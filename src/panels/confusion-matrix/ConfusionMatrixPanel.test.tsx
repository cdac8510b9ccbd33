import { createDataFrame, FieldType, LoadingState } from '@grafana/data';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { buildPanelProps } from '../shared/testing';
import { withoutCanvas } from '../shared/withoutCanvas';
import { ConfusionMatrixPanel } from './ConfusionMatrixPanel';
import { testIds } from './testIds';
import { ConfusionMatrixOptions, defaultOptions } from './types';

function longFrame(rows: Array<[string, string, number]>) {
  return createDataFrame({
    fields: [
      { name: 'actual', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'predicted', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'count', type: FieldType.number, values: rows.map((r) => r[2]) },
    ],
  });
}

const example = longFrame([
  ['a', 'a', 5],
  ['a', 'b', 2],
  ['b', 'a', 1],
  ['b', 'b', 3],
  ['b', 'c', 1],
  ['c', 'a', 2],
]);

function renderPanel(series = [example], options: Partial<ConfusionMatrixOptions> = {}, width = 900) {
  return render(<ConfusionMatrixPanel {...buildPanelProps({ ...defaultOptions, ...options }, series, { width })} />);
}

describe('ConfusionMatrixPanel', () => {
  withoutCanvas();

  it('shows accuracy, macro-F1 and per-class metrics from a long frame', () => {
    renderPanel();
    expect(screen.getByTestId(testIds.summary)).toHaveTextContent('Accuracy 57.1% · Macro-F1 0.422 · 14 samples · 3 classes');
    const table = screen.getByTestId(testIds.metricsTable);
    const rowA = within(table).getByRole('row', { name: /^a / });
    expect(rowA).toHaveTextContent('a0.6250.7140.6677');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId(testIds.canvas)).toHaveAttribute('data-classes', '3');
  });

  it('lists the most confused pairs', () => {
    renderPanel(undefined, { topConfusedPairs: 2 });
    const items = within(screen.getByTestId(testIds.confusedPairs)).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['a → b2 (28.6%)', 'c → a2 (100.0%)']);
  });

  it('hides the sidebar when metrics and pairs are off', () => {
    renderPanel(undefined, { showMetrics: false, topConfusedPairs: 0 });
    expect(screen.queryByTestId(testIds.metricsTable)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.confusedPairs)).not.toBeInTheDocument();
  });

  it('filters classes from the matrix and the table', async () => {
    renderPanel();
    await userEvent.type(screen.getByTestId(testIds.classFilter), 'b');
    expect(screen.getByTestId(testIds.canvas)).toHaveAttribute('data-classes', '1');
    expect(within(screen.getByTestId(testIds.metricsTable)).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByTestId(testIds.summary)).toHaveTextContent('(2 hidden by filter)');
    await userEvent.clear(screen.getByTestId(testIds.classFilter));
    await userEvent.type(screen.getByTestId(testIds.classFilter), 'zzz');
    expect(screen.getByText('No class matches the filter')).toBeInTheDocument();
  });

  it('reads cells with the keyboard and shows them in a tooltip', async () => {
    renderPanel(undefined, { normalization: 'row' });
    const canvas = screen.getByTestId(testIds.canvas);
    expect(canvas).toHaveAccessibleName(/Confusion matrix of 3 classes, coloured by share of each actual class \(recall\)/);
    canvas.focus();
    // the first arrow key selects the top-left cell
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('Actual aPredicted aCount 571.4% of actual class');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByTestId(testIds.tooltip)).toHaveTextContent('Actual aPredicted bCount 228.6% of actual class');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId(testIds.tooltip)).not.toBeInTheDocument();
  });

  it('says what it expected when the frame has another shape', () => {
    renderPanel([createDataFrame({ fields: [{ name: 'Time', type: FieldType.time, values: [1] }, { name: 'Value', type: FieldType.number, values: [1] }] })]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent(/"actual", "predicted" and "count".*returned fields: Time \(time\), Value \(number\)/);
  });

  it('shows an empty state without data and an error state when the query failed', () => {
    const { unmount } = renderPanel([]);
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('No data. This panel reads the "confusion" query');
    unmount();
    const props = buildPanelProps(defaultOptions, []);
    render(
      <ConfusionMatrixPanel
        {...props}
        data={{ ...props.data, state: LoadingState.Error, errors: [{ message: 'upstream timeout' }] }}
      />
    );
    expect(screen.getByTestId(testIds.message)).toHaveTextContent('The query failed: upstream timeout');
  });

  it('keeps 100 classes usable: scrollable canvas at the minimum cell size, all classes in the table', () => {
    const rows: Array<[string, string, number]> = [];
    for (let a = 0; a < 100; a++) {
      rows.push([`class ${a}`, `class ${a}`, 50]);
      rows.push([`class ${a}`, `class ${(a + 1) % 100}`, a % 5]);
    }
    renderPanel([longFrame(rows)], { minCellSize: 12 }, 1000);
    const canvas = screen.getByTestId(testIds.canvas);
    expect(canvas).toHaveAttribute('data-classes', '100');
    expect(canvas).toHaveAttribute('data-cell-size', '12');
    expect(within(screen.getByTestId(testIds.metricsTable)).getAllByRole('row')).toHaveLength(101);
    expect(within(screen.getByTestId(testIds.confusedPairs)).getAllByRole('listitem')).toHaveLength(10);
  });
});
