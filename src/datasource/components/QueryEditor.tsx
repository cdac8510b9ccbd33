import { css } from '@emotion/css';
import type { GrafanaTheme2, QueryEditorProps, SelectableValue } from '@grafana/data';
import {
  Alert,
  Field,
  InlineSwitch,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { useCallback, useState } from 'react';
import type { MultipleTestingCorrection } from '../../drift/dataset';
import type { DriftMethod } from '../../drift/types';
import type { DataSource } from '../datasource';
import { AUTO_METHOD, CORRECTION_OPTIONS, METHOD_OPTIONS, QUERY_SWITCHES, QUERY_TYPE_OPTIONS, AUTO_SOURCE, QUERY_SOURCE_OPTIONS, queryFieldsFor } from '../queryFields';
import {
  DEFAULT_QUERY,
  PERFORMANCE_METRICS,
  type DriftQuery,
  type DriftQueryType,
  type LiveSource,
  type PerformanceMetric,
} from '../../shared/queryModel';
import type { DriftDataSourceOptions } from '../../shared/settingsModel';
import { useAsyncResult } from '../useAsyncResult';
import { isValidQuery, validateQuery } from '../validation';
import { ReferenceFields } from './ReferenceFields';
import { SegmentFields } from './SegmentFields';
import { testIds } from './testIds';

type Props = QueryEditorProps<DataSource, DriftQuery, DriftDataSourceOptions>;

function toOptions(values: readonly string[]): Array<SelectableValue<string>> {
  return values.map((value) => ({ value, label: value }));
}

function isPerformanceMetric(value: string | undefined): value is PerformanceMetric {
  return PERFORMANCE_METRICS.some((metric) => metric === value);
}

interface TextFieldProps {
  id: string;
  label: string;
  description?: string;
  /** Shown under the field, in an element with `errorTestId`. */
  error?: string;
  errorTestId?: string;
  /** Marked invalid without a message of its own (a pair of fields sharing one message); default: `error` is set. */
  invalid?: boolean;
  text: string;
  placeholder: string;
  onText: (text: string) => void;
  /** On leaving the field, with the text trimmed: a query runs per committed value, not per keystroke. */
  onCommit: (text: string) => void;
}

/** A number field's text: empty for no value. */
function numberText(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** An empty field is no value; anything else is read as a number (NaN when it is none, which validation names). */
function optionalNumber(text: string): number | undefined {
  return text === '' ? undefined : Number(text);
}

function TextField({ id, label, description, error, errorTestId, invalid, text, placeholder, onText, onCommit }: TextFieldProps) {
  return (
    <Field label={label} description={description} invalid={invalid ?? !!error} error={errorTestId && <span data-testid={errorTestId}>{error}</span>}>
      <Input id={id} width={12} value={text} placeholder={placeholder} onChange={(e) => onText(e.currentTarget.value)} onBlur={() => onCommit(text.trim())} />
    </Field>
  );
}

export function QueryEditor({ query, datasource, onChange, onRunQuery }: Props) {
  const styles = useStyles2(getStyles);
  const effective: DriftQuery = { ...DEFAULT_QUERY, ...query };
  const fields = queryFieldsFor(effective.queryType);
  const errors = validateQuery(effective);
  const [baselines] = useAsyncResult(useCallback(() => datasource.listBaselines(), [datasource]));
  const [windowText, setWindowText] = useState(effective.window ?? '');
  const [thresholdText, setThresholdText] = useState(numberText(effective.scoreThreshold));
  const [minText, setMinText] = useState(numberText(effective.predictionMin));
  const [maxText, setMaxText] = useState(numberText(effective.predictionMax));

  const change = (next: DriftQuery, run = true) => {
    onChange(next);
    if (run && isValidQuery(next)) {
      onRunQuery();
    }
  };
  const known = baselines.status === 'done' ? baselines.value : [];
  const chosen = known.find((b) => b.id === effective.baseline);
  const baselineOptions = known.map((b) => ({
    value: b.id,
    label: b.id,
    description: `${b.features.length} features`,
  }));
  if (effective.baseline && !chosen) {
    // A template variable or a baseline deleted since: keep it visible rather than silently blank.
    baselineOptions.push({ value: effective.baseline, label: effective.baseline, description: 'not in the list' });
  }
  const featureOptions = toOptions([...new Set([...(chosen?.features ?? []), ...(effective.features ?? [])])]);

  return (
    <div data-testid={testIds.queryEditor.container}>
      <Stack wrap="wrap" alignItems="flex-start" gap={2}>
        <Field label="Query type">
          <Select
            inputId="drift-query-type"
            width={24}
            options={QUERY_TYPE_OPTIONS.map((o) => ({ ...o }))}
            value={effective.queryType}
            onChange={(v: SelectableValue<DriftQueryType>) => change({ ...query, queryType: v.value })}
          />
        </Field>
        {fields.includes('source') && (
          <Field label="Source">
            <RadioButtonGroup
              options={QUERY_SOURCE_OPTIONS.map((o) => ({ ...o }))}
              value={query.source ?? AUTO_SOURCE}
              onChange={(source: LiveSource | typeof AUTO_SOURCE) => change({ ...query, source: source === AUTO_SOURCE ? undefined : source })}
            />
          </Field>
        )}
        <Field
          label="Baseline"
          invalid={!!errors.baseline && baselines.status !== 'loading'}
          error={<span data-testid={testIds.queryEditor.baselineError}>{errors.baseline}</span>}
        >
          <Select
            inputId="drift-baseline"
            width={32}
            isLoading={baselines.status === 'loading'}
            options={baselineOptions}
            value={effective.baseline ?? null}
            allowCustomValue
            placeholder="model@version"
            onChange={(v: SelectableValue<string>) => change({ ...query, baseline: v.value, features: [] })}
          />
        </Field>
        {fields.includes('features') && (
          <Field label="Features">
            <MultiSelect
              inputId="drift-features"
              width={40}
              options={featureOptions}
              value={effective.features ?? []}
              allowCustomValue
              placeholder="All features"
              onChange={(values: Array<SelectableValue<string>>) =>
                change({ ...query, features: values.flatMap((v) => (v.value ? [v.value] : [])) })
              }
            />
          </Field>
        )}
        {fields.includes('method') && (
          <Field label="Method">
            <Select
              inputId="drift-method"
              width={28}
              options={METHOD_OPTIONS.map((o) => ({ ...o }))}
              value={effective.method ?? AUTO_METHOD}
              onChange={(v: SelectableValue<DriftMethod | typeof AUTO_METHOD>) =>
                change({ ...query, method: v.value === AUTO_METHOD ? undefined : v.value })
              }
            />
          </Field>
        )}
        {fields.includes('reference') && (
          <ReferenceFields reference={effective.reference} error={errors.reference} onChange={(reference) => change({ ...query, reference })} />
        )}
        {(fields.includes('segment') || fields.includes('segmentValue')) && (
          <SegmentFields
            // Another query type's mode is a new form, whose fields start from the query.
            key={fields.includes('segment') ? 'split' : 'one'}
            mode={fields.includes('segment') ? 'split' : 'one'}
            options={effective}
            error={errors.segment}
            onChange={(segment) => change({ ...query, ...segment })}
          />
        )}
        {fields.includes('correction') && (
          <Field label="p-value correction" description="Tests (ks, chi2, z) adjusted across the features">
            <Select
              inputId="drift-correction"
              width={24}
              options={CORRECTION_OPTIONS.map((o) => ({ ...o }))}
              value={effective.correction ?? 'none'}
              onChange={(v: SelectableValue<MultipleTestingCorrection>) => change({ ...query, correction: v.value === 'none' ? undefined : v.value })}
            />
          </Field>
        )}
        {fields.includes('performanceMetrics') && (
          <Field label="Series">
            <MultiSelect
              inputId="drift-performance-metrics"
              width={40}
              options={toOptions(PERFORMANCE_METRICS)}
              value={effective.performanceMetrics ?? []}
              placeholder="All series"
              onChange={(values: Array<SelectableValue<string>>) =>
                change({
                  ...query,
                  performanceMetrics: values.flatMap((v) => (isPerformanceMetric(v.value) ? [v.value] : [])),
                })
              }
            />
          </Field>
        )}
        {fields.includes('scoreThreshold') && (
          <TextField
            id="drift-score-threshold"
            label="Score threshold"
            description="CBPE: a score above it is a predicted positive (a bucket edge; default 0.5)"
            error={errors.scoreThreshold}
            errorTestId={testIds.queryEditor.scoreThresholdError}
            text={thresholdText}
            placeholder="0.5"
            onText={setThresholdText}
            onCommit={(text) => change({ ...query, scoreThreshold: optionalNumber(text) })}
          />
        )}
        {fields.includes('predictionRange') && (
          <>
            <TextField
              id="drift-prediction-min"
              label="Prediction min"
              description="prediction_out_of_range_rate counts predictions below it or above the max"
              error={errors.predictionRange}
              errorTestId={testIds.queryEditor.predictionRangeError}
              text={minText}
              placeholder="none"
              onText={setMinText}
              onCommit={(text) => change({ ...query, predictionMin: optionalNumber(text) })}
            />
            <TextField
              id="drift-prediction-max"
              label="Prediction max"
              invalid={!!errors.predictionRange}
              text={maxText}
              placeholder="none"
              onText={setMaxText}
              onCommit={(text) => change({ ...query, predictionMax: optionalNumber(text) })}
            />
          </>
        )}
        {fields.includes('window') && (
          <TextField
            id="drift-window"
            label="Window"
            error={errors.window}
            errorTestId={testIds.queryEditor.windowError}
            text={windowText}
            placeholder="1h"
            onText={setWindowText}
            onCommit={(text) => change({ ...query, window: text })}
          />
        )}
      </Stack>
      <Stack wrap="wrap" gap={1}>
        {QUERY_SWITCHES.filter((option) => fields.includes(option.field)).map((option) => (
          <InlineSwitch
            key={option.id}
            id={option.id}
            label={option.label}
            showLabel
            value={effective[option.field] ?? false}
            onChange={(e) => change({ ...query, [option.field]: e.currentTarget.checked })}
          />
        ))}
      </Stack>
      {baselines.status === 'error' && (
        <Alert
          className={styles.alert}
          severity="warning"
          title="Baselines could not be listed"
          data-testid={testIds.queryEditor.baselinesLoadError}
        >
          {baselines.error}
        </Alert>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  alert: css({ marginTop: theme.spacing(1) }),
});
