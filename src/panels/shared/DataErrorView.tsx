import { css } from '@emotion/css';
import { FieldConfigSource, LoadingState, PanelData } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import React from 'react';

import type { ReadFailure } from './frames';
import { tText } from './i18n';

interface Props {
  panelId: number;
  data: PanelData;
  fieldConfig: FieldConfigSource;
  failure: ReadFailure;
  /** The query types and frame shapes the panel reads, in words (translated by the caller). */
  expected: string;
  testId: string;
}

/**
 * The sentence a panel shows when its frames gave it nothing to draw: the query's own error when the query
 * failed without frames; the panel's "No value" text when the user set one; else what the panel reads, and
 * for frames of another shape the fields that came instead.
 */
export function dataErrorMessage(data: PanelData, fieldConfig: FieldConfigSource, failure: ReadFailure, expected: string): string {
  const queryError = data.errors?.[0]?.message ?? data.error?.message;
  if (data.state === LoadingState.Error && data.series.length === 0 && queryError) {
    return tText('panels.data-error.query-failed', 'The query failed: {{error}}', { error: queryError });
  }
  if (failure.reason === 'shape') {
    return tText('panels.data-error.wrong-shape', 'This panel reads {{expected}}. The query returned fields: {{fields}}', {
      expected,
      fields: failure.fields,
    });
  }
  const noValue = fieldConfig.defaults.noValue;
  if (noValue !== undefined && noValue !== '') {
    return noValue;
  }
  return tText('panels.data-error.no-data', 'No data. This panel reads {{expected}}.', { expected });
}

/** Grafana's own no-data and wrong-data view, with a message that says what the panel needs. */
export function DataErrorView({ panelId, data, fieldConfig, failure, expected, testId }: Props): React.JSX.Element {
  return (
    <div className={wrapper} data-testid={testId}>
      <PanelDataErrorView panelId={panelId} data={data} fieldConfig={fieldConfig} message={dataErrorMessage(data, fieldConfig, failure, expected)} />
    </div>
  );
}

const wrapper = css({ height: '100%' });
