/** The parts every baseline form (build, capture, upload) shares, so they look and behave alike. */
import { Alert, Button, Field, Input, Stack, type IconName } from '@grafana/ui';
import { testIds } from '../testIds';

interface TextFieldProps {
  id: string;
  label: string;
  description?: string;
  error?: string;
  value: string;
  placeholder: string;
  width?: number;
  onChange: (value: string) => void;
}

/** A labelled text input that hands its text to `onChange`, with its validation error under it. */
export function TextField({ id, label, description, error, value, placeholder, width, onChange }: TextFieldProps) {
  return (
    <Field label={label} description={description} invalid={!!error} error={error}>
      <Input id={id} width={width} value={value} placeholder={placeholder} onChange={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}

interface ModelVersionFieldsProps {
  /** Prefix of the input ids, e.g. `build` gives `build-model` and `build-version`. */
  idPrefix: string;
  model: string;
  version: string;
  errors: { model?: string; version?: string };
  onModelChange: (model: string) => void;
  onVersionChange: (version: string) => void;
}

export function ModelVersionFields({
  idPrefix,
  model,
  version,
  errors,
  onModelChange,
  onVersionChange,
}: ModelVersionFieldsProps) {
  return (
    <Stack gap={2}>
      <TextField id={`${idPrefix}-model`} label="Model" error={errors.model} value={model} placeholder="churn" onChange={onModelChange} />
      <TextField id={`${idPrefix}-version`} label="Version" error={errors.version} value={version} placeholder="3" onChange={onVersionChange} />
    </Stack>
  );
}

interface FormFooterProps {
  error?: string;
  /** Title of the error alert, saying what did not happen. */
  errorTitle: string;
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  submitIcon: IconName;
  submitDisabled?: boolean;
  /** Without it the button submits the surrounding form. */
  onSubmit?: () => void;
}

export function FormFooter({
  error,
  errorTitle,
  busy,
  onCancel,
  submitLabel,
  submitIcon,
  submitDisabled,
  onSubmit,
}: FormFooterProps) {
  return (
    <>
      {error && (
        <Alert data-testid={testIds.baselines.formError} severity="error" title={errorTitle}>
          {error}
        </Alert>
      )}
      <Stack gap={1} justifyContent="flex-end">
        <Button variant="secondary" fill="outline" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          type={onSubmit ? 'button' : 'submit'}
          icon={busy ? 'spinner' : submitIcon}
          disabled={busy || submitDisabled}
          onClick={onSubmit}
        >
          {submitLabel}
        </Button>
      </Stack>
    </>
  );
}
