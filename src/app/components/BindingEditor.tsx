import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Modal, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import type { BindingSummary } from '../../shared/resourceModel';
import { testIds } from '../testIds';
import { bindingTemplate } from '../models';

/** The button's words: what it does, and for which version when the binding is one version's. */
function buttonText(readOnly: boolean, exists: boolean, version: string | undefined): string {
  const what = version === undefined ? 'binding' : `binding of version ${version}`;
  return `${readOnly ? 'View' : exists ? 'Edit' : 'Add'} ${what}`;
}

/**
 * A model's binding, or one version's, as JSON text (`schemas/binding.schema.json`), saved through the backend,
 * which checks it and answers each bad value by its path; a refused save keeps the stored binding as it was.
 * Provisioned bindings are files managed outside Grafana: shown, not edited.
 */
export function BindingEditor({
  client,
  model,
  version,
  binding,
  onChanged,
}: {
  client: Pick<BaselineClient, 'saveBinding' | 'deleteBinding'>;
  model: string;
  /** The version a binding of its own is edited for; absent: the binding of every version without one. */
  version?: string;
  /** The binding in use for this scope, if any. */
  binding: BindingSummary | undefined;
  onChanged: () => void;
}) {
  const scope = version === undefined ? model : `${model}@${version}`;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const styles = useStyles2(getStyles);
  const readOnly = binding?.provisioned === true;

  const show = () => {
    setText(JSON.stringify(binding?.binding ?? bindingTemplate(model, version), null, 2));
    setError(undefined);
    setOpen(true);
  };
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setOpen(false);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      setError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    void run(() => client.saveBinding(document));
  };

  return (
    <>
      <Button size="sm" variant="secondary" icon={readOnly ? 'eye' : 'pen'} onClick={show} data-testid={testIds.models.editBinding(scope)}>
        {buttonText(readOnly, binding !== undefined, version)}
      </Button>
      {open && (
        <Modal title={`Binding of ${scope}${readOnly ? ` (provisioned: ${binding!.file})` : ''}`} isOpen onDismiss={() => setOpen(false)}>
          <Stack direction="column" gap={1}>
            <span>
              Where {version === undefined ? 'this model' : 'this version'}&apos;s metrics or logs are, when they do not follow the
              datasource mapping{version === undefined ? ' (a version with a binding of its own uses that one instead)' : ''}. Keys
              and examples: the README&apos;s Bindings section.
            </span>
            <TextArea
              aria-label="Binding JSON"
              rows={18}
              className={styles.json}
              value={text}
              readOnly={readOnly}
              onChange={(e) => setText(e.currentTarget.value)}
              data-testid={testIds.models.bindingText}
            />
            {error && (
              <Alert severity="error" title="The binding was not saved" data-testid={testIds.models.bindingError}>
                {error}
              </Alert>
            )}
          </Stack>
          <Modal.ButtonRow>
            <Button variant="secondary" fill="outline" onClick={() => setOpen(false)}>
              {readOnly ? 'Close' : 'Cancel'}
            </Button>
            {binding && !readOnly && (
              <Button variant="destructive" disabled={busy} onClick={() => void run(() => client.deleteBinding(binding.file))}>
                Delete
              </Button>
            )}
            {!readOnly && (
              <Button disabled={busy} onClick={save}>
                Save
              </Button>
            )}
          </Modal.ButtonRow>
        </Modal>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  json: css({ fontFamily: theme.typography.fontFamilyMonospace }),
});
