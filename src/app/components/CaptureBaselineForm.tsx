import { dateTime, type TimeRange } from '@grafana/data';
import { Field, RadioButtonGroup, TimeRangeInput } from '@grafana/ui';
import { useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import { SOURCE_OPTIONS } from '../../datasource/queryFields';
import type { LiveSource } from '../../shared/queryModel';
import { validateCaptureForm } from '../baselineForms';
import { testIds } from '../testIds';
import { FormFooter, ModelVersionFields, TextField } from './FormParts';

interface Props {
  client: BaselineClient;
  defaultSource: LiveSource;
  onCreated: (id: string) => void;
  onCancel: () => void;
  /** Injected so tests and screenshots do not depend on the clock. */
  now?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function lastDay(now: number): TimeRange {
  return { from: dateTime(now - DAY_MS), to: dateTime(now), raw: { from: 'now-24h', to: 'now' } };
}

export function CaptureBaselineForm({ client, defaultSource, onCreated, onCancel, now: fixedNow }: Props) {
  const [now] = useState(() => fixedNow ?? Date.now());
  const [model, setModel] = useState('');
  const [version, setVersion] = useState('');
  const [source, setSource] = useState<LiveSource>(defaultSource);
  const [range, setRange] = useState<TimeRange>(() => lastDay(now));
  const [features, setFeatures] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const form = { model, version, from: range.from.valueOf(), to: range.to.valueOf() };
  const errors = attempted ? validateCaptureForm(form, now) : {};

  const capture = async () => {
    setAttempted(true);
    if (Object.keys(validateCaptureForm(form, now)).length > 0) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const featureList = features
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== '');
      const created = await client.captureBaseline({
        model: model.trim(),
        version: version.trim(),
        source,
        from: form.from,
        to: form.to,
        ...(featureList.length > 0 ? { features: featureList } : {}),
      });
      onCreated(created.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid={testIds.baselines.captureForm}
      onSubmit={(event) => {
        event.preventDefault();
        capture();
      }}
    >
      <p>
        Takes the distributions the model saw in production over a past window as the new reference, for example the
        first week after a release you trust.
      </p>
      <ModelVersionFields
        idPrefix="capture"
        model={model}
        version={version}
        errors={errors}
        onModelChange={setModel}
        onVersionChange={setVersion}
      />
      <Field label="Source">
        <RadioButtonGroup options={SOURCE_OPTIONS.map((o) => ({ ...o }))} value={source} onChange={setSource} />
      </Field>
      <Field label="Time window" invalid={!!errors.range} error={errors.range}>
        <TimeRangeInput value={range} onChange={setRange} clearable={false} />
      </Field>
      <TextField
        id="capture-features"
        label="Features"
        description="Comma-separated; empty: every feature the source has for this model"
        value={features}
        placeholder="age, income, plan"
        onChange={setFeatures}
      />
      <FormFooter
        error={error}
        errorTitle="Nothing was captured"
        busy={busy}
        onCancel={onCancel}
        submitLabel="Capture baseline"
        submitIcon="camera"
      />
    </form>
  );
}
