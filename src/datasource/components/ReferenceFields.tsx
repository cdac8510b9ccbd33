import type { SelectableValue } from '@grafana/data';
import { Field, Input, Select, Stack } from '@grafana/ui';
import { useState } from 'react';
import type { LiveReference } from '../../shared/queryModel';
import { REFERENCE_OPTIONS } from '../queryFields';
import { testIds } from './testIds';

interface Props {
  reference: LiveReference | undefined;
  error: string | undefined;
  /** Called when a field is left or the kind changes: a query runs per committed value, not per keystroke. */
  onChange: (reference: LiveReference | undefined) => void;
}

type TextKey = 'offset' | 'version' | 'from' | 'to';

const INPUTS: Record<LiveReference['kind'], ReadonlyArray<{ key: TextKey; label: string; placeholder: string }>> = {
  baseline: [],
  offset: [{ key: 'offset', label: 'Offset', placeholder: '7d' }],
  version: [{ key: 'version', label: 'Version', placeholder: 'v1' }],
  range: [
    { key: 'from', label: 'From', placeholder: '2026-11-01T00:00:00Z' },
    { key: 'to', label: 'To', placeholder: '2026-11-02T00:00:00Z' },
  ],
};

/** "Compare with": the stored baseline or a live reference, and the fields its kind needs. */
export function ReferenceFields({ reference, error, onChange }: Props) {
  const kind = reference?.kind ?? 'baseline';
  const [texts, setTexts] = useState<Partial<Record<TextKey, string>>>({ ...reference });
  const commit = (key: TextKey) => onChange({ ...reference, kind, [key]: texts[key]?.trim() ?? '' });
  return (
    <Stack gap={1} alignItems="flex-start">
      <Field label="Compare with" invalid={!!error} error={<span data-testid={testIds.queryEditor.referenceError}>{error}</span>}>
        <Select
          inputId="drift-reference"
          width={22}
          options={REFERENCE_OPTIONS.map((o) => ({ ...o }))}
          value={kind}
          onChange={(v: SelectableValue<LiveReference['kind']>) => onChange(v.value === undefined || v.value === 'baseline' ? undefined : { ...reference, kind: v.value })}
        />
      </Field>
      {INPUTS[kind].map(({ key, label, placeholder }) => (
        <Field key={key} label={label}>
          <Input
            id={`drift-reference-${key}`}
            width={key === 'from' || key === 'to' ? 26 : 12}
            value={texts[key] ?? ''}
            placeholder={placeholder}
            onChange={(e) => setTexts({ ...texts, [key]: e.currentTarget.value })}
            onBlur={() => commit(key)}
          />
        </Field>
      ))}
    </Stack>
  );
}
