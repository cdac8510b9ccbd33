import { Field, FileUpload } from '@grafana/ui';
import { useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import { parseBaselineFile } from '../baselineForms';
import { readText } from '../files';
import { testIds } from '../testIds';
import { FormFooter } from './FormParts';

interface Props {
  client: BaselineClient;
  onCreated: (id: string) => void;
  onCancel: () => void;
}

type Chosen = { name: string; parsed: ReturnType<typeof parseBaselineFile> };

export function UploadBaselineForm({ client, onCreated, onCancel }: Props) {
  const [chosen, setChosen] = useState<Chosen>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const choose = async (file: File | undefined) => {
    setError(undefined);
    setChosen(file ? { name: file.name, parsed: parseBaselineFile(await readText(file)) } : undefined);
  };

  const upload = async () => {
    if (!chosen?.parsed.ok) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onCreated((await client.uploadBaseline(chosen.parsed.document)).id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const fileError = chosen && !chosen.parsed.ok ? chosen.parsed.error : undefined;
  return (
    <div data-testid={testIds.baselines.uploadForm}>
      <p>
        A baseline JSON as written by <code>mldrift baseline build --output baseline.json</code>. A baseline with the
        same model and version is replaced.
      </p>
      <Field label="Baseline file" invalid={!!fileError} error={fileError}>
        <FileUpload
          accept=".json,application/json"
          showFileName
          onFileUpload={(e) => choose(e.currentTarget.files?.[0])}
        >
          Choose baseline JSON
        </FileUpload>
      </Field>
      {chosen?.parsed.ok && <p>Ready to upload {chosen.parsed.id}.</p>}
      <FormFooter
        error={error}
        errorTitle="The baseline was not stored"
        busy={busy}
        onCancel={onCancel}
        submitLabel="Upload baseline"
        submitIcon="upload"
        submitDisabled={!chosen?.parsed.ok}
        onSubmit={upload}
      />
    </div>
  );
}
