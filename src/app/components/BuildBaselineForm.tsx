import { Field, FileUpload, Stack } from '@grafana/ui';
import { useState } from 'react';
import type { BaselineClient, UploadProgress } from '../../datasource/baselineClient';
import { buildParamsOf, validateBuildForm, type BuildForm } from '../baselineForms';
import { testIds } from '../testIds';
import { FormFooter, ModelVersionFields, TextField } from './FormParts';
import { UploadProgressBar } from './UploadProgressBar';

interface Props {
  client: BaselineClient;
  onCreated: (id: string) => void;
  onCancel: () => void;
}

const EMPTY_FORM: BuildForm = { model: '', version: '', bins: '', categorical: '', prediction: '', label: '' };

export function BuildBaselineForm({ client, onCreated, onCancel }: Props) {
  const [form, setForm] = useState<BuildForm>(EMPTY_FORM);
  const [file, setFile] = useState<File>();
  const [attempted, setAttempted] = useState(false);
  const [progress, setProgress] = useState<UploadProgress>();
  const [error, setError] = useState<string>();
  const errors = attempted ? validateBuildForm({ ...form, fileName: file?.name }) : {};
  const busy = progress !== undefined;

  const submit = async () => {
    setAttempted(true);
    if (!file || Object.keys(validateBuildForm({ ...form, fileName: file.name })).length > 0) {
      return;
    }
    setError(undefined);
    setProgress({ phase: 'uploading', fraction: 0 });
    try {
      const created = await client.buildBaseline(file, buildParamsOf({ ...form, fileName: file.name }), setProgress);
      onCreated(created.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <form
      data-testid={testIds.baselines.buildForm}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p>
        The training data is sent to the datasource, which profiles every column and stores the baseline. Numeric
        columns get quantile bucket edges; text columns become categories.
      </p>
      <ModelVersionFields
        idPrefix="build"
        model={form.model}
        version={form.version}
        errors={errors}
        onModelChange={(model) => setForm({ ...form, model })}
        onVersionChange={(version) => setForm({ ...form, version })}
      />
      <Field
        label="Training file"
        description="CSV or TSV with a header row, or JSON Lines (one object per line)"
        invalid={!!errors.file}
        error={errors.file}
      >
        <FileUpload
          accept=".csv,.tsv,.jsonl,.ndjson"
          showFileName
          onFileUpload={(e) => setFile(e.currentTarget.files?.[0])}
        >
          Choose file
        </FileUpload>
      </Field>
      <Stack gap={2}>
        <TextField
          id="build-bins"
          label="Bins"
          description="For numeric columns; empty: chosen from the data"
          error={errors.bins}
          width={12}
          value={form.bins}
          placeholder="auto"
          onChange={(bins) => setForm({ ...form, bins })}
        />
        <TextField
          id="build-categorical"
          label="Categorical columns"
          description="Comma-separated; columns of numbers that are really codes"
          value={form.categorical}
          placeholder="zip_code, plan_id"
          onChange={(categorical) => setForm({ ...form, categorical })}
        />
      </Stack>
      <Stack gap={2}>
        <TextField
          id="build-prediction"
          label="Prediction column"
          description="Optional; its distribution is kept for prediction drift"
          value={form.prediction}
          placeholder="predicted"
          onChange={(prediction) => setForm({ ...form, prediction })}
        />
        <TextField
          id="build-label"
          label="Label column"
          description="Optional; the true labels, kept for label drift"
          value={form.label}
          placeholder="churned"
          onChange={(label) => setForm({ ...form, label })}
        />
      </Stack>
      {progress && <UploadProgressBar progress={progress} />}
      <FormFooter
        error={error}
        errorTitle="The baseline was not built"
        busy={busy}
        onCancel={onCancel}
        submitLabel="Build baseline"
        submitIcon="upload"
      />
    </form>
  );
}
