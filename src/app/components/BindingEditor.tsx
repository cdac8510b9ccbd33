import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Modal, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import type { BaselineClient } from '../../datasource/baselineClient';
import type { BindingSummary } from '../../shared/resourceModel';
import { testIds } from '../testIds';
import { bindingTemplate } from '../models';

/**
 * A model's binding as JSON text (`schemas/binding.schema.json`), saved through the backend, which checks it and
 * answers each bad value by its path; a refused save keeps the stored binding as it was. Provisioned bindings
 * are files managed outside Grafana: shown, not edited.
 */
export function BindingEditor({
  client,
  model,
  binding,
  onChanged,
}: {
  client: Pick<BaselineClient, 'saveBinding' | 'deleteBinding'>;
  model: string;
  /** The model's binding in use, if any. */
  binding: BindingSummary | undefined;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const styles = useStyles2(getStyles);
  const readOnly = binding?.provisioned === true;

  const show = () => {
    setText(JSON.stringify(binding?.binding ?? bindingTemplate(model), null, 2));
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
      <Button size="sm" variant="secondary" icon={readOnly ? 'eye' : 'pen'} onClick={show} data-testid={testIds.models.editBinding(model)}>
        {readOnly ? 'View binding' : binding ? 'Edit binding' : 'Add binding'}
      </Button>
      {open && (
        <Modal title={`Binding of ${model}${readOnly ? ` (provisioned: ${binding!.file})` : ''}`} isOpen onDismiss={() => setOpen(false)}>
          <Stack direction="column" gap={1}>
            <span>
              Where this model&apos;s metrics or logs are, when they do not follow the datasource mapping. Keys and examples: the
              README&apos;s Bindings section.
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
