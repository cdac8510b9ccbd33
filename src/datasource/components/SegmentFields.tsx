import { Field, InlineSwitch, Input, Stack } from '@grafana/ui';
import { useState } from 'react';
import { DEFAULT_SEGMENT_LIMIT, MAX_SEGMENT_LIMIT, type DriftQuery } from '../../shared/queryModel';
import { testIds } from './testIds';

type SegmentOptions = Pick<DriftQuery, 'segmentBy' | 'segmentLimit' | 'segmentOther' | 'segment'>;

interface Props {
  options: SegmentOptions;
  /**
   * `split`: one series per segment (the limit and the rest switch); `one`: one segment's observations alone (its
   * value), for distribution and data quality queries.
   */
  mode: 'split' | 'one';
  /** What is wrong with the limit or the value (`validateQuery`), shown under it. */
  error: string | undefined;
  /** Called when a field is left or the switch flips: a query runs per committed value, not per keystroke. */
  onChange: (options: SegmentOptions) => void;
}

interface TextInputProps {
  id: string;
  width: number;
  type?: 'number';
  text: string;
  placeholder: string;
  onText: (text: string) => void;
  /** On leaving the field. */
  onCommit: () => void;
}

function TextInput({ id, width, type, text, placeholder, onText, onCommit }: TextInputProps) {
  return <Input id={id} type={type} width={width} value={text} placeholder={placeholder} onChange={(e) => onText(e.currentTarget.value)} onBlur={onCommit} />;
}

/** "Segment by": the label or field, then how to split by it, or which one value to read. */
export function SegmentFields({ options, mode, error, onChange }: Props) {
  const [label, setLabel] = useState(options.segmentBy ?? '');
  const [limit, setLimit] = useState(options.segmentLimit === undefined ? '' : String(options.segmentLimit));
  const [value, setValue] = useState(options.segment ?? '');
  const segmented = (options.segmentBy ?? '') !== '';
  const commitLimit = () => {
    const trimmed = limit.trim();
    // Kept as typed when it is a number, so the editor can say what is wrong with it; text that is none is dropped.
    onChange({
      ...options,
      segmentLimit: trimmed === '' || Number.isNaN(Number(trimmed)) ? undefined : Number(trimmed),
    });
  };
  const errorText = <span data-testid={testIds.queryEditor.segmentError}>{error}</span>;
  return (
    <Stack gap={1} alignItems="flex-start">
      <Field label="Segment by" description="A label (Prometheus) or field (Elasticsearch)">
        <TextInput
          id="drift-segment-by"
          width={18}
          text={label}
          placeholder="region"
          onText={setLabel}
          onCommit={() => onChange({ ...options, segmentBy: label.trim() || undefined })}
        />
      </Field>
      {mode === 'one' && (
        <Field label="Segment" description="Its value, as it is (e.g. $segment); empty: every segment" invalid={!!error} error={errorText}>
          {/* Not trimmed: a label value is matched exactly. */}
          <TextInput
            id="drift-segment-value"
            width={18}
            text={value}
            placeholder="mobile"
            onText={setValue}
            onCommit={() =>
              onChange({
                ...options,
                segment: value === '' ? undefined : value,
              })
            }
          />
        </Field>
      )}
      {mode === 'split' && segmented && (
        <Field label="Top segments" description={`By traffic; at most ${MAX_SEGMENT_LIMIT}`} invalid={!!error} error={errorText}>
          <TextInput
            id="drift-segment-limit"
            type="number"
            width={10}
            text={limit}
            placeholder={String(DEFAULT_SEGMENT_LIMIT)}
            onText={setLimit}
            onCommit={commitLimit}
          />
        </Field>
      )}
      {mode === 'split' && segmented && (
        <Field label="Rest as other">
          <InlineSwitch
            id="drift-segment-other"
            value={options.segmentOther ?? true}
            onChange={(e) => onChange({ ...options, segmentOther: e.currentTarget.checked })}
          />
        </Field>
      )}
    </Stack>
  );
}
