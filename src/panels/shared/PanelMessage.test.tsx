import { createDataFrame, FieldType, LoadingState, PanelData } from '@grafana/data';
import { render, screen } from '@testing-library/react';

import { shapeMismatch } from './frames';
import { ReadFailureMessage } from './PanelMessage';
import { buildPanelProps } from './testing';

const TEST_ID = 'data-testid shared message';
const EXPECTED = 'frames with a "score" field';

function renderFailure(data: PanelData, failure: Parameters<typeof ReadFailureMessage>[0]['failure']) {
  return render(<ReadFailureMessage data={data} failure={failure} expected={EXPECTED} testId={TEST_ID} />);
}

describe('read failure message', () => {
  const done = buildPanelProps({}, []).data;

  it('says what was expected when there is no data, as a status', () => {
    renderFailure(done, { ok: false, reason: 'empty', message: 'No data' });
    expect(screen.getByRole('status')).toHaveTextContent(`No dataExpected ${EXPECTED}.`);
    expect(screen.getByTestId(TEST_ID)).toBe(screen.getByRole('status'));
  });

  it('shows frames of another shape as an error with the fields that came', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'x', type: FieldType.string, values: ['a'] },
      ],
    });
    const failure = shapeMismatch(EXPECTED, frame);
    expect(failure).toEqual({
      ok: false,
      reason: 'shape',
      message: `Expected ${EXPECTED}; got fields: time (time), x (string)`,
    });
    renderFailure(done, failure);
    expect(screen.getByRole('alert')).toHaveTextContent(`Unsupported data shapeExpected ${EXPECTED}; got fields`);
  });

  it('shows the query error when the query failed without frames', () => {
    const failed = { ...done, state: LoadingState.Error, errors: [{ message: 'upstream timeout' }], error: { message: 'older' } };
    const { unmount } = renderFailure(failed, { ok: false, reason: 'empty', message: 'No data' });
    expect(screen.getByRole('alert')).toHaveTextContent('Query failedupstream timeout');
    unmount();
    renderFailure({ ...done, state: LoadingState.Error, error: { message: 'boom' } }, { ok: false, reason: 'empty', message: 'No data' });
    expect(screen.getByRole('alert')).toHaveTextContent('Query failedboom');
  });

  it('reads frames that came with an error as frames', () => {
    const frame = createDataFrame({ fields: [{ name: 'x', type: FieldType.string, values: ['a'] }] });
    const partial = { ...done, series: [frame], state: LoadingState.Error, error: { message: 'one query failed' } };
    renderFailure(partial, shapeMismatch(EXPECTED, frame));
    expect(screen.getByRole('alert')).toHaveTextContent('Unsupported data shape');
    expect(screen.queryByText('Query failed')).toBeNull();
  });
});
