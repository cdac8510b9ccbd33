/** The parts every baseline form (build, capture, upload) shares, so they look and behave alike. */
import { Alert, Button, Field, Input, Stack, type IconName } from '@grafana/ui';
import { testIds } from '../testIds';

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
      <Field label="Model" invalid={!!errors.model} error={errors.model}>
        <Input
          id={`${idPrefix}-model`}
          value={model}
          placeholder="churn"
          onChange={(e) => onModelChange(e.currentTarget.value)}
        />
      </Field>
      <Field label="Version" invalid={!!errors.version} error={errors.version}>
        <Input
          id={`${idPrefix}-version`}
          value={version}
          placeholder="3"
          onChange={(e) => onVersionChange(e.currentTarget.value)}
        />
      </Field>
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
