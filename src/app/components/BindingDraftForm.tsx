import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Field, Input, TextArea, useStyles2 } from '@grafana/ui';
import { useState } from 'react';
import { draftBinding } from '../bindingDraft';
import { testIds } from '../testIds';
import { CodeBlock } from './CodeBlock';

/**
 * "Already instrumented?": the user pastes a sample of the model server's `/metrics` page and gets a binding that
 * reads those metrics as they are (`bindingDraft.ts`), with a note per metric saying how it was bound.
 */
export function BindingDraftForm({ defaultModel }: { defaultModel: string }) {
  const styles = useStyles2(getStyles);
  const [model, setModel] = useState(defaultModel);
  const [exposition, setExposition] = useState('');
  const draft = exposition.trim() === '' ? undefined : draftBinding(model.trim() || defaultModel, exposition);
  return (
    <>
      <Field label="Model" description="The model the binding is for (the model part of its baselines' ids)">
        <Input value={model} onChange={(e) => setModel(e.currentTarget.value)} width={30} />
      </Field>
      <Field label="Your metrics" description="Paste what the model server's /metrics page shows (a part is enough)">
        <TextArea
          rows={8}
          className={styles.mono}
          value={exposition}
          onChange={(e) => setExposition(e.currentTarget.value)}
          data-testid={testIds.gettingStarted.exposition}
        />
      </Field>
      {draft && (
        <>
          <CodeBlock label="Binding" testId={testIds.gettingStarted.bindingDraft} code={JSON.stringify(draft.binding, null, 2)} />
          <ul className={styles.notes} data-testid={testIds.gettingStarted.bindingNotes}>
            {draft.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  notes: css({ color: theme.colors.text.secondary, paddingLeft: theme.spacing(2) }),
});
