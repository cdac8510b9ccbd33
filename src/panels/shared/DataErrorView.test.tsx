import { createDataFrame, FieldType, LoadingState } from '@grafana/data';
import type { PanelDataErrorViewProps } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';

import { dataErrorMessage, DataErrorView } from './DataErrorView';
import { NO_DATA, shapeMismatch } from './frames';
import { buildPanelProps } from './testing';

const received: PanelDataErrorViewProps[] = [];

// Grafana installs its own view at start-up; here a recorder stands in for it.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PanelDataErrorView: (props: PanelDataErrorViewProps) => {
    received.push(props);
    return <div>{props.message}</div>;
  },
}));

const EXPECTED = 'the "drift" query';

describe('data error view', () => {
  const props = buildPanelProps({}, []);
  const noConfig = { defaults: {}, overrides: [] };

  it('says what the panel reads when there is no data, unless the panel has its own "No value" text', () => {
    expect(dataErrorMessage(props.data, noConfig, NO_DATA, EXPECTED)).toBe('No data. This panel reads the "drift" query.');
    expect(dataErrorMessage(props.data, { defaults: { noValue: 'Model idle' }, overrides: [] }, NO_DATA, EXPECTED)).toBe('Model idle');
  });

  it('names the fields that came when they have another shape, without escaping them', () => {
    const frame = createDataFrame({ fields: [{ name: '<x>', type: FieldType.string, values: ['a'] }] });
    expect(dataErrorMessage(props.data, noConfig, shapeMismatch(frame), EXPECTED)).toBe(
      'This panel reads the "drift" query. The query returned fields: <x> (string)'
    );
  });

  it('shows the query error when the query failed without frames, and reads frames that came with one', () => {
    const failed = { ...props.data, state: LoadingState.Error, errors: [{ message: 'upstream timeout' }], error: { message: 'older' } };
    expect(dataErrorMessage(failed, noConfig, NO_DATA, EXPECTED)).toBe('The query failed: upstream timeout');
    expect(dataErrorMessage({ ...failed, errors: undefined }, noConfig, NO_DATA, EXPECTED)).toBe('The query failed: older');
    const frame = createDataFrame({ fields: [{ name: 'x', type: FieldType.string, values: ['a'] }] });
    expect(dataErrorMessage({ ...failed, series: [frame] }, noConfig, shapeMismatch(frame), EXPECTED)).toMatch(/^This panel reads/);
  });

  it('hands panel, data, field config and message to Grafana’s view', () => {
    const fieldConfig = { defaults: { unit: 'short' }, overrides: [] };
    render(<DataErrorView panelId={7} data={props.data} fieldConfig={fieldConfig} failure={NO_DATA} expected={EXPECTED} testId="t" />);
    expect(screen.getByTestId('t')).toHaveTextContent('No data. This panel reads the "drift" query.');
    expect(received.at(-1)).toEqual({ panelId: 7, data: props.data, fieldConfig, message: 'No data. This panel reads the "drift" query.' });
  });
});
