import { Field, FileUpload, Stack } from '@grafana/ui';
import { useState } from 'react';
import { BUILD_DEFAULTS } from '../../drift/baseline/limits';
import type { BaselineClient, UploadProgress } from '../../datasource/baselineClient';
import { buildParamsOf, EMPTY_BUILD_FORM, validateBuildForm, type BuildForm } from '../baselineForms';
import { testIds } from '../testIds';
import { FormFooter, ModelVersionFields, TextField } from './FormParts';
import { UploadProgressBar } from './UploadProgressBar';

interface Props {
  client: BaselineClient;
  onCreated: (id: string) => void;
  onCancel: () => void;
}

/** A binary classifier's score fields (`scores` of the baseline), under the rules the CLI and the backend share. */
const SCORE_FIELDS: Array<{ field: 'score' | 'positiveClass' | 'scoreEdges'; id: string; label: string; description: string; placeholder: string }> = [
  {
    field: 'score',
    id: 'build-score',
    label: 'Score column',
    description: "Optional, needs the label; a binary classifier's probability of the positive class, kept by actual class for ROC AUC, PR AUC and calibration",
    placeholder: 'churn_probability',
  },
  { field: 'positiveClass', id: 'build-positive-class', label: 'Positive class', description: 'The label value counted as positive; empty: the greater of two values', placeholder: '1' },
  { field: 'scoreEdges', id: 'build-score-edges', label: 'Score edges', description: 'Bucket upper bounds of the live score histogram; empty: deciles', placeholder: '0.1, 0.2, …, 0.9' },
];

export function BuildBaselineForm({ client, onCreated, onCancel }: Props) {
  const [form, setForm] = useState<BuildForm>(EMPTY_BUILD_FORM);
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
          error={errors.label}
          value={form.label}
          placeholder="churned"
          onChange={(label) => setForm({ ...form, label })}
        />
      </Stack>
      <Stack gap={2}>
        {SCORE_FIELDS.map(({ field, ...text }) => (
          <TextField
            key={field}
            {...text}
            error={errors[field]}
            value={form[field]}
            onChange={(value) => setForm({ ...form, [field]: value })}
          />
        ))}
      </Stack>
      <Stack gap={2}>
        <TextField
          id="build-segment"
          label="Segment column"
          description="Optional; keeps the distributions of its most frequent values (region, tenant) for segmented drift"
          value={form.segment}
          placeholder="region"
          onChange={(segment) => setForm({ ...form, segment })}
        />
        <TextField
          id="build-segment-limit"
          label="Top segments"
          description={`How many of its values to keep; empty: ${BUILD_DEFAULTS.segmentLimit}`}
          error={errors.segmentLimit}
          width={12}
          value={form.segmentLimit}
          placeholder={String(BUILD_DEFAULTS.segmentLimit)}
          onChange={(segmentLimit) => setForm({ ...form, segmentLimit })}
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
